-- What customers said for the plan's risk types (objections, churn threats, champion loss...), newest first:
-- the enrichment's risk indicators with their quotes and moments. TOTAL counts all matches. With
-- ``latest_call_only``, only the latest call in scope ("anything scary said on the last call").
{% from "ask/_plan_filters.jinja" import call_filters with context -%}
SELECT
    r.CALL_ID,
    r.CALL_DATETIME_UTC,
    r.TITLE,
    r.ACCOUNT_NAME,
    r.REP_NAME,
    r.RISK_TYPE,
    r.SEVERITY,
    r.QUOTE,
    r.START_MS,
    r.SPEAKER,
    c.CALL_URL,
    COUNT(*) OVER () AS TOTAL
FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS r
INNER JOIN {{ t.stg_calls }} AS c ON c.CALL_ID = r.CALL_ID
WHERE r.RISK_TYPE IN ({% for i in range(n_quote_risk | default(1)) %}%(quote_risk_{{ i }})s{{ ", " if not loop.last }}{% endfor %})
{%- if n_quote_word | default(0) %}
    AND ({% for i in range(n_quote_word) %}LOWER(r.QUOTE) LIKE %(quote_word_{{ i }})s{{ " OR " if not loop.last }}{% endfor %})
{%- endif %}
{%- if n_speaker | default(0) %}
    AND LOWER(r.SPEAKER) IN ({% for i in range(n_speaker) %}LOWER(%(speaker_{{ i }})s){{ ", " if not loop.last }}{% endfor %})
{%- endif %}
{{ call_filters("c") }}
{%- if latest_call_only | default(false) %}
    -- "on the last call": the latest of the calls in scope, whether or not it raised one
    AND c.CALL_ID = (
        SELECT lc.CALL_ID
        FROM {{ t.stg_calls }} AS lc
        WHERE TRUE
        {{ call_filters("lc") }}
        ORDER BY lc.CALL_DATETIME_UTC DESC, lc.CALL_ID
        LIMIT 1
    )
{%- endif %}
ORDER BY r.CALL_DATETIME_UTC DESC, r.CALL_ID, r.RISK_ORDINAL
LIMIT {{ limit | default(20) | int }};

-- How reps answered customers' objections (V_OBJECTION_RESPONSES: pricing and competitor objections and the
-- first rep turn after each), newest first. TOTAL counts all matches; an objection left without a reply is kept.
{% from "ask/_plan_filters.jinja" import call_filters with context -%}
SELECT
    o.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    o.RISK_TYPE,
    o.SEVERITY,
    o.QUOTE,
    o.START_MS,
    o.REPLY_SPEAKER,
    o.REPLY_START_MS,
    o.REPLY_TEXT,
    o.ANSWERED,
    c.CALL_URL,
    COUNT(*) OVER () AS TOTAL
FROM {{ t.schema('STG_TRANSFORMED') }}.V_OBJECTION_RESPONSES AS o
INNER JOIN {{ t.stg_calls }} AS c ON c.CALL_ID = o.CALL_ID
WHERE o.RISK_TYPE IN ({% for i in range(n_quote_risk | default(1)) %}%(quote_risk_{{ i }})s{{ ", " if not loop.last }}{% endfor %})
{%- if unanswered | default(false) %}
    AND NOT o.ANSWERED
{%- endif %}
{{ call_filters("c") }}
ORDER BY c.CALL_DATETIME_UTC DESC, o.CALL_ID, o.RISK_ORDINAL
LIMIT {{ limit | default(20) | int }};

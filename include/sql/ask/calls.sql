-- Calls matching a plan's filters, newest first.
{% from "ask/_filters.jinja" import call_filters with context -%}
SELECT
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.PRIMARY_USER_NAME,
    c.SENTIMENT_SCORE,
    c.CALL_SUMMARY,
    c.CALL_URL
FROM {{ t.stg_calls }} AS c
WHERE TRUE
{%- if sentiment | default(none) == "negative" %}
    AND c.SENTIMENT_SCORE < {{ negative_threshold | default(-0.2) }}
{%- elif sentiment | default(none) == "positive" %}
    AND c.SENTIMENT_SCORE > {{ positive_threshold | default(0.2) }}
{%- endif %}
{%- if n_risks | default(0) %}
    AND EXISTS (
        SELECT 1
        FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS r
        WHERE r.CALL_ID = c.CALL_ID
            AND r.RISK_TYPE IN ({% for i in range(n_risks) %}%(risk_{{ i }})s{{ ", " if not loop.last }}{% endfor %})
    )
{%- endif %}
{{ call_filters("c") }}
ORDER BY c.CALL_DATETIME_UTC DESC, c.CALL_ID
LIMIT {{ limit | default(20) | int }};

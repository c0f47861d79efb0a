-- Calls matching a typed plan's filters, with the true number of matches (TOTAL) next to the rows shown.
{% from "ask/_plan_filters.jinja" import call_filters with context -%}
{%- set orders = {
    "newest": "c.CALL_DATETIME_UTC DESC",
    "oldest": "c.CALL_DATETIME_UTC ASC",
    "sentiment": "c.SENTIMENT_SCORE ASC NULLS LAST",
    "sentiment_desc": "c.SENTIMENT_SCORE DESC NULLS LAST",
    "talk_ratio": "c.TALK_RATIO DESC NULLS LAST",
    "talk_ratio_asc": "c.TALK_RATIO ASC NULLS LAST",
    "duration": "c.DURATION_SECONDS DESC NULLS LAST",
    "duration_asc": "c.DURATION_SECONDS ASC NULLS LAST",
} -%}
SELECT
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.PRIMARY_USER_NAME,
    c.OPPORTUNITY_NAME,
    c.SENTIMENT_SCORE,
    c.TALK_RATIO,
    c.DURATION_SECONDS,
    c.CALL_SUMMARY,
    c.CALL_URL,
    COUNT(*) OVER () AS TOTAL
FROM {{ t.stg_calls }} AS c
WHERE TRUE
{{ call_filters("c") }}
ORDER BY {{ orders[order | default("newest")] }}, c.CALL_ID
LIMIT {{ limit | default(20) | int }};

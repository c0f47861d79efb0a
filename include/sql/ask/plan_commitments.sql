-- Commitments and next steps said on the calls matching a typed plan (Gong's action items, with their moments).
{% from "ask/_plan_filters.jinja" import call_filters with context -%}
SELECT
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.PRIMARY_USER_NAME,
    c.CALL_URL,
    a.value:snippet::STRING AS SNIPPET,
    a.value:startTime::FLOAT AS START_S,
    COUNT(*) OVER () AS TOTAL
FROM {{ t.stg_calls }} AS c,
    LATERAL FLATTEN(input => c.GONG_ACTION_ITEMS) AS a
WHERE TRUE
{{ call_filters("c") }}
ORDER BY c.CALL_DATETIME_UTC DESC, c.CALL_ID, a.index
LIMIT {{ limit | default(20) | int }};

-- Customer objections the rep left unanswered (see V_OBJECTION_RESPONSES for the definition).
{% from "ask/_filters.jinja" import call_filters with context -%}
SELECT
    o.REP_ID,
    o.REP_NAME,
    o.CALL_ID,
    o.CALL_DATETIME_UTC,
    o.TITLE,
    o.CALL_URL,
    o.RISK_TYPE,
    o.QUOTE,
    o.START_MS,
    o.SPEAKER,
    o.REPLY_TEXT
FROM {{ t.schema('STG_TRANSFORMED') }}.V_OBJECTION_RESPONSES AS o
INNER JOIN {{ t.stg_calls }} AS c ON o.CALL_ID = c.CALL_ID
WHERE NOT o.ANSWERED
{{ call_filters("c") }}
ORDER BY o.REP_NAME, o.CALL_DATETIME_UTC DESC, o.CALL_ID, o.RISK_ORDINAL;

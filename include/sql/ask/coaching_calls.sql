-- Per-call coaching metrics of the reps in scope (see V_REP_COACHING_METRICS for definitions).
{% from "ask/_filters.jinja" import call_filters with context -%}
SELECT
    m.REP_ID,
    m.REP_NAME,
    m.CALL_ID,
    m.CALL_DATETIME_UTC,
    m.TITLE,
    m.ACCOUNT_NAME,
    m.CALL_URL,
    m.DURATION_SECONDS,
    m.REP_TALK_RATIO,
    m.LONGEST_MONOLOGUE_S,
    m.MONOLOGUE_START_MS,
    m.REP_QUESTIONS,
    m.MISSED_NEXT_STEPS,
    m.NO_NEXT_STEPS_MS,
    m.NO_NEXT_STEPS_QUOTE,
    m.NO_NEXT_STEPS_SPEAKER,
    m.TALK_RATIO_OUT_OF_BAND,
    m.LONG_MONOLOGUE,
    m.FEW_QUESTIONS
FROM {{ t.schema('STG_TRANSFORMED') }}.V_REP_COACHING_METRICS AS m
INNER JOIN {{ t.stg_calls }} AS c ON m.CALL_ID = c.CALL_ID
WHERE TRUE
{{ call_filters("c") }}
ORDER BY m.REP_NAME, m.CALL_DATETIME_UTC DESC, m.CALL_ID;

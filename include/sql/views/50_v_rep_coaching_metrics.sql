-- V_REP_COACHING_METRICS: one row per call with the rep's coaching metrics and the flags derived from them.
-- Gong's interaction statistics are used when present; otherwise they are derived from the transcript.
--   REP_TALK_RATIO         rep (Internal) share of talk time, 0..1; healthy band
--                          {{ talk_ratio_low | default(0.4) }}..{{ talk_ratio_high | default(0.6) }}
--   LONGEST_MONOLOGUE_S    the rep's longest uninterrupted turn; flagged above {{ monologue_max_s | default(150) }} s
--   REP_QUESTIONS          questions asked by the rep; flagged below {{ min_questions | default(3) }} on calls of
--                          at least {{ min_call_s_for_questions | default(600) }} s
--   MISSED_NEXT_STEPS      enrichment found no agreed next step (risk no_next_steps); NO_NEXT_STEPS_MS,
--                          _QUOTE, _SPEAKER: the closing line the risk quotes
--   UNANSWERED_OBJECTIONS  customer objections with no real reply (see V_OBJECTION_RESPONSES)
CREATE OR REPLACE VIEW {{ t.schema('STG_TRANSFORMED') }}.V_REP_COACHING_METRICS AS
WITH talk AS (
    SELECT
        CALL_ID,
        SUM(END_MS - START_MS) AS TALK_MS,
        SUM(IFF(SPEAKER_AFFILIATION = 'Internal', END_MS - START_MS, 0)) AS REP_TALK_MS,
        COUNT_IF(SPEAKER_AFFILIATION = 'Internal' AND CONTAINS(TRANSCRIPT_TEXT, '?')) AS REP_QUESTION_TURNS
    FROM {{ t.stg_transcripts }}
    GROUP BY CALL_ID
),

longest AS (
    SELECT
        CALL_ID,
        START_MS AS MONOLOGUE_START_MS,
        (END_MS - START_MS) / 1000 AS MONOLOGUE_S
    FROM {{ t.stg_transcripts }}
    WHERE SPEAKER_AFFILIATION = 'Internal'
    QUALIFY ROW_NUMBER() OVER (PARTITION BY CALL_ID ORDER BY END_MS - START_MS DESC, START_MS) = 1
),

next_steps AS (
    SELECT
        CALL_ID,
        START_MS AS NO_NEXT_STEPS_MS,
        QUOTE AS NO_NEXT_STEPS_QUOTE,
        SPEAKER AS NO_NEXT_STEPS_SPEAKER
    FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS
    WHERE RISK_TYPE = 'no_next_steps'
    QUALIFY ROW_NUMBER() OVER (PARTITION BY CALL_ID ORDER BY START_MS) = 1
),

objections AS (
    SELECT CALL_ID, COUNT(*) AS OBJECTIONS, COUNT_IF(NOT ANSWERED) AS UNANSWERED_OBJECTIONS
    FROM {{ t.schema('STG_TRANSFORMED') }}.V_OBJECTION_RESPONSES
    GROUP BY CALL_ID
),

metrics AS (
    SELECT
        c.PRIMARY_USER_ID AS REP_ID,
        COALESCE(c.PRIMARY_USER_NAME, c.PRIMARY_USER_ID) AS REP_NAME,
        c.CALL_ID,
        c.CALL_DATETIME_UTC,
        c.TITLE,
        c.ACCOUNT_NAME,
        c.CALL_URL,
        c.DURATION_SECONDS,
        COALESCE(c.TALK_RATIO, t.REP_TALK_MS / NULLIF(t.TALK_MS, 0)) AS REP_TALK_RATIO,
        COALESCE(c.LONGEST_MONOLOGUE_SECONDS, l.MONOLOGUE_S) AS LONGEST_MONOLOGUE_S,
        l.MONOLOGUE_START_MS,
        COALESCE(c.COMPANY_QUESTION_COUNT, t.REP_QUESTION_TURNS) AS REP_QUESTIONS,
        n.CALL_ID IS NOT NULL AS MISSED_NEXT_STEPS,
        n.NO_NEXT_STEPS_MS,
        n.NO_NEXT_STEPS_QUOTE,
        n.NO_NEXT_STEPS_SPEAKER,
        COALESCE(o.OBJECTIONS, 0) AS OBJECTIONS,
        COALESCE(o.UNANSWERED_OBJECTIONS, 0) AS UNANSWERED_OBJECTIONS
    FROM {{ t.stg_calls }} AS c
    LEFT JOIN talk AS t ON c.CALL_ID = t.CALL_ID
    LEFT JOIN longest AS l ON c.CALL_ID = l.CALL_ID
    LEFT JOIN next_steps AS n ON c.CALL_ID = n.CALL_ID
    LEFT JOIN objections AS o ON c.CALL_ID = o.CALL_ID
    WHERE c.HAS_TRANSCRIPT AND c.PRIMARY_USER_ID IS NOT NULL
)

SELECT
    m.*,
    COALESCE(
        m.REP_TALK_RATIO NOT BETWEEN {{ talk_ratio_low | default(0.4) }} AND {{ talk_ratio_high | default(0.6) }}, FALSE
    ) AS TALK_RATIO_OUT_OF_BAND,
    COALESCE(m.LONGEST_MONOLOGUE_S > {{ monologue_max_s | default(150) }}, FALSE) AS LONG_MONOLOGUE,
    COALESCE(
        m.REP_QUESTIONS < {{ min_questions | default(3) }}
        AND m.DURATION_SECONDS >= {{ min_call_s_for_questions | default(600) }},
        FALSE
    ) AS FEW_QUESTIONS
FROM metrics AS m;

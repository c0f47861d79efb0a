-- V_NEGATIVE_CALLS: enriched calls whose overall sentiment is negative.
-- Negative means SENTIMENT_SCORE < {{ negative_threshold | default(-0.2) }}: minus the configured sentiment_band
-- (default 0.2), the neutral band the engines label calls with and Ask filters by, so this view and an Ask answer
-- count the same calls. Newest first when ordered by CALL_DATETIME_UTC DESC.
CREATE OR REPLACE VIEW {{ t.schema('STG_TRANSFORMED') }}.V_NEGATIVE_CALLS AS
SELECT
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.OPPORTUNITY_NAME,
    c.PRIMARY_USER_ID AS REP_ID,
    c.PRIMARY_USER_NAME AS REP_NAME,
    c.SENTIMENT_SCORE,
    c.CALL_SUMMARY,
    c.KEY_TOPICS,
    c.RISK_INDICATORS,
    c.CALL_URL
FROM {{ t.stg_calls }} AS c
WHERE c.SENTIMENT_SCORE < {{ negative_threshold | default(-0.2) }};

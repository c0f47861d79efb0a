-- V_DEAL_RISK: one row per opportunity discussed on enriched calls, with a documented risk score (0..100).
--   SENTIMENT_POINTS  up to 25: negative average call sentiment (-0.5 or below scores the maximum)
--   TREND_POINTS      up to 15: sentiment falling (average of the newer half of calls minus the older half)
--   INDICATOR_POINTS  up to 30: risk indicators on its calls (high 8, medium 4, low 2 points each)
--   COMPETITOR_POINTS 10 when a competitor came up
--   STALLED_POINTS    10 when the latest call ended with no agreed next step
--   AMOUNT_POINTS     up to 10: the deal's amount relative to the largest open deal
-- STAGE/AMOUNT/CLOSE_DATE are CRM "Now" values when Gong has them, else the values at the time of the call.
CREATE OR REPLACE VIEW {{ t.schema('STG_TRANSFORMED') }}.V_DEAL_RISK AS
WITH calls AS (
    SELECT
        c.*,
        ROW_NUMBER() OVER (PARTITION BY c.OPPORTUNITY_ID ORDER BY c.CALL_DATETIME_UTC DESC, c.CALL_ID) AS RECENCY,
        COUNT(*) OVER (PARTITION BY c.OPPORTUNITY_ID) AS CALL_COUNT
    FROM {{ t.stg_calls }} AS c
    WHERE c.OPPORTUNITY_ID IS NOT NULL AND c.SENTIMENT_SCORE IS NOT NULL
),

sentiment AS (
    SELECT
        OPPORTUNITY_ID,
        COUNT(*) AS CALLS,
        MIN(CALL_DATETIME_UTC) AS FIRST_CALL_UTC,
        MAX(CALL_DATETIME_UTC) AS LAST_CALL_UTC,
        AVG(SENTIMENT_SCORE) AS AVG_SENTIMENT,
        AVG(IFF(RECENCY <= CALL_COUNT / 2, SENTIMENT_SCORE, NULL))
        - AVG(IFF(RECENCY > CALL_COUNT / 2, SENTIMENT_SCORE, NULL)) AS SENTIMENT_TREND
    FROM calls
    GROUP BY OPPORTUNITY_ID
),

risks AS (
    SELECT
        OPPORTUNITY_ID,
        COUNT(*) AS RISK_COUNT,
        SUM(CASE SEVERITY WHEN 'high' THEN 8 WHEN 'medium' THEN 4 ELSE 2 END) AS RISK_POINTS,
        COUNT_IF(RISK_TYPE = 'competitor') AS COMPETITOR_MENTIONS,
        ARRAY_AGG(DISTINCT RISK_TYPE) AS RISK_TYPES
    FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS
    WHERE OPPORTUNITY_ID IS NOT NULL
    GROUP BY OPPORTUNITY_ID
),

latest AS (
    SELECT
        l.*,
        EXISTS (
            SELECT 1
            FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS r
            WHERE r.CALL_ID = l.CALL_ID AND r.RISK_TYPE = 'no_next_steps'
        ) AS LATEST_NO_NEXT_STEPS
    FROM calls AS l
    WHERE l.RECENCY = 1
),

deals AS (
    SELECT
        l.OPPORTUNITY_ID,
        l.OPPORTUNITY_NAME,
        l.ACCOUNT_NAME,
        l.PRIMARY_USER_NAME AS REP_NAME,
        COALESCE(l.OPPORTUNITY_STAGE_NOW, l.OPPORTUNITY_STAGE) AS STAGE,
        COALESCE(l.OPPORTUNITY_AMOUNT_NOW, l.OPPORTUNITY_AMOUNT) AS AMOUNT,
        COALESCE(l.OPPORTUNITY_CLOSE_DATE_NOW, l.OPPORTUNITY_CLOSE_DATE) AS CLOSE_DATE,
        NOT COALESCE(COALESCE(l.OPPORTUNITY_STAGE_NOW, l.OPPORTUNITY_STAGE) ILIKE 'closed%', FALSE) AS IS_OPEN,
        l.CALL_ID AS LATEST_CALL_ID,
        l.LATEST_NO_NEXT_STEPS,
        s.CALLS,
        s.FIRST_CALL_UTC,
        s.LAST_CALL_UTC,
        s.AVG_SENTIMENT,
        s.SENTIMENT_TREND,
        COALESCE(r.RISK_COUNT, 0) AS RISK_COUNT,
        COALESCE(r.COMPETITOR_MENTIONS, 0) AS COMPETITOR_MENTIONS,
        r.RISK_TYPES,
        LEAST(25, GREATEST(0, -s.AVG_SENTIMENT) * 50) AS SENTIMENT_POINTS,
        LEAST(15, GREATEST(0, -COALESCE(s.SENTIMENT_TREND, 0)) * 30) AS TREND_POINTS,
        LEAST(30, COALESCE(r.RISK_POINTS, 0)) AS INDICATOR_POINTS,
        IFF(COALESCE(r.COMPETITOR_MENTIONS, 0) > 0, 10, 0) AS COMPETITOR_POINTS,
        IFF(l.LATEST_NO_NEXT_STEPS, 10, 0) AS STALLED_POINTS
    FROM latest AS l
    INNER JOIN sentiment AS s ON l.OPPORTUNITY_ID = s.OPPORTUNITY_ID
    LEFT JOIN risks AS r ON l.OPPORTUNITY_ID = r.OPPORTUNITY_ID
)

SELECT
    d.*,
    COALESCE(10 * d.AMOUNT / NULLIF(MAX(IFF(d.IS_OPEN, d.AMOUNT, NULL)) OVER (), 0), 0) AS AMOUNT_POINTS,
    ROUND(
        d.SENTIMENT_POINTS + d.TREND_POINTS + d.INDICATOR_POINTS + d.COMPETITOR_POINTS + d.STALLED_POINTS
        + LEAST(10, COALESCE(10 * d.AMOUNT / NULLIF(MAX(IFF(d.IS_OPEN, d.AMOUNT, NULL)) OVER (), 0), 0)),
        1
    ) AS RISK_SCORE
FROM deals AS d;

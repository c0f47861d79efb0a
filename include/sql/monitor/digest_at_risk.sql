-- High-severity risks found in the day's calls, for deals not already flagged high in the lookback
-- period before the day. A deal is its opportunity, or the call itself when no opportunity is linked.
-- Only current enrichment counts (ENRICHED_SOURCE_HASH = SOURCE_HASH).
WITH high_risks AS (
    SELECT
        c.CALL_ID,
        c.CALL_DATETIME_UTC,
        c.TITLE,
        c.ACCOUNT_NAME,
        c.OPPORTUNITY_NAME,
        COALESCE(c.OPPORTUNITY_ID, 'call:' || c.CALL_ID) AS DEAL_KEY,
        COALESCE(c.OPPORTUNITY_AMOUNT_NOW, c.OPPORTUNITY_AMOUNT) AS AMOUNT,
        r.value:type::VARCHAR AS RISK_TYPE,
        r.value:quote::VARCHAR AS QUOTE,
        r.index AS RISK_ORDINAL
    FROM {{ t.stg_calls }} AS c,
        LATERAL FLATTEN(INPUT => c.RISK_INDICATORS) AS r
    WHERE c.CALL_DATETIME_UTC >= %(lookback_start)s
        AND c.CALL_DATETIME_UTC < %(day_end)s
        AND c.ENRICHED_SOURCE_HASH = c.SOURCE_HASH
        AND r.value:severity::VARCHAR = 'high'
)
SELECT
    DEAL_KEY,
    CALL_ID,
    TITLE,
    ACCOUNT_NAME,
    OPPORTUNITY_NAME,
    AMOUNT,
    RISK_TYPE,
    QUOTE
FROM high_risks
WHERE CALL_DATETIME_UTC >= %(day_start)s
    AND DEAL_KEY NOT IN (
        SELECT DEAL_KEY FROM high_risks WHERE CALL_DATETIME_UTC < %(day_start)s
    )
ORDER BY AMOUNT DESC NULLS LAST, DEAL_KEY, CALL_DATETIME_UTC, CALL_ID, RISK_ORDINAL

-- The day's calls with a notably negative tone, most negative first (current enrichment only).
SELECT
    CALL_ID,
    TITLE,
    ACCOUNT_NAME,
    PRIMARY_USER_NAME,
    CALL_SUMMARY,
    SENTIMENT_SCORE,
    CALL_URL
FROM {{ t.stg_calls }}
WHERE CALL_DATETIME_UTC >= %(day_start)s
    AND CALL_DATETIME_UTC < %(day_end)s
    AND ENRICHED_SOURCE_HASH = SOURCE_HASH
    AND SENTIMENT_SCORE < %(max_sentiment)s
ORDER BY SENTIMENT_SCORE, CALL_ID

-- Calls of the day with current enrichment.
SELECT COUNT(*) AS CALLS
FROM {{ t.stg_calls }}
WHERE CALL_DATETIME_UTC >= %(day_start)s
    AND CALL_DATETIME_UTC < %(day_end)s
    AND ENRICHED_SOURCE_HASH = SOURCE_HASH

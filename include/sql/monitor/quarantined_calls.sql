-- Calls the enrich step skips: a staged-validation step quarantined the call (or one of its segments)
-- while the call had its current SOURCE_HASH. A changed call (new hash) is enriched again.
-- In SQL selections use the equivalent:
--   AND NOT EXISTS (SELECT 1 FROM {{ t.quarantine }} q WHERE q.CALL_ID = c.CALL_ID
--                   AND q.CALL_SOURCE_HASH = c.SOURCE_HASH
--                   AND q.STEP IN ('validate_staged_calls', 'validate_staged_segments'))
SELECT DISTINCT c.CALL_ID
FROM {{ t.stg_calls }} AS c
INNER JOIN {{ t.quarantine }} AS q
    ON q.CALL_ID = c.CALL_ID
        AND q.CALL_SOURCE_HASH = c.SOURCE_HASH
WHERE q.STEP IN (%(step0)s, %(step1)s)
ORDER BY c.CALL_ID

-- Sample keys of the raw rows the stage quarantined in one run, per check (for the data-quality alert).
-- Bind parameters: %(run_id)s.
SELECT
    CHECK_NAME,
    ARRAY_AGG(COALESCE(CALL_ID, RECORD_KEY)) WITHIN GROUP (ORDER BY QUARANTINE_ID) AS SAMPLE_KEYS
FROM {{ t.quarantine }}
WHERE STEP = 'stage' AND RUN_ID = %(run_id)s
GROUP BY CHECK_NAME

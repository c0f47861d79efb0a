-- Rows quarantined by one run, per step.
SELECT
    STEP,
    COUNT(*) AS ROWS_QUARANTINED
FROM {{ t.quarantine }}
WHERE RUN_ID = %(run_id)s
GROUP BY STEP
ORDER BY STEP

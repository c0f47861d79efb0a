-- Data-quality results of one run, one row per (step, check).
SELECT
    STEP,
    CHECK_NAME,
    FAILED_ROWS,
    TOTAL_ROWS,
    THRESHOLD,
    SAMPLE_KEYS
FROM {{ t.dq_results }}
WHERE RUN_ID = %(run_id)s
ORDER BY STEP, CHECK_NAME

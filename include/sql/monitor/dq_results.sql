-- Data-quality results of one run, one row per (step, check). Steps that run as parallel batches (the
-- enrichment output gate) write one set of rows per batch under RUN_ID '<run id>#<batch key>'; they are
-- summed here, with the sample keys of the batch with the most failures.
WITH run_rows AS (
    SELECT
        RUN_ID,
        STEP,
        CHECK_NAME,
        FAILED_ROWS,
        TOTAL_ROWS,
        THRESHOLD,
        SAMPLE_KEYS
    FROM {{ t.dq_results }}
    WHERE RUN_ID = %(run_id)s OR LEFT(RUN_ID, LENGTH(%(run_id)s) + 1) = %(run_id)s || '#'
),

samples AS (
    SELECT
        STEP,
        CHECK_NAME,
        SAMPLE_KEYS
    FROM run_rows
    QUALIFY ROW_NUMBER() OVER (PARTITION BY STEP, CHECK_NAME ORDER BY FAILED_ROWS DESC, RUN_ID) = 1
),

totals AS (
    SELECT
        STEP,
        CHECK_NAME,
        SUM(FAILED_ROWS) AS FAILED_ROWS,
        SUM(TOTAL_ROWS) AS TOTAL_ROWS,
        MAX(THRESHOLD) AS THRESHOLD
    FROM run_rows
    GROUP BY STEP, CHECK_NAME
)

SELECT
    tot.STEP,
    tot.CHECK_NAME,
    tot.FAILED_ROWS,
    tot.TOTAL_ROWS,
    tot.THRESHOLD,
    s.SAMPLE_KEYS
FROM totals AS tot
INNER JOIN samples AS s ON s.STEP = tot.STEP AND s.CHECK_NAME = tot.CHECK_NAME
ORDER BY tot.STEP, tot.CHECK_NAME

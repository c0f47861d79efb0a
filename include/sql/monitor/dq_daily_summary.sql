-- DQ trend: per day, step and check, rows failed and checked over every run since %(since)s.
SELECT
    TO_DATE(CHECKED_AT) AS DAY,
    STEP,
    CHECK_NAME,
    -- Batched steps write '<run id>#<batch key>' rows (see dq_results.sql): count the run once.
    COUNT(DISTINCT SPLIT_PART(RUN_ID, '#', 1)) AS RUNS,
    SUM(FAILED_ROWS) AS FAILED_ROWS,
    SUM(TOTAL_ROWS) AS TOTAL_ROWS,
    SUM(IFF(PASSED, 0, 1)) AS BREACHES
FROM {{ t.dq_results }}
WHERE CHECKED_AT >= %(since)s
GROUP BY TO_DATE(CHECKED_AT), STEP, CHECK_NAME
ORDER BY DAY, STEP, CHECK_NAME

-- Stage summary for run accounting and the data-quality alert (run after the stage files, read-only).
-- One row per metric: quarantine records first found by this run, per check, and what the run's interval
-- now holds in STG.
-- Bind parameters: %(interval_start)s, %(interval_end)s, %(run_id)s.
SELECT
    'quarantined.' || q.CHECK_NAME AS METRIC,
    COUNT(*) AS VALUE
FROM {{ t.quarantine }} AS q
WHERE q.STEP = 'stage' AND q.RUN_ID = %(run_id)s
GROUP BY q.CHECK_NAME

UNION ALL

SELECT
    'calls_in_interval' AS METRIC,
    COUNT(*) AS VALUE
FROM {{ t.stg_calls }} AS c
WHERE c.CALL_DATETIME_UTC >= CONVERT_TIMEZONE('UTC', %(interval_start)s::TIMESTAMP_TZ)::TIMESTAMP_NTZ
  AND c.CALL_DATETIME_UTC < CONVERT_TIMEZONE('UTC', %(interval_end)s::TIMESTAMP_TZ)::TIMESTAMP_NTZ

UNION ALL

SELECT
    'calls_without_transcript' AS METRIC,
    COUNT(*) AS VALUE
FROM {{ t.stg_calls }} AS c
WHERE c.CALL_DATETIME_UTC >= CONVERT_TIMEZONE('UTC', %(interval_start)s::TIMESTAMP_TZ)::TIMESTAMP_NTZ
  AND c.CALL_DATETIME_UTC < CONVERT_TIMEZONE('UTC', %(interval_end)s::TIMESTAMP_TZ)::TIMESTAMP_NTZ
  AND NOT COALESCE(c.HAS_TRANSCRIPT, FALSE)

UNION ALL

SELECT
    'segments_in_interval' AS METRIC,
    COUNT(*) AS VALUE
FROM {{ t.stg_transcripts }} AS s
WHERE s.CALL_DATETIME_UTC >= CONVERT_TIMEZONE('UTC', %(interval_start)s::TIMESTAMP_TZ)::TIMESTAMP_NTZ
  AND s.CALL_DATETIME_UTC < CONVERT_TIMEZONE('UTC', %(interval_end)s::TIMESTAMP_TZ)::TIMESTAMP_NTZ;

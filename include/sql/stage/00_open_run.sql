-- Stage step 0: record this run's high-water marks of the raw tables before anything is read.
--
-- Every later file selects raw rows by the run's data interval (call start time) plus "late" rows, i.e. rows
-- whose _AIRBYTE_EXTRACTED_AT is newer than the watermark of the last successful run. The last file
-- (90_advance_watermark.sql) moves the watermark to the values captured HERE, not to whatever has landed by
-- then: rows that land while the stage runs (another run's ingest, an Airbyte sync) stay newer than the new
-- watermark and are picked up by the next run instead of being skipped.
--
-- Bind parameters: %(run_id)s. Re-running this file for the same run simply re-captures the marks.

-- The emulator's MERGE and the temporary work tables of later files need a current schema. On Snowflake
-- this only scopes the session.
USE SCHEMA {{ t.schema('STG_TRANSFORMED') }};

MERGE INTO {{ t.watermarks }} AS wm
USING (
    SELECT
        'stage_pending:' || %(run_id)s AS PIPELINE,
        'extensivecalls_extracted_at' AS NAME,
        CONVERT_TIMEZONE('UTC', MAX(raw._AIRBYTE_EXTRACTED_AT))::TIMESTAMP_NTZ AS VALUE_TS
    FROM {{ t.raw_extensive_calls }} AS raw
    UNION ALL
    SELECT
        'stage_pending:' || %(run_id)s AS PIPELINE,
        'calltranscripts_extracted_at' AS NAME,
        CONVERT_TIMEZONE('UTC', MAX(raw._AIRBYTE_EXTRACTED_AT))::TIMESTAMP_NTZ AS VALUE_TS
    FROM {{ t.raw_call_transcripts }} AS raw
) AS snap
    ON wm.PIPELINE = snap.PIPELINE AND wm.NAME = snap.NAME
WHEN MATCHED THEN UPDATE SET
    VALUE_TS = snap.VALUE_TS,
    UPDATED_AT = SYSDATE()
WHEN NOT MATCHED THEN INSERT (PIPELINE, NAME, VALUE_TS, UPDATED_AT)
    VALUES (snap.PIPELINE, snap.NAME, snap.VALUE_TS, SYSDATE());

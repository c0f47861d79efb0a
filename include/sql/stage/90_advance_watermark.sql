-- Stage step 9: the run succeeded up to here, so its captured high-water marks (00_open_run.sql) become the
-- watermarks the next run's "late rows" are measured from.
--
-- A watermark never moves backwards: runs of a backfill may finish in any order, and an older run must not
-- re-expose rows a newer run already consumed (re-exposing would be harmless, but wasteful).
-- Bind parameters: %(run_id)s.

USE SCHEMA {{ t.schema('STG_TRANSFORMED') }};

MERGE INTO {{ t.watermarks }} AS wm
USING (
    SELECT
        'stage' AS PIPELINE,
        pending.NAME,
        pending.VALUE_TS
    FROM {{ t.watermarks }} AS pending
    WHERE pending.PIPELINE = 'stage_pending:' || %(run_id)s
      AND pending.VALUE_TS IS NOT NULL
) AS snap
    ON wm.PIPELINE = snap.PIPELINE AND wm.NAME = snap.NAME
WHEN MATCHED AND (wm.VALUE_TS IS NULL OR wm.VALUE_TS < snap.VALUE_TS) THEN UPDATE SET
    VALUE_TS = snap.VALUE_TS,
    UPDATED_AT = SYSDATE()
WHEN NOT MATCHED THEN INSERT (PIPELINE, NAME, VALUE_TS, UPDATED_AT)
    VALUES (snap.PIPELINE, snap.NAME, snap.VALUE_TS, SYSDATE());

-- The run's capture has served its purpose.
DELETE FROM {{ t.watermarks }}
WHERE PIPELINE = 'stage_pending:' || %(run_id)s;

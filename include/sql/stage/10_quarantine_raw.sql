-- Stage step 1: raw rows that cannot be staged are recorded in PIPELINE_MONITOR.QUARANTINE, never dropped
-- silently. The later files skip exactly these rows and those the raw checks (validate_raw, which runs before
-- this file) quarantined, so per raw table: rows read = rows staged + rows here + rows validate_raw quarantined.
--
-- Checks (CHECK_NAME):
--   airbyte_serialization_error  _AIRBYTE_META.changes is not empty: Airbyte could not type a field and
--                                landed it as NULL, so the row is incomplete.
--   missing_call_id              no call id (EXTENSIVECALLS METADATA:id, CALLTRANSCRIPTS CALLID).
--   missing_start_time           EXTENSIVECALLS without STARTDATETIME: it can be placed in no interval.
--   missing_user_id              USERS without ID.
-- Scope: calls and transcripts of the run's interval (call start time) plus rows landed after the last
-- successful run's watermark, the same selection the staging files use. Users are a full refresh and few,
-- so all of them are checked.
-- Idempotent: QUARANTINE_ID is derived from the raw row id and the check, so re-running a day or a backfill
-- range never duplicates a quarantine record. RUN_ID is the run that first found the row, which is what the
-- data-quality alert counts.
-- Bind parameters: %(interval_start)s, %(interval_end)s, %(run_id)s.

USE SCHEMA {{ t.schema('STG_TRANSFORMED') }};

-- The failures, built first: the emulator cannot run an ordered LISTAGG inside a MERGE source.
CREATE OR REPLACE TEMPORARY TABLE STAGE_QUARANTINE AS
WITH watermarks AS (
    SELECT
        MAX(IFF(NAME = 'extensivecalls_extracted_at', VALUE_TS, NULL)) AS CALLS_TS,
        MAX(IFF(NAME = 'calltranscripts_extracted_at', VALUE_TS, NULL)) AS TRANSCRIPTS_TS
    FROM {{ t.watermarks }}
    WHERE PIPELINE = 'stage'
),

landed AS (
    SELECT
        'EXTENSIVECALLS' AS SOURCE_TABLE,
        raw._AIRBYTE_RAW_ID,
        raw._AIRBYTE_META,
        NULLIF(TRIM(raw.METADATA:id::STRING), '') AS RECORD_KEY,
        raw.STARTDATETIME IS NOT NULL AS HAS_START_TIME,
        OBJECT_CONSTRUCT(
            '_AIRBYTE_RAW_ID', raw._AIRBYTE_RAW_ID,
            '_AIRBYTE_EXTRACTED_AT', TO_VARCHAR(raw._AIRBYTE_EXTRACTED_AT),
            '_AIRBYTE_META', raw._AIRBYTE_META,
            'ID', TO_VARCHAR(raw.ID),
            'STARTDATETIME', TO_VARCHAR(raw.STARTDATETIME),
            'METADATA', raw.METADATA
        ) AS RECORD
    FROM {{ t.raw_extensive_calls }} AS raw
    WHERE (
        raw.STARTDATETIME >= %(interval_start)s::TIMESTAMP_TZ
        AND raw.STARTDATETIME < %(interval_end)s::TIMESTAMP_TZ
    )
    OR CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ
    > COALESCE((SELECT CALLS_TS FROM watermarks), '1970-01-01'::TIMESTAMP_NTZ)

    UNION ALL

    SELECT
        'CALLTRANSCRIPTS' AS SOURCE_TABLE,
        raw._AIRBYTE_RAW_ID,
        raw._AIRBYTE_META,
        NULLIF(TRIM(raw.CALLID), '') AS RECORD_KEY,
        TRUE AS HAS_START_TIME,
        -- The transcript body stays in RAW_AIRBYTE (it can be large), the record points at it.
        OBJECT_CONSTRUCT(
            '_AIRBYTE_RAW_ID', raw._AIRBYTE_RAW_ID,
            '_AIRBYTE_EXTRACTED_AT', TO_VARCHAR(raw._AIRBYTE_EXTRACTED_AT),
            '_AIRBYTE_META', raw._AIRBYTE_META,
            'CALLID', raw.CALLID,
            'STARTED', TO_VARCHAR(raw.STARTED),
            'MONOLOGUES', ARRAY_SIZE(raw.TRANSCRIPT)
        ) AS RECORD
    FROM {{ t.raw_call_transcripts }} AS raw
    WHERE (
        raw.STARTED >= %(interval_start)s::TIMESTAMP_TZ
        AND raw.STARTED < %(interval_end)s::TIMESTAMP_TZ
    )
    OR CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ
    > COALESCE((SELECT TRANSCRIPTS_TS FROM watermarks), '1970-01-01'::TIMESTAMP_NTZ)

    UNION ALL

    SELECT
        'USERS' AS SOURCE_TABLE,
        raw._AIRBYTE_RAW_ID,
        raw._AIRBYTE_META,
        NULLIF(TRIM(raw.ID), '') AS RECORD_KEY,
        TRUE AS HAS_START_TIME,
        OBJECT_CONSTRUCT(
            '_AIRBYTE_RAW_ID', raw._AIRBYTE_RAW_ID,
            '_AIRBYTE_EXTRACTED_AT', TO_VARCHAR(raw._AIRBYTE_EXTRACTED_AT),
            '_AIRBYTE_META', raw._AIRBYTE_META,
            'ID', raw.ID,
            'EMAILADDRESS', raw.EMAILADDRESS
        ) AS RECORD
    FROM {{ t.raw_users }} AS raw
),

-- The fields Airbyte reported, for a readable reason.
changed_fields AS (
    SELECT
        l._AIRBYTE_RAW_ID,
        COUNT(*) AS N_CHANGES,
        LISTAGG(ch.value:field::STRING, ', ') WITHIN GROUP (ORDER BY ch.index) AS FIELDS
    FROM landed AS l,
        LATERAL FLATTEN(INPUT => l._AIRBYTE_META:changes) AS ch
    GROUP BY l._AIRBYTE_RAW_ID
),

failures AS (
    SELECT
        l.SOURCE_TABLE,
        l._AIRBYTE_RAW_ID,
        COALESCE(l.RECORD_KEY, l._AIRBYTE_RAW_ID) AS RECORD_KEY,
        'airbyte_serialization_error' AS CHECK_NAME,
        'Airbyte could not type ' || cf.N_CHANGES::STRING || ' field(s) of ' || l.SOURCE_TABLE
        || ' and landed them as NULL: ' || COALESCE(cf.FIELDS, 'unnamed field') AS REASON,
        TO_JSON(l._AIRBYTE_META:changes) AS OFFENDING_VALUE,
        l.RECORD
    FROM landed AS l
    INNER JOIN changed_fields AS cf ON cf._AIRBYTE_RAW_ID = l._AIRBYTE_RAW_ID

    UNION ALL

    SELECT
        l.SOURCE_TABLE,
        l._AIRBYTE_RAW_ID,
        l._AIRBYTE_RAW_ID AS RECORD_KEY,
        IFF(l.SOURCE_TABLE = 'USERS', 'missing_user_id', 'missing_call_id') AS CHECK_NAME,
        l.SOURCE_TABLE || ' row has no '
        || IFF(l.SOURCE_TABLE = 'USERS', 'user id (ID)', 'call id')
        || ', so it cannot be keyed or joined' AS REASON,
        NULL AS OFFENDING_VALUE,
        l.RECORD
    FROM landed AS l
    WHERE l.RECORD_KEY IS NULL

    UNION ALL

    SELECT
        l.SOURCE_TABLE,
        l._AIRBYTE_RAW_ID,
        COALESCE(l.RECORD_KEY, l._AIRBYTE_RAW_ID) AS RECORD_KEY,
        'missing_start_time' AS CHECK_NAME,
        'EXTENSIVECALLS row has no STARTDATETIME, so it belongs to no data interval' AS REASON,
        NULL AS OFFENDING_VALUE,
        l.RECORD
    FROM landed AS l
    WHERE NOT l.HAS_START_TIME
)

SELECT
    'stage:' || f.CHECK_NAME || ':' || f._AIRBYTE_RAW_ID AS QUARANTINE_ID,
    f.SOURCE_TABLE,
    f.RECORD_KEY,
    -- The call the row belongs to, when it names one (a user row or a row without an id has none).
    IFF(f.SOURCE_TABLE <> 'USERS' AND f.CHECK_NAME <> 'missing_call_id', f.RECORD_KEY, NULL) AS CALL_ID,
    f.CHECK_NAME,
    f.REASON,
    f.OFFENDING_VALUE,
    f.RECORD
FROM failures AS f;

MERGE INTO {{ t.quarantine }} AS q
USING (SELECT * FROM STAGE_QUARANTINE) AS bad
    ON q.QUARANTINE_ID = bad.QUARANTINE_ID
WHEN NOT MATCHED THEN INSERT (
    QUARANTINE_ID, RUN_ID, STEP, SOURCE_TABLE, RECORD_KEY, CALL_ID, CHECK_NAME, REASON, OFFENDING_VALUE,
    RECORD, QUARANTINED_AT
) VALUES (
    bad.QUARANTINE_ID, %(run_id)s, 'stage', bad.SOURCE_TABLE, bad.RECORD_KEY, bad.CALL_ID, bad.CHECK_NAME,
    bad.REASON, bad.OFFENDING_VALUE, bad.RECORD, SYSDATE()
);

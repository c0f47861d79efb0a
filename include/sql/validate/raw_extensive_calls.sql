-- RAW_AIRBYTE.EXTENSIVECALLS rows the run's transform will stage, with the columns of RawExtensiveCall.
--
-- Scope, the same as the stage files: calls starting in [%(interval_start)s, %(interval_end)s), rows landed
-- after the last successful stage watermark (late arrivals), and rows landed since %(loaded_since)s when it
-- is given.
-- Rows that 10_quarantine_raw.sql quarantines (no call id, no start time, Airbyte typing errors) are left
-- out: the stage owns those checks, and checking them here would quarantine the same row twice.
-- Timestamps and the integer ID are read as text: the emulator returns NULL timestamps as 1970-01-01, and
-- Gong ids are compared as strings; pandera parses the text back.
SELECT
    raw._AIRBYTE_RAW_ID,
    raw._AIRBYTE_EXTRACTED_AT::VARCHAR AS _AIRBYTE_EXTRACTED_AT,
    raw._AIRBYTE_META,
    raw._AIRBYTE_GENERATION_ID,
    TO_VARCHAR(raw.ID) AS ID,
    raw.STARTDATETIME::VARCHAR AS STARTDATETIME,
    raw.METADATA,
    raw.PARTIES,
    raw.CONTENT,
    raw.INTERACTION,
    raw.CONTEXT,
    raw.MEDIA,
    raw.COLLABORATION
FROM {{ t.raw_extensive_calls }} AS raw
WHERE
    NULLIF(TRIM(raw.METADATA:id::STRING), '') IS NOT NULL
    AND raw.STARTDATETIME IS NOT NULL
    AND COALESCE(ARRAY_SIZE(raw._AIRBYTE_META:changes), 0) = 0
    AND (
        (
            raw.STARTDATETIME >= %(interval_start)s::TIMESTAMP_TZ
            AND raw.STARTDATETIME < %(interval_end)s::TIMESTAMP_TZ
        )
        OR CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ > COALESCE(
            (
                SELECT MAX(wm.VALUE_TS) FROM {{ t.watermarks }} AS wm
                WHERE wm.PIPELINE = 'stage' AND wm.NAME = 'extensivecalls_extracted_at'
            ),
            '1970-01-01'::TIMESTAMP_NTZ
        )
        OR (
            %(loaded_since)s IS NOT NULL
            AND CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ >= %(loaded_since)s::TIMESTAMP_NTZ
        )
    )
ORDER BY raw._AIRBYTE_RAW_ID

-- RAW_AIRBYTE.CALLTRANSCRIPTS rows the run's transform will stage, with the columns of RawTranscript.
-- Scope and exclusions as in raw_extensive_calls.sql: the stage owns "no call id" and Airbyte typing
-- errors (10_quarantine_raw.sql), so those rows are left out here.
SELECT
    raw._AIRBYTE_RAW_ID,
    raw._AIRBYTE_EXTRACTED_AT::VARCHAR AS _AIRBYTE_EXTRACTED_AT,
    raw._AIRBYTE_META,
    raw._AIRBYTE_GENERATION_ID,
    raw.CALLID,
    raw.STARTED::VARCHAR AS STARTED,
    raw.TRANSCRIPT
FROM {{ t.raw_call_transcripts }} AS raw
WHERE
    NULLIF(TRIM(raw.CALLID), '') IS NOT NULL
    AND COALESCE(ARRAY_SIZE(raw._AIRBYTE_META:changes), 0) = 0
    AND (
        (
            raw.STARTED >= %(interval_start)s::TIMESTAMP_TZ
            AND raw.STARTED < %(interval_end)s::TIMESTAMP_TZ
        )
        OR CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ > COALESCE(
            (
                SELECT MAX(wm.VALUE_TS) FROM {{ t.watermarks }} AS wm
                WHERE wm.PIPELINE = 'stage' AND wm.NAME = 'calltranscripts_extracted_at'
            ),
            '1970-01-01'::TIMESTAMP_NTZ
        )
        OR (
            %(loaded_since)s IS NOT NULL
            AND CONVERT_TIMEZONE('UTC', raw._AIRBYTE_EXTRACTED_AT)::TIMESTAMP_NTZ >= %(loaded_since)s::TIMESTAMP_NTZ
        )
    )
ORDER BY raw._AIRBYTE_RAW_ID

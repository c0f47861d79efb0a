-- RAW_AIRBYTE.EXTENSIVECALLS rows the run's transform will stage, with the columns of RawExtensiveCall, for
-- one batch of calls (raw_call_batches.sql; both bounds NULL: the whole window).
--
-- Scope, the same as the stage files (validate/macros.jinja raw_calls_in_scope): calls starting in
-- [%(interval_start)s, %(interval_end)s), rows landed after the last successful stage watermark (late
-- arrivals), and rows landed since %(loaded_since)s when it is given. Rows that 10_quarantine_raw.sql
-- quarantines (no call id, no start time, Airbyte typing errors) are left out.
-- Timestamps and the integer ID are read as text: the emulator returns NULL timestamps as 1970-01-01, and
-- Gong ids are compared as strings; pandera parses the text back.
{% from 'validate/macros.jinja' import raw_call_id, raw_calls_in_scope, in_call_batch with context %}
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
    {{ raw_calls_in_scope('raw') }}
    AND {{ in_call_batch(raw_call_id('raw')) }}
-- In call id order, as the batches are cut: the batches read in turn list the rows as one read would.
ORDER BY {{ raw_call_id('raw') }}, raw._AIRBYTE_RAW_ID

-- RAW_AIRBYTE.CALLTRANSCRIPTS rows the run's transform will stage, with the columns of RawTranscript, for
-- one batch of calls (raw_call_batches.sql; both bounds NULL: the whole window).
-- Scope and exclusions as in raw_extensive_calls.sql: the stage owns "no call id" and Airbyte typing
-- errors (10_quarantine_raw.sql), so those rows are left out here.
{% from 'validate/macros.jinja' import raw_transcript_call_id, raw_transcripts_in_scope, in_call_batch
    with context %}
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
    {{ raw_transcripts_in_scope('raw') }}
    AND {{ in_call_batch(raw_transcript_call_id('raw')) }}
ORDER BY {{ raw_transcript_call_id('raw') }}, raw._AIRBYTE_RAW_ID

-- Batches of the calls validate_raw reads (raw_extensive_calls.sql, raw_call_transcripts.sql): the upper
-- bound of each batch of %(batch_calls)s call ids, with the number of calls in the window.
--
-- Keyset pages over the ordered call ids rather than a hash partition: a page is a range predicate Snowflake
-- can prune on, the pages read in order give the rows in the same order as one read of the whole window (so
-- quarantine ids and DQ sample keys do not depend on the batch size), and rows landing between this query and
-- the reads still fall in exactly one range. Only the bounds come back: one row per batch.
{% from 'validate/macros.jinja' import batch_bounds, raw_call_id, raw_calls_in_scope, raw_transcript_call_id,
    raw_transcripts_in_scope with context %}
{% call batch_bounds() %}
    SELECT {{ raw_call_id('raw') }} AS CALL_ID
    FROM {{ t.raw_extensive_calls }} AS raw
    WHERE {{ raw_calls_in_scope('raw') }}
    UNION DISTINCT
    SELECT {{ raw_transcript_call_id('raw') }} AS CALL_ID
    FROM {{ t.raw_call_transcripts }} AS raw
    WHERE {{ raw_transcripts_in_scope('raw') }}
{% endcall %}

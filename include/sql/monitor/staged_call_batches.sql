-- Batches of the calls validate_staged reads (staged_calls.sql, staged_segments.sql): the upper bound of each
-- batch of %(batch_calls)s call ids, with the number of calls in the window. Keyset pages over the ordered
-- call ids, for the reasons given in validate/raw_call_batches.sql; a call and all its segments share a batch.
{% from 'validate/macros.jinja' import batch_bounds, staged_in_scope with context %}
{% call batch_bounds() %}
    SELECT c.CALL_ID
    FROM {{ t.stg_calls }} AS c
    WHERE {{ staged_in_scope('c') }}
    UNION DISTINCT
    SELECT s.CALL_ID
    FROM {{ t.stg_transcripts }} AS s
    WHERE {{ staged_in_scope('s') }}
{% endcall %}

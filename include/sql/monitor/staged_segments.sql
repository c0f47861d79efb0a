-- STG transcript segments a run touched (same window and batch as staged_calls.sql), with their call's
-- current SOURCE_HASH so that a quarantined segment excludes its call from enrichment until the call changes.
{% from 'validate/macros.jinja' import staged_in_scope, in_call_batch with context %}
SELECT
    {% for c in columns -%}
    {% if c in text_columns %}s.{{ c }}::VARCHAR AS {{ c }}{% else %}s.{{ c }}{% endif %},
    {% endfor -%}
    c.SOURCE_HASH AS CALL_SOURCE_HASH
FROM {{ t.stg_transcripts }} AS s
LEFT JOIN {{ t.stg_calls }} AS c
    ON s.CALL_ID = c.CALL_ID
WHERE
    {{ staged_in_scope('s') }}
    AND {{ in_call_batch('s.CALL_ID') }}
ORDER BY s.CALL_ID, s.SEGMENT_ORDINAL, s.TRANSCRIPT_ID, c.SOURCE_HASH

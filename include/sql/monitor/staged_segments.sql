-- STG transcript segments a run touched (same window as staged_calls.sql), with their call's current
-- SOURCE_HASH so that a quarantined segment excludes its call from enrichment until the call changes.
SELECT
    {% for c in columns -%}
    {% if c in text_columns %}s.{{ c }}::VARCHAR AS {{ c }}{% else %}s.{{ c }}{% endif %},
    {% endfor -%}
    c.SOURCE_HASH AS CALL_SOURCE_HASH
FROM {{ t.stg_transcripts }} AS s
LEFT JOIN {{ t.stg_calls }} AS c
    ON c.CALL_ID = s.CALL_ID
WHERE (s.CALL_DATETIME_UTC >= %(interval_start)s AND s.CALL_DATETIME_UTC < %(interval_end)s)
    OR (%(loaded_since)s IS NOT NULL AND s._LOADED_AT >= %(loaded_since)s)
ORDER BY s.CALL_ID, s.SEGMENT_ORDINAL, s.TRANSCRIPT_ID

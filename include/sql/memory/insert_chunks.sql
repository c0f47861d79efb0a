-- Second half of replacing a call's AI_MEMORY passages (bind parameter payload: a JSON array of objects, one per chunk),
-- guarded like the call update: only for calls whose source is still the one the passages were built from.
INSERT INTO {{ t.memory_chunks }} (
    CHUNK_ID,
    CALL_ID,
    CHUNK_ORDINAL,
    CALL_DATETIME_UTC,
    START_MS,
    END_MS,
    SPEAKERS,
    EXTERNAL_SPEAKERS,
    CHUNK_TEXT,
    EMBEDDING,
    EMBEDDING_MODEL,
    EMBEDDING_DIM,
    SOURCE_HASH,
    CREATED_AT
)
SELECT
    r.value:chunk_id::STRING,
    c.CALL_ID,
    r.value:ordinal::NUMBER,
    c.CALL_DATETIME_UTC,
    r.value:start_ms::NUMBER,
    r.value:end_ms::NUMBER,
    r.value:speakers::ARRAY,
    r.value:external_speakers::ARRAY,
    r.value:text::STRING,
    {{ wh.to_vector("r.value:embedding::ARRAY", cfg.embedding_dim) }} AS EMBEDDING,
    r.value:embedding_model::STRING,
    r.value:embedding_dim::NUMBER,
    c.SOURCE_HASH,
    r.value:created_at::TIMESTAMP_NTZ
FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS r
INNER JOIN {{ t.stg_calls }} AS c
    ON
        c.CALL_ID = r.value:call_id::STRING
        AND c.SOURCE_HASH IS NOT DISTINCT FROM r.value:call_source_hash::STRING

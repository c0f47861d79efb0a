-- AI_MEMORY: transcript passages (speaker turns, with overlap) embedded for semantic search.
-- The model and dimension are stored beside every vector, so vectors of different models never mix.
CREATE TABLE IF NOT EXISTS {{ t.memory_chunks }} (
    CHUNK_ID VARCHAR NOT NULL,
    CALL_ID VARCHAR NOT NULL,
    CHUNK_ORDINAL NUMBER NOT NULL,
    CALL_DATETIME_UTC TIMESTAMP_NTZ,
    START_MS NUMBER,
    END_MS NUMBER,
    SPEAKERS ARRAY,
    EXTERNAL_SPEAKERS ARRAY,
    CHUNK_TEXT VARCHAR,
    EMBEDDING {{ wh.vector_type(cfg.embedding_dim) }},
    EMBEDDING_MODEL VARCHAR NOT NULL,
    EMBEDDING_DIM NUMBER NOT NULL,
    SOURCE_HASH VARCHAR,
    CREATED_AT TIMESTAMP_NTZ
);

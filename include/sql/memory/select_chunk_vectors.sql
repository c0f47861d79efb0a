-- Stored passage vectors of the given calls (bind parameters: call_ids, a JSON array of ids; embedding_model;
-- embedding_dim). CHUNK_ID hashes the call, the position and the text of a passage, so a stored vector with
-- the same id and the same embedding model and dimension is the vector that model gives that text: the
-- enrichment step reuses it instead of embedding the text again (a call re-enriched for a new analysis
-- version or a metadata change keeps its transcript passages, and their vectors).
SELECT
    m.CHUNK_ID,
    m.EMBEDDING::ARRAY AS EMBEDDING
FROM {{ t.memory_chunks }} AS m
WHERE
    m.CALL_ID IN (
        SELECT f.value::STRING AS CALL_ID
        FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(call_ids)s))) AS f
    )
    AND m.EMBEDDING_MODEL = %(embedding_model)s
    AND m.EMBEDDING_DIM = %(embedding_dim)s

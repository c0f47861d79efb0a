-- Call-level results (bind parameter payload: a JSON array of objects, one per call). The first statement of
-- the write transaction: it locks STG_GONG_CALLS until COMMIT, so the SOURCE_HASH checked here cannot
-- change before the segments and memory chunks of the same calls are written. A call whose source changed
-- since it was read (a concurrent transform) is not matched and keeps its old results; it is planned again.
-- Update-only, so UPDATE ... FROM, Snowflake's equivalent of MERGE ... WHEN MATCHED THEN UPDATE: the local
-- emulator cannot run MERGE inside an explicit transaction, and the transaction is what makes a call's
-- write all-or-nothing.
UPDATE {{ t.stg_calls }} AS t
SET
    SENTIMENT_SCORE = s.SENTIMENT_SCORE,
    CALL_SUMMARY = s.CALL_SUMMARY,
    KEY_TOPICS = s.KEY_TOPICS,
    RISK_INDICATORS = s.RISK_INDICATORS,
    AI_MEMORY_EMBEDDING = {{ wh.to_vector("s.EMBEDDING", cfg.embedding_dim) }},
    ENRICHMENT_ENGINE = s.ENRICHMENT_ENGINE,
    ENRICHMENT_MODEL_VERSION = s.ENRICHMENT_MODEL_VERSION,
    EMBEDDING_MODEL = s.EMBEDDING_MODEL,
    EMBEDDING_DIM = s.EMBEDDING_DIM,
    ENRICHED_SOURCE_HASH = s.SOURCE_HASH,
    ENRICHED_AT = s.ENRICHED_AT
FROM (
    SELECT
        r.value:call_id::STRING AS CALL_ID,
        r.value:source_hash::STRING AS SOURCE_HASH,
        r.value:sentiment::FLOAT AS SENTIMENT_SCORE,
        r.value:summary::STRING AS CALL_SUMMARY,
        r.value:key_topics::ARRAY AS KEY_TOPICS,
        r.value:risks::ARRAY AS RISK_INDICATORS,
        r.value:embedding::ARRAY AS EMBEDDING,
        r.value:engine::STRING AS ENRICHMENT_ENGINE,
        r.value:model_version::STRING AS ENRICHMENT_MODEL_VERSION,
        r.value:embedding_model::STRING AS EMBEDDING_MODEL,
        r.value:embedding_dim::NUMBER AS EMBEDDING_DIM,
        r.value:enriched_at::TIMESTAMP_NTZ AS ENRICHED_AT
    FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS r
) AS s
WHERE t.CALL_ID = s.CALL_ID AND t.SOURCE_HASH IS NOT DISTINCT FROM s.SOURCE_HASH

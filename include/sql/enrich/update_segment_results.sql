-- Per-segment results (bind parameter payload: a JSON array of objects, one per segment) of the calls the call
-- update accepted in the same transaction. A segment is written only while both its own text and its call
-- are unchanged. Update-only, so UPDATE ... FROM (Snowflake's equivalent of MERGE ... WHEN MATCHED THEN
-- UPDATE), for the same reason as update_call_results.sql.
UPDATE {{ t.stg_transcripts }} AS t
SET
    SEGMENT_SENTIMENT = s.SEGMENT_SENTIMENT,
    EXTRACTED_ENTITIES = s.EXTRACTED_ENTITIES,
    ENRICHED_SOURCE_HASH = s.SOURCE_HASH,
    ENRICHED_AT = s.ENRICHED_AT
FROM (
    SELECT
        r.value:transcript_id::STRING AS TRANSCRIPT_ID,
        r.value:source_hash::STRING AS SOURCE_HASH,
        r.value:sentiment::FLOAT AS SEGMENT_SENTIMENT,
        r.value:entities::OBJECT AS EXTRACTED_ENTITIES,
        r.value:enriched_at::TIMESTAMP_NTZ AS ENRICHED_AT
    FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS r
    INNER JOIN {{ t.stg_calls }} AS c
        ON
            c.CALL_ID = r.value:call_id::STRING
            AND c.SOURCE_HASH IS NOT DISTINCT FROM r.value:call_source_hash::STRING
) AS s
WHERE t.TRANSCRIPT_ID = s.TRANSCRIPT_ID AND t.SOURCE_HASH IS NOT DISTINCT FROM s.SOURCE_HASH

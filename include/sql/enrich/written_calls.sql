-- Which calls of the write transaction the call update accepted (bind parameter payload: JSON array of {call_id,
-- source_hash, enriched_at}). Read inside the transaction, after the call update, while its lock is held.
SELECT c.CALL_ID
FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS r
INNER JOIN {{ t.stg_calls }} AS c
    ON
        c.CALL_ID = r.value:call_id::STRING
        AND c.SOURCE_HASH IS NOT DISTINCT FROM r.value:source_hash::STRING
        AND c.ENRICHED_SOURCE_HASH IS NOT DISTINCT FROM r.value:source_hash::STRING
        AND c.ENRICHED_AT = r.value:enriched_at::TIMESTAMP_NTZ

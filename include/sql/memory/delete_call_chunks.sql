-- First half of replacing a call's AI_MEMORY passages (bind parameter call_ids: a JSON array of ids). Runs in the same
-- transaction as insert_chunks.sql, so readers see either the old passages or the new ones, never neither.
DELETE FROM {{ t.memory_chunks }}
WHERE CALL_ID IN (
    SELECT f.value::STRING AS CALL_ID
    FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(call_ids)s))) AS f
)

{% from 'enrich/macros.jinja' import invalid_attempts_cte, needs_enrichment with context %}
-- The calls of one batch (bind parameter call_ids: a JSON array of ids) that still need enrichment. Re-checking here
-- makes a retried task skip the calls its failed first try already wrote. SOURCE_HASH is read now and
-- becomes the write guard: results are written only while the call still has this hash.
WITH
batch AS (
    SELECT DISTINCT f.value::STRING AS CALL_ID
    FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(call_ids)s))) AS f
),

{{ invalid_attempts_cte() }}

SELECT
    c.CALL_ID,
    c.TITLE,
    c.CALL_DATETIME_UTC,
    c.PRIMARY_USER_NAME,
    c.ACCOUNT_NAME,
    c.OPPORTUNITY_NAME,
    c.INTERNAL_PARTICIPANTS,
    c.EXTERNAL_PARTICIPANTS,
    c.GONG_BRIEF,
    c.SOURCE_HASH,
    c.GONG_ACTION_ITEMS,
    c.GONG_CALL_OUTCOME
FROM batch AS b
INNER JOIN {{ t.stg_calls }} AS c ON c.CALL_ID = b.CALL_ID
LEFT JOIN invalid_attempts AS i
    ON i.CALL_ID = c.CALL_ID AND i.SOURCE_HASH IS NOT DISTINCT FROM c.SOURCE_HASH
WHERE {{ needs_enrichment() }}
ORDER BY c.CALL_DATETIME_UTC, c.CALL_ID

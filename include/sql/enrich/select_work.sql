{% from 'enrich/macros.jinja' import invalid_attempts_cte, needs_enrichment with context %}
-- Work list of the enrichment step: ids only (they travel through XCom), oldest calls first so that a
-- backlog is worked off in call order. Keyed by content hash: an unchanged, already enriched call never
-- reaches a model again.
WITH {{ invalid_attempts_cte() }}

SELECT c.CALL_ID
FROM {{ t.stg_calls }} AS c
LEFT JOIN invalid_attempts AS i
    ON i.CALL_ID = c.CALL_ID AND i.SOURCE_HASH IS NOT DISTINCT FROM c.SOURCE_HASH
WHERE {{ needs_enrichment() }}
ORDER BY c.CALL_DATETIME_UTC, c.CALL_ID

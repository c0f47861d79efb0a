-- Customer (External) turns, or the named speakers' own turns, inside the memory chunks most similar to the
-- question's embedding. The calls are a typed plan's (``typed_scope``) or the legacy plan's.
-- Only vectors of the question's embedding model and dimension are compared (vectors of different models
-- are not comparable). The cosine is computed in the warehouse.
{% from "ask/_filters.jinja" import call_filters, turn_speakers with context -%}
{% from "ask/_plan_filters.jinja" import call_filters as plan_call_filters with context -%}
WITH top_chunks AS (
    SELECT
        m.CALL_ID,
        m.START_MS,
        m.END_MS,
        {{ wh.cosine_similarity("m.EMBEDDING", wh.to_vector("PARSE_JSON(%(query_vector)s)", cfg.embedding_dim)) }} AS SIMILARITY
    FROM {{ t.memory_chunks }} AS m
    INNER JOIN {{ t.stg_calls }} AS c ON m.CALL_ID = c.CALL_ID
    WHERE m.EMBEDDING_MODEL = %(embedding_model)s
        AND m.EMBEDDING_DIM = %(embedding_dim)s
{%- if not n_speaker | default(0) %}
        AND ARRAY_SIZE(m.EXTERNAL_SPEAKERS) > 0
{%- endif %}
    {{ plan_call_filters("c") if typed_scope | default(false) else call_filters("c") }}
    ORDER BY SIMILARITY DESC
    LIMIT {{ top_k | default(40) | int }}
)

SELECT
    s.TRANSCRIPT_ID,
    s.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.ACCOUNT_NAME,
    c.CALL_URL,
    s.SPEAKER_NAME,
    s.SPEAKER_COMPANY,
    s.START_MS,
    s.TRANSCRIPT_TEXT,
    tc.SIMILARITY
FROM top_chunks AS tc
INNER JOIN {{ t.stg_transcripts }} AS s
    ON s.CALL_ID = tc.CALL_ID
    AND s.START_MS < tc.END_MS
    AND s.END_MS > tc.START_MS
    AND {{ turn_speakers("s") }}
INNER JOIN {{ t.stg_calls }} AS c ON s.CALL_ID = c.CALL_ID
WHERE tc.SIMILARITY >= %(min_similarity)s
QUALIFY ROW_NUMBER() OVER (PARTITION BY s.TRANSCRIPT_ID ORDER BY tc.SIMILARITY DESC) = 1
ORDER BY tc.SIMILARITY DESC, s.TRANSCRIPT_ID;

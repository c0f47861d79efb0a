-- V_OBJECTION_RESPONSES: pricing and competitor objections raised by customers, and how the rep replied.
-- An objection is a pricing_objection or competitor risk indicator whose moment falls in an External
-- speaker's turn. The reply is the first Internal turn starting within {{ reply_window_ms | default(120000) }} ms
-- after it. ANSWERED is false when there is no such turn or it is shorter than
-- {{ min_reply_words | default(12) }} words (a brush-off such as "OK, noted" does not handle an objection).
CREATE OR REPLACE VIEW {{ t.schema('STG_TRANSFORMED') }}.V_OBJECTION_RESPONSES AS
WITH objections AS (
    SELECT r.*
    FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS r
    WHERE r.RISK_TYPE IN ('pricing_objection', 'competitor')
        AND r.START_MS IS NOT NULL
        AND EXISTS (
            SELECT 1
            FROM {{ t.stg_transcripts }} AS s
            WHERE s.CALL_ID = r.CALL_ID
                AND s.SPEAKER_AFFILIATION = 'External'
                AND r.START_MS BETWEEN s.START_MS AND s.END_MS
        )
),

replies AS (
    SELECT
        o.CALL_ID,
        o.RISK_ORDINAL,
        s.SPEAKER_NAME AS REPLY_SPEAKER,
        s.START_MS AS REPLY_START_MS,
        s.TRANSCRIPT_TEXT AS REPLY_TEXT
    FROM objections AS o
    INNER JOIN {{ t.stg_transcripts }} AS s
        ON s.CALL_ID = o.CALL_ID
        AND s.SPEAKER_AFFILIATION = 'Internal'
        AND s.START_MS > o.START_MS
        AND s.START_MS <= o.START_MS + {{ reply_window_ms | default(120000) }}
    QUALIFY ROW_NUMBER() OVER (PARTITION BY o.CALL_ID, o.RISK_ORDINAL ORDER BY s.START_MS) = 1
)

SELECT
    o.*,
    p.REPLY_SPEAKER,
    p.REPLY_START_MS,
    p.REPLY_TEXT,
    COALESCE(ARRAY_SIZE(SPLIT(TRIM(p.REPLY_TEXT), ' ')) >= {{ min_reply_words | default(12) }}, FALSE) AS ANSWERED
FROM objections AS o
LEFT JOIN replies AS p ON o.CALL_ID = p.CALL_ID AND o.RISK_ORDINAL = p.RISK_ORDINAL;

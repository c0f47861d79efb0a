-- What the customer said on the negative calls of the given opportunities: on each call scored below the
-- negative threshold (minus the configured sentiment_band), the customer's most negative turn (the words behind
-- a "negative sentiment" reason).
SELECT
    c.OPPORTUNITY_ID,
    c.CALL_ID,
    c.CALL_DATETIME_UTC,
    c.TITLE,
    c.CALL_URL,
    'negative_sentiment' AS RISK_TYPE,
    'medium' AS SEVERITY,
    s.TRANSCRIPT_TEXT AS QUOTE,
    s.START_MS,
    s.SPEAKER_NAME AS SPEAKER
FROM {{ t.stg_calls }} AS c
INNER JOIN {{ t.stg_transcripts }} AS s ON s.CALL_ID = c.CALL_ID
WHERE c.OPPORTUNITY_ID IN ({% for i in range(n_ids | default(1)) %}%(id_{{ i }})s{{ ", " if not loop.last }}{% endfor %})
  AND c.SENTIMENT_SCORE < %(negative_threshold)s
  AND COALESCE(s.SPEAKER_AFFILIATION, 'Unknown') <> 'Internal'
  AND s.SEGMENT_SENTIMENT IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY c.CALL_ID ORDER BY s.SEGMENT_SENTIMENT, s.SEGMENT_ORDINAL) = 1
ORDER BY c.OPPORTUNITY_ID, c.CALL_DATETIME_UTC DESC

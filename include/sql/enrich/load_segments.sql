-- Transcript segments (speaker turns) of the calls being enriched (bind parameter call_ids: a JSON array of ids).
SELECT
    s.TRANSCRIPT_ID,
    s.CALL_ID,
    s.SEGMENT_ORDINAL,
    s.SPEAKER_ID,
    s.SPEAKER_NAME,
    s.SPEAKER_AFFILIATION,
    s.SPEAKER_COMPANY,
    s.TOPIC,
    s.START_MS,
    s.END_MS,
    s.TRANSCRIPT_TEXT,
    s.SOURCE_HASH
FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(call_ids)s))) AS f
INNER JOIN {{ t.stg_transcripts }} AS s ON s.CALL_ID = f.value::STRING
ORDER BY s.CALL_ID, s.SEGMENT_ORDINAL

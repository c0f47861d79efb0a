-- Landed calls that still have no landed transcript, started in [oldest, cutoff): Gong finishes a
-- transcript after the call appears, and neither Airbyte's callTranscripts stream (no lookback) nor the
-- loader outside its lookback asks again. One row per call id, oldest first.
SELECT
    c.METADATA:id::STRING AS CALL_ID,
    MIN(c.METADATA:started::STRING) AS STARTED
FROM {{ t.raw_extensive_calls }} AS c
WHERE
    c.STARTDATETIME >= %(oldest)s
    AND c.STARTDATETIME < %(cutoff)s
    AND c.METADATA:id::STRING IS NOT NULL
    AND NOT COALESCE(c.METADATA:isPrivate::BOOLEAN, FALSE)
    AND NOT EXISTS (
        SELECT 1
        FROM {{ t.raw_call_transcripts }} AS tr
        WHERE tr.CALLID = c.METADATA:id::STRING
    )
GROUP BY c.METADATA:id::STRING
ORDER BY STARTED, CALL_ID

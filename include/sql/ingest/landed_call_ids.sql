-- Distinct ids of the calls landed in RAW_AIRBYTE.EXTENSIVECALLS that started in [interval_start, interval_end).
SELECT DISTINCT c.METADATA:id::STRING AS CALL_ID
FROM {{ t.raw_extensive_calls }} AS c
WHERE
    c.STARTDATETIME >= %(interval_start)s
    AND c.STARTDATETIME < %(interval_end)s
    AND c.METADATA:id::STRING IS NOT NULL

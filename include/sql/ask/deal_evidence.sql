-- Risk indicators (with quotes and moments) on the calls of the given opportunities, strongest first.
SELECT
    r.OPPORTUNITY_ID,
    r.CALL_ID,
    r.CALL_DATETIME_UTC,
    r.TITLE,
    r.CALL_URL,
    r.RISK_TYPE,
    r.SEVERITY,
    r.QUOTE,
    r.START_MS,
    r.SPEAKER
FROM {{ t.schema('STG_TRANSFORMED') }}.V_CALL_RISKS AS r
WHERE r.OPPORTUNITY_ID IN ({% for i in range(n_ids | default(1)) %}%(id_{{ i }})s{{ ", " if not loop.last }}{% endfor %})
ORDER BY
    r.OPPORTUNITY_ID,
    CASE r.SEVERITY WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
    r.CALL_DATETIME_UTC DESC,
    r.RISK_ORDINAL;

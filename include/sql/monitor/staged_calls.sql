-- STG calls a run touched: calls that started in the run's window, plus rows (re)written since
-- %(loaded_since)s when given. Dates and timestamps are read as text (see validate.quarantine.read_staged).
SELECT
    {% for c in columns -%}
    {% if c in text_columns %}{{ c }}::VARCHAR AS {{ c }}{% else %}{{ c }}{% endif %}{{ "," if not loop.last }}
    {% endfor -%}
FROM {{ t.stg_calls }}
WHERE (CALL_DATETIME_UTC >= %(interval_start)s AND CALL_DATETIME_UTC < %(interval_end)s)
    OR (%(loaded_since)s IS NOT NULL AND _LOADED_AT >= %(loaded_since)s)
ORDER BY CALL_ID

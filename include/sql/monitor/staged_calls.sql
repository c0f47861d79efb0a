-- STG calls a run touched, for one batch of calls (staged_call_batches.sql; both bounds NULL: the whole
-- window): calls that started in the run's window, plus rows (re)written since %(loaded_since)s when given.
-- Dates and timestamps are read as text (see validate.quarantine.read_staged).
{% from 'validate/macros.jinja' import staged_in_scope, in_call_batch with context %}
SELECT
    {% for c in columns -%}
    {% if c in text_columns %}c.{{ c }}::VARCHAR AS {{ c }}{% else %}c.{{ c }}{% endif %}{{ "," if not loop.last }}
    {% endfor -%}
FROM {{ t.stg_calls }} AS c
WHERE
    {{ staged_in_scope('c') }}
    AND {{ in_call_batch('c.CALL_ID') }}
-- In call id order, as the batches are cut (ties broken so that the order is the same on every read).
ORDER BY c.CALL_ID, c.SOURCE_HASH, c._LOADED_AT

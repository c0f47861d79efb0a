-- Remove the DQ results of (run, step, check) pairs about to be rewritten, so retries do not double count.
DELETE FROM {{ t.dq_results }}
WHERE RUN_ID = %(run_id)s
    AND (
        {% for i in range(n) -%}
        (STEP = %(step{{ i }})s AND CHECK_NAME = %(check{{ i }})s){{ " OR" if not loop.last }}
        {% endfor -%}
    )

-- Remove quarantine rows a retried task is about to rewrite (QUARANTINE_ID is deterministic per run/step/row).
DELETE FROM {{ t.quarantine }}
WHERE QUARANTINE_ID IN ({% for i in range(n) %}%(id{{ i }})s{{ ", " if not loop.last }}{% endfor %})

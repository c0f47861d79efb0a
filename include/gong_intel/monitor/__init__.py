"""Pipeline monitoring: per-step run accounting (``steps``) and run-health / daily-digest queries (``health``)."""

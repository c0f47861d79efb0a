"""Connection arguments for the real scheduler's SQLite metadata database.

The scheduler, DAG processor, triggerer, API server and the CLI all write to one SQLite file. SQLite lets one
writer in at a time and, by default, a waiting writer gives up after 5 s with "database is locked" — which a
busy scheduler on 2 cores can exceed (seen on ``airflow backfill create``). Waiting up to a minute makes
concurrent writers queue instead of fail. Airflow imports these through ``[database] sql_alchemy_connect_args``.
"""

SYNC_CONNECT_ARGS = {"timeout": 60}
ASYNC_CONNECT_ARGS = {"timeout": 60}

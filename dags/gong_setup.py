"""
### Gong call intelligence — setup

Run once per environment, and again after an upgrade (every step is idempotent):

* **warehouse_ddl** — creates the database, the schemas `RAW_AIRBYTE`, `STG_TRANSFORMED`, `AI_MEMORY`,
  `PIPELINE_MONITOR` and every table (`CREATE ... IF NOT EXISTS`, files in `include/sql/ddl/`).
* **analyst_views** — (re)creates the documented views for common questions (`include/sql/views/`).
* **airbyte_bootstrap** — production only (`ingest_mode = airbyte`): creates or updates the Gong source, the
  Snowflake destination and the connection in Airbyte and logs the connection id to put in `gong_intel_config`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import DAG, task

from include.gong_intel.alerts.notifiers import failure_notifier
from include.gong_intel.pipeline import tasks

with DAG(
    dag_id="gong_setup",
    description="Warehouse DDL, analyst views and Airbyte connection bootstrap",
    doc_md=__doc__,
    schedule=None,
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    tags=["gong", "snowflake", "airbyte", "setup"],
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=1),
        "on_failure_callback": failure_notifier(),
    },
) as dag:
    ddl = task(tasks.setup_warehouse, task_id="warehouse_ddl")()
    views = task(tasks.create_views, task_id="analyst_views")()
    bootstrap = task(tasks.bootstrap_airbyte, task_id="airbyte_bootstrap")()
    ddl >> views >> bootstrap

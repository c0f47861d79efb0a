"""
### Gong call intelligence — preflight

Trigger by hand after deploying (and after rotating a secret), before unpausing `gong_call_intelligence`. One
task per system verifies the configured environment for real and logs one line per check, each failure with
what to fix:

* **secrets** — the Pulumi ESC environment opens and holds every mapped key (skipped without the ESC backend);
* **snowflake** — login, role, the four schemas, the pipeline's privileges and the query role's grants;
* **gong** — authentication and each API scope the pipeline reads with (one call each);
* **airbyte** — workspace, the Gong -> Snowflake connection, its source and destination;
* **cohere** — the chat, embed and rerank models;
* **slack** — the alerts webhook; a test message only when `slack_test_message` is set.

The same checks run from a shell: `python -m include.gong_intel.preflight [--slack-test-message]`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import DAG, Param, task

from include.gong_intel.alerts.notifiers import failure_notifier
from include.gong_intel.preflight.tasks import preflight_system

SYSTEMS = ("secrets", "snowflake", "gong", "airbyte", "cohere", "slack")

with DAG(
    dag_id="gong_preflight",
    description="Verify every connection of the configured environment before the first run",
    doc_md=__doc__,
    schedule=None,
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    tags=["gong", "setup", "preflight"],
    render_template_as_native_obj=True,
    params={"slack_test_message": Param(False, type="boolean", description="post one test message to Slack")},
    default_args={
        "owner": "data-platform",
        # A failed check fails the task without retrying (AirflowFailException); retries cover worker loss.
        "retries": 2,
        "retry_delay": timedelta(seconds=30),
        "on_failure_callback": failure_notifier(),
    },
) as dag:
    for system in SYSTEMS:
        task(preflight_system, task_id=system)(
            system=system,
            slack_test_message="{{ params.slack_test_message }}" if system == "slack" else False,
        )

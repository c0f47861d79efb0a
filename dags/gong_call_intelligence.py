"""
### Gong call intelligence — daily

Turns the sales team's Gong calls into analysed, searchable data in Snowflake.

`ingest` → `reconcile` → `transform` → `validate` → `enrich` (mapped over batches) → `publish`

* **ingest** — production: the Airbyte connection syncing Gong into `RAW_AIRBYTE` (deferrable, no worker slot
  held while Airbyte works). Local: the Gong API loader lands the same tables in Airbyte's layout. Chosen by the
  `ingest_mode` key of the `gong_intel_config` Variable.
* **reconcile** — on both paths: transcripts Gong finished after their call landed are asked for again by
  id (`late_transcript_delay_hours`); the calls Gong lists for the window are compared with what landed, and
  missing calls raise a data-quality alert.
* **transform** — Snowflake SQL in `include/sql/stage/`: `STG_GONG_USERS`, `STG_GONG_CALLS`,
  `STG_GONG_CALL_TRANSCRIPTS`, merged on natural keys over the run's window plus late-arriving rows.
* **validate** — Pandera checks of the staged rows; failures go to `PIPELINE_MONITOR.QUARANTINE` and Slack.
* **enrich** — summaries, topics, risks, sentiment, entities and embeddings (Cohere in production, an offline
  engine locally) for new or changed calls only; transcript memory in `AI_MEMORY`.
* **publish** — analyst views, run-health accounting, data-quality and digest messages.

**Runs.** The scheduled run for day D starts just after D ends (00:00 UTC) and processes the calls that
started on D. `airflow backfill create --from-date A --to-date B` processes exactly the days A..B, one run
per day, one run at a time (the `wait_for_earlier_run` gate). A manual run (UI, CLI or REST API, with or
without a logical date) processes `from_date`..`to_date` (both inclusive) when given, else the last whole
UTC day before it was triggered. `refetch: true` re-reads that window from the Gong API (Gong API ingest;
an Airbyte sync always continues from its own cursor). Only scheduled runs post the daily digest, and the
deadline alert is for scheduled and manual runs, not backfills.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.configuration import conf
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, CronDataIntervalTimetable, Param, TaskGroup, chain, task

from include.gong_intel.airbyte.sync import airbyte_sync_tasks
from include.gong_intel.alerts.notifiers import deadline_alert, failure_notifier
from include.gong_intel.pipeline import tasks
from include.gong_intel.transform import PARAMETER_TEMPLATES, STAGE_FILES
from include.gong_intel.warehouse.operator import WarehouseQueryOperator
from include.gong_intel.warehouse.sql import SQL_DIR, dag_macros

# run_id comes from the task context (TaskFlow injects it by parameter name).
RUN = {"dag_id": "{{ dag.dag_id }}"}
# Minutes from queueing after which on-call hears the daily run is late ([gong_intel] deadline_minutes in
# airflow.cfg, or AIRFLOW__GONG_INTEL__DEADLINE_MINUTES); 0 disables the alert.
DEADLINE_MINUTES = conf.getint("gong_intel", "deadline_minutes", fallback=180)

with DAG(
    dag_id="gong_call_intelligence",
    description="Gong calls -> RAW_AIRBYTE -> STG_TRANSFORMED -> enrichment -> AI_MEMORY",
    doc_md=__doc__,
    # Interval semantics (not "@daily", a zero-length trigger timetable in Airflow 3): the run for day D has
    # the data interval [D, D+1), so scheduled runs and backfills process exactly their day.
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    tags=["gong", "snowflake", "airbyte", "cohere", "call-intelligence"],
    params={
        "from_date": Param(
            None, type=["null", "string"], format="date", description="first day to reprocess"
        ),
        "to_date": Param(
            None, type=["null", "string"], format="date", description="last day to reprocess (inclusive)"
        ),
        "refetch": Param(
            False, type="boolean", description="re-read the window from the Gong API instead of the cursor"
        ),
    },
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=20),
        "execution_timeout": timedelta(hours=2),
        "on_failure_callback": failure_notifier(),
    },
    deadline=(
        deadline_alert(timedelta(minutes=DEADLINE_MINUTES), name="daily call intelligence late")
        if DEADLINE_MINUTES > 0
        else None
    ),
    template_searchpath=[str(SQL_DIR)],
    user_defined_macros=dag_macros(),
    render_template_as_native_obj=False,
) as dag:
    # Read from dag_run, not the top-level template variables: a manual run without a logical date has no
    # data interval, and `{{ data_interval_start }}` would be undefined.
    window = task(tasks.plan_window, task_id="plan_window")(
        run_type="{{ dag_run.run_type }}",
        interval_start="{{ dag_run.data_interval_start }}",
        interval_end="{{ dag_run.data_interval_end }}",
        logical_date="{{ dag_run.logical_date }}",
        run_after="{{ dag_run.run_after }}",
        from_date="{{ params.from_date }}",
        to_date="{{ params.to_date }}",
        refetch="{{ params.refetch }}",
    )
    wait_for_earlier_run = task.sensor(
        tasks.earlier_run_finished,
        task_id="wait_for_earlier_run",
        mode="reschedule",
        poke_interval=15,
        timeout=timedelta(hours=12),
    )()

    choose_ingest = task.branch(tasks.choose_ingest_path, task_id="choose_ingest_path")(window=window)
    with TaskGroup("ingest") as ingest:
        airbyte_trigger, airbyte_wait = airbyte_sync_tasks(
            airbyte_conn_id="airbyte_default",
            connection_id_template="{{ cfg.airbyte_connection_id }}",
            timeout=timedelta(hours=1),
        )
        airbyte_recorded = task(tasks.record_airbyte_ingest, task_id="record_airbyte_ingest")(
            job_id=airbyte_trigger.output, window=window, **RUN
        )
        airbyte_wait >> airbyte_recorded
        gong_api = task(tasks.load_gong_api, task_id="load_gong_api")(window=window, **RUN)
    landed = EmptyOperator(task_id="landed", trigger_rule="none_failed_min_one_success")
    late_transcripts = task(tasks.reconcile_late_transcripts, task_id="reconcile_late_transcripts")(
        window=window, **RUN
    )
    completeness = task(tasks.check_ingest_completeness, task_id="check_ingest_completeness")(
        window=window, **RUN
    )
    raw_checks = task(tasks.validate_raw, task_id="validate_raw")(window=window, **RUN)

    with TaskGroup("transform") as transform:
        stage_tasks = [
            WarehouseQueryOperator(
                task_id=path.rsplit("/", 1)[-1].removesuffix(".sql").lstrip("0123456789_"),
                conn_id="{{ cfg.snowflake_conn_id }}",
                sql=path,
                parameters={
                    **PARAMETER_TEMPLATES,
                    # The run's window (a manual date range or the data interval), not the raw interval.
                    "interval_start": "{{ ti.xcom_pull(task_ids='plan_window')['interval_start'] }}",
                    "interval_end": "{{ ti.xcom_pull(task_ids='plan_window')['interval_end'] }}",
                },
                split_statements=True,
                return_last=False,
                do_xcom_push=False,
            )
            for path in STAGE_FILES
        ]
        chain(*stage_tasks)

    stage_checks = task(tasks.check_stage, task_id="check_stage")(window=window, **RUN)
    validate = task(tasks.validate_staged, task_id="validate_staged")(window=window, **RUN)

    batches = task(tasks.plan_enrichment, task_id="plan_enrichment")()
    enrich = (
        task(
            tasks.enrich_batch_task,
            task_id="enrich_batch",
            pool="cohere_api",
            max_active_tis_per_dag=4,
            retries=3,
        )
        .partial(**RUN)
        .expand(call_ids=batches)
    )

    publish = task(tasks.publish, task_id="publish", trigger_rule="none_failed")(
        window=window, enrich_results=enrich, **RUN
    )

    window >> wait_for_earlier_run >> choose_ingest >> [airbyte_trigger, gong_api]
    (
        [airbyte_recorded, gong_api]
        >> landed
        >> late_transcripts
        >> completeness
        >> raw_checks
        >> transform
        >> stage_checks
        >> validate
        >> batches
    )

"""Task callables of the DAGs: thin adapters from Airflow's run context to the domain functions.

Each function takes plain values (rendered from templates by the DAG) and returns small JSON-safe dicts
for XCom: counts and ids, never records or secrets. Heavy imports stay inside the functions so that DAG
files parse fast.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

log = logging.getLogger(__name__)

INGEST_AIRBYTE_TASK = "ingest.airbyte_trigger_sync"
INGEST_GONG_API_TASK = "ingest.load_gong_api"


def _parse_ts(value: Any) -> datetime | None:
    from include.gong_intel.pipeline.runs import parse_ts

    return parse_ts(value)


def _window_bound(window: dict[str, Any], key: str) -> datetime:
    """``interval_start`` or ``interval_end`` of a run window: every planned window has both."""
    from include.gong_intel.pipeline.runs import RunPlanError

    ts = _parse_ts(window.get(key))
    if ts is None:
        raise RunPlanError(f"the run window has no {key}: {window!r}")
    return ts


def _no_retry(error: BaseException) -> BaseException:
    """An error that cannot pass on a retry (bad parameters, bad configuration, rejected credentials)."""
    from airflow.providers.common.compat.sdk import AirflowFailException

    failure = AirflowFailException(f"{type(error).__name__}: {error}")
    failure.__cause__ = error
    return failure


def _settings():
    """The run's settings; a malformed ``gong_intel_config`` fails the task at once, without retries."""
    from include.gong_intel.config import ConfigError, load_settings

    try:
        return load_settings()
    except ConfigError as e:
        raise _no_retry(e) from e


def plan_window(
    run_type: Any = None,
    interval_start: Any = None,
    interval_end: Any = None,
    logical_date: Any = None,
    run_after: Any = None,
    from_date: Any = None,
    to_date: Any = None,
    refetch: Any = False,
) -> dict[str, Any]:
    """The run's window and kind (see :mod:`include.gong_intel.pipeline.runs`), for every later task."""
    from include.gong_intel.pipeline.runs import RunPlanError, plan_run

    try:
        plan = plan_run(
            run_type=run_type,
            interval_start=interval_start,
            interval_end=interval_end,
            logical_date=logical_date,
            run_after=run_after,
            from_date=from_date,
            to_date=to_date,
            refetch=refetch,
        )
    except RunPlanError as e:
        raise _no_retry(e) from e
    log.info("Run window: [%s, %s) — %s", plan.start.isoformat(), plan.end.isoformat(), plan.describe())
    return plan.as_xcom()


def earlier_run_finished(**context: Any) -> bool:
    """Sensor: True once the run before this one (by logical date) is no longer running.

    Backfill runs have their own concurrency limit (``--max-active-runs``, 10 by default) and ignore the
    DAG's ``max_active_runs=1``; this gate makes them, and any run whose predecessor is still at work, take
    turns in date order. Queued or finished predecessors do not hold a run back, so the gate cannot
    deadlock, and a failed day does not block the next.
    """
    ti = context["ti"]
    previous = ti.get_previous_dagrun()
    if previous is None:
        return True
    state = str(getattr(previous.state, "value", previous.state))
    if state == "running":
        log.info("waiting for the earlier run %s (still running) to finish", previous.run_id)
        return False
    return True


def choose_ingest_path(window: dict[str, Any] | None = None) -> str:
    """Branch on configuration: the Airbyte sync in production, the Gong API loader locally."""
    settings = _settings()
    path = INGEST_AIRBYTE_TASK if settings.ingest_mode == "airbyte" else INGEST_GONG_API_TASK
    log.info("ingest_mode=%s -> %s", settings.ingest_mode, path)
    if settings.ingest_mode == "airbyte" and window and window.get("refetch"):
        log.warning(
            "refetch is for the Gong API ingest: the Airbyte sync continues from Airbyte's own cursor and does "
            "not re-read [%s, %s) (reset the stream in Airbyte to re-read it); the run re-stages, re-validates "
            "and re-enriches what is landed for its window",
            window["interval_start"],
            window["interval_end"],
        )
    return path


def record_airbyte_ingest(
    job_id: Any, window: dict[str, Any], run_id: str, dag_id: str = ""
) -> dict[str, Any]:
    """RUN_STEPS accounting of the Airbyte sync, as the Gong API loader records its own: rows, bytes, time."""
    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

    settings = _settings()
    job = AirbyteHook(airbyte_conn_id=settings.airbyte_conn_id).get_job_details(int(job_id))
    rows = int(getattr(job, "rows_synced", None) or 0)
    details = {
        "airbyte_job_id": int(job_id),
        "connection_id": settings.airbyte_connection_id,
        "status": str(getattr(getattr(job, "status", None), "value", getattr(job, "status", ""))),
        "rows_synced": rows,
        "bytes_synced": int(getattr(job, "bytes_synced", None) or 0),
        "duration": str(getattr(job, "duration", "") or ""),
    }
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="ingest",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=rows,
        rows_written=rows,
        api_requests=0,
        duration_s=0.0,
        details=details,
    )
    log.info("Airbyte job %s synced %d rows", job_id, rows)
    return details


def _hook(settings):
    from include.gong_intel.warehouse.hook import WarehouseHook

    return WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)


def setup_warehouse() -> list[str]:
    """Create the database, schemas and tables (idempotent)."""
    from include.gong_intel.warehouse.setup import apply_ddl

    settings = _settings()
    return apply_ddl(_hook(settings), settings)


def load_gong_api(window: dict[str, Any], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """Land Gong users, calls and transcripts in RAW_AIRBYTE exactly as Airbyte would (local ingest path).

    A daily run continues from the landed cursor minus ``ingest_lookback_days`` (Gong keeps enriching calls
    after they happen) up to now. A run planned with ``refetch`` re-reads exactly its window from Gong.
    Rejected credentials fail the task at once: a retry would be rejected the same way.
    """
    from include.gong_intel.gong.hook import GongAuthError, GongHook
    from include.gong_intel.gong.loader import load_gong_to_raw

    settings = _settings()
    start, end = _window_bound(window, "interval_start"), _window_bound(window, "interval_end")
    refetch = bool(window.get("refetch"))
    started = time.monotonic()
    gong = GongHook(gong_conn_id=settings.gong_conn_id)
    if refetch:
        log.info("refetch: re-reading Gong for [%s, %s)", start, end)
        since, until, lookback = start, end, None
    else:
        until = max(end, datetime.now(UTC))
        since, lookback = (
            until - timedelta(days=settings.ingest_initial_days),
            timedelta(days=settings.ingest_lookback_days),
        )
    try:
        stats = load_gong_to_raw(
            gong, _hook(settings), tables=settings.tables, since=since, until=until, lookback=lookback
        )
    except GongAuthError as e:
        raise _no_retry(e) from e
    result = _jsonable(asdict(stats))
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="ingest",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=stats.total_rows,
        rows_written=stats.total_rows,
        api_requests=result.get("requests", 0),
        duration_s=time.monotonic() - started,
        details=result,
    )
    return result


def reconcile_late_transcripts(window: dict[str, Any], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """Land transcripts Gong finished after their call was ingested (both ingest paths).

    Landed calls still without a transcript ``late_transcript_delay_hours`` after they started (and at most
    ``late_transcript_max_age_days`` old) are asked for again through the Gong API by id, 100 a request, and
    landed in RAW_AIRBYTE.CALLTRANSCRIPTS; counted in RUN_STEPS as step ``reconcile_transcripts``.
    """
    from include.gong_intel.gong.hook import GongAuthError, GongHook
    from include.gong_intel.gong.reconcile import reconcile_late_transcripts as reconcile

    settings = _settings()
    started = time.monotonic()
    try:
        result = reconcile(GongHook(gong_conn_id=settings.gong_conn_id), _hook(settings), settings)
    except GongAuthError as e:
        raise _no_retry(e) from e
    details = {
        "candidates": result.candidates,
        "landed": result.landed,
        "still_missing": len(result.still_missing),
        "still_missing_sample": list(result.still_missing[:10]),
        "delay_hours": settings.late_transcript_delay_hours,
    }
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="reconcile_transcripts",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=result.candidates,
        rows_written=result.landed,
        api_requests=result.requests,
        duration_s=time.monotonic() - started,
        details=details,
    )
    return details


def check_ingest_completeness(window: dict[str, Any], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """Compare the calls Gong lists for the run's window with the calls landed for it (both ingest paths).

    Missing calls become a DQ_RESULTS row (check ``calls_landed_vs_gong``) and a Slack data-quality alert;
    more missing than ``dq_max_failure_ratio`` fails the task without retries (an Airbyte sync that reported
    success after landing nothing); the comparison is recorded in RUN_STEPS as step ``completeness``.
    """
    from airflow.providers.common.compat.sdk import AirflowFailException

    from include.gong_intel.alerts.notifiers import send_dq_alert
    from include.gong_intel.gong.hook import GongAuthError, GongHook
    from include.gong_intel.gong.reconcile import check_completeness
    from include.gong_intel.validate import write_dq_results

    settings = _settings()
    started = time.monotonic()
    hook = _hook(settings)
    start, end = _window_bound(window, "interval_start"), _window_bound(window, "interval_end")
    try:
        result = check_completeness(
            GongHook(gong_conn_id=settings.gong_conn_id), hook, settings, start=start, end=end
        )
    except GongAuthError as e:
        raise _no_retry(e) from e
    dq = result.dq_result(settings.dq_max_failure_ratio)
    write_dq_results(hook, settings, run_id, [dq])
    if dq.failed:
        send_dq_alert([dq], slack_conn_id=settings.slack_conn_id, run_url=_run_url(dag_id, run_id))
    details = {
        "gong_calls": result.gong_calls,
        "gong_total_records": result.gong_total,
        "landed_calls": result.landed_calls,
        "missing": len(result.missing),
        "missing_sample": list(dq.sample_keys),
    }
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="completeness",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=result.gong_calls,
        rows_written=result.landed_calls,
        api_requests=result.requests,
        duration_s=time.monotonic() - started,
        details=details,
    )
    if dq.breached:
        raise AirflowFailException(
            f"{len(result.missing)} of the {result.gong_calls} calls Gong lists for [{start}, {end}) did not "
            f"land in {settings.tables.raw_extensive_calls} (more than {settings.dq_max_failure_ratio:.1%})"
        )
    return details


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def _record(settings, **kwargs: Any) -> None:
    """Per-step accounting in PIPELINE_MONITOR.RUN_STEPS; monitoring must never fail the step itself."""
    try:
        from include.gong_intel.monitor.steps import record_step
    except ImportError:  # monitoring package not installed in this deployment
        return
    interval = kwargs.pop("interval", (None, None))
    try:
        record_step(
            _hook(settings),
            settings,
            interval_start=_parse_ts(interval[0]),
            interval_end=_parse_ts(interval[1]),
            rows_quarantined=kwargs.pop("rows_quarantined", 0),
            status=kwargs.pop("status", "success"),
            **kwargs,
        )
    except Exception:
        log.warning("could not record step accounting", exc_info=True)


def _run_url(dag_id: str, run_id: str) -> str | None:
    from include.gong_intel.alerts.messages import dag_run_url

    try:
        return dag_run_url(dag_id, run_id)
    except Exception:
        return None


def _summary(outcomes) -> dict[str, Any]:
    return {
        o.step: {"rows_in": o.rows_in, "rows_passed": o.rows_passed, "rows_quarantined": o.rows_quarantined}
        for o in outcomes
    }


def _check_window(step: str, checks: Any, window: dict[str, str], run_id: str, dag_id: str) -> dict[str, Any]:
    """Run a validation over the run's window: quarantine, DQ results, Slack, RUN_STEPS, then the threshold.

    Above the threshold the task fails without retries (``AirflowFailException``): the rows would fail the
    same way again, and the data-quality alert has already told on-call which checks and keys.
    """
    from airflow.providers.common.compat.sdk import AirflowFailException

    from include.gong_intel.alerts.notifiers import send_dq_alert
    from include.gong_intel.validate import DataQualityError, raise_if_over_threshold

    settings = _settings()
    started = time.monotonic()
    outcomes = checks(
        _hook(settings),
        settings,
        run_id,
        _parse_ts(window["interval_start"]),
        _parse_ts(window["interval_end"]),
    )
    summary = _summary(outcomes)
    send_dq_alert(
        [r for o in outcomes for r in o.results],
        slack_conn_id=settings.slack_conn_id,
        run_url=_run_url(dag_id, run_id),
    )
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step=step,
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=sum(o.rows_in for o in outcomes),
        rows_written=sum(o.rows_passed for o in outcomes),
        rows_quarantined=sum(o.rows_quarantined for o in outcomes),
        duration_s=time.monotonic() - started,
        details=summary,
    )
    try:
        raise_if_over_threshold(outcomes, settings)
    except DataQualityError as breach:
        raise AirflowFailException(str(breach)) from breach
    return summary


def check_stage(window: dict[str, Any], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """Count what the stage SQL quarantined like every other check: RUN_STEPS, DQ results, Slack, threshold.

    The stage files quarantine raw rows Airbyte could not type or that have no call id or start time; this
    task makes those rows reach people (and the run's health) instead of only the QUARANTINE table.
    """
    from include.gong_intel.alerts.notifiers import send_dq_alert
    from include.gong_intel.transform import stage_dq_results, stage_parameters, stage_summary
    from include.gong_intel.validate import write_dq_results

    settings = _settings()
    started = time.monotonic()
    hook = _hook(settings)
    params = stage_parameters(
        interval_start=window["interval_start"], interval_end=window["interval_end"], run_id=run_id
    )
    summary = stage_summary(hook, settings, params)
    results = stage_dq_results(summary, threshold=settings.dq_max_failure_ratio)
    if results:
        write_dq_results(hook, settings, run_id, results)
        send_dq_alert(results, slack_conn_id=settings.slack_conn_id, run_url=_run_url(dag_id, run_id))
    staged = summary["metrics"].get("calls_in_interval", 0)
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="transform",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=staged + summary["quarantined"],
        rows_written=staged,
        rows_quarantined=summary["quarantined"],
        duration_s=time.monotonic() - started,
        details=summary,
    )
    breached = [r for r in results if r.breached]
    if breached:
        from airflow.providers.common.compat.sdk import AirflowFailException

        detail = ", ".join(f"{r.check}: {r.failed}/{r.total}" for r in breached)
        raise AirflowFailException(
            f"stage quarantined more than {settings.dq_max_failure_ratio:.1%} of the rows it read: {detail}"
        )
    return summary


def validate_raw(window: dict[str, str], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """Pandera checks of the RAW_AIRBYTE calls and transcripts the transform will stage (runs between
    ``landed`` and the transform; the stage skips what it quarantines)."""
    from include.gong_intel.validate import validate_raw as checks

    return _check_window("validate_raw", checks, window, run_id, dag_id)


def validate_staged(window: dict[str, str], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """Pandera checks of the staged rows of the run's window."""
    from include.gong_intel.validate import validate_staged as checks

    return _check_window("validate", checks, window, run_id, dag_id)


def plan_enrichment() -> list[list[str]]:
    """Batches of call ids needing enrichment (new, changed, or enriched by an older model)."""
    from include.gong_intel.pipeline.enrich_step import plan_enrichment as plan

    batches = plan(_settings())
    log.info("%d call(s) to enrich in %d batch(es)", sum(map(len, batches)), len(batches))
    return batches


def enrich_batch_task(call_ids: list[str], run_id: str, dag_id: str = "") -> dict[str, Any]:
    """One mapped batch: analyse, embed, validate and write the calls (each call all-or-nothing).

    The output gate's DQ alert goes to Slack when a check failed. A breach of the failure threshold fails
    the task without retries: the good calls are written, and a retry would only re-ask the model about
    the rejected ones until their attempts run out, then pass with nothing checked.
    """
    from functools import partial

    from airflow.providers.common.compat.sdk import AirflowFailException

    from include.gong_intel.alerts.notifiers import send_dq_alert
    from include.gong_intel.pipeline.enrich_step import run_enrichment_batch
    from include.gong_intel.validate import DataQualityError

    settings = _settings()
    alert = partial(send_dq_alert, slack_conn_id=settings.slack_conn_id, run_url=_run_url(dag_id, run_id))
    try:
        return run_enrichment_batch(settings, call_ids, run_id=run_id, alert=alert)
    except DataQualityError as breach:
        raise AirflowFailException(str(breach)) from breach


def create_views() -> list[str]:
    """(Re)create the documented analyst views in STG_TRANSFORMED."""
    from include.gong_intel.ask.views import create_views as create

    settings = _settings()
    return create(_hook(settings), settings)


def bootstrap_airbyte() -> dict[str, Any]:
    """Create or update the Gong -> Snowflake Airbyte connection (production ingest only)."""

    settings = _settings()
    if settings.ingest_mode != "airbyte":
        log.info("ingest_mode=%s: no Airbyte connection to bootstrap", settings.ingest_mode)
        return {"skipped": True}
    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

    from include.gong_intel.airbyte.bootstrap import (
        GongSourceConfig,
        SnowflakeDestConfig,
        bootstrap_gong_connection,
    )

    if not settings.airbyte_workspace_id:
        raise _no_retry(
            ValueError(
                "ingest_mode 'airbyte': set airbyte_workspace_id in the gong_intel_config Variable so that "
                "gong_setup can create the Gong -> Snowflake connection there"
            )
        )
    try:
        gong = GongSourceConfig.from_airflow(settings.gong_conn_id)
        # Airbyte lands where the pipeline reads: the configured database, whatever the connection's extra says.
        snowflake = SnowflakeDestConfig.from_airflow(settings.snowflake_conn_id, database=settings.database)
    except ValueError as e:  # a connection lacking what Airbyte's destination needs (role, warehouse, ...)
        raise _no_retry(e) from e
    result = bootstrap_gong_connection(
        AirbyteHook(airbyte_conn_id=settings.airbyte_conn_id),
        workspace_id=settings.airbyte_workspace_id,
        gong=gong,
        snowflake=snowflake,
    )
    if settings.airbyte_connection_id and settings.airbyte_connection_id != result.connection_id:
        log.warning(
            "gong_intel_config names airbyte_connection_id %s, but the bootstrapped connection is %s",
            settings.airbyte_connection_id,
            result.connection_id,
        )
    log.info("Set airbyte_connection_id=%s in the gong_intel_config Variable", result.connection_id)
    return {"connection_id": result.connection_id, "created": result.created}


def publish(
    window: dict[str, str], enrich_results: list[dict[str, Any]] | None, run_id: str, dag_id: str = ""
) -> dict[str, Any]:
    """Views, run accounting for enrichment, run health and the daily digest."""
    from include.gong_intel.alerts.notifiers import send_daily_digest
    from include.gong_intel.ask.views import create_views as create
    from include.gong_intel.monitor.health import daily_digest, run_health
    from include.gong_intel.pipeline.enrich_step import summarise

    settings = _settings()
    hook = _hook(settings)
    enrichment = summarise(list(enrich_results or []))
    usage = enrichment["usage"]
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="enrich",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=enrichment["calls_in"],
        rows_written=enrichment["calls_enriched"],
        rows_quarantined=enrichment["calls_quarantined"],
        api_requests=usage.get("requests", 0),
        tokens_in=usage.get("input_tokens", 0),
        tokens_out=usage.get("output_tokens", 0),
        duration_s=enrichment["duration_s"],
        details=enrichment,
    )
    # The output gate's accounting over every batch: calls checked = passed + quarantined.
    _record(
        settings,
        run_id=run_id,
        dag_id=dag_id,
        step="enrich_output",
        interval=(window["interval_start"], window["interval_end"]),
        rows_read=enrichment["output_checked"],
        rows_written=enrichment["output_passed"],
        rows_quarantined=enrichment["output_quarantined"],
        duration_s=0.0,  # the gate runs inside the batches; their time is the enrich step's
        details={k: enrichment[k] for k in ("output_checked", "output_passed", "output_quarantined")},
    )
    views = create(hook, settings)
    health = run_health(hook, settings, run_id)
    result: dict[str, Any] = {"views": len(views), "enrichment": enrichment, "run_ok": health.ok}
    result["totals"] = health.totals()
    if not window.get("posts_digest", True):
        log.info("%s run: no daily digest (only scheduled runs report new findings)", window.get("run_kind"))
    elif settings.daily_digest:
        day = (_window_bound(window, "interval_end") - timedelta(seconds=1)).date()
        digest = daily_digest(hook, settings, day)
        result["digest_delivered"] = send_daily_digest(
            digest.to_daily_digest(), slack_conn_id=settings.slack_conn_id, run_url=_run_url(dag_id, run_id)
        )
    log.info("run %s: %s", run_id, result)
    return result

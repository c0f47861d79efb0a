"""RAW_AIRBYTE -> STG_TRANSFORMED: the stage SQL files in run order, and a helper that runs them.

The SQL lives in ``include/sql/stage`` (see each file's header for what it does and why). In the DAG every
file is one ``WarehouseQueryOperator`` task with the bind parameters of :func:`stage_parameters`; outside
Airflow (tests, tools, a manual re-run) :func:`run_stage` renders and runs the same files with the same
parameters, so both paths execute identical SQL.

Bind parameters of every stage file:

* ``interval_start`` / ``interval_end`` — the run's data interval as ISO-8601 strings with an offset (e.g.
  ``{{ data_interval_start }}``), applied to the call's start time, end exclusive;
* ``run_id`` — the Airflow run id; it keys this run's watermark capture and its quarantine records.

Importing this module is cheap (DAG files import it).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

# Order matters: users before calls (rep names), calls before transcripts (speakers, waiting transcripts),
# the watermark last (it only moves once everything before it succeeded).
STAGE_FILES: tuple[str, ...] = (
    "stage/00_open_run.sql",
    "stage/10_quarantine_raw.sql",
    "stage/20_stg_users.sql",
    "stage/30_stg_calls.sql",
    "stage/40_stg_transcripts.sql",
    "stage/90_advance_watermark.sql",
)

# Read-only counts for run accounting and the data-quality alert; not part of the stage itself.
SUMMARY_FILE = "stage/summary.sql"
SAMPLES_FILE = "monitor/stage_quarantine_samples.sql"

# The parameters as the DAG templates them.
PARAMETER_TEMPLATES: dict[str, str] = {
    "interval_start": "{{ data_interval_start }}",
    "interval_end": "{{ data_interval_end }}",
    "run_id": "{{ run_id }}",
}


def stage_parameters(
    *, interval_start: datetime | str, interval_end: datetime | str, run_id: str
) -> dict[str, str]:
    """Bind parameters of the stage files, checked.

    :param interval_start: start of the data interval (inclusive), time-zone aware.
    :param interval_end: end of the data interval (exclusive), time-zone aware, after the start.
    :param run_id: the run's id (non-empty).
    :raises ValueError: a bound is not ISO-8601, has no offset (Snowflake would read it in the session's time
        zone), or the interval is empty; or the run id is empty.
    """
    start = _aware("interval_start", interval_start)
    end = _aware("interval_end", interval_end)
    if end <= start:
        raise ValueError(
            f"empty data interval: interval_end {end.isoformat()} <= interval_start {start.isoformat()}"
        )
    if not str(run_id or "").strip():
        raise ValueError("run_id must be a non-empty string")
    return {"interval_start": start.isoformat(), "interval_end": end.isoformat(), "run_id": str(run_id)}


def _aware(name: str, value: datetime | str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{name} is not an ISO-8601 date-time: {value!r}") from None
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime or an ISO-8601 string, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} has no time-zone offset: {value.isoformat()}")
    return value


def run_stage(
    hook: Any,
    settings: Any,
    *,
    interval_start: datetime | str,
    interval_end: datetime | str,
    run_id: str,
    files: tuple[str, ...] = STAGE_FILES,
) -> dict[str, Any]:
    """Render and run the stage files in order for one data interval, then read the run's summary.

    Safe to repeat: every file is idempotent, so re-running an interval, overlapping intervals or a backfill
    leaves one row per key with identical content.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's :class:`~include.gong_intel.config.Settings`.
    :param interval_start: data interval start (inclusive), time-zone aware.
    :param interval_end: data interval end (exclusive), time-zone aware.
    :param run_id: the run's id.
    :param files: the files to run (default: all of :data:`STAGE_FILES`).
    :return: ``{"parameters": {...}, "files": [...], "metrics": {name: count}, "quarantined": n}`` where
        metrics holds ``quarantined.<check>`` (records first found by this run), ``calls_in_interval``,
        ``calls_without_transcript`` and ``segments_in_interval``.
    """
    from include.gong_intel.warehouse.sql import render

    params = stage_parameters(interval_start=interval_start, interval_end=interval_end, run_id=run_id)
    for path in files:
        hook.run(render(path, settings, emulator=hook.is_emulator), parameters=params, split_statements=True)
        log.info("stage: ran %s for [%s, %s)", path, params["interval_start"], params["interval_end"])
    summary = stage_summary(hook, settings, params)
    return {"parameters": params, "files": list(files), **summary}


def stage_summary(hook: Any, settings: Any, params: dict[str, str]) -> dict[str, Any]:
    """What the stage did for one run: per-check quarantine counts and what the interval now holds.

    :return: ``{"metrics": {name: count}, "quarantined": n, "sample_keys": {check: [call id or key]}}``
        where metrics holds ``quarantined.<check>`` (records first found by this run), ``calls_in_interval``,
        ``calls_without_transcript`` and ``segments_in_interval``.
    """
    from include.gong_intel.warehouse.sql import render

    rows = hook.get_records(render(SUMMARY_FILE, settings, emulator=hook.is_emulator), parameters=params)
    metrics = {str(name): int(value) for name, value in rows}
    quarantined = sum(v for k, v in metrics.items() if k.startswith("quarantined."))
    samples: dict[str, list[str]] = {}
    if quarantined:
        for check, keys in hook.get_records(
            render(SAMPLES_FILE, settings, emulator=hook.is_emulator), parameters={"run_id": params["run_id"]}
        ):
            decoded = json.loads(keys) if isinstance(keys, str) else list(keys or [])
            samples[str(check)] = [str(k) for k in decoded[:5]]
    log.info("stage: %s", metrics)
    return {"metrics": metrics, "quarantined": quarantined, "sample_keys": samples}


def stage_dq_results(summary: dict[str, Any], *, threshold: float) -> list[Any]:
    """One data-quality result per stage check that quarantined rows; total = rows the stage saw for it."""
    from include.gong_intel.validate.outcomes import DQResult

    metrics = summary["metrics"]
    seen = metrics.get("calls_in_interval", 0) + summary["quarantined"]
    return [
        DQResult(
            step="stage",
            check=name.removeprefix("quarantined."),
            failed=count,
            total=max(seen, count),
            sample_keys=summary["sample_keys"].get(name.removeprefix("quarantined."), []),
            threshold=threshold,
        )
        for name, count in sorted(metrics.items())
        if name.startswith("quarantined.") and count
    ]

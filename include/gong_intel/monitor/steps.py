"""Per-step run accounting in PIPELINE_MONITOR.RUN_STEPS.

Every attempt of a step is one row (a retry adds a row rather than overwriting), so the table shows what
was tried as well as what finally happened; :func:`~include.gong_intel.monitor.health.run_health` reads
the latest attempt per step.

Use :func:`step_timer` around a step's body::

    with step_timer(hook, settings, run_id=run_id, dag_id=dag_id, step="enrich") as step:
        outcome = validate_frame(...)
        step.add_outcome(outcome)
        step.add(rows_written=n, api_requests=usage.requests)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from include.gong_intel.config import Settings

log = logging.getLogger(__name__)

STATUSES: tuple[str, ...] = ("success", "failed", "skipped")
_COUNTERS = ("rows_read", "rows_written", "rows_quarantined", "api_requests", "tokens_in", "tokens_out")


def _naive_utc(ts: datetime | None) -> str | None:
    if ts is None:
        return None
    if ts.tzinfo is not None:
        ts = ts.astimezone(UTC).replace(tzinfo=None)
    return ts.isoformat(sep=" ")


@dataclass(frozen=True)
class StepRecord:
    """One row of RUN_STEPS: what one attempt of one step read, wrote, quarantined and spent."""

    run_id: str
    dag_id: str | None
    step: str
    interval_start: datetime | None
    interval_end: datetime | None
    rows_read: int
    rows_written: int
    rows_quarantined: int
    api_requests: int
    tokens_in: int
    tokens_out: int
    duration_s: float
    status: str
    details: Mapping[str, Any]
    recorded_at: datetime

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"step status must be one of {STATUSES}, got {self.status!r}")
        for name in _COUNTERS:
            if int(getattr(self, name)) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.duration_s < 0:
            raise ValueError(f"duration_s must be >= 0, got {self.duration_s}")

    def as_row(self) -> dict[str, Any]:
        return {
            "RUN_ID": self.run_id,
            "DAG_ID": self.dag_id,
            "STEP": self.step,
            "DATA_INTERVAL_START": _naive_utc(self.interval_start),
            "DATA_INTERVAL_END": _naive_utc(self.interval_end),
            "ROWS_READ": int(self.rows_read),
            "ROWS_WRITTEN": int(self.rows_written),
            "ROWS_QUARANTINED": int(self.rows_quarantined),
            "API_REQUESTS": int(self.api_requests),
            "TOKENS_IN": int(self.tokens_in),
            "TOKENS_OUT": int(self.tokens_out),
            "DURATION_S": round(float(self.duration_s), 3),
            "STATUS": self.status,
            "DETAILS": dict(self.details),
            "RECORDED_AT": _naive_utc(self.recorded_at),
        }


def record_step(
    hook,
    settings: Settings,
    *,
    run_id: str,
    dag_id: str | None,
    step: str,
    interval_start: datetime | None,
    interval_end: datetime | None,
    rows_read: int,
    rows_written: int,
    rows_quarantined: int,
    api_requests: int = 0,
    tokens_in: int = 0,
    tokens_out: int = 0,
    duration_s: float,
    status: str,
    details: Mapping[str, Any] | None = None,
) -> StepRecord:
    """Append one attempt of a step to PIPELINE_MONITOR.RUN_STEPS.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: Airflow run id.
    :param dag_id: Airflow DAG id.
    :param step: step name (e.g. ``ingest``, ``stage``, ``validate_staged_calls``, ``enrich``).
    :param interval_start: the run's window start (aware datetimes are stored as UTC).
    :param interval_end: the run's window end.
    :param rows_read: rows the step read.
    :param rows_written: rows the step wrote.
    :param rows_quarantined: rows the step quarantined.
    :param api_requests: external API requests sent (retries included).
    :param tokens_in: model input tokens.
    :param tokens_out: model output tokens.
    :param duration_s: wall-clock seconds.
    :param status: ``success``, ``failed`` or ``skipped``.
    :param details: small JSON-safe facts (never records or secrets).
    :return: the record written.
    """
    from include.gong_intel.validate import json_safe

    record = StepRecord(
        run_id=run_id,
        dag_id=dag_id,
        step=step,
        interval_start=interval_start,
        interval_end=interval_end,
        rows_read=rows_read,
        rows_written=rows_written,
        rows_quarantined=rows_quarantined,
        api_requests=api_requests,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        duration_s=duration_s,
        status=status,
        details=json_safe(dict(details or {})),
        recorded_at=datetime.now(UTC),
    )
    hook.insert_records(settings.tables.run_steps, [record.as_row()], ["DETAILS"])
    log.info(
        "step %s %s in %.1fs: read=%d written=%d quarantined=%d",
        step,
        status,
        record.duration_s,
        rows_read,
        rows_written,
        rows_quarantined,
    )
    return record


@dataclass
class StepCounters:
    """Counters a step body fills in while :func:`step_timer` measures it."""

    rows_read: int = 0
    rows_written: int = 0
    rows_quarantined: int = 0
    api_requests: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    status: str | None = None  # set to "skipped" to record a deliberate no-op

    def add(self, **deltas: int) -> None:
        """Increase counters, e.g. ``add(rows_written=10, api_requests=2)``."""
        for name, value in deltas.items():
            if name not in _COUNTERS:
                raise ValueError(f"unknown counter {name!r}; expected one of {_COUNTERS}")
            setattr(self, name, getattr(self, name) + int(value))

    def add_outcome(self, outcome) -> None:
        """Count a :class:`~include.gong_intel.validate.outcomes.ValidationOutcome`: read and quarantined."""
        self.add(rows_read=outcome.rows_in, rows_quarantined=outcome.rows_quarantined)


@contextmanager
def step_timer(
    hook,
    settings: Settings,
    *,
    run_id: str,
    dag_id: str | None,
    step: str,
    interval_start: datetime | None = None,
    interval_end: datetime | None = None,
) -> Iterator[StepCounters]:
    """Time a step and record it in RUN_STEPS, as ``success`` or, when the body raises, ``failed``.

    The body's exception always propagates unchanged; a failure to record (warehouse unreachable) is
    logged and never replaces it or fails a successful step: accounting must not cost a pipeline run.
    A failed step's details carry a redacted one-line excerpt of the error.
    """
    from include.gong_intel.alerts.messages import error_excerpt

    counters = StepCounters()
    started = time.monotonic()
    status = "success"
    try:
        yield counters
    except BaseException as e:
        status = "failed"
        counters.details.setdefault("error", error_excerpt(e, max_lines=3, max_chars=500))
        raise
    finally:
        if status == "success" and counters.status:
            status = counters.status
        try:
            record_step(
                hook,
                settings,
                run_id=run_id,
                dag_id=dag_id,
                step=step,
                interval_start=interval_start,
                interval_end=interval_end,
                rows_read=counters.rows_read,
                rows_written=counters.rows_written,
                rows_quarantined=counters.rows_quarantined,
                api_requests=counters.api_requests,
                tokens_in=counters.tokens_in,
                tokens_out=counters.tokens_out,
                duration_s=time.monotonic() - started,
                status=status,
                details=counters.details,
            )
        except Exception as record_error:
            log.warning("could not record step %s (%s): %s", step, status, type(record_error).__name__)

"""Which calls a DAG run covers, and what it may tell people: one decision per run, made in ``plan_window``.

Airflow 3 gives each kind of run different dates, and not every run has them:

* a **scheduled** run (``CronDataIntervalTimetable``, daily at 00:00 UTC) covers its data interval: the run
  with logical date D processes the calls that started on day D, ``[D, D+1)``, and runs just after D ends;
* a **backfill** (``airflow backfill create --from-date A --to-date B``) makes one run per day A..B; each
  covers its own day, so the days processed are exactly A..B;
* a **manual** run with ``from_date`` / ``to_date`` covers exactly those days (``to_date`` inclusive);
* a **manual** run without them covers the last whole UTC day before its logical date or, when it has none
  (the REST API's and ``airflow dags trigger``'s default), before the moment it was triggered.

Only scheduled runs post the daily digest: a backfill or a manual re-run is history, not news.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

RunKind = Literal["scheduled", "backfill", "manual_range", "manual"]

DAY = timedelta(days=1)


class RunPlanError(ValueError):
    """The run's parameters cannot describe a window (a bad date, a reversed range): retrying cannot help."""


@dataclass(frozen=True)
class RunPlan:
    """The half-open interval ``[start, end)`` of call start times a run processes, and how it was chosen."""

    start: datetime
    end: datetime
    kind: RunKind
    refetch: bool = False

    @property
    def days(self) -> int:
        return max(1, round((self.end - self.start) / DAY))

    @property
    def posts_digest(self) -> bool:
        """Only the daily scheduled run reports "new" findings; historical runs must not page anybody."""
        return self.kind == "scheduled"

    def describe(self) -> str:
        last = (self.end - timedelta(microseconds=1)).date()
        days = f"{self.start.date()}" if self.days == 1 else f"{self.start.date()} .. {last}"
        return f"{self.kind} run: calls started {days} ({self.days} day(s)), refetch={self.refetch}"

    def as_xcom(self) -> dict[str, Any]:
        return {
            "interval_start": self.start.isoformat(),
            "interval_end": self.end.isoformat(),
            "run_kind": self.kind,
            "refetch": self.refetch,
            "days": self.days,
            "posts_digest": self.posts_digest,
        }


def parse_ts(value: Any) -> datetime | None:
    """A time-zone aware datetime from a datetime, an ISO string or a rendered template ("None" is None)."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "None", "null")):
        return None
    if isinstance(value, datetime):
        ts = value
    else:
        try:
            ts = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise RunPlanError(f"not an ISO-8601 date or date-time: {value!r}") from None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _day(value: Any, name: str) -> datetime | None:
    if value is None or (isinstance(value, str) and value.strip() in ("", "None", "null")):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        ts = parse_ts(value)
    except RunPlanError:
        raise RunPlanError(f"{name} must be a date like 2026-10-28, not {value!r}") from None
    assert ts is not None
    return _midnight(ts)


def _midnight(ts: datetime) -> datetime:
    ts = ts.astimezone(UTC)
    return ts.replace(hour=0, minute=0, second=0, microsecond=0)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "none", "false", "0", "no"):
        return False
    if text in ("true", "1", "yes"):
        return True
    raise RunPlanError(f"refetch must be true or false, not {value!r}")


def _run_kind(run_type: Any) -> str:
    """Airflow's DagRunType, however it arrives: the enum, its value (``backfill``) or a template's rendering
    of the enum (``DagRunType.BACKFILL_JOB``)."""
    text = str(getattr(run_type, "value", run_type) or "manual").strip().lower()
    if "backfill" in text:
        return "backfill"
    if "scheduled" in text:
        return "scheduled"
    return text.rsplit(".", 1)[-1]


def plan_run(
    *,
    run_type: Any,
    interval_start: Any = None,
    interval_end: Any = None,
    logical_date: Any = None,
    run_after: Any = None,
    from_date: Any = None,
    to_date: Any = None,
    refetch: Any = False,
    now: datetime | None = None,
) -> RunPlan:
    """Decide the window of a run from what Airflow knows about it (see the module docstring).

    :param run_type: ``scheduled``, ``backfill``, ``manual`` or ``asset_triggered`` (Airflow's DagRunType).
    :param interval_start: the run's data interval start, or None (manual runs without a logical date).
    :param interval_end: the run's data interval end, or None.
    :param logical_date: the run's logical date, or None.
    :param run_after: when the run was due / triggered.
    :param from_date: first day of a manual range (a date), or None.
    :param to_date: last day of a manual range, inclusive, or None.
    :param refetch: re-read Gong for the window instead of continuing from the landed cursor.
    :param now: the current time (tests).
    :raises RunPlanError: half a range, a reversed range, a range on a backfill, an unreadable date.
    """
    kind_of_run = _run_kind(run_type)
    first, last = _day(from_date, "from_date"), _day(to_date, "to_date")
    fetch = _flag(refetch)
    if first or last:
        if not (first and last):
            raise RunPlanError("a date-range run needs both from_date and to_date (to_date is inclusive)")
        if first > last:
            raise RunPlanError(f"from_date {first.date()} is after to_date {last.date()}")
        if kind_of_run == "backfill":
            raise RunPlanError(
                "from_date/to_date are for manual runs; a backfill's days are its --from-date/--to-date"
            )
        return RunPlan(first, last + DAY, "manual_range", fetch)

    start, end = parse_ts(interval_start), parse_ts(interval_end)
    anchor = parse_ts(logical_date) or parse_ts(run_after) or (now or datetime.now(UTC))
    if kind_of_run in ("scheduled", "backfill"):
        kind: RunKind = "scheduled" if kind_of_run == "scheduled" else "backfill"
        if start and end and start < end:
            return RunPlan(start, end, kind, fetch)
        # A zero-length interval (a trigger timetable): a backfill covers the day it names, a scheduled run
        # the day that just ended.
        day = _midnight(start or anchor)
        return (
            RunPlan(day, day + DAY, kind, fetch)
            if kind == "backfill"
            else RunPlan(day - DAY, day, kind, fetch)
        )
    day = _midnight(anchor)
    return RunPlan(day - DAY, day, "manual", fetch)

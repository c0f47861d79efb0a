"""Run health (per-step accounting, DQ results, failures) and the daily digest, read from the warehouse.

SQL lives in ``include/sql/monitor``. :class:`Digest` carries more than the Slack digest shows (rep and
summary of negative calls); :meth:`Digest.to_daily_digest` gives the alerts package's ``DailyDigest``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from include.gong_intel.alerts.messages import AtRiskDeal, DailyDigest, NotableCall
from include.gong_intel.validate.outcomes import DQResult

if TYPE_CHECKING:
    from include.gong_intel.config import Settings

NEGATIVE_SENTIMENT = -0.2
AT_RISK_LOOKBACK_DAYS = 30
_MAX_QUOTE = 140


@dataclass(frozen=True)
class StepHealth:
    """The latest attempt of one step in a run."""

    step: str
    status: str
    rows_read: int
    rows_written: int
    rows_quarantined: int
    api_requests: int
    tokens_in: int
    tokens_out: int
    duration_s: float
    attempts: int
    recorded_at: str
    details: Mapping[str, Any]


@dataclass(frozen=True)
class RunHealth:
    """How one run went: each step's latest attempt, its DQ results and quarantined rows per step."""

    run_id: str
    steps: tuple[StepHealth, ...]
    dq_results: tuple[DQResult, ...]
    quarantined_by_step: Mapping[str, int]

    @property
    def failed_steps(self) -> tuple[StepHealth, ...]:
        return tuple(s for s in self.steps if s.status == "failed")

    @property
    def breached_checks(self) -> tuple[DQResult, ...]:
        return tuple(r for r in self.dq_results if r.breached)

    @property
    def ok(self) -> bool:
        """True when every step succeeded (or was skipped) and no check exceeded its threshold."""
        return bool(self.steps) and not self.failed_steps and not self.breached_checks

    def totals(self) -> dict[str, float]:
        """Sums over steps: rows, API requests, tokens and seconds."""
        names = ("rows_read", "rows_written", "rows_quarantined", "api_requests", "tokens_in", "tokens_out")
        out: dict[str, float] = {n: sum(getattr(s, n) for s in self.steps) for n in names}
        out["duration_s"] = round(sum(s.duration_s for s in self.steps), 3)
        return out


def _int(value: Any) -> int:
    return 0 if value is None else int(value)


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def run_health(hook, settings: Settings, run_id: str) -> RunHealth:
    """Read a run's step accounting, DQ results and quarantine counts.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param run_id: the Airflow run id.
    """
    from include.gong_intel.warehouse.sql import render

    params = {"run_id": run_id}

    def query(path: str) -> list[tuple]:
        return hook.get_records(render(path, settings, emulator=hook.is_emulator), parameters=params)

    steps = tuple(
        StepHealth(
            step=row[0],
            status=row[1],
            rows_read=_int(row[2]),
            rows_written=_int(row[3]),
            rows_quarantined=_int(row[4]),
            api_requests=_int(row[5]),
            tokens_in=_int(row[6]),
            tokens_out=_int(row[7]),
            duration_s=float(row[8] or 0.0),
            attempts=_int(row[9]),
            recorded_at=str(row[10]),
            details=_json(row[11], {}),
        )
        for row in query("monitor/run_steps.sql")
    )
    dq = tuple(
        DQResult(
            step=row[0],
            check=row[1],
            failed=_int(row[2]),
            total=_int(row[3]),
            threshold=None if row[4] is None else float(row[4]),
            sample_keys=tuple(_json(row[5], [])),
        )
        for row in query("monitor/dq_results.sql")
    )
    quarantined = {row[0]: _int(row[1]) for row in query("monitor/quarantine_by_step.sql")}
    return RunHealth(run_id=run_id, steps=steps, dq_results=dq, quarantined_by_step=quarantined)


def dq_daily_summary(hook, settings: Settings, since: date) -> list[dict[str, Any]]:
    """DQ trend per day, step and check since ``since``: runs, rows failed/checked, threshold breaches."""
    from include.gong_intel.warehouse.sql import render

    sql = render("monitor/dq_daily_summary.sql", settings, emulator=hook.is_emulator)
    rows = hook.get_records(sql, parameters={"since": datetime.combine(since, time())})
    keys = ("day", "step", "check", "runs", "failed_rows", "total_rows", "breaches")
    return [dict(zip(keys, row, strict=True)) for row in rows]


# ------------------------------------------------------------------------------------------- digest


@dataclass(frozen=True)
class NegativeCall:
    """A call of the day with a notably negative tone, with what a manager needs to follow up."""

    call_id: str
    title: str
    sentiment: float
    account: str | None
    rep_name: str | None
    summary: str | None
    url: str

    def as_notable(self) -> NotableCall:
        return NotableCall(
            call_id=self.call_id,
            title=self.title,
            sentiment=self.sentiment,
            url=self.url,
            account=self.account,
        )


@dataclass(frozen=True)
class Digest:
    """The day's findings: deals newly at risk (high-severity risks) and notably negative calls."""

    day: date
    at_risk_deals: tuple[AtRiskDeal, ...]
    negative_calls: tuple[NegativeCall, ...]
    calls_processed: int

    def to_daily_digest(self) -> DailyDigest:
        """The alerts package's digest record, for ``send_daily_digest``."""
        return DailyDigest(
            day=self.day.isoformat(),
            at_risk_deals=self.at_risk_deals,
            negative_calls=tuple(c.as_notable() for c in self.negative_calls),
            calls_processed=self.calls_processed,
        )


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC instants (naive, like TIMESTAMP_NTZ columns) where ``day`` starts and ends in ``timezone``."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(timezone)
    start = datetime.combine(day, time(), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
    return (start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None))


def _quote(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return f' "{text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"}"'


def _deals(rows: list[tuple]) -> tuple[AtRiskDeal, ...]:
    # Rows are one per (call, high risk), ordered by amount then deal; fold them into one entry per deal.
    grouped: dict[str, dict[str, Any]] = {}
    for deal_key, call_id, title, account, opportunity, amount, risk_type, quote in rows:
        deal = grouped.setdefault(
            deal_key,
            {
                "deal_name": opportunity or title or f"call {call_id}",
                "account": account or "Unknown account",
                "call_id": str(call_id),
                "amount": None if amount is None else float(amount),
                "risks": {},
            },
        )
        deal["risks"].setdefault(risk_type, quote)
    return tuple(
        AtRiskDeal(
            deal_name=d["deal_name"],
            account=d["account"],
            reason="; ".join(f"{risk}{_quote(q)}" for risk, q in d["risks"].items()),
            call_id=d["call_id"],
            amount=d["amount"],
        )
        for d in grouped.values()
    )


def daily_digest(
    hook,
    settings: Settings,
    day: date,
    *,
    max_sentiment: float = NEGATIVE_SENTIMENT,
    lookback_days: int = AT_RISK_LOOKBACK_DAYS,
) -> Digest:
    """Build the digest of ``day`` (in ``settings.timezone``) from enriched STG calls.

    :param hook: a :class:`~include.gong_intel.warehouse.hook.WarehouseHook`.
    :param settings: the run's settings.
    :param day: the calendar day reported.
    :param max_sentiment: calls with SENTIMENT_SCORE below this are notable negative calls.
    :param lookback_days: a deal flagged high-risk within this many days before ``day`` is not new.
    """
    from include.gong_intel.warehouse.sql import render

    day_start, day_end = day_bounds(day, settings.timezone)
    params = {
        "day_start": day_start,
        "day_end": day_end,
        "lookback_start": day_start - timedelta(days=lookback_days),
        "max_sentiment": float(max_sentiment),
    }

    def query(path: str) -> list[tuple]:
        return hook.get_records(render(path, settings, emulator=hook.is_emulator), parameters=params)

    base_url = settings.gong_app_url.rstrip("/")
    negative = tuple(
        NegativeCall(
            call_id=str(call_id),
            title=title or f"Call {call_id}",
            sentiment=float(sentiment),
            account=account,
            rep_name=rep,
            summary=summary,
            url=url or f"{base_url}/call?id={call_id}",
        )
        for call_id, title, account, rep, summary, sentiment, url in query(
            "monitor/digest_negative_calls.sql"
        )
    )
    processed = query("monitor/digest_calls_processed.sql")
    return Digest(
        day=day,
        at_risk_deals=_deals(query("monitor/digest_at_risk.sql")),
        negative_calls=negative,
        calls_processed=_int(processed[0][0]) if processed else 0,
    )

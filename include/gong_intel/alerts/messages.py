"""Slack Block Kit messages for the pipeline's alerts, built from plain values.

Everything here is pure: it takes an Airflow context (or typed records) and returns a
:class:`SlackMessage`. Sending lives in :mod:`include.gong_intel.alerts.notifiers`, so these builders are
unit-testable without Slack, a scheduler or a metadata database.

Every piece of free text that may come from the outside world (exception messages, call titles, account
names) goes through :func:`redact_text` and :func:`escape_mrkdwn` before it reaches a block.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from include.gong_intel.validate.outcomes import DQResult

# Slack rejects a section whose text exceeds 3,000 characters and a header over 150; stay well below.
SECTION_TEXT_LIMIT = 2900
HEADER_TEXT_LIMIT = 150
FALLBACK_TEXT_LIMIT = 3000
ERROR_MAX_LINES = 12
ERROR_MAX_CHARS = 1500
REDACTED = "***"

# Shapes of credentials that can surface in exception text even when the secrets masker never saw them
# (a token in a URL built by an SDK, a key echoed back by an API error, a DSN in a driver message).
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # user:password@ in URLs / DSNs
    (re.compile(r"(?P<pre>[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(?=@)"), rf"\g<pre>{REDACTED}"),
    # Authorization headers
    (re.compile(r"(?i)(?P<pre>\b(?:bearer|basic|token)\s+)[A-Za-z0-9._~+/=-]{8,}"), rf"\g<pre>{REDACTED}"),
    # key=value / key: value / "key": "value" for secret-looking keys
    (
        re.compile(
            r"(?i)(?P<pre>[\"']?\b[\w.-]*(?:api[_-]?key|apikey|secret|password|passwd|pwd|token|"
            r"access[_-]?key|private[_-]?key|client[_-]?secret|authorization)[\w.-]*[\"']?\s*[=:]\s*[\"']?)"
            r"[^\s\"',;&}]+"
        ),
        rf"\g<pre>{REDACTED}",
    ),
    # Slack webhook paths and tokens
    (re.compile(r"(?P<pre>hooks\.slack\.com/services/)[A-Za-z0-9/_-]+"), rf"\g<pre>{REDACTED}"),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{8,}"), REDACTED),
    # Provider key prefixes (OpenAI/Anthropic-style sk-, AWS access key ids, GitHub tokens, JWTs)
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), REDACTED),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{20,}"), REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), REDACTED),
)


@dataclass(frozen=True)
class SlackMessage:
    """A webhook payload: ``text`` is the notification fallback, ``blocks`` the Block Kit layout."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def as_payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


@dataclass(frozen=True)
class AtRiskDeal:
    """A deal newly flagged at risk today."""

    deal_name: str
    account: str
    reason: str
    call_id: str | None = None
    amount: float | None = None


@dataclass(frozen=True)
class NotableCall:
    """A call of the day with a notably negative tone."""

    call_id: str
    title: str
    sentiment: float
    url: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class DailyDigest:
    """What the daily digest reports: new at-risk deals and notable negative calls for ``day``."""

    day: str
    at_risk_deals: tuple[AtRiskDeal, ...] = ()
    negative_calls: tuple[NotableCall, ...] = ()
    calls_processed: int | None = None


# --------------------------------------------------------------------------------------------- helpers


def redact_text(text: str) -> str:
    """Hide secrets in free text.

    Two layers: whatever Airflow's secrets masker has registered in this process (connection passwords and
    extras fetched through the task SDK, masked Variables), then credential-shaped patterns the masker
    cannot know about.

    :param text: any string destined for Slack.
    """
    if not text:
        return text
    try:
        from airflow.sdk._shared.secrets_masker import redact

        text = str(redact(text))
    except Exception:
        pass
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))] + marker


def error_excerpt(
    error: BaseException | str | None,
    *,
    max_lines: int = ERROR_MAX_LINES,
    max_chars: int = ERROR_MAX_CHARS,
) -> str:
    """First lines of an error, redacted and truncated, for a Slack code block.

    For an exception this is ``Type: message`` (including chained causes' one-liners), not the traceback:
    the log link carries the full trace, and tracebacks are where local variables and DSNs leak.

    :param error: the exception from the task context, a string, or ``None``.
    :param max_lines: keep at most this many lines.
    :param max_chars: keep at most this many characters.
    """
    if error is None:
        return "No exception was recorded (the task may have been killed or timed out)."
    if isinstance(error, BaseException):
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        depth = 0
        while cause is not None and depth < 3:
            cause_line = "".join(traceback.format_exception_only(type(cause), cause)).strip()
            text += f"\nCaused by: {cause_line}"
            cause = cause.__cause__ or (None if cause.__suppress_context__ else cause.__context__)
            depth += 1
    else:
        text = str(error).strip()
    text = redact_text(text)
    lines = text.splitlines()
    if len(lines) > max_lines:
        lines = [*lines[:max_lines], f"… ({len(lines) - max_lines} more lines in the task log)"]
    # Triple backticks inside the excerpt would close the code block early.
    return truncate("\n".join(lines).replace("```", "'''"), max_chars)


def format_ts(value: Any) -> str:
    """Render a datetime (or ISO string) as ``YYYY-MM-DD HH:MM:SS UTC``; ``-`` for missing values."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
            return value.strftime("%Y-%m-%d %H:%M:%S UTC")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def ui_base_url() -> str:
    """The Airflow UI base URL from ``[api] base_url`` (the same source ``ti.log_url`` uses)."""
    try:
        from airflow.sdk.configuration import conf

        return str(conf.get("api", "base_url", fallback="http://localhost:8080/")).rstrip("/")
    except Exception:
        return "http://localhost:8080"


def dag_run_url(dag_id: str, run_id: str, *, base_url: str | None = None) -> str:
    """Link to a DAG run in the Airflow 3 UI."""
    base = (base_url or ui_base_url()).rstrip("/")
    return f"{base}/dags/{quote(dag_id, safe='')}/runs/{quote(run_id, safe='')}"


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, HEADER_TEXT_LIMIT)}}


def _fields(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    # A section holds at most 10 fields.
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": truncate(f"*{label}*\n{value}", 1900)} for label, value in pairs[:10]
        ],
    }


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_TEXT_LIMIT)}}


def _button(text: str, url: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [{"type": "button", "text": {"type": "plain_text", "text": text}, "url": url}],
    }


def _context_value(context: Mapping[str, Any], key: str) -> Any:
    try:
        return context.get(key)
    except Exception:
        return None


# ------------------------------------------------------------------------------------ task failure


def build_task_failure_message(context: Mapping[str, Any], *, base_url: str | None = None) -> SlackMessage:
    """Block Kit message for a failed task, from the context Airflow passes to ``on_failure_callback``.

    :param context: the task's Airflow context (``ti``, ``dag_run``, ``exception``, ...).
    :param base_url: Airflow UI base URL; defaults to ``[api] base_url``. Used only when the task
        instance cannot give its own ``log_url``.
    """
    ti = _context_value(context, "ti") or _context_value(context, "task_instance")
    dag_run = _context_value(context, "dag_run")
    dag_id = str(getattr(ti, "dag_id", None) or getattr(dag_run, "dag_id", None) or "unknown DAG")
    task_id = str(getattr(ti, "task_id", None) or "unknown task")
    run_id = str(getattr(ti, "run_id", None) or getattr(dag_run, "run_id", None) or "")
    map_index = getattr(ti, "map_index", -1)
    try_number = getattr(ti, "try_number", None)
    max_tries = getattr(ti, "max_tries", None)
    if try_number is None:
        try_text = "-"
    elif max_tries is None:
        try_text = str(try_number)
    else:
        # Airflow counts retries in max_tries; the attempts a task gets are max_tries + 1.
        try_text = f"{try_number} of {max_tries + 1}"
    final_try = try_number is not None and max_tries is not None and try_number >= max_tries + 1
    # A task that failed on purpose without retries (a bad configuration, rejected credentials), or that
    # Airflow already marked failed, will not run again whatever its try count says.
    exception = _context_value(context, "exception")
    if any(type(e).__name__ == "AirflowFailException" for e in _causes(exception)):
        final_try = True
    if str(getattr(getattr(ti, "state", None), "value", getattr(ti, "state", None))) == "failed":
        final_try = True

    logical_date = _context_value(context, "logical_date")
    interval_start = _context_value(context, "data_interval_start")
    interval_end = _context_value(context, "data_interval_end")
    when = format_ts(logical_date) if logical_date is not None else "manual run"
    if interval_start is not None or interval_end is not None:
        interval = f"{format_ts(interval_start)} → {format_ts(interval_end)}"
    else:
        interval = "-"

    log_url = None
    try:
        log_url = ti.log_url if ti is not None else None
    except Exception:
        log_url = None
    if not log_url and run_id:
        base = (base_url or ui_base_url()).rstrip("/")
        log_url = f"{dag_run_url(dag_id, run_id, base_url=base)}/tasks/{quote(task_id, safe='')}"

    error = error_excerpt(_context_value(context, "exception"))
    task_label = task_id if map_index in (None, -1) else f"{task_id} [{map_index}]"
    status = "failed" if final_try else "failed, will retry"
    title = f":red_circle: Task {status}: {dag_id}.{task_label}"

    blocks: list[dict[str, Any]] = [
        _header(title.replace(":red_circle: ", "")),
        _fields(
            [
                ("DAG", f"`{escape_mrkdwn(dag_id)}`"),
                ("Task", f"`{escape_mrkdwn(task_label)}`"),
                ("Try", try_text),
                ("Logical date", when),
                ("Data interval", interval),
                ("Run", f"`{escape_mrkdwn(run_id)}`" if run_id else "-"),
            ]
        ),
        _section(f"*Error*\n```{escape_mrkdwn(error)}```"),
    ]
    if log_url:
        blocks.append(_button("Open task log", log_url))
    fallback = f"Task {status}: {dag_id}.{task_label} (try {try_text}, {when}): {error.splitlines()[0]}"
    return SlackMessage(text=truncate(fallback, FALLBACK_TEXT_LIMIT), blocks=blocks)


# ------------------------------------------------------------------------------------ deadline miss


_DEADLINE_STATE_TEXT = {
    "queued": "The run has not started yet (still queued): its calls are not processed.",
    "running": "The run is still running: its calls are not fully processed yet.",
    "failed": "The run failed: see its task failure alert. Its calls are not fully processed.",
    "success": "The run finished, but after its deadline.",
}


def deadline_state_text(state: str) -> str:
    """What a missed deadline means for a run in ``state`` (the DAG run's state when the alert fired)."""
    return _DEADLINE_STATE_TEXT.get(
        state, f"The run is in state {escape_mrkdwn(state) or 'unknown'} at its deadline."
    )


def _causes(error: BaseException | None) -> list[BaseException]:
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def build_deadline_message(context: Mapping[str, Any], *, base_url: str | None = None) -> SlackMessage:
    """Block Kit message for a missed DAG-run deadline.

    ``context`` is what Airflow's deadline handling gives the callback: ``dag_run`` (the REST API's
    DAG-run JSON: ``dag_id``, ``dag_run_id``, ``queued_at``, ``logical_date``, ...) and ``deadline``
    (``id``, ``deadline_time``).

    :param context: the deadline callback context.
    :param base_url: Airflow UI base URL; defaults to ``[api] base_url``.
    """
    dag_run = _context_value(context, "dag_run") or {}
    deadline = _context_value(context, "deadline") or {}

    def _get(obj: Any, *keys: str) -> Any:
        for key in keys:
            value = obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)
            if value is not None:
                return value
        return None

    dag_id = str(_get(dag_run, "dag_id") or "unknown DAG")
    run_id = str(_get(dag_run, "dag_run_id", "run_id") or "")
    queued_at = _get(dag_run, "queued_at")
    logical_date = _get(dag_run, "logical_date")
    state = _get(dag_run, "state")
    deadline_time = _get(deadline, "deadline_time")
    link = dag_run_url(dag_id, run_id, base_url=base_url) if run_id else None

    blocks: list[dict[str, Any]] = [
        _header(f"Deadline missed: {dag_id}"),
        _fields(
            [
                ("DAG", f"`{escape_mrkdwn(dag_id)}`"),
                ("Run", f"`{escape_mrkdwn(run_id)}`" if run_id else "-"),
                ("Queued at", format_ts(queued_at)),
                ("Deadline", format_ts(deadline_time)),
                ("Logical date", format_ts(logical_date) if logical_date else "manual run"),
                ("State", escape_mrkdwn(str(state)) if state else "-"),
            ]
        ),
        _section(deadline_state_text(str(getattr(state, "value", state) or ""))),
    ]
    if link:
        blocks.append(_button("Open DAG run", link))
    text = f"Deadline missed: {dag_id} run {run_id} (queued {format_ts(queued_at)}, deadline {format_ts(deadline_time)})"
    return SlackMessage(text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks)


# ------------------------------------------------------------------------------------ data quality


def build_dq_message(
    results: Sequence[DQResult],
    *,
    run_url: str | None = None,
    title: str = "Data-quality checks failed",
    max_checks: int = 20,
    max_sample_keys: int = 5,
) -> SlackMessage:
    """Block Kit summary of data-quality results: one line per failing check, plus sample keys.

    Checks with no failed rows are left out; checks are ordered by breach then failure ratio.

    :param results: one :class:`DQResult` per (step, check).
    :param run_url: link to the DAG run (shown as a button).
    :param title: header text.
    :param max_checks: at most this many checks are listed (Slack caps a message at 50 blocks).
    :param max_sample_keys: quarantined keys shown per check.
    """
    failing = sorted(
        (r for r in results if r.failed > 0), key=lambda r: (not r.breached, -r.ratio, r.step, r.check)
    )
    breached = [r for r in failing if r.breached]
    total_failed = sum(r.failed for r in failing)

    blocks: list[dict[str, Any]] = [
        _header(title),
        _section(
            f"*{len(breached)}* check(s) over threshold, *{len(failing)}* with failures, "
            f"*{total_failed:,}* row(s) quarantined."
        ),
        {"type": "divider"},
    ]
    for r in failing[:max_checks]:
        threshold = "any" if r.threshold is None else f"{r.threshold:.1%}"
        icon = ":x:" if r.breached else ":warning:"
        sample = ", ".join(f"`{escape_mrkdwn(redact_text(k))}`" for k in r.sample_keys[:max_sample_keys])
        more = len(r.sample_keys) - max_sample_keys
        if more > 0:
            sample += f" (+{more} more)"
        line = (
            f"{icon} *{escape_mrkdwn(r.step)}* / `{escape_mrkdwn(r.check)}`: "
            f"{r.failed:,} of {r.total:,} rows failed ({r.ratio:.1%}, threshold {threshold})"
        )
        if sample:
            line += f"\nQuarantined call ids: {sample}"
        blocks.append(_section(line))
    if len(failing) > max_checks:
        blocks.append(_section(f"… and {len(failing) - max_checks} more check(s) with failures."))
    if run_url:
        blocks.append(_button("Open DAG run", run_url))
    summary = "; ".join(f"{r.step}/{r.check}: {r.failed}/{r.total}" for r in failing[:10])
    text = f"{title}: {summary}" if summary else f"{title}: no failing rows"
    return SlackMessage(text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks)


# ------------------------------------------------------------------------------------ daily digest


def build_digest_message(
    digest: DailyDigest, *, run_url: str | None = None, max_items: int = 10
) -> SlackMessage:
    """Block Kit daily digest: deals newly at risk and the day's most negative calls.

    :param digest: the day's findings.
    :param run_url: link to the DAG run.
    :param max_items: at most this many deals and calls each.
    """
    blocks: list[dict[str, Any]] = [_header(f"Gong call intelligence: {digest.day}")]
    if digest.calls_processed is not None:
        blocks.append(_section(f"*{digest.calls_processed:,}* call(s) analysed."))

    if digest.at_risk_deals:
        lines = []
        for deal in digest.at_risk_deals[:max_items]:
            amount = f" ({deal.amount:,.0f})" if deal.amount is not None else ""
            lines.append(
                f"• *{escape_mrkdwn(redact_text(deal.deal_name))}*{amount}, "
                f"{escape_mrkdwn(redact_text(deal.account))}: {escape_mrkdwn(redact_text(deal.reason))}"
            )
        if len(digest.at_risk_deals) > max_items:
            lines.append(f"… and {len(digest.at_risk_deals) - max_items} more")
        blocks.append(_section("*New at-risk deals*\n" + "\n".join(lines)))
    else:
        blocks.append(_section("*New at-risk deals*\nNone today."))

    if digest.negative_calls:
        lines = []
        for call in digest.negative_calls[:max_items]:
            title = escape_mrkdwn(redact_text(call.title))
            label = f"<{call.url}|{title}>" if call.url else title
            account = f", {escape_mrkdwn(redact_text(call.account))}" if call.account else ""
            lines.append(f"• {label}{account} (sentiment {call.sentiment:+.2f}, call `{call.call_id}`)")
        if len(digest.negative_calls) > max_items:
            lines.append(f"… and {len(digest.negative_calls) - max_items} more")
        blocks.append(_section("*Notable negative calls*\n" + "\n".join(lines)))
    else:
        blocks.append(_section("*Notable negative calls*\nNone today."))

    if run_url:
        blocks.append(_button("Open DAG run", run_url))
    text = (
        f"Gong digest {digest.day}: {len(digest.at_risk_deals)} new at-risk deal(s), "
        f"{len(digest.negative_calls)} notable negative call(s)"
    )
    return SlackMessage(text=text, blocks=blocks)

"""Compile a typed :class:`AskPlan` onto the plan templates in ``include/sql/ask/plan_*.sql``.

The plan contributes only (a) names from closed vocabularies, which pick a measure, a group-by or an order
from the allow-lists written in the templates themselves, (b) counts and flags that shape the filter
macros, and (c) values, which are always bind parameters. :func:`check_compiled` then parses the rendered
statement with sqlglot and refuses anything but one SELECT over :data:`queries.ALLOWED_RELATIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import sqlglot
from sqlglot import exp

from include.gong_intel.ask.queries import ALLOWED_RELATIONS, UnsafeQuery, bind_names, ensure_read_only
from include.gong_intel.ask.semantic import (
    AMOUNT_MEASURES,
    DEAL_MEASURES,
    LANGUAGES,
    SENTIMENT_BAND,
    AskPlan,
    Filters,
)
from include.gong_intel.ask.views import full_match
from include.gong_intel.warehouse.sql import render

MIN_DEAL_RISK_SCORE = 40.0


@dataclass(frozen=True)
class Compiled:
    template: str
    context: dict[str, Any]
    params: dict[str, Any]


def _utc_midnight(day: Any, timezone: str) -> str:
    """Midnight of ``day`` in ``timezone`` as a naive UTC timestamp (CALL_DATETIME_UTC is naive UTC)."""
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(timezone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None).isoformat(sep=" ")


def filter_args(
    f: Filters, timezone: str = "UTC", sentiment_band: float = SENTIMENT_BAND
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Template flags and bind parameters for :class:`Filters` (days are read in ``timezone``)."""
    context: dict[str, Any] = {
        "has_start": f.start is not None,
        "has_end": f.end is not None,
        "sentiment": f.sentiment,
        "negative_threshold": -float(sentiment_band),
        "positive_threshold": float(sentiment_band),
        "has_min_amount": f.min_amount is not None,
        "has_max_amount": f.max_amount is not None,
        "unanswered": f.unanswered,
        "answered": f.answered,
        "sentiment_trend": f.sentiment_trend,
        "has_scope": f.scope is not None,
        "has_severity": f.risk_severity is not None,
        "has_transcript": f.has_transcript,
        "n_language": sum(len(LANGUAGES[lang]) for lang in f.language),
        "other_language": f.other_language,
        "latest_call": f.latest_call,
        "deal_pick": f.deal_pick,
        "has_min_value": f.min_value is not None,
        "has_min_calls": f.min_calls is not None,
        "has_max_value": f.max_value is not None,
        "at_risk": f.at_risk,
        "open_deals": f.open_deals,
        "has_min_monologue": f.min_monologue_s is not None,
        "has_min_talk_ratio": f.min_talk_ratio is not None,
        "has_max_talk_ratio": f.max_talk_ratio is not None,
        "has_min_seconds": f.min_minutes is not None,
        "has_max_seconds": f.max_minutes is not None,
        "has_quiet_since": f.quiet_since is not None,
        "has_close_start": f.close_start is not None,
        "has_close_end": f.close_end is not None,
    }
    params: dict[str, Any] = {}
    codes = [code for lang in f.language for code in LANGUAGES[lang]]
    params.update({f"language_{i}": code for i, code in enumerate(codes)})
    if f.min_value is not None:
        params["min_value"] = float(f.min_value)
    if f.min_calls is not None:
        params["min_calls"] = int(f.min_calls)
    if f.max_value is not None:
        params["max_value"] = float(f.max_value)
    if f.scope is not None:
        params["scope"] = f.scope
    if f.risk_severity is not None:
        params["severity"] = f.risk_severity
    if f.at_risk:
        params["at_risk_score"] = MIN_DEAL_RISK_SCORE
    if f.min_monologue_s is not None:
        params["min_monologue_s"] = float(f.min_monologue_s)
    if f.min_talk_ratio is not None:
        params["min_talk_ratio"] = float(f.min_talk_ratio)
    if f.max_talk_ratio is not None:
        params["max_talk_ratio"] = float(f.max_talk_ratio)
    if f.min_minutes is not None:
        params["min_seconds"] = float(f.min_minutes) * 60
    if f.max_minutes is not None:
        params["max_seconds"] = float(f.max_minutes) * 60
    if f.quiet_since is not None:
        params["quiet_since"] = _utc_midnight(f.quiet_since, timezone)
    if f.close_start is not None:
        params["close_start"] = f.close_start.isoformat()
    if f.close_end is not None:
        params["close_end"] = f.close_end.isoformat()
    if f.start is not None:
        params["start_day"] = _utc_midnight(f.start, timezone)
    if f.end is not None:
        params["end_day"] = _utc_midnight(f.end, timezone)
    if f.min_amount is not None:
        params["min_amount"] = float(f.min_amount)
    if f.max_amount is not None:
        params["max_amount"] = float(f.max_amount)
    for name, prefix, values in (
        ("n_rep", "rep", f.rep),
        ("n_account", "account", f.account),
        ("n_opportunity", "opportunity", f.opportunity),
        ("n_stage", "stage", f.stage),
        ("n_not_rep", "not_rep", f.not_rep),
        ("n_not_account", "not_account", f.not_account),
        ("n_not_opportunity", "not_opportunity", f.not_opportunity),
        ("n_risk", "risk", f.risk_type),
        ("n_no_risk", "no_risk", f.no_risk_type),
        ("n_topic", "topic", f.topic),
        ("n_competitor", "competitor", f.competitor),
        ("n_title", "title", f.title_words),
        ("n_said", "said", tuple(said_pattern(w) for w in f.said)),
    ):
        context[name] = len(values)
        params.update({f"{prefix}_{i}": v for i, v in enumerate(values)})
    return context, params


def said_pattern(words: str) -> str:
    """A pattern for REGEXP_LIKE over a lower-cased transcript turn that holds ``words`` as whole words (Snowflake's
    POSIX expressions have no word boundary, so the letters around are spelt out)."""
    escaped = "".join("\\" + ch if ch in ".^$*+?()[]{}|\\" else ch for ch in words.lower())
    return full_match(f"(^|[^a-z0-9]){escaped}([^a-z0-9]|$)")


def is_deal_plan(plan: AskPlan) -> bool:
    return plan.measure in DEAL_MEASURES


def compile_plan(plan: AskPlan, timezone: str = "UTC", sentiment_band: float = SENTIMENT_BAND) -> Compiled:
    """The template, its context and bind parameters for ``plan`` (kinds other than quotes-by-meaning/coaching).

    :param timezone: IANA name in which the plan's days ("last week") are calendar days.
    """
    context, params = filter_args(plan.filters, timezone, sentiment_band)
    if plan.kind == "ranking" and plan.group_by is None and not is_deal_plan(plan):
        # "Which 5 calls had the lowest sentiment", "longest 3 calls": a ranking of calls themselves.
        order = {"avg_sentiment": "sentiment", "talk_ratio": "talk_ratio"}.get(plan.measure or "", "duration")
        desc = (plan.sort or "desc") == "desc"
        order = {
            ("sentiment", False): "sentiment",
            ("sentiment", True): "sentiment_desc",
            ("talk_ratio", True): "talk_ratio",
            ("talk_ratio", False): "talk_ratio_asc",
            ("duration", True): "duration",
            ("duration", False): "duration_asc",
        }[(order, desc)]
        context.update(order=order, limit=plan.top_n or plan.limit)
        return Compiled("ask/plan_calls.sql", context, params)
    if plan.kind in ("count", "aggregate", "ranking"):
        # Ties at the cut are kept (trimmed in answers.py): fetch a few rows past top N.
        limit = plan.top_n + 20 if plan.top_n else 200
        context.update(
            group_by=plan.group_by or "none",
            sort=plan.sort or "desc",
            limit=limit,
            top=plan.top_n is not None,
        )
        if is_deal_plan(plan):
            closed = bool(plan.filters.closed_stages())
            return Compiled(
                "ask/plan_deal_measure.sql",
                {**context, "measure": plan.measure, "include_closed": closed},
                params,
            )
        if plan.filters.risk_type and (
            plan.measure in ("risks", "objections") or plan.group_by == "risk_type"
        ):
            # Risks (objections) of these types are what is counted (or grouped), not calls that also had one.
            context.update(n_risk=0, n_measure_risk=len(plan.filters.risk_type))
            params = {k: v for k, v in params.items() if not k.startswith("risk_")}
            params.update({f"measure_risk_{i}": v for i, v in enumerate(plan.filters.risk_type)})
        # Calls counted by how their objections were answered ("calls with an objection left unanswered").
        context["calls_unanswered"] = plan.filters.unanswered and (plan.measure or "calls") == "calls"
        return Compiled("ask/plan_measure.sql", {**context, "measure": plan.measure or "calls"}, params)
    if plan.kind == "list_calls":
        # Calls by how their objections were answered: every one of them, or at least one left unanswered.
        context.update(calls_all_answered=plan.filters.answered, calls_unanswered=plan.filters.unanswered)
        order = plan.order
        if order in ("sentiment", "talk_ratio", "duration"):
            natural_desc = order != "sentiment"
            wants_desc = (plan.sort or ("desc" if natural_desc else "asc")) == "desc"
            order = {
                ("sentiment", False): "sentiment",
                ("sentiment", True): "sentiment_desc",
                ("talk_ratio", True): "talk_ratio",
                ("talk_ratio", False): "talk_ratio_asc",
                ("duration", True): "duration",
                ("duration", False): "duration_asc",
            }[(order, wants_desc)]
        context.update(order=order, limit=plan.top_n or plan.limit)
        return Compiled("ask/plan_calls.sql", context, params)
    if plan.kind == "deals_at_risk":
        context.update(limit=plan.top_n or plan.limit)
        # One named deal: its score whatever it is ("is the Brightline deal at risk?" -> 26/100, below the bar).
        # A named reason ("deals where our champion left") or "the riskiest N" replace the bar.
        f = plan.filters
        named = f.opportunity and not f.deal_type  # "which renewals are at risk" keeps the bar
        # "deals we lost to Chorus": closed deals are listed as they closed, whatever their score.
        closed = bool(f.closed_stages())
        # "the five biggest deals at risk": the deals past the bar, largest first.
        by_amount = plan.measure in AMOUNT_MEASURES
        top_by_score = plan.top_n and not by_amount
        floor = (
            0.0 if named or closed or f.deal_reason or top_by_score or f.every_open else MIN_DEAL_RISK_SCORE
        )
        context.update(include_closed=closed, by_amount=by_amount)
        return Compiled("ask/plan_deals.sql", context, {**params, "min_score": floor})
    if plan.kind == "call_brief":
        order = {("sentiment", "desc"): "sentiment_desc", ("duration", "asc"): "duration_asc"}.get(
            (plan.order, plan.sort or ""), plan.order
        )
        context.update(limit=1, order=order)
        return Compiled("ask/plan_brief.sql", context, params)
    if plan.kind == "commitments":
        context.update(limit=plan.top_n or plan.limit)
        return Compiled("ask/plan_commitments.sql", context, params)
    if plan.kind == "quotes" and (plan.filters.risk_type or plan.filters.competitor):
        # Risk quotes: the risk types pick the rows, so they are not also a call filter. What was said about a
        # competitor is its competitor risk indicators on calls that name it.
        quote_risks = plan.filters.risk_type or ("competitor",)
        context.update(n_risk=0, n_quote_risk=len(quote_risks), limit=plan.top_n or plan.limit)
        context["latest_call_only"] = plan.order == "latest_call"
        context["n_speaker"] = len(plan.filters.speaker)
        params = {k: v for k, v in params.items() if not k.startswith("risk_")}
        params.update({f"quote_risk_{i}": v for i, v in enumerate(quote_risks)})
        params.update({f"speaker_{i}": v for i, v in enumerate(plan.filters.speaker)})
        context["n_quote_word"] = len(plan.filters.quote_words)
        params.update({f"quote_word_{i}": v for i, v in enumerate(plan.filters.quote_words)})
        if plan.filters.replies or plan.filters.unanswered:
            # How reps answered, or the objections they left hanging: the objections themselves.
            return Compiled("ask/plan_objection_replies.sql", {**context, "n_speaker": 0}, params)
        return Compiled("ask/plan_risk_quotes.sql", context, params)
    raise ValueError(f"no template for a {plan.kind} plan")


def check_compiled(sql: str, database: str) -> str:
    """``sql`` if it is one SELECT reading only allow-listed relations of ``database``; raise otherwise."""
    ensure_read_only(sql)
    probe = sql
    for name in bind_names(sql):
        probe = probe.replace(f"%({name})s", "NULL")
    try:
        statements = [s for s in sqlglot.parse(probe, read="snowflake") if s is not None]
    except sqlglot.errors.ParseError as e:
        raise UnsafeQuery(f"compiled SQL does not parse: {e}") from e
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise UnsafeQuery("compiled SQL is not exactly one SELECT")
    tree = statements[0]
    ctes = {c.alias_or_name.upper() for c in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if not table.name or table.name.upper() in ctes:
            continue
        if (
            table.catalog.upper() != database.upper()
            or (table.db.upper(), table.name.upper()) not in ALLOWED_RELATIONS
        ):
            raise UnsafeQuery(f"compiled SQL reads {table.sql()}, which is not allow-listed")
    return sql


def run_plan(hook: Any, settings: Any, compiled: Compiled) -> list[dict[str, Any]]:
    """Render, check (one SELECT over allow-listed relations, every bind value supplied) and run."""
    sql = render(compiled.template, settings, emulator=hook.is_emulator, **compiled.context)
    check_compiled(sql, settings.database)
    missing = bind_names(sql) - set(compiled.params)
    if missing:
        raise UnsafeQuery(
            f"{compiled.template} needs bind parameters {sorted(missing)} that were not supplied"
        )
    conn = hook.get_conn()
    try:
        with conn.cursor() as cur:
            cur.execute(sql, dict(compiled.params))
            names = [d[0].upper() for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        conn.close()

"""Answers to typed plans: run the compiled plan and say honestly what the rows show.

Every headline gives the true number of matches next to the number shown ("showing 20 of 69"), the plan in
words goes on top, and the parts of the question that were not understood are listed with the answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from include.gong_intel.ask.compile import MIN_DEAL_RISK_SCORE, compile_plan, is_deal_plan, run_plan
from include.gong_intel.ask.records import Answer, CallBrief, CallRow, Citation, Table
from include.gong_intel.ask.search import gong_moment_url
from include.gong_intel.ask.semantic import AMOUNT_MEASURES, BENCHMARKS, MEASURE_WORDS, AskPlan
from include.gong_intel.enrich.records import RISK_TYPES, risk_label

# Measures averaged over calls: their benchmark is the same average over the wider scope's calls. The others
# (counts of calls, risks, objections) are benchmarked by the mean over the wider scope's reps.
PER_CALL_AVERAGES = ("avg_sentiment", "talk_ratio", "avg_minutes", "monologue")


def format_value(measure: str, value: Any) -> str:
    """A measure's value as people read it: 42%, +0.12, $1,250,000, 17."""
    if value is None:
        return "n/a"
    v = float(value)
    if measure == "talk_ratio":
        return f"{v:.0%}"
    if measure == "avg_sentiment":
        return f"{v:+.2f}"
    if measure == "avg_minutes":
        return f"{v:.0f} min"
    if measure == "monologue":
        return f"{int(v) // 60}:{int(v) % 60:02d} min"
    if measure in AMOUNT_MEASURES:
        return f"${v:,.0f}"
    if measure == "deal_risk_score":
        return f"{v:.0f}/100"
    return f"{v:,.0f}"


def format_group(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    return "(none)" if value is None else str(value)


def _json_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return json.loads(value)
    return list(value)


def _showing(total: int, shown: int, what: str = "") -> str:
    what = f" {what}" if what else ""
    return (
        f"showing {shown} of {total}{what}" if total > shown else f"all {total}{what} shown" if total else ""
    )


def one_deal_headline(opportunity: str, risk_score: float) -> str:
    """The verdict on one named deal, its score with one decimal as the board shows it (39.9 rounded to "40"
    would read as at the bar)."""
    verdict = "at risk" if risk_score >= MIN_DEAL_RISK_SCORE else "not at risk: below the at-risk bar"
    return f"{opportunity}: risk score {risk_score:.1f}/100 — {verdict} (deals at risk score ≥ {MIN_DEAL_RISK_SCORE:g})."


# Time groups, and the measures counted in them: a period with none counts 0 ("churn flags each week": a quiet
# week is a 0, not a week left out). Averages have no value in an empty period.
TIME_GROUPS = ("week", "month", "quarter")
COUNTED_MEASURES = ("calls", "risks", "objections")
_MONTHS_PER = {"month": 1, "quarter": 3}


def period_starts(group_by: str, start: date, end: date) -> list[date]:
    """The first day of each week (Monday), month or quarter from the one holding ``start`` to the last that
    begins before ``end`` (exclusive)."""
    if group_by == "week":
        first = start - timedelta(days=start.weekday())
        return [first + timedelta(weeks=i) for i in range(-(-(end - first).days // 7))]
    step = _MONTHS_PER[group_by]
    first = date(start.year, (start.month - 1) // step * step + 1, 1)
    out = []
    while first < end:
        out.append(first)
        months = first.month - 1 + step
        first = date(first.year + months // 12, months % 12 + 1, 1)
    return out


def _with_empty_periods(
    plan: AskPlan, rows: tuple[tuple[Any, float | None, int], ...], today: date | None
) -> tuple[tuple[Any, float | None, int], ...]:
    """A count by week, month or quarter over a bounded window, with each period no call fell in as 0 (up to
    ``today``'s period when the window runs on past it; from the first period starting in the window), in the
    rows' order (by time, or by value if sorted)."""
    f = plan.filters
    if not (
        plan.kind == "aggregate"
        and plan.group_by in TIME_GROUPS
        and (plan.measure or "calls") in COUNTED_MEASURES
        and plan.top_n is None
        and f.start is not None
        and f.end is not None
        and all(isinstance(g, date) for g, _, _ in rows)
    ):
        return rows
    end = min(f.end, today + timedelta(days=1)) if today is not None else f.end
    periods = period_starts(str(plan.group_by), f.start, end)
    if len(periods) > 60:
        return rows  # (a window of years by week: the periods with calls are the answer)
    seen = {g for g, _, _ in rows}
    # (a period the window only clips, "the week of Oct 26" of "per week in November", is no quiet period)
    filled = [*rows, *((p, 0.0, 0) for p in periods if p not in seen and p >= f.start)]
    if plan.sort:
        return tuple(sorted(filled, key=lambda r: ((r[1] or 0.0) * (-1 if plan.sort == "desc" else 1), r[0])))
    return tuple(sorted(filled, key=lambda r: r[0]))


def answer_plan(
    plan: AskPlan, hook: Any, settings: Any, deal_builder: Any = None, today: date | None = None
) -> Answer:
    """Run ``plan`` and build its :class:`Answer` (kinds other than passage search and coaching).

    :param today: the asker's day: a count by period fills empty periods up to it, not into the future.
    """
    base: dict[str, Any] = {
        "restated": plan.restated(),
        "not_understood": plan.not_understood,
        "notes": plan.notes,
    }
    if plan.kind == "unanswerable":
        headline = plan.reason or "This question cannot be answered from call data."
        return Answer(plan.question, plan, headline, empty=True, **base)
    rows = run_plan(hook, settings, compile_plan(plan, settings.timezone, settings.sentiment_band))
    if plan.kind in ("aggregate", "ranking") and plan.top_n and plan.group_by and len(rows) > plan.top_n:
        cut = rows[plan.top_n - 1]["VALUE"]
        rows = rows[: plan.top_n] + [r for r in rows[plan.top_n :] if r["VALUE"] == cut]
    if plan.kind == "commitments" and plan.order == "latest_call" and rows:
        rows = [r for r in rows if r["CALL_ID"] == rows[0]["CALL_ID"]]
    if plan.kind == "commitments" and not rows:
        # No action items on the matching calls: say so, and show the calls themselves.
        calls_plan = replace(plan, kind="list_calls", order="newest")
        calls = tuple(
            _call_row(r, settings.gong_app_url)
            for r in run_plan(
                hook, settings, compile_plan(calls_plan, settings.timezone, settings.sentiment_band)
            )
        )
        headline = f"No commitments or next steps were recorded on the {len(calls)} matching calls" + (
            " — here they are, newest first." if calls else "."
        )
        return Answer(
            plan.question,
            plan,
            headline,
            empty=not calls,
            calls=calls,
            total=len(calls),
            shown=len(calls),
            **base,
        )
    total = int(rows[0].get("TOTAL", rows[0].get("GROUPS", len(rows)))) if rows else 0
    url = settings.gong_app_url
    if plan.kind in ("count", "aggregate", "ranking") and not (
        plan.kind == "ranking"
        and plan.group_by is None
        and plan.measure not in ("deal_risk_score", *AMOUNT_MEASURES)
    ):
        measure = plan.measure or "calls"
        table = Table(
            measure=measure,
            group_by=plan.group_by,
            rows=tuple(
                (
                    None if plan.group_by is None else r["GROUP_KEY"],
                    None if r["VALUE"] is None else float(r["VALUE"]),
                    int(r.get("CALLS", r.get("DEALS", 0)) or 0),
                )
                for r in rows
            ),
            total_groups=int(rows[0]["GROUPS"]) if rows else 0,
            counted="deals" if is_deal_plan(plan) else "calls",
        )
        if rows and (filled := _with_empty_periods(plan, table.rows, today)) != table.rows:
            table = replace(table, rows=filled, total_groups=len(filled))
        words = MEASURE_WORDS[measure]
        benchmarked = plan.benchmark is not None and plan.group_by == "rep" and not is_deal_plan(plan)
        if benchmarked and table.rows:
            row, bench_note = _benchmark_row(plan, hook, settings)
            table = replace(table, rows=(*table.rows, row))
            headline = (
                f"{words.capitalize()}: "
                + ", ".join(f"{format_group(g)} {format_value(measure, v)}" for g, v, _ in table.rows)
                + "."
            )
            base = {**base, "notes": (*plan.notes, *bench_note)}
        elif plan.kind == "count" and plan.group_by:
            # "How many different accounts ...": the number of groups, each with its calls.
            what = {"opportunity": "opportunities", "risk_type": "risk types"}.get(
                plan.group_by, plan.group_by.replace("_", " ") + "s"
            )
            bounds = plan.filters.value_bounds()
            headline = (
                f"{table.total_groups} {what} with {words} {bounds}."
                if bounds
                else f"{table.total_groups} different {what}, with {words} each."
            )
        elif plan.group_by is None:
            value = table.rows[0][1] if table.rows else 0
            if measure == "calls" and not table.rows:
                value = 0
            headline = f"{words.capitalize()}: {format_value(measure, value)}."
        elif not table.rows:
            headline = f"No {plan.group_by.replace('_', ' ')} has data for {words}."
        else:
            first = table.rows[0]
            if (
                plan.group_by in TIME_GROUPS
                and not plan.sort
                and any(v is not None for _, v, _ in table.rows)
            ):
                # (periods are listed in time order: the highest is found, not the first)
                first = max((r for r in table.rows if r[1] is not None), key=lambda r: r[1] or 0.0)
            shown = len(table.rows)
            lead = "Lowest" if (plan.sort or "desc") == "asc" else "Highest"
            headline = f"{words.capitalize()} by {plan.group_by.replace('_', ' ')} — {_showing(table.total_groups, shown, 'groups')}. {lead}: {format_group(first[0])} ({format_value(measure, first[1])})."
        return Answer(
            plan.question,
            plan,
            headline,
            empty=not table.rows,
            table=table,
            total=table.total_groups if plan.group_by else None,
            shown=len(table.rows) if plan.group_by else None,
            **base,
        )
    if plan.kind in ("list_calls", "ranking"):
        calls = tuple(_call_row(r, url) for r in rows)
        if plan.kind == "ranking":
            total = len(calls)
        headline = (
            f"{total} {'call matches' if total == 1 else 'calls match'} — {_showing(total, len(calls))}, "
            + {"newest": "newest first", "oldest": "oldest first"}.get(
                plan.order, f"by {plan.order.replace('_', ' ')}"
            )
            + "."
            if calls
            else "No calls "
            + (f"with {plan.filters.sentiment} sentiment " if plan.filters.sentiment else "")
            + "match."
        )
        return Answer(
            plan.question, plan, headline, empty=not calls, calls=calls, total=total, shown=len(calls), **base
        )
    if plan.kind == "deals_at_risk":
        deals = tuple(deal_builder(r) for r in rows) if deal_builder else ()
        headline = (
            f"{total} open deals at risk (score ≥ {MIN_DEAL_RISK_SCORE:g}/100) — {_showing(total, len(deals))}, highest risk first."
            if deals
            else "No open deals reach the risk threshold."
        )
        if plan.filters.every_open:
            # (asked for without a word of risk: every open deal, its risk score beside it)
            headline = (
                f"{total} open deals — {_showing(total, len(deals))}, highest risk score first."
                if deals
                else "No open deals match."
            )
        closed = plan.filters.closed_stages()
        if closed:
            headline = (
                f"{total} {' or '.join(closed)} deals — {_showing(total, len(deals))}, highest risk score first."
                if deals
                else f"No {' or '.join(closed)} deals match."
            )
        risk_table: Table | None = None
        if plan.top_n and deals and plan.measure in AMOUNT_MEASURES:
            # "The five biggest deals at risk": the top N by amount among the deals past the bar.
            shown_total = total
            total = len(deals)
            headline = (
                f"The {total} biggest open deals at risk (score ≥ {MIN_DEAL_RISK_SCORE:g}/100) of {shown_total}, "
                "largest first."
            )
            risk_table = Table(
                "amount",
                "opportunity",
                tuple((d.opportunity, d.amount, 1) for d in deals),
                total,
                counted="deals",
            )
        elif plan.top_n and deals:
            # "The riskiest 5 deals": the top N open deals by score, whatever their score.
            total = len(deals)
            headline = f"The {total} riskiest open deals, highest risk first."
            risk_table = Table(
                "deal_risk_score",
                "opportunity",
                tuple((d.opportunity, d.risk_score, 1) for d in deals),
                total,
            )
        elif plan.filters.deal_reason and deals:
            headline = f"{total} open deals match — {_showing(total, len(deals))}, highest risk first."
        if plan.filters.opportunity and deals:
            d = deals[0]
            headline = one_deal_headline(d.opportunity, d.risk_score)
            risk_table = Table("deal_risk_score", None, ((d.opportunity, d.risk_score, 1),), 1)
        return Answer(
            plan.question,
            plan,
            headline,
            empty=not deals,
            deals=deals,
            total=total,
            shown=len(deals),
            table=risk_table,
            **base,
        )
    if plan.kind == "call_brief":
        if not rows:
            return Answer(plan.question, plan, "No call matches.", empty=True, total=0, shown=0, **base)
        brief = _brief(rows[0], url)
        headline = (
            f"Brief of the {_brief_pick(plan)} matching call ({total} match{'' if total == 1 else 'es'}): {brief.call.title}, "
            f"{brief.call.call_datetime_utc:%Y-%m-%d}, {brief.call.account}, rep {brief.call.rep}."
        )
        base["not_understood"] = (*plan.not_understood, *_titles_missed(plan, [brief.call.title]))
        return Answer(plan.question, plan, headline, empty=False, brief=brief, total=total, shown=1, **base)
    if plan.kind == "commitments":
        quotes = tuple(
            Citation(
                r["CALL_ID"],
                r["TITLE"],
                r["CALL_DATETIME_UTC"],
                gong_moment_url(
                    url, r["CALL_ID"], None if r["START_S"] is None else int(float(r["START_S"]) * 1000)
                ),
                speaker=r["PRIMARY_USER_NAME"],
                company=r["ACCOUNT_NAME"],
                start_ms=None if r["START_S"] is None else int(float(r["START_S"]) * 1000),
                quote=r["SNIPPET"],
            )
            for r in rows
        )
        n_calls = len({q.call_id for q in quotes})
        if quotes:
            held = [f"{q.title or ''} {q.quote or ''}" for q in quotes]
            base["not_understood"] = (
                *plan.not_understood,
                *_titles_missed(plan, held, "call title or commitment"),
            )
        headline = (
            f"{total} commitments and next steps on {n_calls} calls — {_showing(total, len(quotes))}, newest first."
            if quotes
            else "No commitments or next steps were recorded on the matching calls."
        )
        return Answer(
            plan.question,
            plan,
            headline,
            empty=not quotes,
            quotes=quotes,
            total=total,
            shown=len(quotes),
            **base,
        )
    if plan.kind == "quotes":
        # Risk moments (objections, churn threats...), or each objection with the rep's reply.
        # (objections left hanging come from the same rows: each with what the rep said after it)
        replies = plan.filters.replies or plan.filters.unanswered
        quotes = tuple(_reply_citation(r, url) if replies else _risk_citation(r, url) for r in rows)
        types = plan.filters.risk_type or ("competitor",)
        what = "risk" if set(types) == set(RISK_TYPES) else " / ".join(t.replace("_", " ") for t in types)
        if not quotes:
            headline = f"No {what} moments match."
        elif plan.filters.unanswered:
            headline = (
                f"{total} {what} moments the rep left without a real answer — {_showing(total, len(quotes))}, "
                "newest first."
            )
        elif replies:
            unanswered = sum(1 for r in rows if not r["ANSWERED"])
            headline = (
                f"{total} {what} moments with the rep's reply — {_showing(total, len(quotes))}, newest first; "
                f"{unanswered} of those shown got no real answer."
            )
        else:
            headline = f"{total} {what} moments — {_showing(total, len(quotes))}, newest first."
        return Answer(
            plan.question,
            plan,
            headline,
            empty=not quotes,
            quotes=quotes,
            total=total,
            shown=len(quotes),
            **base,
        )
    raise ValueError(f"answer_plan cannot answer a {plan.kind} plan")


def _brief_pick(plan: AskPlan) -> str:
    """Which of the matching calls a brief is of: the latest, the first, the lowest or highest scored."""
    if plan.order == "sentiment":
        return "highest-scored" if plan.sort == "desc" else "lowest-scored"
    return "first" if plan.order == "oldest" else "latest"


def _benchmark_row(
    plan: AskPlan, hook: Any, settings: Any
) -> tuple[tuple[str, float | None, int], tuple[str, ...]]:
    """The benchmark row of a per-rep answer: the same measure over every rep in scope, or every other rep."""
    assert plan.benchmark is not None
    f = plan.filters
    wider = replace(
        f,
        rep=(),
        team=(),
        not_rep=(*f.not_rep, *f.rep) if plan.benchmark == "rest" else f.not_rep,
        min_value=None,
        max_value=None,
    )
    label = BENCHMARKS[plan.benchmark]
    measure = plan.measure or "calls"
    per_call = measure in PER_CALL_AVERAGES
    bench = replace(
        plan, kind="aggregate", group_by=None if per_call else "rep", top_n=None, sort=None, filters=wider
    )
    rows = run_plan(hook, settings, compile_plan(bench, settings.timezone, settings.sentiment_band))
    calls = sum(int(r.get("CALLS") or 0) for r in rows)
    if per_call:
        value = rows[0]["VALUE"] if rows else None
        how = f"{label.lower()}: over all {calls} calls in scope"
    else:
        values = [float(r["VALUE"]) for r in rows if r["VALUE"] is not None]
        value = sum(values) / len(values) if values else None
        how = f"{label.lower()}: the mean per rep over {len(values)} reps"
    if plan.benchmark == "rest":
        how += " but " + " and ".join(f.rep)
    return (label, None if value is None else float(value), calls), (how,)


def _titles_missed(plan: AskPlan, titles: Sequence[str | None], what: str = "call title") -> tuple[str, ...]:
    """The title words no shown call's title (or ``what`` else was searched) holds: the calls were then picked
    without them."""
    words = plan.filters.title_words
    if not words or any(w.lower() in (t or "").lower() for t in titles for w in words):
        return ()
    return (
        f"no {what} holds "
        + ", ".join(f"'{w}'" for w in words)
        + ": the calls in scope were picked without them",
    )


def _call_row(r: dict[str, Any], url: str) -> CallRow:
    return CallRow(
        call_id=r["CALL_ID"],
        call_datetime_utc=r["CALL_DATETIME_UTC"],
        title=r["TITLE"],
        account=r["ACCOUNT_NAME"],
        rep=r["PRIMARY_USER_NAME"],
        sentiment=None if r["SENTIMENT_SCORE"] is None else float(r["SENTIMENT_SCORE"]),
        summary=r["CALL_SUMMARY"],
        url=r["CALL_URL"] or gong_moment_url(url, r["CALL_ID"], None),
    )


def _brief(r: dict[str, Any], url: str) -> CallBrief:
    call = _call_row(r, url)
    items = tuple(
        Citation(
            call.call_id,
            call.title,
            call.call_datetime_utc,
            gong_moment_url(url, call.call_id, int(float(a.get("startTime") or 0) * 1000)),
            start_ms=int(float(a.get("startTime") or 0) * 1000),
            quote=a.get("snippet"),
        )
        for a in _json_list(r["GONG_ACTION_ITEMS"])
    )
    risks = tuple(
        Citation(
            call.call_id,
            call.title,
            call.call_datetime_utc,
            gong_moment_url(url, call.call_id, x.get("start_ms")),
            speaker=x.get("speaker"),
            start_ms=x.get("start_ms"),
            quote=f"[{risk_label(str(x.get('type')), x.get('severity'))}] {x.get('quote')}",
        )
        for x in _json_list(r["RISK_INDICATORS"])
    )
    return CallBrief(
        call=call,
        opportunity=r["OPPORTUNITY_NAME"],
        brief=r["GONG_BRIEF"],
        key_points=tuple(str(k) for k in _json_list(r["GONG_KEY_POINTS"])),
        action_items=items,
        topics=tuple(str(t) for t in _json_list(r["KEY_TOPICS"])),
        risks=risks,
    )


def _ms(value: Any) -> int | None:
    return None if value is None else int(value)


def _risk_citation(r: dict[str, Any], url: str) -> Citation:
    return Citation(
        r["CALL_ID"],
        r["TITLE"],
        r["CALL_DATETIME_UTC"],
        gong_moment_url(url, r["CALL_ID"], r["START_MS"]),
        speaker=r["SPEAKER"],
        company=r["ACCOUNT_NAME"],
        start_ms=_ms(r["START_MS"]),
        quote=f"[{risk_label(r['RISK_TYPE'], r['SEVERITY'])}] {r['QUOTE']}",
    )


def _reply_citation(r: dict[str, Any], url: str) -> Citation:
    """The objection and the rep's first turn after it, linked at the reply (at the objection without one)."""
    at = r["REPLY_START_MS"] if r["REPLY_START_MS"] is not None else r["START_MS"]
    return Citation(
        r["CALL_ID"],
        r["TITLE"],
        r["CALL_DATETIME_UTC"],
        gong_moment_url(url, r["CALL_ID"], at),
        speaker=r["REPLY_SPEAKER"],
        company=r["ACCOUNT_NAME"],
        start_ms=_ms(at),
        quote=f"[{risk_label(r['RISK_TYPE'])}] customer: {r['QUOTE']} — reply: "
        + (r["REPLY_TEXT"] or "(no reply within two minutes)"),
    )

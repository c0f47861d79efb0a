"""The one engine behind the CLI, the Python API and the Airflow UI page: question -> plan -> SQL -> answer.

Answers only report rows the warehouse returned; when nothing supports an answer it says so.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from include.gong_intel.ask.answers import answer_plan
from include.gong_intel.ask.asker import apply_asker
from include.gong_intel.ask.charts import charts_for
from include.gong_intel.ask.cohere_plan import CohereTypedPlanner
from include.gong_intel.ask.compile import filter_args
from include.gong_intel.ask.planner import CoherePlanner, Vocabulary, parse_question
from include.gong_intel.ask.queries import plan_context, run_query
from include.gong_intel.ask.records import (
    Answer,
    Citation,
    DealRisk,
    Finding,
    QueryPlan,
    RepCoaching,
    TimeRange,
)
from include.gong_intel.ask.resolve import Catalog
from include.gong_intel.ask.rules import plan_question
from include.gong_intel.ask.search import (
    gong_moment_url,
    group_by_theme,
    search_passages,
    unmentioned_words,
)
from include.gong_intel.ask.semantic import AskPlan
from include.gong_intel.ask.views import COACHING_THRESHOLDS
from include.gong_intel.ask.vocabulary import topic_for_words
from include.gong_intel.enrich.records import SENTIMENT_NEUTRAL_BAND, TOPIC_LABELS, risk_label

log = logging.getLogger(__name__)

# Deals below this score are not reported as "at risk" (see V_DEAL_RISK for the score's parts).
MIN_DEAL_RISK_SCORE = 20.0
MAX_EVIDENCE = 3
# Two quotes this alike (rapidfuzz token-set ratio, 0-100) say the same thing: the tenant's customers, like
# real ones, repeat a sentence with a new opener.
SAME_QUOTE = 90
# Impact weights of coaching findings (per affected call; documented in the README).
IMPACT = {
    "unanswered_objection": 3.0,
    "missed_next_steps": 3.0,
    "talk_ratio": 2.0,
    "long_monologue": 1.5,
    "few_questions": 1.5,
}


def _unless_subject_unmentioned(plan: AskPlan, answer: Answer) -> Answer:
    """A quotes answer to a subject no topic names ("what did customers say about API tokens") is "nothing
    matches" when the passages found never use the subject's words: they are only the nearest turns, about
    something else. The closest one is named, so the reader sees what was near."""
    subjects = [t for t in plan.filters.topic if t not in TOPIC_LABELS]
    passages = [p for group in answer.themes for p in group.passages]
    quotes = [p.citation.quote or "" for p in passages]
    absent = unmentioned_words(subjects[0], quotes) if subjects else []
    if not passages or not absent:
        return answer
    closest = passages[0].citation
    return replace(
        answer,
        headline=f"No customer passage mentions '{subjects[0]}' (no turn says {', '.join(absent)}).",
        empty=True,
        themes=(),
        synthesis=None,  # a synthesis of the nearest turns would answer what nobody said
        notes=(
            *answer.notes,
            f'closest turn, about something else: "{quotes[0][:160]}" ({closest.title})',
        ),
    )


class AskEngine:
    """Answer questions about the calls.

    :param hook: a WarehouseHook (ideally on a read-only role; see ``queries.py``).
    :param settings: project :class:`~include.gong_intel.config.Settings`.
    :param engine: enrichment engine used to embed questions; built from settings when omitted.
    :param cohere_client: a ``cohere.ClientV2`` for planning and rerank; when omitted and
        ``settings.enrich_engine == "cohere"`` it is built from the ``cohere_default`` connection.
    :param today: the current date in ``settings.timezone`` (injectable for tests).
    :param asker: who is asking (a rep's full name or email): "my calls", "my deals" are theirs
        (:mod:`~include.gong_intel.ask.asker`).
    """

    def __init__(
        self,
        hook: Any,
        settings: Any,
        *,
        engine: Any = None,
        cohere_client: Any = None,
        today: date | None = None,
        asker: str | None = None,
    ) -> None:
        self.hook = hook
        self.settings = settings
        self._engine = engine
        self._today = today
        self.asker = asker
        self.cohere_client = cohere_client
        if cohere_client is None and settings.enrich_engine == "cohere":
            self.cohere_client = self._cohere_client()
        self.planner = CoherePlanner(self.cohere_client, settings.chat_model) if self.cohere_client else None

    def _cohere_client(self) -> Any:
        from airflow.sdk import BaseHook

        from include.gong_intel.enrich.engine import build_cohere_client, enrich_settings

        conn = BaseHook.get_connection(self.settings.cohere_conn_id)
        return build_cohere_client(conn, enrich_settings(self.settings))

    @property
    def engine(self) -> Any:
        if self._engine is None:
            from include.gong_intel.enrich.engine import build_engine, enrich_settings

            self._engine = build_engine(enrich_settings(self.settings), self.cohere_client)
        return self._engine

    @property
    def today(self) -> date:
        return self._today or datetime.now(ZoneInfo(self.settings.timezone)).date()

    def vocabulary(self) -> Vocabulary:
        rows = run_query(self.hook, self.settings, "ask/vocabulary.sql", {})
        return Vocabulary(
            reps=tuple(sorted(r["NAME"] for r in rows if r["KIND"] == "rep")),
            accounts=tuple(sorted(r["NAME"] for r in rows if r["KIND"] == "account")),
        )

    def plan(self, question: str) -> QueryPlan:
        vocabulary = self.vocabulary()
        if self.planner is not None:
            return self.planner.plan(
                question, today=self.today, timezone=self.settings.timezone, vocabulary=vocabulary
            )
        return parse_question(
            question, today=self.today, timezone=self.settings.timezone, vocabulary=vocabulary
        )

    def catalog(self) -> Catalog:
        """Distinct names the warehouse holds, for entity resolution (plus configured competitors/products)."""
        rows = run_query(self.hook, self.settings, "ask/catalog.sql", {})
        by_kind: dict[str, list[str]] = defaultdict(list)
        teams: dict[str, list[str]] = defaultdict(list)
        titles: list[tuple[str, str]] = []
        for r in rows:
            if r["KIND"] == "team_member":
                teams[r["MANAGER"]].append(r["NAME"])
            elif r["KIND"] == "titled":
                titles.append((r["NAME"], r["TITLE"]))
            else:
                by_kind[r["KIND"]].append(r["NAME"])
        return Catalog(
            reps=tuple(sorted(by_kind["rep"])),
            accounts=tuple(sorted(by_kind["account"])),
            opportunities=tuple(sorted(by_kind["opportunity"])),
            stages=tuple(sorted(by_kind["stage"])),
            competitors=tuple(self.settings.competitors),
            products=tuple(self.settings.products),
            teams=tuple((manager, tuple(sorted(members))) for manager, members in sorted(teams.items())),
            titles=tuple(sorted(titles)),
        )

    def typed_plan(self, question: str) -> AskPlan:
        """The question as a typed :class:`AskPlan` (rule-based; names resolved against the warehouse)."""
        planner = (
            CohereTypedPlanner(self.cohere_client, self.settings.chat_model) if self.cohere_client else None
        )
        plan = planner.plan if planner is not None else plan_question
        catalog = self.catalog()
        planned = plan(
            question,
            today=self.today,
            catalog=catalog,
            fiscal_year_start_month=self.settings.fiscal_year_start_month,
        )
        return apply_asker(planned, question, self.asker, catalog)

    def ask(self, question: str) -> Answer:
        """Plan ``question``, run the compiled, allow-listed query and return a grounded :class:`Answer`."""
        return self.answer_plan(self.typed_plan(question))

    def answer_plan(self, plan: AskPlan) -> Answer:
        """The :class:`Answer` to a typed plan (from :meth:`typed_plan`, or a caller's own), with its charts."""
        answer = self._answer_plan(plan)
        return replace(answer, charts=charts_for(answer))

    def _answer_plan(self, plan: AskPlan) -> Answer:
        log.info("ask: kind=%s measure=%s group_by=%s", plan.kind, plan.measure, plan.group_by)
        risk_quotes = plan.filters.risk_type or plan.filters.competitor
        if plan.kind == "coaching" or (plan.kind == "quotes" and not risk_quotes):
            # Coaching filters by reps, accounts and time, not by names left out: said, not dropped.
            left_in = [f"rep {r}" for r in plan.filters.not_rep] + [
                f"account {a}" for a in plan.filters.not_account
            ]
            if left_in and plan.kind == "coaching":
                plan = replace(
                    plan.with_not_understood(
                        *(
                            f"not left out: {name} (this kind of answer cannot leave a name out)"
                            for name in left_in
                        )
                    ),
                    filters=replace(plan.filters, not_rep=(), not_account=()),
                )
            legacy = self._legacy_plan(plan)
            if plan.kind == "coaching":
                answer = self._coaching(legacy)
            else:
                # Passages come from the calls every filter of the plan keeps (stage, sentiment, a deal...); the
                # topic picks the passages, not the calls.
                calls_in_scope = plan.filters if plan.filters.topic_calls else replace(plan.filters, topic=())
                scope = filter_args(calls_in_scope, self.settings.timezone, self.settings.sentiment_band)
                answer = self._passages(legacy, scope)
            if plan.kind == "quotes":
                answer = _unless_subject_unmentioned(plan, answer)
            return replace(
                answer,
                plan=plan,
                restated=plan.restated(),
                not_understood=plan.not_understood,
                notes=(*answer.notes, *plan.notes),
            )
        answer = answer_plan(
            plan, self.hook, self.settings, deal_builder=self._deal_with_evidence, today=self.today
        )
        if plan.kind == "quotes" and plan.filters.quote_words and answer.empty:
            # No flagged moment says the words asked about: every flagged moment, and the answer says so.
            said = plan.filters.quote_words_said()
            wider = replace(plan, filters=replace(plan.filters, quote_words=()))
            answer = answer_plan(
                wider, self.hook, self.settings, deal_builder=self._deal_with_evidence, today=self.today
            )
            answer = replace(
                answer, notes=(f"no flagged moment says {said}: all of them are shown", *answer.notes)
            )
        return answer

    def _legacy_plan(self, plan: AskPlan) -> QueryPlan:
        f = plan.filters
        time_range = None
        if f.start or f.end:
            time_range = TimeRange(
                datetime.combine(f.start or date(2000, 1, 1), datetime.min.time()),
                datetime.combine(f.end or self.today + timedelta(days=1), datetime.min.time()),
                f.time_label or "window",
            )
        # (the topic of the calls, when the question names it so, is a filter, not what was said)
        about = plan.search_text if f.topic_calls and plan.search_text else plan.question
        topic = topic_for_words(set(re.findall(r"[a-z0-9]+", about.lower())))
        return QueryPlan(
            intent="coaching" if plan.kind == "coaching" else "passages",
            question=plan.question,
            time_range=time_range,
            reps=f.rep,
            accounts=f.account,
            speakers=f.speaker,
            topic=topic.name if topic else None,
            text=plan.search_text or plan.question,
            limit=plan.top_n or plan.limit,
        )

    def _deal_with_evidence(self, row: dict[str, Any]) -> DealRisk:
        ids = {"id_0": row["OPPORTUNITY_ID"]}
        evidence = run_query(self.hook, self.settings, "ask/deal_evidence.sql", ids, n_ids=1)
        # A deal flagged by its calls' sentiment cites what the customer said, after the risks.
        evidence += run_query(
            self.hook,
            self.settings,
            "ask/deal_sentiment_evidence.sql",
            {**ids, "negative_threshold": -self.settings.sentiment_band},
            n_ids=1,
        )
        return deal_risk_from_row(row, evidence, self.settings.gong_app_url, self.settings.sentiment_band)

    # --- intents --------------------------------------------------------------------------------------

    def _scope(self, plan: QueryPlan) -> str:
        parts = []
        if plan.time_range:
            tr = plan.time_range
            parts.append(
                f"{plan.time_range.label} ({tr.start_utc:%Y-%m-%d} to {tr.end_utc:%Y-%m-%d} exclusive)"
            )
        if plan.reps:
            parts.append("rep " + ", ".join(plan.reps))
        if plan.accounts:
            parts.append("account " + ", ".join(plan.accounts))
        return " in " + "; ".join(parts) if parts else ""

    def _passages(
        self, plan: QueryPlan, scope: tuple[dict[str, Any], dict[str, Any]] | None = None
    ) -> Answer:
        reranker = self.cohere_client if self.settings.enrich_engine == "cohere" else None
        passages = search_passages(
            self.hook, self.settings, plan, self.engine, reranker=reranker, scope=scope
        )
        themes = group_by_theme(passages)
        about = f"about {plan.topic}" if plan.topic else "matching the question"
        whose = f"passages of {' or '.join(plan.speakers)} speaking" if plan.speakers else "customer passages"
        if not passages:
            headline = f"No {whose} {about} were found{self._scope(plan)}."
        else:
            calls = len({p.citation.call_id for p in passages})
            headline = (
                f"{len(passages)} {whose} {about} from {calls} calls{self._scope(plan)}, "
                f"grouped into {len(themes)} themes: "
                + ", ".join(f"{t.name} ({len(t.passages)})" for t in themes)
            )
        synthesis = None
        if passages and reranker is not None:  # Cohere configured: a cited synthesis (issue #7); none locally
            from include.gong_intel.ask.synthesis import synthesize

            shown = [p for group in themes for p in group.passages]  # [n] is the n-th passage shown
            synthesis = synthesize(self.cohere_client, self.settings.chat_model, plan.question, shown)
        return Answer(
            plan.question,
            plan,
            headline,
            empty=not passages,
            themes=themes,
            synthesis=synthesis.text if synthesis else None,
        )

    def _coaching(self, plan: QueryPlan) -> Answer:
        context, params = plan_context(plan, self.settings.sentiment_band)
        calls = run_query(self.hook, self.settings, "ask/coaching_calls.sql", params, **context)
        objections = run_query(self.hook, self.settings, "ask/coaching_objections.sql", params, **context)
        reps = coaching_findings(calls, objections, self.settings.gong_app_url)
        flagged = [r for r in reps if r.findings]
        headline = (
            f"{len(flagged)} of {len(reps)} reps have coaching opportunities{self._scope(plan)}, ranked by impact."
            if flagged
            else f"No coaching opportunities found in {len(calls)} calls{self._scope(plan)}."
        )
        return Answer(plan.question, plan, headline, empty=not flagged, coaching=tuple(flagged))


def _cite(
    row: dict[str, Any], base_url: str, start_ms: Any = None, quote: str | None = None, speaker=None
) -> Citation:
    return Citation(
        call_id=row["CALL_ID"],
        title=row.get("TITLE"),
        call_datetime_utc=row.get("CALL_DATETIME_UTC"),
        url=gong_moment_url(base_url, row["CALL_ID"], start_ms),
        speaker=speaker,
        start_ms=None if start_ms is None else int(start_ms),
        quote=quote,
    )


def coaching_findings(
    calls: list[dict[str, Any]], objections: list[dict[str, Any]], base_url: str
) -> list[RepCoaching]:
    """Per-rep findings from per-call metrics (V_REP_COACHING_METRICS) and unanswered objections.

    Impact = weight of the finding kind x calls affected (talk ratio also scales with the distance from the
    band). Reps are ranked by total impact, findings within a rep likewise.
    """
    th = COACHING_THRESHOLDS
    by_rep: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in calls:
        by_rep[c["REP_ID"]].append(c)
    unanswered: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in objections:
        unanswered[o["REP_ID"]].append(o)
    result = []
    for rep_id, rows in by_rep.items():
        name = rows[0]["REP_NAME"]
        findings: list[Finding] = []
        ratios = [float(r["REP_TALK_RATIO"]) for r in rows if r["REP_TALK_RATIO"] is not None]
        off = [r for r in rows if r["TALK_RATIO_OUT_OF_BAND"]]
        if off and ratios:
            avg = sum(ratios) / len(ratios)
            worst = sorted(off, key=lambda r: -abs(float(r["REP_TALK_RATIO"]) - 0.5))
            distance = max(0.0, avg - th["talk_ratio_high"], th["talk_ratio_low"] - avg)
            findings.append(
                Finding(
                    "talk_ratio",
                    f"Talk ratio outside the healthy {th['talk_ratio_low']:.0%}-{th['talk_ratio_high']:.0%} band on "
                    f"{len(off)} of {len(rows)} calls (average {avg:.0%}).",
                    round(IMPACT["talk_ratio"] * len(off) * (1 + 5 * distance), 2),
                    tuple(
                        _cite(r, base_url, quote=f"rep talk ratio {float(r['REP_TALK_RATIO']):.0%}")
                        for r in worst[:MAX_EVIDENCE]
                    ),
                )
            )
        mono = sorted(
            (r for r in rows if r["LONG_MONOLOGUE"]), key=lambda r: -float(r["LONGEST_MONOLOGUE_S"])
        )
        if mono:
            findings.append(
                Finding(
                    "long_monologue",
                    f"Monologues over {th['monologue_max_s']:g} s on {len(mono)} calls "
                    f"(longest {float(mono[0]['LONGEST_MONOLOGUE_S']):.0f} s).",
                    round(IMPACT["long_monologue"] * len(mono), 2),
                    tuple(
                        _cite(
                            r,
                            base_url,
                            r["MONOLOGUE_START_MS"],
                            f"{float(r['LONGEST_MONOLOGUE_S']):.0f} s monologue",
                        )
                        for r in mono[:MAX_EVIDENCE]
                    ),
                )
            )
        few = [r for r in rows if r["FEW_QUESTIONS"]]
        if few:
            findings.append(
                Finding(
                    "few_questions",
                    f"Fewer than {th['min_questions']:g} questions asked on {len(few)} calls of 10+ minutes.",
                    round(IMPACT["few_questions"] * len(few), 2),
                    tuple(
                        _cite(r, base_url, quote=f"{r['REP_QUESTIONS']} questions")
                        for r in few[:MAX_EVIDENCE]
                    ),
                )
            )
        missed = [r for r in rows if r["MISSED_NEXT_STEPS"]]
        if missed:
            findings.append(
                Finding(
                    "missed_next_steps",
                    f"No agreed next step at the end of {len(missed)} calls.",
                    round(IMPACT["missed_next_steps"] * len(missed), 2),
                    tuple(
                        _cite(
                            r,
                            base_url,
                            r["NO_NEXT_STEPS_MS"],
                            quote=r.get("NO_NEXT_STEPS_QUOTE"),
                            speaker=r.get("NO_NEXT_STEPS_SPEAKER"),
                        )
                        for r in missed[:MAX_EVIDENCE]
                    ),
                )
            )
        objs = unanswered.get(rep_id, [])
        if objs:
            findings.append(
                Finding(
                    "unanswered_objection",
                    f"{len(objs)} customer objections (pricing/competitor) left without a real answer.",
                    round(IMPACT["unanswered_objection"] * len(objs), 2),
                    tuple(
                        _cite(o, base_url, o["START_MS"], o["QUOTE"], o["SPEAKER"])
                        for o in objs[:MAX_EVIDENCE]
                    ),
                )
            )
        findings.sort(key=lambda f: (-f.impact, f.kind))
        result.append(
            RepCoaching(rep_id, name, len(rows), round(sum(f.impact for f in findings), 2), tuple(findings))
        )
    result.sort(key=lambda r: (-r.impact, r.rep or ""))
    return result


def _as_list(value: Any) -> tuple[str, ...]:
    import json

    if value is None:
        return ()
    if isinstance(value, str):
        value = json.loads(value)
    return tuple(sorted(str(v) for v in value))


def deal_risk_from_row(
    row: dict[str, Any],
    evidence: list[dict[str, Any]],
    base_url: str,
    sentiment_band: float = SENTIMENT_NEUTRAL_BAND,
) -> DealRisk:
    """A :class:`DealRisk` from a V_DEAL_RISK row and its strongest risk quotes (an average below
    ``-sentiment_band``, the configured band, reads as negative)."""
    reasons = []
    avg = row["AVG_SENTIMENT"]
    trend = row["SENTIMENT_TREND"]
    if avg is not None and avg < -sentiment_band:
        reasons.append(f"negative average call sentiment ({avg:+.2f})")
    if trend is not None and trend < -0.1:
        reasons.append(f"sentiment falling ({trend:+.2f} newer vs older calls)")
    if mentions := row["COMPETITOR_MENTIONS"]:
        reasons.append(f"competitor pressure ({mentions} mention{'' if mentions == 1 else 's'})")
    if row["LATEST_NO_NEXT_STEPS"]:
        reasons.append("latest call ended without an agreed next step")
    risk_types = _as_list(row["RISK_TYPES"])
    if risk_types:
        reasons.append("risks raised: " + ", ".join(risk_label(t) for t in risk_types))
    return DealRisk(
        opportunity_id=row["OPPORTUNITY_ID"],
        opportunity=row["OPPORTUNITY_NAME"],
        account=row["ACCOUNT_NAME"],
        rep=row["REP_NAME"],
        stage=row["STAGE"],
        amount=None if row["AMOUNT"] is None else float(row["AMOUNT"]),
        close_date=_day(row.get("CLOSE_DATE")),
        risk_score=float(row["RISK_SCORE"]),
        avg_sentiment=None if avg is None else float(avg),
        sentiment_trend=None if trend is None else float(trend),
        risk_types=risk_types,
        reasons=tuple(reasons),
        evidence=tuple(
            _cite(
                e,
                base_url,
                e["START_MS"],
                f"[{risk_label(e['RISK_TYPE'], e['SEVERITY'])}] {e['QUOTE']}",
                e["SPEAKER"],
            )
            for e in pick_evidence(evidence, MAX_EVIDENCE)
        ),
    )


def _day(value: Any) -> date | None:
    """A DATE column's value as a date (the connector gives a date; text is read as ISO)."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def pick_evidence(evidence: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Up to ``n`` quotes for a deal from its evidence rows (strongest first): the first of each risk type
    before a second of any, so the quotes cover the risks the reasons list, and never a quote that says again
    what a kept one says ("To be frank, at $222k a year..." beside "I have to be upfront, at $222k a year...")."""
    kept: list[dict[str, Any]] = []
    for row in evidence:
        quote = str(row["QUOTE"] or "")
        if not any(fuzz.token_set_ratio(quote, str(k["QUOTE"] or "")) >= SAME_QUOTE for k in kept):
            kept.append(row)
    firsts: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for row in kept:
        (rest if any(r["RISK_TYPE"] == row["RISK_TYPE"] for r in firsts) else firsts).append(row)
    return (firsts + rest)[:n]


def ask(
    question: str, *, hook: Any = None, settings: Any = None, today: date | None = None, **kwargs: Any
) -> Answer:
    """Answer one question (Python API). Settings and the warehouse connection default to the runtime ones."""
    if settings is None:
        from include.gong_intel.config import load_settings

        settings = load_settings()
    if hook is None:
        from include.gong_intel.warehouse.hook import WarehouseHook

        hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    return AskEngine(hook, settings, today=today, **kwargs).ask(question)

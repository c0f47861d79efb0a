"""The typed question plan: a small semantic layer over the call warehouse.

A plan says what kind of answer is wanted (:data:`KINDS`), which measure (:data:`MEASURES`) grouped by what
(:data:`GROUP_BYS`), under which filters (:class:`Filters`), sorted how and cut to how many. Every field is a
closed vocabulary or a value the compiler in ``compile.py`` only ever binds as a parameter, so a plan — from
the rule-based planner or from a model — can never carry SQL.

A plan also remembers what it could not use: :attr:`AskPlan.not_understood` lists every part of the question
that did not become a field (an unknown account, an unparsed date, a measure the data does not hold), and the
answer repeats it, so nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from include.gong_intel.enrich.records import RISK_TYPES, risk_label

KINDS: tuple[str, ...] = (
    "list_calls",
    "count",
    "aggregate",
    "ranking",
    "quotes",
    "call_brief",
    "commitments",
    "deals_at_risk",
    "coaching",
    "unanswerable",
)
# "deals" (number of open deals) is the engine's own: the label vocabulary counts deals with measure null.
MEASURES: tuple[str, ...] = (
    "deals",
    "calls",
    "avg_sentiment",
    "talk_ratio",
    "avg_minutes",
    "monologue",
    "objections",
    "risks",
    "deal_risk_score",
    "amount",
    "avg_amount",
)
GROUP_BYS: tuple[str, ...] = (
    "rep",
    "account",
    "opportunity",
    "stage",
    "week",
    "month",
    "quarter",
    "topic",
    "risk_type",
    "competitor",
)
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
SORTS: tuple[str, ...] = ("desc", "asc")
SENTIMENT_TRENDS: tuple[str, ...] = ("falling", "rising")
# Call scopes: Gong's "Internal" meetings, calls with a customer on the line ("External"), and calls no customer
# attended (an internal meeting, or a no-show).
NO_CUSTOMER = "No customer"
SCOPES: tuple[str, ...] = ("Internal", "External", NO_CUSTOMER)
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
# How a call list is ordered: newest first unless the question ranks calls by something.
# One open deal picked by a property: the largest by amount, or the riskiest by risk score.
DEAL_PICKS: tuple[str, ...] = ("largest", "riskiest")
CALL_ORDERS: tuple[str, ...] = ("newest", "oldest", "sentiment", "talk_ratio", "duration", "latest_call")
# A per-rep measure shown beside a benchmark row: every rep in scope ("team") or every rep but the named ("rest").
BENCHMARKS: dict[str, str] = {"team": "Team average", "rest": "Rest of team average"}
MAX_ROWS = 200
# Measures of deal amounts: their sum (pipeline) and their average (deal size); shown as money.
AMOUNT_MEASURES: tuple[str, ...] = ("amount", "avg_amount")
DEAL_MEASURES: tuple[str, ...] = ("deal_risk_score", *AMOUNT_MEASURES, "deals")  # measured over deals
# Objections whose replies V_OBJECTION_RESPONSES records.
OBJECTION_TYPES: tuple[str, ...] = ("pricing_objection", "competitor")
# Call languages by name, with the codes Gong stores (ISO 639-2: both codes where the B and T forms differ).
LANGUAGES: dict[str, tuple[str, ...]] = {
    "English": ("eng",),
    "German": ("deu", "ger"),
    "Spanish": ("spa",),
    "French": ("fra", "fre"),
    "Portuguese": ("por",),
    "Italian": ("ita",),
    "Dutch": ("nld", "dut"),
    "Japanese": ("jpn",),
}
# A call is negative below -SENTIMENT_BAND, positive above it, neutral in between.
SENTIMENT_BAND = 0.2
# The first day of a period open to the past ("before Nov 1", "deals past their close date"): before any call.
OPEN_START = date(2000, 1, 1)
DEFAULT_ROWS = 20

MEASURE_WORDS = {
    "calls": "number of calls",
    "avg_sentiment": "average sentiment",
    "talk_ratio": "average rep talk ratio",
    "avg_minutes": "average call length",
    "monologue": "average longest rep monologue",
    "objections": "objections",
    "risks": "risks raised",
    "deal_risk_score": "deal risk score",
    "amount": "deal amount",
    "avg_amount": "average deal amount",
    "deals": "number of deals",
}


@dataclass(frozen=True)
class Filters:
    """Filters a plan applies; names are values exactly as the warehouse stores them (resolved beforehand)."""

    rep: tuple[str, ...] = ()
    team: tuple[str, ...] = ()  # managers whose direct reports ``rep`` lists ("Priya's team"), for the words
    account: tuple[str, ...] = ()
    opportunity: tuple[str, ...] = ()
    # The kind of deal ``opportunity`` lists by its name ("which renewals are at risk"), for the words.
    deal_type: tuple[str, ...] = ()
    stage: tuple[str, ...] = ()
    # Names the question leaves out ("Morgan's calls other than the Driftwood ones").
    not_rep: tuple[str, ...] = ()
    not_account: tuple[str, ...] = ()
    not_opportunity: tuple[str, ...] = ()
    not_deal_type: tuple[str, ...] = ()  # the kind of deal ``not_opportunity`` leaves out, for the words
    start: date | None = None  # inclusive, UTC day
    end: date | None = None  # exclusive, UTC day
    time_label: str | None = None
    sentiment: str | None = None
    risk_type: tuple[str, ...] = ()
    # Risk types the calls (a deal's: any of its calls) must not have ("no competitor ever came up").
    no_risk_type: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    competitor: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()  # people named in a quotes question: whose words to return
    # Words of the risk's subject the question names ("might not renew or cancel", "a SOC 2 report"): risk
    # quotes that say one of them (as a LIKE pattern, "%soc%2%").
    quote_words: tuple[str, ...] = ()
    min_amount: float | None = None
    max_amount: float | None = None
    unanswered: bool = False  # objections the rep left without a real answer
    answered: bool = False  # objections the rep answered ("handled")
    replies: bool = False  # quotes: each objection with the rep's reply ("how did Morgan handle pushback")
    scope: str | None = None  # "Internal" (Gong's scope), "External" (a customer on the line) or NO_CUSTOMER
    risk_severity: str | None = None  # calls with a risk indicator of this severity (high, medium, low)
    has_transcript: bool | None = None  # False: calls without a transcript
    language: tuple[str, ...] = ()  # names from LANGUAGES: calls in one of these languages
    other_language: bool = False  # True: calls in any language but these ("calls not in English")
    at_risk: bool = False  # deal measures: only open deals at or above the risk bar
    # A deal list asked for without a word of risk ("kofis open deals"): every open deal, not only the risky.
    every_open: bool = False
    # Call measures over deals still open ("top 3 open deals by number of price objections"): the calls of deals
    # whose stage now is not a closed one.
    open_deals: bool = False
    # Words of a call's title ("the onsite workshop", "the order form review"): of the calls in scope, those
    # whose titles hold the most of them (all calls in scope when no title holds any).
    title_words: tuple[str, ...] = ()
    # Words said on the call, by anyone, that no topic or name holds ("how many calls mentioned highspot"): the
    # calls whose transcript has each of them as a word.
    said: tuple[str, ...] = ()
    # A grouped measure's bounds: "reps with more than 5 calls" keeps the groups whose value is above 5.
    min_value: float | None = None  # strictly above
    max_value: float | None = None  # strictly below
    min_calls: int | None = None  # groups with at least this many calls (the smallest sample for an average)
    # Calls where the rep's longest monologue ran strictly longer than this ("a monologue over 2.5 minutes").
    min_monologue_s: float | None = None
    # Calls where the rep's share of the talk (TALK_RATIO, 0..1) is strictly above / below this.
    min_talk_ratio: float | None = None
    max_talk_ratio: float | None = None
    min_minutes: float | None = None  # call duration, strictly longer than
    max_minutes: float | None = None  # strictly shorter than
    # Deal-only reasons ("deals where sentiment is sliding", "deals gone quiet", "deals closing this month").
    sentiment_trend: str | None = None  # "falling": newer calls score lower than older ones
    quiet_since: date | None = None  # the deal's latest call is before this day
    latest_call: bool = False  # deals: the risk types were raised on the deal's latest call ("the last call")
    # Calls of one open deal picked by a property ("our largest open deal's last call"): a name in DEAL_PICKS.
    deal_pick: str | None = None
    # Quotes: ``topic`` labels the calls the passages come from ("the Product Feedback conversations"), instead
    # of naming what the passages are about.
    topic_calls: bool = False
    close_start: date | None = None  # the deal's close date, inclusive
    close_end: date | None = None  # exclusive

    def closed_stages(self) -> tuple[str, ...]:
        """The closed stages filtered on ("Closed Lost", "Closed Won"): deals as they closed, not open ones."""
        return tuple(st for st in self.stage if st.lower().startswith("closed"))

    def quote_words_said(self) -> str:
        """The quote words as the answer names them: "soc 2… or infos…"."""
        return " or ".join(w.strip("%").replace("%", " ").strip() + "…" for w in self.quote_words)

    def value_bounds(self) -> str:
        """A grouped measure's bounds in words ("above 5", "above 1 and below 8"); empty without any."""
        bounds = (
            f"above {self.min_value:g}" if self.min_value is not None else "",
            f"below {self.max_value:g}" if self.max_value is not None else "",
        )
        return " and ".join(b for b in bounds if b)

    def __post_init__(self) -> None:
        if self.sentiment is not None and self.sentiment not in SENTIMENTS:
            raise PlanError(f"unknown sentiment {self.sentiment!r}")
        if any(rt not in RISK_TYPES for rt in (*self.risk_type, *self.no_risk_type)):
            raise PlanError(f"unknown risk types in {self.risk_type + self.no_risk_type!r}")
        if any(lang not in LANGUAGES for lang in self.language):
            raise PlanError(f"unknown languages in {self.language!r}")
        if self.replies and not set(self.risk_type) <= set(OBJECTION_TYPES):
            raise PlanError(f"replies are recorded for {', '.join(OBJECTION_TYPES)} only")
        if self.other_language and not self.language:
            raise PlanError("other_language needs the languages it excludes")
        if self.start and self.end and self.end <= self.start:
            raise PlanError(f"empty time window {self.start}..{self.end}")
        if self.risk_severity is not None and self.risk_severity not in SEVERITIES:
            raise PlanError(f"unknown risk severity {self.risk_severity!r}")
        if self.scope is not None and self.scope not in SCOPES:
            raise PlanError(f"unknown call scope {self.scope!r}")
        if self.deal_pick is not None and self.deal_pick not in DEAL_PICKS:
            raise PlanError(f"unknown deal pick {self.deal_pick!r}")
        if self.sentiment_trend is not None and self.sentiment_trend not in SENTIMENT_TRENDS:
            raise PlanError(f"unknown sentiment trend {self.sentiment_trend!r}")

    @property
    def deal_reason(self) -> bool:
        """A named reason a deal is at risk (a risk type, falling sentiment, gone quiet), not the score bar."""
        return bool(self.risk_type or self.sentiment_trend or self.quiet_since)


@dataclass(frozen=True)
class AskPlan:
    """A question as a typed plan (see the module docstring)."""

    kind: str
    question: str
    measure: str | None = None
    group_by: str | None = None
    filters: Filters = field(default_factory=Filters)
    sort: str | None = None
    top_n: int | None = None
    order: str = "newest"
    limit: int = DEFAULT_ROWS
    search_text: str = ""
    not_understood: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    reason: str | None = None  # why an unanswerable question cannot be answered
    planner: str = "rules"
    # A key of BENCHMARKS: "how does Daniel's talk ratio compare to the team average".
    benchmark: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PlanError(f"unknown kind {self.kind!r}")
        if self.measure is not None and self.measure not in MEASURES:
            raise PlanError(f"unknown measure {self.measure!r}")
        if self.group_by is not None and self.group_by not in GROUP_BYS:
            raise PlanError(f"unknown group_by {self.group_by!r}")
        if self.sort is not None and self.sort not in SORTS:
            raise PlanError(f"unknown sort {self.sort!r}")
        if self.order not in CALL_ORDERS:
            raise PlanError(f"unknown call order {self.order!r}")
        if self.benchmark is not None and self.benchmark not in BENCHMARKS:
            raise PlanError(f"unknown benchmark {self.benchmark!r}")
        if self.top_n is not None and not 1 <= int(self.top_n) <= MAX_ROWS:
            raise PlanError(f"top_n must be 1..{MAX_ROWS}, got {self.top_n!r}")
        if not 1 <= int(self.limit) <= MAX_ROWS:
            raise PlanError(f"limit must be 1..{MAX_ROWS}, got {self.limit!r}")

    def restated(self) -> str:
        """The plan in words, e.g. ``calls · rep Morgan Larsen · last week (2026-11-23..2026-11-30) · negative``."""
        f = self.filters
        head = {
            "list_calls": "calls",
            "count": f"count of {MEASURE_WORDS.get(self.measure or 'calls')}",
            "aggregate": MEASURE_WORDS.get(self.measure or "calls", "calls"),
            "ranking": MEASURE_WORDS.get(self.measure or "calls", "calls"),
            "quotes": "what was said",
            "call_brief": "brief of one call",
            "commitments": "commitments and next steps",
            "deals_at_risk": "open deals at risk",
            "coaching": "coaching opportunities",
            "unanswerable": "not answerable from call data",
        }[self.kind]
        if self.kind == "deals_at_risk" and f.closed_stages():
            head = "deals"  # "deals we lost to Chorus": as they closed
        elif self.kind == "deals_at_risk" and f.every_open:
            head = "open deals"  # "kofis open deals": every one, not only those past the risk bar
        parts = [head]
        if self.kind == "deals_at_risk" and self.measure in AMOUNT_MEASURES:
            parts.append("largest amount first")
        if self.group_by:
            by = self.group_by.replace("_", " ")
            if self.group_by in ("week", "month", "quarter") and self.measure in DEAL_MEASURES:
                by = f"{by} of the close date"  # a deal's period is when it is expected to close
            parts.append(f"by {by}")
        if self.benchmark:
            parts.append(f"beside the {BENCHMARKS[self.benchmark].lower()}")
        if self.order == "latest_call":
            parts.append("the latest call only")
        if self.kind == "ranking" or self.top_n:
            parts.append(
                ("top " if (self.sort or "desc") == "desc" else "bottom ") + str(self.top_n or "all")
            )
        if f.team:
            parts.append(" and ".join(f"{m}'s team" for m in f.team) + f" ({len(f.rep)} reps)")
        if f.deal_type:
            parts.append(" or ".join(f.deal_type) + f" deals ({_opportunities(len(f.opportunity))})")
        if f.quote_words:
            parts.append(f"saying {f.quote_words_said()}")
        if f.said:
            parts.append("where someone said " + " and ".join(f"“{w}”" for w in f.said))
        for label, values in (
            ("rep", () if f.team else f.rep),
            ("account", f.account),
            ("opportunity", () if f.deal_type else f.opportunity),
            ("stage", f.stage),
            (
                "risk",
                ("any type",)
                if set(f.risk_type) == set(RISK_TYPES)
                else tuple(risk_label(t) for t in f.risk_type),
            ),
            ("calls on topic" if f.topic_calls else "topic", f.topic),
            ("competitor", f.competitor),
            ("speaker", f.speaker),
        ):
            if values:
                parts.append(f"{label} " + " or ".join(values))
        for label, values in (("rep", f.not_rep), ("account", f.not_account)):
            if values:
                parts.append(f"not {label} " + " or ".join(values))
        if f.no_risk_type:
            absent = (
                "risk"
                if set(f.no_risk_type) == set(RISK_TYPES)
                else " or ".join(map(risk_label, f.no_risk_type))
            )
            parts.append(f"no {absent} raised")
        if f.not_deal_type:
            parts.append(
                f"not {' or '.join(f.not_deal_type)} deals ({_opportunities(len(f.not_opportunity))})"
            )
        elif f.not_opportunity:
            parts.append("not opportunity " + " or ".join(f.not_opportunity))
        if f.start or f.end:
            window = f"{f.start or '…'}..{f.end or '…'}"
            parts.append(f"{f.time_label} ({window})" if f.time_label else window)
        if f.sentiment:
            parts.append(f"{f.sentiment} sentiment")
        if f.scope:
            parts.append(
                "calls no customer attended" if f.scope == NO_CUSTOMER else f"{f.scope.lower()} calls"
            )
        if f.risk_severity:
            parts.append(f"{f.risk_severity} severity risks")
        if f.has_transcript is not None:
            parts.append("with a transcript" if f.has_transcript else "without a transcript")
        if f.replies:
            parts.append("with the rep's reply")
        if f.unanswered:
            parts.append(
                "with an objection left unanswered" if self.kind == "list_calls" else "left unanswered"
            )
        if f.answered:
            parts.append("every objection answered" if self.kind == "list_calls" else "answered")
        if f.latest_call:
            parts.append("on the deal's latest call")
        if f.deal_pick:
            parts.append(f"the {f.deal_pick} open deal")
        if f.min_calls is not None:
            parts.append(f"{self.group_by or 'group'}s with at least {f.min_calls} calls")
        if f.value_bounds():
            what = MEASURE_WORDS.get(self.measure or "calls", "calls")
            parts.append(f"{self.group_by or 'group'}s with {what} {f.value_bounds()}")
        if f.language:
            parts.append(("not in " if f.other_language else "in ") + " or ".join(f.language))
        if f.at_risk:
            parts.append("deals at risk")
        if f.open_deals:
            parts.append("open deals")
        if f.title_words:
            searched = "title or commitment" if self.kind == "commitments" else "title"
            parts.append(f"{searched} like " + " ".join(f.title_words))
        if f.min_monologue_s is not None:
            parts.append(f"with a rep monologue over {f.min_monologue_s:g} s")
        if f.min_talk_ratio is not None:
            parts.append(f"rep talk ratio over {f.min_talk_ratio:.0%}")
        if f.max_talk_ratio is not None:
            parts.append(f"rep talk ratio under {f.max_talk_ratio:.0%}")
        if f.min_minutes is not None:
            parts.append(f"longer than {f.min_minutes:g} min")
        if f.max_minutes is not None:
            parts.append(f"shorter than {f.max_minutes:g} min")
        if f.sentiment_trend:
            parts.append(f"sentiment {f.sentiment_trend}")
        if f.quiet_since:
            parts.append(f"no call since {f.quiet_since}")
        if f.close_start or f.close_end:
            parts.append(
                # (a deal past its close date: no first day worth saying)
                f"close date before {f.close_end}"
                if f.close_start == OPEN_START and f.close_end is not None
                else f"closing {f.close_start or '…'}..{f.close_end or '…'}"
            )
        if f.min_amount is not None:
            parts.append(f"amount ≥ {f.min_amount:,.0f}")
        if f.max_amount is not None:
            parts.append(f"amount ≤ {f.max_amount:,.0f}")
        if self.kind == "call_brief" and self.order == "sentiment":
            parts.append("highest sentiment" if self.sort == "desc" else "lowest sentiment")
        if self.kind == "list_calls" and self.order != "newest":
            parts.append(f"ordered by {self.order.replace('_', ' ')}")
        return " · ".join(parts)

    # The first query layer's plan fields, for callers written against it (``QueryPlan``).
    @property
    def intent(self) -> str:
        return {
            "list_calls": "calls",
            "quotes": "passages",
            "deals_at_risk": "deal_risk",
            "unanswerable": "refuse",
            "coaching": "coaching",
        }.get(self.kind, self.kind)

    @property
    def sentiment(self) -> str | None:
        return self.filters.sentiment

    @property
    def topic(self) -> str | None:
        return self.filters.topic[0].split()[0].lower() if self.filters.topic else None

    @property
    def refusal(self) -> str | None:
        return self.reason if self.kind == "unanswerable" else None

    @property
    def reps(self) -> tuple[str, ...]:
        return self.filters.rep

    @property
    def accounts(self) -> tuple[str, ...]:
        return self.filters.account

    @property
    def risk_types(self) -> tuple[str, ...]:
        return self.filters.risk_type

    def with_not_understood(self, *items: str) -> AskPlan:
        return replace(self, not_understood=tuple(dict.fromkeys((*self.not_understood, *items))))

    def to_dict(self) -> dict[str, Any]:
        f = self.filters
        filters = {
            k: v
            for k, v in {
                "rep": list(f.rep),
                "team": list(f.team),
                "account": list(f.account),
                "opportunity": list(f.opportunity),
                "deal_type": list(f.deal_type),
                "stage": list(f.stage),
                "not_rep": list(f.not_rep),
                "not_account": list(f.not_account),
                "not_opportunity": list(f.not_opportunity),
                "from": f.start.isoformat() if f.start else None,
                "to": f.end.isoformat() if f.end else None,
                "sentiment": f.sentiment,
                "risk_type": list(f.risk_type),
                "topic": list(f.topic),
                "competitor": list(f.competitor),
                "speaker": list(f.speaker),
                "min_amount": f.min_amount,
                "max_amount": f.max_amount,
                "language": list(f.language),
                "other_language": f.other_language or None,
                "deal_pick": f.deal_pick,
            }.items()
            if v not in (None, [])
        }
        return {
            "kind": self.kind,
            "measure": self.measure,
            "group_by": self.group_by,
            "filters": filters,
            "sort": self.sort,
            "top_n": self.top_n,
            "order": self.order,
            "benchmark": self.benchmark,
            "restated": self.restated(),
            "not_understood": list(self.not_understood),
            "planner": self.planner,
        }


def _opportunities(n: int) -> str:
    return f"{n} opportunit{'y' if n == 1 else 'ies'}"


class PlanError(ValueError):
    """A plan (from a model or a caller) does not fit the closed vocabularies."""


# JSON schema of a model-written plan (Cohere chat ``response_format``); validated again by plan_from_json.
PLAN_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": list(KINDS)},
        "time_expression": {"type": "string"},
        "measure": {"type": ["string", "null"], "enum": [*MEASURES, None]},
        "group_by": {"type": ["string", "null"], "enum": [*GROUP_BYS, None]},
        "sort": {"type": ["string", "null"], "enum": [*SORTS, None]},
        "top_n": {"type": ["integer", "null"]},
        "reps": {"type": "array", "items": {"type": "string"}},
        "accounts": {"type": "array", "items": {"type": "string"}},
        "opportunities": {"type": "array", "items": {"type": "string"}},
        "stages": {"type": "array", "items": {"type": "string"}},
        "competitors": {"type": "array", "items": {"type": "string"}},
        # Names the question leaves out ("other than", "except", "excluding").
        "exclude_reps": {"type": "array", "items": {"type": "string"}},
        "exclude_accounts": {"type": "array", "items": {"type": "string"}},
        "risk_types": {"type": "array", "items": {"type": "string", "enum": list(RISK_TYPES)}},
        "topics": {"type": "array", "items": {"type": "string"}},
        "sentiment": {"type": ["string", "null"], "enum": [*SENTIMENTS, None]},
        "min_amount": {"type": ["number", "null"]},
        "max_amount": {"type": ["number", "null"]},
        "search_text": {"type": "string"},
    },
    "required": ["kind"],
}


def checked_enum(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
    value = raw.get(key)
    if value in (None, "", "none", "null"):
        return None
    if value not in allowed:
        raise PlanError(f"unknown {key} {value!r}")
    return str(value)

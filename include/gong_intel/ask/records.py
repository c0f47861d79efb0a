"""Typed records of the query layer: the plan a question becomes and the answer it gets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Intent = Literal["calls", "passages", "coaching", "deal_risk", "refuse"]
INTENTS: tuple[str, ...] = ("calls", "passages", "coaching", "deal_risk", "refuse")
Sentiment = Literal["negative", "positive"]


@dataclass(frozen=True)
class TimeRange:
    """Half-open interval [start_utc, end_utc) of call start times (naive UTC, like CALL_DATETIME_UTC)."""

    start_utc: datetime
    end_utc: datetime
    label: str

    def __post_init__(self) -> None:
        if self.end_utc <= self.start_utc:
            raise ValueError(f"empty time range {self.start_utc}..{self.end_utc}")


@dataclass(frozen=True)
class QueryPlan:
    """What a question asks for, in terms the compiler can turn into allow-listed, parameterised SQL.

    Every field is a closed vocabulary or a value that is only ever bound as a parameter.
    """

    intent: Intent
    question: str
    time_range: TimeRange | None = None
    sentiment: Sentiment | None = None
    risk_types: tuple[str, ...] = ()
    topic: str | None = None
    reps: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()  # whose own words to return ("what did Kofi say"); customers' otherwise
    text: str = ""
    limit: int = 20
    refusal: str | None = None
    planner: str = "rules"


@dataclass(frozen=True)
class Citation:
    """A source an answer rests on: a call, optionally a moment in it, and what was said there."""

    call_id: str
    title: str | None
    call_datetime_utc: datetime | None
    url: str
    speaker: str | None = None
    company: str | None = None
    start_ms: int | None = None
    quote: str | None = None

    @property
    def timestamp(self) -> str | None:
        """``m:ss`` (or ``h:mm:ss``) into the call."""
        if self.start_ms is None:
            return None
        seconds = int(self.start_ms) // 1000
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class CallRow:
    call_id: str
    call_datetime_utc: datetime | None
    title: str | None
    account: str | None
    rep: str | None
    sentiment: float | None
    summary: str | None
    url: str


@dataclass(frozen=True)
class Passage:
    """A transcript passage found for a question; ``score`` is its fused rank score, ``similarity`` the cosine of
    its AI_MEMORY passage to the question (None for a keyword match only), ``turn_similarity`` the cosine of the
    quoted turn itself (when the turns were read by meaning)."""

    transcript_id: str
    citation: Citation
    account: str | None
    theme: str
    score: float
    similarity: float | None = None
    keyword_hits: int = 0
    turn_similarity: float | None = None


@dataclass(frozen=True)
class ThemeGroup:
    name: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Finding:
    """One coaching finding for a rep, with the calls/moments that show it and its impact score."""

    kind: str
    message: str
    impact: float
    evidence: tuple[Citation, ...]


@dataclass(frozen=True)
class RepCoaching:
    rep_id: str
    rep: str
    calls: int
    impact: float
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class DealRisk:
    opportunity_id: str
    opportunity: str | None
    account: str | None
    rep: str | None
    stage: str | None
    amount: float | None
    risk_score: float
    avg_sentiment: float | None
    sentiment_trend: float | None
    risk_types: tuple[str, ...]
    reasons: tuple[str, ...]
    evidence: tuple[Citation, ...]
    close_date: date | None = None  # when the deal is expected to close (or closed)


@dataclass(frozen=True)
class Table:
    """A measure by group (or one number when ``group_by`` is None), as the warehouse returned it.

    ``total_groups`` is how many groups matched before the top-N cut.
    """

    measure: str
    group_by: str | None
    rows: tuple[tuple[Any, float | None, int], ...]  # (group, value, calls or deals behind it)
    total_groups: int
    counted: str = "calls"  # what the third number counts: "calls", or "deals" for a measure over deals


@dataclass(frozen=True)
class CallBrief:
    """One call as enrichment and Gong describe it."""

    call: CallRow
    opportunity: str | None
    brief: str | None
    key_points: tuple[str, ...]
    action_items: tuple[Citation, ...]
    topics: tuple[str, ...]
    risks: tuple[Citation, ...]


@dataclass(frozen=True)
class Answer:
    """The engine's reply: a headline, the typed results, and the citations they rest on."""

    question: str
    plan: Any  # QueryPlan (passages, coaching) or semantic.AskPlan
    headline: str
    empty: bool
    calls: tuple[CallRow, ...] = ()
    themes: tuple[ThemeGroup, ...] = ()
    coaching: tuple[RepCoaching, ...] = ()
    deals: tuple[DealRisk, ...] = ()
    synthesis: str | None = None
    notes: tuple[str, ...] = field(default=())
    restated: str = ""
    not_understood: tuple[str, ...] = ()
    total: int | None = None  # true number of matches; ``shown`` of them are in the answer
    shown: int | None = None
    table: Table | None = None
    brief: CallBrief | None = None
    quotes: tuple[Citation, ...] = ()  # risk quotes, commitments
    charts: tuple[tuple[str, str], ...] = ()  # (title, self-contained SVG drawn server-side)

    @property
    def citations(self) -> tuple[Citation, ...]:
        cites: list[Citation] = [
            Citation(c.call_id, c.title, c.call_datetime_utc, c.url, quote=c.summary) for c in self.calls
        ]
        cites += [p.citation for g in self.themes for p in g.passages]
        cites += [e for r in self.coaching for f in r.findings for e in f.evidence]
        cites += [e for d in self.deals for e in d.evidence]
        cites += list(self.quotes)
        if self.brief is not None:
            b = self.brief
            cites.append(
                Citation(b.call.call_id, b.call.title, b.call.call_datetime_utc, b.call.url, quote=b.brief)
            )
            cites += [*b.action_items, *b.risks]
        return tuple(cites)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (datetimes as ISO strings) for the API and ``--json`` output."""

        def convert(value: Any) -> Any:
            if isinstance(value, (datetime, date)):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [convert(v) for v in value]
            return value

        data = convert(asdict(self))
        if hasattr(self.plan, "restated"):
            data["plan"] = convert(self.plan.to_dict())
        data["citations"] = [convert({**asdict(c), "timestamp": c.timestamp}) for c in self.citations]
        return data

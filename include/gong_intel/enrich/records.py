"""Typed records shared by every enrichment engine.

Everything here is a frozen dataclass so results can be hashed, compared in tests and passed between tasks
without accidental mutation. Validation in ``__post_init__`` is limited to invariants the warehouse schema
relies on (known risk types, sentiment range, affiliation values); anything else is the caller's business.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

RISK_TYPES: tuple[str, ...] = (
    "pricing_objection",
    "competitor",
    "budget",
    "timeline_slip",
    "churn_threat",
    "legal_security",
    "no_next_steps",
    "champion_loss",
)
# How people say a risk type where its code's words do not ("pricing_objection" reads "pricing objection").
RISK_TYPE_LABELS: dict[str, str] = {"legal_security": "legal or security"}
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")
AFFILIATIONS: tuple[str, ...] = ("Internal", "External", "Unknown")

# Closed label set for key topics; both engines normalise onto it so dashboards can group by topic.
TOPIC_LABELS: tuple[str, ...] = (
    "Pricing",
    "Competition",
    "Budget",
    "Timeline",
    "Security & Compliance",
    "Legal & Procurement",
    "Implementation",
    "Integrations",
    "Renewal",
    "Product Demo",
    "Product Feedback",
    "Support",
    "Reporting & Analytics",
    "Onboarding & Training",
    "Next Steps",
)

# A call's sentiment (-1..1) read as three classes: within the band it is neutral. The analysts' example
# query ("SENTIMENT_SCORE < -0.2") uses the same cut.
SENTIMENT_NEUTRAL_BAND = 0.2


def sentiment_label(score: float) -> str:
    """``negative``, ``neutral`` or ``positive`` for a sentiment score."""
    if score < -SENTIMENT_NEUTRAL_BAND:
        return "negative"
    if score > SENTIMENT_NEUTRAL_BAND:
        return "positive"
    return "neutral"


ENGINES: tuple[str, ...] = ("local", "cohere")
EMBEDDING_BACKENDS: tuple[str, ...] = ("minilm", "minilm-int8", "hashing")
# How the local engine scores a call's sentiment: "acts" (the outcome its dialogue acts show, shaded by how the
# call ends; see acts.py), "ending" (the fitted call model over how the call ends; see call_model.py) or
# "lexical" (segment scores, weighted to the customer). The first two need a MiniLM backend.
CALL_SENTIMENT_METHODS: tuple[str, ...] = ("acts", "ending", "lexical")
INPUT_TYPES: tuple[str, ...] = ("search_document", "search_query")

_PREVIEW_CHARS = 200


def preview(text: object, limit: int = _PREVIEW_CHARS) -> str:
    """Return a single-line, truncated rendering of ``text`` that is safe to log.

    :param text: anything; non-strings are rendered with ``repr``.
    :param limit: maximum number of characters kept before the ellipsis.
    """
    rendered = text if isinstance(text, str) else repr(text)
    rendered = " ".join(rendered.split())
    return rendered if len(rendered) <= limit else rendered[:limit] + "…"


class EnrichmentError(Exception):
    """The model provider could not be reached or kept failing after bounded retries."""


class InvalidModelOutput(Exception):
    """The model answered, but not in the agreed shape even after one repair attempt.

    The caller quarantines the call with :attr:`reason`; :attr:`preview` holds a truncated copy of the
    offending output for the quarantine record (never the whole response).
    """

    def __init__(self, reason: str, output: object = "") -> None:
        self.reason = reason
        self.preview = preview(output)
        super().__init__(f"{reason} (output preview: {self.preview!r})" if self.preview else reason)


@dataclass(frozen=True, slots=True)
class Participant:
    """A person on the call, as known from the call's metadata (Gong parties)."""

    name: str | None
    email: str | None = None
    company: str | None = None
    affiliation: str = "Unknown"
    speaker_id: str | None = None

    def __post_init__(self) -> None:
        if self.affiliation not in AFFILIATIONS:
            raise ValueError(
                f"Participant.affiliation must be one of {AFFILIATIONS}, got {self.affiliation!r}"
            )


@dataclass(frozen=True, slots=True)
class Segment:
    """One transcript segment (a monologue or sentence) with its speaker resolved."""

    transcript_id: str
    call_id: str
    ordinal: int
    speaker_id: str | None
    speaker_name: str | None
    affiliation: str
    company: str | None
    topic: str | None
    start_ms: int
    end_ms: int
    text: str

    def __post_init__(self) -> None:
        if self.affiliation not in AFFILIATIONS:
            raise ValueError(
                f"Segment {self.transcript_id!r}: affiliation must be one of {AFFILIATIONS}, "
                f"got {self.affiliation!r}"
            )
        if self.start_ms < 0 or self.end_ms < self.start_ms:
            raise ValueError(
                f"Segment {self.transcript_id!r}: invalid time range {self.start_ms}..{self.end_ms} ms"
            )

    @property
    def speaker_label(self) -> str:
        """Name to show for the speaker; falls back to the Gong speaker id."""
        return self.speaker_name or (f"Speaker {self.speaker_id}" if self.speaker_id else "Unknown speaker")


@dataclass(frozen=True, slots=True)
class GongActionItem:
    """One of Gong's own action items for the call (``content.pointsOfInterest.actionItems``): a snippet of the
    transcript with its speaker's Gong id and where it was said."""

    snippet: str
    speaker_id: str | None = None
    start_ms: int | None = None


@dataclass(frozen=True, slots=True)
class GongSignals:
    """What Gong itself concluded about the call, as landed in its record (``content``); empty when the
    record carries none (Gong computes them only for some plans and calls)."""

    action_items: tuple[GongActionItem, ...] = ()
    call_outcome: str | None = None


@dataclass(frozen=True, slots=True)
class CallContext:
    """What is known about a call besides its transcript (metadata and CRM context, Gong's own signals)."""

    call_id: str
    title: str | None = None
    started_at: datetime | None = None
    rep_name: str | None = None
    account_name: str | None = None
    opportunity_name: str | None = None
    participants: tuple[Participant, ...] = ()
    gong: GongSignals = field(default_factory=GongSignals)


@dataclass(frozen=True, slots=True)
class Risk:
    """A deal risk found in the call, with the quote that supports it."""

    type: str
    severity: str
    quote: str
    start_ms: int | None = None
    speaker_name: str | None = None

    def __post_init__(self) -> None:
        if self.type not in RISK_TYPES:
            raise ValueError(f"Unknown risk type {self.type!r}; expected one of {RISK_TYPES}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"Unknown risk severity {self.severity!r}; expected one of {SEVERITIES}")


@dataclass(frozen=True, slots=True)
class Entities:
    """Named things mentioned in a segment, each a tuple of distinct strings in order of appearance."""

    people: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    money: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def _check_sentiment(value: float, where: str) -> None:
    if not isinstance(value, (int, float)) or math.isnan(value) or not -1.0 <= value <= 1.0:
        raise ValueError(f"{where}: sentiment must be a number in [-1, 1], got {value!r}")


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """Per-segment enrichment: sentiment in [-1, 1] and the entities mentioned."""

    transcript_id: str
    sentiment: float
    entities: Entities = field(default_factory=Entities)

    def __post_init__(self) -> None:
        _check_sentiment(self.sentiment, f"SegmentResult {self.transcript_id!r}")


@dataclass(frozen=True, slots=True)
class CallAnalysis:
    """Call-level enrichment result written to AI_MEMORY."""

    call_id: str
    summary: str
    key_topics: tuple[str, ...]
    risks: tuple[Risk, ...]
    sentiment: float
    segments: tuple[SegmentResult, ...]
    engine: str
    model_version: str

    def __post_init__(self) -> None:
        _check_sentiment(self.sentiment, f"CallAnalysis {self.call_id!r}")


@dataclass(frozen=True, slots=True)
class MemoryChunk:
    """A retrieval-sized passage of a transcript; ``chunk_id`` is a hash of (call_id, ordinal, text)."""

    chunk_id: str
    call_id: str
    ordinal: int
    start_ms: int
    end_ms: int
    speakers: tuple[str, ...]
    external_speakers: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class EngineUsage:
    """Running totals for one engine instance.

    ``requests`` counts HTTP attempts sent (retries included), ``retries`` the attempts beyond the first,
    ``rate_limited_s`` the seconds spent waiting because the provider answered 429.
    """

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    embed_texts: int = 0
    retries: int = 0
    rate_limited_s: float = 0.0

    def plus(self, **deltas: float) -> EngineUsage:
        """Return a copy with each named counter increased by its delta."""
        return replace(self, **{name: getattr(self, name) + value for name, value in deltas.items()})


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(str(part) for part in value)


# Segments answered in one Cohere chat request. Output, not input, bounds one answer: command-a answers with
# at most 8k tokens; a line costs ~4 tokens (its number in ``line_sentiments``), a line that names entities
# ~25 more, next to ~1k for summary and risks: 400 lines with a quarter of them naming something is ~5.1k.
# Longer calls are windowed.
MAX_SEGMENTS_PER_REQUEST = 400


@dataclass(frozen=True, slots=True)
class EnrichSettings:
    """Enrichment configuration; the project's config module builds it from Airflow Variables.

    :param engine: ``"local"`` (offline, default) or ``"cohere"``.
    :param chat_model: Cohere chat model used for call analysis.
    :param embed_model: Cohere embedding model.
    :param embedding_dim: vector size; 384 for the local backends, 256/512/1024/1536 for embed-v4.0.
    :param embedding_backend: local embedder, ``"minilm"`` (all-MiniLM-L6-v2, fp32, sentence-transformers),
        ``"minilm-int8"`` (the same model quantised to int8 under ONNX Runtime) or ``"hashing"``.
    :param call_sentiment: the local engine's call sentiment: ``"acts"`` (the call's outcome, read by the
        outcome model or else from the dialogue acts, shaded by how the call ends), ``"ending"`` (how the call ends alone) or ``"lexical"``; the first
        two need a MiniLM backend and fall back to ``"lexical"`` without it (``"acts"`` reads as ``"ending"``
        under the int8 variant, which the act model was not fitted on).
    :param competitors: competitor names to recognise (canonical spelling is kept).
    :param products: own product names to recognise.
    :param partners: systems customers run beside the products (their CRM, conferencing, BI): an organisation
        the customer names from this list is its own stack, never a competitor.
    :param max_chunk_chars: transcript characters sent in one chat request; longer calls are split.
    :param request_timeout_s: per-request timeout for the provider.
    :param max_retries: retries after the first attempt for 429/5xx/timeouts (attempts = max_retries + 1).
    :param retry_backoff_s: first backoff wait; doubles per retry, capped at ``max_retry_wait_s``.
    :param max_retry_wait_s: cap for a single wait, including a provider's Retry-After.
    :param max_segments_per_request: transcript segments answered in one chat request (the call analysis
        returns a sentiment and entities per segment); a call with more is split into windows.
    :param embed_batch_size: texts per embed request (Cohere accepts at most 96).
    :param cohere_conn_id: Airflow connection holding the API key (password) and optional base URL (host).
    """

    engine: str = "local"
    chat_model: str = "command-a-03-2025"
    embed_model: str = "embed-v4.0"
    embedding_dim: int = 384
    embedding_backend: str = "minilm"
    call_sentiment: str = "acts"
    competitors: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    max_chunk_chars: int = 60_000
    request_timeout_s: float = 60.0
    max_retries: int = 3
    retry_backoff_s: float = 1.0
    max_retry_wait_s: float = 60.0
    max_segments_per_request: int = MAX_SEGMENTS_PER_REQUEST
    embed_batch_size: int = 96
    cohere_conn_id: str = "cohere_default"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"EnrichSettings.engine must be one of {ENGINES}, got {self.engine!r}")
        if self.call_sentiment not in CALL_SENTIMENT_METHODS:
            raise ValueError(
                f"EnrichSettings.call_sentiment must be one of {CALL_SENTIMENT_METHODS}, got {self.call_sentiment!r}"
            )
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise ValueError(
                f"EnrichSettings.embedding_backend must be one of {EMBEDDING_BACKENDS}, "
                f"got {self.embedding_backend!r}"
            )
        if self.embedding_dim <= 0:
            raise ValueError(f"EnrichSettings.embedding_dim must be positive, got {self.embedding_dim}")
        if not 1 <= self.embed_batch_size <= 96:
            raise ValueError(
                "EnrichSettings.embed_batch_size must be within 1..96 (Cohere's per-request limit)"
            )
        if self.max_chunk_chars < 1000:
            raise ValueError("EnrichSettings.max_chunk_chars must be at least 1000")
        if self.max_retries < 0 or self.max_segments_per_request < 1 or self.request_timeout_s <= 0:
            raise ValueError(
                "EnrichSettings: max_retries >= 0, max_segments_per_request >= 1, request_timeout_s > 0"
            )
        # Normalise list-ish inputs (Variables often arrive as JSON lists or comma-separated strings).
        object.__setattr__(self, "competitors", _as_tuple(self.competitors))
        object.__setattr__(self, "products", _as_tuple(self.products))
        object.__setattr__(self, "partners", _as_tuple(self.partners))

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> EnrichSettings:
        """Build settings from a plain mapping (e.g. a JSON Airflow Variable), coercing numbers.

        An unknown key is a configuration typo and raises ``ValueError`` rather than being ignored.
        """
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"Unknown enrichment settings: {unknown}")
        coerced: dict[str, Any] = {}
        for name, value in values.items():
            default = known[name].default
            if isinstance(default, bool) or value is None:
                coerced[name] = value
            elif isinstance(default, int):
                coerced[name] = int(value)
            elif isinstance(default, float):
                coerced[name] = float(value)
            else:
                coerced[name] = value
        return cls(**coerced)


def risk_label(risk_type: str, severity: str | None = None) -> str:
    """A risk type as people say it ("pricing objection"), with its severity when given: "pricing objection, high"."""
    label = RISK_TYPE_LABELS.get(risk_type, risk_type.replace("_", " "))
    return f"{label}, {severity}" if severity else label

"""Timed transcript assembly and the statistics Gong derives from it.

``TranscriptBuilder`` appends sentences speaker by speaker on a millisecond clock and, while doing so, keeps
every number the call's ``interaction`` and ``content`` blocks report (talk time, questions, monologues,
patience, topic time, tracker hits). Deriving those blocks from the same pass is what keeps them consistent
with the transcript, and doing it in one pass is what keeps 10k-call tenants fast.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from local_stack.tenant.catalog import SELLER

# Keyword trackers as a Gong admin would configure them. Matching is case-insensitive on word boundaries.
KEYWORD_TRACKERS: dict[str, tuple[str, ...]] = {
    "Pricing": (
        "price",
        "pricing",
        "discount",
        "per-seat",
        "per seat",
        "per-user",
        "cost",
        "expensive",
        "quote",
    ),
    "Budget": ("budget", "budgeted", "freeze", "fiscal year", "spend", "CFO"),
    "Security": ("SOC 2", "GDPR", "DPA", "InfoSec", "security", "penetration test", "SSO", "SAML", "DSGVO"),
    "Legal": ("MSA", "redlines", "legal", "counsel", "liability", "contract", "Vertrag", "contrato"),
    "Timeline": ("push this", "delay", "slip", "slips", "slipping", "postpone", "go-live", "timeline"),
    "Churn": ("cancel", "cancelling", "not renewing", "renewal", "alternatives", "replace the tool"),
    "Next Steps": (
        "next step",
        "next steps",
        "follow up",
        "calendar invite",
        "send over",
        "schedule",
        "siguiente paso",
        "nächsten Schritt",
    ),
}
COMPETITORS_TRACKER = "Competitors"
TRACKER_NAMES: tuple[str, ...] = (COMPETITORS_TRACKER, *KEYWORD_TRACKERS)

_PHRASE_TO_TRACKER = {p.lower(): name for name, phrases in KEYWORD_TRACKERS.items() for p in phrases}
# Longest phrases first so "per seat" wins over "seat"-like prefixes and "next steps" over "next step".
_KEYWORD_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(p) for p in sorted(_PHRASE_TO_TRACKER, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Names are matched case-sensitively: "Outreach" the vendor is not "outreach" the activity.
_COMPETITOR_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in SELLER.competitors) + r")\b")
_PRODUCT_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in SELLER.products) + r")\b")
_US_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
#: Money as the phrasebook writes it: $48,000 / $48k / 48k / $1.2 million / €36,000 / 36.000 Euro.
AMOUNT_RE = re.compile(
    rf"[$€£](?:{_US_NUMBER})(?:\s?[kKM]\b|\s(?:million|thousand)\b)?"
    r"|\b\d+(?:\.\d+)?k\b"
    r"|\b\d{1,3}(?:\.\d{3})+\s(?:Euro|euros|dólares)\b"
)


@dataclass(frozen=True, slots=True)
class TextHits:
    """What one sentence mentions: tracker phrase hits, competitors, products and money amounts."""

    trackers: tuple[tuple[str, str], ...]  # (tracker name, phrase as configured)
    competitors: tuple[str, ...]
    products: tuple[str, ...]
    amounts: tuple[str, ...]


_NO_HITS = TextHits((), (), (), ())
_CONFIGURED_PHRASE = {p.lower(): p for phrases in KEYWORD_TRACKERS.values() for p in phrases}


def scan_text(text: str) -> TextHits:
    """Find tracker phrases, competitor and product names and money amounts in ``text``."""
    trackers = tuple(
        (_PHRASE_TO_TRACKER[m.lower()], _CONFIGURED_PHRASE[m.lower()]) for m in _KEYWORD_RE.findall(text)
    )
    competitors = tuple(_COMPETITOR_RE.findall(text))
    trackers += tuple((COMPETITORS_TRACKER, c) for c in competitors)
    products = tuple(_PRODUCT_RE.findall(text))
    amounts = tuple(AMOUNT_RE.findall(text))
    if not (trackers or products or amounts):
        return _NO_HITS
    return TextHits(trackers, competitors, products, amounts)


# Pool sentences repeat across calls; caching their scan keeps the per-sentence cost at a dict lookup.
_SCAN_CACHE: dict[str, TextHits] = {}


def scan_cached(text: str) -> TextHits:
    hits = _SCAN_CACHE.get(text)
    if hits is None:
        hits = _SCAN_CACHE[text] = scan_text(text)
    return hits


# No split after "30." in German dates ("bis 30. März"): a period right after a digit is not a sentence end.
_SENTENCE_SPLIT_RE = re.compile(r"(?<![0-9]\.)(?<=[.?!])\s+(?=[A-Z¿¡ÁÉÍÓÚÄÖÜ])")


def split_sentences(text: str) -> list[str]:
    """Split a filled template that holds several sentences; Gong's transcript has one sentence per item."""
    return _SENTENCE_SPLIT_RE.split(text)


@dataclass(slots=True)
class Speaker:
    """A transcript speaker. ``ms_per_word`` sets the speaking rate (400 ms/word = 150 words per minute)."""

    speaker_id: str
    internal: bool
    ms_per_word: float


@dataclass(slots=True)
class TranscriptStats:
    """Numbers gathered while building; ``content``/``interaction`` blocks are derived from these."""

    talk_ms: dict[str, int] = field(default_factory=dict)
    questions_internal: int = 0
    questions_external: int = 0
    switches: int = 0
    longest_internal_run_ms: int = 0
    longest_external_run_ms: int = 0
    patience_gaps_ms: list[int] = field(default_factory=list)
    topic_ms: dict[str, int] = field(default_factory=dict)
    topic_sections: list[tuple[str, int, int, str]] = field(
        default_factory=list
    )  # topic, start, end, first text
    tracker_hits: list[tuple[str, str, str, int]] = field(
        default_factory=list
    )  # tracker, phrase, speaker, start
    competitors: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    sentences: int = 0
    end_ms: int = 0


class TranscriptBuilder:
    """Append sentences on a millisecond clock, producing Gong transcript monologues and their statistics.

    :param rng: the call's random source (pauses and speaking-rate jitter).
    :param speakers: speaker id -> ``Speaker``.
    """

    def __init__(self, rng: random.Random, speakers: dict[str, Speaker]) -> None:
        self._rng = rng
        self._speakers = speakers
        self.monologues: list[dict] = []
        self.stats = TranscriptStats(talk_ms={sid: 0 for sid in speakers})
        self.t = 0
        self._sentences: list[dict] | None = None
        self._speaker: str | None = None
        self._topic: str | None = None
        self._run_start = 0
        self._section_start = 0
        self._section_first = 0

    @property
    def speaker(self) -> str | None:
        return self._speaker

    def say(self, speaker_id: str, topic: str, entries: list[tuple[str, int]], cached: bool = True) -> int:
        """Speak ``entries`` ((text, word count) pairs) as ``speaker_id`` under ``topic``; return first start ms.

        :param cached: entries come from the fixed pools, so their scans may be cached.
        """
        rng = self._rng.random
        spk = self._speakers[speaker_id]
        stats = self.stats
        if speaker_id != self._speaker:
            gap = 250 + int(rng() * 1150)
            if self._speaker is not None:
                stats.switches += 1
                self._close_run()
                if spk.internal and not self._speakers[self._speaker].internal:
                    stats.patience_gaps_ms.append(gap)
            self.t += gap if self._speaker is not None else int(rng() * 2500)
            self._run_start = self.t
            self._open(speaker_id, topic)
        elif topic != self._topic:
            self.t += 150 + int(rng() * 450)
            self._open(speaker_id, topic)
        else:
            self.t += 120 + int(rng() * 480)
        first = self.t
        append = self._sentences.append
        mpw = spk.ms_per_word
        t = self.t
        talk = 0
        q = 0
        pause = 0
        cache_get = _SCAN_CACHE.get
        # Hot loop (millions of iterations for 10k-call tenants): keep it to locals and one dict per sentence.
        for text, words in entries:
            t += pause
            dur = int(words * mpw * (0.9 + 0.2 * rng())) + 120
            append({"start": t, "end": t + dur, "text": text})
            hits = cache_get(text) if cached else None
            if hits is None:
                hits = scan_cached(text) if cached else scan_text(text)
            if hits is not _NO_HITS:
                self._record_hits(hits, speaker_id, t)
            if text[-1] == "?":
                q += 1
            t += dur
            talk += dur
            pause = 120 + int(rng() * 480)
        if spk.internal:
            stats.questions_internal += q
        else:
            stats.questions_external += q
        stats.talk_ms[speaker_id] += talk
        stats.sentences += len(entries)
        self.t = t
        return first

    def pause(self, ms: int) -> None:
        """Silence (nobody speaking) of ``ms`` milliseconds; it ends the current monologue run."""
        self._close_run()
        self.t += ms
        self._run_start = self.t

    def say_text(self, speaker_id: str, topic: str, text: str) -> int:
        """Speak a per-call filled text (possibly several sentences); return its start ms."""
        parts = split_sentences(text)
        return self.say(speaker_id, topic, [(p, p.count(" ") + 1) for p in parts], cached=False)

    def _record_hits(self, hits: TextHits, speaker_id: str, start: int) -> None:
        stats = self.stats
        for tracker, phrase in hits.trackers:
            stats.tracker_hits.append((tracker, phrase, speaker_id, start))
        stats.competitors.extend(hits.competitors)
        stats.products.extend(hits.products)
        stats.amounts.extend(hits.amounts)

    def _open(self, speaker_id: str, topic: str) -> None:
        if topic != self._topic:
            self._close_section()
            self._section_start = self.t
            self._section_first = len(self.monologues)
        self._sentences = []
        self.monologues.append({"speakerId": speaker_id, "topic": topic, "sentences": self._sentences})
        self._speaker = speaker_id
        self._topic = topic

    def _close_run(self) -> None:
        if self._speaker is None:
            return
        run = self.t - self._run_start
        if self._speakers[self._speaker].internal:
            self.stats.longest_internal_run_ms = max(self.stats.longest_internal_run_ms, run)
        else:
            self.stats.longest_external_run_ms = max(self.stats.longest_external_run_ms, run)

    def _close_section(self) -> None:
        if self._topic is None:
            return
        # A section runs until the next topic starts, so topic durations add up to the call's length.
        self.stats.topic_ms[self._topic] = self.stats.topic_ms.get(self._topic, 0) + (
            self.t - self._section_start
        )
        first = self.monologues[self._section_first]["sentences"]
        first_text = first[0]["text"] if first else ""
        self.stats.topic_sections.append((self._topic, self._section_start, self.t, first_text))

    def finish(self) -> tuple[list[dict], TranscriptStats]:
        """Close the open monologue and section; drop empty monologues; return (monologues, stats)."""
        self._close_run()
        self._close_section()
        self.stats.end_ms = self.t
        monologues = [m for m in self.monologues if m["sentences"]]
        return monologues, self.stats

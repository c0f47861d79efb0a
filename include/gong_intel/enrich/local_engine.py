"""Offline enrichment engine: dialogue acts by meaning (``acts.py``) and phrase rules for risks and the next
step, a brief built from the acts, call sentiment from the outcome and ending, taxonomy topics, entities from
the call's context and its capitalised names.

Deterministic for a given input and ``model_version``; needs no network and no API key, so it is the default
for local runs and CI. The rules are documented in README.md and the patterns live in ``lexicons.py``.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from include.gong_intel.enrich import acts as da
from include.gong_intel.enrich import lexicons as lx
from include.gong_intel.enrich.embeddings import get_local_embedder
from include.gong_intel.enrich.records import (
    INPUT_TYPES,
    RISK_TYPES,
    SENTIMENT_NEUTRAL_BAND,
    SEVERITIES,
    TOPIC_LABELS,
    CallAnalysis,
    CallContext,
    EngineUsage,
    EnrichSettings,
    Entities,
    GongActionItem,
    Risk,
    Segment,
    SegmentResult,
    risk_label,
)
from include.gong_intel.enrich.text import split_sentences, words

if TYPE_CHECKING:
    import numpy as np

    from include.gong_intel.enrich.call_model import CallEndingModel
    from include.gong_intel.enrich.embeddings import TextEmbedder

log = logging.getLogger(__name__)

# 1.1: summaries state a repeated sentence once. 1.2: risk phrasing families, customer-side timeline slips,
# conditional questions are not risks. 2.0: dialogue acts by meaning (risks, the agreed next step, decisions,
# resolutions) and a brief built from them. 2.1: Gong's own action items give the next step the turns did not
# read as agreed, and Gong's call outcome is named beside ours. 2.2: the configured partner systems (the
# customer's CRM, conferencing) are never named competitors. 2.3: a timeline slip's subject includes the
# schedule (months, seasons, go-live, signing) when a word of change goes with it ("no way", "hold off until").
# 2.4: a slip told over two sentences ("We wanted October. That's not happening now."), the postponement verbs
# of German, French and Spanish, and the slip's bar at 0.6. 2.5: without an agreed step, the outcome model reads
# whether the call still ends moving forward, stalled or lost (the brief says when no concrete step was read);
# the key objection is the turn the act model's key-objection head scores highest. 2.6: a proposal is an agreed
# step only when a day is named between it and its acceptance, and the acceptance is a later turn unless the
# proposal names its own day; the rep may take up a customer's proposal. 2.7: a question asking for information
# ("how does renewal pricing work?", "what does that cost on our plan?") raises no risk. 2.8: in a call held in
# German a capitalised run opened by an article or preposition names no organisation ("Das Coaching", "Im
# Moment"), and a team inside the customer ("InfoSec") is none either. 2.9: terms the customer accepts ("that I
# can live with") resolve the objection the turn or the rep's offer it answers speaks of, and raise none; a
# competitor set aside by name later ("Ostrander's off the table") is resolved; a renewal is a churn subject only
# in doubt or refused; budget's subject is money held back, not money named; champion loss takes in a person
# moved or no longer owning the deal; a price raised is a pricing subject; a capitalised name is no outside
# organisation when the words around it make it a unit of the customer's, a plan or product of the vendor's,
# or a street. 2.10: a figure, a metric's rate ("win rate"), a release freeze ("change freeze"), an English
# report and deals or orders the customer sees slipping ("I only hear about slipping deals") speak of no risk's
# subject; once a price is objected to, "the numbers" accepted still answer it; a
# price "about what we expected", or said not to be what holds the deal ("it's not about the money", "am Preis
# liegt es nicht"), is no objection; another organisation named as chosen, tried or quoting ("we've gone with
# HiBob", "a trial unit from Labelwise") is a competitor risk whatever the act model reads; a sponsor off to
# another employer or retiring, or a deal no longer theirs, is read in four languages ("this isn't my decision
# anymore", "geht in den Ruhestand", "se jubila", "est partie chez"); a question on how the product is made or
# run ("is the transcription done in-house?") asks for information. 2.11: procurement doing its routine part
# ("procurement will want to see the order form first") is no legal or security risk unless it holds the deal up; a
# question whether something is charged ("is there a setup fee for the scanners?") asks for information; a German
# sentence opening on a verb or an article and a noun ("Sehen Teamleiter nur ihr Team?") names no organisation, and
# a German line in an English call is told by more of its function words; a risk other than a price objection is
# resolved only by words of acceptance (a later turn the act model reads as settling a slip tells the slip again); a
# date put "realistically" later, or no decision before something else, speaks of a slip in four languages; the
# phrase rules read money held back in a contraction ("money's tight"); pushing back on an idea, or moving out of a
# room, is no slip; saying what one did not understand ("I wasn't sure if it was per year") raises no risk; the
# speaker leaving ("I'm leaving Fernhill") or a cut-off date is no churn subject; a name with a role or a pronoun
# beside it ("our COO, Henrik, he's ...", "Priya, our controller") is a person, not an organisation. 2.12: an
# abbreviation in the plural ("two PMs") or a part of the world ("to run Asia-Pacific") names no organisation;
# a "no" answering before the money or a renewal ("Oh, no, budget's not a problem", "No, we're renewing") does
# not deny it; seats named ("some of those seats moved teams") are no churn subject, seats given up still are
# ("fewer seats", "reduce the seat count"), and neither is a successor ("my replacement"); a country or union by
# its letters ("in the EU", "ein US-Anbieter") names no organisation; asking what the vendor is ("are you a US
# company?") asks for information; the phrase rules read a renewal refused, money frozen and a date given up or
# put back in German, Spanish and French ("verlängern wir nicht", "presupuesto congelado", "können wir
# vergessen", "repousser à l'année prochaine"); the brief names risks as people say them ("legal or security").
# 2.13: each risk type leads with its surest evidence (a competitor named as chosen or quoting, then the act
# model's reading), which the brief quotes; a person introduced by a role of a department ("our new VP of
# Engineering, Rob Castellano") is no organisation. 2.14: a competing offer ("Meraki came in at sixty-two", "ein
# Angebot von ...") names another organisation as quoting; a technical abbreviation ("GPS", "PoE") or a part of a
# month ("Ende Januar") is no organisation.
LOCAL_ENGINE_VERSION = "2.14"
EMPTY_TRANSCRIPT_SUMMARY = "No transcript text was available for this call."

# Call sentiment weights (by group), applied to text-length-weighted group means. The buyer's tone is the
# signal a deal review cares about; the rep is paid to sound positive. Unknown speakers count as External
# because Gong marks unmatched (usually customer-side) dial-ins as Unknown.
EXTERNAL_WEIGHT = 0.75
INTERNAL_WEIGHT = 0.25
# Words a customer's closing line needs to be quoted as no_next_steps evidence (shorter: "Thanks, bye.").
CLOSING_MIN_WORDS = 5
# Share of the call (by time) in which next-step language must appear, else a no_next_steps risk.
NEXT_STEP_TAIL = 0.3
# next-step language must appear in the last NEXT_STEP_TAIL of the call or in its last NEXT_STEP_TAIL_SENTENCES
# sentences, whichever is longer (short calls would otherwise leave only a sentence or two to look at).
NEXT_STEP_TAIL_SENTENCES = 8
MAX_RISKS_PER_TYPE = 3
# Risks are read from what the customer side says; a rep repeating an objection, offering a SOC 2 report or
# saying "no pressure on timing" is not a new signal, and a rep's own forecast call in a deal review ("I'd move
# it to next quarter") is an opinion, not something the customer said. A departure is news whoever reports it
# ("I heard Dana left the company").
EITHER_SIDE_RISKS = frozenset({"champion_loss"})
MAX_TOPICS = 6
_QUOTE_CHARS = 300
BRIEF_RISK_QUOTE_CHARS = 160
# VADER scores words, not deal language: "way too expensive, honestly" comes out positive. A segment's score
# is lowered by these amounts per risk found in it (total penalty capped at 1.0, result clipped to [-1, 1]).
RISK_SENTIMENT_PENALTY = {"low": 0.1, "medium": 0.25, "high": 0.4}


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int  # position in the call
    segment: Segment
    text: str
    start_ms: int


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(lx.SENTIMENT_LEXICON_UPDATES)
    return analyzer


def sentiment_score(text: str) -> float:
    """VADER compound score of ``text`` in [-1, 1] (0.0 for blank text), with the sales-domain lexicon."""
    if not text.strip():
        return 0.0
    return float(_vader().polarity_scores(text)["compound"])


def call_sentiment(segments: Sequence[Segment], scores: Sequence[float]) -> float:
    """Combine segment scores into the call's sentiment, weighted toward External speakers.

    Within each group (External+Unknown, Internal) scores are averaged weighted by text length; the call score
    is ``0.75 * external + 0.25 * internal`` when both groups spoke, otherwise the one group's mean, clipped to
    [-1, 1].
    """
    totals = {"external": [0.0, 0.0], "internal": [0.0, 0.0]}
    for segment, score in zip(segments, scores, strict=True):
        group = "internal" if segment.affiliation == "Internal" else "external"
        weight = float(len(segment.text.strip()))
        totals[group][0] += score * weight
        totals[group][1] += weight
    means = {g: (s / w if w else None) for g, (s, w) in totals.items()}
    if means["external"] is not None and means["internal"] is not None:
        value = EXTERNAL_WEIGHT * means["external"] + INTERNAL_WEIGHT * means["internal"]
    else:
        value = means["external"] if means["external"] is not None else (means["internal"] or 0.0)
    return max(-1.0, min(1.0, round(value, 4)))


def _sentences(segments: Sequence[Segment]) -> list[_Sentence]:
    out: list[_Sentence] = []
    for segment in segments:
        length = max(len(segment.text), 1)
        duration = segment.end_ms - segment.start_ms
        for span in split_sentences(segment.text):
            start = segment.start_ms + duration * span.start // length
            out.append(_Sentence(len(out), segment, span.text, start))
    return out


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------------- risks


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for match in lx.CLAUSE_SPLIT.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def _negated(text: str, match: re.Match[str]) -> bool:
    """True when the match is negated in its clause ("no concerns about price", "price is not an issue")."""
    start, end = _clause_bounds(text, match.start())
    before = text[start : match.start()]
    if lx.NEGATION_BEFORE.search(before):
        return True
    clause = text[start:end]
    return bool(lx.NEUTRALIZER.search(clause))


def _asked_not_raised(text: str, match: re.Match[str]) -> bool:
    """True when the match sits in the condition of a question ("what happens to our data if we cancel?") or
    in a question asking for information ("how does renewal pricing work after the first year?").

    A conditional statement is still a risk ("if this doesn't get fixed, we're not renewing"), and so are a
    plain request ("can we postpone the kickoff?"), a challenge ("why is it twice the price?") and a question
    whose condition comes after the risk ("any flexibility on the discount if we sign for two years?").
    """
    if not text.rstrip().endswith("?"):
        return False
    return bool(lx.HYPOTHETICAL.search(text[: match.start()]) or lx.INFORMATION_QUESTION.search(text))


def _rejected(pattern: lx.RiskPattern, text: str, match: re.Match[str]) -> bool:
    """True when the hit is not this risk: negated, hypothetical, excluded by the family or a generic person."""
    if _negated(text, match) or _asked_not_raised(text, match):
        return True
    start, end = _clause_bounds(text, match.start())
    if pattern.unless is not None and pattern.unless.search(text[start:end]):
        return True
    # "What happens to recordings when someone leaves the company?" is not a departure of a champion.
    return pattern.risk_type == "champion_loss" and bool(lx.GENERIC_PERSON.search(text[start : match.end()]))


def _escalate(severity: str) -> str:
    return SEVERITIES[min(SEVERITIES.index(severity) + 1, len(SEVERITIES) - 1)]


def _competitor_patterns(competitors: Sequence[str]) -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)) for name in competitors]


_EVALUATION = re.compile(
    r"\b(?:evaluat\w*|looking at|talking to|considering|compar\w*|trial|pilot|switch\w*|going with|cheaper|"
    r"quoted|offer\w*|pitch\w*|demo\w*|already use|currently use|using)\b",
    re.IGNORECASE,
)


def _dismissed(text: str, match: re.Match[str]) -> bool:
    """True when the rest of the sentence dismisses the named competitor ("Clari is not something we are
    considering", "we looked at Chorus years ago, but it's not something we're considering")."""
    return bool(lx.SET_ASIDE.search(text[match.end() :]))


def risk_hits(
    sentences: Sequence[_Sentence], competitors: Sequence[str] = ()
) -> list[tuple[_Sentence, Risk]]:
    """Every risk-pattern hit (at most one per type per sentence), before de-duplication and capping."""
    found: list[tuple[_Sentence, Risk]] = []
    competitor_res = _competitor_patterns(competitors)
    for sentence in sentences:
        text = sentence.text
        speaker = sentence.segment.speaker_label
        internal = sentence.segment.affiliation == "Internal"
        seen_types: set[str] = set()
        for pattern in lx.RISK_PATTERNS:
            if pattern.risk_type in seen_types or (internal and pattern.risk_type not in EITHER_SIDE_RISKS):
                continue
            match = pattern.regex.search(text)
            if not match or _rejected(pattern, text, match):
                continue
            severity = _escalate(pattern.severity) if lx.ESCALATION.search(text) else pattern.severity
            seen_types.add(pattern.risk_type)
            found.append(
                (sentence, Risk(pattern.risk_type, severity, _quote(text), sentence.start_ms, speaker))
            )
        # Competitor names only count as a risk when the customer side brings them up; a rep positioning
        # against a competitor is not a signal.
        if "competitor" not in seen_types and not internal:
            for _name, regex in competitor_res:
                match = regex.search(text)
                if (
                    match
                    and not _negated(text, match)
                    and not _dismissed(text, match)
                    and not _asked_not_raised(text, match)
                ):
                    severity = "high" if _EVALUATION.search(text) else "medium"
                    found.append(
                        (sentence, Risk("competitor", severity, _quote(text), sentence.start_ms, speaker))
                    )
                    break
    return found


def detect_risks(
    sentences: Sequence[_Sentence],
    competitors: Sequence[str] = (),
    call_end_ms: int | None = None,
    hits: Sequence[tuple[_Sentence, Risk]] | None = None,
    next_step_agreed: bool | None = None,
    with_customer: bool = True,
    strength: Mapping[tuple[int, str], float] | None = None,
) -> tuple[Risk, ...]:
    """Risk detection over a call's sentences (see README.md for the rules).

    Keeps at most ``MAX_RISKS_PER_TYPE`` risks per type, the strongest first: highest severity, then the
    surest reading (``strength``, keyed by sentence index and type: see :func:`_hit_strength`), then the
    earliest. Each type's risks stay together, strongest first, and the
    types come in the order their strongest was said, so the first risk of a type (the one a brief quotes) is
    its best evidence. ``no_next_steps`` is added when ``next_step_agreed`` is False, or, when it is None (no dialogue-act
    reading), when no next-step language occurs in the last part of the call; never on a call without a
    customer (``with_customer`` False: an internal pipeline review agrees nothing with a customer).
    """
    if hits is None:
        hits = risk_hits(sentences, competitors)
    # A sentence both the phrase rules and the act model read as the same risk is one risk, at the higher
    # severity of the two.
    strongest: dict[tuple[int, str], Risk] = {}
    for sentence, risk in hits:
        held = strongest.get((sentence.index, risk.type))
        if held is None or SEVERITIES.index(risk.severity) > SEVERITIES.index(held.severity):
            strongest[(sentence.index, risk.type)] = risk
    found = [(index, risk) for (index, _), risk in strongest.items()]

    by_type: dict[str, list[tuple[int, Risk]]] = {}
    for index, risk in found:
        by_type.setdefault(risk.type, []).append((index, risk))
    sure = strength or {}
    groups: list[list[tuple[int, Risk]]] = []
    for items in by_type.values():
        items.sort(
            key=lambda item: (
                -SEVERITIES.index(item[1].severity),
                -sure.get((item[0], item[1].type), 0.0),
                item[0],
            )
        )
        groups.append(items[:MAX_RISKS_PER_TYPE])

    if not with_customer:
        no_next = None
    elif next_step_agreed is None:
        no_next = _no_next_steps_risk(sentences, call_end_ms)
    elif next_step_agreed or not sentences:
        no_next = None
    else:
        tail = sentences[max(len(sentences) - NEXT_STEP_TAIL_SENTENCES, 0) :]
        closing = _closing_evidence(tail) or sentences[-1]
        no_next = (
            closing.index,
            Risk(
                "no_next_steps", "high", _quote(closing.text), closing.start_ms, closing.segment.speaker_label
            ),
        )
    if no_next is not None:
        groups.append([no_next])
    groups.sort(key=lambda group: (group[0][0], RISK_TYPES.index(group[0][1].type)))
    return tuple(risk for group in groups for _, risk in group)


def _hit_strength(
    segments: Sequence[Segment],
    hits: Sequence[tuple[_Sentence, Risk]],
    acts: da.TurnActs,
    outside_names: Callable[[str], list[str]] | None = None,
) -> dict[tuple[int, str], float]:
    """How sure each hit is: the act model's probability of its type for the turn its sentence is in, and one
    more for a competitor named as chosen, tried or quoting ("we have an offer from Brenntal"), which shows the
    risk better than a turn the model reads as competitive without naming anyone."""
    turn_of = {s.transcript_id: i for i, s in enumerate(segments)}
    strength = {}
    for sentence, risk in hits:
        if risk.type not in acts.labels or sentence.segment.transcript_id not in turn_of:
            continue
        named = risk.type == "competitor" and _naming_sentence([sentence], outside_names, da.CHOSE_ANOTHER)
        p = acts.p(turn_of[sentence.segment.transcript_id], risk.type)
        strength[(sentence.index, risk.type)] = p + (1.0 if named else 0.0)
    return strength


def _no_next_steps_risk(sentences: Sequence[_Sentence], call_end_ms: int | None) -> tuple[int, Risk] | None:
    if not sentences:
        return None
    first = sentences[0].segment.start_ms
    last = call_end_ms if call_end_ms is not None else max(s.segment.end_ms for s in sentences)
    tail_start = last - (last - first) * NEXT_STEP_TAIL
    tail_start_index = next((s.index for s in sentences if s.start_ms >= tail_start), sentences[-1].index)
    tail_start_index = min(tail_start_index, max(len(sentences) - NEXT_STEP_TAIL_SENTENCES, 0))
    hits = [s for s in sentences if lx.NEXT_STEP.search(s.text)]
    if any(s.index >= tail_start_index for s in hits):
        return None
    closing = _closing_evidence(sentences[tail_start_index:]) or sentences[-1]
    severity = "medium" if hits else "high"
    risk = Risk(
        "no_next_steps", severity, _quote(closing.text), closing.start_ms, closing.segment.speaker_label
    )
    return closing.index, risk


def _closing_evidence(tail: Sequence[_Sentence]) -> _Sentence | None:
    """The customer's last substantial line in the call's closing part: what a manager needs to see to judge
    a missing next step ("let's leave it there for now"), rather than the rep's "thanks for your time"."""
    for sentence in reversed(tail):
        if sentence.segment.affiliation == "External" and len(sentence.text.split()) >= CLOSING_MIN_WORDS:
            return sentence
    return None


# --------------------------------------------------------------------------------------------- acts


def meaning_risk_hits(
    segments: Sequence[Segment],
    sentences: Sequence[_Sentence],
    acts: da.TurnActs,
    outside_names: Callable[[str], list[str]] | None = None,
) -> list[tuple[_Sentence, Risk]]:
    """Risks a customer turn raises by meaning: the act model reads the turn as raising the type, and the turn
    speaks of that type's subject in a sentence that is neither negated nor a hypothetical question. A
    competitor may also be named rather than described: ``outside_names`` lists the organisations a text names
    that are not the call's own parties. A sentence naming one with words of choosing, trying or being quoted by
    it (:data:`acts.CHOSE_ANOTHER`: "we've gone with HiBob") raises a competitor risk whatever the model reads,
    unless it is negated, set aside or asked."""
    by_segment: dict[str, list[_Sentence]] = {}
    for sentence in sentences:
        by_segment.setdefault(sentence.segment.transcript_id, []).append(sentence)
    found: list[tuple[_Sentence, Risk]] = []
    for i, segment in enumerate(segments):
        if segment.affiliation == "Internal":
            continue
        for risk_type, threshold in da.RISK_THRESHOLDS.items():
            p = acts.p(i, risk_type)
            if p < threshold:
                continue
            for sentence, text, match in _subject_spans(risk_type, by_segment.get(segment.transcript_id, [])):
                if _negated(text, match) or _asked_not_raised(text, match) or lx.CLARIFICATION.search(text):
                    continue
                if risk_type == "competitor" and lx.SET_ASIDE.search(text):  # "Ostrander's off the table"
                    continue
                if da.ACCEPTANCE.search(text) or da.ACCEPTS_TERMS.search(text):  # "the price works for us"
                    continue
                if risk_type == "legal_security" and da.procurement_routine(text):  # "procurement's template"
                    continue
                strong = p >= 0.9 or lx.ESCALATION.search(text)
                risk = Risk(
                    risk_type,
                    "high" if strong else "medium",
                    _quote(text),
                    sentence.start_ms,
                    segment.speaker_label,
                )
                found.append((sentence, risk))
                break
            else:
                if risk_type == "competitor" and p >= da.NAMED_COMPETITOR_THRESHOLD:
                    named = _naming_sentence(by_segment.get(segment.transcript_id, ()), outside_names)
                    if named is not None:
                        found.append((named, _competitor_risk(named)))
        if not any(risk.type == "competitor" and sentence.segment is segment for sentence, risk in found):
            # Another organisation chosen, tried or quoted, however the model reads the turn.
            chosen = _naming_sentence(
                by_segment.get(segment.transcript_id, ()), outside_names, da.CHOSE_ANOTHER
            )
            if chosen is not None:
                found.append((chosen, _competitor_risk(chosen)))
    return found


def _naming_sentence(
    sentences: Iterable[_Sentence],
    outside_names: Callable[[str], list[str]] | None,
    saying: re.Pattern[str] | None = None,
) -> _Sentence | None:
    """The first sentence naming an organisation outside the call's parties, neither set aside nor negated;
    with ``saying``, one that also says it and is no question."""
    if outside_names is None:
        return None
    for sentence in sentences:
        if saying is not None and (not saying.search(sentence.text) or sentence.text.rstrip().endswith("?")):
            continue
        if outside_names(sentence.text) and not _dismissal_or_negation(sentence.text):
            return sentence
    return None


def _competitor_risk(sentence: _Sentence) -> Risk:
    return Risk(
        "competitor", "medium", _quote(sentence.text), sentence.start_ms, sentence.segment.speaker_label
    )


def _subject_spans(
    risk_type: str, sentences: Sequence[_Sentence]
) -> Iterator[tuple[_Sentence, str, re.Match[str]]]:
    """Each sentence of a turn that speaks of the risk type's subject, with its text and the match; some
    subjects may also take two sentences (:data:`acts.RISK_SUBJECT_ACROSS`: "We had wanted to be live by
    October. That's not happening now.")."""
    subject = da.RISK_SUBJECT[risk_type]
    subject_across = da.RISK_SUBJECT_ACROSS.get(risk_type)
    for k, sentence in enumerate(sentences):
        match = subject.search(sentence.text)
        if match is not None:
            yield sentence, sentence.text, match
        elif subject_across is not None and k + 1 < len(sentences):
            joined = f"{sentence.text} {sentences[k + 1].text}"
            across = subject_across.search(joined)
            if across is not None:
                yield sentence, joined, across


def _dismissal_or_negation(text: str) -> bool:
    return bool(lx.SET_ASIDE.search(text) or lx.NEUTRALIZER.search(text))


# The risk types a later customer turn may resolve by meaning alone (the act model reading it as a resolution):
# a price objection is often settled without words of acceptance, once the rep's offer answers it. Other
# risks seldom are in the same call, and a later turn on their subject that reads as settling things tells them
# again ("I'd rather not rush it before peak" after a slip); only words of acceptance resolve them. Out of fold on
# the dev half (risks other than no next steps) 0.763 / 0.787 -> 0.764 / 0.811, timeline-slip recall 0.63 ->
# 0.79, legal 0.76 -> 0.82, with no type's precision lower; reading pricing so too lowers its precision 0.80 -> 0.71.
RESOLVED_BY_MEANING = frozenset({"pricing_objection"})


def drop_resolved(
    segments: Sequence[Segment],
    hits: Sequence[tuple[_Sentence, Risk]],
    acts: da.TurnActs,
    outside_names: Callable[[str], list[str]] | None = None,
) -> list[tuple[_Sentence, Risk]]:
    """Hits without the risk types the customer later accepts as answered: a later customer turn with a
    sentence that accepts ("the price works for us now") speaking of the same subject, or, for a price
    objection, one the model reads as a resolution (:data:`RESOLVED_BY_MEANING`); or that accepts terms
    (:data:`acts.ACCEPTS_TERMS`: "that I can live with") where it, or the rep's turn it answers, speaks of the
    subject. A competitor is also resolved by a later customer sentence that sets it aside by the name it was
    raised with (:data:`lexicons.SET_ASIDE`: "Ostrander's off the table", "lo de Ebro ya no tiene mucho
    sentido")."""
    position = {s.transcript_id: i for i, s in enumerate(segments)}
    named = {
        name
        for sentence, risk in hits
        if risk.type == "competitor" and outside_names is not None
        for name in outside_names(sentence.text)
    }
    resolved_after: dict[str, int] = {}
    if named:
        # A name said in full when raised is often shortened when set aside ("Mettler-Toledo", "lo de Mettler").
        named |= {first for n in named if len(first := re.split(r"[\s-]", n)[0]) >= 4}
        names = "|".join(re.escape(n) for n in sorted(named, key=len, reverse=True))
        name = re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)
        for i, segment in enumerate(segments):
            if segment.affiliation != "Internal" and any(
                name.search(span.text) and lx.SET_ASIDE.search(span.text)
                for span in split_sentences(segment.text)
            ):
                resolved_after["competitor"] = i
    for risk_type, subject in da.ANSWER_SUBJECT.items():
        for i, segment in enumerate(segments):
            if segment.affiliation == "Internal":
                continue
            # Terms accepted answer the subject of the turn itself or of the rep's turn they reply to
            # ("Three years at twenty-six, with the outage credit in writing. That I can do.").
            answered = (
                i > 0 and segments[i - 1].affiliation == "Internal" and subject.search(segments[i - 1].text)
            )
            if da.ACCEPTS_TERMS.search(segment.text) and (answered or subject.search(segment.text)):
                resolved_after[risk_type] = max(i, resolved_after.get(risk_type, -1))
                continue
            if not subject.search(segment.text):
                continue
            accepts = any(
                subject.search(span.text) and da.ACCEPTANCE.search(span.text)
                for span in split_sentences(segment.text)
            )
            if accepts or (
                risk_type in RESOLVED_BY_MEANING and acts.p(i, "resolution") >= da.RESOLUTION_THRESHOLD
            ):
                resolved_after[risk_type] = max(i, resolved_after.get(risk_type, -1))
    kept = []
    for sentence, risk in hits:
        last_raised = max(position[s.segment.transcript_id] for s, r in hits if r.type == risk.type)
        if resolved_after.get(risk.type, -1) > last_raised:
            continue
        kept.append((sentence, risk))
    return kept


# --------------------------------------------------------------------------------------------- topics


def key_topics(sentences: Sequence[_Sentence], limit: int = MAX_TOPICS) -> tuple[str, ...]:
    """Key topics on the closed label set ``TOPIC_LABELS``.

    Each sentence that mentions a label's keyphrases adds 1 to the label (a sentence counts once per label);
    Gong's own monologue topic, when it maps to a label, adds 2 per segment. Labels need a score of at least 2
    (one passing mention is not a topic) in calls of 20 sentences or more, 1 in shorter ones, and are returned
    by score, ties in label-set order.
    """
    scores: Counter[str] = Counter()
    seen_segments: set[str] = set()
    for sentence in sentences:
        for label, regex in lx.TOPIC_PATTERNS.items():
            if regex.search(sentence.text):
                scores[label] += 1
        segment = sentence.segment
        if segment.topic and segment.transcript_id not in seen_segments:
            seen_segments.add(segment.transcript_id)
            gong_label = normalise_topic(segment.topic)
            if gong_label:
                scores[gong_label] += 2
    threshold = 2 if len(sentences) >= 20 else 1
    ranked = sorted(
        (label for label, score in scores.items() if score >= threshold),
        key=lambda label: (-scores[label], TOPIC_LABELS.index(label)),
    )
    return tuple(ranked[:limit])


def normalise_topic(name: str) -> str | None:
    """Map a free-text topic name (Gong's, or a model's) onto ``TOPIC_LABELS``; None if nothing fits."""
    cleaned = name.strip()
    for label in TOPIC_LABELS:
        if cleaned.lower() == label.lower():
            return label
    for label, regex in lx.TOPIC_PATTERNS.items():
        if regex.search(cleaned):
            return label
    return None


# --------------------------------------------------------------------------------------------- summary


def _who_line(ctx: CallContext, segments: Sequence[Segment]) -> str:
    internal = [p.name for p in ctx.participants if p.affiliation == "Internal" and p.name]
    external = [p.name for p in ctx.participants if p.affiliation == "External" and p.name]
    if not internal:
        internal = list(dict.fromkeys(s.speaker_label for s in segments if s.affiliation == "Internal"))
    if not external:
        external = list(dict.fromkeys(s.speaker_label for s in segments if s.affiliation != "Internal"))
    rep = ctx.rep_name or (internal[0] if internal else None)
    account = ctx.account_name or next(
        (p.company for p in ctx.participants if p.affiliation == "External" and p.company), None
    )
    title = f"“{ctx.title}”" if ctx.title else "Call"
    parts = [title]
    if rep:
        parts.append(f"with {rep}")
    if account:
        parts.append(f"and {account}" if rep else f"with {account}")
    others = [name for name in external][:3]
    if others:
        parts.append(f"({', '.join(others)})")
    if ctx.opportunity_name:
        parts.append(f"on opportunity {ctx.opportunity_name}")
    return " ".join(parts) + "."


def _turn_quote(segment: Segment) -> str:
    return f"{segment.speaker_label}: “{_quote(segment.text)}”"


def key_objection_turn(segments: Sequence[Segment], acts: da.TurnActs, risks: Sequence[Risk]) -> int | None:
    """The customer's key objection, when the call has one: a risk was raised, or a customer turn reads as an
    objection or concern at least at the threshold. Which turn: the customer turn the act model's key-objection
    head scores highest among the turns it read; without the head, the turn of the first most severe risk
    raised, else the customer turn read most surely as an objection or concern (acceptances are none)."""
    found = _first_objection_turn(segments, acts, risks)
    if found is None or acts.key_objection is None:
        return found
    scored = [
        (float(acts.key_objection[i]), i)
        for i, segment in enumerate(segments)
        if segment.affiliation != "Internal" and acts.key_objection[i] > -math.inf
    ]
    return max(scored)[1] if scored else found


def _first_objection_turn(
    segments: Sequence[Segment], acts: da.TurnActs, risks: Sequence[Risk]
) -> int | None:
    raised = [r for r in risks if r.type != "no_next_steps" and r.start_ms is not None]
    if raised:
        first = max(raised, key=lambda r: (SEVERITIES.index(r.severity), -(r.start_ms or 0)))
        at = first.start_ms or 0
        for i, segment in enumerate(segments):
            # Half-open: a turn ends where the next begins, and a risk raised at that instant is the next's.
            if segment.affiliation != "Internal" and segment.start_ms <= at < max(
                segment.end_ms, segment.start_ms + 1
            ):
                return i
    best, best_p = None, da.OBJECTION_THRESHOLD
    for i, segment in enumerate(segments):
        if segment.affiliation == "Internal" or da.ACCEPTANCE.search(segment.text):
            continue
        if max(acts.p(i, "next_step"), acts.p(i, "resolution")) >= da.OBJECTION_THRESHOLD:
            continue
        p = max(acts.p(i, "objection"), acts.p(i, "concern"), *(acts.p(i, t) for t in da.RISK_ACT_LABELS))
        if p >= best_p:
            best, best_p = i, p
    return best


def decision_turn(segments: Sequence[Segment], acts: da.TurnActs) -> int | None:
    """The last customer turn in the second half of the call the model reads as announcing a decision."""
    found = None
    for i, segment in enumerate(segments):
        if (
            segment.affiliation != "Internal"
            and i >= len(segments) // 2
            and acts.p(i, "decision") >= da.DECISION_THRESHOLD
        ):
            found = i
    return found


def gong_step(segments: Sequence[Segment], items: Sequence[GongActionItem]) -> da.AgreedStep | None:
    """The turn holding Gong's last action item that can be placed: the turn its snippet starts in (by time),
    else the last turn whose text holds the snippet. None when Gong lists no action item or none is placed."""
    for item in reversed(items):
        turn = None
        if item.start_ms is not None:
            turn = next(
                (
                    i
                    for i, s in enumerate(segments)
                    if s.start_ms <= item.start_ms < max(s.end_ms, s.start_ms + 1)
                ),
                None,
            )
        if turn is None:
            snippet = " ".join(item.snippet.lower().split())
            turn = next(
                (
                    i
                    for i in reversed(range(len(segments)))
                    if snippet in " ".join(segments[i].text.lower().split())
                ),
                None,
            )
        if turn is not None:
            return da.AgreedStep(turn, turn)
    return None


def call_outcome(step: da.AgreedStep | None, decision: int | None, risks: Sequence[Risk]) -> str:
    """advanced (a next step was agreed), lost (the customer announced a decision, agreed nothing and a
    competitor or churn risk stands), else stalled."""
    if step is not None:
        return "advanced"
    if decision is not None and any(r.type in ("competitor", "churn_threat") for r in risks):
        return "lost"
    return "stalled"


def act_brief(
    ctx: CallContext,
    segments: Sequence[Segment],
    acts: da.TurnActs,
    step: da.AgreedStep | None,
    risks: Sequence[Risk],
    topics: Sequence[str],
    *,
    step_from_gong: bool = False,
    outcome: str | None = None,
) -> str:
    """A manager's brief built from the dialogue acts: who, the outcome, what the customer objects to (quoted),
    what was decided, the agreed next step with its owner and day, the open risks and the topics.

    :param step_from_gong: ``step`` is the turn of one of Gong's action items (:func:`gong_step`), not a turn
        the acts read as agreeing a step; the brief says so. Gong's call outcome, when the record has one, is
        named on the outcome line beside ours.
    :param outcome: the call's outcome as the engine reads it (advanced, stalled or lost: see
        :meth:`LocalEngine.analyze_call`); None reads it from the acts (:func:`call_outcome`).
    """
    lines = [_who_line(ctx, segments)]
    decision = decision_turn(segments, acts)
    outcome = outcome or call_outcome(step, decision, risks)
    closing = next(
        (s for s in reversed(segments) if s.affiliation != "Internal" and len(s.text.split()) >= 5), None
    )
    last_word = f" Last word from the customer — {_turn_quote(closing)}" if closing is not None else ""
    if outcome == "advanced" and step is not None:
        why = "Gong lists an action item as the next step" if step_from_gong else "a next step was agreed"
        line = f"Outcome: advanced — {why}."
    elif outcome == "advanced":
        line = (
            f"Outcome: advanced — the call ends moving forward, though no concrete step was read.{last_word}"
        )
    elif outcome == "lost" and decision is not None:
        line = f"Outcome: lost — {_turn_quote(segments[decision])}"
    elif outcome == "lost":
        line = f"Outcome: lost — the call ends without the customer going ahead.{last_word}"
    elif step is not None:
        line = (
            f"Outcome: stalled — a step was discussed, but the call does not end moving forward.{last_word}"
        )
    else:
        line = f"Outcome: stalled — no concrete next step agreed.{last_word}"
    if ctx.gong.call_outcome:
        line += f" Gong's call outcome: {ctx.gong.call_outcome}."
    lines.append(line)
    objection = key_objection_turn(segments, acts, risks)
    if objection is not None:
        lines.append(f"Customer objection — {_turn_quote(segments[objection])}")
    if decision is not None and outcome != "lost" and (step is None or decision != step.turn):
        lines.append(f"Decision — {_turn_quote(segments[decision])}")
    if step is not None:
        proposal = segments[step.proposal]
        when = da.WHEN.search(proposal.text) or lx.DATE.search(proposal.text)
        due = f"; due: {when.group(0)}" if when else ""
        lines.append(f"Next step — {_turn_quote(proposal)} (owner: {proposal.speaker_label}{due})")
        if step.turn != step.proposal:
            lines.append(f"Agreed — {_turn_quote(segments[step.turn])}")
        if step_from_gong:
            lines.append("Source — Gong's action items (no turn read as agreeing a step).")
    else:
        lines.append("Next steps: none agreed on the call.")
    # Each open risk type once, with the customer's words (the key objection's turn is not quoted twice).
    quoted = {segments[objection].text} if objection is not None else set()
    first_of_type: dict[str, Risk] = {}
    for risk in risks:
        if risk.type != "no_next_steps":
            first_of_type.setdefault(risk.type, risk)
    parts = []
    for risk_type, risk in first_of_type.items():
        label = risk_label(risk_type)
        if any(risk.quote.rstrip("…") in text for text in quoted):
            parts.append(label)
        else:
            parts.append(f"{label} (“{_quote(risk.quote)[:BRIEF_RISK_QUOTE_CHARS]}”)")
    if parts:
        lines.append("Risks: " + "; ".join(parts) + ".")
    if topics:
        lines.append("Topics: " + ", ".join(topics) + ".")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- entities


def _german(text: str) -> bool:
    return len(lx.GERMAN_FUNCTION_WORDS.intersection(words(text))) >= 2


class EntityExtractor:
    """Gazetteer + regex entity extraction for one call.

    People and companies come from the call context (participants, rep, account) plus capitalised names with
    a company suffix ("Globex Corp"); competitors and products from the configured lists; money and dates from
    regular expressions. A participant's first name alone resolves to the full name when it is unambiguous.
    ``partners`` (the customer's own systems: its CRM, conferencing, messaging) are organisations, never competitors.
    """

    def __init__(
        self,
        ctx: CallContext,
        competitors: Sequence[str] = (),
        products: Sequence[str] = (),
        partners: Sequence[str] = (),
    ) -> None:
        people: dict[str, str] = {}
        first_names: Counter[str] = Counter()
        full_names = [p.name for p in ctx.participants if p.name] + ([ctx.rep_name] if ctx.rep_name else [])
        for name in dict.fromkeys(full_names):
            people[name] = name
            first_names[name.split()[0]] += 1
        for name in dict.fromkeys(full_names):
            first = name.split()[0]
            if first_names[first] == 1 and len(first) > 2 and first != name:
                people[first] = name
        self._people = self._gazetteer(people, case_sensitive=True)
        self._person_tokens = {token for name in full_names for token in name.split()}
        self._call_names: set[str] = set()
        self._inside_names: set[str] = set()
        companies = [p.company for p in ctx.participants if p.company] + (
            [ctx.account_name] if ctx.account_name else []
        )
        self._companies = self._gazetteer({c: c for c in companies}, case_sensitive=False)
        self._own_companies = tuple(dict.fromkeys(companies))
        self._competitors = self._gazetteer({c: c for c in competitors}, case_sensitive=False)
        self._products = self._gazetteer({p: p for p in products}, case_sensitive=False)
        self._partners = self._gazetteer({p: p for p in partners}, case_sensitive=False)
        self._german_call = False

    def outside_names(self, text: str) -> list[str]:
        """Capitalised names in ``text`` that are not the call's own parties (the account, the participants'
        companies), a configured product nor a configured partner system, nor a name the call places inside
        (:meth:`_placed_inside`: anywhere in the call once :meth:`learn` has read it)."""
        own = [c.lower() for c in self._own_companies]
        return [
            name
            for name, start, end in self.name_spans(text)
            if not any(name.lower() in o or o in name.lower() for o in own)
            and not self._find(self._products, name, False)
            and not self._find(self._partners, name, False)
            and name not in self._inside_names
            and not self._placed_inside(text, start, end)
        ]

    @staticmethod
    def _placed_inside(text: str, start: int, end: int) -> bool:
        """Whether the words around a name make it a unit of the customer's own, a plan of the
        vendor's, the vendor's own product or a person (:data:`lexicons.OWN_UNIT_AFTER`,
        :data:`lexicons.PLAN_AFTER`, :data:`lexicons.PLAN_BEFORE`, :data:`lexicons.VENDORS_OWN_BEFORE`,
        :data:`lexicons.PERSON_BEFORE`, :data:`lexicons.PERSON_AFTER`)."""
        return bool(
            lx.PERSON_BEFORE.search(text[:start])
            or lx.PERSON_AFTER.match(text, end)
            or lx.OWN_UNIT_AFTER.match(text, end)
            or lx.PLAN_AFTER.match(text, end)
            or lx.PLAN_BEFORE.search(text[:start])
            or lx.VENDORS_OWN_BEFORE.search(text[:start])
        )

    def learn(self, texts: Sequence[str]) -> None:
        """Remember the names the call uses mid-sentence, so a sentence that starts with one finds it too, and
        those it places inside (a unit, a plan, the vendor's own product); and whether the call is held in
        German, where every noun is capitalised ("Das Coaching", "Im Moment")."""
        german_turns = sum(1 for text in texts if _german(text))
        self._german_call = bool(texts) and 2 * german_turns >= len(texts)
        for text in texts:
            spans = self.name_spans(text)
            self._call_names.update(name for name, _, _ in spans)
            # A name the call once places inside ("du plan Premium") stays inside ("le Premium à 4 200 euros").
            self._inside_names.update(
                name for name, start, end in spans if self._placed_inside(text, start, end)
            )

    @staticmethod
    def _gazetteer(
        names: dict[str, str], case_sensitive: bool
    ) -> tuple[re.Pattern[str], dict[str, str]] | None:
        if not names:
            return None
        # Longest alternatives first so "Acme Logistics" wins over "Acme".
        alternatives = sorted(names, key=len, reverse=True)
        flags = 0 if case_sensitive else re.IGNORECASE
        regex = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)", flags)
        lookup = {(k if case_sensitive else k.lower()): v for k, v in names.items()}
        return regex, lookup

    @staticmethod
    def _find(gazetteer, text: str, case_sensitive: bool) -> list[str]:
        if gazetteer is None:
            return []
        regex, lookup = gazetteer
        return [lookup[m.group(0) if case_sensitive else m.group(0).lower()] for m in regex.finditer(text)]

    def proper_names(self, text: str) -> list[str]:
        """Capitalised names that are not a known person, a sentence's first word or a common capitalised
        word; in German text only acronyms and names with digits or inner capitals (nouns are capitalised)."""
        return [name for name, _, _ in self.name_spans(text)]

    def name_spans(self, text: str) -> list[tuple[str, int, int]]:
        """:meth:`proper_names` with where each name starts and ends in ``text``."""
        german = _german(text)
        found: list[tuple[str, int, int]] = []
        for match in lx.PROPER_NAME.finditer(text):
            tokens = match.group(0).strip(".’'").split()
            while tokens and tokens[0].lower() in lx.NOT_A_NAME:  # "My VP", "The EMEA team"
                tokens = tokens[1:]
            while tokens and tokens[-1].lower().replace("’", "'") in lx.FIRST_PERSON:  # "Now I'm"
                tokens = tokens[:-1]
            if tokens and tokens[-1].lower().removesuffix("'s") in lx.STREET_WORDS:  # "14 Quarry Lane"
                continue
            name = " ".join(tokens)
            if not name or not name[0].isalpha():  # "November 10th" less the month is a day, no name
                continue
            if name.lower() in lx.NOT_A_NAME or all(t.lower() in lx.NOT_A_NAME for t in tokens):
                continue
            if lx.PLURAL_ABBREVIATION.fullmatch(name) or lx.WORLD_REGION.fullmatch(name):
                continue
            if any(t in self._person_tokens for t in tokens):
                continue
            before = text[: match.start()].rstrip()
            initial = not before or before[-1] in '.!?…:"“«¿¡-—'
            distinctive = (
                name.isupper()
                and len(name) > 1
                or any(c.isdigit() for c in name)
                or any(c.isupper() for token in tokens for c in token[1:])  # "HubSpot", "DocuSign"
            )
            # In German a capitalised run names something when it is distinctive, or two words or more inside a
            # sentence ("bei Hofmann Logistik"); a sentence opening on a verb or an article and a noun does not
            # ("Sehen Teamleiter nur ihr Team?", "Das Coaching hängt vom Teamleiter ab").
            if german and not distinctive and (len(tokens) == 1 or initial):
                continue
            if (german or self._german_call) and tokens[0].lower() in lx.GERMAN_NAME_OPENERS:
                continue  # "Das Coaching", "Im Moment": in German, an article and the noun after it
            if initial and len(tokens) == 1 and not distinctive and name not in self._call_names:
                continue
            if len(name) < 2:
                continue
            start = match.start() + match.group(0).index(tokens[0])
            found.append((name, start, start + len(name)))
        return found

    def extract(self, text: str, competing: bool = False) -> Entities:
        """Entities of one segment; ``competing``: the customer weighs the organisations it names (outside
        the call's parties) against the vendor, so they are competitors too."""
        companies = self._find(self._companies, text, False)
        companies += [m.group(0).rstrip(".") for m in lx.COMPANY_SUFFIX.finditer(text)]
        known = {c.lower() for c in companies}
        companies += [n for n in self.proper_names(text) if n.lower() not in known]
        competitors = self._find(self._competitors, text, False)
        if competing:
            competitors += [n for n in self.outside_names(text) if n not in competitors]
        companies = [c for c in companies if c not in competitors]
        return Entities(
            people=tuple(dict.fromkeys(self._find(self._people, text, True))),
            companies=tuple(dict.fromkeys(companies)),
            competitors=tuple(dict.fromkeys(competitors)),
            products=tuple(dict.fromkeys(self._find(self._products, text, False))),
            money=tuple(dict.fromkeys(m.group(0).strip() for m in lx.MONEY.finditer(text))),
            dates=tuple(dict.fromkeys(m.group(0).strip() for m in lx.DATE.finditer(text))),
        )


# --------------------------------------------------------------------------------------------- engine


def empty_analysis(call_id: str, engine: str, model_version: str) -> CallAnalysis:
    """The analysis of a call without transcript text (no model call is made for it)."""
    return CallAnalysis(call_id, EMPTY_TRANSCRIPT_SUMMARY, (), (), 0.0, (), engine, model_version)


def check_segments(ctx: CallContext, segments: Sequence[Segment]) -> list[Segment]:
    """Segments of ``ctx``'s call in transcript order; segments of another call are a caller bug."""
    foreign = {s.call_id for s in segments if s.call_id != ctx.call_id}
    if foreign:
        raise ValueError(f"analyze_call({ctx.call_id!r}) got segments of other calls: {sorted(foreign)[:3]}")
    return sorted(segments, key=lambda s: (s.ordinal, s.start_ms))


def check_texts(texts: Sequence[str], input_type: str) -> None:
    if input_type not in INPUT_TYPES:
        raise ValueError(f"input_type must be one of {INPUT_TYPES}, got {input_type!r}")
    blank = [i for i, t in enumerate(texts) if not isinstance(t, str) or not t.strip()]
    if blank:
        raise ValueError(f"embed() got blank or non-string texts at positions {blank[:5]}")


class LocalEngine:
    """Offline :class:`~include.gong_intel.enrich.engine.EnrichmentEngine` implementation."""

    name = "local"

    def __init__(self, settings: EnrichSettings | None = None) -> None:
        self.settings = settings or EnrichSettings()
        self.model_version = f"local-{LOCAL_ENGINE_VERSION}+lexicon-{lx.LEXICON_VERSION}+vader"
        self.embedding_dim = self.settings.embedding_dim
        self.usage = EngineUsage()
        self._embedder: TextEmbedder | None = None
        # Resolve the model name without loading torch: the factory runs in DAG-adjacent code paths.
        from include.gong_intel.enrich.embeddings import (
            HASHING_MODEL_PREFIX,
            MINILM_INT8_MODEL_NAME,
            MINILM_MODEL_NAME,
            minilm_available,
            minilm_int8_available,
        )

        backend = self.settings.embedding_backend
        minilm = {
            "minilm": (MINILM_MODEL_NAME, minilm_available),
            "minilm-int8": (MINILM_INT8_MODEL_NAME, minilm_int8_available),
        }
        if backend in minilm and minilm[backend][1]():
            if self.embedding_dim != 384:
                raise ValueError(
                    f"{MINILM_MODEL_NAME} produces 384-dim vectors; embedding_dim is {self.embedding_dim}"
                )
            self.embedding_model = minilm[backend][0]
        else:
            self.embedding_model = f"{HASHING_MODEL_PREFIX}-{self.embedding_dim}"
        from include.gong_intel.enrich.call_model import load_call_outcome_model, load_call_sentiment_model

        model = load_call_sentiment_model() if self.settings.call_sentiment in ("ending", "acts") else None
        # The call models read vectors of the model they were fitted on: with the int8 variant embedding the
        # memory, the tails they read are embedded by the fp32 model (see _tail_vectors).
        compatible = {self.embedding_model}
        if self.embedding_model == MINILM_INT8_MODEL_NAME:
            compatible.add(MINILM_MODEL_NAME)
        self._call_model = model if model and model.embedding_model in compatible else None
        outcome_model = load_call_outcome_model()
        self._outcome_model = (
            outcome_model if outcome_model and outcome_model.embedding_model in compatible else None
        )
        # The act model classifies the call's own segment vectors: only the exact model it was fitted on.
        act_model = da.load_act_model()
        self._act_model = (
            act_model if act_model and act_model.embedding_model == self.embedding_model else None
        )
        if self._act_model is not None:
            self.model_version += f"+acts-{self._act_model.fingerprint}"
        if self._outcome_model is not None:
            self.model_version += f"+outcome-{self._outcome_model.fingerprint}"
        if self._call_model is not None:
            # The method is part of the version: switching it re-scores every call.
            method = "ending" if self._act_model is None else self.settings.call_sentiment
            self.model_version += f"+call-sentiment-{method}-{self._call_model.fingerprint}"

    def analyze_call(self, ctx: CallContext, segments: Sequence[Segment]) -> CallAnalysis:
        """Analyse one call: summary, topics, risks, call and per-segment sentiment, entities."""
        ordered = [s for s in check_segments(ctx, segments) if s.text.strip()]
        if not ordered:
            return empty_analysis(ctx.call_id, self.name, self.model_version)
        sentences = _sentences(ordered)
        hits = risk_hits(sentences, self.settings.competitors)
        penalties: dict[str, float] = defaultdict(float)
        for sentence, risk in hits:
            penalties[sentence.segment.transcript_id] += RISK_SENTIMENT_PENALTY[risk.severity]
        scores = [
            max(-1.0, min(1.0, sentiment_score(s.text) - min(penalties[s.transcript_id], 1.0)))
            for s in ordered
        ]
        extractor = EntityExtractor(
            ctx, self.settings.competitors, self.settings.products, self.settings.partners
        )
        extractor.learn([s.text for s in ordered])
        topics = key_topics(sentences)
        acts = self._turn_acts(ordered, extractor.outside_names)
        step = None
        competing: set[str] = set()  # segments where the customer weighs an organisation against us
        if acts is not None:
            meaning = meaning_risk_hits(ordered, sentences, acts, extractor.outside_names)
            competing = {s.segment.transcript_id for s, r in meaning if r.type == "competitor"}
            hits = drop_resolved(ordered, [*hits, *meaning], acts, extractor.outside_names)
            step = da.agreed_next_step(
                [s.text for s in ordered], [s.affiliation != "Internal" for s in ordered], acts, lx.NEXT_STEP
            )
        risks = detect_risks(
            sentences,
            self.settings.competitors,
            max(s.end_ms for s in ordered),
            hits,
            next_step_agreed=None if acts is None else step is not None,
            with_customer=any(s.affiliation != "Internal" for s in ordered),
            strength=None if acts is None else _hit_strength(ordered, hits, acts, extractor.outside_names),
        )
        if acts is None:
            # Without the model the brief keeps its structure: the step is a proposal the customer accepted,
            # else the last next-step phrase when the phrase rules found one near the end.
            acts = da.TurnActs.unread(len(ordered))
            step = da.agreed_next_step(
                [s.text for s in ordered], [s.affiliation != "Internal" for s in ordered], acts
            )
            if step is None and not any(r.type == "no_next_steps" for r in risks):
                last = max(
                    (s for s in sentences if lx.NEXT_STEP.search(s.text)), key=lambda s: s.index, default=None
                )
                if last is not None:
                    turn = ordered.index(last.segment)
                    step = da.AgreedStep(turn, turn)
        # Gong lists an action item the turns did not read as agreed: the call has a next step after all.
        from_gong = step is None and (step := gong_step(ordered, ctx.gong.action_items)) is not None
        if step is not None:
            # Never "no next steps" beside an agreed one (the phrase rules may raise it where a proposal was
            # accepted in words they do not know).
            risks = tuple(r for r in risks if r.type != "no_next_steps")
        read_acts = acts if self._act_model else None
        ending = (
            self._outcome_model.most_likely(self._tail_vectors(self._outcome_model, ordered, read_acts))
            if self._outcome_model is not None
            else None
        )
        # An agreed step (read in the turns, or one of Gong's action items) advances the call; without one, the
        # outcome model reads how the call ends. Out of fold on the dev half this reads the outcome as well as
        # the model alone (0.75), and keeps the brief's outcome and next step in agreement.
        outcome = "advanced" if step is not None and ending is not None else ending
        summary = act_brief(
            ctx, ordered, acts, step, risks, topics, step_from_gong=from_gong, outcome=outcome
        )
        results = tuple(
            SegmentResult(
                s.transcript_id,
                round(score, 4),
                extractor.extract(s.text, competing=s.transcript_id in competing),
            )
            for s, score in zip(ordered, scores, strict=True)
        )
        return CallAnalysis(
            call_id=ctx.call_id,
            summary=summary,
            key_topics=topics,
            risks=risks,
            sentiment=self._call_sentiment(
                ordered, scores, step is not None if ending is None else ending == "advanced", read_acts
            ),
            segments=results,
            engine=self.name,
            model_version=self.model_version,
        )

    def _turn_acts(
        self, segments: Sequence[Segment], outside_names: Callable[[str], list[str]] | None = None
    ) -> da.TurnActs | None:
        """The act model's reading of the turns, or None without the model or its embedding model."""
        if self._act_model is None:
            return None
        if self._embedder is None:
            self._embedder = get_local_embedder(self.settings.embedding_backend, self.embedding_dim)
        import numpy as np

        texts = [s.text for s in segments]
        customer = [s.affiliation != "Internal" for s in segments]
        # Only turns some rule reads are embedded (the costly part): the closing turns, where the next step is
        # settled, decisions are announced and the call model reads the ending, and the customer's turns that
        # speak of a risk's subject or name an outside organisation (a risk by meaning needs one of them). The
        # rest stay unread (probability 0).
        tail = max(
            (m.tail_turns for m in (self._call_model, self._outcome_model) if m is not None), default=0
        )
        first = min(da.next_step_window_start(len(texts)), len(texts) - tail)
        read = [
            i
            for i in range(len(texts))
            if i >= first
            or (
                customer[i]
                and (
                    any(
                        subject.search(texts[i])
                        for subject in (*da.RISK_SUBJECT.values(), *da.RISK_SUBJECT_ACROSS.values())
                    )
                    or (outside_names is not None and outside_names(texts[i]))
                )
            )
        ]
        vectors = np.zeros((len(texts), self.embedding_dim), dtype=np.float32)
        vectors[read] = self._embedder.encode([texts[i] for i in read])
        probs = self._act_model.probabilities(vectors, customer, texts)
        unread = np.ones(len(texts), dtype=bool)
        unread[read] = False
        probs[unread] = 0.0
        key = self._act_model.key_objection_scores(vectors, customer, texts, probs)
        if key is not None:
            key[unread] = -np.inf
        return da.TurnActs(self._act_model.labels, probs, vectors, key)

    def _tail_vectors(
        self, model: CallEndingModel, segments: Sequence[Segment], acts: da.TurnActs | None
    ) -> np.ndarray:
        """The embeddings of the call's last turns that ``model`` reads: the act model's own vectors when it
        read the call (same model, same turns), else embedded by the model ``model`` was fitted on."""
        from include.gong_intel.enrich.call_model import tail_texts

        if acts is not None and acts.vectors is not None:
            return acts.vectors[-model.tail_turns :]  # segments are non-blank: the same tail
        if model.embedding_model != self.embedding_model:
            embedder = get_local_embedder("minilm", self.embedding_dim)
        else:
            if self._embedder is None:
                self._embedder = get_local_embedder(self.settings.embedding_backend, self.embedding_dim)
            embedder = self._embedder
        return embedder.encode(tail_texts([s.text for s in segments], model.tail_turns))

    def _call_sentiment(
        self,
        segments: Sequence[Segment],
        scores: Sequence[float],
        advanced: bool = False,
        acts: da.TurnActs | None = None,
    ) -> float:
        """The customer's sentiment toward the deal at the end of the call (see ``call_sentiment`` in
        :class:`EnrichSettings`): by outcome and ending, by ending alone, else the lexical mix.

        :param advanced: the call moves forward: the outcome model reads its ending so, or without that model a
            next step was agreed. Out of fold on the dev half the model's reading of the ending serves the
            sentiment better than the agreed step (0.69 against 0.66 of the calls right; either of the two:
            0.65).
        """
        if self._call_model is None:
            return call_sentiment(segments, scores)
        vectors = self._tail_vectors(self._call_model, segments, acts)
        # Plainly negative words through the call (complaints, risks raised) stay negative however politely
        # it ends or whatever step was agreed.
        lexical = call_sentiment(segments, scores)
        if self.settings.call_sentiment == "acts" and self._act_model is not None:
            outcome = da.outcome_sentiment(advanced, self._call_model.probabilities(vectors))
            return min(outcome, lexical) if lexical < -SENTIMENT_NEUTRAL_BAND else outcome
        ending = max(-1.0, min(1.0, self._call_model.score(vectors)))
        # The ending decides everything else, which the words alone read as polite, so positive.
        return min(ending, lexical) if lexical < -SENTIMENT_NEUTRAL_BAND else ending

    def embed(
        self, texts: Sequence[str], input_type: Literal["search_document", "search_query"]
    ) -> np.ndarray:
        """Embed texts with the configured local backend; rows are L2-normalised float32.

        ``input_type`` is validated for interface parity; both local models are symmetric.
        """
        check_texts(texts, input_type)
        if self._embedder is None:
            self._embedder = get_local_embedder(self.settings.embedding_backend, self.embedding_dim)
            self.embedding_model = self._embedder.model_name
        vectors = self._embedder.encode(list(texts))
        self.usage = self.usage.plus(embed_texts=len(texts))
        return vectors

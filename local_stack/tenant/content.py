"""Gong's derived call blocks (``content`` and ``interaction``) computed from a built transcript.

All numbers come from ``TranscriptStats`` so they agree with the transcript by construction:
talk times are sums of sentence durations, question counts are sentences ending in "?", tracker counts are
phrase matches, topic durations tile the call.

Definitions used for ``interactionStats`` (documented because Gong's exact formulas are not public):
* Talk Ratio: company (internal) talk time / all talk time, 0..1.
* Longest Monologue: longest uninterrupted company-side speech, seconds.
* Longest Customer Story: longest uninterrupted customer speech, seconds.
* Interactivity: speaker switches per minute x 1.25, capped to 0..10.
* Patience: mean pause before a company speaker answers a customer, seconds.
* Question Rate: company questions per hour of call.
"""

from __future__ import annotations

import hashlib

from local_stack.tenant.script import ActionItem, Evidence
from local_stack.tenant.transcript import TRACKER_NAMES, TranscriptStats


def stable_id(*parts: object, digits: int = 19) -> str:
    """A digit string derived from ``parts`` (stable across processes, unlike ``hash``)."""
    h = int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).digest(), "big")
    low = 10 ** (digits - 1)
    return str(low + h % (9 * low))


TRACKER_IDS: dict[str, str] = {name: stable_id("tracker", name) for name in TRACKER_NAMES}


def _s(ms: int) -> float:
    return round(ms / 1000.0, 2)


def build_trackers(stats: TranscriptStats) -> list[dict]:
    """Gong tracker items (all configured trackers, zero counts included) from the phrase hits."""
    by_tracker: dict[str, list[tuple[str, str, int]]] = {name: [] for name in TRACKER_NAMES}
    for tracker, phrase, speaker, start in stats.tracker_hits:
        by_tracker[tracker].append((phrase, speaker, start))
    out = []
    for name in TRACKER_NAMES:
        hits = by_tracker[name]
        phrases: dict[str, list[dict]] = {}
        for phrase, speaker, start in hits:
            phrases.setdefault(phrase, []).append({"speakerId": speaker, "startTime": _s(start)})
        out.append(
            {
                "id": TRACKER_IDS[name],
                "name": name,
                "type": "KEYWORD",
                "count": len(hits),
                "occurrences": [{"speakerId": sp, "startTime": _s(st)} for _, sp, st in hits],
                "phrases": [
                    {"phrase": p, "count": len(occ), "occurrences": occ} for p, occ in phrases.items()
                ],
            }
        )
    return out


def build_content(
    stats: TranscriptStats,
    *,
    brief: str,
    key_points: list[str],
    evidence: list[Evidence],
    action_items: list[ActionItem],
    call_outcome: dict | None,
) -> dict:
    """Assemble ``content``: topics, trackers, brief, key points, outline, highlights, action items, outcome."""
    topics = [{"name": name, "duration": _s(ms)} for name, ms in stats.topic_ms.items() if ms > 0]
    outline = []
    for topic, start, end, first_text in stats.topic_sections:
        item = first_text if len(first_text) <= 120 else first_text[:117] + "..."
        outline.append(
            {
                "section": topic,
                "startTime": _s(start),
                "duration": _s(end - start),
                "items": [{"text": item, "startTime": _s(start)}] if item else [],
            }
        )
    highlights = []
    if action_items:
        highlights.append(
            {
                "title": "Next steps",
                "items": [{"text": a.snippet, "startTimes": [_s(a.start_ms)]} for a in action_items],
            }
        )
    risky = [
        e for e in evidence if e.scenario not in ("enthusiastic_champion", "rep_monologue", "positive_close")
    ]
    if risky:
        highlights.append(
            {
                "title": "Concerns raised",
                "items": [{"text": e.text, "startTimes": [_s(e.start_ms)]} for e in risky[:5]],
            }
        )
    wins = [e for e in evidence if e.scenario in ("enthusiastic_champion", "positive_close")]
    if wins:
        highlights.append(
            {
                "title": "Buying signals",
                "items": [{"text": e.text, "startTimes": [_s(e.start_ms)]} for e in wins[:5]],
            }
        )
    # Gong's call agenda (content.structure): the call's sections in order, with their durations.
    structure = [
        {"name": topic, "duration": _s(end - start)} for topic, start, end, _ in stats.topic_sections
    ]
    return {
        "brief": brief,
        "topics": topics,
        "structure": structure,
        "trackers": build_trackers(stats),
        "keyPoints": [{"text": k} for k in key_points],
        "outline": outline,
        "highlights": highlights,
        "pointsOfInterest": {
            "actionItems": [
                {
                    "snippet": a.snippet,
                    "snippetStartTime": _s(a.start_ms),
                    "snippetEndTime": _s(a.end_ms),
                    "speakerID": a.speaker_id,
                }
                for a in action_items
            ]
        },
        "callOutcome": call_outcome,
    }


def build_interaction(
    stats: TranscriptStats,
    *,
    speakers: list[tuple[str, str | None, bool]],
    duration_s: int,
    presentation_share: float,
) -> dict:
    """Assemble ``interaction`` from the transcript statistics.

    :param speakers: (speaker id, Gong user id or None, internal?) for every party that has a speaker id.
    :param presentation_share: fraction of the call spent screen sharing (for the ``video`` block).
    """
    internal_ms = sum(stats.talk_ms.get(sid, 0) for sid, _, internal in speakers if internal)
    total_ms = sum(stats.talk_ms.get(sid, 0) for sid, _, _ in speakers)
    minutes = max(duration_s / 60.0, 1 / 60)
    patience = (
        (sum(stats.patience_gaps_ms) / len(stats.patience_gaps_ms) / 1000.0)
        if stats.patience_gaps_ms
        else 0.0
    )
    stats_items = [
        {"name": "Talk Ratio", "value": round(internal_ms / total_ms, 4) if total_ms else 0.0},
        {"name": "Longest Monologue", "value": round(stats.longest_internal_run_ms / 1000.0, 1)},
        {"name": "Longest Customer Story", "value": round(stats.longest_external_run_ms / 1000.0, 1)},
        {"name": "Interactivity", "value": round(min(10.0, stats.switches / minutes * 1.25), 2)},
        {"name": "Patience", "value": round(patience, 2)},
        {"name": "Question Rate", "value": round(stats.questions_internal / (minutes / 60.0), 2)},
    ]
    presentation = int(duration_s * presentation_share)
    return {
        "speakers": [
            {"id": sid, "userId": uid, "talkTime": round(stats.talk_ms.get(sid, 0) / 1000.0, 1)}
            for sid, uid, _ in speakers
            if stats.talk_ms.get(sid, 0) > 0
        ],
        "interactionStats": stats_items,
        "questions": {"companyCount": stats.questions_internal, "nonCompanyCount": stats.questions_external},
        "video": [
            {"name": "Browser", "duration": presentation // 3},
            {"name": "Presentation", "duration": presentation - presentation // 3},
            {"name": "WebcamPrimaryUser", "duration": duration_s - presentation},
            {"name": "WebcamNonCompany", "duration": int((duration_s - presentation) * 0.8)},
        ],
    }

"""A generated call's transcript as the enrichment engine receives it, for tests and benchmarks that drive the
engine directly without staging: one ``Segment`` per Gong monologue with text, ordered and numbered the way
``include/sql/stage/40_stg_transcripts.sql`` orders and numbers them (first sentence start, then position)."""

from __future__ import annotations

from typing import Any

from include.gong_intel.enrich.records import Segment


def staged_segments(call: dict[str, Any], transcript: list[dict[str, Any]]) -> list[Segment]:
    """The segments the stage SQL would build from ``call`` (a Gong extensive call) and its monologues."""
    call_id = call["metaData"]["id"]
    parties = {p["speakerId"]: p for p in call.get("parties", []) if p.get("speakerId")}
    monologues = []
    for position, monologue in enumerate(transcript):
        sentences = sorted(monologue.get("sentences") or [], key=lambda s: (s["start"], s["end"]))
        text = " ".join(s["text"].strip() for s in sentences if s["text"].strip())
        if text:
            monologues.append((sentences[0]["start"], position, monologue, sentences[-1]["end"], text))
    segments = []
    for ordinal, (start, _, monologue, end, text) in enumerate(sorted(monologues, key=lambda m: m[:2])):
        party = parties.get(monologue.get("speakerId"), {})
        segments.append(
            Segment(
                transcript_id=f"{call_id}-{ordinal:04d}",
                call_id=call_id,
                ordinal=ordinal,
                speaker_id=monologue.get("speakerId"),
                speaker_name=party.get("name"),
                affiliation=party.get("affiliation") or "Unknown",
                company=None,
                topic=monologue.get("topic"),
                start_ms=start,
                end_ms=max(end, start),
                text=text,
            )
        )
    return segments

"""Pure conversions of the enrichment step: warehouse rows -> engine records -> rows to write back.

Nothing here touches the warehouse or a model, so every rule (participant parsing, what a call without a
transcript gets, the shape of RISK_INDICATORS, which results are rejected before writing) is unit-tested
directly. The orchestration lives in :mod:`include.gong_intel.pipeline.enrich_step`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from include.gong_intel.enrich.records import (
    AFFILIATIONS,
    CallAnalysis,
    CallContext,
    Entities,
    GongActionItem,
    GongSignals,
    MemoryChunk,
    Participant,
    Segment,
    preview,
)

if TYPE_CHECKING:
    import numpy as np

NO_TRANSCRIPT_SUMMARY = "No transcript was available for this call."
ENTITY_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Entities))
# Embeddings are float32: 8 significant digits keep every bit that matters and halve the JSON size.
_EMBEDDING_DIGITS = 8


class InvalidCallInput(ValueError):
    """A staged call or segment cannot be turned into engine records (e.g. a segment ending before it starts).

    :param check: short check name for the quarantine record.
    :param reason: human-readable reason.
    :param offending_value: the value that failed, rendered as text.
    """

    def __init__(self, check: str, reason: str, offending_value: object = None) -> None:
        self.check = check
        self.reason = reason
        self.offending_value = None if offending_value is None else preview(offending_value)
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class StagedCall:
    """The columns of one STG_GONG_CALLS row the enrichment step reads (see ``enrich/load_calls.sql``)."""

    call_id: str
    title: str | None
    started_at: datetime | None
    rep_name: str | None
    account_name: str | None
    opportunity_name: str | None
    internal_participants: tuple[Any, ...]
    external_participants: tuple[Any, ...]
    gong_brief: str | None
    source_hash: str | None
    gong_action_items: tuple[Any, ...] = ()
    gong_call_outcome: str | None = None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> StagedCall:
        """Build from a row of ``enrich/load_calls.sql`` (ARRAY columns arrive as JSON text)."""
        (
            call_id,
            title,
            started_at,
            rep,
            account,
            opportunity,
            internal,
            external,
            brief,
            source_hash,
            action_items,
            call_outcome,
        ) = row
        return cls(
            call_id=str(call_id),
            title=title,
            started_at=started_at,
            rep_name=rep,
            account_name=account,
            opportunity_name=opportunity,
            internal_participants=tuple(_json_list(internal)),
            external_participants=tuple(_json_list(external)),
            gong_brief=brief,
            source_hash=source_hash,
            gong_action_items=tuple(_json_list(action_items)),
            gong_call_outcome=call_outcome,
        )


@dataclass(frozen=True, slots=True)
class StagedSegment:
    """The columns of one STG_GONG_CALL_TRANSCRIPTS row the step reads (see ``enrich/load_segments.sql``)."""

    transcript_id: str
    call_id: str
    ordinal: int
    speaker_id: str | None
    speaker_name: str | None
    affiliation: str | None
    company: str | None
    topic: str | None
    start_ms: int | None
    end_ms: int | None
    text: str | None
    source_hash: str | None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> StagedSegment:
        (
            tid,
            call_id,
            ordinal,
            speaker_id,
            name,
            affiliation,
            company,
            topic,
            start,
            end,
            text,
            source_hash,
        ) = row
        return cls(
            transcript_id=str(tid),
            call_id=str(call_id),
            ordinal=int(ordinal),
            speaker_id=None if speaker_id is None else str(speaker_id),
            speaker_name=name,
            affiliation=affiliation,
            company=company,
            topic=topic,
            start_ms=None if start is None else int(start),
            end_ms=None if end is None else int(end),
            text=text,
            source_hash=source_hash,
        )


def _json_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = json.loads(value)
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _first(obj: Mapping[str, Any], *keys: str) -> Any:
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value not in (None, ""):
            return value
    return None


def parse_participant(item: Any, affiliation: str) -> Participant | None:
    """One element of INTERNAL_/EXTERNAL_PARTICIPANTS as a :class:`Participant`.

    Elements are objects (Gong party fields in camelCase or snake_case) or plain names; anything without a
    name or email is dropped, since the engine can neither attribute nor mention it.
    """
    if isinstance(item, str):
        return Participant(name=item.strip(), affiliation=affiliation) if item.strip() else None
    if not isinstance(item, Mapping):
        return None
    name = _first(item, "name", "full_name", "fullName")
    email = _first(item, "email", "emailAddress", "email_address")
    if not name and not email:
        return None
    speaker = _first(item, "speakerId", "speaker_id")
    return Participant(
        name=name,
        email=email,
        company=_first(item, "company", "company_name", "companyName"),
        affiliation=affiliation,
        speaker_id=None if speaker is None else str(speaker),
    )


def normalise_affiliation(value: str | None) -> str:
    """Gong's affiliation spelled the way the engine expects (``Internal``/``External``/``Unknown``)."""
    text = (value or "").strip().capitalize()
    return text if text in AFFILIATIONS else "Unknown"


def to_segment(staged: StagedSegment) -> Segment:
    """An engine :class:`Segment`; a missing end time becomes the start, a reversed range is bad input.

    :raises InvalidCallInput: the segment's time range is reversed or negative.
    """
    start = staged.start_ms if staged.start_ms is not None else 0
    end = staged.end_ms if staged.end_ms is not None else start
    if start < 0 or end < start:
        raise InvalidCallInput(
            "segment_time_range",
            f"segment {staged.transcript_id} has START_MS={start} and END_MS={end}",
            f"{start}..{end}",
        )
    return Segment(
        transcript_id=staged.transcript_id,
        call_id=staged.call_id,
        ordinal=staged.ordinal,
        speaker_id=staged.speaker_id,
        speaker_name=staged.speaker_name,
        affiliation=normalise_affiliation(staged.affiliation),
        company=staged.company,
        topic=staged.topic,
        start_ms=start,
        end_ms=end,
        text=staged.text or "",
    )


def call_context(call: StagedCall, segments: Sequence[Segment] = ()) -> CallContext:
    """The engine's view of a call. Speakers missing from the participant lists are added from the
    transcript, so that names said on the call resolve even when Gong's party list was incomplete."""
    participants: list[Participant] = []
    for items, affiliation in (
        (call.internal_participants, "Internal"),
        (call.external_participants, "External"),
    ):
        participants.extend(p for p in (parse_participant(i, affiliation) for i in items) if p is not None)
    known = {p.name for p in participants if p.name}
    for seg in segments:
        if seg.speaker_name and seg.speaker_name not in known:
            known.add(seg.speaker_name)
            participants.append(
                Participant(
                    name=seg.speaker_name,
                    company=seg.company,
                    affiliation=seg.affiliation,
                    speaker_id=seg.speaker_id,
                )
            )
    return CallContext(
        call_id=call.call_id,
        title=call.title,
        started_at=call.started_at,
        rep_name=call.rep_name,
        account_name=call.account_name,
        opportunity_name=call.opportunity_name,
        participants=tuple(participants),
        gong=GongSignals(
            action_items=tuple(
                item for item in map(parse_action_item, call.gong_action_items) if item is not None
            ),
            call_outcome=(call.gong_call_outcome or "").strip() or None,
        ),
    )


def parse_action_item(item: Any) -> GongActionItem | None:
    """One element of GONG_ACTION_ITEMS (``{snippet, speakerId, startTime, endTime}``, times in seconds as
    staged by ``stage/30_stg_calls.sql``); None for an element with no snippet text."""
    if not isinstance(item, Mapping):
        return None
    snippet = " ".join(str(item.get("snippet") or "").split())
    if not snippet:
        return None
    start = item.get("startTime")
    try:
        start_ms = None if start is None else round(float(start) * 1000)
    except (TypeError, ValueError):
        start_ms = None
    speaker = item.get("speakerId")
    return GongActionItem(
        snippet=snippet,
        speaker_id=None if speaker in (None, "") else str(speaker),
        start_ms=start_ms if start_ms is None or start_ms >= 0 else None,
    )


def has_transcript(segments: Iterable[Segment]) -> bool:
    return any(s.text.strip() for s in segments)


def no_transcript_summary(call: StagedCall) -> str:
    """Summary of a call without transcript text: Gong's own brief when there is one, else a plain notice.

    Such calls are still enriched (summary, call-level embedding, model recorded) rather than skipped, so
    they are searchable by their metadata and are not re-planned every run; their sentiment stays NULL
    because there is nothing to score. When the transcript lands later the call's SOURCE_HASH changes and
    the call is enriched again from the transcript.
    """
    parts = [NO_TRANSCRIPT_SUMMARY]
    if call.title:
        parts.insert(0, f"“{call.title}”.")
    if call.gong_brief and call.gong_brief.strip():
        parts.append(f"Gong brief: {call.gong_brief.strip()}")
    return " ".join(parts)


def call_embedding_text(summary: str, key_topics: Sequence[str]) -> str:
    """The text embedded into AI_MEMORY_EMBEDDING: the summary followed by the key topics."""
    return f"{summary}\nKey topics: {', '.join(key_topics)}" if key_topics else summary


def risk_rows(analysis: CallAnalysis) -> list[dict[str, Any]]:
    """RISK_INDICATORS: an array of ``{type, severity, quote, start_ms, speaker}`` objects."""
    return [
        {
            "type": r.type,
            "severity": r.severity,
            "quote": r.quote,
            "start_ms": r.start_ms,
            "speaker": r.speaker_name,
        }
        for r in analysis.risks
    ]


def entities_object(entities: Entities) -> dict[str, list[str]]:
    """EXTRACTED_ENTITIES: every entity kind present, as a list (empty when none was found)."""
    return {key: list(getattr(entities, key)) for key in ENTITY_KEYS}


def vector_list(vector: np.ndarray) -> list[float]:
    return [float(f"{v:.{_EMBEDDING_DIGITS}g}") for v in vector.tolist()]


def check_vectors(vectors: np.ndarray, expected_rows: int, dim: int) -> str | None:
    """Why an embedding response cannot be matched to its texts (wrong shape), or None when it can.

    Only the response's shape is checked here: with the wrong number of rows or dimensions no vector can
    be attributed to its text. The values of each vector (finite, not all zeros) are checked by the output
    gate (``validate.schemas.explain_vector``), which rejects only the calls whose vectors are bad.
    """
    shape = getattr(vectors, "shape", None)
    if shape is None or len(shape) != 2 or shape[0] != expected_rows or shape[1] != dim:
        return f"embeddings have shape {shape}, expected ({expected_rows}, {dim})"
    return None


def check_analysis(analysis: CallAnalysis, call_id: str, segments: Sequence[Segment]) -> str | None:
    """Why an engine's analysis does not belong to this call, or None when it does.

    Only what the rows written cannot show is checked here: results for another call, for unknown segments,
    or twice for one segment (the rows would silently drop them). The values themselves (sentiment range,
    non-blank summary, risk types, entities) are checked by the output gate's Pandera models.
    """
    if analysis.call_id != call_id:
        return f"analysis is for call {analysis.call_id!r}, not {call_id!r}"
    known = {s.transcript_id for s in segments}
    ids = [r.transcript_id for r in analysis.segments]
    unknown = sorted(set(ids) - known)
    if unknown:
        return f"segment results for unknown transcript ids {unknown[:3]}"
    if len(ids) != len(set(ids)):
        return "more than one result for a segment"
    return None


def json_batches(rows: Sequence[Mapping[str, Any]], max_bytes: int) -> Iterator[str]:
    """Serialise rows as JSON arrays of at most ``max_bytes`` each (a single larger row goes alone).

    Bind values are inlined into the statement text by the connector, and a statement's text is limited
    (1 MB on Snowflake), so large payloads such as embeddings are written in several statements.
    """
    batch: list[str] = []
    size = 2
    for row in rows:
        encoded = json.dumps(row, ensure_ascii=False, default=str, allow_nan=False)
        if batch and size + len(encoded.encode()) + 1 > max_bytes:
            yield "[" + ",".join(batch) + "]"
            batch, size = [], 2
        batch.append(encoded)
        size += len(encoded.encode()) + 1
    if batch:
        yield "[" + ",".join(batch) + "]"


def chunk_rows(
    chunks: Sequence[MemoryChunk],
    vectors: np.ndarray,
    *,
    call_source_hash: str | None,
    embedding_model: str,
    embedding_dim: int,
    created_at: str,
) -> list[dict[str, Any]]:
    """Rows for ``memory/insert_chunks.sql``."""
    return [
        {
            "chunk_id": c.chunk_id,
            "call_id": c.call_id,
            "call_source_hash": call_source_hash,
            "ordinal": c.ordinal,
            "start_ms": c.start_ms,
            "end_ms": c.end_ms,
            "speakers": list(c.speakers),
            "external_speakers": list(c.external_speakers),
            "text": c.text,
            "embedding": vector_list(v),
            "embedding_model": embedding_model,
            "embedding_dim": embedding_dim,
            "created_at": created_at,
        }
        for c, v in zip(chunks, vectors, strict=True)
    ]

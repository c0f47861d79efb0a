"""Split a transcript into retrieval-sized, overlapping passages (``MemoryChunk``) for AI_MEMORY.

Chunks follow speaker turns so that a passage reads like a piece of the conversation. Each turn is rendered
as ``"Speaker: text"``; turns are packed greedily up to ``max_chars`` and each chunk repeats the last
``overlap_segments`` turns of the previous one, so an answer that spans a chunk border is still found whole.
A turn longer than ``max_chars`` (a monologue) is split on sentence boundaries first, and on whitespace only
when a single sentence is itself too long. Every chunk's text is at most ``max_chars`` characters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from include.gong_intel.enrich.records import MemoryChunk, Segment
from include.gong_intel.enrich.text import hard_wrap, split_sentences


@dataclass(frozen=True, slots=True)
class _Turn:
    speaker: str
    external: bool
    start_ms: int
    end_ms: int
    text: str

    @property
    def rendered(self) -> str:
        return f"{self.speaker}: {self.text}"


def chunk_id(call_id: str, ordinal: int, text: str) -> str:
    """Deterministic id of a chunk: SHA-256 over (call_id, ordinal, text), 32 hex characters."""
    digest = hashlib.sha256(f"{call_id}\x1f{ordinal}\x1f{text}".encode()).hexdigest()
    return digest[:32]


def _split_long_turn(segment: Segment, max_chars: int) -> list[_Turn]:
    """Split one segment into turns whose rendered form fits ``max_chars``; times are interpolated by
    character offset because Gong gives times per sentence at best."""
    speaker = segment.speaker_label
    external = segment.affiliation == "External"
    text = " ".join(segment.text.split())
    budget = max_chars - len(speaker) - 2
    if budget < 20:
        raise ValueError(f"max_chars={max_chars} is too small for speaker label {speaker!r}")
    if len(text) <= budget:
        return [_Turn(speaker, external, segment.start_ms, segment.end_ms, text)]

    pieces: list[str] = []
    for span in split_sentences(text):
        pieces.extend(hard_wrap(span.text, budget) if len(span.text) > budget else [span.text])
    # Re-pack sentences so each piece is as large as allowed (fewer, more coherent chunks).
    packed: list[str] = []
    for piece in pieces:
        if packed and len(packed[-1]) + 1 + len(piece) <= budget:
            packed[-1] = f"{packed[-1]} {piece}"
        else:
            packed.append(piece)

    duration = segment.end_ms - segment.start_ms
    total = sum(len(p) for p in packed) or 1
    turns: list[_Turn] = []
    offset = 0
    for piece in packed:
        start = segment.start_ms + duration * offset // total
        offset += len(piece)
        end = segment.start_ms + duration * offset // total
        turns.append(_Turn(speaker, external, start, end, piece))
    return turns


def _make_chunk(call_id: str, ordinal: int, turns: Sequence[_Turn]) -> MemoryChunk:
    text = "\n".join(turn.rendered for turn in turns)
    speakers = tuple(dict.fromkeys(turn.speaker for turn in turns))
    external = tuple(dict.fromkeys(turn.speaker for turn in turns if turn.external))
    return MemoryChunk(
        chunk_id=chunk_id(call_id, ordinal, text),
        call_id=call_id,
        ordinal=ordinal,
        start_ms=turns[0].start_ms,
        end_ms=max(turn.end_ms for turn in turns),
        speakers=speakers,
        external_speakers=external,
        text=text,
    )


def chunk_transcript(
    call_id: str, segments: Sequence[Segment], max_chars: int = 1200, overlap_segments: int = 1
) -> list[MemoryChunk]:
    """Chunk one call's transcript into overlapping passages.

    :param call_id: the call the segments belong to (segments of other calls are rejected).
    :param segments: transcript segments in any order; they are ordered by ``ordinal``. Blank ones are skipped.
    :param max_chars: upper bound for a chunk's text, speaker labels and newlines included.
    :param overlap_segments: turns repeated from the end of one chunk at the start of the next; reduced for a
        chunk when the repeated turns would leave no room for new text.
    :return: chunks with ordinals 0..n-1; ``[]`` for an empty transcript.
    """
    if max_chars < 100:
        raise ValueError("max_chars must be at least 100")
    if overlap_segments < 0:
        raise ValueError("overlap_segments must be >= 0")
    foreign = {s.call_id for s in segments if s.call_id != call_id}
    if foreign:
        raise ValueError(f"chunk_transcript({call_id!r}) got segments of other calls: {sorted(foreign)[:3]}")

    turns: list[_Turn] = []
    for segment in sorted(segments, key=lambda s: (s.ordinal, s.start_ms)):
        if segment.text.strip():
            turns.extend(_split_long_turn(segment, max_chars))
    if not turns:
        return []

    chunks: list[MemoryChunk] = []
    current: list[_Turn] = []
    size = 0
    for turn in turns:
        added = len(turn.rendered) + (1 if current else 0)
        if current and size + added > max_chars:
            chunks.append(_make_chunk(call_id, len(chunks), current))
            carry = current[-overlap_segments:] if overlap_segments else []
            # Drop carried turns from the front until the new turn fits next to them.
            while carry and sum(len(t.rendered) + 1 for t in carry) + len(turn.rendered) > max_chars:
                carry = carry[1:]
            current = list(carry)
            size = sum(len(t.rendered) for t in current) + max(len(current) - 1, 0)
            added = len(turn.rendered) + (1 if current else 0)
        current.append(turn)
        size += added
    # The loop always leaves at least one turn that no emitted chunk contains yet.
    chunks.append(_make_chunk(call_id, len(chunks), current))
    return chunks

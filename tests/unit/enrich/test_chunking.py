"""Invariants of transcript chunking for AI_MEMORY."""

from __future__ import annotations

import re

import pytest

from include.gong_intel.enrich.chunking import chunk_id, chunk_transcript
from include.gong_intel.enrich.records import Segment


def _seg(
    i: int, text: str, speaker: str = "Dana", affiliation: str = "External", start: int = 0, end: int = 0
):
    return Segment(
        f"t{i}", "c1", i, f"s-{speaker}", speaker, affiliation, None, None, start, end or start + 1000, text
    )


def _conversation(n: int) -> list[Segment]:
    speakers = [("Sam Rivera", "Internal"), ("Dana Whitfield", "External")]
    return [
        _seg(
            i,
            f"Turn {i}: " + "we discussed the rollout plan and the pricing tiers in detail. " * (1 + i % 4),
            *speakers[i % 2],
            start=i * 30_000,
            end=i * 30_000 + 29_000,
        )  # fmt: skip
        for i in range(n)
    ]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_every_turn_is_covered_sizes_bounded_and_consecutive_chunks_overlap():
    segments = _conversation(40)
    chunks = chunk_transcript("c1", segments, max_chars=600, overlap_segments=1)
    assert len(chunks) > 5
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert all(len(c.text) <= 600 for c in chunks)
    joined = "\n".join(c.text for c in chunks)
    for segment in segments:
        assert f"{segment.speaker_name}: {segment.text.strip()}" in joined
    for previous, current in zip(chunks, chunks[1:], strict=False):
        assert current.text.split("\n")[0] == previous.text.split("\n")[-1]  # one turn repeated
        assert current.start_ms <= previous.end_ms
    assert chunks[0].speakers == ("Sam Rivera", "Dana Whitfield")
    assert chunks[0].external_speakers == ("Dana Whitfield",)


def test_ids_are_deterministic_and_depend_on_call_ordinal_and_text():
    first = chunk_transcript("c1", _conversation(10), max_chars=500)
    again = chunk_transcript("c1", list(reversed(_conversation(10))), max_chars=500)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)
    assert chunk_id("c1", 0, "x") != chunk_id("c2", 0, "x") != chunk_id("c1", 1, "x")
    assert re.fullmatch(r"[0-9a-f]{32}", first[0].chunk_id)


def test_huge_monologue_is_split_on_sentence_boundaries_with_interpolated_times():
    sentences = [f"Sentence number {i} explains one more detail of our security review." for i in range(200)]
    monologue = _seg(0, " ".join(sentences), start=0, end=600_000)
    chunks = chunk_transcript("c1", [monologue], max_chars=800, overlap_segments=1)
    assert len(chunks) > 10
    assert all(len(c.text) <= 800 for c in chunks)
    for chunk in chunks:
        body = chunk.text.removeprefix("Dana: ")
        assert body.endswith(".")  # pieces end on a sentence boundary
    covered = " ".join(c.text for c in chunks)
    assert all(s in covered for s in sentences)
    assert chunks[0].start_ms == 0 and chunks[-1].end_ms == 600_000
    assert [c.start_ms for c in chunks] == sorted(c.start_ms for c in chunks)


def test_sentence_longer_than_a_chunk_is_wrapped_on_whitespace():
    chunks = chunk_transcript("c1", [_seg(0, "word " * 1000)], max_chars=300, overlap_segments=0)
    assert all(len(c.text) <= 300 for c in chunks)
    assert sum(len(_words(c.text)) - 1 for c in chunks) == 1000  # minus the speaker label per chunk


def test_empty_and_blank_transcripts_give_no_chunks():
    assert chunk_transcript("c1", []) == []
    assert chunk_transcript("c1", [_seg(0, "  \n ")]) == []


def test_without_overlap_turns_are_not_repeated():
    chunks = chunk_transcript("c1", _conversation(30), max_chars=500, overlap_segments=0)
    lines = [line for c in chunks for line in c.text.split("\n")]
    assert len(lines) == 30


def test_invalid_arguments_are_rejected():
    with pytest.raises(ValueError, match="other calls"):
        chunk_transcript("c2", _conversation(2))
    with pytest.raises(ValueError, match="max_chars"):
        chunk_transcript("c1", _conversation(2), max_chars=50)

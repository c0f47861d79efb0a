"""All-or-nothing per call: a call is quarantined whole when any row it owns fails; accounting is per call."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from include.gong_intel.validate import (
    ALL_CHECKS,
    CallPart,
    DataContractError,
    validate_whole_calls,
)
from include.gong_intel.validate.schemas import EnrichedCall, EnrichedSegment, MemoryChunkRow, schema_for
from tests.unit.validate import frames
from tests.unit.validate.frames import DIM
from tests.unit.validate.test_quarantine import _settings

A, B, C = "1001", "1002", "1003"


def _parts(calls, segments, chunks) -> list[CallPart]:
    return [
        CallPart("call", pd.DataFrame(calls), EnrichedCall, "CALL_ID", "STG_GONG_CALLS"),
        CallPart("segment", pd.DataFrame(segments), EnrichedSegment, "TRANSCRIPT_ID"),
        CallPart("chunk", pd.DataFrame(chunks), MemoryChunkRow, "CHUNK_ID"),
    ]


def _good(call_id: str, **call_overrides):
    call = frames.enriched_call(call_id, **call_overrides)
    segments = [
        frames.enriched_segment(f"{call_id}-{i}", CALL_ID=call_id, SEGMENT_ORDINAL=i) for i in range(2)
    ]
    chunks = [frames.memory_chunk(f"k-{call_id}", CALL_ID=call_id, SOURCE_HASH=call["SOURCE_HASH"])]
    return call, segments, chunks


def _validate(parts, **kwargs):
    return validate_whole_calls(
        parts, step="enrich_output", settings=_settings(dq_max_failure_ratio=0.5), run_id="run-1", **kwargs
    )


def test_a_bad_segment_or_chunk_quarantines_its_call_whole_and_the_others_pass():
    a, b, c = _good(A), _good(B), _good(C)
    b[1][1]["SEGMENT_SENTIMENT"] = 1.4
    c[2][0]["EMBEDDING"] = [float("nan")] + frames.vector(DIM - 1)
    c[0]["CALL_SUMMARY"] = " "
    parts = _parts([a[0], b[0], c[0]], a[1] + b[1] + c[1], a[2] + b[2] + c[2])

    outcome = _validate(parts, record_extra={"model_version": "local-1"})

    assert (outcome.rows_in, outcome.rows_passed, outcome.rows_quarantined) == (3, 1, 2)
    assert list(outcome.passed["CALL_ID"]) == [A]
    by_call = {q.record_key: q for q in outcome.quarantined}
    assert by_call[B].check_name == "segment.SEGMENT_SENTIMENT.in_range"
    assert by_call[B].reason == f"segment {B}-1: SEGMENT_SENTIMENT=1.4 not in [-1, 1]"
    assert by_call[B].offending_value == "1.4"
    assert by_call[B].call_source_hash == f"h-{B}" and by_call[B].record["model_version"] == "local-1"
    assert by_call[C].check_name == "call.CALL_SUMMARY.not_blank, chunk.EMBEDDING.embedding_shape"
    assert by_call[C].reason == f"CALL_SUMMARY is blank; chunk k-{C}: EMBEDDING[0]=nan is not finite"
    offending = json.loads(by_call[C].offending_value)
    assert offending[f"call {C}"] == " "
    assert json.loads(offending[f"chunk k-{C}"])[1:] == frames.vector(DIM - 1)
    results = {r.check: (r.failed, r.total, r.sample_keys) for r in outcome.results}
    assert results[ALL_CHECKS] == (2, 3, (B, C))
    assert results["segment.SEGMENT_SENTIMENT.in_range"] == (1, 3, (B,))
    assert results["call.SENTIMENT_SCORE.in_range"] == (0, 3, ())


def test_attempts_get_their_own_quarantine_ids_and_retries_of_one_attempt_the_same():
    call, segments, chunks = _good(A, CALL_SUMMARY="")
    first = _validate(_parts([call], segments, chunks), attempt="a1").quarantined[0]
    again = _validate(_parts([call], segments, chunks), attempt="a1").quarantined[0]
    other = _validate(_parts([call], segments, chunks), attempt="a2").quarantined[0]
    assert first.quarantine_id == again.quarantine_id != other.quarantine_id


def test_checks_owned_upstream_are_skipped_and_reported_by_no_part():
    call, segments, chunks = _good(A)
    word_ids = _parts(
        [{**call, "CALL_ID": "C-1"}],
        [{**s, "CALL_ID": "C-1"} for s in segments],
        [{**k, "CALL_ID": "C-1"} for k in chunks],
    )
    assert _validate(word_ids).rows_quarantined == 1
    outcome = _validate(word_ids, skip_checks=("CALL_ID.str_matches",))
    assert outcome.rows_passed == 1
    assert not any(r.check.endswith("CALL_ID.str_matches") for r in outcome.results)
    with pytest.raises(ValueError, match="no check 'CALL_ID.in_range'"):
        schema_for(EnrichedCall, DIM, ("CALL_ID.in_range",))


def test_rows_without_their_call_or_repeated_calls_are_a_contract_error():
    a, b = _good(A), _good(B)
    with pytest.raises(DataContractError, match="belongs to no call"):
        _validate(_parts([a[0]], a[1] + [{**b[1][0], "SEGMENT_SENTIMENT": 3.0}], a[2]))
    with pytest.raises(DataContractError, match="unique"):
        _validate(_parts([a[0], a[0]], a[1], a[2]))

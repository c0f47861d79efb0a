"""Each model accepts good rows and rejects each kind of bad row with a precise reason."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from include.gong_intel.config import settings_from_mapping
from include.gong_intel.validate import DataContractError, validate_frame
from include.gong_intel.validate.schemas import (
    EnrichedCall,
    EnrichedSegment,
    MemoryChunkRow,
    RawExtensiveCall,
    RawTranscript,
    StagedCall,
    StagedSegment,
    schema_for,
)
from tests.unit.validate import frames
from tests.unit.validate.frames import DIM

SETTINGS = settings_from_mapping({"embedding_dim": DIM})


def _reasons(model, rows, key):
    outcome = validate_frame(
        pd.DataFrame(rows), model, step="test", key_column=key, settings=SETTINGS, run_id="run-1"
    )
    return outcome, {q.record_key: q.reason for q in outcome.quarantined}


@pytest.mark.parametrize(
    ("model", "row", "key"),
    [
        (RawExtensiveCall, frames.raw_extensive_call(), "_AIRBYTE_RAW_ID"),
        (RawTranscript, frames.raw_transcript(), "CALLID"),
        (StagedCall, frames.staged_call(), "CALL_ID"),
        (EnrichedCall, frames.enriched_call(), "CALL_ID"),
        (StagedSegment, frames.staged_segment(), "TRANSCRIPT_ID"),
        (EnrichedSegment, frames.enriched_segment(), "TRANSCRIPT_ID"),
        (MemoryChunkRow, frames.memory_chunk(), "CHUNK_ID"),
    ],
)
def test_good_rows_pass_every_model(model, row, key):
    outcome, reasons = _reasons(model, [row], key)
    assert reasons == {}
    assert outcome.rows_passed == 1


def test_enriched_call_extends_staged_call_and_requires_enrichment():
    assert issubclass(EnrichedCall, StagedCall)
    assert issubclass(EnrichedSegment, StagedSegment)
    # A staged call without enrichment is a good staged row but not a good enriched row.
    not_enriched = {**frames.enriched_call(), "SENTIMENT_SCORE": None, "CALL_SUMMARY": None}
    _, staged = _reasons(StagedCall, [not_enriched], "CALL_ID")
    _, enriched = _reasons(EnrichedCall, [not_enriched], "CALL_ID")
    assert staged == {}
    assert enriched == {
        "7782342274025937895": "SENTIMENT_SCORE is null although the call has a transcript; CALL_SUMMARY is null"
    }


def test_enriched_call_without_transcript_may_have_no_sentiment_but_needs_its_embedding():
    silent = frames.enriched_call("1", HAS_TRANSCRIPT=False, SEGMENT_COUNT=0, SENTIMENT_SCORE=None)
    no_vector = frames.enriched_call(
        "2", HAS_TRANSCRIPT=False, SENTIMENT_SCORE=None, AI_MEMORY_EMBEDDING=None
    )
    zeros = frames.enriched_call("3", AI_MEMORY_EMBEDDING=[0.0] * DIM)
    outcome, reasons = _reasons(EnrichedCall, [silent, no_vector, zeros], "CALL_ID")
    assert list(outcome.passed["CALL_ID"]) == ["1"]
    assert reasons == {"2": "AI_MEMORY_EMBEDDING is null", "3": "AI_MEMORY_EMBEDDING is all zeros"}


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"SENTIMENT_SCORE": 1.7}, "SENTIMENT_SCORE=1.7 not in [-1, 1]"),
        ({"CALL_SUMMARY": "   "}, "CALL_SUMMARY is blank"),
        (
            {"RISK_INDICATORS": [{"type": "weather", "severity": "high"}]},
            "RISK_INDICATORS[0].type='weather' is not a known risk type",
        ),
        (
            {"RISK_INDICATORS": '[{"type": "budget", "severity": "critical"}]'},
            "RISK_INDICATORS[0].severity='critical' is not one of low|medium|high",
        ),
        (
            {"AI_MEMORY_EMBEDDING": frames.vector(DIM + 1)},
            f"AI_MEMORY_EMBEDDING has length {DIM + 1}, expected {DIM}",
        ),
        (
            {"AI_MEMORY_EMBEDDING": [0.5, math.nan] + frames.vector(DIM - 2)},
            "AI_MEMORY_EMBEDDING[1]=nan is not finite",
        ),
        ({"AI_MEMORY_EMBEDDING": "[0.1, Infinity]"}, "AI_MEMORY_EMBEDDING has length 2, expected 8"),
        ({"EMBEDDING_DIM": 1024}, f"EMBEDDING_DIM=1024 is not {DIM}"),
        ({"ENRICHMENT_ENGINE": "gpt"}, "ENRICHMENT_ENGINE='gpt' is not one of ('local', 'cohere')"),
        ({"ENRICHED_SOURCE_HASH": "stale"}, "ENRICHED_SOURCE_HASH='stale' differs from SOURCE_HASH="),
        ({"TALK_RATIO": 1.3}, "TALK_RATIO=1.3 not in [0, 1]"),
        ({"SENTIMENT_SCORE": "very bad"}, "SENTIMENT_SCORE='very bad' is not a valid float64"),
        ({"CALL_ID": "77823A"}, "CALL_ID='77823A' does not match '^\\d{1,20}$'"),
    ],
)
def test_enriched_call_rejects_bad_values_with_precise_reason(overrides, reason):
    outcome, reasons = _reasons(
        EnrichedCall, [frames.enriched_call("1"), frames.enriched_call("2", **overrides)], "CALL_ID"
    )
    assert outcome.rows_passed == 1
    (got,) = reasons.values()
    assert reason in got


def test_missing_call_id_and_duplicate_keys_are_quarantined():
    rows = [
        frames.enriched_call("1"),
        frames.enriched_call("2"),
        frames.enriched_call("2"),
        frames.enriched_call(None),
    ]
    outcome, _ = _reasons(EnrichedCall, rows, "CALL_ID")
    reasons = [q.reason for q in outcome.quarantined]
    assert reasons == ["CALL_ID='2' is duplicated", "CALL_ID='2' is duplicated", "CALL_ID is null"]
    assert [q.record_key for q in outcome.quarantined] == ["2", "2", None]
    assert outcome.passed["CALL_ID"].tolist() == ["1"]


def test_segment_start_after_end_and_unknown_entities_are_rejected():
    rows = [
        frames.enriched_segment("a"),
        frames.enriched_segment("b", START_MS=9000, END_MS=1000),
        frames.enriched_segment("c", EXTRACTED_ENTITIES='{"weapons": ["x"]}'),
        frames.enriched_segment("d", SEGMENT_SENTIMENT=-1.2),
        frames.enriched_segment("e", EXTRACTED_ENTITIES={"people": "Lee"}),
    ]
    _, reasons = _reasons(EnrichedSegment, rows, "TRANSCRIPT_ID")
    assert reasons == {
        "b": "START_MS=9000 > END_MS=1000",
        "c": "EXTRACTED_ENTITIES has unknown keys ['weapons'] (known: people, companies, competitors, products, money, dates)",
        "d": "SEGMENT_SENTIMENT=-1.2 not in [-1, 1]",
        "e": "EXTRACTED_ENTITIES.people is not a list of strings: 'Lee'",
    }


def test_staged_segment_rejects_blank_text_and_unknown_affiliation():
    rows = [
        frames.staged_segment("a", TRANSCRIPT_TEXT=" "),
        frames.staged_segment("b", SPEAKER_AFFILIATION="Partner"),
    ]
    _, reasons = _reasons(StagedSegment, rows, "TRANSCRIPT_ID")
    assert reasons == {
        "a": "TRANSCRIPT_TEXT is blank",
        "b": "SPEAKER_AFFILIATION='Partner' is not one of ('Internal', 'External', 'Unknown')",
    }


def test_memory_chunk_rejects_empty_text_bad_range_missing_model_and_duplicate_id():
    rows = [
        frames.memory_chunk("a", CHUNK_TEXT=""),
        frames.memory_chunk("b", START_MS=5000, END_MS=10),
        frames.memory_chunk("c", EMBEDDING_MODEL=None),
        frames.memory_chunk("d", EMBEDDING=frames.vector(3)),
        frames.memory_chunk("e"),
        frames.memory_chunk("e"),
    ]
    _, reasons = _reasons(MemoryChunkRow, rows, "CHUNK_ID")
    assert reasons == {
        "a": "CHUNK_TEXT is blank",
        "b": "START_MS=5000 > END_MS=10",
        "c": "EMBEDDING_MODEL is null",
        "d": f"EMBEDDING has length 3, expected {DIM}",
        "e": "CHUNK_ID='e' is duplicated",
    }


def test_raw_models_check_ids_and_transcript_shape():
    _, reasons = _reasons(
        RawExtensiveCall,
        [
            frames.raw_extensive_call("1"),
            # An integer id is keyed by the stage as the same digits (METADATA:id::STRING): accepted.
            frames.raw_extensive_call("2", METADATA='{"id": 2}'),
            frames.raw_extensive_call("3", METADATA='{"id": "C-3"}'),
            frames.raw_extensive_call("4", METADATA='{"id": -4}'),
            frames.raw_extensive_call("5", METADATA='{"id": true}'),
        ],
        "_AIRBYTE_RAW_ID",
    )
    assert reasons == {
        "raw-3": "METADATA id='C-3' is not a string of digits",
        "raw-4": "METADATA id='-4' is not a string of digits",
        "raw-5": "METADATA id=True is not a string of digits",
    }
    _, reasons = _reasons(
        RawTranscript,
        [frames.raw_transcript("1", TRANSCRIPT=[{"sentences": [{"start": 50, "end": 10, "text": "x"}]}])],
        "CALLID",
    )
    assert reasons == {"1": "TRANSCRIPT[0].sentences[0] start=50 > end=10"}


def test_raw_timestamps_are_normalised_to_utc():
    outcome, _ = _reasons(RawExtensiveCall, [frames.raw_extensive_call()], "_AIRBYTE_RAW_ID")
    assert outcome.passed["STARTDATETIME"].iloc[0] == pd.Timestamp("2026-11-02T15:00:00Z")


def test_embedding_dimension_comes_from_settings():
    schema = schema_for(MemoryChunkRow, 1024)
    assert [c.name for c in schema.columns["EMBEDDING"].checks] == ["embedding_shape"]
    with pytest.raises(ValueError, match="positive"):
        schema_for(MemoryChunkRow, 0)


def test_unknown_or_missing_columns_are_a_contract_error_not_bad_rows():
    with pytest.raises(DataContractError, match="column_in_schema"):
        _reasons(StagedCall, [{**frames.staged_call(), "CALL_IDD": "1"}], "CALL_ID")
    row = frames.staged_call()
    del row["SOURCE_HASH"]
    with pytest.raises(DataContractError, match="SOURCE_HASH"):
        _reasons(StagedCall, [row], "CALL_ID")

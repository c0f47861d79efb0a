"""Accounting (rows in = passed + quarantined), quarantine records, DQ results and the failure threshold."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from include.gong_intel.alerts.messages import build_dq_message
from include.gong_intel.config import settings_from_mapping
from include.gong_intel.validate import (
    ALL_CHECKS,
    DataQualityError,
    combine_outcomes,
    json_safe,
    raise_if_over_threshold,
    validate_frame,
)
from include.gong_intel.validate.outcomes import DQResult
from include.gong_intel.validate.schemas import EnrichedCall, StagedSegment
from tests.unit.validate import frames
from tests.unit.validate.frames import DIM


def _settings(**overrides):
    return settings_from_mapping({"embedding_dim": DIM, **overrides})


def _mixed_frame() -> pd.DataFrame:
    rows = [
        frames.enriched_call("1"),
        frames.enriched_call("2", SENTIMENT_SCORE=1.7, CALL_SUMMARY=""),  # two checks
        frames.enriched_call("3"),
        frames.enriched_call("4", AI_MEMORY_EMBEDDING=frames.vector(DIM - 1)),
        frames.enriched_call("5", SENTIMENT_SCORE="n/a", RISK_INDICATORS=[{"type": "x", "severity": "high"}]),
        frames.enriched_call("6"),
    ]
    return pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))])


def _validate(df, settings=None, step="enrich_calls"):
    return validate_frame(
        df,
        EnrichedCall,
        step=step,
        key_column="CALL_ID",
        settings=settings or _settings(),
        run_id="scheduled__2026-11-03",
        source_table="DB.STG_TRANSFORMED.STG_GONG_CALLS",
    )


def test_rows_in_equals_passed_plus_quarantined_and_each_bad_row_is_quarantined_once():
    outcome = _validate(_mixed_frame())
    assert (outcome.rows_in, outcome.rows_passed, outcome.rows_quarantined) == (6, 3, 3)
    assert [q.record_key for q in outcome.quarantined] == ["2", "4", "5"]
    # Passed rows keep the caller's index labels, so they can be joined back.
    assert outcome.passed.index.tolist() == ["r0", "r2", "r5"]
    assert outcome.passed["SENTIMENT_SCORE"].dtype == "float64"


def test_a_row_failing_two_checks_lists_both_in_one_record():
    by_key = {q.record_key: q for q in _validate(_mixed_frame()).quarantined}
    two = by_key["2"]
    assert two.check_name == "SENTIMENT_SCORE.in_range, CALL_SUMMARY.not_blank"
    assert two.reason == "SENTIMENT_SCORE=1.7 not in [-1, 1]; CALL_SUMMARY is blank"
    assert json.loads(two.offending_value) == {"SENTIMENT_SCORE.in_range": 1.7, "CALL_SUMMARY.not_blank": ""}
    # An unreadable value does not hide the row's other failures.
    five = by_key["5"]
    assert five.check_name == "SENTIMENT_SCORE.dtype, RISK_INDICATORS.risk_items"
    assert five.reason.startswith("SENTIMENT_SCORE='n/a' is not a valid float64; RISK_INDICATORS[0].type='x'")


def test_quarantine_record_matches_the_quarantine_table():
    record = {q.record_key: q for q in _validate(_mixed_frame()).quarantined}["4"]
    row = record.as_row()
    assert list(row) == [
        "QUARANTINE_ID",
        "RUN_ID",
        "STEP",
        "SOURCE_TABLE",
        "RECORD_KEY",
        "CALL_ID",
        "CALL_SOURCE_HASH",
        "CHECK_NAME",
        "REASON",
        "OFFENDING_VALUE",
        "RECORD",
        "QUARANTINED_AT",
    ]
    assert row["STEP"] == "enrich_calls"
    assert row["CALL_ID"] == "4" and row["CALL_SOURCE_HASH"] == "h-4"
    assert row["REASON"] == f"AI_MEMORY_EMBEDDING has length {DIM - 1}, expected {DIM}"
    assert row["RECORD"]["CALL_ID"] == "4"
    json.dumps(row["RECORD"], allow_nan=False)  # JSON-safe: would raise on NaN or timestamps
    # Deterministic ids: a retried task rewrites the same rows.
    again = {q.record_key: q for q in _validate(_mixed_frame()).quarantined}["4"]
    assert again.quarantine_id == record.quarantine_id


def test_dq_results_cover_every_check_and_count_failed_rows():
    outcome = _validate(_mixed_frame())
    results = {r.check: r for r in outcome.results}
    assert results["SENTIMENT_SCORE.in_range"].failed == 1
    assert results["CALL_SUMMARY.not_blank"].failed == 1
    assert results["CALL_ID.unique"].failed == 0  # checks that passed are reported too
    assert results[ALL_CHECKS] == DQResult(
        step="enrich_calls", check=ALL_CHECKS, failed=3, total=6, sample_keys=("2", "4", "5"), threshold=0.2
    )
    assert {r.check for r in outcome.failed_checks} == {
        "SENTIMENT_SCORE.in_range",
        "CALL_SUMMARY.not_blank",
        "AI_MEMORY_EMBEDDING.embedding_shape",
        "SENTIMENT_SCORE.dtype",
        "RISK_INDICATORS.risk_items",
    }
    # The results feed the Slack DQ message unchanged.
    message = build_dq_message(list(outcome.results))
    assert "enrich_calls" in message.text and "all_checks: 3/6" in message.text


def test_threshold_raises_with_checks_and_counts_only_when_exceeded():
    outcome = _validate(_mixed_frame())  # 3 of 6 = 50%
    with pytest.raises(DataQualityError) as info:
        raise_if_over_threshold(outcome, _settings())
    message = str(info.value)
    assert "enrich_calls: 3 of 6 rows quarantined (50.0% > 20.0%)" in message
    assert (
        "SENTIMENT_SCORE.in_range: 1/6" in message and "AI_MEMORY_EMBEDDING.embedding_shape: 1/6" in message
    )
    assert info.value.results == outcome.results

    raise_if_over_threshold(outcome, _settings(dq_max_failure_ratio=0.5))  # exactly at the limit: allowed
    good = _validate(pd.DataFrame([frames.enriched_call("1")]))
    raise_if_over_threshold([good, _validate(pd.DataFrame(columns=list(good.passed.columns)))], _settings())


def test_empty_frame_validates_to_an_empty_outcome():
    columns = list(frames.enriched_call())
    outcome = _validate(pd.DataFrame(columns=columns))
    assert (outcome.rows_in, outcome.rows_passed, outcome.rows_quarantined) == (0, 0, 0)
    assert {r.check: r.failed for r in outcome.results}[ALL_CHECKS] == 0


def test_combine_outcomes_sums_batches():
    first = _validate(_mixed_frame())
    second = _validate(pd.DataFrame([frames.enriched_call("9"), frames.enriched_call("10", CALL_SUMMARY="")]))
    both = combine_outcomes([first, second])
    assert (both.rows_in, both.rows_passed, both.rows_quarantined) == (8, 4, 4)
    results = {r.check: r for r in both.results}
    assert (results["CALL_SUMMARY.not_blank"].failed, results["CALL_SUMMARY.not_blank"].total) == (2, 8)
    with pytest.raises(ValueError, match="one step"):
        combine_outcomes([first, _validate(_mixed_frame(), step="other")])


def test_segments_take_the_call_hash_from_the_mapping():
    outcome = validate_frame(
        pd.DataFrame([frames.staged_segment("a", START_MS=10, END_MS=1)]),
        StagedSegment,
        step="validate_staged_segments",
        key_column="TRANSCRIPT_ID",
        settings=_settings(),
        run_id="r",
        call_source_hashes={"7782342274025937895": "call-hash"},
    )
    (record,) = outcome.quarantined
    assert (record.call_id, record.call_source_hash, record.record_key) == (
        "7782342274025937895",
        "call-hash",
        "a",
    )


def test_json_safe_handles_warehouse_and_numpy_values():
    import numpy as np

    value = {
        "ts": pd.Timestamp("2026-11-03 01:00:00"),
        "nat": pd.NaT,
        "na": pd.NA,
        "nan": float("nan"),
        "inf": float("inf"),
        "np": np.int64(3),
        "vec": np.array([0.5, 1.5]),
    }
    assert json_safe(value) == {
        "ts": "2026-11-03T01:00:00",
        "nat": None,
        "na": None,
        "nan": None,
        "inf": "inf",
        "np": 3,
        "vec": [0.5, 1.5],
    }


def test_an_unreadable_value_in_a_nullable_column_quarantines_its_row_and_only_there():
    from include.gong_intel.validate.schemas import RawTranscript

    rows = [frames.raw_transcript("1"), frames.raw_transcript("2", STARTED="yesterday-ish")]
    outcome = validate_frame(
        pd.DataFrame(rows), RawTranscript, step="raw", key_column="CALLID", settings=_settings(), run_id="r"
    )
    assert (outcome.rows_in, outcome.rows_passed, outcome.rows_quarantined) == (2, 1, 1)
    assert list(outcome.passed["CALLID"]) == ["1"]
    assert outcome.quarantined[0].reason == "STARTED='yesterday-ish' is not a valid datetime64[ns, UTC]"


def test_timestamps_read_as_text_parse_whatever_their_mix_of_formats():
    from include.gong_intel.validate import parse_text_timestamps
    from include.gong_intel.validate.schemas import RawTranscript

    # As rendered by the warehouse: fractional seconds only when there are some, offsets as +00 or -0500.
    texts = ["2026-11-03 05:10:00+00", "2026-11-03 05:10:00.25+00", "2026-11-03 00:10:00.000 -0500", "soon"]
    rows = [
        frames.raw_transcript(str(i), _AIRBYTE_EXTRACTED_AT=texts[1], STARTED=t) for i, t in enumerate(texts)
    ]
    frame = parse_text_timestamps(pd.DataFrame(rows), RawTranscript)
    outcome = validate_frame(
        frame, RawTranscript, step="raw", key_column="CALLID", settings=_settings(), run_id="r"
    )
    assert list(outcome.passed["STARTED"]) == [
        pd.Timestamp("2026-11-03 05:10:00Z"),
        pd.Timestamp("2026-11-03 05:10:00.25Z"),
        pd.Timestamp("2026-11-03 05:10:00Z"),
    ]
    assert [q.record_key for q in outcome.quarantined] == ["3"]

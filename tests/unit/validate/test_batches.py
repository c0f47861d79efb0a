"""Validation in batches: the batch-size setting, outcomes that keep counts but no rows, merged DQ results,
and positions that do not depend on how a read was cut."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from include.gong_intel.config import Settings, settings_from_mapping
from include.gong_intel.validate import (
    ALL_CHECKS,
    CallBatch,
    ValidationOutcome,
    combine_outcomes,
    merge_results,
    raise_if_over_threshold,
    validate_frame,
)
from include.gong_intel.validate.schemas import StagedSegment
from tests.unit.validate import frames


def test_batch_size_setting_defaults_to_500_and_rejects_non_positive_or_non_integer_values():
    assert Settings().validate_batch_calls == 500
    assert settings_from_mapping({"validate_batch_calls": 40}).validate_batch_calls == 40
    for bad in (0, -3, 2.5, "100", True):
        with pytest.raises(ValueError, match="validate_batch_calls"):
            settings_from_mapping({"validate_batch_calls": bad})


def _segments(rows: list[dict], *, offset: int = 0) -> ValidationOutcome:
    return validate_frame(
        pd.DataFrame(rows),
        StagedSegment,
        step="validate_staged_segments",
        key_column="TRANSCRIPT_ID",
        settings=settings_from_mapping({}),
        run_id="run-1",
        source_table="T",
        position_offset=offset,
    )


def _window() -> list[dict]:
    return [
        frames.staged_segment("1-0001", CALL_ID="1"),
        frames.staged_segment("", CALL_ID="1", SEGMENT_ORDINAL=2),  # no key: named by its position
        frames.staged_segment("2-0001", CALL_ID="2", START_MS=900, END_MS=1),
        frames.staged_segment("3-0001", CALL_ID="3"),
        frames.staged_segment(None, CALL_ID="3", SEGMENT_ORDINAL=2),
    ]


def test_two_batches_with_offsets_report_what_one_read_reports():
    rows = _window()
    whole = _segments(rows)
    first, second = _segments(rows[:2]), _segments(rows[2:], offset=2)
    both = combine_outcomes([first, second])

    assert [q.quarantine_id for q in both.quarantined] == [q.quarantine_id for q in whole.quarantined]
    assert both.results == whole.results
    samples = {r.check: r.sample_keys for r in both.results}
    assert samples["TRANSCRIPT_ID.str_length"] == ("row 1",)
    assert samples["TRANSCRIPT_ID.not_null"] == ("row 4",)
    assert samples[ALL_CHECKS] == ("row 1", "2-0001", "row 4")
    # Without the offset the second batch's key-less row would be "row 2" and get another id.
    unshifted = combine_outcomes([first, _segments(rows[2:])])
    assert {r.check: r.sample_keys for r in unshifted.results}[ALL_CHECKS] == ("row 1", "2-0001", "row 2")
    assert unshifted.quarantined[-1].quarantine_id != whole.quarantined[-1].quarantine_id


def test_merge_results_sums_per_check_and_keeps_the_summary_last():
    dtype_failure = _segments([frames.staged_segment("9-0001", CALL_ID="9", START_MS="soon")])
    clean = _segments([frames.staged_segment("8-0001", CALL_ID="8")])
    merged = merge_results([clean.results, dtype_failure.results])
    assert merged[-1].check == ALL_CHECKS
    by_check = {r.check: (r.failed, r.total) for r in merged}
    assert by_check["START_MS.dtype"] == (1, 1)  # only in the second batch's results
    assert by_check[ALL_CHECKS] == (1, 2)
    assert by_check["START_MS.not_null"] == (0, 2)


def test_an_outcome_without_its_rows_keeps_exact_counts_and_the_accounting_check():
    kept = _segments(_window())
    summed = replace(kept, passed=kept.passed.iloc[0:0], rows_retained=False)
    assert (summed.rows_in, summed.rows_passed, summed.rows_quarantined) == (5, 2, 3)
    assert list(summed.passed.columns) == list(kept.passed.columns)
    with pytest.raises(AssertionError, match="counts do not match"):
        replace(kept, rows_retained=False)  # rows said not kept, but there they are
    with pytest.raises(AssertionError, match="rows_in"):
        replace(summed, rows_passed=3)
    # Combining with an outcome that kept none keeps none; counts still add up.
    both = combine_outcomes([kept, summed])
    assert (both.rows_in, both.rows_passed, len(both.passed), both.rows_retained) == (10, 4, 0, False)
    # The threshold is judged on the summed counts: 6 of 10 quarantined.
    with pytest.raises(Exception, match="6 of 10 rows quarantined"):
        raise_if_over_threshold(both, settings_from_mapping({}))


def test_call_batch_binds_its_bounds_and_the_default_is_the_whole_window():
    assert CallBatch().params() == {"after_call_id": None, "upto_call_id": None}
    assert CallBatch("100", "400").params() == {"after_call_id": "100", "upto_call_id": "400"}

"""Quarantine and DQ rows written to the emulator and read back; staged validation of hand-inserted rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd

from include.gong_intel.validate import (
    ALL_CHECKS,
    read_staged,
    validate_frame,
    validate_staged,
    write_dq_results,
    write_quarantine,
)
from include.gong_intel.validate.schemas import EnrichedCall, StagedCall
from tests.integration.quarantine_reads import excluded_call_ids
from tests.unit.validate import frames

ARRAYS = ["INTERNAL_PARTICIPANTS", "EXTERNAL_PARTICIPANTS", "RISK_INDICATORS", "KEY_TOPICS"]


def test_quarantine_and_dq_results_round_trip_and_retries_do_not_duplicate(settings_factory):
    from include.gong_intel.warehouse.hook import WarehouseHook

    settings = settings_factory(embedding_dim=frames.DIM)
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    df = pd.DataFrame(
        [frames.enriched_call("1"), frames.enriched_call("2", SENTIMENT_SCORE=1.7, CALL_SUMMARY="")]
    )
    outcome = validate_frame(
        df, EnrichedCall, step="enrich_calls", key_column="CALL_ID", settings=settings, run_id="run-1"
    )
    for _ in range(2):  # a retried task writes the same rows again
        assert write_quarantine(hook, settings, outcome.quarantined) == 1
        assert write_dq_results(hook, settings, "run-1", outcome.results) == len(outcome.results)

    t = settings.tables
    rows = hook.get_records(
        f"SELECT RECORD_KEY, CALL_ID, CALL_SOURCE_HASH, CHECK_NAME, REASON, OFFENDING_VALUE, "
        f"RECORD:CALL_SUMMARY::string, RECORD:SENTIMENT_SCORE::float FROM {t.quarantine}"
    )
    assert rows == [
        (
            "2",
            "2",
            "h-2",
            "SENTIMENT_SCORE.in_range, CALL_SUMMARY.not_blank",
            "SENTIMENT_SCORE=1.7 not in [-1, 1]; CALL_SUMMARY is blank",
            json.dumps({"SENTIMENT_SCORE.in_range": 1.7, "CALL_SUMMARY.not_blank": ""}),
            "",
            1.7,
        )
    ]
    dq = hook.get_records(
        f"SELECT CHECK_NAME, FAILED_ROWS, TOTAL_ROWS, FAILURE_RATIO, THRESHOLD, PASSED, SAMPLE_KEYS "
        f"FROM {t.dq_results} WHERE FAILED_ROWS > 0 ORDER BY CHECK_NAME"
    )
    assert [(c, f, n, r, th, p, json.loads(k)) for c, f, n, r, th, p, k in dq] == [
        ("CALL_SUMMARY.not_blank", 1, 2, 0.5, 0.2, False, ["2"]),
        ("SENTIMENT_SCORE.in_range", 1, 2, 0.5, 0.2, False, ["2"]),
        (ALL_CHECKS, 1, 2, 0.5, 0.2, False, ["2"]),
    ]
    assert hook.get_records(f"SELECT COUNT(*) FROM {t.dq_results}") == [(len(outcome.results),)]


def _insert_staged(hook, settings):
    t = settings.tables
    calls = [
        frames.staged_call("100"),
        frames.staged_call("200", TALK_RATIO=4.2),
        frames.staged_call("300", CALL_DATETIME_UTC="2026-10-01 09:00:00"),  # outside the window
        frames.staged_call("400"),
    ]
    hook.insert_records(t.stg_calls, [{c: r.get(c) for c in calls[0]} for r in calls], ARRAYS)
    segments = [
        frames.staged_segment("100-1", CALL_ID="100"),
        frames.staged_segment("100-2", CALL_ID="100", SEGMENT_ORDINAL=2),
        frames.staged_segment("400-1", CALL_ID="400", START_MS=7000, END_MS=10),
    ]
    hook.insert_records(t.stg_transcripts, segments, [])


def test_validate_staged_quarantines_bad_rows_and_excludes_their_calls_from_enrichment(warehouse):
    settings = warehouse.settings
    _insert_staged(warehouse, settings)
    start, end = datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC)

    calls, segments = validate_staged(warehouse, settings, "run-7", start, end)

    assert (calls.rows_in, calls.rows_passed, calls.rows_quarantined) == (3, 2, 1)
    assert calls.quarantined[0].reason == "TALK_RATIO=4.2 not in [0, 1]"
    assert (segments.rows_in, segments.rows_passed, segments.rows_quarantined) == (3, 2, 1)
    assert segments.quarantined[0].reason == "START_MS=7000 > END_MS=10"
    # The step keeps counts, not rows; the rows as read: timestamps read as text come back typed, and
    # NULLs stay NULL (not 1970).
    assert calls.passed.empty and not calls.rows_retained
    read = validate_frame(
        read_staged(warehouse, settings, StagedCall, "monitor/staged_calls.sql", start, end),
        StagedCall,
        step="read",
        key_column="CALL_ID",
        settings=settings,
        run_id=None,
    ).passed
    assert read["CALL_ID"].tolist() == ["100", "400"]
    assert str(read["CALL_DATETIME_UTC"].dtype).startswith("datetime64")
    assert read["SCHEDULED_DATETIME_UTC"].isna().all()

    assert excluded_call_ids(warehouse, settings) == {"200", "400"}
    assert excluded_call_ids(warehouse, settings, ["100", "200"]) == {"200"}
    # A corrected call (new SOURCE_HASH) is enriched again without clearing the quarantine.
    warehouse.run(f"UPDATE {settings.tables.stg_calls} SET SOURCE_HASH = 'h-400-v2' WHERE CALL_ID = '400'")
    assert excluded_call_ids(warehouse, settings) == {"200"}

    quarantined = warehouse.get_records(
        f"SELECT STEP, RECORD_KEY FROM {settings.tables.quarantine} ORDER BY STEP"
    )
    assert quarantined == [("validate_staged_calls", "200"), ("validate_staged_segments", "400-1")]


def test_validate_staged_includes_rows_loaded_since(warehouse):
    settings = warehouse.settings
    _insert_staged(warehouse, settings)
    start, end = datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC)
    calls, _ = validate_staged(
        warehouse, settings, "run-8", start, end, loaded_since=datetime(2026, 11, 3, tzinfo=UTC)
    )
    # Call 300 started outside the window but was (re)loaded by this run's transform.
    assert calls.rows_in == 4

"""The raw hand-off: RAW_AIRBYTE rows the transform will stage, checked with RawExtensiveCall/RawTranscript."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from include.gong_intel.gong.loader import STREAMS, to_airbyte_rows
from include.gong_intel.transform import run_stage
from include.gong_intel.validate import (
    ALL_CHECKS,
    RAW_STEPS,
    DataQualityError,
    raise_if_over_threshold,
    validate_raw,
)
from tests.unit.gong.gong_fixtures import make_call, make_transcript

pytestmark = pytest.mark.integration

START = datetime(2026, 3, 2, tzinfo=UTC)
END = START + timedelta(days=1)
EXTRACTED = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
GOOD, WORD, OUTSIDE, NO_ID = 1, 2, 30, 4
WORD_ID = "call-2"


def _land(hook, stream: str, records: list[dict], *, word_id_at: int | None = None) -> None:
    layout = STREAMS[stream]
    table = {"extensiveCalls": hook.settings.tables.raw_extensive_calls}.get(
        stream, hook.settings.tables.raw_call_transcripts
    )
    rows = to_airbyte_rows(stream, records, extracted_at=EXTRACTED, sync_id=1)
    if word_id_at is not None:
        # A connector that types ID as text lands a word id without a typing error (the stage's check):
        # only the id's format is wrong.
        rows[word_id_at]["METADATA"]["id"] = WORD_ID
        rows[word_id_at]["ID"] = None
    hook.insert_records(table, rows, layout.variant_columns)


def _transcript(n: int, monologues: list[dict], call_id: str | None = None) -> dict:
    return {
        "callId": call_id or make_call(n)["metaData"]["id"],
        "started": make_call(n)["metaData"]["started"],
        "transcript": monologues,
    }


def _mark_stage_watermark(hook) -> None:
    """As after a successful stage run: rows landed up to EXTRACTED are no longer "late"."""
    hook.insert_records(
        hook.settings.tables.watermarks,
        [
            {"PIPELINE": "stage", "NAME": name, "VALUE_TS": EXTRACTED.replace(tzinfo=None).isoformat(sep=" ")}
            for name in ("extensivecalls_extracted_at", "calltranscripts_extracted_at")
        ],
    )


@pytest.fixture
def landed(warehouse):
    word, no_id = make_call(WORD), make_call(NO_ID)
    del no_id["metaData"]["id"]  # the stage's own check (missing_call_id): not read here
    outside = make_call(OUTSIDE)  # starts on 2026-03-03 06:00, after the window
    _land(warehouse, "extensiveCalls", [make_call(GOOD), word, no_id, outside], word_id_at=1)
    reversed_turn = [
        {"speakerId": "s1", "topic": None, "sentences": [{"start": 5000, "end": 100, "text": "Hi"}]}
    ]
    no_number = [
        {"speakerId": "s1", "topic": None, "sentences": [{"start": "0:05", "end": 900, "text": "Hi"}]}
    ]
    _land(
        warehouse,
        "callTranscripts",
        [
            _transcript(GOOD, make_transcript(GOOD)),
            _transcript(3, reversed_turn),
            _transcript(5, no_number),
            _transcript(6, make_transcript(6), call_id="call-6"),
        ],
    )
    _mark_stage_watermark(warehouse)
    return warehouse


def test_raw_rows_with_bad_ids_or_timestamps_are_quarantined_with_a_reason(landed):
    settings = landed.settings

    calls, transcripts = validate_raw(landed, settings, "run-raw", START, END)

    assert (calls.rows_in, calls.rows_passed, calls.rows_quarantined) == (2, 1, 1)
    assert (transcripts.rows_in, transcripts.rows_passed, transcripts.rows_quarantined) == (4, 1, 3)
    rows = landed.get_records(
        f"SELECT STEP, CALL_ID, CHECK_NAME, REASON, OFFENDING_VALUE, RECORD:_AIRBYTE_RAW_ID::STRING = RECORD_KEY "
        f"FROM {settings.tables.quarantine} ORDER BY STEP, CALL_ID"
    )
    good_id = make_call(GOOD)["metaData"]["id"]
    assert [r[:4] for r in rows] == [
        (
            "validate_raw_calls",
            WORD_ID,
            "METADATA.metadata_id",
            f"METADATA id='{WORD_ID}' is not a string of digits",
        ),
        (
            "validate_raw_transcripts",
            make_call(3)["metaData"]["id"],
            "TRANSCRIPT.monologues",
            "TRANSCRIPT[0].sentences[0] start=5000 > end=100",
        ),
        (
            "validate_raw_transcripts",
            make_call(5)["metaData"]["id"],
            "TRANSCRIPT.monologues",
            "TRANSCRIPT[0].sentences[0] start/end are not numbers ('0:05', 900)",
        ),
        (
            "validate_raw_transcripts",
            "call-6",
            "CALLID.str_matches",
            "CALLID='call-6' does not match '^\\d{1,20}$'",
        ),
    ]
    assert json.loads(rows[0][4])["id"] == WORD_ID  # the offending METADATA object itself
    assert all(r[5] for r in rows)  # keyed by the raw row id, which the stage can skip on
    assert good_id not in {r[1] for r in rows}

    dq = {
        (step, check): (failed, total)
        for step, check, failed, total in landed.get_records(
            f"SELECT STEP, CHECK_NAME, FAILED_ROWS, TOTAL_ROWS FROM {settings.tables.dq_results} "
            f"WHERE RUN_ID = 'run-raw'"
        )
    }
    assert dq[("validate_raw_calls", ALL_CHECKS)] == (1, 2)
    assert dq[("validate_raw_transcripts", "TRANSCRIPT.monologues")] == (2, 4)
    assert dq[("validate_raw_transcripts", "CALLID.str_matches")] == (1, 4)
    with pytest.raises(DataQualityError, match="validate_raw_transcripts: 3 of 4 rows quarantined"):
        raise_if_over_threshold([calls, transcripts], settings)

    # The clause the stage files use to skip what this step quarantined.
    from include.gong_intel.warehouse.sql import _jinja_env, template_context

    sql = (
        _jinja_env()
        .from_string(
            "{% from 'validate/macros.jinja' import not_quarantined_raw with context %}"
            "SELECT raw.CALLID FROM {{ t.raw_call_transcripts }} AS raw "
            "WHERE {{ not_quarantined_raw('raw') }} ORDER BY 1"
        )
        .render(**template_context(settings, emulator=landed.is_emulator))
    )
    assert landed.get_records(sql) == [(good_id,)]


def test_rows_landed_since_are_included_and_re_validation_does_not_duplicate(landed):
    settings = landed.settings
    validate_raw(landed, settings, "run-1", START, END)
    calls, _ = validate_raw(
        landed, settings, "run-2", START, END, loaded_since=EXTRACTED - timedelta(hours=1)
    )

    # The call outside the window was landed by this run's ingest: it is checked too.
    assert calls.rows_in == 3 and calls.rows_passed == 2
    quarantined = landed.get_records(
        f"SELECT STEP, COUNT(*) FROM {settings.tables.quarantine} GROUP BY STEP ORDER BY STEP"
    )
    assert quarantined == [("validate_raw_calls", 1), ("validate_raw_transcripts", 3)]


def test_the_stage_keeps_its_own_checks_and_no_row_is_quarantined_twice(warehouse):
    no_id = make_call(NO_ID)
    del no_id["metaData"]["id"]
    _land(warehouse, "extensiveCalls", [make_call(GOOD), no_id])
    settings = warehouse.settings

    outcomes = validate_raw(warehouse, settings, "run-s", START, END)
    run_stage(warehouse, settings, interval_start=START, interval_end=END, run_id="run-s")

    assert [(o.step, o.rows_in, o.rows_quarantined) for o in outcomes] == [
        (RAW_STEPS[0], 1, 0),
        (RAW_STEPS[1], 0, 0),
    ]
    assert warehouse.get_records(f"SELECT STEP, CHECK_NAME FROM {settings.tables.quarantine}") == [
        ("stage", "missing_call_id")
    ]


def test_the_stage_skips_what_the_raw_checks_quarantined(landed):
    settings = landed.settings
    validate_raw(landed, settings, "run-skip", START, END)
    run_stage(landed, settings, interval_start=START, interval_end=END, run_id="run-skip")

    good_id = make_call(GOOD)["metaData"]["id"]
    # The word-id call passed the stage's own checks (it has an id and a start) but not the raw checks.
    assert landed.get_records(f"SELECT CALL_ID, HAS_TRANSCRIPT FROM {settings.tables.stg_calls}") == [
        (good_id, True)
    ]
    staged_calls = {
        r[0] for r in landed.get_records(f"SELECT CALL_ID FROM {settings.tables.stg_transcripts}")
    }
    assert staged_calls == {good_id}
    # Each bad raw row is quarantined once, by the layer that owns its check.
    quarantined = landed.get_records(
        f"SELECT STEP, CALL_ID FROM {settings.tables.quarantine} WHERE CALL_ID = '{WORD_ID}'"
    )
    assert quarantined == [("validate_raw_calls", WORD_ID)]

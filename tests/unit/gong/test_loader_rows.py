"""to_airbyte_rows: the exact Airbyte Direct-Load layout, typing and NULLED change entries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from include.gong_intel.gong.loader import (
    METADATA_COLUMNS,
    SERIALIZATION_ERROR,
    STREAMS,
    fingerprint,
    to_airbyte_rows,
)
from tests.unit.gong.gong_fixtures import make_call, make_transcript, make_user

EXTRACTED = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def test_extensive_call_row_has_direct_load_columns_and_types():
    call = make_call(1)
    [row] = to_airbyte_rows("extensiveCalls", [call], extracted_at=EXTRACTED, sync_id=42, generation_id=3)

    assert list(row) == [
        *METADATA_COLUMNS,
        "ID",
        "STARTDATETIME",
        "METADATA",
        "PARTIES",
        "CONTENT",
        "INTERACTION",
        "CONTEXT",
        "MEDIA",
        "COLLABORATION",
    ]
    assert row["ID"] == 8000000000000000001
    assert row["STARTDATETIME"] == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert row["METADATA"] == call["metaData"]
    assert row["PARTIES"] == call["parties"]
    assert row["CONTEXT"][0]["system"] == "Salesforce"
    assert row["_AIRBYTE_EXTRACTED_AT"] == EXTRACTED
    assert row["_AIRBYTE_META"] == {"sync_id": 42, "changes": []}
    assert row["_AIRBYTE_GENERATION_ID"] == 3
    assert uuid.UUID(row["_AIRBYTE_RAW_ID"]).version == 4


def test_each_row_gets_its_own_raw_id():
    rows = to_airbyte_rows("extensiveCalls", [make_call(1), make_call(1)], extracted_at=EXTRACTED, sync_id=1)
    assert rows[0]["_AIRBYTE_RAW_ID"] != rows[1]["_AIRBYTE_RAW_ID"]


def test_missing_fields_are_null_without_a_change_entry():
    call = make_call(2)
    del call["collaboration"], call["media"]
    [row] = to_airbyte_rows("extensiveCalls", [call], extracted_at=EXTRACTED, sync_id=1)

    assert row["COLLABORATION"] is None and row["MEDIA"] is None
    assert row["_AIRBYTE_META"]["changes"] == []


def test_non_integer_id_is_nulled_with_serialization_change():
    call = make_call(3)
    call["metaData"]["id"] = "call-abc"
    [row] = to_airbyte_rows("extensiveCalls", [call], extracted_at=EXTRACTED, sync_id=9)

    assert row["ID"] is None
    # The record itself is kept: METADATA still carries the original id.
    assert row["METADATA"]["id"] == "call-abc"
    assert row["_AIRBYTE_META"] == {
        "sync_id": 9,
        "changes": [{"field": "id", "change": "NULLED", "reason": SERIALIZATION_ERROR}],
    }


def test_bad_start_and_wrongly_shaped_parties_are_both_reported():
    call = make_call(4)
    call["metaData"]["started"] = "yesterday afternoon"
    call["parties"] = {"not": "a list"}
    [row] = to_airbyte_rows("extensiveCalls", [call], extracted_at=EXTRACTED, sync_id=1)

    assert row["STARTDATETIME"] is None and row["PARTIES"] is None
    assert [c["field"] for c in row["_AIRBYTE_META"]["changes"]] == ["startdatetime", "parties"]
    assert row["CONTENT"] == call["content"]


def test_offset_start_is_kept_as_an_aware_timestamp():
    call = make_call(5)
    call["metaData"]["started"] = "2026-03-02T10:30:00-05:00"
    [row] = to_airbyte_rows("extensiveCalls", [call], extracted_at=EXTRACTED, sync_id=1)

    assert row["STARTDATETIME"] == datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
    assert row["STARTDATETIME"].utcoffset() == timezone(timedelta(hours=-5)).utcoffset(None)


def test_transcript_row_layout():
    record = {
        "callId": "8000000000000000001",
        "started": "2026-03-02T10:00:00Z",
        "transcript": make_transcript(1),
    }
    [row] = to_airbyte_rows("callTranscripts", [record], extracted_at=EXTRACTED, sync_id=5)

    assert list(row) == [*METADATA_COLUMNS, "CALLID", "STARTED", "TRANSCRIPT"]
    assert row["CALLID"] == "8000000000000000001"
    assert row["STARTED"] == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert row["TRANSCRIPT"][0]["sentences"][0]["text"] == "Hello from call 1."


def test_user_row_layout_and_string_coercion():
    user = make_user(2)
    user["managerId"] = 123456789  # Gong sends ids as strings; a number still lands as its text
    user["active"] = "yes"
    [row] = to_airbyte_rows("users", [user], extracted_at=EXTRACTED, sync_id=5)

    assert list(row)[4:] == STREAMS["users"].column_names
    assert row["ID"] == user["id"] and row["EMAILADDRESS"] == "rep2@example.com"
    assert row["MANAGERID"] == "123456789"
    assert row["CREATED"] == datetime(2025, 1, 1, tzinfo=UTC)
    assert row["SPOKENLANGUAGES"] == [{"language": "en-US", "primary": True}]
    assert row["ACTIVE"] is None
    assert row["_AIRBYTE_META"]["changes"] == [
        {"field": "active", "change": "NULLED", "reason": SERIALIZATION_ERROR}
    ]


def test_basic_calls_stream_types_duration_and_privacy():
    meta = dict(make_call(6)["metaData"], duration="1806", scheduled="2026-03-02T14:55:00Z")
    [row] = to_airbyte_rows("calls", [meta], extracted_at=EXTRACTED, sync_id=5)

    assert row["ID"] == "8000000000000000006" and row["DURATION"] == 1806
    assert row["ISPRIVATE"] is False
    assert row["SCHEDULED"] == datetime(2026, 3, 2, 14, 55, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stream": "scorecards"}, "unknown stream"),
        ({"extracted_at": datetime(2026, 3, 10)}, "time-zone aware"),
        ({"records": [["not", "an", "object"]]}, "not a JSON object"),
    ],
)
def test_invalid_arguments_raise_clear_errors(kwargs, message):
    args = {"stream": "extensiveCalls", "records": [make_call(1)], "extracted_at": EXTRACTED} | kwargs
    with pytest.raises(ValueError, match=message):
        to_airbyte_rows(args.pop("stream"), args.pop("records"), sync_id=1, **args)


def test_fingerprint_ignores_json_text_form_and_key_order():
    built = {"METADATA": {"id": "1", "title": "x"}, "STARTED": datetime(2026, 3, 2, 10, tzinfo=UTC)}
    # As read back: JSON text for variants, epoch microseconds for timestamps.
    landed = {"METADATA": '{\n  "title": "x",\n  "id": "1"\n}', "STARTED": 1772445600000000}

    assert fingerprint(built, ["METADATA", "STARTED"]) == fingerprint(landed, ["METADATA", "STARTED"])
    changed = dict(landed, METADATA='{"id": "1", "title": "y"}')
    assert fingerprint(built, ["METADATA", "STARTED"]) != fingerprint(changed, ["METADATA", "STARTED"])

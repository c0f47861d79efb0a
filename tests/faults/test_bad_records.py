"""Bad records through the real path: Gong peer -> loader -> raw validation -> stage SQL -> staged validation.

Each bad record ends up either handled correctly in STG_TRANSFORMED or quarantined with a clear reason;
nothing good is lost. Malformed calls (no id, an id that is no number) are served by the peer as Gong would
serve them, so the loader's handling of them is part of the path; an orphan transcript, which the API cannot
serve without its call, is landed in RAW_AIRBYTE directly, as a connector could land it.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest

from include.gong_intel.gong.hook import GongHook
from include.gong_intel.gong.loader import STREAMS, load_gong_to_raw, to_airbyte_rows
from include.gong_intel.transform import run_stage, stage_dq_results
from include.gong_intel.validate import validate_raw, validate_staged
from tests.faults.conftest import GONG_CONN_ID, LOOKBACK, SINCE, UNTIL, tenant_of
from tests.unit.gong.gong_fixtures import make_call, make_transcript

pytestmark = pytest.mark.timeout(90)

INT_ID, EMPTY, LONG, INTL, ORPHAN = (f"{8000000000000000000 + n}" for n in (12, 13, 14, 15, 99))
WORD_ID = "call-16"  # Gong ids are numeric strings; the raw ID column is an integer
INTL_TEXT = "Das ist zu teuer für unser Budget 😬 — 価格が高すぎます 🙏"
# A 3h20m call: 5,000 sentences 2.4 seconds apart, in two monologues of 2,500 sentences each (past the
# emulator's 2,048-value vectors, where FLATTEN's element numbering stops following the array).
LONG_SENTENCES = 5000
TURN_SENTENCES = 2500
SENTENCE_GAP_MS = 2400


def _long_transcript() -> list[dict]:
    return [
        {
            "speakerId": f"s14{'ab'[m % 2]}",
            "topic": "Pricing",
            "sentences": [
                {
                    "start": i * SENTENCE_GAP_MS,
                    "end": i * SENTENCE_GAP_MS + 2000,
                    "text": f"Sentence {i} about pricing and the budget.",
                }
                for i in range(m * TURN_SENTENCES, (m + 1) * TURN_SENTENCES)
            ],
        }
        for m in range(LONG_SENTENCES // TURN_SENTENCES)
    ]


def _land_raw_transcripts(hook, records: list[dict]) -> None:
    rows = to_airbyte_rows("callTranscripts", records, extracted_at=datetime.now(UTC), sync_id=1)
    hook.insert_records(
        hook.settings.tables.raw_call_transcripts, rows, STREAMS["callTranscripts"].variant_columns
    )


def test_bad_records_are_staged_correctly_or_quarantined_with_a_reason(gong_peer_factory, warehouse):
    t = warehouse.settings.tables
    # The emulator stores NUMBER(38, 0) as a 64-bit integer; these ids fit (see bench/harness.py).
    tenant = tenant_of(4)
    int_call = make_call(12)
    int_call["metaData"]["id"] = int(INT_ID)  # an integer where Gong sends a string
    tenant.calls.append(int_call)
    tenant.transcripts[INT_ID] = make_transcript(12)
    tenant.calls.append(make_call(13))
    tenant.transcripts[EMPTY] = []  # Gong has the call but no words
    tenant.calls.append(make_call(14))
    tenant.transcripts[LONG] = _long_transcript()
    tenant.calls.append(make_call(15))
    tenant.transcripts[INTL] = [
        {"speakerId": "s15b", "topic": None, "sentences": [{"start": 0, "end": 4000, "text": INTL_TEXT}]}
    ]
    tenant.calls.append(copy.deepcopy(tenant.calls[0]))  # the API returns one call twice
    null_id, missing_id, word_id = make_call(10), make_call(11), make_call(16)
    null_id["metaData"]["id"] = None
    del missing_id["metaData"]["id"]
    word_id["metaData"]["id"] = WORD_ID
    tenant.calls.extend([null_id, missing_id, word_id])
    gong_peer_factory(tenant)

    loaded = load_gong_to_raw(
        GongHook(gong_conn_id=GONG_CONN_ID), warehouse, tables=t, since=SINCE, until=UNTIL, lookback=LOOKBACK
    )
    _land_raw_transcripts(
        warehouse, [{"callId": ORPHAN, "started": "2026-03-03T10:00:00Z", "transcript": make_transcript(99)}]
    )

    # The malformed calls land (nothing lost) and are reported: the id-less ones as unusable, the word id as
    # the integer ID column Airbyte had to NULL.
    assert sorted(e for e in loaded.errors if "metaData.id" in e or WORD_ID in e) == [
        f"extensiveCalls {WORD_ID}: NULLED ['id']",
        "extensiveCalls: metaData.id must be a non-empty string, got None",
        "extensiveCalls: metaData.id must be a non-empty string, got None",
    ]
    landed = warehouse.get_records(
        f"SELECT METADATA:title::string, METADATA:id::string, ID, TO_JSON(_AIRBYTE_META:changes)"
        f" FROM {t.raw_extensive_calls} WHERE METADATA:title::string IN (%s, %s, %s) ORDER BY 1",
        parameters=[c["metaData"]["title"] for c in (null_id, missing_id, word_id)],
    )
    assert [(r[0], r[1], r[2], json.loads(r[3])) for r in landed] == [
        ("Discovery call 10", None, None, []),
        ("Discovery call 11", None, None, []),
        (
            "Discovery call 16",
            WORD_ID,
            None,
            [{"field": "id", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"}],
        ),
    ]

    raw = validate_raw(warehouse, warehouse.settings, "r-bad", SINCE, UNTIL)
    stage = run_stage(warehouse, warehouse.settings, interval_start=SINCE, interval_end=UNTIL, run_id="r-bad")
    outcomes = validate_staged(warehouse, warehouse.settings, "r-bad", SINCE, UNTIL)

    quarantine = warehouse.get_records(
        f"SELECT STEP, CHECK_NAME, RECORD_KEY, REASON FROM {t.quarantine} ORDER BY CHECK_NAME, RECORD_KEY"
    )
    assert [q[:2] for q in quarantine] == [
        ("stage", "airbyte_serialization_error"),
        ("stage", "missing_call_id"),
        ("stage", "missing_call_id"),
    ]
    assert quarantine[0][2] == WORD_ID and quarantine[0][3].endswith("landed them as NULL: id")
    assert all("no call id" in q[3] for q in quarantine[1:])
    assert stage["metrics"]["quarantined.missing_call_id"] == 2
    assert stage["metrics"]["quarantined.airbyte_serialization_error"] == 1
    # The stage's quarantine counts like every other check: one DQ result per check, with the call ids.
    results = {r.check: r for r in stage_dq_results(stage, threshold=0.2)}
    assert {c: r.failed for c, r in results.items()} == {
        "airbyte_serialization_error": 1,
        "missing_call_id": 2,
    }
    assert results["airbyte_serialization_error"].sample_keys == (WORD_ID,)
    assert results["missing_call_id"].total == stage["metrics"]["calls_in_interval"] + 3
    call_ids = warehouse.get_records(
        f"SELECT CHECK_NAME, CALL_ID FROM {t.quarantine} WHERE STEP = 'stage' ORDER BY CHECK_NAME"
    )
    assert call_ids == [
        ("airbyte_serialization_error", WORD_ID),
        ("missing_call_id", None),
        ("missing_call_id", None),
    ]
    assert [o.rows_quarantined for o in outcomes] == [0, 0]
    # The raw checks leave the stage's own to it (the three rows above are read by neither gate twice) and
    # accept what the stage handles: the integer id, the empty, the 5,000-sentence and the non-ASCII
    # transcripts, the orphan transcript.
    good_calls = len(tenant_of(4).calls) + 4  # + INT_ID, EMPTY, LONG, INTL
    # The duplicate call lands twice (with its transcript), as Append mode would; the orphan transcript once.
    assert [(o.rows_in, o.rows_quarantined) for o in raw] == [(good_calls + 1, 0), (good_calls + 2, 0)]

    calls = {
        r[0]: r[1:]
        for r in warehouse.get_records(f"SELECT CALL_ID, SEGMENT_COUNT, HAS_TRANSCRIPT FROM {t.stg_calls}")
    }
    # Every good call once (the duplicate collapsed), the integer id keyed as Gong's string id, the orphan
    # transcript not invented into a call, the empty transcript a call without transcript.
    assert set(calls) == {c["metaData"]["id"] for c in tenant_of(4).calls} | {INT_ID, EMPTY, LONG, INTL}
    assert calls[EMPTY] == (0, False)
    assert calls[INT_ID][1] is True and calls[INTL] == (1, True)

    segments = warehouse.get_records(
        f"SELECT CALL_ID, START_MS, END_MS, SENTENCE_COUNT, TRANSCRIPT_TEXT FROM {t.stg_transcripts}"
        " WHERE CALL_ID IN (%s, %s, %s) ORDER BY CALL_ID, SEGMENT_ORDINAL",
        parameters=[LONG, INTL, ORPHAN],
    )
    long_segments = [s for s in segments if s[0] == LONG]
    assert [(s[1], s[2], s[3]) for s in long_segments] == [
        (
            m * TURN_SENTENCES * SENTENCE_GAP_MS,
            ((m + 1) * TURN_SENTENCES - 1) * SENTENCE_GAP_MS + 2000,
            TURN_SENTENCES,
        )
        for m in range(LONG_SENTENCES // TURN_SENTENCES)
    ]
    assert [s[4] for s in long_segments] == [
        " ".join(
            f"Sentence {i} about pricing and the budget."
            for i in range(m * TURN_SENTENCES, (m + 1) * TURN_SENTENCES)
        )
        for m in range(LONG_SENTENCES // TURN_SENTENCES)
    ]
    assert [s[4] for s in segments if s[0] == INTL] == [INTL_TEXT]  # byte-exact, emoji and CJK included

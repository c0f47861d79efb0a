"""validate_raw / validate_staged in batches of calls: the same records and counts whatever the batch size,
and no read holds more than its batch's calls."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, replace
from datetime import UTC, datetime

import pytest

from include.gong_intel.validate import ALL_CHECKS, validate_raw, validate_staged
from include.gong_intel.warehouse.hook import WarehouseHook
from tests.integration.test_validate_raw import END, START, _land, _mark_stage_watermark, _transcript
from tests.integration.test_validate_warehouse import ARRAYS
from tests.unit.gong.gong_fixtures import make_call, make_transcript
from tests.unit.validate import frames

pytestmark = pytest.mark.integration

SMALL, ONE_BATCH = 3, 10_000
RUN_ID = "run-batches"
STG_START, STG_END = datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC)
DUPLICATED_RAW, REVERSED, WORD_AT = 3, 5, 1
DUPLICATED_STG, BAD_RATIO, BAD_SEGMENT, BLANK_SEGMENT = "1300", "1600", "1800", "2100"


class _SpyHook(WarehouseHook):
    """The real hook; every frame read is recorded (its rows' call ids and keys, as read) with the batch
    bounds it was read for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reads: list[tuple[str, tuple[str | None, str | None], list[tuple[str, tuple]]]] = []

    def get_df(self, sql, parameters=None, **kwargs):
        frame = super().get_df(sql, parameters=parameters, **kwargs)
        table = re.search(r"\bFROM\s+(\S+)", sql).group(1).rsplit(".", 1)[-1]
        bounds = (parameters.get("after_call_id"), parameters.get("upto_call_id"))
        rows = [(_row_call_id(table, r), _row_key(table, r)) for r in frame.to_dict("records")]
        self.reads.append((table, bounds, rows))
        return frame


def _hook(settings, batch_calls: int) -> _SpyHook:
    hook = _SpyHook(snowflake_conn_id=settings.snowflake_conn_id)
    hook.settings = replace(settings, validate_batch_calls=batch_calls)
    return hook


def _comparable(outcomes) -> list[dict]:
    """Everything an outcome reports, but the time of quarantine."""
    return [
        {
            "step": o.step,
            "counts": (o.rows_in, o.rows_passed, o.rows_quarantined),
            "results": [asdict(r) for r in o.results],
            "quarantined": [{**asdict(q), "quarantined_at": None} for q in o.quarantined],
            "passed_rows": len(o.passed),
            "rows_retained": o.rows_retained,
        }
        for o in outcomes
    ]


def _written(hook) -> tuple[list[tuple], list[tuple]]:
    t = hook.settings.tables
    quarantine = hook.get_records(
        f"SELECT QUARANTINE_ID, STEP, RECORD_KEY, CALL_ID, CALL_SOURCE_HASH, CHECK_NAME, REASON, "
        f"OFFENDING_VALUE, RECORD::VARCHAR FROM {t.quarantine} ORDER BY QUARANTINE_ID"
    )
    dq = hook.get_records(
        f"SELECT STEP, CHECK_NAME, FAILED_ROWS, TOTAL_ROWS, SAMPLE_KEYS::VARCHAR FROM {t.dq_results} "
        f"WHERE RUN_ID = '{RUN_ID}' ORDER BY STEP, CHECK_NAME"
    )
    return quarantine, dq


def _row_call_id(table: str, row: dict) -> str:
    if table == "EXTENSIVECALLS":
        meta = row["METADATA"]
        return str((json.loads(meta) if isinstance(meta, str) else meta)["id"]).strip()
    if table == "CALLTRANSCRIPTS":
        return row["CALLID"].strip()
    return row["CALL_ID"]


def _row_key(table: str, row: dict) -> tuple:
    if table in ("EXTENSIVECALLS", "CALLTRANSCRIPTS"):
        return (row["_AIRBYTE_RAW_ID"],)
    # A segment is read once per row of its call (the join adds the call's SOURCE_HASH).
    return (row["CALL_ID"], row.get("TRANSCRIPT_ID"), row.get("SOURCE_HASH"), row.get("CALL_SOURCE_HASH"))


def _check_reads_are_bounded(hook: _SpyHook, batch_calls: int) -> int:
    """Each batch read once per table, at most ``batch_calls`` calls per read, each call in one batch,
    every row of the window read once. Returns the number of batches."""
    by_table: dict[str, list] = defaultdict(list)
    for table, bounds, rows in hook.reads:
        by_table[table].append((bounds, rows))
    batch_of_call: dict[str, tuple] = {}
    batches = set()
    for table, reads in by_table.items():
        assert len({b for b, _ in reads}) == len(reads), f"{table}: a batch was read twice"
        batches.add(tuple(b for b, _ in reads))
        rows_read: Counter = Counter()
        for bounds, rows in reads:
            calls = {call_id for call_id, _ in rows}
            assert len(calls) <= batch_calls, (table, bounds, sorted(calls))
            for call_id in calls:
                # The same call in the same batch for every table (a call and its transcript together).
                assert batch_of_call.setdefault(call_id, bounds) == bounds, (table, call_id)
            rows_read.update(key for _, key in rows)
        assert all(n == 1 for n in rows_read.values()), f"{table}: a row was read twice"
    assert len(batches) == 1, "every table is read in the same batches"
    return len(batches.pop())


@pytest.fixture
def raw_window(warehouse):
    calls = [make_call(n) for n in range(1, 12)]
    _land(warehouse, "extensiveCalls", calls, word_id_at=WORD_AT)
    # The same call landed again by a later sync: two raw rows of one call.
    _land(warehouse, "extensiveCalls", [make_call(DUPLICATED_RAW)])
    reversed_turn = [{"speakerId": "s1", "topic": None, "sentences": [{"start": 50, "end": 1, "text": "Hi"}]}]
    transcripts = [_transcript(n, make_transcript(n)) for n in range(1, 12) if n != REVERSED]
    transcripts.append(_transcript(REVERSED, reversed_turn))
    transcripts.append(_transcript(12, make_transcript(12), call_id="call-12"))  # not a Gong id
    no_id = _transcript(13, make_transcript(13), call_id=" ")  # the stage's check: never read here
    _land(warehouse, "callTranscripts", [*transcripts, no_id])
    _mark_stage_watermark(warehouse)
    return warehouse


def test_raw_batches_give_the_records_and_counts_of_one_batch(raw_window):
    settings = raw_window.settings
    small = _hook(settings, SMALL)
    batched = validate_raw(small, small.settings, RUN_ID, START, END)
    written_batched = _written(small)
    whole = _hook(settings, ONE_BATCH)
    single = validate_raw(whole, whole.settings, RUN_ID, START, END)

    assert _comparable(batched) == _comparable(single)
    assert _written(whole) == written_batched  # rewritten in place: same ids, same DQ rows
    calls, transcripts = batched
    # 11 calls in the window (one landed twice); the word id is quarantined.
    assert (calls.rows_in, calls.rows_passed, calls.rows_quarantined) == (12, 11, 1)
    assert (transcripts.rows_in, transcripts.rows_passed, transcripts.rows_quarantined) == (12, 10, 2)
    assert [(q.call_id, q.check_name) for q in transcripts.quarantined] == [
        (make_call(REVERSED)["metaData"]["id"], "TRANSCRIPT.monologues"),
        ("call-12", "CALLID.str_matches"),
    ]
    summary = {r.check: (r.failed, r.total) for r in transcripts.results}
    assert summary[ALL_CHECKS] == (2, 12) and transcripts.results[-1].check == ALL_CHECKS
    assert len(written_batched[0]) == 3
    assert calls.passed.empty and not calls.rows_retained

    # 12 distinct call ids (11 Gong ids, the word id, call-12 of a transcript) minus one: 13 ids in 5 batches.
    assert _check_reads_are_bounded(small, SMALL) == 5
    assert _check_reads_are_bounded(whole, ONE_BATCH) == 1
    assert sum(len(rows) for t, _, rows in small.reads if t == "EXTENSIVECALLS") == 12


def _insert_staged_window(hook) -> None:
    t = hook.settings.tables
    ids = [str(1000 + 100 * n) for n in range(12)]
    calls = [frames.staged_call(i, TALK_RATIO=4.2 if i == BAD_RATIO else 0.5) for i in ids]
    calls.append(frames.staged_call(DUPLICATED_STG, SOURCE_HASH="h-1300-b", TITLE="Re-landed"))
    calls.append(frames.staged_call("9900", CALL_DATETIME_UTC="2026-10-01 09:00:00"))  # outside the window
    hook.insert_records(t.stg_calls, [{c: r.get(c) for c in calls[0]} for r in calls], ARRAYS)
    segments = []
    for i in ids:
        for ordinal in (1, 2):
            segment = frames.staged_segment(f"{i}-{ordinal:04d}", CALL_ID=i, SEGMENT_ORDINAL=ordinal)
            if i == BAD_SEGMENT and ordinal == 2:
                segment.update(START_MS=7000, END_MS=10)
            if i == BLANK_SEGMENT and ordinal == 1:
                segment["TRANSCRIPT_ID"] = ""  # no key: reported by its position in the window's read
            segments.append(segment)
    hook.insert_records(t.stg_transcripts, segments, [])


def test_staged_batches_give_the_records_and_counts_of_one_batch(warehouse):
    _insert_staged_window(warehouse)
    settings = warehouse.settings
    small = _hook(settings, SMALL)
    batched = validate_staged(small, small.settings, RUN_ID, STG_START, STG_END)
    written_batched = _written(small)
    whole = _hook(settings, ONE_BATCH)
    single = validate_staged(whole, whole.settings, RUN_ID, STG_START, STG_END)

    assert _comparable(batched) == _comparable(single)
    assert _written(whole) == written_batched
    calls, segments = batched
    # 13 call rows (call 1300 twice: both copies quarantined) and the bad talk ratio.
    assert (calls.rows_in, calls.rows_passed, calls.rows_quarantined) == (13, 10, 3)
    assert [(q.record_key, q.check_name) for q in calls.quarantined] == [
        (DUPLICATED_STG, "CALL_ID.unique"),
        (DUPLICATED_STG, "CALL_ID.unique"),
        (BAD_RATIO, "TALK_RATIO.in_range"),
    ]
    assert {q.call_source_hash for q in calls.quarantined[:2]} == {"h-1300", "h-1300-b"}
    # 24 segments, those of call 1300 read twice (once per copy of the call): 26 rows; both copies of each
    # 1300 segment, the reversed one and the key-less one are quarantined.
    assert (segments.rows_in, segments.rows_quarantined) == (26, 6)
    by_check = {r.check: (r.failed, r.total, r.sample_keys) for r in segments.results}
    # The key-less segment is the 25th row of the window's read (position 24), whatever the batch.
    assert by_check["TRANSCRIPT_ID.str_length"] == (1, 26, ("row 24",))
    assert by_check["start_le_end"] == (1, 26, (f"{BAD_SEGMENT}-0002",))
    assert [r.check for r in segments.results][-1] == ALL_CHECKS
    assert _check_reads_are_bounded(small, SMALL) == 4
    assert _check_reads_are_bounded(whole, ONE_BATCH) == 1


def test_an_empty_window_is_one_empty_batch_with_every_check_reported(warehouse):
    hook = _hook(warehouse.settings, SMALL)
    calls, segments = validate_staged(hook, hook.settings, RUN_ID, STG_START, STG_END)
    assert (calls.rows_in, segments.rows_in) == (0, 0)
    assert [len(rows) for _, _, rows in hook.reads] == [0, 0]
    assert {r.check for r in calls.results} >= {"CALL_ID.unique", ALL_CHECKS}
    assert _written(hook)[1] and all(row[2] == 0 for row in _written(hook)[1])

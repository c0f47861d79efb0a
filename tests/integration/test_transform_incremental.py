"""Incremental behaviour of the stage SQL on the local emulator: re-runs, backfills, late and duplicate
landings, changes, quarantine and transcripts that land before their call."""

from __future__ import annotations

import copy

from include.gong_intel.transform import run_stage
from tests.unit.transform.raw_rows import (
    CALL_VARIANTS,
    TRANSCRIPT_VARIANTS,
    USER_VARIANTS,
    call_row,
    serialization_change,
    simple_transcript,
    transcript_row,
    user_row,
)

DAY1 = ("2026-11-01T00:00:00+00:00", "2026-11-02T00:00:00+00:00")
DAY2 = ("2026-11-02T00:00:00+00:00", "2026-11-03T00:00:00+00:00")
DAY3 = ("2026-11-03T00:00:00+00:00", "2026-11-04T00:00:00+00:00")
CALL_COLUMNS = "CALL_ID, TITLE, CALL_DATETIME_UTC, EXTERNAL_PARTICIPANTS, OPPORTUNITY_STAGE, SEGMENT_COUNT, HAS_TRANSCRIPT, RECORD_HASH, TRANSCRIPT_HASH, SOURCE_HASH"
SEGMENT_COLUMNS = (
    "TRANSCRIPT_ID, CALL_ID, SEGMENT_ORDINAL, SPEAKER_NAME, START_MS, END_MS, TRANSCRIPT_TEXT, SOURCE_HASH"
)


def land(hook, *, users=(), calls=(), transcripts=()):
    t = hook.settings.tables
    hook.insert_records(t.raw_users, list(users), USER_VARIANTS)
    hook.insert_records(t.raw_extensive_calls, list(calls), CALL_VARIANTS)
    hook.insert_records(t.raw_call_transcripts, list(transcripts), TRANSCRIPT_VARIANTS)


def stage(hook, interval, run_id=None):
    start, end = interval
    return run_stage(
        hook, hook.settings, interval_start=start, interval_end=end, run_id=run_id or f"scheduled__{start}"
    )


def table(hook, name, columns, order_by):
    fqn = getattr(hook.settings.tables, name)
    return [tuple(r) for r in hook.get_records(f"SELECT {columns} FROM {fqn} ORDER BY {order_by}")]


def snapshot(hook):
    return {
        "calls": table(hook, "stg_calls", "*", "CALL_ID"),
        "segments": table(hook, "stg_transcripts", "*", "TRANSCRIPT_ID"),
        "users": table(hook, "stg_users", "*", "USER_ID"),
        "quarantine": table(
            hook, "quarantine", "QUARANTINE_ID, RUN_ID, CHECK_NAME, RECORD_KEY", "QUARANTINE_ID"
        ),
    }


def business(hook):
    return {
        "calls": table(hook, "stg_calls", CALL_COLUMNS, "CALL_ID"),
        "segments": table(hook, "stg_transcripts", SEGMENT_COLUMNS, "TRANSCRIPT_ID"),
        "quarantine": table(hook, "quarantine", "QUARANTINE_ID, CHECK_NAME, RECORD_KEY", "QUARANTINE_ID"),
    }


def watermark(hook, name):
    rows = hook.get_records(
        f"SELECT VALUE_TS::VARCHAR FROM {hook.settings.tables.watermarks} WHERE PIPELINE = 'stage' AND NAME = %(n)s",
        parameters={"n": name},
    )
    return rows[0][0] if rows else None


def set_watermark(hook, ts):
    for name in ("extensivecalls_extracted_at", "calltranscripts_extracted_at"):
        hook.insert_records(
            hook.settings.tables.watermarks,
            [{"PIPELINE": "stage", "NAME": name, "VALUE_TS": ts, "UPDATED_AT": ts}],
        )


def three_days():
    """Two calls a day over three days, with transcripts, all landed before the (seeded) watermark."""
    calls, transcripts = [], []
    for day in (1, 2, 3):
        for n in (1, 2):
            call_id = f"55500000000000000{day}{n}"
            started = f"2026-11-0{day}T1{n}:00:00+00:00"
            calls.append(
                call_row(
                    call_id, started, title=f"Day {day} call {n}", extracted_at="2026-11-04T01:00:00+00:00"
                )
            )
            transcripts.append(simple_transcript(call_id, started, extracted_at="2026-11-04T01:00:00+00:00"))
    return calls, transcripts


def users():
    return [user_row("7001", "Dana", "Rep", email="dana.rep@northwind.io")]


def hook_for(settings):
    from include.gong_intel.warehouse.hook import WarehouseHook

    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    hook.settings = settings
    return hook


def test_rerunning_an_interval_leaves_every_table_identical(warehouse):
    calls, transcripts = three_days()
    land(warehouse, users=users(), calls=calls, transcripts=transcripts)
    stage(warehouse, DAY2)
    first = snapshot(warehouse)
    stage(warehouse, DAY2)  # a retry of the same run
    stage(warehouse, DAY2, run_id="backfill__again")  # a later backfill of the same day
    assert snapshot(warehouse) == first
    assert len(first["calls"]) == 6  # the first run ever takes every landed row as late


def test_backfill_of_three_days_equals_one_run_over_the_range(settings_factory):
    calls, transcripts = three_days()
    daily, ranged = hook_for(settings_factory()), hook_for(settings_factory())
    for hook in (daily, ranged):
        # As if an earlier run had consumed everything landed: only the intervals select rows.
        set_watermark(hook, "2026-11-05 00:00:00")
        land(hook, users=users(), calls=copy.deepcopy(calls), transcripts=copy.deepcopy(transcripts))

    stage(daily, DAY1)
    assert [r[1] for r in table(daily, "stg_calls", CALL_COLUMNS, "CALL_ID")] == [
        "Day 1 call 1",
        "Day 1 call 2",
    ]
    stage(daily, DAY2)
    stage(daily, DAY3)
    stage(ranged, (DAY1[0], DAY3[1]))
    # Overlapping windows change nothing.
    stage(daily, ("2026-11-01T12:00:00+00:00", "2026-11-02T12:00:00+00:00"), run_id="manual__overlap")

    assert business(daily) == business(ranged)
    assert len(business(daily)["calls"]) == 6
    assert len(business(daily)["segments"]) == 12


def test_late_landing_with_an_old_start_time_enters_the_next_run(warehouse):
    land(
        warehouse,
        users=users(),
        calls=[call_row("5551", "2026-11-01T10:00:00+00:00", extracted_at="2026-11-01T23:00:00+00:00")],
    )
    stage(warehouse, DAY1)
    assert watermark(warehouse, "extensivecalls_extracted_at").startswith("2026-11-01 23:00:00")

    # Lands during day 3 although the call happened on day 1; the day-3 run's interval does not cover it.
    late_call = call_row("5552", "2026-11-01T15:00:00+00:00", extracted_at="2026-11-03T08:00:00+00:00")
    land(
        warehouse,
        calls=[late_call],
        transcripts=[
            simple_transcript("5552", "2026-11-01T15:00:00+00:00", extracted_at="2026-11-03T08:00:00+00:00")
        ],
    )
    stage(warehouse, DAY3)

    assert [r[0] for r in table(warehouse, "stg_calls", CALL_COLUMNS, "CALL_ID")] == ["5551", "5552"]
    assert table(warehouse, "stg_calls", "SEGMENT_COUNT", "CALL_ID") == [(0,), (2,)]
    assert watermark(warehouse, "extensivecalls_extracted_at").startswith("2026-11-03 08:00:00")
    # The run's capture is cleaned up once the watermark moved.
    pending = warehouse.get_records(
        f"SELECT COUNT(*) FROM {warehouse.settings.tables.watermarks} WHERE PIPELINE LIKE 'stage_pending:%%'"
    )
    assert pending == [(0,)]


def test_a_call_landed_twice_keeps_the_latest_landing(warehouse):
    newer = call_row(
        "5561", "2026-11-02T10:00:00+00:00", title="Renamed", extracted_at="2026-11-03T05:00:00+00:00"
    )
    older = call_row(
        "5561", "2026-11-02T10:00:00+00:00", title="Original", extracted_at="2026-11-02T23:00:00+00:00"
    )
    land(warehouse, users=users(), calls=[newer, older])
    stage(warehouse, DAY2)
    assert table(warehouse, "stg_calls", "CALL_ID, TITLE", "CALL_ID") == [("5561", "Renamed")]


def test_changed_call_gets_a_new_hash_and_unchanged_enrichment_survives(warehouse):
    t = warehouse.settings.tables
    land(
        warehouse,
        users=users(),
        calls=[call_row("5571", "2026-11-02T10:00:00+00:00"), call_row("5572", "2026-11-02T11:00:00+00:00")],
        transcripts=[
            simple_transcript("5571", "2026-11-02T10:00:00+00:00"),
            simple_transcript("5572", "2026-11-02T11:00:00+00:00"),
        ],
    )
    stage(warehouse, DAY2)
    # The enrich step's write: results stamped with the hash they were computed from.
    warehouse.run(
        f"UPDATE {t.stg_calls} SET SENTIMENT_SCORE = 0.4, CALL_SUMMARY = 'ok', ENRICHED_SOURCE_HASH = SOURCE_HASH"
    )
    warehouse.run(
        f"UPDATE {t.stg_transcripts} SET SEGMENT_SENTIMENT = 0.1, ENRICHED_SOURCE_HASH = SOURCE_HASH"
    )
    before = dict(table(warehouse, "stg_calls", "CALL_ID, SOURCE_HASH", "CALL_ID"))
    segments_before = dict(table(warehouse, "stg_transcripts", "TRANSCRIPT_ID, SOURCE_HASH", "TRANSCRIPT_ID"))

    # 5571: re-landed with a new media URL only (signed URLs change every sync): not a change.
    # 5572: re-landed with a new title and a transcript whose second turn changed and whose last turn is gone.
    land(
        warehouse,
        calls=[
            call_row(
                "5571",
                "2026-11-02T10:00:00+00:00",
                media_token="t1",
                extracted_at="2026-11-04T00:00:00+00:00",
            ),
            call_row(
                "5572",
                "2026-11-02T11:00:00+00:00",
                title="Retitled",
                extracted_at="2026-11-04T00:00:00+00:00",
            ),
        ],
        transcripts=[
            transcript_row(
                "5572",
                "2026-11-02T11:00:00+00:00",
                [("1001", "Intro", [(0, 1500, "Thanks for joining."), (1600, 3000, "Shall we start?")])],
                extracted_at="2026-11-04T00:00:00+00:00",
            )
        ],
    )
    stage(warehouse, DAY2, run_id="manual__rerun")

    after = table(
        warehouse,
        "stg_calls",
        "CALL_ID, TITLE, SOURCE_HASH, ENRICHED_SOURCE_HASH, SENTIMENT_SCORE, SEGMENT_COUNT",
        "CALL_ID",
    )
    unchanged, changed = after
    assert unchanged[2] == before["5571"] == unchanged[3] and unchanged[4] == 0.4
    assert changed[1] == "Retitled" and changed[2] != before["5572"] and changed[3] == before["5572"]
    assert changed[5] == 1  # the transcript shrank to one turn
    segs = table(
        warehouse, "stg_transcripts", "TRANSCRIPT_ID, SOURCE_HASH, SEGMENT_SENTIMENT IS NULL", "TRANSCRIPT_ID"
    )
    assert [s[0] for s in segs] == ["5571-0000", "5571-0001", "5572-0000"]
    assert all(
        s[1] == segments_before[s[0]] and s[2] is False for s in segs
    )  # unchanged turns keep enrichment


def test_changed_segment_text_clears_its_enrichment(warehouse):
    t = warehouse.settings.tables
    land(
        warehouse,
        users=users(),
        calls=[call_row("5581", "2026-11-02T10:00:00+00:00")],
        transcripts=[simple_transcript("5581", "2026-11-02T10:00:00+00:00")],
    )
    stage(warehouse, DAY2)
    warehouse.run(
        f"UPDATE {t.stg_transcripts} SET SEGMENT_SENTIMENT = 0.3, ENRICHED_SOURCE_HASH = SOURCE_HASH"
    )
    land(
        warehouse,
        transcripts=[
            transcript_row(
                "5581",
                "2026-11-02T10:00:00+00:00",
                [
                    ("1001", "Intro", [(0, 1500, "Thanks for joining."), (1600, 3000, "Shall we start?")]),
                    ("2001", "Intro", [(3100, 5000, "Actually, we went with a competitor.")]),
                ],
                extracted_at="2026-11-04T00:00:00+00:00",
            )
        ],
    )
    stage(warehouse, DAY2, run_id="manual__rerun")
    segs = table(
        warehouse,
        "stg_transcripts",
        "TRANSCRIPT_ID, TRANSCRIPT_TEXT, SEGMENT_SENTIMENT, ENRICHED_SOURCE_HASH IS NULL",
        "TRANSCRIPT_ID",
    )
    assert segs[0] == ("5581-0000", "Thanks for joining. Shall we start?", 0.3, False)
    assert segs[1] == ("5581-0001", "Actually, we went with a competitor.", None, True)


def test_unusable_rows_are_quarantined_once_and_counted(warehouse):
    land(
        warehouse,
        users=[*users(), user_row(None, "No", "Id")],
        calls=[
            call_row("5591", "2026-11-02T10:00:00+00:00"),
            call_row("5592", "2026-11-02T11:00:00+00:00", changes=[serialization_change("context")]),
            call_row(None, "2026-11-02T12:00:00+00:00"),
            call_row("5594", None),
        ],
        transcripts=[
            simple_transcript(
                "5591", "2026-11-02T10:00:00+00:00", changes=[serialization_change("transcript")]
            )
        ],
    )
    result = stage(warehouse, DAY2)
    assert result["metrics"]["quarantined.airbyte_serialization_error"] == 2
    assert result["metrics"]["quarantined.missing_call_id"] == 1
    assert result["metrics"]["quarantined.missing_start_time"] == 1
    assert result["metrics"]["quarantined.missing_user_id"] == 1
    assert result["quarantined"] == 5
    assert [r[0] for r in table(warehouse, "stg_calls", "CALL_ID", "CALL_ID")] == ["5591"]

    rows = table(
        warehouse,
        "quarantine",
        "SOURCE_TABLE, RECORD_KEY, CHECK_NAME, REASON, OFFENDING_VALUE, STEP, RUN_ID",
        "SOURCE_TABLE, CHECK_NAME",
    )
    by_check = {(r[0], r[2]): r for r in rows}
    serialization = by_check[("EXTENSIVECALLS", "airbyte_serialization_error")]
    assert (
        serialization[1] == "5592"
        and "context" in serialization[3]
        and "DESTINATION_SERIALIZATION_ERROR" in serialization[4]
    )
    assert by_check[("EXTENSIVECALLS", "missing_start_time")][1] == "5594"
    assert by_check[("CALLTRANSCRIPTS", "airbyte_serialization_error")][1] == "5591"
    assert {r[5] for r in rows} == {"stage"} and {r[6] for r in rows} == {
        "scheduled__2026-11-02T00:00:00+00:00"
    }

    again = stage(warehouse, DAY2, run_id="backfill__again")
    assert len(table(warehouse, "quarantine", "QUARANTINE_ID", "QUARANTINE_ID")) == 5
    assert again["quarantined"] == 0  # already known: not counted twice


def test_transcript_landed_before_its_call_waits_for_it(warehouse):
    started = "2026-11-01T10:00:00+00:00"
    land(
        warehouse,
        users=users(),
        transcripts=[simple_transcript("5601", started, extracted_at="2026-11-01T20:00:00+00:00")],
    )
    stage(warehouse, DAY1)
    assert table(warehouse, "stg_transcripts", "TRANSCRIPT_ID", "TRANSCRIPT_ID") == []

    # The call lands two days later; the transcript is older than the watermark and outside the interval.
    land(warehouse, calls=[call_row("5601", started, extracted_at="2026-11-03T09:00:00+00:00")])
    stage(warehouse, DAY3)
    assert [r[0] for r in table(warehouse, "stg_transcripts", "TRANSCRIPT_ID", "TRANSCRIPT_ID")] == [
        "5601-0000",
        "5601-0001",
    ]
    assert table(warehouse, "stg_calls", "SEGMENT_COUNT, HAS_TRANSCRIPT", "CALL_ID") == [(2, True)]


def test_a_quarantined_newest_landing_marks_the_staged_call_stale_until_a_valid_one_lands(warehouse):
    land(warehouse, calls=[call_row("5601", "2026-11-02T10:00:00+00:00", title="First version")])
    stage(warehouse, DAY2)
    broken = call_row(
        "5601",
        "2026-11-02T10:00:00+00:00",
        title="Second version",
        extracted_at="2026-11-04T06:00:00+00:00",
        changes=[serialization_change("context")],
    )
    land(warehouse, calls=[broken])
    stage(warehouse, DAY3)
    rows = table(warehouse, "stg_calls", "CALL_ID, TITLE, STALE_QUARANTINE_ID", "CALL_ID")
    assert rows == [
        ("5601", "First version", f"stage:airbyte_serialization_error:{broken['_AIRBYTE_RAW_ID']}")
    ]

    land(
        warehouse,
        calls=[
            call_row(
                "5601",
                "2026-11-02T10:00:00+00:00",
                title="Third version",
                extracted_at="2026-11-05T06:00:00+00:00",
            )
        ],
    )
    stage(warehouse, DAY3)
    assert table(warehouse, "stg_calls", "CALL_ID, TITLE, STALE_QUARANTINE_ID", "CALL_ID") == [
        ("5601", "Third version", None)
    ]

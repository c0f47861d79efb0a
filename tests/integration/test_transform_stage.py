"""The stage SQL (RAW_AIRBYTE -> STG_TRANSFORMED) on the local emulator: every column on hand-checked rows."""

from __future__ import annotations

import json

from include.gong_intel.transform import run_stage
from tests.unit.transform.raw_rows import (
    CALL_VARIANTS,
    TRANSCRIPT_VARIANTS,
    USER_VARIANTS,
    call_row,
    crm_object,
    party,
    transcript_row,
    user_row,
)

DAY = {"interval_start": "2026-11-02T00:00:00+00:00", "interval_end": "2026-11-03T00:00:00+00:00"}
CALL_ID = "8812345678901234567"  # 19 digits, above a signed 64-bit integer's range for some ids


def land(hook, *, users=(), calls=(), transcripts=()):
    t = hook.settings.tables
    hook.insert_records(t.raw_users, list(users), USER_VARIANTS)
    hook.insert_records(t.raw_extensive_calls, list(calls), CALL_VARIANTS)
    hook.insert_records(t.raw_call_transcripts, list(transcripts), TRANSCRIPT_VARIANTS)


def stage(hook, run_id="scheduled__1", **interval):
    return run_stage(hook, hook.settings, run_id=run_id, **(interval or DAY))


def rows(hook, table, order_by, columns="*"):
    df = hook.get_df(f"SELECT {columns} FROM {table} ORDER BY {order_by}")
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _j(value):
    return json.loads(value) if isinstance(value, str) else value


def rich_call(**overrides):
    kwargs = dict(
        title="Acme | Pricing review",
        primary_user_id="7001",
        parties=[
            party("1001", "Dana Rep", "dana.rep@northwind.io", affiliation="Internal", user_id="7001"),
            party("2001", "Sam Buyer", "Sam@Acme.com", affiliation="External", title="VP Sales"),
            party("2002", "Lee Partner", "lee@globex.org", affiliation="External", title="CTO"),
            # Gong could not classify this one, but the domain is the company's own.
            party("1002", "Ari Sales", "ari@northwind.io", affiliation="Unknown", title="SE"),
            party(None, "Invited Only", "kim@acme.com", affiliation="External"),
        ],
        context=[
            {
                "system": "Salesforce",
                "objects": [
                    crm_object(
                        "Account",
                        "001A",
                        "TimeOfCall",
                        Name="Acme Corp",
                        Website="https://www.acme.com/en",
                        Industry="Manufacturing",
                    ),
                    crm_object(
                        "Opportunity",
                        "006X",
                        "TimeOfCall",
                        Name="Acme - Expansion",
                        StageName="Discovery",
                        Amount="48000.5",
                        CloseDate="2026-12-15",
                    ),
                    crm_object(
                        "Opportunity",
                        "006X",
                        "Now",
                        Name="Acme - Expansion",
                        StageName="Negotiation",
                        Amount=52000,
                        CloseDate="2027-01-31",
                    ),
                ],
            }
        ],
        content={
            "brief": "Acme reviewed pricing.",
            "topics": [{"name": "Pricing", "duration": 420.0}, {"name": "Next Steps", "duration": 90.0}],
            "trackers": [
                {"id": "t1", "name": "Competitors", "type": "KEYWORD", "count": 2, "occurrences": []},
                {"id": "t2", "name": "Budget", "type": "KEYWORD", "count": 0, "occurrences": []},
            ],
            "keyPoints": [{"text": "Budget approved"}, {"text": "Legal review next"}],
            "pointsOfInterest": {
                "actionItems": [
                    {
                        "snippet": "Send the quote",
                        "snippetStartTime": 100.5,
                        "snippetEndTime": 104.0,
                        "speakerID": "1001",
                    }
                ]
            },
            "callOutcome": {"id": "o1", "category": "Positive", "name": "Next meeting booked"},
        },
        interaction={
            "speakers": [{"id": "1001", "userId": "7001", "talkTime": 900.0}],
            "interactionStats": [
                {"name": "Talk Ratio", "value": 0.62},
                {"name": "Longest Monologue", "value": 95.5},
                {"name": "Interactivity", "value": 4.2},
                {"name": "Patience", "value": 0.8},
                {"name": "Question Rate", "value": 7.5},
            ],
            "questions": {"companyCount": 9, "nonCompanyCount": 4},
        },
    )
    kwargs.update(overrides)
    return call_row(CALL_ID, "2026-11-02T09:30:00-05:00", **kwargs)


def rich_transcript(**kwargs):
    return transcript_row(
        CALL_ID,
        "2026-11-02T09:30:00-05:00",
        [
            ("1001", "Intro", [(0, 1200, "Hi Sam."), (1300, 2500, "Thanks for the time.")]),
            ("2001", "Pricing", [(2600, 4000, "What does it cost?")]),
            ("9999", None, [(4100, 4500, "Hello?")]),
            (
                "1002",
                "Pricing",
                [(4600, 6000, "It depends on seats."), (6100, 7000, " "), (7100, 8000, "Roughly ten.")],
            ),
        ],
        **kwargs,
    )


def team():
    return [
        user_row("7001", "Dana", "Rep", email="Dana.Rep@northwind.io", manager_id="7000"),
        user_row("7000", "Morgan", "Lead", email="morgan@northwind.io", title="Sales Manager"),
    ]


def test_call_columns_are_staged_from_the_gong_record(warehouse):
    land(warehouse, users=team(), calls=[rich_call()], transcripts=[rich_transcript()])
    result = stage(warehouse)

    [call] = rows(warehouse, warehouse.settings.tables.stg_calls, "CALL_ID")
    assert call["CALL_ID"] == CALL_ID
    assert call["TITLE"] == "Acme | Pricing review"
    assert str(call["CALL_DATETIME_UTC"]) == "2026-11-02 14:30:00"
    assert call["DURATION_SECONDS"] == 1800
    assert (call["DIRECTION"], call["SYSTEM"], call["SCOPE"], call["LANGUAGE"]) == (
        "Conference",
        "Zoom",
        "External",
        "eng",
    )
    assert call["CALL_URL"] == f"https://app.gong.io/call?id={CALL_ID}"
    assert (call["PRIMARY_USER_ID"], call["PRIMARY_USER_NAME"]) == ("7001", "Dana Rep")
    assert (call["PRIMARY_USER_EMAIL"], call["PRIMARY_USER_MANAGER_ID"]) == ("dana.rep@northwind.io", "7000")

    internal = _j(call["INTERNAL_PARTICIPANTS"])
    assert [(p["speakerId"], p["name"]) for p in internal] == [("1002", "Ari Sales"), ("1001", "Dana Rep")]
    assert internal[1]["userId"] == "7001"
    external = _j(call["EXTERNAL_PARTICIPANTS"])
    assert [(p["name"], p.get("company"), p.get("email")) for p in external] == [
        ("Invited Only", "Acme Corp", "kim@acme.com"),
        ("Lee Partner", "globex.org", "lee@globex.org"),
        ("Sam Buyer", "Acme Corp", "sam@acme.com"),
    ]
    assert _j(call["EXTERNAL_COMPANIES"]) == ["Acme Corp", "globex.org"]
    assert call["EXTERNAL_PARTICIPANT_COUNT"] == 3

    assert (call["CRM_SYSTEM"], call["ACCOUNT_ID"], call["ACCOUNT_NAME"]) == (
        "Salesforce",
        "001A",
        "Acme Corp",
    )
    assert call["ACCOUNT_INDUSTRY"] == "Manufacturing"
    assert (call["OPPORTUNITY_ID"], call["OPPORTUNITY_NAME"]) == ("006X", "Acme - Expansion")
    assert (call["OPPORTUNITY_STAGE"], float(call["OPPORTUNITY_AMOUNT"])) == ("Discovery", 48000.5)
    assert str(call["OPPORTUNITY_CLOSE_DATE"]) == "2026-12-15"
    assert (call["OPPORTUNITY_STAGE_NOW"], float(call["OPPORTUNITY_AMOUNT_NOW"])) == ("Negotiation", 52000.0)
    assert str(call["OPPORTUNITY_CLOSE_DATE_NOW"]) == "2027-01-31"

    assert (call["TALK_RATIO"], call["LONGEST_MONOLOGUE_SECONDS"], call["INTERACTIVITY"]) == (0.62, 95.5, 4.2)
    assert (call["PATIENCE"], call["QUESTION_RATE"]) == (0.8, 7.5)
    assert (call["COMPANY_QUESTION_COUNT"], call["NON_COMPANY_QUESTION_COUNT"]) == (9, 4)
    # Ordered by name, so the same topics always hash the same.
    assert _j(call["GONG_TOPICS"]) == [
        {"name": "Next Steps", "duration": 90.0},
        {"name": "Pricing", "duration": 420.0},
    ]
    assert [tr["name"] for tr in _j(call["GONG_TRACKERS"])] == ["Competitors"]  # zero-count trackers left out
    assert _j(call["GONG_TRACKERS"])[0]["count"] == 2
    assert call["GONG_BRIEF"] == "Acme reviewed pricing."
    assert _j(call["GONG_KEY_POINTS"]) == ["Budget approved", "Legal review next"]
    assert _j(call["GONG_ACTION_ITEMS"]) == [
        {"snippet": "Send the quote", "speakerId": "1001", "startTime": 100.5, "endTime": 104.0}
    ]
    assert call["GONG_CALL_OUTCOME"] == "Next meeting booked"
    assert (call["SEGMENT_COUNT"], call["HAS_TRANSCRIPT"]) == (4, True)
    assert len(call["SOURCE_HASH"]) == 64 and call["ENRICHED_SOURCE_HASH"] is None
    assert result["metrics"]["calls_in_interval"] == 1
    assert result["metrics"]["segments_in_interval"] == 4
    assert result["quarantined"] == 0


def test_segments_are_speaker_turns_with_resolved_speakers(warehouse):
    land(warehouse, users=team(), calls=[rich_call()], transcripts=[rich_transcript()])
    stage(warehouse)

    segs = rows(warehouse, warehouse.settings.tables.stg_transcripts, "SEGMENT_ORDINAL")
    assert [s["TRANSCRIPT_ID"] for s in segs] == [f"{CALL_ID}-000{i}" for i in range(4)]
    assert [s["SEGMENT_ORDINAL"] for s in segs] == [0, 1, 2, 3]
    first, second, unknown, last = segs
    assert (first["SPEAKER_NAME"], first["SPEAKER_AFFILIATION"], first["SPEAKER_USER_ID"]) == (
        "Dana Rep",
        "Internal",
        "7001",
    )
    assert first["SPEAKER_EMAIL"] == "dana.rep@northwind.io" and first["SPEAKER_COMPANY"] is None
    assert (first["START_MS"], first["END_MS"], first["SENTENCE_COUNT"]) == (0, 2500, 2)
    assert first["TRANSCRIPT_TEXT"] == "Hi Sam. Thanks for the time."
    assert (second["SPEAKER_NAME"], second["SPEAKER_AFFILIATION"], second["SPEAKER_COMPANY"]) == (
        "Sam Buyer",
        "External",
        "Acme Corp",
    )
    assert (second["SPEAKER_TITLE"], second["TOPIC"]) == ("VP Sales", "Pricing")
    # A speaker id no party carries stays visible as such.
    assert (unknown["SPEAKER_ID"], unknown["SPEAKER_NAME"], unknown["SPEAKER_AFFILIATION"]) == (
        "9999",
        None,
        "Unknown",
    )
    assert unknown["TOPIC"] is None
    assert last["TRANSCRIPT_TEXT"] == "It depends on seats. Roughly ten."
    assert (last["START_MS"], last["END_MS"], last["SENTENCE_COUNT"]) == (4600, 8000, 3)
    assert last["SPEAKER_AFFILIATION"] == "Internal"
    assert {str(s["CALL_DATETIME_UTC"]) for s in segs} == {"2026-11-02 14:30:00"}
    assert all(len(s["SOURCE_HASH"]) == 64 for s in segs)


def test_users_dimension_takes_the_latest_landing_and_names_managers(warehouse):
    land(
        warehouse,
        users=[
            *team(),
            user_row(
                "7001",
                "Dana",
                "Old-Name",
                email="dana.rep@northwind.io",
                extracted_at="2026-10-01T00:00:00+00:00",
            ),
        ],
    )
    stage(warehouse)
    users = rows(warehouse, warehouse.settings.tables.stg_users, "USER_ID")
    assert [(u["USER_ID"], u["FULL_NAME"], u["MANAGER_NAME"]) for u in users] == [
        ("7000", "Morgan Lead", None),
        ("7001", "Dana Rep", "Morgan Lead"),
    ]
    assert users[1]["EMAIL"] == "dana.rep@northwind.io"
    assert users[0]["TITLE"] == "Sales Manager"


def test_seed_example_query_runs_verbatim(settings_factory):
    from include.gong_intel.warehouse.hook import WarehouseHook

    settings = settings_factory(database="SOPHIA_AI_DEV")
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    hook.settings = settings
    land(hook, users=team(), calls=[rich_call()], transcripts=[rich_transcript()])
    stage(hook)
    hook.run(
        f"UPDATE {settings.tables.stg_calls} SET SENTIMENT_SCORE = -0.5, CALL_SUMMARY = 'Pricing pushback' "
        f"WHERE CALL_ID = '{CALL_ID}'"
    )
    records = hook.get_records(
        "SELECT CALL_ID, SENTIMENT_SCORE, CALL_SUMMARY FROM SOPHIA_AI_DEV.STG_TRANSFORMED.STG_GONG_CALLS "
        "WHERE SENTIMENT_SCORE < -0.2 ORDER BY CALL_DATETIME_UTC DESC;"
    )
    assert [tuple(r) for r in records] == [(CALL_ID, -0.5, "Pricing pushback")]

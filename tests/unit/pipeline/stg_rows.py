"""Hand-written STG_TRANSFORMED rows (three calls) for the enrichment step's tests.

Call C-100 is a happy customer agreeing next steps, C-200 a pricing/budget/competitor objection, C-300 a call
whose recording failed (no transcript, only Gong's brief).
"""

from __future__ import annotations

from typing import Any

POSITIVE, NEGATIVE, NO_TRANSCRIPT = "C-100", "C-200", "C-300"
CALL_IDS = (POSITIVE, NEGATIVE, NO_TRANSCRIPT)

_CALLS: dict[str, dict[str, Any]] = {
    POSITIVE: {
        "TITLE": "Northwind rollout review",
        "CALL_DATETIME_UTC": "2026-11-02 15:00:00",
        "PRIMARY_USER_NAME": "Dana Reyes",
        "ACCOUNT_NAME": "Northwind",
        "OPPORTUNITY_NAME": "Northwind - Insights Cloud",
        "INTERNAL_PARTICIPANTS": [
            {"name": "Dana Reyes", "emailAddress": "dana@vendor.example", "speakerId": "s1"}
        ],
        "EXTERNAL_PARTICIPANTS": [
            {
                "name": "Priya Shah",
                "emailAddress": "priya@northwind.example",
                "company": "Northwind",
                "speakerId": "s2",
            }
        ],
        "GONG_BRIEF": "Rollout review with Northwind.",
    },
    NEGATIVE: {
        "TITLE": "Globex proposal follow-up",
        "CALL_DATETIME_UTC": "2026-11-03 09:30:00",
        "PRIMARY_USER_NAME": "Sam Ortiz",
        "ACCOUNT_NAME": "Globex",
        "OPPORTUNITY_NAME": "Globex - Forecast Pro",
        "INTERNAL_PARTICIPANTS": [{"name": "Sam Ortiz", "speakerId": "s3"}],
        "EXTERNAL_PARTICIPANTS": [{"name": "Lee Wong", "company": "Globex", "speakerId": "s4"}],
        "GONG_BRIEF": "Proposal follow-up with Globex.",
    },
    NO_TRANSCRIPT: {
        "TITLE": "Initech intro",
        "CALL_DATETIME_UTC": "2026-11-04 11:00:00",
        "PRIMARY_USER_NAME": "Dana Reyes",
        "ACCOUNT_NAME": "Initech",
        "OPPORTUNITY_NAME": None,
        "INTERNAL_PARTICIPANTS": [],
        "EXTERNAL_PARTICIPANTS": [],
        "GONG_BRIEF": "Intro call booked by the SDR; the recording failed.",
    },
}

# (speaker id, name, affiliation, company, start_ms, end_ms, text)
_SEGMENTS: dict[str, list[tuple[str, str, str, str | None, int, int, str]]] = {
    POSITIVE: [
        (
            "s1",
            "Dana Reyes",
            "Internal",
            None,
            0,
            9000,
            "Thanks for joining today, Priya. I wanted to walk through the rollout plan for Insights Cloud.",
        ),
        (
            "s2",
            "Priya Shah",
            "External",
            "Northwind",
            9000,
            21000,
            "Honestly, the team loves it. The pilot was a great success and adoption has been excellent.",
        ),
        (
            "s1",
            "Dana Reyes",
            "Internal",
            None,
            21000,
            27000,
            "That is wonderful to hear. Shall we schedule the onboarding kickoff for next Tuesday?",
        ),
        (
            "s2",
            "Priya Shah",
            "External",
            "Northwind",
            27000,
            36000,
            "Yes, let's book it. I will send the signed order form by Friday, we are really happy with it.",
        ),
    ],
    NEGATIVE: [
        (
            "s3",
            "Sam Ortiz",
            "Internal",
            None,
            0,
            5000,
            "Thanks for the time, Lee. Where did you land on the proposal?",
        ),
        (
            "s4",
            "Lee Wong",
            "External",
            "Globex",
            5000,
            16000,
            "To be frank, the price is way too expensive for us. $48,000 a year is far over our budget.",
        ),
        (
            "s4",
            "Lee Wong",
            "External",
            "Globex",
            16000,
            24000,
            "We are also evaluating Clari, and they quoted us a much cheaper offer.",
        ),
        (
            "s3",
            "Sam Ortiz",
            "Internal",
            None,
            24000,
            28000,
            "I understand. I can check what flexibility we have on the discount.",
        ),
        (
            "s4",
            "Lee Wong",
            "External",
            "Globex",
            28000,
            40000,
            "Our budget is frozen until next quarter. Frankly I am disappointed and worried this will not work.",
        ),
    ],
    NO_TRANSCRIPT: [],
}


def call_rows(source_hash_suffix: str = "v1") -> list[dict[str, Any]]:
    rows = []
    for call_id, call in _CALLS.items():
        segments = _SEGMENTS[call_id]
        rows.append(
            {
                "CALL_ID": call_id,
                **call,
                "SEGMENT_COUNT": len(segments),
                "HAS_TRANSCRIPT": bool(segments),
                "SOURCE_HASH": f"{call_id}-{source_hash_suffix}",
            }
        )
    return rows


def segment_rows() -> list[dict[str, Any]]:
    rows = []
    for call_id, segments in _SEGMENTS.items():
        for ordinal, (speaker_id, name, affiliation, company, start, end, text) in enumerate(segments):
            rows.append(
                {
                    "TRANSCRIPT_ID": f"{call_id}-{ordinal:04d}",
                    "CALL_ID": call_id,
                    "SEGMENT_ORDINAL": ordinal,
                    "CALL_DATETIME_UTC": _CALLS[call_id]["CALL_DATETIME_UTC"],
                    "SPEAKER_ID": speaker_id,
                    "SPEAKER_NAME": name,
                    "SPEAKER_AFFILIATION": affiliation,
                    "SPEAKER_COMPANY": company,
                    "TOPIC": None,
                    "START_MS": start,
                    "END_MS": end,
                    "TRANSCRIPT_TEXT": text,
                    "SOURCE_HASH": f"seg-{call_id}-{ordinal}",
                }
            )
    return rows


def segment_texts(call_id: str) -> list[str]:
    return [s[6] for s in _SEGMENTS[call_id]]


def load(hook, settings) -> None:
    """Insert the three calls and their segments into a fresh database."""
    tables = settings.tables
    hook.insert_records(
        tables.stg_calls, call_rows(), variant_columns=("INTERNAL_PARTICIPANTS", "EXTERNAL_PARTICIPANTS")
    )
    hook.insert_records(tables.stg_transcripts, segment_rows())

"""Small hand-made Gong payloads shared by the Gong unit and integration tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from local_stack.gong_peer import SimpleTenant

BASE_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACCESS_KEY = "AK-test-4242"
SECRET = "s3cr3t-never-log-me-7781"


def iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def make_user(n: int) -> dict[str, Any]:
    return {
        "id": f"70000000000000{n:04d}",
        "emailAddress": f"rep{n}@example.com",
        "firstName": f"Rep{n}",
        "lastName": "Seller",
        "title": "Account Executive",
        "managerId": None,
        "active": True,
        "created": "2025-01-01T00:00:00Z",
        "phoneNumber": None,
        "settings": {"webConferencesRecorded": True},
        "spokenLanguages": [{"language": "en-US", "primary": True}],
        "emailAliases": [],
        "trustedEmailAddress": None,
    }


def make_call(n: int, *, started: datetime | None = None, private: bool = False) -> dict[str, Any]:
    call_id = f"{8000000000000000000 + n}"
    start = started or BASE_START + timedelta(hours=n)
    return {
        "metaData": {
            "id": call_id,
            "url": f"https://app.gong.io/call?id={call_id}",
            "title": f"Discovery call {n}",
            "started": iso(start),
            "duration": 1800 + n,
            "primaryUserId": make_user(1)["id"],
            "direction": "Conference",
            "scope": "External",
            "isPrivate": private,
            "language": "eng",
        },
        "parties": [
            {"id": f"p{n}a", "speakerId": f"s{n}a", "affiliation": "Internal", "userId": make_user(1)["id"]},
            {"id": f"p{n}b", "speakerId": f"s{n}b", "affiliation": "External", "name": "Buyer"},
        ],
        "content": {
            "brief": f"Brief of call {n}",
            "topics": [{"name": "Pricing", "duration": 120}],
            "trackers": [
                {
                    "id": "t1",
                    "name": "Competitors",
                    "count": 1,
                    "occurrences": [{"speakerId": f"s{n}b", "startTime": 42.5}],
                }
            ],
            "keyPoints": [{"text": "Budget approved"}],
            "structure": [{"name": "Intro", "duration": 60}],
        },
        "interaction": {
            "speakers": [{"id": f"s{n}a", "userId": make_user(1)["id"], "talkTime": 900.5}],
            "interactionStats": [{"name": "Talk Ratio", "value": 0.5}],
            "questions": {"companyCount": 3, "nonCompanyCount": 1},
            "video": [],
        },
        "collaboration": {"publicComments": []},
        "context": [
            {
                "system": "Salesforce",
                "objects": [
                    {
                        "objectType": "Opportunity",
                        "objectId": f"006{n}",
                        "timing": timing,
                        "fields": [{"name": "StageName", "value": stage}],
                    }
                    for timing, stage in (("TimeOfCall", "Discovery"), ("Now", "Negotiation"))
                ],
            }
        ],
        "media": {"audioUrl": f"https://media.example/{call_id}.mp3"},
    }


def make_transcript(n: int) -> list[dict[str, Any]]:
    return [
        {
            "speakerId": f"s{n}a",
            "topic": "Pricing",
            "sentences": [{"start": 0, "end": 1500, "text": f"Hello from call {n}."}],
        }
    ]


def make_tenant(n_calls: int, *, n_users: int = 3, private: frozenset[int] = frozenset()) -> SimpleTenant:
    calls = [make_call(n, private=n in private) for n in range(n_calls)]
    return SimpleTenant(
        users=[make_user(n) for n in range(n_users)],
        calls=calls,
        transcripts={c["metaData"]["id"]: make_transcript(n) for n, c in enumerate(calls)},
    )


def gong_connection_json(url: str, **extra: Any) -> str:
    """An AIRFLOW_CONN_* value for a Gong connection pointing at a local peer (fast test settings)."""
    settings = {"requests_per_second": 1000, "backoff_initial_seconds": 0.01, "backoff_max_seconds": 0.05}
    settings.update(extra)
    return json.dumps(
        {"conn_type": "gong", "host": url, "login": ACCESS_KEY, "password": SECRET, "extra": settings}
    )

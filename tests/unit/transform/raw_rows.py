"""Builders of raw rows shaped exactly like Airbyte's Direct-Load landing of the Gong source.

Each builder returns one row dict for ``WarehouseHook.insert_records`` (column -> value). Semi-structured
columns hold Python objects and must be listed in the matching ``*_VARIANTS`` constant.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

CALL_VARIANTS = (
    "_AIRBYTE_META",
    "METADATA",
    "PARTIES",
    "CONTENT",
    "INTERACTION",
    "CONTEXT",
    "MEDIA",
    "COLLABORATION",
)
TRANSCRIPT_VARIANTS = ("_AIRBYTE_META", "TRANSCRIPT")
USER_VARIANTS = ("_AIRBYTE_META", "SETTINGS", "SPOKENLANGUAGES", "EMAILALIASES")

_sync_ids = itertools.count(1)


def meta(changes: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"sync_id": next(_sync_ids), "changes": list(changes or [])}


def serialization_change(field: str) -> dict[str, str]:
    return {"field": field, "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"}


def user_row(
    user_id: str | None,
    first: str,
    last: str,
    *,
    email: str | None = None,
    title: str = "Account Executive",
    manager_id: str | None = None,
    extracted_at: str = "2026-11-01T00:00:00+00:00",
    changes: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "_AIRBYTE_RAW_ID": str(uuid.uuid4()),
        "_AIRBYTE_EXTRACTED_AT": extracted_at,
        "_AIRBYTE_META": meta(changes),
        "_AIRBYTE_GENERATION_ID": 1,
        "ID": user_id,
        "EMAILADDRESS": email,
        "FIRSTNAME": first,
        "LASTNAME": last,
        "TITLE": title,
        "MANAGERID": manager_id,
        "ACTIVE": True,
        "CREATED": "2024-01-15T09:00:00+00:00",
        "PHONENUMBER": None,
        "SETTINGS": {"webConferencesRecorded": True},
        "SPOKENLANGUAGES": [{"language": "en-US", "primary": True}],
        "EMAILALIASES": [],
        "TRUSTEDEMAILADDRESS": email,
    }


def party(
    speaker_id: str | None,
    name: str,
    email: str | None,
    *,
    affiliation: str,
    user_id: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    return {
        "id": f"p-{speaker_id or name}",
        "name": name,
        "emailAddress": email,
        "title": title,
        "userId": user_id,
        "speakerId": speaker_id,
        "affiliation": affiliation,
        "methods": ["Invitee", "Attendee"],
    }


def crm_object(object_type: str, object_id: str, timing: str, **fields: Any) -> dict[str, Any]:
    return {
        "objectType": object_type,
        "objectId": object_id,
        "timing": timing,
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }


def call_row(
    call_id: str | None,
    started: str | None,
    *,
    extracted_at: str = "2026-11-03T06:00:00+00:00",
    title: str = "Discovery call",
    primary_user_id: str = "7001",
    parties: list[dict[str, Any]] | None = None,
    context: list[dict[str, Any]] | None = None,
    content: dict[str, Any] | None = None,
    interaction: dict[str, Any] | None = None,
    duration: int = 1800,
    changes: list[dict[str, str]] | None = None,
    media_token: str = "t0",
) -> dict[str, Any]:
    metadata = {
        "id": call_id,
        "url": f"https://app.gong.io/call?id={call_id}",
        "title": title,
        "scheduled": started,
        "started": started,
        "duration": duration,
        "primaryUserId": primary_user_id,
        "direction": "Conference",
        "system": "Zoom",
        "scope": "External",
        "media": "Video",
        "language": "eng",
        "workspaceId": "9000000000000000001",
        "isPrivate": False,
        "purpose": None,
    }
    return {
        "_AIRBYTE_RAW_ID": str(uuid.uuid4()),
        "_AIRBYTE_EXTRACTED_AT": extracted_at,
        "_AIRBYTE_META": meta(changes),
        "_AIRBYTE_GENERATION_ID": 0,
        "ID": int(call_id) if call_id and call_id.isdigit() and len(call_id) < 38 else None,
        "STARTDATETIME": started,
        "METADATA": metadata,
        "PARTIES": parties if parties is not None else default_parties(),
        "CONTENT": content if content is not None else {"brief": "A short call.", "topics": []},
        "INTERACTION": interaction if interaction is not None else {"interactionStats": []},
        "CONTEXT": context if context is not None else [],
        # Gong's media URLs are signed and change on every sync.
        "MEDIA": {"audioUrl": f"https://media.example/{call_id}.mp3?token={media_token}"},
        "COLLABORATION": {},
    }


def default_parties() -> list[dict[str, Any]]:
    return [
        party("1001", "Dana Rep", "dana.rep@northwind.io", affiliation="Internal", user_id="7001"),
        party("2001", "Sam Buyer", "sam@acme.com", affiliation="External", title="VP Sales"),
    ]


def transcript_row(
    call_id: str | None,
    started: str | None,
    monologues: list[tuple[str, str, list[tuple[int, int, str]]]],
    *,
    extracted_at: str = "2026-11-03T06:00:00+00:00",
    changes: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """:param monologues: (speakerId, topic, [(start_ms, end_ms, text), ...]) in transcript order."""
    return {
        "_AIRBYTE_RAW_ID": str(uuid.uuid4()),
        "_AIRBYTE_EXTRACTED_AT": extracted_at,
        "_AIRBYTE_META": meta(changes),
        "_AIRBYTE_GENERATION_ID": 0,
        "CALLID": call_id,
        "STARTED": started,
        "TRANSCRIPT": [
            {
                "speakerId": speaker,
                "topic": topic,
                "sentences": [{"start": s, "end": e, "text": text} for s, e, text in sentences],
            }
            for speaker, topic, sentences in monologues
        ],
    }


def simple_transcript(call_id: str, started: str, **kwargs: Any) -> dict[str, Any]:
    return transcript_row(
        call_id,
        started,
        [
            ("1001", "Intro", [(0, 1500, "Thanks for joining."), (1600, 3000, "Shall we start?")]),
            ("2001", "Intro", [(3100, 5000, "Sure, happy to.")]),
        ],
        **kwargs,
    )

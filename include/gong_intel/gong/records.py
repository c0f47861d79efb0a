"""Typed views over the Gong API v2 payloads the hook returns.

The hook yields Gong's JSON objects unchanged (the loader lands them byte-for-byte like Airbyte does); the
helpers here read the few fields the pipeline steers by (ids, start times, privacy) with clear errors, and
hold the request statistics the hook reports for monitoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

# The contentSelector Airbyte's source-gong sends to POST /v2/calls/extensive, field for field, so both ingest
# paths land the same content (airbytehq/airbyte, airbyte-integrations/connectors/source-gong/manifest.yaml,
# stream `extensiveCalls`, `retriever.requester.request_body_json.contentSelector`):
#
# | selector field | manifest field | why it matters here |
# |---|---|---|
# | context: "Extended" | contentSelector.context | Gong defaults to "None" (no CONTEXT at all); "Basic" has no CRM fields |
# | contextTiming: [Now, TimeOfCall] | contentSelector.contextTiming | Gong defaults to ["Now"]; 30_stg_calls reads STAGE/AMOUNT/CLOSE_DATE from TimeOfCall |
# | exposedFields.parties | exposedFields.parties | PARTIES |
# | exposedFields.content.{brief, outline, highlights, callOutcome, keyPoints, pointsOfInterest, topics, trackers, structure} | exposedFields.content.* | CONTENT.* |
# | exposedFields.content.trackerOccurrences | exposedFields.content.trackerOccurrences | CONTENT.trackers[].occurrences (only with trackers) |
# | exposedFields.interaction.{speakers, video, personInteractionStats, questions} | exposedFields.interaction.* | INTERACTION.* (personInteractionStats -> interactionStats) |
# | exposedFields.collaboration.publicComments | exposedFields.collaboration.publicComments | COLLABORATION.publicComments |
# | exposedFields.media | exposedFields.media | MEDIA |
#
# The context fields were added to the manifest with the connector's unit test
# unit_tests/test_extensive_calls_request_body.py (context == "Extended", contextTiming == [Now, TimeOfCall]).
EXTENSIVE_CONTENT_SELECTOR: dict[str, Any] = {
    "context": "Extended",
    "contextTiming": ["Now", "TimeOfCall"],
    "exposedFields": {
        "parties": True,
        "content": {
            "brief": True,
            "outline": True,
            "highlights": True,
            "callOutcome": True,
            "keyPoints": True,
            "pointsOfInterest": True,
            "trackers": True,
            "trackerOccurrences": True,
            "topics": True,
            "structure": True,
        },
        "interaction": {
            "speakers": True,
            "video": True,
            "personInteractionStats": True,
            "questions": True,
        },
        "collaboration": {"publicComments": True},
        "media": True,
    },
}

# Gong pages are fixed at 100 records, and /v2/calls/transcript accepts at most 100 call ids per request.
GONG_PAGE_SIZE = 100
MAX_TRANSCRIPT_CALL_IDS = 100


class GongRecordError(ValueError):
    """A Gong record lacks a field the pipeline needs, or the field has the wrong type."""


def parse_gong_datetime(value: Any, *, field_name: str = "date-time") -> datetime:
    """Parse a Gong ISO-8601 date-time (``2024-05-01T10:00:00Z`` or with an offset) into an aware datetime.

    :raises GongRecordError: when the value is not a string, not ISO-8601, or has no time zone.
    """
    if not isinstance(value, str):
        raise GongRecordError(f"{field_name} must be an ISO-8601 string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise GongRecordError(f"{field_name} is not an ISO-8601 date-time: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        raise GongRecordError(f"{field_name} has no time zone offset: {value[:40]!r}")
    return parsed


@dataclass(frozen=True)
class CallRef:
    """The identity of one call from a ``/v2/calls/extensive`` item."""

    call_id: str
    started: datetime
    is_private: bool

    @classmethod
    def from_extensive(cls, call: Mapping[str, Any]) -> CallRef:
        """Read id, start and privacy from an extensive call's ``metaData``.

        :raises GongRecordError: when ``metaData.id`` or ``metaData.started`` is missing or malformed.
        """
        meta = call.get("metaData") if isinstance(call, Mapping) else None
        if not isinstance(meta, Mapping):
            raise GongRecordError("call has no metaData object")
        call_id = meta.get("id")
        if not isinstance(call_id, str | int) or isinstance(call_id, bool) or str(call_id) == "":
            raise GongRecordError(f"metaData.id must be a non-empty string, got {call_id!r}")
        started = parse_gong_datetime(meta.get("started"), field_name=f"call {call_id} metaData.started")
        return cls(call_id=str(call_id), started=started, is_private=bool(meta.get("isPrivate", False)))


@dataclass
class GongRequestStats:
    """Counters a GongHook keeps over its lifetime (mutable on purpose: the hook increments them).

    ``requests`` counts HTTP requests actually sent (retries included); ``rate_limited`` counts 429 answers;
    the two wait totals separate Gong-imposed waits (Retry-After) from the client-side throttle.
    """

    requests: int = 0
    pages: int = 0
    retries: int = 0
    rate_limited: int = 0
    rate_limit_wait_seconds: float = 0.0
    throttle_wait_seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)

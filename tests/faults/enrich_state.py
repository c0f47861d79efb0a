"""Staged calls for the enrichment fault tests, and the "whole or nothing" reading of their final state."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from tests.unit.pipeline import stg_rows

# Clones of the hand-written staged calls (a positive and an objection-heavy one) under new ids and start
# times, so a batch holds enough calls for a failure to land in its middle.
_TEMPLATES = (stg_rows.POSITIVE, stg_rows.NEGATIVE)


def stage_calls(hook: Any, settings: Any, n_calls: int) -> list[str]:
    """Insert ``n_calls`` staged calls with transcripts into STG_TRANSFORMED; return their ids, oldest first."""
    calls = {r["CALL_ID"]: r for r in stg_rows.call_rows()}
    segments = stg_rows.segment_rows()
    call_rows, segment_rows, ids = [], [], []
    base = datetime(2026, 11, 2, 9, 0)
    for n in range(n_calls):
        template = _TEMPLATES[n % len(_TEMPLATES)]
        call_id = f"F-{n:03d}"
        ids.append(call_id)
        started = (base + timedelta(hours=n)).isoformat(sep=" ")
        call_rows.append(
            {
                **calls[template],
                "CALL_ID": call_id,
                "CALL_DATETIME_UTC": started,
                "SOURCE_HASH": f"{call_id}-v1",
            }
        )
        for seg in segments:
            if seg["CALL_ID"] == template:
                suffix = seg["TRANSCRIPT_ID"].rsplit("-", 1)[1]
                segment_rows.append(
                    {
                        **seg,
                        "TRANSCRIPT_ID": f"{call_id}-{suffix}",
                        "CALL_ID": call_id,
                        "CALL_DATETIME_UTC": started,
                        "SOURCE_HASH": f"seg-{call_id}-{suffix}",
                    }
                )
    tables = settings.tables
    hook.insert_records(
        tables.stg_calls, call_rows, variant_columns=("INTERNAL_PARTICIPANTS", "EXTERNAL_PARTICIPANTS")
    )
    hook.insert_records(tables.stg_transcripts, segment_rows)
    return ids


@dataclass(frozen=True)
class CallState:
    enriched: bool  # ENRICHED_SOURCE_HASH = SOURCE_HASH
    has_summary: bool
    has_embedding: bool
    sentiment: float | None
    segments: int
    segments_enriched: int
    chunks: int
    duplicate_chunks: int


def call_states(hook: Any, settings: Any) -> dict[str, CallState]:
    t = settings.tables
    calls = hook.get_records(
        f"SELECT CALL_ID, ENRICHED_SOURCE_HASH = SOURCE_HASH, CALL_SUMMARY IS NOT NULL,"
        f" AI_MEMORY_EMBEDDING IS NOT NULL, SENTIMENT_SCORE FROM {t.stg_calls}"
    )
    segs = Counter()
    segs_done = Counter()
    for call_id, done in hook.get_records(
        f"SELECT CALL_ID, ENRICHED_SOURCE_HASH IS NOT NULL FROM {t.stg_transcripts}"
    ):
        segs[call_id] += 1
        segs_done[call_id] += bool(done)
    chunk_ids = Counter(r for r in hook.get_records(f"SELECT CALL_ID, CHUNK_ID FROM {t.memory_chunks}"))
    chunks = Counter()
    dupes = Counter()
    for (call_id, _), n in chunk_ids.items():
        chunks[call_id] += n
        dupes[call_id] += n - 1
    return {
        r[0]: CallState(
            enriched=bool(r[1]),
            has_summary=bool(r[2]),
            has_embedding=bool(r[3]),
            sentiment=r[4],
            segments=segs[r[0]],
            segments_enriched=segs_done[r[0]],
            chunks=chunks[r[0]],
            duplicate_chunks=dupes[r[0]],
        )
        for r in calls
    }


def assert_whole_or_nothing(states: dict[str, CallState]) -> tuple[set[str], set[str]]:
    """Every call is either completely enriched or untouched; return (enriched ids, untouched ids)."""
    done, untouched = set(), set()
    for call_id, s in states.items():
        whole = (
            replace(s, sentiment=None)
            == CallState(True, True, True, None, s.segments, s.segments, s.chunks, 0)
            and s.chunks > 0
        )
        nothing = (not s.enriched, s.has_summary, s.has_embedding, s.segments_enriched, s.chunks) == (
            True,
            False,
            False,
            0,
            0,
        )
        assert whole or nothing, f"call {call_id} is half-written: {s}"
        (done if whole else untouched).add(call_id)
    return done, untouched


def quarantine_rows(hook: Any, settings: Any, step: str = "enrich") -> list[tuple[str, str, str]]:
    """(record key, check name, reason) of the quarantine rows of a step."""
    rows = hook.get_records(
        f"SELECT RECORD_KEY, CHECK_NAME, REASON FROM {settings.tables.quarantine} WHERE STEP = %s"
        " ORDER BY RECORD_KEY",
        parameters=[step],
    )
    return [tuple(r) for r in rows]


def analysis_requests(peer: Any) -> int:
    """Chat requests that asked for a call analysis (repair rounds excluded)."""
    from include.gong_intel.enrich import prompts

    count = 0
    for r in peer.requests_to("/v2/chat"):
        users = [m.get("content") for m in r.body.get("messages", []) if m.get("role") == "user"]
        if len(users) == 1 and prompts.prompt_task(users[0]) == prompts.TASK_CALL_ANALYSIS:
            count += 1
    return count


def as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value

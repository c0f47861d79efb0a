"""Reconcile what landed in RAW_AIRBYTE with what Gong holds, on both ingest paths.

- :func:`reconcile_late_transcripts`: Gong finishes a transcript some time after the call appears. Airbyte's
  ``callTranscripts`` stream asks once, when its parent call is first synced (its cursor has no lookback),
  and the loader asks again only within its lookback, so a transcript finished later is never landed.
  Landed calls still without a transcript once ``delay`` has passed are asked for again by id
  (``POST /v2/calls/transcript``, ``filter.callIds``, 100 ids a request) and landed in the same
  Direct-Load layout.
- :func:`check_completeness`: Airbyte can report success after landing nothing (a truncated 200 body made
  its calls stream emit 0 records with only an ERROR log line). The public calls Gong lists for the run's
  window (``GET /v2/calls``) are compared with the calls landed for it; the missing ones become a
  data-quality result.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from include.gong_intel.gong.loader import STREAMS, to_airbyte_rows
from include.gong_intel.gong.records import MAX_TRANSCRIPT_CALL_IDS
from include.gong_intel.validate.outcomes import DQResult

if TYPE_CHECKING:
    from include.gong_intel.config import Settings
    from include.gong_intel.gong.hook import GongHook

log = logging.getLogger(__name__)

COMPLETENESS_CHECK = "calls_landed_vs_gong"
SAMPLE_KEYS = 10


@dataclass(frozen=True)
class LateTranscripts:
    """What one :func:`reconcile_late_transcripts` did.

    :param candidates: landed calls without a transcript, older than the delay and within the max age.
    :param landed: transcripts Gong now had for them, landed in RAW_AIRBYTE.CALLTRANSCRIPTS.
    :param still_missing: call ids Gong still has no transcript for (asked again next run, until too old).
    :param requests: transcript requests made (one per 100 ids, plus extra pages).
    """

    candidates: int
    landed: int
    still_missing: tuple[str, ...]
    requests: int
    landed_ids: tuple[str, ...] = field(default_factory=tuple)


def _render(path: str, settings: Settings, warehouse_hook: Any) -> str:
    from include.gong_intel.warehouse.sql import render

    return render(path, settings, emulator=bool(getattr(warehouse_hook, "is_emulator", False)))


def calls_without_transcript(
    warehouse_hook: Any, settings: Settings, *, now: datetime, delay: timedelta, max_age: timedelta
) -> list[tuple[str, str]]:
    """Landed calls started in ``[now - max_age, now - delay)`` with no landed transcript: (id, started)."""
    rows = warehouse_hook.get_records(
        _render("ingest/calls_without_transcript.sql", settings, warehouse_hook),
        parameters={"oldest": now - max_age, "cutoff": now - delay},
    )
    return [(str(r[0]), str(r[1])) for r in rows or []]


def reconcile_late_transcripts(
    gong_hook: GongHook,
    warehouse_hook: Any,
    settings: Settings,
    *,
    now: datetime | None = None,
    extracted_at: datetime | None = None,
    sync_id: int | None = None,
) -> LateTranscripts:
    """Ask Gong again for the transcripts of landed calls that have none after ``late_transcript_delay_hours``.

    :param gong_hook: a :class:`~include.gong_intel.gong.hook.GongHook`.
    :param warehouse_hook: a ``WarehouseHook``.
    :param settings: the run's settings (tables, ``late_transcript_delay_hours``,
        ``late_transcript_max_age_days``).
    :param now: the reference time (time-zone aware); defaults to now (UTC).
    :param extracted_at: ``_AIRBYTE_EXTRACTED_AT`` of the landed rows; defaults to ``now``.
    :param sync_id: recorded in ``_AIRBYTE_META``; defaults to ``extracted_at`` in epoch seconds.
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    extracted_at = extracted_at or now
    sync_id = int(extracted_at.timestamp()) if sync_id is None else sync_id
    missing = calls_without_transcript(
        warehouse_hook,
        settings,
        now=now,
        delay=timedelta(hours=settings.late_transcript_delay_hours),
        max_age=timedelta(days=settings.late_transcript_max_age_days),
    )
    requests_before = gong_hook.stats.requests if missing else 0
    started = dict(missing)
    landed_ids: list[str] = []
    # One batch of ids at a time: iter_transcripts asks for at most 100 ids a request, and landing per
    # batch keeps memory flat and lands what Gong had even if a later batch fails.
    ids = list(started)
    for offset in range(0, len(ids), MAX_TRANSCRIPT_CALL_IDS):
        batch = ids[offset : offset + MAX_TRANSCRIPT_CALL_IDS]
        records = [
            {
                "callId": str(t.get("callId")),
                "started": started[str(t.get("callId"))],
                "transcript": t.get("transcript"),
            }
            for t in gong_hook.iter_transcripts(batch)
            if isinstance(t, Mapping) and str(t.get("callId")) in started and t.get("transcript")
        ]
        if records:
            rows = to_airbyte_rows("callTranscripts", records, extracted_at=extracted_at, sync_id=sync_id)
            warehouse_hook.insert_records(
                settings.tables.raw_call_transcripts, rows, STREAMS["callTranscripts"].variant_columns
            )
            landed_ids.extend(cast(str, r["callId"]) for r in records)
    landed = set(landed_ids)
    result = LateTranscripts(
        candidates=len(missing),
        landed=len(landed_ids),
        still_missing=tuple(i for i in ids if i not in landed),
        requests=(gong_hook.stats.requests - requests_before) if missing else 0,
        landed_ids=tuple(landed_ids),
    )
    log.info(
        "late transcripts: %d calls without one after %sh, %d landed now, %d still missing (%d requests)",
        result.candidates,
        settings.late_transcript_delay_hours,
        result.landed,
        len(result.still_missing),
        result.requests,
    )
    return result


@dataclass(frozen=True)
class Completeness:
    """Gong's public calls for a window against the calls landed for it.

    :param gong_calls: public calls Gong lists for the window.
    :param gong_total: Gong's ``records.totalRecords`` for the window (private calls included).
    :param landed_calls: distinct calls landed in RAW_AIRBYTE.EXTENSIVECALLS for the window.
    :param missing: ids Gong lists that did not land, in Gong's order.
    """

    window_start: datetime
    window_end: datetime
    gong_calls: int
    gong_total: int
    landed_calls: int
    missing: tuple[str, ...]
    requests: int

    def dq_result(self, threshold: float | None) -> DQResult:
        return DQResult(
            step="ingest",
            check=COMPLETENESS_CHECK,
            failed=len(self.missing),
            total=max(self.gong_calls, len(self.missing)),
            sample_keys=self.missing[:SAMPLE_KEYS],
            threshold=threshold,
        )


def check_completeness(
    gong_hook: GongHook, warehouse_hook: Any, settings: Settings, *, start: datetime, end: datetime
) -> Completeness:
    """Compare the public calls Gong lists for ``[start, end)`` with the calls landed for that window.

    Gong's own ``records.totalRecords`` counts private calls too, which neither path lands, so the calls
    are listed (one request per 100) and the private ones left out before comparing ids.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be time-zone aware")
    requests_before = gong_hook.stats.requests
    gong_ids: list[str] = []
    total = 0
    for call in gong_hook.iter_calls(start, end):
        total += 1
        if not isinstance(call, Mapping) or call.get("isPrivate") or call.get("id") is None:
            continue
        gong_ids.append(str(call["id"]))
    rows = warehouse_hook.get_records(
        _render("ingest/landed_call_ids.sql", settings, warehouse_hook),
        parameters={"interval_start": start, "interval_end": end},
    )
    landed = {str(r[0]) for r in rows or []}
    result = Completeness(
        window_start=start,
        window_end=end,
        gong_calls=len(gong_ids),
        gong_total=total,
        landed_calls=len(landed),
        missing=tuple(i for i in dict.fromkeys(gong_ids) if i not in landed),
        requests=gong_hook.stats.requests - requests_before,
    )
    log.info(
        "completeness [%s, %s): Gong lists %d public calls (%d in all), %d landed, %d missing",
        start.isoformat(),
        end.isoformat(),
        result.gong_calls,
        total,
        result.landed_calls,
        len(result.missing),
    )
    return result

"""Gong API faults during a sync: the loader completes with everything, or fails cleanly and the next run
lands exactly what is missing. Judged on RAW_AIRBYTE contents, not on the hook's internals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from include.gong_intel.gong.hook import GongApiError, GongHook, GongPaginationError, GongRateLimitError
from include.gong_intel.gong.loader import load_gong_to_raw
from tests.faults.conftest import (
    GONG_CONN_ID,
    LOOKBACK,
    MAX_ATTEMPTS,
    MAX_RATE_LIMIT_RETRIES,
    SINCE,
    TIMEOUT_S,
    UNTIL,
    expected_ids,
    raw_snapshot,
    tenant_of,
)

pytestmark = pytest.mark.timeout(60)

TRANSCRIPTS = "/v2/calls/transcript"
EXTENSIVE = "/v2/calls/extensive"
USERS = "/v2/users"
FIRST_RUN = datetime(2026, 3, 20, 6, tzinfo=UTC)
SECOND_RUN = datetime(2026, 3, 21, 6, tzinfo=UTC)


def _sync(warehouse, *, extracted_at=FIRST_RUN):
    """One sync with a fresh hook, as a new task try would run it."""
    return load_gong_to_raw(
        GongHook(gong_conn_id=GONG_CONN_ID),
        warehouse,
        tables=warehouse.settings.tables,
        since=SINCE,
        until=UNTIL,
        lookback=LOOKBACK,
        extracted_at=extracted_at,
    )


def _assert_complete(warehouse, tenant) -> None:
    snap = raw_snapshot(warehouse)
    want = expected_ids(tenant)
    assert set(snap.calls) == want
    assert set(snap.transcripts) == want
    assert snap.duplicated_calls == [] and snap.duplicated_transcripts == []
    assert set(snap.users) == {u["id"] for u in tenant.users}


def test_429_storm_with_retry_after_is_waited_out_and_every_call_lands_once(gong_peer_factory, warehouse):
    tenant = tenant_of(12)
    peer = gong_peer_factory(tenant)
    peer.rate_limit(retry_after=1, path=USERS)
    peer.rate_limit(retry_after=0, times=MAX_RATE_LIMIT_RETRIES, path=TRANSCRIPTS)

    stats = _sync(warehouse)

    _assert_complete(warehouse, tenant)
    assert stats.errors == ()
    # users, extensive calls, transcripts + 1 + 4 answers of 429 that were retried.
    assert stats.requests == 3 + 1 + MAX_RATE_LIMIT_RETRIES
    assert [r.status for r in peer.requests].count(429) == 1 + MAX_RATE_LIMIT_RETRIES
    assert stats.rate_limit_wait_seconds >= 1.0


def test_429_storm_beyond_the_budget_fails_cleanly_and_the_next_run_lands_the_rest(
    gong_peer_factory, warehouse
):
    tenant = tenant_of(12)
    peer = gong_peer_factory(tenant)
    peer.rate_limit(retry_after=0, times=MAX_RATE_LIMIT_RETRIES + 1, path=TRANSCRIPTS)

    with pytest.raises(GongRateLimitError, match="still rate limited"):
        _sync(warehouse)

    # A page lands transcripts first, then calls: a failure in between leaves the cursor where it was.
    after_failure = raw_snapshot(warehouse)
    assert not after_failure.calls and not after_failure.transcripts
    assert set(after_failure.users) == {u["id"] for u in tenant.users}

    stats = _sync(warehouse, extracted_at=SECOND_RUN)

    _assert_complete(warehouse, tenant)
    assert stats.rows[warehouse.settings.tables.raw_extensive_calls] == 12
    assert stats.rows[warehouse.settings.tables.raw_users] == 0  # unchanged users are not landed twice


def test_transient_5xx_and_timeouts_are_retried_within_the_run(gong_peer_factory, warehouse):
    tenant = tenant_of(12)
    peer = gong_peer_factory(tenant)
    peer.fail(503, times=MAX_ATTEMPTS - 1, path=EXTENSIVE)
    peer.delay(TIMEOUT_S * 2, times=MAX_ATTEMPTS - 1, path=TRANSCRIPTS)
    peer.fail(500, path=USERS)

    stats = _sync(warehouse)

    _assert_complete(warehouse, tenant)
    # 3 logical requests; 2 + 2 + 1 retried attempts (the peer logs a timed-out request when it answers).
    assert stats.requests == 3 + (MAX_ATTEMPTS - 1) * 2 + 1


def test_persistent_5xx_on_transcripts_fails_and_the_next_run_lands_every_transcript(
    gong_peer_factory, warehouse
):
    # 130 calls one hour apart: the first page covers ~4 days, far more than the 1-day lookback.
    tenant = tenant_of(130)
    peer = gong_peer_factory(tenant)
    peer.fail(503, times=MAX_ATTEMPTS, path=TRANSCRIPTS)

    with pytest.raises(GongApiError, match=f"failed after {MAX_ATTEMPTS} attempts"):
        _sync(warehouse)
    assert not raw_snapshot(warehouse).calls

    _sync(warehouse, extracted_at=SECOND_RUN)

    _assert_complete(warehouse, tenant)


def test_truncated_json_is_retried_and_persistent_truncation_fails_before_anything_lands(
    gong_peer_factory, warehouse
):
    tenant = tenant_of(12)
    peer = gong_peer_factory(tenant)
    peer.malformed(times=MAX_ATTEMPTS, path=EXTENSIVE)

    with pytest.raises(GongApiError, match="malformed JSON"):
        _sync(warehouse)
    assert not raw_snapshot(warehouse).calls

    peer.malformed(times=MAX_ATTEMPTS - 1, path=TRANSCRIPTS)
    _sync(warehouse, extracted_at=SECOND_RUN)

    _assert_complete(warehouse, tenant)


def test_repeated_cursor_stops_the_sync_after_whole_pages_and_the_next_run_completes(
    gong_peer_factory, warehouse
):
    tenant = tenant_of(130)
    peer = gong_peer_factory(tenant)
    peer.repeat_cursor(path=EXTENSIVE)

    with pytest.raises(GongPaginationError, match="already returned"):
        _sync(warehouse)
    after_failure = raw_snapshot(warehouse)
    # Page 1 landed with its transcripts; the page with the looping cursor landed nothing.
    assert len(after_failure.calls) == len(after_failure.transcripts) == 100
    assert after_failure.duplicated_calls == []

    _sync(warehouse, extracted_at=SECOND_RUN)

    _assert_complete(warehouse, tenant)

"""Shared helpers of the fault-injection suite: a Gong peer with fast client settings and RAW snapshots.

Every test gets its own database (``settings_factory`` / ``warehouse`` from ``tests/conftest.py``) and its own
peers on ephemeral 127.0.0.1 ports. Client retry budgets and backoffs are shrunk through connection extras so
each failure mode plays out in about a second of waiting.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from local_stack.gong_peer import GongPeer, SimpleTenant
from tests.unit.gong.gong_fixtures import ACCESS_KEY, SECRET, make_call, make_transcript, make_user

# The Snowflake connector probes cloud metadata endpoints on every connect; on a machine without them a
# blocked DNS lookup stalls a connect for ~5 s at random. The emulator needs none of it.
os.environ.setdefault("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")

GONG_CONN_ID = "gong_faults"
# Calls start one hour apart from here; a tenant of 130 calls spans ~5.4 days and two Gong pages.
FIRST_CALL = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SINCE = FIRST_CALL - timedelta(days=1)
UNTIL = FIRST_CALL + timedelta(days=10)
LOOKBACK = timedelta(days=1)
# Small enough to exhaust in tests, large enough to survive a short burst of faults.
MAX_ATTEMPTS = 3
MAX_RATE_LIMIT_RETRIES = 4
# Every request the tests do not stall must be answered within this, also on a loaded 2-core CI machine: a
# page takes milliseconds, but 0.4 s left little margin there, and one unexpected retry changes the counts the
# tests check. A stalled request is delayed well past it, so each injected timeout costs this much waiting.
TIMEOUT_S = 1.0


def tenant_of(n_calls: int, *, n_users: int = 3) -> SimpleTenant:
    """A hand-made tenant: ``n_calls`` public calls one hour apart, each with a one-line transcript."""
    calls = [make_call(n) for n in range(n_calls)]
    return SimpleTenant(
        users=[make_user(n) for n in range(n_users)],
        calls=calls,
        transcripts={c["metaData"]["id"]: make_transcript(n) for n, c in enumerate(calls)},
    )


def gong_conn(url: str, **extra: object) -> str:
    settings = {
        "requests_per_second": 1000,
        "backoff_initial_seconds": 0.01,
        "backoff_max_seconds": 0.02,
        "max_attempts": MAX_ATTEMPTS,
        "max_rate_limit_retries": MAX_RATE_LIMIT_RETRIES,
        "max_rate_limit_wait_seconds": 5,
        "timeout_seconds": TIMEOUT_S,
        **extra,
    }
    return json.dumps(
        {"conn_type": "gong", "host": url, "login": ACCESS_KEY, "password": SECRET, "extra": settings}
    )


@dataclass(frozen=True)
class RawSnapshot:
    """What RAW_AIRBYTE holds, reduced to what "nothing lost, nothing duplicated" is judged on."""

    calls: Counter  # METADATA:id -> landed rows
    transcripts: Counter  # CALLID -> landed rows
    users: Counter  # ID -> rows of the current generation

    @property
    def duplicated_calls(self) -> list[str]:
        return sorted(k for k, n in self.calls.items() if n > 1)

    @property
    def duplicated_transcripts(self) -> list[str]:
        return sorted(k for k, n in self.transcripts.items() if n > 1)


def raw_snapshot(warehouse) -> RawSnapshot:
    t = warehouse.settings.tables
    calls = warehouse.get_records(f"SELECT METADATA:id::string FROM {t.raw_extensive_calls}")
    transcripts = warehouse.get_records(f"SELECT CALLID FROM {t.raw_call_transcripts}")
    users = warehouse.get_records(
        f"SELECT ID FROM {t.raw_users} QUALIFY _AIRBYTE_GENERATION_ID = MAX(_AIRBYTE_GENERATION_ID) OVER ()"
    )
    return RawSnapshot(
        calls=Counter(r[0] for r in calls),
        transcripts=Counter(r[0] for r in transcripts),
        users=Counter(r[0] for r in users),
    )


def expected_ids(tenant: SimpleTenant) -> set[str]:
    return {c["metaData"]["id"] for c in tenant.calls if not c["metaData"].get("isPrivate")}


@pytest.fixture
def gong_peer_factory(monkeypatch):
    """Start a Gong peer for a tenant and point the ``gong_faults`` connection at it (fast client settings)."""
    peers: list[GongPeer] = []

    def start(tenant: SimpleTenant, **conn_extra: object) -> GongPeer:
        peer = GongPeer(tenant, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None).start()
        peers.append(peer)
        monkeypatch.setenv(f"AIRFLOW_CONN_{GONG_CONN_ID.upper()}", gong_conn(peer.url, **conn_extra))
        return peer

    yield start
    for peer in peers:
        peer.stop()

"""load_gong_to_raw: Gong peer -> embedded warehouse, in Airbyte's Direct-Load layout."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from include.gong_intel.gong.hook import GongApiError, GongHook
from include.gong_intel.gong.loader import SERIALIZATION_ERROR, load_gong_to_raw
from local_stack.gong_peer import GongPeer
from tests.unit.gong.gong_fixtures import (
    ACCESS_KEY,
    BASE_START,
    SECRET,
    gong_connection_json,
    make_call,
    make_tenant,
    make_transcript,
)

pytestmark = pytest.mark.integration

SINCE = BASE_START - timedelta(days=1)
UNTIL = BASE_START + timedelta(days=10)
LOOKBACK = timedelta(days=2)


@pytest.fixture
def tenant(request):
    # Small by default (the emulator's inserts dominate the run time); two pages where pagination matters.
    n_calls = getattr(request, "param", 12)
    return make_tenant(n_calls, n_users=3, private=frozenset({5, 77}))


@pytest.fixture
def gong(tenant, monkeypatch):
    # serve_private: the loader itself must drop private calls, as the Airbyte source does.
    with GongPeer(tenant, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None, serve_private=True) as peer:
        monkeypatch.setenv("AIRFLOW_CONN_GONG_LOADER_TEST", gong_connection_json(peer.url))
        yield peer, GongHook(gong_conn_id="gong_loader_test")


def _load(gong_hook, warehouse, *, extracted_at, since=SINCE):
    return load_gong_to_raw(
        gong_hook,
        warehouse,
        tables=warehouse.settings.tables,
        since=since,
        until=UNTIL,
        lookback=LOOKBACK,
        extracted_at=extracted_at,
    )


def _count(warehouse, table: str) -> int:
    return warehouse.get_records(f"SELECT COUNT(*) FROM {table}")[0][0]


@pytest.mark.parametrize("tenant", [130], indirect=True)
def test_initial_load_lands_every_stream_in_airbyte_layout(gong, warehouse):
    peer, hook = gong
    t = warehouse.settings.tables
    extracted = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)

    stats = _load(hook, warehouse, extracted_at=extracted)

    assert stats.window_start == SINCE and stats.window_end == UNTIL
    assert stats.rows == {t.raw_users: 3, t.raw_extensive_calls: 128, t.raw_call_transcripts: 128}
    assert stats.errors == () and stats.skipped_private == 2
    # users + 2 pages of calls + 2 transcript batches (one per page of calls)
    assert stats.requests == 5 == len(peer.requests)
    assert _count(warehouse, t.raw_extensive_calls) == 128

    [row] = warehouse.get_records(
        f"SELECT ID, STARTDATETIME, METADATA:id::string, METADATA:title::string, PARTIES[1]:speakerId::string,"
        f" CONTENT:brief::string, _AIRBYTE_META:sync_id::int, _AIRBYTE_GENERATION_ID, _AIRBYTE_EXTRACTED_AT"
        f" FROM {t.raw_extensive_calls} WHERE METADATA:id::string = %s",
        parameters=["8000000000000000004"],
    )
    assert row[0] == 8000000000000000004
    assert row[1] == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert row[2:6] == ("8000000000000000004", "Discovery call 4", "s4b", "Brief of call 4")
    assert row[6] == int(extracted.timestamp()) and row[7] == 0
    assert row[8] == extracted

    [transcript] = warehouse.get_records(
        f"SELECT CALLID, STARTED, TRANSCRIPT[0]:sentences[0]:text::string FROM {t.raw_call_transcripts}"
        " WHERE CALLID = %s",
        parameters=["8000000000000000004"],
    )
    assert transcript == (
        "8000000000000000004",
        datetime(2026, 3, 2, 13, 0, tzinfo=UTC),
        "Hello from call 4.",
    )

    private = warehouse.get_records(
        f"SELECT COUNT(*) FROM {t.raw_extensive_calls} WHERE METADATA:id::string IN (%s, %s)",
        parameters=["8000000000000000005", "8000000000000000077"],
    )
    assert private[0][0] == 0


def test_rerun_with_nothing_new_lands_nothing(gong, warehouse):
    _, hook = gong
    t = warehouse.settings.tables
    _load(hook, warehouse, extracted_at=datetime(2026, 3, 20, 6, tzinfo=UTC))

    again = _load(hook, warehouse, extracted_at=datetime(2026, 3, 21, 6, tzinfo=UTC), since=None)

    assert again.total_rows == 0
    # The window restarts at the landed cursor (call 11 at BASE_START + 11 h) minus the lookback.
    assert again.window_start == BASE_START + timedelta(hours=11) - LOOKBACK
    # users + 11 calls + 11 transcripts, all identical to what is landed
    assert again.skipped_unchanged == 3 + 11 + 11
    assert _count(warehouse, t.raw_extensive_calls) == 11
    assert _count(warehouse, t.raw_call_transcripts) == 11
    assert _count(warehouse, t.raw_users) == 3


def test_rerun_lands_new_and_changed_calls_only(gong, tenant, warehouse):
    _, hook = gong
    t = warehouse.settings.tables
    _load(hook, warehouse, extracted_at=datetime(2026, 3, 20, 6, tzinfo=UTC))
    tenant.calls[10]["content"]["brief"] = "Rewritten brief after processing"
    new_call = make_call(200)
    tenant.calls.append(new_call)
    tenant.transcripts[new_call["metaData"]["id"]] = make_transcript(200)

    stats = _load(hook, warehouse, extracted_at=datetime(2026, 3, 21, 6, tzinfo=UTC))

    assert stats.rows == {t.raw_users: 0, t.raw_extensive_calls: 2, t.raw_call_transcripts: 1}
    briefs = warehouse.get_records(
        f"SELECT CONTENT:brief::string FROM {t.raw_extensive_calls} WHERE METADATA:id::string = %s"
        " ORDER BY _AIRBYTE_EXTRACTED_AT",
        parameters=[tenant.calls[10]["metaData"]["id"]],
    )
    assert [b[0] for b in briefs] == ["Brief of call 10", "Rewritten brief after processing"]


def test_users_full_refresh_replaces_the_previous_generation(gong, tenant, warehouse):
    _, hook = gong
    t = warehouse.settings.tables
    _load(hook, warehouse, extracted_at=datetime(2026, 3, 20, 6, tzinfo=UTC))
    tenant.users[0]["title"] = "Regional Vice President"
    tenant.users.pop()

    stats = _load(hook, warehouse, extracted_at=datetime(2026, 3, 21, 6, tzinfo=UTC))

    assert stats.rows[t.raw_users] == 2
    users = warehouse.get_records(f"SELECT TITLE, _AIRBYTE_GENERATION_ID FROM {t.raw_users} ORDER BY ID")
    assert users == [("Regional Vice President", 1), ("Account Executive", 1)]


def test_untypable_id_is_landed_nulled_and_reported(gong, tenant, warehouse):
    _, hook = gong
    t = warehouse.settings.tables
    tenant.calls[0]["metaData"]["id"] = "legacy-call-17"
    tenant.transcripts["legacy-call-17"] = make_transcript(0)

    stats = _load(hook, warehouse, extracted_at=datetime(2026, 3, 20, 6, tzinfo=UTC))

    assert stats.rows[t.raw_extensive_calls] == 11
    assert stats.errors == ("extensiveCalls legacy-call-17: NULLED ['id']",)
    [(row_id, meta)] = warehouse.get_records(
        f"SELECT ID, _AIRBYTE_META FROM {t.raw_extensive_calls} WHERE METADATA:id::string = %s",
        parameters=["legacy-call-17"],
    )
    assert row_id is None
    assert json.loads(meta)["changes"] == [{"field": "id", "change": "NULLED", "reason": SERIALIZATION_ERROR}]
    # Its transcript still lands: CALLID is a string column.
    assert warehouse.get_records(
        f"SELECT COUNT(*) FROM {t.raw_call_transcripts} WHERE CALLID = %s",
        parameters=["legacy-call-17"],
    ) == [(1,)]


@pytest.mark.parametrize("tenant", [130], indirect=True)
def test_failed_transcripts_keep_the_cursor_back_so_the_next_run_heals(gong, warehouse, monkeypatch):
    peer, hook = gong
    t = warehouse.settings.tables
    # Two pages; the first page's calls span ~4 days, longer than the 2-day lookback.
    monkeypatch.setenv("AIRFLOW_CONN_GONG_LOADER_TEST", gong_connection_json(peer.url, max_attempts=2))
    peer.fail(503, times=2, path="/v2/calls/transcript")

    with pytest.raises(GongApiError, match="failed after 2 attempts"):
        _load(
            GongHook(gong_conn_id="gong_loader_test"),
            warehouse,
            extracted_at=datetime(2026, 3, 20, 6, tzinfo=UTC),
        )
    assert _count(warehouse, t.raw_extensive_calls) == 0

    stats = _load(hook, warehouse, extracted_at=datetime(2026, 3, 21, 6, tzinfo=UTC))

    assert stats.window_start == SINCE
    assert _count(warehouse, t.raw_extensive_calls) == _count(warehouse, t.raw_call_transcripts) == 128


def test_empty_table_without_since_is_a_clear_error(gong, warehouse):
    _, hook = gong
    with pytest.raises(ValueError, match="pass `since`"):
        _load(hook, warehouse, extracted_at=datetime(2026, 3, 20, 6, tzinfo=UTC), since=None)

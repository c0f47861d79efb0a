"""Late transcripts and completeness, on the Gong API loader path and on the Airbyte path.

A transcript Gong finishes after its call was ingested is asked for again by id and landed; calls Gong
lists for a window that did not land (an Airbyte sync that reported success after landing nothing) become a
data-quality result.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from include.gong_intel.gong.hook import GongHook
from include.gong_intel.gong.loader import load_gong_to_raw
from include.gong_intel.gong.reconcile import (
    COMPLETENESS_CHECK,
    check_completeness,
    reconcile_late_transcripts,
)
from include.gong_intel.pipeline import tasks
from local_stack.gong_peer import GongPeer, PendingTranscripts
from tests.integration.airbyte_peers import bootstrapped_airbyte_peer, sync
from tests.unit.gong.gong_fixtures import ACCESS_KEY, BASE_START, SECRET, gong_connection_json, make_tenant

pytestmark = pytest.mark.integration

SINCE = BASE_START - timedelta(days=1)
UNTIL = BASE_START + timedelta(days=10)
# Long after every call of the fixtures (BASE_START + n hours) and well within the default max age.
NOW = BASE_START + timedelta(days=12)


def _call_id(n: int) -> str:
    return f"{8000000000000000000 + n}"


def _gong(tenant, monkeypatch, conn_id="gong_reconcile_test"):
    peer = GongPeer(tenant, access_key=ACCESS_KEY, secret=SECRET, rate_limit=None)
    peer.start()
    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", gong_connection_json(peer.url))
    return peer, GongHook(gong_conn_id=conn_id)


def _load(hook, warehouse) -> None:
    load_gong_to_raw(
        hook,
        warehouse,
        tables=warehouse.settings.tables,
        since=SINCE,
        until=UNTIL,
        lookback=None,
        extracted_at=NOW - timedelta(days=2),
    )


def _transcript_ids(warehouse) -> list[str]:
    t = warehouse.settings.tables
    return sorted(r[0] for r in warehouse.get_records(f"SELECT CALLID FROM {t.raw_call_transcripts}"))


def _transcript_posts(peer) -> list[list[str]]:
    return [r.body["filter"]["callIds"] for r in peer.requests if r.path == "/v2/calls/transcript"]


def test_late_transcript_is_requested_by_id_landed_and_counted(warehouse, monkeypatch):
    tenant = PendingTranscripts(make_tenant(6), pending=[_call_id(2)])
    peer, hook = _gong(tenant, monkeypatch)
    try:
        _load(hook, warehouse)
        assert _call_id(2) not in _transcript_ids(warehouse)
        peer.clear_log()

        not_yet = reconcile_late_transcripts(hook, warehouse, warehouse.settings, now=NOW)
        tenant.release()
        caught = reconcile_late_transcripts(hook, warehouse, warehouse.settings, now=NOW)
        peer.clear_log()
        again = reconcile_late_transcripts(hook, warehouse, warehouse.settings, now=NOW)
    finally:
        peer.stop()

    assert (not_yet.candidates, not_yet.landed, not_yet.still_missing) == (1, 0, (_call_id(2),))
    assert (caught.candidates, caught.landed, caught.still_missing) == (1, 1, ())
    assert caught.requests == 1
    assert (again.candidates, again.requests) == (0, 0) and _transcript_posts(peer) == []
    assert _transcript_ids(warehouse) == sorted(_call_id(n) for n in range(6))
    t = warehouse.settings.tables
    [row] = warehouse.get_records(
        f"SELECT STARTED, TRANSCRIPT[0]:sentences[0]:text::string, _AIRBYTE_META:changes::string "
        f"FROM {t.raw_call_transcripts} WHERE CALLID = %s",
        parameters=[_call_id(2)],
    )
    assert row[0] == BASE_START + timedelta(hours=2)
    assert row[1] == "Hello from call 2." and json.loads(row[2]) == []


def test_calls_younger_than_the_delay_or_older_than_the_max_age_are_not_asked_for(
    settings_factory, monkeypatch
):
    from include.gong_intel.warehouse.hook import WarehouseHook

    settings = settings_factory(late_transcript_delay_hours=3, late_transcript_max_age_days=2)
    warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    warehouse.settings = settings
    tenant = PendingTranscripts(make_tenant(6), pending=[_call_id(0), _call_id(5)])
    peer, hook = _gong(tenant, monkeypatch)
    try:
        _load(hook, warehouse)
        tenant.release()
        # Calls start at BASE_START + n hours. Two hours in, every call is younger than the 3 h delay.
        young = reconcile_late_transcripts(hook, warehouse, settings, now=BASE_START + timedelta(hours=2))
        # Two days and three hours in, call 0 is older than the 2-day max age; call 5 is not.
        aged = reconcile_late_transcripts(
            hook, warehouse, settings, now=BASE_START + timedelta(days=2, hours=3)
        )
        # Four hours in, call 0 is past the delay and within the max age.
        early = reconcile_late_transcripts(hook, warehouse, settings, now=BASE_START + timedelta(hours=4))
    finally:
        peer.stop()

    assert (young.candidates, young.requests) == (0, 0)
    assert (aged.candidates, aged.landed_ids) == (1, (_call_id(5),))
    assert (early.candidates, early.landed_ids) == (1, (_call_id(0),))


def test_late_transcripts_are_asked_for_100_ids_a_request(warehouse, monkeypatch):
    ids = [_call_id(n) for n in range(130)]
    tenant = PendingTranscripts(make_tenant(130), pending=ids)
    peer, hook = _gong(tenant, monkeypatch)
    try:
        _load(hook, warehouse)
        tenant.release()
        peer.clear_log()
        result = reconcile_late_transcripts(hook, warehouse, warehouse.settings, now=NOW)
    finally:
        peer.stop()

    assert [len(batch) for batch in _transcript_posts(peer)] == [100, 30]
    assert sorted(id for batch in _transcript_posts(peer) for id in batch) == sorted(ids)
    assert (result.candidates, result.landed, result.requests) == (130, 130, 2)
    assert _transcript_ids(warehouse) == sorted(ids)


def test_completeness_finds_calls_that_did_not_land(warehouse, monkeypatch):
    tenant = make_tenant(8, private=frozenset({3}))
    peer, hook = _gong(tenant, monkeypatch)
    t = warehouse.settings.tables
    try:
        _load(hook, warehouse)
        complete = check_completeness(hook, warehouse, warehouse.settings, start=SINCE, end=UNTIL)
        warehouse.run(
            f"DELETE FROM {t.raw_extensive_calls} WHERE METADATA:id::string IN (%s, %s)",
            parameters=[_call_id(1), _call_id(6)],
        )
        peer.clear_log()
        gaps = check_completeness(hook, warehouse, warehouse.settings, start=SINCE, end=UNTIL)
        # A window that holds calls 0..4 only.
        day = check_completeness(
            hook, warehouse, warehouse.settings, start=SINCE, end=BASE_START + timedelta(hours=4, minutes=30)
        )
    finally:
        peer.stop()

    assert (complete.gong_calls, complete.landed_calls, complete.missing) == (7, 7, ())
    assert complete.dq_result(0.2).failed == 0 and not complete.dq_result(0.2).breached
    assert (gaps.gong_calls, gaps.landed_calls, gaps.missing) == (7, 5, (_call_id(1), _call_id(6)))
    # One GET /v2/calls page per check (7 calls), nothing else.
    assert [r.path for r in peer.requests] == ["/v2/calls", "/v2/calls"]
    assert peer.requests[0].query["fromDateTime"] == ["2026-03-01T09:00:00Z"]
    result = gaps.dq_result(0.2)
    assert (result.step, result.check, result.failed, result.total) == ("ingest", COMPLETENESS_CHECK, 2, 7)
    assert result.sample_keys == (_call_id(1), _call_id(6)) and result.breached
    assert (day.gong_calls, day.missing) == (4, (_call_id(1),))


# ------------------------------------------------------------------------------------- the Airbyte path


@pytest.fixture
def airbyte(wh_settings, local_warehouse, monkeypatch):
    """An Airbyte peer syncing a tenant with one pending transcript, and a Gong peer serving the same tenant."""
    from include.gong_intel.warehouse.hook import WarehouseHook
    from local_stack.tenant import generate_tenant

    base = generate_tenant(seed=5, n_calls=10)
    public = [c["metaData"]["id"] for c in base.calls if not c["metaData"].get("isPrivate")]
    # The latest call: within the default 30-day max age of the reconcile.
    latest = max(
        (c for c in base.calls if c["metaData"]["id"] in public), key=lambda c: c["metaData"]["started"]
    )["metaData"]["id"]
    tenant = PendingTranscripts(base, pending=[latest])
    with bootstrapped_airbyte_peer(
        tenant, local_warehouse, wh_settings, monkeypatch, conn_id="airbyte_reconcile"
    ) as (peer, hook, connection_id):
        gong_peer, gong_hook = _gong(tenant, monkeypatch, conn_id="gong_airbyte_reconcile")
        warehouse = WarehouseHook(snowflake_conn_id=wh_settings.snowflake_conn_id)
        warehouse.settings = wh_settings
        try:
            yield {
                "peer": peer,
                "hook": hook,
                "connection_id": connection_id,
                "tenant": tenant,
                "gong": gong_peer,
                "gong_hook": gong_hook,
                "warehouse": warehouse,
                "pending": latest,
                "public": public,
            }
        finally:
            gong_peer.stop()


def test_airbyte_path_late_transcript_is_landed_by_reconcile(airbyte):
    warehouse, pending = airbyte["warehouse"], airbyte["pending"]
    sync(airbyte["hook"], airbyte["connection_id"])
    airbyte["tenant"].release()
    # Airbyte's callTranscripts stream has no lookback: the next sync does not ask for it again.
    sync(airbyte["hook"], airbyte["connection_id"])
    assert pending not in _transcript_ids(warehouse)

    result = reconcile_late_transcripts(
        airbyte["gong_hook"], warehouse, warehouse.settings, now=datetime.now(UTC) + timedelta(days=1)
    )

    assert (result.candidates, result.landed_ids, result.still_missing) == (1, (pending,), ())
    assert _transcript_posts(airbyte["gong"]) == [[pending]]
    assert pending in _transcript_ids(warehouse)


def test_airbyte_sync_that_lands_no_calls_is_caught_by_completeness(airbyte):
    warehouse, peer = airbyte["warehouse"], airbyte["peer"]
    peer.truncated_streams.add("extensiveCalls")
    job_id = sync(airbyte["hook"], airbyte["connection_id"])
    tenant = airbyte["tenant"]
    starts = [datetime.fromisoformat(c["metaData"]["started"]) for c in tenant.calls]

    result = check_completeness(
        airbyte["gong_hook"],
        warehouse,
        warehouse.settings,
        start=min(starts),
        end=max(starts) + timedelta(seconds=1),
    )

    assert peer.job_status(job_id) == "succeeded"
    assert result.landed_calls == 0
    assert result.gong_calls == len(airbyte["public"]) and set(result.missing) == set(airbyte["public"])
    assert result.dq_result(0.2).breached


# ---------------------------------------------------------------------------------- the DAG's task bodies

RUN_ID = "scheduled__2026-03-02T00:00:00+00:00"
WINDOW = {"interval_start": SINCE.isoformat(), "interval_end": UNTIL.isoformat()}


@pytest.fixture
def task_env(settings_factory, monkeypatch):
    """The run's config naming a fresh database, Gong at a peer, Slack alerts going to a local receiver."""
    from include.gong_intel.warehouse.hook import WarehouseHook
    from local_stack.slack_receiver import SlackReceiver

    with SlackReceiver() as slack:
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_ALERTS",
            json.dumps({"conn_type": "slackwebhook", "host": slack.url, "password": "T0/B0/x"}),
        )

        def configure(tenant, **overrides):
            settings = settings_factory(**overrides)
            config = {"database": settings.database, **overrides}
            monkeypatch.setenv("GONG_INTEL_CONFIG", json.dumps(config))
            monkeypatch.setenv("AIRFLOW_VAR_GONG_INTEL_CONFIG", json.dumps(config))
            peer, hook = _gong(tenant, monkeypatch, conn_id="gong_default")
            warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
            warehouse.settings = settings
            return peer, hook, warehouse

        yield configure, slack


def _run_step(warehouse, step: str) -> tuple:
    t = warehouse.settings.tables
    return warehouse.get_first(
        f"SELECT ROWS_READ, ROWS_WRITTEN, API_REQUESTS, DETAILS FROM {t.run_steps} "
        "WHERE RUN_ID = %(run)s AND STEP = %(step)s ORDER BY RECORDED_AT DESC LIMIT 1",
        parameters={"run": RUN_ID, "step": step},
    )


def test_reconcile_task_lands_and_records_late_transcripts(task_env):
    configure, _ = task_env
    tenant = PendingTranscripts(make_tenant(4), pending=[_call_id(1)])
    # The fixture's calls are from March 2026: a max age that reaches back to them from today.
    age = (datetime.now(UTC) - SINCE).days + 1
    peer, hook, warehouse = configure(tenant, late_transcript_delay_hours=1, late_transcript_max_age_days=age)
    try:
        _load(hook, warehouse)
        tenant.release()
        details = tasks.reconcile_late_transcripts(WINDOW, RUN_ID, "gong_call_intelligence")
    finally:
        peer.stop()

    assert details["candidates"] == details["landed"] == 1 and details["still_missing"] == 0
    read, written, requests, recorded = _run_step(warehouse, "reconcile_transcripts")
    assert (read, written, requests) == (1, 1, 1)
    assert json.loads(recorded)["landed"] == 1
    assert _call_id(1) in _transcript_ids(warehouse)


def test_completeness_task_writes_dq_result_alerts_and_fails_when_calls_are_missing(task_env):
    from airflow.providers.common.compat.sdk import AirflowFailException

    configure, slack = task_env
    peer, hook, warehouse = configure(make_tenant(5))
    t = warehouse.settings.tables
    try:
        _load(hook, warehouse)
        complete = tasks.check_ingest_completeness(WINDOW, RUN_ID, "gong_call_intelligence")
        warehouse.run(
            f"DELETE FROM {t.raw_extensive_calls} WHERE METADATA:id::string IN (%s, %s)",
            parameters=[_call_id(0), _call_id(3)],
        )
        with pytest.raises(AirflowFailException, match="2 of the 5 calls Gong lists"):
            tasks.check_ingest_completeness(WINDOW, RUN_ID, "gong_call_intelligence")
    finally:
        peer.stop()

    assert (complete["gong_calls"], complete["landed_calls"], complete["missing"]) == (5, 5, 0)
    [dq] = warehouse.get_records(
        f"SELECT STEP, CHECK_NAME, FAILED_ROWS, TOTAL_ROWS, PASSED, SAMPLE_KEYS FROM {t.dq_results} "
        "WHERE RUN_ID = %(run)s",
        parameters={"run": RUN_ID},
    )
    assert dq[:5] == ("ingest", COMPLETENESS_CHECK, 2, 5, False)
    assert sorted(json.loads(dq[5])) == [_call_id(0), _call_id(3)]
    [message] = slack.wait_for(1)
    assert COMPLETENESS_CHECK in message.block_text()
    read, written, requests, _ = _run_step(warehouse, "completeness")
    assert (read, written, requests) == (5, 3, 1)

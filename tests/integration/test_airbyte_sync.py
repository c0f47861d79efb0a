"""The ingest tasks against the local Airbyte peer, through the provider's real hook (SDK + HTTP)."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from include.gong_intel.airbyte.sync import (
    AirbyteJobTrigger,
    AirbyteSubmitSyncOperator,
    AirbyteSyncFailed,
    AirbyteSyncSensor,
)
from local_stack.airbyte_peer import AirbytePeer

pytestmark = pytest.mark.integration


@pytest.fixture
def peer(monkeypatch):
    # The SDK caches access tokens per (client id, secret) for the whole process: a fresh secret per
    # peer keeps one test's token away from the next peer.
    with AirbytePeer(client_id="airflow", client_secret=f"ab-secret-{uuid.uuid4()}") as p:
        monkeypatch.setenv("AIRFLOW_CONN_AIRBYTE_TEST", json.dumps(p.airflow_connection()))
        yield p


def _submit(connection_id: str) -> int:
    op = AirbyteSubmitSyncOperator(
        task_id="airbyte_trigger_sync", airbyte_conn_id="airbyte_test", connection_id=connection_id
    )
    return op.execute({})


def _sensor(job_id: int, *, deferrable: bool = False, timeout: float = 10) -> AirbyteSyncSensor:
    return AirbyteSyncSensor(
        task_id="airbyte_wait_sync",
        airbyte_conn_id="airbyte_test",
        airbyte_job_id=job_id,
        deferrable=deferrable,
        poke_interval=0.01,
        timeout=timeout,
    )


def _calls(peer: AirbytePeer) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in peer.requests]


def test_submit_and_wait_round_trip_succeeds(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "succeeded", polls=2)

    job_id = _submit(connection_id)
    _sensor(job_id).execute({})

    assert job_id == 1
    assert peer.job_status(job_id) == "succeeded"
    calls = _calls(peer)
    assert calls[:2] == [("POST", "/v1/applications/token"), ("POST", "/v1/jobs")]
    assert calls.count(("GET", "/v1/jobs/1")) == 3  # running, running, succeeded
    assert all(r.status == 200 for r in peer.requests)


def test_failed_job_fails_the_wait_naming_the_job(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "failed", polls=1)
    job_id = _submit(connection_id)

    with pytest.raises(AirbyteSyncFailed) as err:
        _sensor(job_id).execute({})
    assert str(err.value).startswith(f"Airbyte job {job_id} (connection {connection_id}): status failed")
    assert "the sync failed" in str(err.value)


def test_cancelled_job_fails_the_wait(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "cancelled", polls=0)
    job_id = _submit(connection_id)

    with pytest.raises(AirbyteSyncFailed, match=f"Airbyte job {job_id} .*status cancelled.*was cancelled"):
        _sensor(job_id).execute({})


def test_never_finishing_job_is_cancelled_when_the_wait_times_out(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "never")
    job_id = _submit(connection_id)

    with pytest.raises(AirbyteSyncFailed) as err:
        _sensor(job_id, timeout=0.3).execute({})

    assert str(err.value) == f"Airbyte job {job_id} did not finish within 0.3s; the job was cancelled"
    assert peer.job_status(job_id) == "cancelled"
    assert ("DELETE", f"/v1/jobs/{job_id}") in _calls(peer)


def test_deferrable_wait_defers_to_trigger_and_completes(peer):
    from airflow.sdk.exceptions import TaskDeferred

    connection_id = peer.add_connection()
    peer.script(connection_id, "succeeded", polls=3)
    job_id = _submit(connection_id)
    sensor = _sensor(job_id, deferrable=True)

    with pytest.raises(TaskDeferred) as deferred:
        sensor.execute({})
    trigger = deferred.value.trigger
    assert isinstance(trigger, AirbyteJobTrigger)
    assert deferred.value.method_name == "execute_complete"
    classpath, kwargs = trigger.serialize()
    assert classpath == "include.gong_intel.airbyte.sync.AirbyteJobTrigger"
    assert kwargs["job_id"] == job_id and kwargs["poll_interval"] == 0.01

    event = asyncio.run(_first_event(trigger))
    assert event["status"] == "success"
    assert sensor.execute_complete({}, event) is None
    assert peer.job_status(job_id) == "succeeded"


def test_deferred_wait_timeout_cancels_the_job(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "never")
    job_id = _submit(connection_id)
    sensor = _sensor(job_id, deferrable=True, timeout=0.2)
    trigger = AirbyteJobTrigger(job_id=job_id, conn_id="airbyte_test", end_time=0, poll_interval=0.01)

    event = asyncio.run(_first_event(trigger))
    assert event == {
        "status": "timeout",
        "job_id": job_id,
        "message": f"Airbyte job {job_id} still not finished at the wait's deadline",
    }
    with pytest.raises(AirbyteSyncFailed, match="the job was cancelled"):
        sensor.execute_complete({}, event)
    assert peer.job_status(job_id) == "cancelled"


def test_deferral_timeout_and_kill_cancel_the_job(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "never")
    job_id = _submit(connection_id)
    sensor = _sensor(job_id, deferrable=True)

    with pytest.raises(
        AirbyteSyncFailed, match=f"Airbyte job {job_id} still running .* the job was cancelled"
    ):
        sensor.resume_execution("__fail__", {"error": "Trigger timeout"}, {})
    assert peer.job_status(job_id) == "cancelled"

    second = _submit(connection_id)
    _sensor(second).on_kill()
    assert peer.job_status(second) == "cancelled"


def test_failed_job_event_from_trigger_names_the_job(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "failed", polls=1)
    job_id = _submit(connection_id)
    trigger = AirbyteJobTrigger(job_id=job_id, conn_id="airbyte_test", end_time=2e9, poll_interval=0.01)

    event = asyncio.run(_first_event(trigger))

    assert event["status"] == "failed"
    with pytest.raises(AirbyteSyncFailed, match=f"^Airbyte job {job_id} \\(connection {connection_id}\\)"):
        _sensor(job_id, deferrable=True).execute_complete({}, event)


def test_retried_submit_follows_the_job_already_running(peer):
    connection_id = peer.add_connection()
    peer.script(connection_id, "never")
    first = _submit(connection_id)

    assert _submit(connection_id) == first  # Airbyte answered 409; the running job is adopted
    assert ("POST", "/v1/jobs", 409) in [(r.method, r.path, r.status) for r in peer.requests]


def test_submit_for_unknown_connection_fails_clearly(peer):
    from airflow.providers.common.compat.sdk import AirflowException

    with pytest.raises(AirflowException, match="Could not start an Airbyte sync for connection nope"):
        _submit("nope")


def test_submit_without_configured_connection_id_fails_fast(peer):
    from airflow.providers.common.compat.sdk import AirflowFailException

    with pytest.raises(AirflowFailException, match="No Airbyte connection id configured"):
        _submit("  ")
    assert peer.requests == []


async def _first_event(trigger: AirbyteJobTrigger) -> dict:
    async for event in trigger.run():
        return event.payload
    raise AssertionError("trigger ended without an event")

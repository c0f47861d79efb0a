from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from include.gong_intel.airbyte.sync import (
    AirbyteSubmitSyncOperator,
    AirbyteSyncSensor,
    airbyte_sync_tasks,
    describe_job,
)


def test_factory_builds_submit_and_deferred_wait_chained_by_xcom():
    from airflow.sdk import DAG, XComArg

    with DAG("t", schedule=None, start_date=datetime(2026, 1, 1)):
        trigger, wait = airbyte_sync_tasks(
            airbyte_conn_id="airbyte_prod",
            connection_id_template="{{ cfg.airbyte_connection_id }}",
            timeout=timedelta(hours=2),
        )

    assert isinstance(trigger, AirbyteSubmitSyncOperator)
    assert isinstance(wait, AirbyteSyncSensor)
    assert (trigger.task_id, wait.task_id) == ("airbyte_trigger_sync", "airbyte_wait_sync")
    assert trigger.connection_id == "{{ cfg.airbyte_connection_id }}"
    assert "connection_id" in trigger.template_fields
    assert trigger.airbyte_conn_id == wait.airbyte_conn_id == "airbyte_prod"
    assert isinstance(wait.airbyte_job_id, XComArg)
    assert wait.upstream_task_ids == {"airbyte_trigger_sync"}
    assert wait.deferrable is True
    assert wait.timeout == 7200
    assert wait.poke_interval == 30
    assert wait.execution_timeout == timedelta(hours=2, minutes=10)
    assert trigger.execution_timeout == timedelta(minutes=5)
    assert trigger.job_id is None  # on_kill before execute must not fail


def test_factory_rejects_non_positive_timeout():
    with pytest.raises(ValueError, match="timeout must be positive"):
        airbyte_sync_tasks(connection_id_template="x", timeout=timedelta(0))


def test_describe_job_names_job_connection_and_counts():
    job = SimpleNamespace(
        job_id=42,
        connection_id="c-1",
        status=SimpleNamespace(value="failed"),
        duration="PT3M",
        rows_synced=10,
        bytes_synced=None,
    )
    assert describe_job(job) == "Airbyte job 42 (connection c-1): status failed, duration PT3M, rows 10"

"""The local Airbyte peer with the Gong -> Snowflake connection bootstrapped in it, and a sync run to its end:
shared by the Airbyte-path tests."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def bootstrapped_airbyte_peer(
    tenant: Any, local_warehouse: Any, wh_settings: Any, monkeypatch: Any, *, conn_id: str
) -> Iterator[tuple[Any, Any, str]]:
    """An Airbyte peer serving ``tenant`` into ``wh_settings.database``, the Airflow connection ``conn_id``
    to it, and the Gong -> Snowflake connection bootstrapped through the provider's hook; its jobs succeed.

    :return: (peer, AirbyteHook, connection id).
    """
    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

    from include.gong_intel.airbyte.bootstrap import (
        GongSourceConfig,
        SnowflakeDestConfig,
        bootstrap_gong_connection,
    )
    from local_stack.airbyte_peer import AirbytePeer

    with AirbytePeer(
        client_secret=f"ab-secret-{uuid.uuid4()}", tenant=tenant, warehouse=local_warehouse
    ) as peer:
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(peer.airflow_connection()))
        hook = AirbyteHook(airbyte_conn_id=conn_id)
        result = bootstrap_gong_connection(
            hook,
            workspace_id=peer.workspace_id,
            gong=GongSourceConfig(access_key="key", access_key_secret="secret"),
            snowflake=SnowflakeDestConfig(
                host="127.0.0.1",
                role="AIRBYTE",
                warehouse="LOCAL_WH",
                database=wh_settings.database,
                username="local",
                password="local",
            ),
        )
        peer.script(None, "succeeded", polls=0)
        yield peer, hook, result.connection_id


def sync(hook: Any, connection_id: str) -> int:
    """Trigger the connection's sync and wait (at most 30 s) until it succeeded; the job id."""
    job_id = int(hook.submit_sync_connection(connection_id=connection_id).job_id)
    deadline = time.monotonic() + 30
    while True:
        status = str(hook.get_job_details(job_id=job_id).status.value)
        if status not in ("pending", "running"):
            assert status == "succeeded", status
            return job_id
        assert time.monotonic() < deadline, f"job {job_id} still {status}"
        time.sleep(0.05)

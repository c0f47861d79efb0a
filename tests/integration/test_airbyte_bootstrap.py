"""Bootstrap of the Gong -> Snowflake connection against the local Airbyte peer, via the provider's hook."""

from __future__ import annotations

import json
import uuid

import pytest

from include.gong_intel.airbyte.bootstrap import (
    BootstrapError,
    GongSourceConfig,
    SnowflakeDestConfig,
    bootstrap_gong_connection,
    main,
)
from local_stack.airbyte_peer import AirbytePeer

pytestmark = pytest.mark.integration

WORKSPACE = "7d6f5e1a-0000-4000-8000-000000000001"
GONG_SECRET = "gong-secret-value-123"
SNOWFLAKE_PASSWORD = "sf-password-value-456"


@pytest.fixture
def peer(monkeypatch):
    with AirbytePeer(client_id="airflow", client_secret=f"ab-secret-{uuid.uuid4()}") as p:
        monkeypatch.setenv("AIRFLOW_CONN_AIRBYTE_DEFAULT", json.dumps(p.airflow_connection()))
        yield p


def _hook():
    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

    return AirbyteHook(airbyte_conn_id="airbyte_default")


def _configs():
    gong = GongSourceConfig(
        access_key="gong-key", access_key_secret=GONG_SECRET, start_date="2025-01-01T00:00:00Z"
    )
    snowflake = SnowflakeDestConfig(
        host="acme-xy123.snowflakecomputing.com",
        role="AIRBYTE_ROLE",
        warehouse="AIRBYTE_WH",
        database="GONG",
        username="AIRBYTE_USER",
        password=SNOWFLAKE_PASSWORD,
    )
    return gong, snowflake


def test_bootstrap_creates_source_destination_and_connection(peer):
    gong, snowflake = _configs()

    result = bootstrap_gong_connection(_hook(), workspace_id=WORKSPACE, gong=gong, snowflake=snowflake)

    assert result.created is True
    source = peer.sources[result.source_id]
    assert source["name"] == "Gong"
    assert source["workspaceId"] == WORKSPACE
    assert source["configuration"] == {
        "access_key": "gong-key",
        "access_key_secret": GONG_SECRET,
        "sourceType": "gong",
        "start_date": "2025-01-01T00:00:00Z",
    }
    dest = peer.destinations[result.destination_id]["configuration"]
    assert dest["destinationType"] == "snowflake"
    assert dest["schema"] == "RAW_AIRBYTE"
    assert (dest["host"], dest["role"], dest["warehouse"], dest["database"], dest["username"]) == (
        "acme-xy123.snowflakecomputing.com",
        "AIRBYTE_ROLE",
        "AIRBYTE_WH",
        "GONG",
        "AIRBYTE_USER",
    )
    assert dest["credentials"] == {"auth_type": "Username and Password", "password": SNOWFLAKE_PASSWORD}

    conn = peer.connections[result.connection_id]
    assert (conn["sourceId"], conn["destinationId"]) == (result.source_id, result.destination_id)
    assert conn["namespaceDefinition"] == "custom_format"
    assert conn["namespaceFormat"] == "RAW_AIRBYTE"
    assert conn["schedule"] == {"scheduleType": "manual"}
    streams = {s["name"]: s for s in conn["configurations"]["streams"]}
    assert streams["users"] == {"name": "users", "syncMode": "full_refresh_overwrite", "primaryKey": [["id"]]}
    assert streams["extensiveCalls"] == {
        "name": "extensiveCalls",
        "syncMode": "incremental_deduped_history",
        "primaryKey": [["id"]],
        "cursorField": ["startdatetime"],
    }
    assert streams["callTranscripts"] == {
        "name": "callTranscripts",
        "syncMode": "incremental_deduped_history",
        "primaryKey": [["callId"]],
        "cursorField": ["started"],
    }


def test_bootstrap_twice_keeps_one_of_each_and_applies_changes(peer):
    gong, snowflake = _configs()
    first = bootstrap_gong_connection(_hook(), workspace_id=WORKSPACE, gong=gong, snowflake=snowflake)

    changed = GongSourceConfig(
        access_key="gong-key-2", access_key_secret=GONG_SECRET, start_date=gong.start_date
    )
    second = bootstrap_gong_connection(
        _hook(), workspace_id=WORKSPACE, gong=changed, snowflake=snowflake, schedule="0 5 * * *"
    )

    assert second.created is False
    assert (second.source_id, second.destination_id, second.connection_id) == (
        first.source_id,
        first.destination_id,
        first.connection_id,
    )
    assert (len(peer.sources), len(peer.destinations), len(peer.connections)) == (1, 1, 1)
    assert peer.sources[first.source_id]["configuration"]["access_key"] == "gong-key-2"
    assert peer.connections[first.connection_id]["schedule"] == {
        "scheduleType": "cron",
        "cronExpression": "0 5 * * *",
    }
    assert [r.method for r in peer.requests if r.path.startswith("/v1/sources")] == [
        "GET",
        "POST",
        "GET",
        "PATCH",
    ]


def test_bootstrap_refuses_ambiguous_names(peer):
    gong, snowflake = _configs()
    bootstrap_gong_connection(_hook(), workspace_id=WORKSPACE, gong=gong, snowflake=snowflake)
    # A second source with the same name, created by hand in the UI.
    peer._create_actor(
        "sources",
        {"name": "Gong", "workspaceId": WORKSPACE, "configuration": {"sourceType": "gong"}},
        "sourceId",
    )

    with pytest.raises(BootstrapError, match="2 Airbyte sources are named 'Gong'"):
        bootstrap_gong_connection(_hook(), workspace_id=WORKSPACE, gong=gong, snowflake=snowflake)


def test_cli_reads_airflow_connections_and_prints_only_the_connection_id(peer, monkeypatch, capsys):
    monkeypatch.setenv(
        "AIRFLOW_CONN_GONG_DEFAULT",
        json.dumps({"conn_type": "http", "login": "gong-key", "password": GONG_SECRET}),
    )
    monkeypatch.setenv(
        "AIRFLOW_CONN_SNOWFLAKE_DEFAULT",
        json.dumps(
            {
                "conn_type": "snowflake",
                "login": "AIRBYTE_USER",
                "password": SNOWFLAKE_PASSWORD,
                "extra": {
                    "account": "acme-xy123",
                    "warehouse": "WH",
                    "database": "GONG",
                    "role": "AIRBYTE_ROLE",
                },
            }
        ),
    )

    assert main(["--workspace-id", WORKSPACE]) == 0

    out, err = capsys.readouterr()
    [connection_id] = peer.connections
    assert out.strip() == connection_id
    assert GONG_SECRET not in out + err
    assert SNOWFLAKE_PASSWORD not in out + err
    dest = next(iter(peer.destinations.values()))["configuration"]
    assert dest["host"] == "acme-xy123.snowflakecomputing.com"


def test_configs_validate_and_hide_secrets_in_repr():
    gong, snowflake = _configs()
    assert GONG_SECRET not in repr(gong)
    assert SNOWFLAKE_PASSWORD not in repr(snowflake)
    with pytest.raises(ValueError, match="start_date"):
        GongSourceConfig(access_key="k", access_key_secret="s", start_date="2025-01-01")
    with pytest.raises(ValueError, match="exactly one of password or private_key"):
        SnowflakeDestConfig(host="h", role="r", warehouse="w", database="d", username="u")


def test_bootstrap_finds_existing_objects_beyond_the_first_page(peer):
    gong, snowflake = _configs()
    first = bootstrap_gong_connection(_hook(), workspace_id=WORKSPACE, gong=gong, snowflake=snowflake)
    # Other sources created later, with configurations the SDK cannot type (partial on purpose); the Gong
    # source is now on the second page of 100.
    for i in range(120):
        peer._create_actor(
            "sources",
            {"name": f"other-{i}", "workspaceId": WORKSPACE, "configuration": {"sourceType": "x"}},
            "sourceId",
        )
    peer.sources = dict(reversed(list(peer.sources.items())))  # newest first: Gong lands on page 2

    again = bootstrap_gong_connection(_hook(), workspace_id=WORKSPACE, gong=gong, snowflake=snowflake)

    assert again.source_id == first.source_id
    assert again.created is False
    assert len(peer.sources) == 121

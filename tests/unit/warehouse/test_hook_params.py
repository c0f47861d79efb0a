"""Connection parameters the warehouse hook gives the Snowflake connector, for the emulator and for Snowflake."""

from __future__ import annotations

import json

from include.gong_intel.warehouse.hook import EMULATOR_SOCKET_TIMEOUT_S, WarehouseHook


def _params(monkeypatch, extra: dict) -> dict:
    conn = {"conn_type": "snowflake", "login": "pipeline", "password": "s3cret-pw", "extra": extra}
    monkeypatch.setenv("AIRFLOW_CONN_WH_PARAMS_TEST", json.dumps(conn))
    return WarehouseHook(snowflake_conn_id="wh_params_test")._get_static_conn_params


def test_emulator_statements_may_outlast_the_connectors_60_s_read_timeout(monkeypatch):
    extra = {
        "account": "fakesnow",
        "host": "127.0.0.1",
        "port": 8705,
        "protocol": "http",
        "emulator": "fakesnow",
    }
    params = _params(monkeypatch, extra)
    assert params["protocol"] == "http"
    assert params["socket_timeout"] == EMULATOR_SOCKET_TIMEOUT_S > 60
    assert params["network_timeout"] == 60
    assert _params(monkeypatch, {**extra, "socket_timeout": 90})["socket_timeout"] == 90


def test_snowflake_keeps_the_connectors_own_timeouts(monkeypatch):
    params = _params(monkeypatch, {"account": "xy12345", "warehouse": "WH", "database": "SOPHIA_AI_DEV"})
    assert "socket_timeout" not in params and "network_timeout" not in params
    assert params["account"] == "xy12345"

"""The preflight against the local stack: it passes when everything is in place, and each failure mode gives
its message and fix."""

from __future__ import annotations

import json
import os
import uuid

import pytest

from include.gong_intel.config import SCHEMAS, settings_from_mapping
from include.gong_intel.preflight import run_preflight, run_system
from include.gong_intel.preflight.services import check_airbyte, check_cohere, check_gong, check_slack
from include.gong_intel.preflight.snowflake import check_snowflake

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from local_stack.stack import LocalStack

    with LocalStack(
        tmp_path_factory.mktemp("preflight"),
        n_calls=8,
        days=20,
        gong_rate_limit=None,
        with_cohere=True,
        with_airbyte=True,
    ) as s:
        yield s


@pytest.fixture
def settings(stack, monkeypatch):
    """Stack connections in AIRFLOW_CONN_*, and settings for a fresh, fully created database."""
    from include.gong_intel.warehouse.hook import WarehouseHook
    from include.gong_intel.warehouse.setup import apply_ddl

    for key, value in stack.environ().items():
        monkeypatch.setenv(key, value)
    cfg = {
        **json.loads(stack.variables()["gong_intel_config"]),
        "database": f"PREFLIGHT_{uuid.uuid4().hex[:8]}",
    }
    s = settings_from_mapping(cfg)
    apply_ddl(WarehouseHook(snowflake_conn_id=s.snowflake_conn_id), s)
    monkeypatch.setenv("AIRFLOW_VAR_GONG_INTEL_CONFIG", json.dumps(cfg))
    return s


@pytest.fixture
def bootstrapped(stack, settings):
    """gong_setup's Airbyte bootstrap has run: the connection exists in the peer's workspace."""
    from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

    from include.gong_intel.airbyte.bootstrap import (
        GongSourceConfig,
        SnowflakeDestConfig,
        bootstrap_gong_connection,
    )

    bootstrap_gong_connection(
        AirbyteHook(airbyte_conn_id="airbyte_default"),
        workspace_id=settings.airbyte_workspace_id,
        gong=GongSourceConfig.from_airflow(),
        snowflake=SnowflakeDestConfig.from_airflow(),
    )
    return settings


def by_name(results):
    return {f"{r.system}.{r.name}": r for r in results}


def test_preflight_passes_against_the_local_stack(stack, bootstrapped, capsys):
    from include.gong_intel.preflight.__main__ import main

    stack.slack.clear()
    results = run_preflight(bootstrapped)
    assert [r.line() for r in results if r.failed] == []
    checks = by_name(results)
    for name in (
        "snowflake.login",
        "snowflake.schemas",
        "snowflake.pipeline grants",
        "gong.auth",
        "gong.scope api:users:read",
        "gong.scope api:calls:read:extensive",
        "gong.scope api:calls:read:transcript",
        "airbyte.workspace",
        "airbyte.connection",
        "airbyte.source",
        "airbyte.destination",
        "cohere.chat model",
        "cohere.embed model",
        "cohere.rerank model",
        "slack.webhook",
    ):
        assert checks[name].status == "ok", checks[name].line()
    assert checks["snowflake.role"].status == "skip"  # the emulator has no roles
    assert stack.slack.messages == []  # no test message unless asked

    assert main(["--slack-test-message", "--only", "slack,cohere"]) == 0
    # Airflow's own log lines share stdout; the report's lines are the ones that start with a status.
    out = [
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith(("preflight", "OK", "FAIL", "SKIP"))
    ]
    assert out[0].startswith("preflight of env 'local'")
    assert len(out) == 1 + 1 + 3 and out[1].startswith("OK   slack     test message")
    assert "preflight" in stack.slack.wait_for(1)[0].text


def test_bad_snowflake_password(settings):
    from snowflake.connector.errors import DatabaseError

    class RejectingHook:
        def get_connection(self, conn_id):
            from airflow.sdk import BaseHook

            return BaseHook.get_connection(conn_id)

        def get_conn(self):
            raise DatabaseError(msg="Incorrect username or password was specified.", errno=390100)

    [result] = check_snowflake(settings, hook_factory=RejectingHook)
    assert (
        result.failed
        and "rejected the user name or password of 'snowflake_default' (390100)" in result.detail
    )
    assert "snowflake_password" in result.fix


def test_missing_schemas_are_named(settings):
    from include.gong_intel.warehouse.hook import WarehouseHook

    db = f"HALF_{uuid.uuid4().hex[:8]}"
    WarehouseHook().run(f"CREATE DATABASE {db}; CREATE SCHEMA {db}.RAW_AIRBYTE", split_statements=True)
    results = by_name(check_snowflake(settings_from_mapping({"database": db})))
    schemas = results["snowflake.schemas"]
    assert schemas.failed
    for schema in SCHEMAS[1:]:
        assert f"{db}.{schema}" in schemas.detail
    assert f"{db}.RAW_AIRBYTE" not in schemas.detail and "gong_setup" in schemas.fix
    assert results["snowflake.pipeline grants"].status == "skip"


def test_missing_table_and_missing_privilege_give_grant_statements(settings):
    from snowflake.connector.errors import ProgrammingError

    from include.gong_intel.warehouse.hook import WarehouseHook

    real = WarehouseHook()
    real.run(f"DROP TABLE {settings.tables.dq_results}")
    denied = settings.tables.memory_chunks

    class Cursor:
        def __init__(self, cur):
            self._cur = cur

        def execute(self, sql, *args):
            if sql.startswith(f"INSERT INTO {denied} "):
                raise ProgrammingError(
                    msg=f"Insufficient privileges to operate on table '{denied}'", errno=3001
                )
            return self._cur.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._cur, name)

    class Conn:
        def __init__(self, conn):
            self._conn = conn

        def cursor(self):
            return Cursor(self._conn.cursor())

        def close(self):
            self._conn.close()

    class Hook:
        is_emulator = True

        def get_connection(self, conn_id):
            return real.get_connection(conn_id)

        def get_conn(self):
            return Conn(real.get_conn())

    grants = by_name(check_snowflake(settings, hook_factory=Hook))["snowflake.pipeline grants"]
    assert grants.failed
    assert f"{settings.tables.dq_results} missing" in grants.detail
    assert f"INSERT on {denied}" in grants.detail
    assert f"GRANT INSERT ON TABLE {denied} TO ROLE" in grants.fix and "gong_setup" in grants.fix


def test_wrong_role_names_the_grant(settings, monkeypatch, stack):
    from include.gong_intel.warehouse.hook import WarehouseHook

    conn = stack.connections()["snowflake_default"]
    conn = {**conn, "extra": {**conn["extra"], "role": "GONG_INTEL_ROLE"}}
    monkeypatch.setenv("AIRFLOW_CONN_SNOWFLAKE_DEFAULT", json.dumps(conn))

    class ProductionLike(WarehouseHook):
        is_emulator = False  # the emulator answers CURRENT_ROLE() like a session without the role

    role = by_name(check_snowflake(settings, hook_factory=ProductionLike))["snowflake.role"]
    assert role.failed and "not GONG_INTEL_ROLE" in role.detail
    assert role.fix == "GRANT ROLE GONG_INTEL_ROLE TO USER local"


def test_query_role_grants():
    from include.gong_intel.preflight.snowflake import query_role_result

    s = settings_from_mapping({"database": "SOPHIA_AI_PROD", "query_role": "GONG_ASK_READER"})
    full = {
        ("USAGE", "DATABASE", "SOPHIA_AI_PROD"),
        ("USAGE", "SCHEMA", "SOPHIA_AI_PROD.STG_TRANSFORMED"),
        ("USAGE", "SCHEMA", "SOPHIA_AI_PROD.AI_MEMORY"),
        ("SELECT", "TABLE", "SOPHIA_AI_PROD.STG_TRANSFORMED.STG_GONG_USERS"),
        ("SELECT", "TABLE", "SOPHIA_AI_PROD.STG_TRANSFORMED.STG_GONG_CALLS"),
        ("SELECT", "TABLE", "SOPHIA_AI_PROD.STG_TRANSFORMED.STG_GONG_CALL_TRANSCRIPTS"),
        ("SELECT", "TABLE", "SOPHIA_AI_PROD.AI_MEMORY.TRANSCRIPT_CHUNKS"),
    }
    assert query_role_result(s, full).status == "ok"
    missing = query_role_result(s, full - {("USAGE", "SCHEMA", "SOPHIA_AI_PROD.AI_MEMORY")})
    assert (
        missing.failed
        and missing.fix == "GRANT USAGE ON SCHEMA SOPHIA_AI_PROD.AI_MEMORY TO ROLE GONG_ASK_READER"
    )
    writer = query_role_result(s, full | {("INSERT", "TABLE", "SOPHIA_AI_PROD.AI_MEMORY.TRANSCRIPT_CHUNKS")})
    assert writer.failed and "must be read-only" in writer.detail and writer.fix.startswith("REVOKE INSERT")


def test_gong_401(stack, settings, monkeypatch):
    conn = {**stack.connections()["gong_default"], "password": "wrong-secret"}
    monkeypatch.setenv("AIRFLOW_CONN_GONG_DEFAULT", json.dumps(conn))
    results = check_gong(settings)
    assert results[0].failed and results[0].name == "auth"
    assert "rejected the access key of 'gong_default' (HTTP 401)" in results[0].detail
    assert "gong_client_secret" in results[0].fix and "wrong-secret" not in results[0].line()
    assert [r.status for r in results[1:]] == ["skip", "skip"]


def test_gong_403_names_the_missing_scope(stack, settings):
    stack.gong.inject("status", status=403, path="/v2/calls/transcript")
    checks = by_name(check_gong(settings))
    transcript = checks["gong.scope api:calls:read:transcript"]
    assert transcript.failed and "HTTP 403" in transcript.detail
    assert "grant the key the api:calls:read:transcript scope" in transcript.fix
    assert checks["gong.scope api:calls:read:extensive"].status == "ok"


def test_missing_airbyte_connection(stack, settings):
    with stack.airbyte._lock:  # a workspace where gong_setup has not run yet
        stack.airbyte.connections.clear()
    results = by_name(check_airbyte(settings))
    assert results["airbyte.workspace"].status == "ok"
    conn = results["airbyte.connection"]
    assert conn.failed and "no connection named 'Gong -> Snowflake RAW_AIRBYTE'" in conn.detail
    assert "gong_setup" in conn.fix

    unknown = str(uuid.uuid4())
    pinned = settings_from_mapping({**_cfg(settings), "airbyte_connection_id": unknown})
    conn = by_name(check_airbyte(pinned))["airbyte.connection"]
    assert conn.failed and f"connection {unknown} not found (HTTP 404)" in conn.detail


def test_unknown_airbyte_workspace(settings):
    other = str(uuid.uuid4())
    [result] = check_airbyte(settings_from_mapping({**_cfg(settings), "airbyte_workspace_id": other}))
    assert result.failed and f"workspace {other} not found (HTTP 404)" in result.detail


def test_missing_cohere_model(settings):
    results = by_name(check_cohere(settings_from_mapping({**_cfg(settings), "chat_model": "command-z-2099"})))
    chat = results["cohere.chat model"]
    assert chat.failed and "model 'command-z-2099' not found for this key (HTTP 404)" in chat.detail
    assert chat.fix == "set chat_model to a model the key can use"
    assert results["cohere.embed model"].status == "ok"
    wrong_kind = by_name(
        check_cohere(settings_from_mapping({**_cfg(settings), "embed_model": "rerank-v3.5"}))
    )
    assert "serves ['rerank'], not embed" in wrong_kind["cohere.embed model"].detail


def test_cohere_key_rejected(stack, settings, monkeypatch):
    monkeypatch.setenv(
        "AIRFLOW_CONN_COHERE_DEFAULT",
        json.dumps({**stack.connections()["cohere_default"], "password": "nope"}),
    )
    [result] = check_cohere(settings)
    assert result.failed and result.name == "auth" and "HTTP 401" in result.detail


def test_slack_webhook_failure(stack, settings):
    stack.slack.fail_next(status=404, times=2)
    [result] = check_slack(settings, send_test=True)
    assert result.failed and "Slack webhook answered HTTP 404" in result.detail
    assert "T0LOCAL" not in result.line() and "localwebhooktoken" not in result.line()


def test_slack_connection_without_webhook(settings, monkeypatch):
    monkeypatch.setenv(
        "AIRFLOW_CONN_SLACK_ALERTS", json.dumps({"conn_type": "slackwebhook", "password": "oops"})
    )
    [result] = check_slack(settings)
    assert result.failed and "slack_webhook_url" in result.fix and "oops" not in result.line()


def test_esc_missing_key_is_a_preflight_failure(monkeypatch):
    from include.gong_intel.preflight.services import check_secrets
    from include.gong_intel.secrets.pulumi_esc import PulumiEscSecretsBackend
    from local_stack.esc_peer import EscPeer

    values = {
        "gong_access_key": "ak",
        "cohere_api_key": "ck",
        "slack_webhook_url": "https://hooks.slack.com/services/T/B/x",
    }
    with EscPeer({"acme/gong/dev": values}, tokens={"tok-123": None}) as peer:
        monkeypatch.setenv("ESC_PREFLIGHT_TOKEN", "tok-123")
        backend = PulumiEscSecretsBackend(
            "acme",
            "gong",
            "dev",
            token_env="ESC_PREFLIGHT_TOKEN",
            backend_url=peer.url,
            connections=["gong_default", "cohere_default", "slack_alerts"],
            variables=[],
        )
        results = by_name(check_secrets(backend))
    assert results["secrets.pulumi esc"].status == "ok"
    assert results["secrets.cohere_default"].status == "ok"
    gong = results["secrets.gong_default"]
    assert gong.failed and "acme/gong/dev has no key 'gong_client_secret'" in gong.detail
    assert gong.fix == "add gong_client_secret to acme/gong/dev"
    assert by_name(run_system("secrets", settings_from_mapping({})))["secrets.pulumi esc"].status == "skip"


def _cfg(settings):
    from dataclasses import asdict

    raw = asdict(settings)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in raw.items()}


def test_gong_preflight_dag_passes_and_fails_with_the_fix(stack, bootstrapped):
    """The DAG under dag.test(): every task succeeds on the local stack; a revoked webhook fails the slack
    task with the check's line, without retrying."""
    from airflow.sdk.exceptions import AirflowFailException
    from airflow.utils.db import initdb

    from include.gong_intel.preflight.tasks import preflight_system
    from local_stack.demo import run_dag

    initdb()
    stack.slack.clear()
    run = run_dag("gong_preflight", run_conf={"slack_test_message": True})
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    assert set(states) == {"secrets", "snowflake", "gong", "airbyte", "cohere", "slack"}
    assert set(states.values()) == {"success"}, states
    assert len(stack.slack.wait_for(1)) == 1

    stack.slack.fail_next(status=404, times=2)
    with pytest.raises(
        AirflowFailException, match=r"FAIL slack     test message: Slack webhook answered HTTP 404"
    ):
        preflight_system("slack", slack_test_message="True")


def test_airbyte_credentials_rejected(stack, settings, monkeypatch):
    conn = {**stack.connections()["airbyte_default"], "password": "not-the-secret"}
    monkeypatch.setenv("AIRFLOW_CONN_AIRBYTE_DEFAULT", json.dumps(conn))
    [result] = check_airbyte(settings)
    assert result.failed and result.name == "auth"
    assert "rejected the client credentials of 'airbyte_default'" in result.detail
    assert "airbyte_client_secret" in result.fix and "not-the-secret" not in result.line()


def test_preflight_through_pulumi_esc(stack, bootstrapped, monkeypatch, capsys):
    """Connections and the config Variable served by the ESC backend through the SDK and the ESC peer; the
    AIRFLOW_CONN_* values left in the environment are wrong, so only ESC (asked first) can make this pass.
    snowflake_default is not served by ESC (the emulator's connection needs extras ESC does not map) and falls
    through to its environment variable."""
    from airflow.sdk.configuration import clear_secrets_backends_cache

    from include.gong_intel.preflight.__main__ import main
    from local_stack.esc_peer import EscPeer

    conns = stack.connections()
    values = {
        "gong_api_url": conns["gong_default"]["host"],
        "gong_access_key": conns["gong_default"]["login"],
        "gong_client_secret": conns["gong_default"]["password"],
        "airbyte_server_url": conns["airbyte_default"]["host"],
        "airbyte_client_id": conns["airbyte_default"]["login"],
        "airbyte_client_secret": conns["airbyte_default"]["password"],
        "cohere_api_url": conns["cohere_default"]["host"],
        "cohere_api_key": conns["cohere_default"]["password"],
        "slack_webhook_url": f"{conns['slack_alerts']['host']}/services/{conns['slack_alerts']['password']}",
        "gong_intel_config": json.loads(os.environ["AIRFLOW_VAR_GONG_INTEL_CONFIG"]),
    }
    for conn_id in ("gong_default", "airbyte_default", "cohere_default", "slack_alerts"):
        monkeypatch.setenv(
            f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps({"conn_type": "http", "password": "stale"})
        )
    monkeypatch.setenv(
        "AIRFLOW_VAR_GONG_INTEL_CONFIG", json.dumps({"env": "local", "database": "NOT_THIS_ONE"})
    )
    with EscPeer({"acme/gong-intel/dev": values}, tokens={"pul-preflight-token": None}) as peer:
        monkeypatch.setenv("PULUMI_ACCESS_TOKEN", "pul-preflight-token")
        monkeypatch.setenv(
            "AIRFLOW__SECRETS__BACKEND", "include.gong_intel.secrets.pulumi_esc.PulumiEscSecretsBackend"
        )
        kwargs = {
            "organization": "acme",
            "project": "gong-intel",
            "environment": "dev",
            "backend_url": peer.url,
            "connections": ["gong_default", "airbyte_default", "cohere_default", "slack_alerts"],
        }
        monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARGS", json.dumps(kwargs))
        clear_secrets_backends_cache()
        try:
            code = main([])
        finally:
            clear_secrets_backends_cache()
    out = [
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith(("preflight", "OK", "FAIL", "SKIP"))
    ]
    assert code == 0, out
    assert out[0] == f"preflight of env 'local', database {bootstrapped.database}"
    assert "OK   secrets   pulumi esc: opened acme/gong-intel/dev" in out
    assert {
        "OK   secrets   gong_default: every key present",
        "OK   secrets   gong_intel_config: present",
    } <= set(out)
    assert not any("pul-preflight-token" in line or values["gong_client_secret"] in line for line in out)

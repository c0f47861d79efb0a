"""The Pulumi ESC secrets backend through the real ``pulumi-esc-sdk`` against the local ESC peer."""

from __future__ import annotations

import json
import logging
import time

import pytest
import requests

from include.gong_intel.secrets.mapping import EscKeyMissingError
from include.gong_intel.secrets.pulumi_esc import EscAccessError, PulumiEscSecretsBackend
from local_stack.esc_peer import UNAUTHORIZED, EscPeer

ORG, PROJECT, ENV = "acme-sales", "gong-intel", "dev"
REF = f"{ORG}/{PROJECT}/{ENV}"
TOKEN = "pul-0123456789abcdef0123456789abcdef01234567"
VALUES = {
    "gong_access_key": "AK-live-7f3a",
    "gong_client_secret": "gong-secret-9b1c44",
    "airbyte_server_url": "https://api.airbyte.com/v1",
    "airbyte_client_id": "airbyte-client-3d2e",
    "airbyte_client_secret": "airbyte-secret-51aa0c",
    "snowflake_account": "acme-xy12345",
    "snowflake_user": "GONG_INTEL_SVC",
    "snowflake_password": "sf-pass-Qw7!x",
    "snowflake_warehouse": "GONG_INTEL_WH",
    "snowflake_database": "SOPHIA_AI_DEV",
    "snowflake_role": "GONG_INTEL_ROLE",
    "cohere_api_key": "co-key-88aa11",
    "slack_webhook_url": "https://hooks.slack.com/services/T000/B000/slacksecret42",
    "gong_intel_config": {"env": "dev", "airbyte_workspace_id": "ws-1", "timezone": "America/New_York"},
}
SECRETS = {
    k for k, v in VALUES.items() if isinstance(v, str) and ("secret" in k or "password" in k or "key" in k)
}


@pytest.fixture
def peer():
    with EscPeer({REF: dict(VALUES)}, tokens={TOKEN: None}, secret_keys={REF: SECRETS}) as p:
        yield p


@pytest.fixture
def token_env(monkeypatch):
    monkeypatch.setenv("ESC_TEST_TOKEN", TOKEN)
    return "ESC_TEST_TOKEN"


def backend(peer, **kwargs):
    kwargs.setdefault("token_env", "ESC_TEST_TOKEN")
    return PulumiEscSecretsBackend(ORG, PROJECT, ENV, backend_url=peer.url, **kwargs)


def test_connections_are_built_from_the_team_keys(peer, token_env):
    b = backend(peer)
    gong = json.loads(b.get_conn_value("gong_default"))
    assert gong == {
        "conn_type": "gong",
        "host": "https://api.gong.io",
        "login": "AK-live-7f3a",
        "password": "gong-secret-9b1c44",
    }
    sf = json.loads(b.get_conn_value("snowflake_default"))
    assert sf["login"] == "GONG_INTEL_SVC" and sf["password"] == "sf-pass-Qw7!x"
    assert sf["extra"] == {
        "account": "acme-xy12345",
        "warehouse": "GONG_INTEL_WH",
        "database": "SOPHIA_AI_DEV",
        "role": "GONG_INTEL_ROLE",
    }
    airbyte = json.loads(b.get_conn_value("airbyte_default"))
    assert airbyte["host"] == "https://api.airbyte.com/v1"
    assert airbyte["schema"] == "v1/applications/token" and "extra" not in airbyte
    assert json.loads(b.get_conn_value("cohere_default"))["password"] == "co-key-88aa11"
    assert json.loads(b.get_conn_value("slack_alerts"))["password"].endswith("/slacksecret42")
    assert json.loads(b.get_variable("gong_intel_config")) == VALUES["gong_intel_config"]
    # Everything above came from one open of the environment.
    assert peer.count("POST", "/open") == 1
    assert peer.count("GET") == 1


def test_ids_outside_the_mapping_fall_through(peer, token_env):
    b = backend(peer, connections=["gong_default"], variables=[])
    assert b.get_conn_value("snowflake_default") is None
    assert b.get_conn_value("some_other_conn") is None
    assert b.get_variable("gong_intel_config") is None
    assert peer.count("POST", "/open") == 0


def test_values_are_cached_for_a_bounded_time(peer, token_env):
    b = backend(peer, cache_ttl_seconds=0.3)
    b.get_conn_value("gong_default")
    b.get_conn_value("cohere_default")
    assert peer.count("POST", "/open") == 1
    peer.environments[REF]["gong_client_secret"] = "gong-secret-rotated"
    time.sleep(0.35)
    assert json.loads(b.get_conn_value("gong_default"))["password"] == "gong-secret-rotated"
    assert peer.count("POST", "/open") == 2


def test_missing_key_names_key_and_environment_never_a_value(peer, token_env, caplog):
    del peer.environments[REF]["gong_client_secret"]
    b = backend(peer)
    with caplog.at_level(logging.WARNING), pytest.raises(EscKeyMissingError) as err:
        b.get_conn_value("gong_default")
    message = str(err.value)
    assert "'gong_client_secret'" in message and REF in message and "gong_default" in message
    for value in VALUES.values():
        assert str(value) not in message and str(value) not in caplog.text
    assert "gong_client_secret" in caplog.text


def test_snowflake_needs_a_password_or_a_private_key(peer, token_env):
    del peer.environments[REF]["snowflake_password"]
    with pytest.raises(EscKeyMissingError, match="snowflake_password or snowflake_private_key"):
        backend(peer).get_conn_value("snowflake_default")
    peer.environments[REF]["snowflake_private_key"] = (
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"
    )
    sf = json.loads(backend(peer).get_conn_value("snowflake_default"))
    assert "password" not in sf and sf["extra"]["private_key_content"].startswith("-----BEGIN")


def test_missing_variable_names_key_and_environment(peer, token_env):
    del peer.environments[REF]["gong_intel_config"]
    with pytest.raises(EscKeyMissingError, match=rf"{REF} has no key 'gong_intel_config'"):
        backend(peer).get_variable("gong_intel_config")


def test_unknown_environment_is_a_404_that_names_it(peer, token_env):
    b = PulumiEscSecretsBackend(ORG, PROJECT, "staging", token_env=token_env, backend_url=peer.url)
    with pytest.raises(EscAccessError, match=rf"{ORG}/{PROJECT}/staging not found \(404\)"):
        b.get_conn_value("gong_default")


def test_wrong_token_is_rejected_without_showing_it(peer, monkeypatch, caplog):
    monkeypatch.setenv("ESC_TEST_TOKEN", "pul-not-a-real-token-000")
    with caplog.at_level(logging.WARNING), pytest.raises(EscAccessError) as err:
        backend(peer).get_conn_value("gong_default")
    # Airflow moves on to the next backend after logging this only at debug level: the warning is what shows.
    assert "rejected the access token" in caplog.text and "pul-not-a-real-token-000" not in caplog.text
    assert "401" in str(err.value) and "environment variable ESC_TEST_TOKEN" in str(err.value)
    assert "pul-not-a-real-token-000" not in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_missing_token_names_its_source(peer, monkeypatch):
    monkeypatch.delenv("ESC_TEST_TOKEN", raising=False)
    with pytest.raises(EscAccessError, match="environment variable ESC_TEST_TOKEN is empty"):
        backend(peer).get_conn_value("gong_default")


def test_token_expiring_between_two_reads_without_rotation_fails_clearly(peer, tmp_path):
    token_file = tmp_path / "pulumi-token"
    token_file.write_text(TOKEN + "\n")
    b = backend(peer, token_file=str(token_file), cache_ttl_seconds=0.2)
    assert json.loads(b.get_conn_value("gong_default"))["login"] == "AK-live-7f3a"
    peer.expire_token(TOKEN)
    time.sleep(0.25)
    with pytest.raises(
        EscAccessError, match=rf"rejected the access token for {REF}.*token file {token_file}"
    ):
        b.get_conn_value("gong_default")


def test_token_expiring_between_two_reads_picks_up_the_rotated_file(peer, tmp_path):
    token_file = tmp_path / "pulumi-token"
    token_file.write_text(TOKEN)
    b = backend(peer, token_file=str(token_file), cache_ttl_seconds=0.2)
    b.get_conn_value("gong_default")
    peer.expire_token(TOKEN)
    rotated = "pul-rotated-ffffffffffffffffffffffffffffffff"
    peer.add_token(rotated)
    token_file.write_text(rotated)
    time.sleep(0.25)
    assert json.loads(b.get_conn_value("cohere_default"))["password"] == "co-key-88aa11"
    # The token is read again for every open, so the rotated one is used at once: no rejected call.
    assert [r.status for r in peer.requests if r.method == "POST"] == [200, 200]


def test_an_expired_open_session_is_opened_again(peer, token_env):
    b = backend(peer, cache_ttl_seconds=0.1)
    b.get_conn_value("gong_default")
    peer.expire_sessions()
    time.sleep(0.15)
    assert b.get_conn_value("gong_default")
    assert peer.count("POST", "/open") == 2


def test_unreachable_esc_names_the_url(token_env):
    b = PulumiEscSecretsBackend(ORG, PROJECT, ENV, token_env=token_env, backend_url="http://127.0.0.1:9")
    with pytest.raises(EscAccessError, match=r"cannot reach Pulumi ESC at http://127.0.0.1:9"):
        b.get_conn_value("gong_default")


def test_backend_kwargs_are_checked():
    with pytest.raises(ValueError, match="no ESC mapping for connection ids"):
        PulumiEscSecretsBackend(ORG, PROJECT, ENV, connections=["gong_defualt"])
    with pytest.raises(ValueError, match="needs organization, project and environment"):
        PulumiEscSecretsBackend(ORG, "", ENV)


def test_airflow_asks_esc_first_and_other_backends_for_the_rest(peer, token_env, monkeypatch):
    """Configured as [secrets] backend, ESC wins over AIRFLOW_CONN_*; ids it does not serve come from the
    environment variables (and then the metadata database)."""
    from airflow.sdk import Connection, Variable
    from airflow.sdk.configuration import clear_secrets_backends_cache

    kwargs = {
        "organization": ORG,
        "project": PROJECT,
        "environment": "prod",
        "token_env": token_env,
        "backend_url": peer.url,
    }
    monkeypatch.setenv(
        "AIRFLOW__SECRETS__BACKEND", "include.gong_intel.secrets.pulumi_esc.PulumiEscSecretsBackend"
    )
    monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARGS", json.dumps(kwargs))
    # Per-key overrides (raw strings) win over the JSON: one image, the environment chosen per Deployment.
    monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARG__ENVIRONMENT", ENV)
    monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARG__CONNECTIONS", "gong_default, snowflake_default")
    monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARG__CACHE_TTL_SECONDS", "60")
    monkeypatch.setenv("AIRFLOW_CONN_GONG_DEFAULT", json.dumps({"conn_type": "gong", "login": "from-env"}))
    monkeypatch.setenv(
        "AIRFLOW_CONN_COHERE_DEFAULT", json.dumps({"conn_type": "cohere", "password": "env-key"})
    )
    clear_secrets_backends_cache()
    try:
        assert Connection.get("gong_default").login == "AK-live-7f3a"
        assert Connection.get("cohere_default").password == "env-key"
        assert Connection.get("snowflake_default").extra_dejson["role"] == "GONG_INTEL_ROLE"
        assert json.loads(Variable.get("gong_intel_config"))["env"] == "dev"
    finally:
        monkeypatch.undo()
        clear_secrets_backends_cache()


def test_peer_is_as_strict_as_the_api(peer):
    base = f"{peer.url}/api/esc/environments/{REF}/open"
    r = requests.post(base, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
    assert r.status_code == 401 and r.json() == {"code": 401, "message": UNAUTHORIZED}
    r = requests.post(
        base, params={"duration": "ten minutes"}, headers={"Authorization": f"token {TOKEN}"}, timeout=5
    )
    assert r.status_code == 400
    r = requests.get(f"{base}/not-a-session", headers={"Authorization": f"token {TOKEN}"}, timeout=5)
    assert r.status_code == 404
    r = requests.get(
        f"{peer.url}/api/esc/environments/{ORG}", headers={"Authorization": f"token {TOKEN}"}, timeout=5
    )
    assert r.status_code == 404
    opened = requests.post(
        base, params={"duration": "2h45m"}, headers={"Authorization": f"token {TOKEN}"}, timeout=5
    )
    props = requests.get(
        f"{base}/{opened.json()['id']}", headers={"Authorization": f"token {TOKEN}"}, timeout=5
    )
    body = props.json()["properties"]
    assert body["gong_client_secret"]["secret"] is True and "secret" not in body["snowflake_user"]
    assert body["gong_intel_config"]["value"]["env"]["value"] == "dev"


def test_token_expiring_between_open_and_read_fails_naming_the_source(peer, tmp_path):
    token_file = tmp_path / "pulumi-token"
    token_file.write_text(TOKEN)
    peer.expire_token_after(TOKEN, requests=1)  # the open succeeds, the read of its values answers 401
    with pytest.raises(
        EscAccessError, match=rf"rejected the access token for {REF}.*token file {token_file}"
    ):
        backend(peer, token_file=str(token_file)).get_conn_value("gong_default")
    assert [(r.method, r.status) for r in peer.requests] == [("POST", 200), ("GET", 401)]


def test_token_rotated_while_the_old_one_expires_is_used_on_the_retry(peer, tmp_path):
    token_file = tmp_path / "pulumi-token"
    token_file.write_text(TOKEN)
    rotated = "pul-rotated-0000000000000000000000000000000"
    peer.add_token(rotated)
    # The old token expires after the open, at the moment the file is rotated (as a secret mount updates).
    peer.expire_token_after(TOKEN, requests=1, then=lambda: token_file.write_text(rotated))
    b = backend(peer, token_file=str(token_file))
    assert json.loads(b.get_conn_value("gong_default"))["password"] == "gong-secret-9b1c44"
    assert [(r.method, r.status) for r in peer.requests] == [
        ("POST", 200),
        ("GET", 401),
        ("POST", 200),
        ("GET", 200),
    ]


def test_values_path_selects_a_nested_object(token_env):
    nested = {"airflow": {"cohere_api_key": "co-nested-1"}, "cohere_api_key": "co-top-level"}
    with EscPeer({REF: nested}, tokens={TOKEN: None}) as p:
        assert (
            json.loads(backend(p, values_path="airflow").get_conn_value("cohere_default"))["password"]
            == "co-nested-1"
        )
        with pytest.raises(EscKeyMissingError, match=rf"{REF} has no key 'pulumi', which values_path needs"):
            backend(p, values_path="pulumi.airflow").get_conn_value("cohere_default")


def test_server_chain_esc_first_then_the_metadata_database(peer, token_env, monkeypatch):
    """In server processes (API server, scheduler) the chain is ESC, environment variables, metadata DB: a
    connection ESC serves wins over the database's; one it does not serve comes from the database."""
    from airflow.models import Connection as DbConnection
    from airflow.sdk import Connection
    from airflow.sdk.configuration import clear_secrets_backends_cache
    from airflow.utils.db import initdb
    from airflow.utils.session import create_session

    initdb()
    with create_session() as session:
        for conn_id, login in (("gong_default", "db-gong"), ("cohere_default", None)):
            session.query(DbConnection).filter(DbConnection.conn_id == conn_id).delete()  # noqa: AIR311
            session.add(DbConnection(conn_id=conn_id, conn_type="http", login=login, password="db-secret"))  # noqa: AIR311
    kwargs = {"organization": ORG, "project": PROJECT, "environment": ENV, "token_env": token_env}
    monkeypatch.setenv("_AIRFLOW_PROCESS_CONTEXT", "server")
    monkeypatch.setenv(
        "AIRFLOW__SECRETS__BACKEND", "include.gong_intel.secrets.pulumi_esc.PulumiEscSecretsBackend"
    )
    monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARGS", json.dumps({**kwargs, "backend_url": peer.url}))
    monkeypatch.setenv("AIRFLOW__SECRETS__BACKEND_KWARG__CONNECTIONS", "gong_default")
    for conn_id in ("GONG_DEFAULT", "COHERE_DEFAULT"):
        monkeypatch.delenv(f"AIRFLOW_CONN_{conn_id}", raising=False)
    clear_secrets_backends_cache()
    try:
        assert Connection.get("gong_default").login == "AK-live-7f3a"
        assert Connection.get("cohere_default").password == "db-secret"
    finally:
        monkeypatch.undo()
        clear_secrets_backends_cache()

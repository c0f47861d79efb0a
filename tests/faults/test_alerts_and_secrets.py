"""Failure paths of real task bodies: Slack down during a failure, and secrets kept out of every output.

Task bodies (``pipeline.tasks`` / ``enrich_step``) run with the real hooks against local peers that are
configured with recognisable secrets; logs (stdlib and Airflow's structlog), XCom return values, exceptions
with their chains and the Slack messages are then searched for those secrets.
"""

from __future__ import annotations

import base64
import json
import socket
import traceback
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from include.gong_intel.alerts.notifiers import DEFAULT_ATTEMPTS, failure_notifier
from include.gong_intel.config import settings_from_mapping
from include.gong_intel.enrich.records import EnrichmentError
from include.gong_intel.gong.hook import GongApiError
from include.gong_intel.pipeline import enrich_step, tasks
from local_stack.cohere_peer import CoherePeer
from local_stack.gong_peer import GongPeer
from local_stack.slack_receiver import SlackReceiver
from tests.faults.conftest import raw_snapshot, tenant_of
from tests.faults.enrich_state import stage_calls

pytestmark = pytest.mark.timeout(90)

GONG_KEY = "gong-key-Fa17"
GONG_SECRET = "gong-secret-Qx7-91aa"
SNOWFLAKE_PASSWORD = "snow-Pw-4c1e9-never"
SLACK_TOKEN = "T0FAULT/B0FAULT/slacktoken9f3c"
COHERE_KEY = "co-secret-77aa31e0"
SECRETS = (
    GONG_SECRET,
    SNOWFLAKE_PASSWORD,
    "slacktoken9f3c",
    COHERE_KEY,
    base64.b64encode(f"{GONG_KEY}:{GONG_SECRET}".encode()).decode(),
)
RUN_ID = "scheduled__2026-03-12T00:00:00+00:00"


@pytest.fixture
def env(local_warehouse, settings_factory, monkeypatch):
    """Peers and connections carrying the secrets; settings bound to a fresh database."""
    tenant = tenant_of(6)
    with (
        GongPeer(tenant, access_key=GONG_KEY, secret=GONG_SECRET, rate_limit=None) as gong,
        SlackReceiver() as slack,
        # The peer expects another key: the connection's key is rejected (401, never retried), the
        # failure path on which a key is most likely to be echoed.
        CoherePeer(api_key="co-the-right-key") as cohere,
    ):
        snowflake = local_warehouse.airflow_connection()
        snowflake["password"] = SNOWFLAKE_PASSWORD  # the emulator accepts any password
        conns = {
            "snowflake_secret": snowflake,
            "gong_secret": {
                "conn_type": "gong",
                "host": gong.url,
                "login": GONG_KEY,
                "password": GONG_SECRET,
                "extra": {"requests_per_second": 1000, "max_attempts": 2, "backoff_initial_seconds": 0.01},
            },
            "slack_alerts": {"conn_type": "slackwebhook", "host": slack.url, "password": SLACK_TOKEN},
            "cohere_default": {"conn_type": "generic", "host": cohere.base_url, "password": COHERE_KEY},
        }
        for conn_id, conn in conns.items():
            monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(conn))
        settings = settings_factory()  # creates the database through snowflake_default
        config = {
            "database": settings.database,
            "snowflake_conn_id": "snowflake_secret",
            "gong_conn_id": "gong_secret",
            "ingest_initial_days": 3650,  # the hand-made tenant's calls are in March 2026
            "enrich_engine": "cohere",
            "embedding_dim": 256,
        }
        monkeypatch.setenv("GONG_INTEL_CONFIG", json.dumps(config))
        monkeypatch.setenv("AIRFLOW_VAR_GONG_INTEL_CONFIG", json.dumps(config))
        yield SimpleNamespace(
            gong=gong, slack=slack, cohere=cohere, tenant=tenant, settings=settings_from_mapping(config)
        )


def _warehouse(settings):
    from include.gong_intel.warehouse.hook import WarehouseHook

    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    hook.settings = settings
    return hook


def _context(exception: BaseException, task_id: str) -> dict:
    ti = SimpleNamespace(
        dag_id="gong_call_intelligence",
        task_id=task_id,
        run_id=RUN_ID,
        map_index=-1,
        try_number=3,
        max_tries=2,
        log_url=f"http://localhost:8080/dags/gong_call_intelligence/runs/r/tasks/{task_id}",
    )
    return {
        "ti": ti,
        "task_instance": ti,
        "logical_date": datetime(2026, 3, 12, tzinfo=UTC),
        "exception": exception,
    }


def _ingest(env):
    window = {"interval_start": "2026-03-11T00:00:00+00:00", "interval_end": "2026-03-12T00:00:00+00:00"}
    return tasks.load_gong_api(window=window, run_id=RUN_ID, dag_id="gong_call_intelligence")


def _exception_text(error: BaseException) -> str:
    # The whole chain as Airflow would log it, plus the reprs a UI might show.
    return (
        "".join(traceback.format_exception(error))
        + repr(error)
        + repr(error.__cause__)
        + repr(error.__context__)
    )


def test_secrets_never_reach_logs_xcom_exceptions_or_slack(env, caplog, capsys):
    caplog.set_level("DEBUG")
    outputs: list[str] = []

    # A successful ingest: its XCom value.
    outputs.append(json.dumps(_ingest(env), default=str))

    # Gong keeps failing: the task's exception, then the failure alert for it.
    env.gong.fail(503, times=10)
    with pytest.raises(GongApiError) as gong_failure:
        _ingest(env)
    outputs.append(_exception_text(gong_failure.value))
    failure_notifier()(_context(gong_failure.value, "ingest.load_gong_api"))

    # Cohere rejects the key during enrichment: the exception and the alert.
    hook = _warehouse(env.settings)
    ids = stage_calls(hook, env.settings, 2)
    with pytest.raises(EnrichmentError) as cohere_failure:
        enrich_step.run_enrichment_batch(env.settings, ids, run_id=RUN_ID)
    outputs.append(_exception_text(cohere_failure.value))
    failure_notifier()(_context(cohere_failure.value, "enrich_batch"))

    # Generous: it returns as soon as both alerts arrived, a loaded machine only makes it wait longer.
    messages = env.slack.wait_for(2, timeout=30)
    outputs.extend(json.dumps(m.payload) for m in messages)
    captured = capsys.readouterr()
    # Every record at DEBUG and above, except the local peers' own access logs (not product code: the
    # Slack receiver logs the webhook path it was called on, which is the token by design).
    logs = [f"{r.name} {r.getMessage()}" for r in caplog.records if not r.name.startswith("local_stack.")]
    outputs.extend([*logs, captured.out, captured.err])

    # The alerts did go out and do describe the failures (so the search below is meaningful).
    assert "GongApiError" in messages[0].block_text() and "EnrichmentError" in messages[1].block_text()
    assert [r.status for r in env.cohere.requests] == [401]
    assert any("503" in o for o in outputs) and len(logs) > 20
    everything = "\n".join(outputs)
    leaked = [s for s in SECRETS if s in everything]
    assert leaked == []


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("outage", ["http_500", "connection_refused"])
def test_slack_down_during_a_failure_keeps_the_original_error_and_the_pipeline_state(
    env, monkeypatch, outage
):
    hook = _warehouse(env.settings)
    _ingest(env)
    before = raw_snapshot(hook)
    env.gong.fail(503, times=10)
    with pytest.raises(GongApiError) as failure:
        _ingest(env)
    original = (type(failure.value), str(failure.value), failure.value.__cause__)
    if outage == "http_500":
        env.slack.fail_next(500, times=10)
    else:
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_ALERTS",
            json.dumps(
                {
                    "conn_type": "slackwebhook",
                    "host": f"http://127.0.0.1:{_dead_port()}",
                    "password": SLACK_TOKEN,
                }
            ),
        )

    failure_notifier()(_context(failure.value, "ingest.load_gong_api"))  # must not raise

    assert (type(failure.value), str(failure.value), failure.value.__cause__) == original
    assert env.slack.messages == []
    if outage == "http_500":
        assert env.slack.attempts == DEFAULT_ATTEMPTS  # bounded: no retry storm against a broken webhook
    assert raw_snapshot(hook) == before
    assert set(before.calls) == {c["metaData"]["id"] for c in env.tenant.calls}

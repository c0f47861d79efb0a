"""The Airbyte ingest path as production runs it, end to end with dag.test() on the local stack.

``gong_setup`` bootstraps the Gong source, Snowflake destination and connection in the local Airbyte peer;
``gong_call_intelligence`` then triggers the connection's sync and waits for it in the deferrable sensor (the
trigger runs inline under dag.test()), the peer's sync lands the tenant in RAW_AIRBYTE in Airbyte's Direct-Load
layout, and transform, validation, enrichment and publish run on what it landed.

The peer's own sync semantics (incremental cursors, transcripts without lookback, which connections land) are
checked first, directly through the provider's hook, on a small tenant and a fresh database.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.airbyte_peers import bootstrapped_airbyte_peer, sync

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

N_CALLS = 20


# ---------------------------------------------------------------------------------------- the peer's syncs


@pytest.fixture
def airbyte_peer(wh_settings, local_warehouse, monkeypatch):
    """A peer serving a small tenant into a fresh database, and the Gong -> Snowflake connection in it."""
    from local_stack.tenant import generate_tenant

    tenant = generate_tenant(seed=5, n_calls=12)
    tenant.calls[3]["metaData"]["isPrivate"] = True  # Gong serves it to a wide-scope key; the source drops it
    with bootstrapped_airbyte_peer(
        tenant, local_warehouse, wh_settings, monkeypatch, conn_id="airbyte_e2e"
    ) as (peer, hook, connection_id):
        yield peer, hook, connection_id, tenant, wh_settings


def _ids(warehouse, table: str, column: str) -> list[str]:
    return sorted(str(r[0]) for r in warehouse.get_records(f"SELECT {column} FROM {table}"))


def _columns(warehouse, table: str) -> list[str]:
    conn = warehouse.get_conn()
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT * FROM {table} LIMIT 0")
            return [d[0] for d in cur.description]
    finally:
        conn.close()


def test_peer_sync_lands_the_tenant_in_direct_load_layout_like_the_gong_api_loader(airbyte_peer):
    from include.gong_intel.gong.loader import METADATA_COLUMNS, STREAMS
    from include.gong_intel.warehouse.hook import WarehouseHook

    peer, hook, connection_id, tenant, settings = airbyte_peer
    warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    t = settings.tables

    job_id = sync(hook, connection_id)

    public = [c for c in tenant.calls if not c["metaData"].get("isPrivate")]
    assert len(public) == len(tenant.calls) - 1
    public_ids = sorted(c["metaData"]["id"] for c in public)
    assert _ids(warehouse, t.raw_extensive_calls, "METADATA:id::string") == public_ids
    assert _ids(warehouse, t.raw_call_transcripts, "CALLID") == sorted(
        i for i in public_ids if i in tenant.transcripts
    )
    assert _ids(warehouse, t.raw_users, "ID") == sorted(u["id"] for u in tenant.users)
    for table, stream in (
        (t.raw_extensive_calls, "extensiveCalls"),
        (t.raw_call_transcripts, "callTranscripts"),
        (t.raw_users, "users"),
    ):
        columns = _columns(warehouse, table)
        assert set(columns) == {*METADATA_COLUMNS, *STREAMS[stream].column_names}
        metas = {r[0] for r in warehouse.get_records(f"SELECT _AIRBYTE_META::string FROM {table}")}
        assert {json.loads(m)["sync_id"] for m in metas} == {job_id}
        assert all(json.loads(m)["changes"] == [] for m in metas)
    # The source's own fields (id and startdatetime from metaData), typed as the destination types them.
    first = min(public, key=lambda c: c["metaData"]["started"])
    row = warehouse.get_first(
        f"SELECT ID::string, DATE_PART(EPOCH_SECOND, STARTDATETIME), METADATA:title::string, "
        f"TRANSCRIPT IS NULL FROM {t.raw_extensive_calls} e LEFT JOIN {t.raw_call_transcripts} c "
        f"ON c.CALLID = e.METADATA:id::string WHERE e.METADATA:id::string = %s",
        parameters=[first["metaData"]["id"]],
    )
    started = datetime.fromisoformat(first["metaData"]["started"])
    assert row[0] == first["metaData"]["id"] and int(row[1]) == int(started.timestamp())
    assert row[2] == first["metaData"]["title"] and row[3] is False
    job = peer.jobs[job_id]
    transcripts = sum(1 for i in public_ids if i in tenant.transcripts)
    assert job["rowsSynced"] == len(public) + transcripts + len(tenant.users)


def test_peer_second_sync_lands_only_new_calls_and_no_late_transcripts(airbyte_peer):
    from include.gong_intel.warehouse.hook import WarehouseHook

    peer, hook, connection_id, tenant, settings = airbyte_peer
    warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    t = settings.tables
    sync(hook, connection_id)
    landed_calls = _ids(warehouse, t.raw_extensive_calls, "_AIRBYTE_RAW_ID")
    landed_transcripts = _ids(warehouse, t.raw_call_transcripts, "_AIRBYTE_RAW_ID")

    # Nothing new at the source: the incremental streams land nothing; users are a full refresh.
    second = sync(hook, connection_id)
    assert peer.sync_result(second).emitted == {
        "users": len(tenant.users),
        "extensiveCalls": 0,
        "callTranscripts": 0,
    }
    assert _ids(warehouse, t.raw_extensive_calls, "_AIRBYTE_RAW_ID") == landed_calls
    assert _ids(warehouse, t.raw_call_transcripts, "_AIRBYTE_RAW_ID") == landed_transcripts
    assert warehouse.get_first(f"SELECT COUNT(*), MIN(_AIRBYTE_GENERATION_ID) FROM {t.raw_users}") == (
        len(tenant.users),
        1,
    )

    # A new call (without its transcript yet), and a late transcript for a call synced before.
    public = sorted(
        (c for c in tenant.calls if not c["metaData"].get("isPrivate")),
        key=lambda c: c["metaData"]["started"],
    )
    old = public[0]["metaData"]["id"]
    late = {"speakerId": "1", "topic": None, "sentences": [{"start": 0, "end": 900, "text": "late words"}]}
    tenant.transcripts[old] = [late]
    new_call = json.loads(json.dumps(public[-1]))
    new_id = str(int(public[-1]["metaData"]["id"]) + 1)
    new_call["metaData"].update(id=new_id, started=datetime.now(UTC).replace(microsecond=0).isoformat())
    tenant.calls.append(new_call)

    third = sync(hook, connection_id)
    assert peer.sync_result(third).emitted == {
        "users": len(tenant.users),
        "extensiveCalls": 1,
        "callTranscripts": 0,
    }
    calls = warehouse.get_records(
        f"SELECT METADATA:id::string, _AIRBYTE_META:sync_id FROM {t.raw_extensive_calls}"
    )
    assert sorted(str(i) for i, sync in calls if int(sync) == third) == [new_id]
    # The transcript of a call first seen without one is never fetched (the stream has no lookback), and the
    # late transcript of an older call is not re-read either.
    tenant.transcripts[new_id] = [late]
    fourth = sync(hook, connection_id)
    assert peer.sync_result(fourth).emitted["callTranscripts"] == 0
    assert _ids(warehouse, t.raw_call_transcripts, "_AIRBYTE_RAW_ID") == landed_transcripts
    assert peer.state(connection_id)["extensiveCalls"] == new_call["metaData"]["started"].replace(
        "+00:00", "Z"
    )


def test_peer_lands_nothing_for_other_connections_or_failed_jobs(airbyte_peer):
    from include.gong_intel.warehouse.hook import WarehouseHook

    peer, hook, connection_id, _, settings = airbyte_peer
    warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    other = peer.add_connection(name="not the bootstrap's")

    sync(hook, other)
    peer.script(connection_id, "failed", polls=0)
    failed = int(hook.submit_sync_connection(connection_id=connection_id).job_id)
    assert str(hook.get_job_details(job_id=failed).status.value) == "failed"

    assert warehouse.get_first(f"SELECT COUNT(*) FROM {settings.tables.raw_extensive_calls}")[0] == 0
    assert peer.state(connection_id) == {}


def test_peer_sync_that_cannot_write_fails_the_job_and_keeps_the_state(airbyte_peer):
    from include.gong_intel.warehouse.hook import WarehouseHook

    peer, hook, connection_id, _, settings = airbyte_peer
    table = settings.tables.raw_extensive_calls
    warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    warehouse.run(f"DROP TABLE {table}")
    warehouse.run(f"CREATE TABLE {table} (SOMETHING_ELSE VARCHAR)")

    job_id = int(hook.submit_sync_connection(connection_id=connection_id).job_id)
    for _ in range(200):
        if str(hook.get_job_details(job_id=job_id).status.value) != "running":
            break
        time.sleep(0.05)

    assert peer.job_status(job_id) == "failed"
    assert "EXTENSIVECALLS" in (peer.sync_error(job_id) or "").upper()
    assert peer.state(connection_id) == {}


# ---------------------------------------------------------------------------------------- the setup step


@pytest.fixture
def bootstrap_env(monkeypatch):
    """Connections and gong_intel_config for calling ``tasks.bootstrap_airbyte`` outside a DAG run."""
    from local_stack.airbyte_peer import AirbytePeer
    from local_stack.warehouse import airflow_connection

    with AirbytePeer(client_secret=f"ab-secret-{uuid.uuid4()}") as peer:
        snowflake = airflow_connection(1)  # never dialled: the bootstrap only reads the connection
        snowflake["extra"]["role"] = "AIRBYTE"
        monkeypatch.setenv("AIRFLOW_CONN_SNOWFLAKE_DEFAULT", json.dumps(snowflake))
        monkeypatch.setenv(
            "AIRFLOW_CONN_GONG_DEFAULT",
            json.dumps(
                {"conn_type": "gong", "host": "http://127.0.0.1:1", "login": "key", "password": "secret"}
            ),
        )
        monkeypatch.setenv("AIRFLOW_CONN_AIRBYTE_DEFAULT", json.dumps(peer.airflow_connection()))

        def configure(**config):
            config = {"ingest_mode": "airbyte", "airbyte_workspace_id": peer.workspace_id, **config}
            monkeypatch.setenv("AIRFLOW_VAR_GONG_INTEL_CONFIG", json.dumps(config))

        yield peer, snowflake, monkeypatch, configure


def test_bootstrap_points_the_destination_at_the_configured_database(bootstrap_env):
    from include.gong_intel.pipeline import tasks

    peer, _, _, configure = bootstrap_env
    configure(env="prod")  # the prod profile's database is SOPHIA_AI_PROD

    connection_id = tasks.bootstrap_airbyte()["connection_id"]

    destination = peer.destinations[peer.connections[connection_id]["destinationId"]]["configuration"]
    assert destination["database"] == "SOPHIA_AI_PROD"


def test_bootstrap_configuration_error_fails_without_retries(bootstrap_env):
    from airflow.providers.common.compat.sdk import AirflowFailException

    from include.gong_intel.pipeline import tasks

    _, snowflake, monkeypatch, configure = bootstrap_env
    configure()
    del snowflake["extra"]["role"]  # Airbyte's Snowflake destination requires a role
    monkeypatch.setenv("AIRFLOW_CONN_SNOWFLAKE_DEFAULT", json.dumps(snowflake))

    with pytest.raises(AirflowFailException, match="role"):
        tasks.bootstrap_airbyte()


# ---------------------------------------------------------------------------------------- the DAGs


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from airflow.utils.db import initdb

    from local_stack.stack import LocalStack, load_into_metadata_db

    os.environ["AIRFLOW__GONG_INTEL__DEADLINE_MINUTES"] = "0"
    data_dir = tmp_path_factory.mktemp("e2e_airbyte")
    with LocalStack(data_dir, n_calls=N_CALLS, seed=11, gong_rate_limit=None, with_airbyte=True) as s:
        s.config.update(
            {
                "env": "local",
                "ingest_mode": "airbyte",
                "airbyte_workspace_id": s.airbyte.workspace_id,
                "embedding_backend": "hashing",
            }
        )
        initdb()
        load_into_metadata_db(s)
        saved = {k: os.environ.get(k) for k in s.environ()}
        os.environ.update(s.environ())
        yield s
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _set_config(stack, **changes) -> None:
    """Update gong_intel_config where tasks read it (the environment variable wins over the metadata DB)."""
    from airflow.models import Variable

    stack.config.update(changes)
    value = stack.variables()["gong_intel_config"]
    os.environ["AIRFLOW_VAR_GONG_INTEL_CONFIG"] = value
    Variable.set("gong_intel_config", value)  # noqa: AIR311


def _count(hook, table, where="", parameters=None):
    return hook.get_first(f"SELECT COUNT(*) FROM {table} {where}", parameters=parameters)[0]


@pytest.fixture(scope="module")
def airbyte_runs(stack, step_logs):
    """gong_setup, then two daily runs through the Airbyte branch; the timings and the DagRuns."""
    from local_stack.demo import run_dag

    timings = {}
    started = time.monotonic()
    setup = run_dag("gong_setup")
    timings["gong_setup"] = time.monotonic() - started
    bootstrap = setup.get_task_instance("airbyte_bootstrap").xcom_pull(task_ids="airbyte_bootstrap")
    setup_logs = list(step_logs)
    connection_id = bootstrap["connection_id"]
    _set_config(stack, airbyte_connection_id=connection_id)

    # The wait task's first status read finds the job running, so it defers; the trigger's first read (at
    # once, inline under dag.test()) finds it done, without the trigger's poll interval.
    stack.airbyte.script(None, "succeeded", polls=1)
    started = time.monotonic()
    first = run_dag("gong_call_intelligence", logical_date=datetime.now(UTC).replace(microsecond=0))
    timings["first_run"] = time.monotonic() - started
    snapshot = _snapshot(stack)
    new_call = _add_call(stack.tenant)
    started = time.monotonic()
    second = run_dag("gong_call_intelligence", logical_date=datetime.now(UTC).replace(microsecond=0))
    timings["second_run"] = time.monotonic() - started
    print(f"e2e airbyte timings: {timings}")
    return {
        "setup": setup,
        "bootstrap": bootstrap,
        "setup_logs": setup_logs,
        "first": first,
        "first_snapshot": snapshot,
        "new_call": new_call,
        "second": second,
        "timings": timings,
    }


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def step_logs():
    """What the task callables log (``include.gong_intel.pipeline.tasks``) during the module's DAG runs."""
    logger = logging.getLogger("include.gong_intel.pipeline.tasks")
    handler, level = _Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.messages
    logger.removeHandler(handler)
    logger.setLevel(level)


def _settings():
    from include.gong_intel.config import load_settings

    return load_settings()


def _hook():
    from include.gong_intel.warehouse.hook import WarehouseHook

    return WarehouseHook(snowflake_conn_id=_settings().snowflake_conn_id)


def _add_call(tenant) -> str:
    """A call that Gong has now, with its transcript, after the first sync: a copy of a public call."""
    template = next(
        c
        for c in tenant.calls
        if not c["metaData"].get("isPrivate") and c["metaData"]["id"] in tenant.transcripts
    )
    call = json.loads(json.dumps(template))
    call_id = str(max(int(c["metaData"]["id"]) for c in tenant.calls) + 1)
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    call["metaData"].update(id=call_id, started=started.isoformat().replace("+00:00", "Z"))
    tenant.transcripts[call_id] = json.loads(json.dumps(tenant.transcripts[template["metaData"]["id"]]))
    tenant.calls.append(call)
    return call_id


def _snapshot(stack) -> dict:
    hook, t = _hook(), _settings().tables
    return {
        "raw_calls": _count(hook, t.raw_extensive_calls),
        "raw_transcripts": _count(hook, t.raw_call_transcripts),
        "enriched_at": dict(hook.get_records(f"SELECT CALL_ID, ENRICHED_AT FROM {t.stg_calls}")),
        "enriched_current": _count(hook, t.stg_calls, "WHERE ENRICHED_SOURCE_HASH = SOURCE_HASH"),
        "jobs": {j: dict(job) for j, job in stack.airbyte.jobs.items()},
    }


def test_setup_bootstraps_the_connection_in_the_peer_and_logs_its_id(stack, airbyte_runs):
    peer = stack.airbyte
    connection_id = airbyte_runs["bootstrap"]["connection_id"]
    assert airbyte_runs["bootstrap"]["created"] is True
    connection = peer.connections[connection_id]
    assert connection["workspaceId"] == peer.workspace_id
    assert peer.sources[connection["sourceId"]]["configuration"]["sourceType"] == "gong"
    destination = peer.destinations[connection["destinationId"]]["configuration"]
    assert (destination["destinationType"], destination["schema"]) == ("snowflake", "RAW_AIRBYTE")
    assert (len(peer.sources), len(peer.destinations), len(peer.connections)) == (1, 1, 1)
    assert (
        f"Set airbyte_connection_id={connection_id} in the gong_intel_config Variable"
        in airbyte_runs["setup_logs"]
    )


def test_daily_run_syncs_through_airbyte_and_stages_enriches_and_publishes(stack, airbyte_runs):
    settings = _settings()
    hook, t = _hook(), settings.tables
    peer = stack.airbyte
    run_id = airbyte_runs["first"].run_id

    # The Airbyte branch ran: one sync job, submitted by the trigger task, waited for by the deferred sensor.
    first_jobs = airbyte_runs["first_snapshot"]["jobs"]
    assert [j["status"] for j in first_jobs.values()] == ["succeeded"]
    tis = {ti.task_id: str(ti.state) for ti in airbyte_runs["first"].get_task_instances()}
    assert tis["ingest.airbyte_trigger_sync"] == tis["ingest.airbyte_wait_sync"] == "success"
    assert tis["ingest.load_gong_api"] == "skipped"
    # The Gong API itself is read only to reconcile: the completeness count of the window (/v2/calls) and
    # transcripts asked for again by id (/v2/calls/transcript, for calls that landed without one).
    assert {r.path for r in stack.gong.requests} <= {"/v2/calls", "/v2/calls/transcript"}
    assert "/v2/calls" in {r.path for r in stack.gong.requests}
    assert all(
        set(r.body["filter"]) == {"callIds"} and len(r.body["filter"]["callIds"]) <= 100
        for r in stack.gong.requests
        if r.path == "/v2/calls/transcript"
    )
    assert tis["reconcile_late_transcripts"] == tis["check_ingest_completeness"] == "success"

    # (The module's second run adds a call at the source; the first run's calls are the others.)
    public = [
        c
        for c in stack.tenant.calls
        if not c["metaData"].get("isPrivate") and c["metaData"]["id"] != airbyte_runs["new_call"]
    ]
    assert airbyte_runs["first_snapshot"]["raw_calls"] == len(public)
    assert sorted(airbyte_runs["first_snapshot"]["enriched_at"]) == sorted(
        c["metaData"]["id"] for c in public
    )
    assert airbyte_runs["first_snapshot"]["enriched_current"] == len(public)
    with_transcript = _count(hook, t.stg_calls, "WHERE HAS_TRANSCRIPT")
    calls_in_memory = hook.get_first(f"SELECT COUNT(DISTINCT CALL_ID) FROM {t.memory_chunks}")[0]
    assert with_transcript > 0 and calls_in_memory == with_transcript
    assert _count(hook, t.memory_chunks) > calls_in_memory
    steps = {
        r[0]
        for r in hook.get_records(f"SELECT STEP FROM {t.run_steps} WHERE RUN_ID = %s", parameters=[run_id])
    }
    assert {"validate_raw", "transform", "validate", "enrich", "enrich_output"} <= steps
    raw_read, raw_quarantined = hook.get_first(
        f"SELECT SUM(ROWS_READ), SUM(ROWS_QUARANTINED) FROM {t.run_steps} WHERE STEP = 'validate_raw' "
        "AND RUN_ID = %s",
        parameters=[run_id],
    )
    assert raw_read >= len(public) and raw_quarantined == 0
    assert not [m for m in stack.slack.messages if "failed" in (m.text or "").lower()]
    assert peer.state(airbyte_runs["bootstrap"]["connection_id"])["extensiveCalls"]


def test_second_daily_run_syncs_only_the_new_call_and_enriches_only_it(stack, airbyte_runs):
    hook, t = _hook(), _settings().tables
    before, new_call = airbyte_runs["first_snapshot"], airbyte_runs["new_call"]
    jobs = stack.airbyte.jobs
    assert len(jobs) == 2 and jobs[2]["status"] == "succeeded"
    new_rows = hook.get_records(
        f"SELECT METADATA:id::string FROM {t.raw_extensive_calls} WHERE _AIRBYTE_META:sync_id = 2"
    )
    assert [r[0] for r in new_rows] == [new_call]
    assert _count(hook, t.raw_extensive_calls) == before["raw_calls"] + 1
    assert _count(hook, t.raw_call_transcripts) == before["raw_transcripts"] + 1
    enriched_at = dict(hook.get_records(f"SELECT CALL_ID, ENRICHED_AT FROM {t.stg_calls}"))
    assert enriched_at.pop(new_call) is not None
    assert enriched_at == before["enriched_at"]
    assert _count(hook, t.stg_calls, "WHERE CALL_ID = %s AND HAS_TRANSCRIPT", parameters=[new_call]) == 1
    assert (
        hook.get_first(f"SELECT COUNT(*) FROM {t.memory_chunks} WHERE CALL_ID = %s", parameters=[new_call])[0]
        > 0
    )


def test_airbyte_ingest_is_recorded_in_run_steps(stack, airbyte_runs):
    hook, t = _hook(), _settings().tables
    run_id = airbyte_runs["first"].run_id
    steps = {
        r[0]
        for r in hook.get_records(f"SELECT STEP FROM {t.run_steps} WHERE RUN_ID = %s", parameters=[run_id])
    }
    assert {"ingest", "reconcile_transcripts", "completeness"} <= steps
    dq = hook.get_first(
        f"SELECT FAILED_ROWS, PASSED FROM {t.dq_results} WHERE RUN_ID = %s AND CHECK_NAME = 'calls_landed_vs_gong'",
        parameters=[run_id],
    )
    assert dq is not None and dq[1] is True

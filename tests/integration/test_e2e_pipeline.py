"""The daily DAG end to end with dag.test() on the local stack: the same DAG files, operators and hooks as
production, against the warehouse emulator and the Gong and Slack peers on 127.0.0.1."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

N_CALLS = 20


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from airflow.utils.db import initdb

    from local_stack.stack import LocalStack, load_into_metadata_db

    os.environ["AIRFLOW__GONG_INTEL__DEADLINE_MINUTES"] = "0"
    data_dir = tmp_path_factory.mktemp("e2e")
    with LocalStack(
        data_dir, n_calls=N_CALLS, seed=11, gong_rate_limit=None, config={"database": "E2E_DB"}
    ) as s:
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


def _count(hook, table, where=""):
    return hook.get_first(f"SELECT COUNT(*) FROM {table} {where}")[0]


def test_daily_dag_lands_stages_enriches_and_is_incremental(stack):
    from include.gong_intel.config import load_settings
    from include.gong_intel.warehouse.hook import WarehouseHook
    from local_stack.demo import run_dag

    settings = load_settings()
    assert settings.database == "E2E_DB"
    run_dag("gong_setup")
    run_dag("gong_call_intelligence", logical_date=datetime.now(UTC).replace(microsecond=0))

    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    t = settings.tables
    public = [c for c in stack.tenant.calls if not c["metaData"].get("isPrivate")]
    assert _count(hook, t.raw_extensive_calls) == len(public)
    assert _count(hook, t.stg_calls) == len(public)
    staged_ids = {r[0] for r in hook.get_records(f"SELECT CALL_ID FROM {t.stg_calls}")}
    assert staged_ids == {c["metaData"]["id"] for c in public}
    # Every staged call is enriched with the current content, and its transcript is in AI_MEMORY.
    assert _count(hook, t.stg_calls, "WHERE ENRICHED_SOURCE_HASH = SOURCE_HASH") == len(public)
    with_transcript = _count(hook, t.stg_calls, "WHERE HAS_TRANSCRIPT")
    calls_in_memory = hook.get_first(f"SELECT COUNT(DISTINCT CALL_ID) FROM {t.memory_chunks}")[0]
    assert with_transcript > 0 and calls_in_memory == with_transcript
    models = hook.get_records(f"SELECT DISTINCT EMBEDDING_MODEL, EMBEDDING_DIM FROM {t.memory_chunks}")
    assert len(models) == 1 and models[0][1] == settings.embedding_dim
    steps = {r[0] for r in hook.get_records(f"SELECT STEP FROM {t.run_steps}")}
    assert {"ingest", "validate_raw", "validate", "enrich"} <= steps
    # The raw checks saw every landed call and nothing in this tenant is malformed.
    raw_read, raw_quarantined = hook.get_first(
        f"SELECT SUM(ROWS_READ), SUM(ROWS_QUARANTINED) FROM {t.run_steps} WHERE STEP = 'validate_raw'"
    )
    assert raw_read >= len(public) and raw_quarantined == 0
    assert not [m for m in stack.slack.messages if "failed" in (m.text or "").lower()]

    enriched_at = dict(hook.get_records(f"SELECT CALL_ID, ENRICHED_AT FROM {t.stg_calls}"))
    run_dag("gong_call_intelligence", logical_date=datetime.now(UTC).replace(microsecond=0))
    # Nothing changed at the source: nothing landed again, nothing re-enriched.
    assert _count(hook, t.raw_extensive_calls) == len(public)
    assert dict(hook.get_records(f"SELECT CALL_ID, ENRICHED_AT FROM {t.stg_calls}")) == enriched_at

"""DAG integrity: every DAG file imports cleanly, fast, and follows the project's conventions."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parents[2] / "dags"
DAG_FILES = sorted(p for p in DAGS_DIR.glob("*.py") if not p.name.startswith("_"))
HEAVY_MODULES = (
    "pandas",
    "pandera",
    "cohere",
    "torch",
    "sentence_transformers",
    "fakesnow",
    "duckdb",
    "numpy",
    # Providers whose hooks only run inside tasks and callbacks (a third of a second each to import).
    "airflow.providers.slack.hooks.slack_webhook",
    "slack_sdk",
    "airflow.providers.snowflake.hooks.snowflake",
    "snowflake.connector",
    # The Airbyte SDK: the ingest operators import the provider's hook when they run.
    "airbyte_api",
)


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert {d.dag_id for d in dagbag.dags.values()} == {p.stem for p in DAG_FILES}


def test_dag_conventions(dagbag):
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags, f"{dag_id} has no tags"
        assert dag.doc_md and dag.doc_md.strip(), f"{dag_id} has no doc_md"
        assert dag.catchup is False, f"{dag_id} would backfill by surprise"
        assert dag.start_date.tzinfo is not None, f"{dag_id} has a naive start_date"
        for t in dag.tasks:
            assert t.owner not in (None, "", "airflow"), f"{dag_id}.{t.task_id} has no owner"
            assert t.retries >= 2, f"{dag_id}.{t.task_id} retries={t.retries}"
            assert t.on_failure_callback, f"{dag_id}.{t.task_id} has no failure alert"


def test_no_cycles(dagbag):
    from airflow.utils.dag_cycle_tester import check_cycle

    for dag in dagbag.dags.values():
        check_cycle(dag)  # raises AirflowDagCycleException


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_each_dag_file_parses_under_one_second(path, dagbag):
    from airflow.dag_processing.dagbag import DagBag

    # The shared DagBag above warmed Airflow and the providers, as a running DAG processor has.
    started = time.perf_counter()
    bag = DagBag(dag_folder=str(path))
    elapsed = time.perf_counter() - started
    assert bag.import_errors == {}
    assert elapsed < 1.0, f"{path.name} took {elapsed:.2f}s to parse"


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_dag_files_import_no_heavy_modules(path):
    root = DAGS_DIR.parent
    code = (
        "import sys, runpy\n"
        f"sys.path[:0] = [{str(root)!r}, {str(DAGS_DIR)!r}]\n"
        f"runpy.run_path({str(path)!r})\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    heavy = [line for line in out.stdout.splitlines() if line.startswith("HEAVY=")]
    assert heavy == ["HEAVY="], f"heavy imports at parse time: {heavy}"

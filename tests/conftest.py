"""Shared fixtures: an isolated AIRFLOW_HOME and the embedded warehouse on 127.0.0.1.

AIRFLOW_HOME and friends are set before anything imports airflow, so the suite never touches ~/airflow.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="gong-intel-airflow-"))
os.environ["AIRFLOW_HOME"] = str(_HOME)
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
os.environ.setdefault("AIRFLOW__CORE__PARALLELISM", "2")
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(Path(__file__).resolve().parents[1] / "dags"))
os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_HOME / 'airflow.db'}")

import pytest  # noqa: E402

_db_counter = itertools.count(1)


@pytest.fixture(scope="session")
def local_warehouse(tmp_path_factory):
    """The emulator's server for the whole session; ``snowflake_default`` points at it."""
    from local_stack.warehouse import LocalWarehouse

    with LocalWarehouse(tmp_path_factory.mktemp("warehouse")) as wh:
        os.environ["AIRFLOW_CONN_SNOWFLAKE_DEFAULT"] = json.dumps(wh.airflow_connection())
        yield wh
        os.environ.pop("AIRFLOW_CONN_SNOWFLAKE_DEFAULT", None)


@pytest.fixture
def settings_factory(local_warehouse):
    """Settings for a fresh database with every table created (one database per call, so tests never share rows)."""
    from include.gong_intel.config import settings_from_mapping
    from include.gong_intel.warehouse.hook import WarehouseHook
    from include.gong_intel.warehouse.setup import apply_ddl

    def make(**overrides):
        db = overrides.pop("database", None) or f"TEST_DB_{os.getpid()}_{next(_db_counter)}"
        settings = settings_from_mapping({"database": db, **overrides})
        apply_ddl(WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id), settings)
        return settings

    return make


@pytest.fixture
def wh_settings(settings_factory):
    """Settings bound to a fresh, fully created database."""
    return settings_factory()


@pytest.fixture
def warehouse(wh_settings):
    """A WarehouseHook on the emulator; ``warehouse.settings`` is the fresh database's settings."""
    from include.gong_intel.warehouse.hook import WarehouseHook

    hook = WarehouseHook(snowflake_conn_id=wh_settings.snowflake_conn_id)
    hook.settings = wh_settings
    return hook

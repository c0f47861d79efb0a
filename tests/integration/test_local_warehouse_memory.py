"""The emulator bounds DuckDB's memory by default and spills to its data directory past the bound."""

from __future__ import annotations

import pytest

from local_stack.warehouse import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV, THREADS_ENV, LocalWarehouse

pytestmark = pytest.mark.integration


def _duckdb_setting(name: str) -> str:
    import fakesnow.server

    return fakesnow.server.shared_fs.duck_conn.execute(f"SELECT current_setting('{name}')").fetchone()[0]


def _gib(setting: str) -> float:
    number, unit = setting.split()
    return float(number) * {"MiB": 1 / 1024, "GiB": 1.0, "MB": 1e6 / 2**30, "GB": 1e9 / 2**30}[unit]


def test_default_memory_limit_is_applied_with_a_spill_directory(tmp_path, monkeypatch):
    monkeypatch.delenv(MEMORY_LIMIT_ENV, raising=False)
    with LocalWarehouse(tmp_path / "wh") as warehouse:
        assert warehouse.memory_limit == DEFAULT_MEMORY_LIMIT == "3GB"
        # DuckDB prints the limit with one decimal.
        assert _gib(_duckdb_setting("memory_limit")) == pytest.approx(3e9 / 2**30, rel=0.05)
        assert _duckdb_setting("temp_directory").endswith(".spill")


def test_memory_limit_comes_from_the_environment_or_can_be_lifted(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GB")
    assert LocalWarehouse(tmp_path / "a").memory_limit == "1GB"
    assert LocalWarehouse(tmp_path / "b", memory_limit="3GB").memory_limit == "3GB"
    assert LocalWarehouse(tmp_path / "c", memory_limit="none").memory_limit is None
    assert LocalWarehouse(tmp_path / "d", memory_limit=None).memory_limit is None


def test_threads_come_from_the_caller_or_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(THREADS_ENV, "1")
    with LocalWarehouse(tmp_path / "wh"):
        assert int(_duckdb_setting("threads")) == 1
    assert LocalWarehouse(tmp_path / "a", threads=2).threads == 2
    monkeypatch.delenv(THREADS_ENV)
    assert LocalWarehouse(tmp_path / "b").threads is None  # DuckDB's own: one per core


def test_only_recent_results_are_kept_and_a_recent_one_can_be_scanned(warehouse):
    import fakesnow.server
    from snowflake.connector.errors import ProgrammingError

    from local_stack.warehouse import RECENT_RESULTS

    cache = fakesnow.server.shared_fs.results_cache
    with warehouse.get_conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT 'first' AS V")
        first = cur.sfqid
        for i in range(RECENT_RESULTS + 10):
            cur.execute("SELECT %(i)s AS N", {"i": i})
        cur.execute("SELECT 'last' AS V")
        last = cur.sfqid
        assert len(cache) == RECENT_RESULTS
        # Snowflake's RESULT_SCAN of a recent statement still answers; an evicted one is "not found".
        cur.execute(f"SELECT V FROM TABLE(RESULT_SCAN('{last}'))")
        assert cur.fetchall() == [("last",)]
        with pytest.raises(ProgrammingError, match="not found"):
            cur.execute(f"SELECT V FROM TABLE(RESULT_SCAN('{first}'))")

"""The emulator bounds DuckDB's memory by default and spills to its data directory past the bound."""

from __future__ import annotations

import pytest

from local_stack.warehouse import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV, LocalWarehouse

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
        assert warehouse.memory_limit == DEFAULT_MEMORY_LIMIT == "2GB"
        # DuckDB prints the limit with one decimal.
        assert _gib(_duckdb_setting("memory_limit")) == pytest.approx(2e9 / 2**30, rel=0.05)
        assert _duckdb_setting("temp_directory").endswith(".spill")


def test_memory_limit_comes_from_the_environment_or_can_be_lifted(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GB")
    assert LocalWarehouse(tmp_path / "a").memory_limit == "1GB"
    assert LocalWarehouse(tmp_path / "b", memory_limit="3GB").memory_limit == "3GB"
    assert LocalWarehouse(tmp_path / "c", memory_limit="none").memory_limit is None
    assert LocalWarehouse(tmp_path / "d", memory_limit=None).memory_limit is None


def test_flattening_many_large_documents_stays_inside_a_small_limit(tmp_path):
    # 4,096 transcripts of 120 turns (~30 KB of JSON each, ~120 MB in all) flattened in one statement, as the
    # transcript staging does, inside a 256 MB bound. Casting every document of a DuckDB vector to a list
    # and unnesting it (the emulator's earlier FLATTEN) needed several times its inputs and failed here.
    import snowflake.connector

    from local_stack.warehouse import connection_extra

    docs, turns = 4096, 120
    with LocalWarehouse(tmp_path / "wh", memory_limit="256MB") as warehouse:
        extra = connection_extra(warehouse.port)
        conn = snowflake.connector.connect(
            user="local",
            password="local",
            session_parameters={},
            **{k: v for k, v in extra.items() if k != "emulator"},
        )
        try:
            cur = conn.cursor()
            cur.execute("CREATE SCHEMA IF NOT EXISTS SOPHIA_AI_DEV.SCRATCH")
            cur.execute("USE SCHEMA SOPHIA_AI_DEV.SCRATCH")
            cur.execute("CREATE TABLE DOCS (ID NUMBER, DOC VARIANT)")
            _duckdb_execute(
                "INSERT INTO sophia_ai_dev.scratch.docs SELECT i, to_json([{'speakerId': (j % 2)::VARCHAR, "
                f"'text': repeat('turn ' || j::VARCHAR || ' ', 30)}} for j in range({turns})]) FROM range({docs}) t(i)"
            )
            cur.execute(
                "SELECT COUNT(*), SUM(f.index), COUNT(DISTINCT d.ID), MIN(f.value:speakerId::STRING) "
                "FROM DOCS AS d, LATERAL FLATTEN(INPUT => d.DOC) AS f"
            )
            count, index_sum, distinct_docs, speaker = cur.fetchone()
        finally:
            conn.close()
    assert (count, int(index_sum), distinct_docs, speaker) == (
        docs * turns,
        docs * turns * (turns - 1) // 2,
        docs,
        "0",
    )


def _duckdb_execute(sql: str) -> None:
    import fakesnow.server

    fakesnow.server.shared_fs.duck_conn.execute(sql)

import pytest
import sqlglot

from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import SQL_DIR, Dialect, render


@pytest.mark.parametrize("emulator", [False, True])
def test_every_sql_file_renders_and_parses_as_snowflake(emulator):
    files = sorted(p.relative_to(SQL_DIR).as_posix() for p in SQL_DIR.rglob("*.sql"))
    assert files, "no SQL files found"
    for path in files:
        sql = render(path, Settings(), emulator=emulator, **_interval_context())
        statements = [s for s in sqlglot.parse(sql, read="snowflake") if s is not None]
        assert statements, path


def _interval_context():
    # Files rendered by Airflow see the run's context; give them representative values.
    return {
        "data_interval_start": "2026-11-01T00:00:00+00:00",
        "data_interval_end": "2026-11-02T00:00:00+00:00",
        "run_id": "manual__test",
        "params": {},
    }


def test_production_ddl_uses_snowflake_vector_type_and_emulator_uses_array():
    prod = render("ddl/04_ai_memory.sql", Settings(embedding_dim=1024), emulator=False)
    local = render("ddl/04_ai_memory.sql", Settings(), emulator=True)
    assert "EMBEDDING VECTOR(FLOAT, 1024)" in prod
    assert "EMBEDDING ARRAY" in local


def test_cosine_similarity_spelling():
    assert Dialect(emulator=False).cosine_similarity("a.E", "q") == "VECTOR_COSINE_SIMILARITY(a.E, q)"
    local = Dialect(emulator=True).cosine_similarity("a.E", "PARSE_JSON('[0.6, 0.8]')")
    assert "FLATTEN(INPUT => a.E)" in local and "FLATTEN(INPUT => PARSE_JSON('[0.6, 0.8]'))" in local
    sqlglot.parse_one(f"SELECT {local} AS s FROM t AS a", read="snowflake")

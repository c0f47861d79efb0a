import pytest
import sqlglot

from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import SQL_DIR, Dialect, render
from scripts.lint_sql import bind_placeholders
from scripts.sql_samples import sample_context


@pytest.mark.parametrize("emulator", [False, True])
def test_every_sql_file_renders_and_parses_as_snowflake(emulator):
    files = sorted(p.relative_to(SQL_DIR).as_posix() for p in SQL_DIR.rglob("*.sql"))
    assert files, "no SQL files found"
    for path in files:
        if path.endswith(".jinja"):
            continue
        sql = bind_placeholders(render(path, Settings(), emulator=emulator, **sample_context()))
        statements = [s for s in sqlglot.parse(sql, read="snowflake") if s is not None]
        assert statements, path


def test_production_ddl_uses_snowflake_vector_type_and_emulator_uses_array():
    prod = render("ddl/04_ai_memory.sql", Settings(embedding_dim=1024), emulator=False)
    local = render("ddl/04_ai_memory.sql", Settings(), emulator=True)
    assert "EMBEDDING VECTOR(FLOAT, 1024)" in prod
    assert "EMBEDDING ARRAY" in local


def test_cosine_similarity_spelling():
    assert Dialect(emulator=False).cosine_similarity("a.E", "q") == "VECTOR_COSINE_SIMILARITY(a.E, q)"
    local = Dialect(emulator=True).cosine_similarity("a.E", "PARSE_JSON('[0.6, 0.8]')")
    assert local.startswith("LIST_COSINE_SIMILARITY(FROM_JSON(a.E,")
    sqlglot.parse_one(f"SELECT {local} AS s FROM t AS a", read="snowflake")


def test_emulator_cosine_similarity_computes_cosine(warehouse):
    t = warehouse.settings.tables
    row = {
        "CHUNK_ID": "c1",
        "CALL_ID": "1",
        "CHUNK_ORDINAL": 0,
        "EMBEDDING": [0.6, 0.8, 0.0],
        "EMBEDDING_MODEL": "m",
        "EMBEDDING_DIM": 3,
    }
    warehouse.insert_records(
        t.memory_chunks, [row, {**row, "CHUNK_ID": "c2", "EMBEDDING": [0.0, 0.0, 2.0]}], ["EMBEDDING"]
    )
    sim = Dialect(emulator=True).cosine_similarity("EMBEDDING", "PARSE_JSON(%(q)s)")
    rows = warehouse.get_records(
        f"SELECT CHUNK_ID, {sim} FROM {t.memory_chunks} ORDER BY CHUNK_ID", parameters={"q": "[3, 4, 0]"}
    )
    assert [(cid, round(v, 6)) for cid, v in rows] == [("c1", 1.0), ("c2", 0.0)]

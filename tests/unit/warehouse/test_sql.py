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


def test_vectors_are_spelled_as_snowflake_on_both_targets():
    # The emulator is taught VECTOR (local_stack.warehouse.install_vector_type): one spelling for both.
    for emulator in (False, True):
        ddl = render("ddl/04_ai_memory.sql", Settings(embedding_dim=1024), emulator=emulator)
        assert "EMBEDDING VECTOR(FLOAT, 1024)" in ddl
        wh = Dialect(emulator=emulator)
        assert wh.cosine_similarity("a.E", "q") == "VECTOR_COSINE_SIMILARITY(a.E, q)"
        assert wh.to_vector("PARSE_JSON(%(q)s)", 3) == "CAST(PARSE_JSON(%(q)s) AS VECTOR(FLOAT, 3))"

"""The emulator's OBJECT_CONSTRUCT (local_stack.warehouse installs its own macro): one JSON text per row,
the same on one DuckDB thread or several, so the content hashes built on it are stable."""

from __future__ import annotations

import contextlib
import json

import pytest

pytestmark = pytest.mark.integration


def _duck():
    import fakesnow.server

    return fakesnow.server.shared_fs.duck_conn


@contextlib.contextmanager
def _threads(n: int):
    duck = _duck()
    before = duck.execute("SELECT current_setting('threads')").fetchone()[0]
    duck.execute(f"SET threads TO {n}")
    try:
        yield
    finally:
        duck.execute(f"SET threads TO {before}")


def test_text_keeps_argument_order_and_drops_nulls_unless_kept(warehouse):
    text, kept, empty = warehouse.get_records(
        "SELECT TO_JSON(OBJECT_CONSTRUCT('b', 1, 'a', 'x\"y', 'n', NULL, 'l', ARRAY_CONSTRUCT(1, 2))), "
        "TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL('b', 1, 'n', NULL)), TO_JSON(OBJECT_CONSTRUCT())"
    )[0]
    assert text == json.dumps({"b": 1, "a": 'x"y', "l": [1, 2]}, separators=(",", ":"))
    assert kept == '{"b":1,"n":null}'
    assert empty == "{}"


def test_hashes_are_the_same_on_one_thread_or_two(warehouse):
    # fakesnow's own macro aggregated the pairs in a subquery whose order DuckDB keeps on one thread only:
    # on two, every row's text (and hash) could change from one evaluation to the next.
    schema = warehouse.settings.tables.stg_calls.rsplit(".", 1)[0]
    table = f"{schema}.OBJECT_ROWS"
    warehouse.run(f"CREATE TABLE {table} (ID NUMBER, NAME VARCHAR, V NUMBER)")
    _duck().execute(
        f"INSERT INTO {table} SELECT i, 'name ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 2 END "
        "FROM range(60000) r(i)"
    )
    query = (
        f"SELECT ID, SHA2(TO_JSON(OBJECT_CONSTRUCT('id', ID, 'name', NAME, 'v', V, 'k', 'const')), 256) "
        f"FROM {table}"
    )
    hashes = {}
    for threads in (1, 2, 2):
        with _threads(threads):
            hashes.setdefault(threads, []).append(dict(warehouse.get_records(query)))
    one, (two_a, two_b) = hashes[1][0], hashes[2]
    assert len(one) == 60000
    assert two_a == one
    assert two_b == one

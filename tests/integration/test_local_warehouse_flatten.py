"""The emulator's FLATTEN (local_stack.warehouse installs its own macro): Snowflake's columns and values."""

from __future__ import annotations

import json


def _flatten(hook, payload: str) -> list[tuple]:
    return hook.get_records(
        "SELECT f.index, f.key, f.path, TO_JSON(f.value), TO_JSON(f.this) "
        "FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS f ORDER BY f.path",
        parameters={"payload": payload},
    )


def test_array_elements_are_numbered_by_position_past_one_duckdb_vector(warehouse):
    # fakesnow's own macro numbered elements with an unordered window: past 2,048 values the numbers could
    # follow neither the array nor one evaluation to the next.
    items = [{"n": i} for i in range(3000)]
    rows = warehouse.get_records(
        "SELECT f.index, f.value:n::NUMBER FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS f",
        parameters={"payload": json.dumps(items)},
    )
    assert len(rows) == 3000
    assert all(int(index) == int(n) for index, n in rows)


def test_array_rows_carry_path_value_and_the_whole_input(warehouse):
    payload = json.dumps(["a", {"b": 1}, [2]])
    rows = _flatten(warehouse, payload)
    assert [(r[0], r[1], r[2]) for r in rows] == [(0, None, "[0]"), (1, None, "[1]"), (2, None, "[2]")]
    assert [json.loads(r[3]) for r in rows] == ["a", {"b": 1}, [2]]
    assert [json.loads(r[4]) for r in rows] == [json.loads(payload)] * 3


def test_object_rows_are_keyed_without_index(warehouse):
    rows = _flatten(warehouse, json.dumps({"k1": 1, "k2": {"z": [1]}}))
    assert [(r[0], r[1], r[2], json.loads(r[3])) for r in rows] == [
        (None, "k1", "k1", 1),
        (None, "k2", "k2", {"z": [1]}),
    ]


def test_empty_input_gives_no_rows(warehouse):
    assert _flatten(warehouse, "[]") == []
    assert _flatten(warehouse, "{}") == []

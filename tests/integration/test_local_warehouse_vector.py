"""The emulator's VECTOR (local_stack.warehouse installs it): Snowflake's vector SQL, through the real connector."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sqlglot
from snowflake.connector.errors import ProgrammingError

from include.gong_intel.warehouse.sql import Dialect

WH = Dialect(emulator=True)


def _table(hook, name: str, columns: str) -> str:
    schema = hook.settings.tables.memory_chunks.rsplit(".", 1)[0]
    fqn = f"{schema}.{name}"
    hook.run(f"CREATE TABLE {fqn} ({columns})")
    return fqn


def _insert(hook, fqn: str, rows: dict[int, list[float]], dim: int) -> None:
    for row_id, vector in rows.items():
        hook.run(
            f"INSERT INTO {fqn} (ID, V) SELECT %(id)s, {WH.to_vector('PARSE_JSON(%(v)s)', dim)}",
            parameters={"id": row_id, "v": json.dumps(vector)},
        )


def _cosine(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_vector_column_round_trips_as_a_list_of_floats(warehouse):
    fqn = _table(warehouse, "VEC_ROUND_TRIP", f"ID NUMBER, V {WH.vector_type(4)}")
    _insert(warehouse, fqn, {1: [0.25, -1.5, 3.0, 1e-3], 2: [1, 2, 3, 4]}, 4)
    warehouse.run(f"INSERT INTO {fqn} (ID) SELECT 3")

    rows = warehouse.get_records(f"SELECT ID, V, V::ARRAY FROM {fqn} ORDER BY ID")

    # Elements are 32-bit floats, as in Snowflake's VECTOR(FLOAT, n): 0.001 comes back as its nearest float32.
    assert [(int(r[0]), r[1]) for r in rows] == [
        (1, [0.25, -1.5, 3.0, float(np.float32(0.001))]),
        (2, [1.0, 2.0, 3.0, 4.0]),
        (3, None),
    ]
    assert all(isinstance(x, float) for x in rows[0][1])
    # VECTOR::ARRAY is JSON text, as Snowflake returns ARRAY values (memory/select_chunk_vectors.sql).
    assert json.loads(rows[1][2]) == [1.0, 2.0, 3.0, 4.0]
    assert rows[2][2] is None


def test_cosine_similarity_orders_by_similarity_with_numpy_values(warehouse):
    rng = np.random.default_rng(7)
    vectors = {i: [float(x) for x in rng.normal(size=4)] for i in range(1, 9)}
    fqn = _table(warehouse, "VEC_COSINE", f"ID NUMBER, V {WH.vector_type(4)}")
    _insert(warehouse, fqn, vectors, 4)
    query = [0.3, -0.2, 0.9, 0.1]

    similarity = WH.cosine_similarity("V", WH.to_vector("PARSE_JSON(%(q)s)", 4))
    rows = warehouse.get_records(
        f"SELECT ID, {similarity} AS SIMILARITY FROM {fqn} ORDER BY SIMILARITY DESC LIMIT 5",
        parameters={"q": json.dumps(query)},
    )

    # Elements are stored as 32-bit floats (as in Snowflake's VECTOR(FLOAT, n)): equal to ~1e-6.
    expected = sorted(((i, _cosine(v, query)) for i, v in vectors.items()), key=lambda p: -p[1])[:5]
    assert [int(r[0]) for r in rows] == [i for i, _ in expected]
    assert [float(r[1]) for r in rows] == pytest.approx([s for _, s in expected], abs=1e-6)
    assert all(float(a[1]) > float(b[1]) for a, b in zip(rows, rows[1:], strict=False))


def test_a_vector_of_the_wrong_length_is_rejected(warehouse):
    fqn = _table(warehouse, "VEC_LENGTH", f"ID NUMBER, V {WH.vector_type(4)}")

    with pytest.raises(ProgrammingError, match="Expected array of size 4"):
        _insert(warehouse, fqn, {1: [1.0, 2.0, 3.0]}, 4)
    with pytest.raises(ProgrammingError, match="Expected array of size 4"):
        warehouse.run(f"INSERT INTO {fqn} (ID, V) SELECT 2, PARSE_JSON('[1, 2, 3, 4, 5]')")
    with pytest.raises(ProgrammingError, match="numerical"):
        _insert(warehouse, fqn, {3: ["a", 2.0, 3.0, 4.0]}, 4)

    assert warehouse.get_records(f"SELECT COUNT(*) FROM {fqn}") == [(0,)]


def test_integer_vectors_inner_product_and_l2_distance(warehouse):
    fqn = _table(warehouse, "VEC_INT", "ID NUMBER, V VECTOR(FLOAT, 3), W VECTOR(INT, 3)")
    warehouse.run(
        f"INSERT INTO {fqn} SELECT 1, PARSE_JSON('[1.5, -2, 0.5]')::VECTOR(FLOAT, 3), "
        "PARSE_JSON('[3, 0, -4]')::VECTOR(INT, 3)"
    )

    [(w, dot, l2, cos_w)] = warehouse.get_records(
        "SELECT W, VECTOR_INNER_PRODUCT(V, PARSE_JSON('[2, 1, 4]')::VECTOR(FLOAT, 3)), "
        "VECTOR_L2_DISTANCE(V, PARSE_JSON('[0, 0, 0]')::VECTOR(FLOAT, 3)), "
        f"VECTOR_COSINE_SIMILARITY(W, PARSE_JSON('[4, 0, 3]')::VECTOR(INT, 3)) FROM {fqn}"
    )

    assert w == [3, 0, -4] and all(isinstance(x, int) for x in w)
    assert float(dot) == pytest.approx(3.0)
    assert float(l2) == pytest.approx(float(np.linalg.norm([1.5, -2, 0.5])), abs=1e-6)
    assert float(cos_w) == pytest.approx(_cosine([3, 0, -4], [4, 0, 3]))  # 0: orthogonal


def test_flattened_json_payload_casts_to_the_product_vector_column(settings_factory):
    from include.gong_intel.warehouse.hook import WarehouseHook

    settings = settings_factory(embedding_dim=4)
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    t = settings.tables
    payload = [
        {"id": "c1", "embedding": [0.6, 0.8, 0.0, 0.0]},
        {"id": "c2", "embedding": [0.0, 0.0, 2.0, 0.0]},
    ]
    # insert_chunks.sql's cast: an element of a FLATTENed JSON payload, as ARRAY, to VECTOR(FLOAT, n).
    hook.run(
        f"INSERT INTO {t.memory_chunks} (CHUNK_ID, CALL_ID, CHUNK_ORDINAL, EMBEDDING, EMBEDDING_MODEL, EMBEDDING_DIM) "
        f"SELECT r.value:id::STRING, '1', r.index, {WH.to_vector('r.value:embedding::ARRAY', 4)}, 'm', 4 "
        "FROM TABLE(FLATTEN(INPUT => PARSE_JSON(%(payload)s))) AS r",
        parameters={"payload": json.dumps(payload)},
    )

    similarity = WH.cosine_similarity("EMBEDDING", WH.to_vector("PARSE_JSON(%(q)s)", 4))
    rows = hook.get_records(
        f"SELECT CHUNK_ID, EMBEDDING, {similarity} FROM {t.memory_chunks} ORDER BY CHUNK_ID",
        parameters={"q": "[3, 4, 0, 0]"},
    )
    assert [(cid, emb) for cid, emb, _ in rows] == [
        ("c1", pytest.approx([0.6, 0.8, 0.0, 0.0], abs=1e-7)),
        ("c2", [0.0, 0.0, 2.0, 0.0]),
    ]
    assert [round(float(s), 6) for _, _, s in rows] == [1.0, 0.0]


def test_translation_to_duckdb():
    from fakesnow.cursor import FakeSnowflakeCursor  # noqa: F401  (the patch targets fakesnow's cursor)

    from local_stack.warehouse import _vector_to_duckdb

    def duck(sql: str) -> str:
        return sqlglot.parse_one(sql, read="snowflake").transform(_vector_to_duckdb).sql("duckdb")

    assert duck("CREATE TABLE t (v VECTOR(FLOAT, 1024), w VECTOR(INT, 2))") == (
        "CREATE TABLE t (v REAL[1024], w INT[2])"
    )
    assert duck("SELECT VECTOR_COSINE_SIMILARITY(a, PARSE_JSON(q)::VECTOR(FLOAT, 3))") == (
        "SELECT CAST(LIST_COSINE_SIMILARITY(a, CAST(JSON(q) AS REAL[3])) AS DOUBLE)"
    )
    with pytest.raises(NotImplementedError, match="VECTOR_L1_DISTANCE"):
        duck("SELECT VECTOR_L1_DISTANCE(a, b)")


def test_a_warehouse_written_by_the_older_layout_is_refused_with_what_to_do(tmp_path):
    from local_stack.warehouse import DATA_FORMAT, check_data_format

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    check_data_format(fresh)
    assert (fresh / ".warehouse-format").read_text() == f"{DATA_FORMAT}\n"
    (fresh / "SOPHIA_AI_DEV.db").write_bytes(b"")
    check_data_format(fresh)  # its own format: accepted again

    old = tmp_path / "old"
    old.mkdir()
    (old / "SOPHIA_AI_DEV.db").write_bytes(b"")
    with pytest.raises(
        RuntimeError, match=r"SOPHIA_AI_DEV\.db.*format 1, this is 2.*delete .*old and run again"
    ):
        check_data_format(old)
    assert not (old / ".warehouse-format").exists()

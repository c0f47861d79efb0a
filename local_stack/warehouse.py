"""The embedded Snowflake emulator (fakesnow) served over Snowflake's HTTP protocol on 127.0.0.1.

The unmodified Snowflake connector reaches it through the ``snowflake_default`` connection with the extra
produced by :meth:`LocalWarehouse.connection_extra`. Each database persists as one DuckDB file under
``data_dir``, so several processes (scheduler, workers, the CLI) see one warehouse when they share the
server. Run ``python -m local_stack.warehouse --port 8705 --data-dir .local/warehouse`` for long-lived use.

The emulator speaks Snowflake's VECTOR type (:func:`install_vector_type`): ``VECTOR(FLOAT, n)`` columns are
DuckDB ``FLOAT[n]`` arrays, ``VECTOR_COSINE_SIMILARITY`` is DuckDB's list cosine similarity, and vectors
read back through the connector are lists, as on Snowflake. A local warehouse created before the emulator
had VECTOR (its embedding columns hold JSON text) must be recreated: delete its ``data_dir`` (for instance
``.local/warehouse``) and run the setup again.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import socket
import threading
import time
from pathlib import Path
from typing import Any

# DuckDB's memory limit for the emulator unless the caller or GONG_INTEL_WAREHOUSE_MEMORY_LIMIT says otherwise:
# past it, sorts, joins and aggregates spill to data_dir/.spill instead of growing (DuckDB's own default is
# 80% of RAM: the emulator peaked at 10.9 GiB at 10,000 calls). Staging 10,000 calls' transcripts (458 MB of
# JSON) does not fit in 2 GB; in 3 GB the whole transform passes with the emulator's process at 3.2 GiB, the
# connector client included (bench/README.md, "Laptop and scale work, step by step"). "none" lifts it.
DEFAULT_MEMORY_LIMIT = "3GB"
MEMORY_LIMIT_ENV = "GONG_INTEL_WAREHOUSE_MEMORY_LIMIT"
# DuckDB's worker threads for the emulator when set (DuckDB's default otherwise: one per core).
THREADS_ENV = "GONG_INTEL_WAREHOUSE_THREADS"

# fakesnow keeps each statement's result (its Arrow table, SQL text, bound parameters and parsed statement) by
# query id, for RESULT_SCAN and fetching a result by id, in one dict shared by every session and never emptied:
# a run held every result it produced, outside DuckDB's memory limit (the emulator's peak at 2,000 calls: 4,857
# MiB with every result kept, 2,733 MiB with the newest 64; bench/README.md). Snowflake keeps results for
# 24 hours; the emulator keeps the most recent ones, and an older query id is "not found". A count alone does
# not bound them: validation reads pages of 500 calls (a page of transcripts is ~25 MB of Arrow), so the results
# also share a byte budget, past which the oldest go first. The newest result is always kept.
RECENT_RESULTS = 64
RECENT_RESULTS_BYTES = 256 * 2**20


class RecentResults(dict[str, tuple]):
    """fakesnow's result cache holding only the ``keep`` newest results within ``max_bytes`` of Arrow data.

    Older results are dropped first; the newest one is kept whatever its size.
    """

    def __init__(self, keep: int = RECENT_RESULTS, max_bytes: int = RECENT_RESULTS_BYTES) -> None:
        super().__init__()
        self.keep = keep
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._lock = threading.Lock()  # sessions are served from several threads

    @staticmethod
    def _size(value: tuple) -> int:
        # fakesnow's value: (Arrow table, row count, SQL text, parameters, parsed statement).
        return int(getattr(value[0], "nbytes", 0) or 0)

    def __setitem__(self, key: str, value: tuple) -> None:
        with self._lock:
            if key in self:
                self._drop(key)
            super().__setitem__(key, value)
            self.nbytes += self._size(value)
            while len(self) > 1 and (len(self) > self.keep or self.nbytes > self.max_bytes):
                self._drop(next(iter(self)))

    def _drop(self, key: str) -> None:
        self.nbytes -= self._size(super().pop(key))


# Snowflake's FLATTEN as a DuckDB table macro, in place of fakesnow 0.12's. Same columns and values (SEQ, KEY,
# PATH, INDEX, VALUE, THIS) for arrays, objects, empty and NULL input, with two differences that matter:
# - INDEX is the element's array position (the lambda's index), as on Snowflake. fakesnow numbers elements
#   with ``row_number() OVER ()``, whose order DuckDB does not guarantee past one vector of 2,048 values.
# - No window function: inside a LATERAL, fakesnow's window makes DuckDB materialise every output row with a
#   copy of the whole input (THIS) before numbering. Flattening the transcripts of 1,000 calls (46 MB of
#   JSON, 140,108 monologues) took 68 s and ~9 GiB that way; this macro takes 0.6 s within a 2 GB limit.
_FLATTEN_MACRO = """
CREATE OR REPLACE MACRO ${catalog}._fs_flatten(input) AS TABLE
    SELECT
        hash(TO_JSON(input))::UBIGINT AS SEQ,
        e.k AS KEY,
        COALESCE(e.k, '[' || e.i || ']') AS PATH,
        e.i AS INDEX,
        e.v AS VALUE,
        TO_JSON(input) AS THIS
    FROM (
        SELECT UNNEST(
            CASE WHEN json_type(TO_JSON(input)) = 'OBJECT'
                 THEN list_transform(
                    json_keys(TO_JSON(input)),
                    lambda x: struct_pack(k := x, v := CAST(TO_JSON(input) -> x AS JSON), i := NULL::BIGINT)
                 )
                 ELSE list_transform(
                    CAST(TO_JSON(input) AS JSON[]),
                    lambda x, n: struct_pack(k := NULL::VARCHAR, v := x, i := (n - 1)::BIGINT)
                 )
            END, recursive := true
        )
    ) AS e(k, v, i)
"""


# OBJECT_CONSTRUCT in place of fakesnow 0.12's macro: the same JSON text (same key order, escaping, NULL
# handling), built with list functions. fakesnow's macro aggregates the pairs with json_group_object in a
# correlated subquery whose order DuckDB does not keep once it runs on more than one thread: one row then gave
# a different text, and so a different content hash, from one run to the next. This one has no aggregate.
_OBJECT_CONSTRUCT_MACRO = """
CREATE OR REPLACE MACRO ${catalog}._fs_object_construct(keys, vals, keep_nulls) AS (
    CAST('{' || array_to_string(list_filter(list_transform(keys, lambda k, i:
        CASE WHEN k IS NULL OR (NOT keep_nulls AND vals[i] IS NULL) THEN NULL
             ELSE to_json(CAST(k AS VARCHAR)) || ':' || COALESCE(CAST(to_json(vals[i]) AS VARCHAR), 'null') END),
        lambda p: p IS NOT NULL), ',') || '}' AS JSON)
);
"""


def install_macros() -> None:
    """Make fakesnow create :data:`_FLATTEN_MACRO` and :data:`_OBJECT_CONSTRUCT_MACRO` in every database it
    attaches or creates from now on.

    fakesnow renders its macro templates each time it attaches a database (``CREATE OR REPLACE``), so
    replacing the templates also upgrades database files written with the old macros.
    """
    from string import Template

    import fakesnow.macros

    fakesnow.macros.FS_FLATTEN = Template(_FLATTEN_MACRO)
    fakesnow.macros.FS_OBJECT_CONSTRUCT = Template(_OBJECT_CONSTRUCT_MACRO)


# The fakesnow and sqlglot releases install_vector_type() was written against (see its docstring).
_VECTOR_PATCH_VERSIONS = {"fakesnow": ("0.12.1",), "sqlglot": ("30.22.",)}
# DuckDB's spelling of the arrays VECTOR columns become (DESCRIBE output), e.g. FLOAT[1024].
_DUCKDB_VECTOR_TYPE = re.compile(r"(FLOAT|INTEGER)\[(\d+)\]")


def _vector_to_duckdb(node: Any) -> Any:
    """One sqlglot node of a statement fakesnow has translated, with Snowflake's vector features in DuckDB terms.

    - ``VECTOR(FLOAT, n)`` becomes ``FLOAT[n]`` (32-bit elements, as Snowflake stores them) and
      ``VECTOR(INT, n)`` ``INTEGER[n]``: a fixed-size DuckDB ARRAY, so a vector of another length is
      rejected on insert or cast, as Snowflake rejects it. Snowflake's FLOAT is read as DOUBLE and INT may
      be widened by fakesnow's own transforms before this one runs, so the element type is matched by family.
    - sqlglot parses ``VECTOR_COSINE_SIMILARITY`` as ``CosineDistance`` and writes DuckDB's cosine
      *distance* (1 - similarity); it becomes ``LIST_COSINE_SIMILARITY``. The LIST_ functions take both
      FLOAT and INTEGER arrays (the ARRAY_ ones only floats) and are as fast; their FLOAT result is cast to
      DOUBLE, Snowflake's FLOAT, which fakesnow knows how to return.
    - ``VECTOR_INNER_PRODUCT`` / ``VECTOR_L2_DISTANCE``: sqlglot's DuckDB names (DOT_PRODUCT) do not exist
      in DuckDB 2.0; they become ``LIST_INNER_PRODUCT`` / ``LIST_DISTANCE``. ``VECTOR_L1_DISTANCE`` has no
      DuckDB function and fails as not implemented rather than as an unknown function.
    """
    from sqlglot import exp

    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.VECTOR:
        element, size = node.expressions
        if element.this in exp.DataType.INTEGER_TYPES:
            element_type = exp.DataType.Type.INT
        elif element.this in (exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE):
            element_type = exp.DataType.Type.FLOAT
        else:
            raise NotImplementedError(f"VECTOR of {element.sql('snowflake')}")
        size = size.this if isinstance(size, exp.DataTypeParam) else size
        return exp.DataType(
            this=exp.DataType.Type.ARRAY,
            expressions=[exp.DataType(this=element_type)],
            values=[size.copy()],
            nested=True,
        )
    functions = {
        exp.CosineDistance: "LIST_COSINE_SIMILARITY",
        exp.DotProduct: "LIST_INNER_PRODUCT",
        exp.EuclideanDistance: "LIST_DISTANCE",
    }
    if isinstance(node, exp.ManhattanDistance):
        raise NotImplementedError("VECTOR_L1_DISTANCE")
    if name := functions.get(type(node)):
        # sqlglot's transform does not descend into a node it has just replaced: translate the arguments here.
        args = [arg.transform(_vector_to_duckdb) for arg in (node.this, node.expression)]
        call = exp.Anonymous(this=name, expressions=args)
        return exp.Cast(this=call, to=exp.DataType(this=exp.DataType.Type.DOUBLE))
    return node


def _vector_column_info(name: str, element: str, size: int) -> dict[str, Any]:
    """Snowflake's result metadata for a VECTOR column: the connector reads the Arrow fixed-size list
    DuckDB returns as a Python list when the column's type is ``vector`` with one element field."""
    fixed = element == "INTEGER"
    field = {
        "type": "fixed" if fixed else "real",
        "nullable": False,
        "byteLength": None,
        "length": None,
        "precision": 38 if fixed else None,
        "scale": 0 if fixed else None,
        "collation": None,
    }
    return {
        "name": name,
        "database": "",
        "schema": "",
        "table": "",
        "nullable": True,
        "type": "vector",
        "byteLength": None,
        "length": None,
        "scale": None,
        "precision": None,
        "collation": None,
        "vectorDimension": size,
        "fields": [field],
    }


def install_vector_type() -> None:
    """Teach fakesnow Snowflake's VECTOR type and vector functions, for every session from now on.

    fakesnow 0.12 maps ``ARRAY(FLOAT)`` to JSON text, rejects ``VECTOR(FLOAT, n)`` (sqlglot writes
    ``VECTOR(DOUBLE, n)``, which DuckDB reads as a type modifier) and returns cosine distance for
    ``VECTOR_COSINE_SIMILARITY``. Two narrow wrappers fix that, leaving the rest of fakesnow as it is:

    - ``FakeSnowflakeCursor._transform`` (every statement, in-process and server, goes through it) runs
      :func:`_vector_to_duckdb` after fakesnow's own transforms, so no fakesnow transform sees DuckDB's
      ARRAY type (its ``semi_structured_types`` would turn it into JSON);
    - ``describe_as_rowtype`` (fakesnow has no Snowflake type for DuckDB arrays) describes ``FLOAT[n]`` /
      ``INTEGER[n]`` result columns as Snowflake vectors and delegates every other column.

    Both are private fakesnow functions, so the installed releases are checked against those this was
    written for; the patch is idempotent.

    :raises RuntimeError: if fakesnow or sqlglot is not a release the patch was written for.
    """
    import importlib.metadata

    for package, prefixes in _VECTOR_PATCH_VERSIONS.items():
        version = importlib.metadata.version(package)
        if not version.startswith(prefixes):
            raise RuntimeError(
                f"the emulator's VECTOR support was written for {package} {' / '.join(prefixes)}, "
                f"found {version}: check fakesnow's cursor transforms and rowtype before upgrading"
            )

    import fakesnow.cursor
    import fakesnow.rowtype
    import fakesnow.server

    cursor_cls = fakesnow.cursor.FakeSnowflakeCursor
    if getattr(cursor_cls._transform, "_vector_type", False):
        return
    transform = cursor_cls._transform
    describe = fakesnow.rowtype.describe_as_rowtype

    def _transform(self: Any, expression: Any, params: Any) -> Any:
        return transform(self, expression, params).transform(_vector_to_duckdb, copy=False)

    def describe_as_rowtype(describe_results: list) -> list:
        infos = []
        for row in describe_results:
            match = _DUCKDB_VECTOR_TYPE.fullmatch(row[1])
            infos.append(
                _vector_column_info(row[0], match[1], int(match[2])) if match else describe([row])[0]
            )
        return infos

    _transform._vector_type = True  # type: ignore[attr-defined]
    cursor_cls._transform = _transform
    # The server imported the function by name; the cursor's ``description`` resolves it in fakesnow.rowtype.
    fakesnow.rowtype.describe_as_rowtype = describe_as_rowtype
    fakesnow.server.describe_as_rowtype = describe_as_rowtype


# The layout of the database files this emulator writes; 2: embedding columns are typed vectors
# (install_vector_type). Recorded in data_dir so a warehouse written by an older layout is not half-used.
DATA_FORMAT = 2
_FORMAT_FILE = ".warehouse-format"


def check_data_format(data_dir: Path) -> None:
    """Record the data format in an empty ``data_dir``; refuse one whose databases an older layout wrote.

    Database files made before the emulator had VECTOR hold embeddings as JSON text: the pipeline's SQL
    would fail on them statement by statement. Deleting the directory is the user's decision (it is their
    local data), so this says what to do instead of doing it.

    :raises RuntimeError: ``data_dir`` holds databases without this format's marker.
    """
    marker = data_dir / _FORMAT_FILE
    written = marker.read_text().strip() if marker.exists() else None
    if written == str(DATA_FORMAT):
        return
    databases = sorted(p.name for p in data_dir.glob("*.db"))
    if databases:
        raise RuntimeError(
            f"the local warehouse in {data_dir} ({', '.join(databases)}) was written by an older emulator "
            f"layout (format {written or 1}, this is {DATA_FORMAT}: embeddings are now typed VECTOR columns); "
            f"delete {data_dir} and run again to rebuild it"
        )
    marker.write_text(f"{DATA_FORMAT}\n")


class LocalWarehouse:
    """fakesnow's server in a background thread.

    :param data_dir: directory holding one DuckDB file per database (created if missing).
    :param port: TCP port on 127.0.0.1; 0 picks a free one.
    :param memory_limit: DuckDB's memory limit (a DuckDB size string, e.g. ``"8GB"``); past it, sorts,
        joins and aggregates spill to ``data_dir/.spill``, and what cannot spill fails with an out-of-memory
        error. Default: ``$GONG_INTEL_WAREHOUSE_MEMORY_LIMIT``, else :data:`DEFAULT_MEMORY_LIMIT`; ``None``
        or ``"none"``: DuckDB's default, 80% of the machine's RAM.
    :param threads: DuckDB's worker threads. Default: ``$GONG_INTEL_WAREHOUSE_THREADS``, else DuckDB's own
        (one per core). Content hashes are the same on any number.
    """

    def __init__(
        self,
        data_dir: str | Path,
        port: int = 0,
        database: str = "SOPHIA_AI_DEV",
        memory_limit: str | None = "",
        threads: int | None = None,
    ):
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.database = database
        if memory_limit == "":
            memory_limit = os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT
        self.memory_limit = None if str(memory_limit).lower() == "none" else memory_limit
        if threads is None and os.environ.get(THREADS_ENV):
            threads = int(os.environ[THREADS_ENV])
        self.threads = threads
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self) -> LocalWarehouse:
        import fakesnow.server
        import uvicorn
        from fakesnow.instance import FakeSnow

        self.data_dir.mkdir(parents=True, exist_ok=True)
        check_data_format(self.data_dir)
        install_macros()
        install_vector_type()
        # The server shares one in-memory instance across sessions by default and ignores fakesnow's db_path
        # option; one shared file-backed instance gives every session (and every restart) the same data.
        # A per-session FAKESNOW_DB_PATH would attach the same file twice and fail.
        fakesnow.server.shared_fs = FakeSnow(db_path=self.data_dir)
        # Before any session connects: each connection takes the instance's cache at connect time.
        fakesnow.server.shared_fs.results_cache = RecentResults()
        # DuckDB runs on every core (its default). Content hashes are the same on one thread or several: the
        # FLATTEN and OBJECT_CONSTRUCT macros above keep their element order without a window or aggregate.
        duck = fakesnow.server.shared_fs.duck_conn
        duck.execute("SET temp_directory = ?", [str(self.data_dir / ".spill")])
        if self.memory_limit:
            duck.execute("SET memory_limit = ?", [self.memory_limit])
        if self.threads:
            duck.execute(f"SET threads TO {int(self.threads)}")
        if not self.port:
            with contextlib.closing(socket.socket()) as sock:
                sock.bind(("127.0.0.1", 0))
                self.port = sock.getsockname()[1]
        config = uvicorn.Config(fakesnow.server.app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="local-warehouse", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"local warehouse did not start on 127.0.0.1:{self.port}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._server = None

    def __enter__(self) -> LocalWarehouse:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def connection_extra(self) -> dict[str, Any]:
        return connection_extra(self.port, self.database)

    def airflow_connection(self) -> dict[str, Any]:
        """The ``snowflake_default`` connection as Airflow's JSON connection format."""
        return airflow_connection(self.port, self.database)


def connection_extra(port: int, database: str = "SOPHIA_AI_DEV") -> dict[str, Any]:
    return {
        "account": "fakesnow",
        "database": database,
        "warehouse": "LOCAL_WH",
        "host": "127.0.0.1",
        "port": int(port),
        "protocol": "http",
        "emulator": "fakesnow",
    }


def airflow_connection(port: int, database: str = "SOPHIA_AI_DEV") -> dict[str, Any]:
    return {
        "conn_type": "snowflake",
        "login": "local",
        "password": "local",
        "extra": connection_extra(port, database),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8705)
    parser.add_argument("--data-dir", default=".local/warehouse")
    parser.add_argument(
        "--memory-limit",
        default="",
        help=f"DuckDB memory limit, e.g. 4GB, or none (default: ${MEMORY_LIMIT_ENV}, else {DEFAULT_MEMORY_LIMIT})",
    )
    parser.add_argument(
        "--threads", type=int, default=0, help=f"DuckDB threads (default: ${THREADS_ENV}, else one per core)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    threads = args.threads or None
    with LocalWarehouse(args.data_dir, args.port, memory_limit=args.memory_limit, threads=threads) as wh:
        print(json.dumps(wh.airflow_connection()), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()

"""The embedded Snowflake emulator (fakesnow) served over Snowflake's HTTP protocol on 127.0.0.1.

The unmodified Snowflake connector reaches it through the ``snowflake_default`` connection with the extra
produced by :meth:`LocalWarehouse.connection_extra`. Each database persists as one DuckDB file under
``data_dir``, so several processes (scheduler, workers, the CLI) see one warehouse when they share the
server. Run ``python -m local_stack.warehouse --port 8705 --data-dir .local/warehouse`` for long-lived use.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

# None keeps DuckDB's default (80% of RAM); a fixed limit bounds the emulator (bench/README.md, "Memory").
DEFAULT_MEMORY_LIMIT: str | None = None

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


def install_flatten_macro() -> None:
    """Make fakesnow create :data:`_FLATTEN_MACRO` in every database it attaches or creates from now on.

    fakesnow renders ``macros.FS_FLATTEN`` each time it attaches a database (``CREATE OR REPLACE``), so
    replacing the template also upgrades database files written with the old macro.
    """
    from string import Template

    import fakesnow.macros

    fakesnow.macros.FS_FLATTEN = Template(_FLATTEN_MACRO)


class LocalWarehouse:
    """fakesnow's server in a background thread.

    :param data_dir: directory holding one DuckDB file per database (created if missing).
    :param port: TCP port on 127.0.0.1; 0 picks a free one.
    :param memory_limit: DuckDB's memory limit (a DuckDB size string, e.g. ``"8GB"``); past it, sorts,
        joins and aggregates spill to ``data_dir/.spill``, and what cannot spill fails with an out-of-memory
        error. ``None``: DuckDB's default, 80% of the machine's RAM.
    """

    def __init__(
        self,
        data_dir: str | Path,
        port: int = 0,
        database: str = "SOPHIA_AI_DEV",
        memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
    ):
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.database = database
        self.memory_limit = memory_limit
        self._server = None
        self._thread: threading.Thread | None = None

    def start(self) -> LocalWarehouse:
        import fakesnow.server
        import uvicorn
        from fakesnow.instance import FakeSnow

        self.data_dir.mkdir(parents=True, exist_ok=True)
        install_flatten_macro()
        # The server shares one in-memory instance across sessions by default and ignores fakesnow's db_path
        # option; one shared file-backed instance gives every session (and every restart) the same data.
        # A per-session FAKESNOW_DB_PATH would attach the same file twice and fail.
        fakesnow.server.shared_fs = FakeSnow(db_path=self.data_dir)
        # DuckDB's parallel aggregation does not keep the order fakesnow's translation of ordered aggregates
        # (LISTAGG / ARRAY_AGG ... WITHIN GROUP) relies on, so content hashes built from them could change
        # between two runs over the same rows. One thread keeps them stable, as they are on Snowflake.
        duck = fakesnow.server.shared_fs.duck_conn
        duck.execute("SET threads TO 1")
        duck.execute("SET temp_directory = ?", [str(self.data_dir / ".spill")])
        if self.memory_limit:
            duck.execute("SET memory_limit = ?", [self.memory_limit])
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    with LocalWarehouse(args.data_dir, args.port) as wh:
        print(json.dumps(wh.airflow_connection()), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()

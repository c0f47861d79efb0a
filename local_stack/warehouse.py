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

# None keeps DuckDB's default (80% of RAM). A fixed limit is an option, not the default: fakesnow's FLATTEN
# cannot spill, and staging 1,000 calls needs ~9 GiB of it (bench/README.md, "Memory").
DEFAULT_MEMORY_LIMIT: str | None = None


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

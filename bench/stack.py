"""The local peers a benchmark runs against, on 127.0.0.1 ephemeral ports: in this process, or in a child.

In-process is what the API-economy benchmark needs (it reads the peers' request logs). Child processes
(``peers_process=True``) are what the memory profile needs: the emulator (``python -m local_stack.warehouse``)
in one, the Gong and Cohere peers (``python -m bench.peers``) in another, so this process's RSS is the
pipeline's own and the emulator's is not mixed with the Gong peer's tenant or the Cohere peer's analysis.
Both export the same AIRFLOW_CONN_* variables for the product code.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.common import TENANT_END, TENANT_SEED, environ

GONG_KEY = "bench-access-key"
GONG_SECRET = "bench-access-secret"
COHERE_KEY = "bench-cohere-key"
# Gong's documented default limit; the peer enforces it and the client throttles itself to it.
GONG_RATE_LIMIT = 3.0
# Generating a 10,000-call tenant and starting the emulator take well under a minute; more means it hung.
PEERS_START_TIMEOUT_S = 300
# When set, the peers' process profiles its serving threads into this file (see bench/peers.py).
PEERS_PROFILE_ENV = "BENCH_PEERS_PROFILE"


@dataclass
class BenchStack:
    """Warehouse emulator + Gong peer (+ Cohere peer) and the connections pointing at them.

    ``warehouse``, ``gong``, ``tenant`` and ``cohere`` are the peer objects when they run in this process
    and ``None`` when they run in child processes: the emulator in ``warehouse_pid``, the peers in
    ``peers_pid``.
    """

    warehouse: Any
    gong: Any
    tenant: Any
    cohere: Any
    data_dir: Path
    tenant_seconds: float
    peers_pid: int | None = None
    warehouse_pid: int | None = None

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"


@contextlib.contextmanager
def _peers(
    data_dir: Path,
    n_calls: int,
    days: int,
    gong_rate_limit: float | None,
    with_cohere: bool,
    with_warehouse: bool = True,
) -> Iterator[tuple[BenchStack, dict[str, Any]]]:
    """Start the peers (and the emulator unless ``with_warehouse`` is false) in this process; yield them and
    their Airflow connections."""
    from local_stack.gong_peer import GongPeer
    from local_stack.tenant import generate_tenant
    from local_stack.warehouse import LocalWarehouse

    with contextlib.ExitStack() as stack:
        warehouse = stack.enter_context(LocalWarehouse(data_dir / "warehouse")) if with_warehouse else None
        started = time.perf_counter()
        tenant = generate_tenant(seed=TENANT_SEED, n_calls=n_calls, days=days, end_date=TENANT_END)
        tenant_seconds = time.perf_counter() - started
        gong = stack.enter_context(
            GongPeer(tenant, access_key=GONG_KEY, secret=GONG_SECRET, rate_limit=gong_rate_limit)
        )
        cohere = None
        conns: dict[str, Any] = {
            "gong_default": {
                "conn_type": "gong",
                "host": gong.url,
                "login": GONG_KEY,
                "password": GONG_SECRET,
                "extra": {"requests_per_second": gong_rate_limit or 1000},
            },
        }
        if warehouse is not None:
            conns["snowflake_default"] = warehouse.airflow_connection()
        if with_cohere:
            from local_stack.cohere_peer import CoherePeer

            # Bodies are not kept: at 10,000 calls they are every transcript and passage, gigabytes.
            cohere = stack.enter_context(CoherePeer(api_key=COHERE_KEY, log_bodies=False))
            conns["cohere_default"] = {"conn_type": "cohere", "host": cohere.base_url, "password": COHERE_KEY}
        yield BenchStack(warehouse, gong, tenant, cohere, data_dir, tenant_seconds), conns


@contextlib.contextmanager
def _peers_in_child(
    data_dir: Path, n_calls: int, days: int, gong_rate_limit: float | None, with_cohere: bool
) -> Iterator[tuple[BenchStack, dict[str, Any]]]:
    """Start the emulator (``python -m local_stack.warehouse``) and the peers (``python -m bench.peers``) in
    two child processes; the emulator stops on SIGINT, the peers when their stdin closes."""
    root = Path(__file__).resolve().parents[1]
    warehouse_cmd = [sys.executable, "-m", "local_stack.warehouse", "--port", "0"]
    warehouse_cmd += ["--data-dir", str(data_dir / "warehouse")]
    cmd = [sys.executable, "-m", "bench.peers", "--data-dir", str(data_dir), "--calls", str(n_calls)]
    cmd += ["--days", str(days), "--gong-rate-limit", str(gong_rate_limit or 0), "--no-warehouse"]
    cmd += ["--cohere"] if with_cohere else []
    cmd += ["--profile", os.environ[PEERS_PROFILE_ENV]] if os.environ.get(PEERS_PROFILE_ENV) else []
    with contextlib.ExitStack() as stack:
        warehouse = subprocess.Popen(
            warehouse_cmd, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True
        )
        stack.callback(_stop, warehouse, signal.SIGINT)
        proc = subprocess.Popen(cmd, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        # Closing stdin is the peers' signal to stop their servers and exit.
        stack.callback(_stop, proc, None)
        snowflake = json.loads(_read_line(warehouse, PEERS_START_TIMEOUT_S, "the emulator's"))
        ready = json.loads(_read_line(proc, PEERS_START_TIMEOUT_S, "the peers'"))
        bench = BenchStack(
            None,
            None,
            None,
            None,
            data_dir,
            ready["tenant_seconds"],
            peers_pid=proc.pid,
            warehouse_pid=warehouse.pid,
        )
        yield bench, {"snowflake_default": snowflake, **ready["connections"]}


def _stop(proc: subprocess.Popen, sig: int | None) -> None:
    """Stop a child: ``sig`` sent to it, or its stdin closed when ``sig`` is None; killed after 30 s."""
    with contextlib.suppress(OSError):
        if sig is None:
            proc.stdin.close()
        else:
            proc.send_signal(sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _read_line(proc: subprocess.Popen, timeout_s: float, who: str) -> str:
    import selectors

    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            raise RuntimeError(f"{who} process did not start within {timeout_s:.0f}s")
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(f"{who} process exited with {proc.wait()} before it was ready")
    return line


@contextlib.contextmanager
def bench_stack(
    data_dir: Path,
    n_calls: int,
    *,
    days: int = 90,
    gong_rate_limit: float | None = GONG_RATE_LIMIT,
    with_cohere: bool = False,
    peers_process: bool = False,
) -> Iterator[BenchStack]:
    """Start the peers for a tenant of ``n_calls`` calls and export AIRFLOW_CONN_* for the product code.

    :param peers_process: run the emulator and the peers in child processes (``BenchStack.warehouse_pid``,
        ``BenchStack.peers_pid``).
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    start = _peers_in_child if peers_process else _peers
    with start(data_dir, n_calls, days, gong_rate_limit, with_cohere) as (stack, conns):
        env = {f"AIRFLOW_CONN_{k.upper()}": json.dumps(v) for k, v in conns.items()}
        with environ(env):
            yield stack


def tenant_window(days: int = 90) -> tuple[Any, Any]:
    """The tenant's call window ``[start, end)`` as aware datetimes."""
    from datetime import UTC, datetime

    end = datetime(TENANT_END.year, TENANT_END.month, TENANT_END.day, tzinfo=UTC)
    return end - timedelta(days=days), end

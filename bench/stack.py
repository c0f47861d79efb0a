"""The local peers a benchmark runs against, started in-process on 127.0.0.1 ephemeral ports."""

from __future__ import annotations

import contextlib
import json
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


@dataclass
class BenchStack:
    """Warehouse emulator + Gong peer (+ Cohere peer) and the connections pointing at them."""

    warehouse: Any
    gong: Any
    tenant: Any
    cohere: Any
    data_dir: Path
    tenant_seconds: float

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"


@contextlib.contextmanager
def bench_stack(
    data_dir: Path,
    n_calls: int,
    *,
    days: int = 90,
    gong_rate_limit: float | None = GONG_RATE_LIMIT,
    with_cohere: bool = False,
) -> Iterator[BenchStack]:
    """Start the peers for a tenant of ``n_calls`` calls and export AIRFLOW_CONN_* for the product code."""
    from local_stack.gong_peer import GongPeer
    from local_stack.tenant import generate_tenant
    from local_stack.warehouse import LocalWarehouse

    data_dir = Path(data_dir)
    with contextlib.ExitStack() as stack:
        warehouse = stack.enter_context(LocalWarehouse(data_dir / "warehouse"))
        started = time.perf_counter()
        tenant = generate_tenant(seed=TENANT_SEED, n_calls=n_calls, days=days, end_date=TENANT_END)
        tenant_seconds = time.perf_counter() - started
        gong = stack.enter_context(
            GongPeer(tenant, access_key=GONG_KEY, secret=GONG_SECRET, rate_limit=gong_rate_limit)
        )
        cohere = None
        conns: dict[str, Any] = {
            "snowflake_default": warehouse.airflow_connection(),
            "gong_default": {
                "conn_type": "gong",
                "host": gong.url,
                "login": GONG_KEY,
                "password": GONG_SECRET,
                "extra": {"requests_per_second": gong_rate_limit or 1000},
            },
        }
        if with_cohere:
            from local_stack.cohere_peer import CoherePeer

            cohere = stack.enter_context(CoherePeer(api_key=COHERE_KEY))
            conns["cohere_default"] = {"conn_type": "cohere", "host": cohere.base_url, "password": COHERE_KEY}
        stack.enter_context(environ({f"AIRFLOW_CONN_{k.upper()}": json.dumps(v) for k, v in conns.items()}))
        yield BenchStack(warehouse, gong, tenant, cohere, data_dir, tenant_seconds)


def tenant_window(days: int = 90) -> tuple[Any, Any]:
    """The tenant's call window ``[start, end)`` as aware datetimes."""
    from datetime import UTC, datetime

    end = datetime(TENANT_END.year, TENANT_END.month, TENANT_END.day, tzinfo=UTC)
    return end - timedelta(days=days), end

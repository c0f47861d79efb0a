"""Semantic search latency over an existing local warehouse (e.g. one a long ``bench.pipeline`` run left).

``bench.pipeline`` measures search at the end of each size; this measures it again over a warehouse
directory that already holds a memory, without rebuilding it: the emulator is started on the directory,
the query vectors come from the engine the memory was built with (the Cohere peer for ``cohere``), and
the questions, rounds and summary are ``bench.pipeline``'s. The result replaces the (engine, calls)
entry of ``bench/results/search.json``.

    python -m bench.search --warehouse-dir /tmp/gong-intel-bench-XXXX/size_10000/warehouse \\
        --database BENCH_10000 --engine cohere --calls 10000
"""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import Any

from bench.common import environ, eprint, prepare_environment, print_table, quiet_logs, write_result


def measure(warehouse_dir: Path, database: str, engine: str, calls: int) -> dict[str, Any]:
    from bench.harness import Pipeline
    from bench.pipeline import COHERE_EMBEDDING_DIM, _search_row, search_latency
    from bench.stack import COHERE_KEY
    from local_stack.warehouse import LocalWarehouse

    config: dict[str, Any] = {"enrich_engine": engine}
    if engine == "cohere":
        config["embedding_dim"] = COHERE_EMBEDDING_DIM
    with contextlib.ExitStack() as stack:
        warehouse = stack.enter_context(LocalWarehouse(warehouse_dir, database=database))
        conns: dict[str, Any] = {"snowflake_default": warehouse.airflow_connection()}
        if engine == "cohere":
            from local_stack.cohere_peer import CoherePeer

            cohere = stack.enter_context(CoherePeer(api_key=COHERE_KEY))
            conns["cohere_default"] = {"conn_type": "cohere", "host": cohere.base_url, "password": COHERE_KEY}
        stack.enter_context(environ({f"AIRFLOW_CONN_{k.upper()}": json.dumps(v) for k, v in conns.items()}))
        pipeline = Pipeline.create(database, **config)
        enriched = pipeline.count("stg_calls", "WHERE ENRICHED_SOURCE_HASH = SOURCE_HASH")
        eprint(
            f"[search] {enriched} enriched calls, {pipeline.count('memory_chunks')} passages in {database}"
        )
        summary = search_latency(pipeline)
    return _search_row({"calls": calls, "engine": engine, "search": {"calls_enriched": enriched, **summary}})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse-dir", type=Path, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--engine", choices=["local", "cohere"], default="local")
    parser.add_argument("--calls", type=int, required=True, help="tenant size the memory was built from")
    args = parser.parse_args(argv)
    prepare_environment()
    quiet_logs()
    row = measure(args.warehouse_dir, args.database, args.engine, args.calls)
    print_table("Semantic search latency over AI_MEMORY (hybrid passage search, warm)", [row])
    from bench.pipeline import _previous, merge_sizes

    write_result("search", {"sizes": merge_sizes(_previous("search"), [row])})


if __name__ == "__main__":
    main()

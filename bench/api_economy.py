"""API economy against the local Gong and Cohere peers: requests per 1,000 calls vs the API's minimum.

Gong (peer enforcing Gong's 3 requests/s, client throttled to the same): one sync of the whole tenant, then a
second daily sync with nothing new. Minimum for a sync = user pages + call pages of 100 + transcript
requests of 100 call ids. Reported: requests, 429s, seconds waited on Retry-After and on the client throttle.

Cohere (peer): the enrichment of the staged calls with ``enrich_engine="cohere"``. Minimum = one analysis
(chat) per call with transcript text + ceil(texts / 96) embed requests, where texts = one call text per
enriched call + its memory chunks. Requires the transform stage (``include.gong_intel.transform``).

    python -m bench.api_economy --calls 100,1000 [--no-cohere]
"""

from __future__ import annotations

import argparse
import math
import time
from datetime import timedelta
from pathlib import Path

from bench.common import eprint, prepare_environment, print_table, quiet_logs, write_result
from bench.stack import bench_stack, tenant_window

PER = 1000


def gong_economy(n_calls: int, workdir: Path) -> dict:
    """One initial sync and one unchanged re-run against the rate-limited Gong peer."""
    from include.gong_intel.config import settings_from_mapping
    from include.gong_intel.gong.hook import GongHook
    from include.gong_intel.gong.loader import load_gong_to_raw
    from include.gong_intel.warehouse.hook import WarehouseHook
    from include.gong_intel.warehouse.setup import apply_ddl

    with bench_stack(workdir / f"gong_{n_calls}", n_calls) as stack:
        settings = settings_from_mapping({"database": f"BENCH_GONG_{n_calls}"})
        hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
        apply_ddl(hook, settings)
        start, end = tenant_window()
        public = sum(1 for c in stack.tenant.calls if not c["metaData"].get("isPrivate"))
        users = len(stack.tenant.users)
        minimum = math.ceil(users / 100) + 2 * max(1, math.ceil(public / 100))
        rows = []
        for label in ("initial sync", "re-run, nothing new"):
            gong = GongHook(gong_conn_id=settings.gong_conn_id)
            stack.gong.clear_log()
            started = time.perf_counter()
            stats = load_gong_to_raw(
                gong, hook, tables=settings.tables, since=start, until=end, lookback=timedelta(days=3)
            )
            wall = time.perf_counter() - started
            statuses = [r.status for r in stack.gong.requests]
            rows.append(
                {
                    "calls": n_calls,
                    "run": label,
                    "requests": stats.requests,
                    "minimum": minimum if label == "initial sync" else None,
                    "requests_per_1000_calls": round(stats.requests * PER / n_calls, 1),
                    "minimum_per_1000_calls": round(minimum * PER / n_calls, 1)
                    if label == "initial sync"
                    else None,
                    "http_429": statuses.count(429),
                    "retry_after_wait_s": round(stats.rate_limit_wait_seconds, 2),
                    "throttle_wait_s": round(gong.stats.throttle_wait_seconds, 2),
                    "wall_s": round(wall, 2),
                    "rows_landed": stats.total_rows,
                    "window_days": round((stats.window_end - stats.window_start).total_seconds() / 86400, 1),
                }
            )
        return {"public_calls": public, "users": users, "runs": rows}


def cohere_economy(n_calls: int, workdir: Path) -> dict:
    """Enrich a tenant with the Cohere engine against the peer and count requests per endpoint."""
    from bench.harness import Pipeline

    with bench_stack(workdir / f"cohere_{n_calls}", n_calls, gong_rate_limit=None, with_cohere=True) as stack:
        pipeline = Pipeline.create(f"BENCH_COHERE_{n_calls}", enrich_engine="cohere", embedding_dim=1024)
        pipeline.ingest()
        pipeline.transform()
        pipeline.validate()
        stack.cohere.reset()
        started = time.perf_counter()
        summary = pipeline.enrich()
        wall = time.perf_counter() - started
        chat = stack.cohere.requests_to("/v2/chat")
        embed = stack.cohere.requests_to("/v2/embed")
        texts = sum(len(r.body.get("texts") or []) for r in embed)
        with_transcript = summary["calls_enriched"] - summary["calls_without_transcript"]
        minimum_chat = with_transcript
        minimum_embed = math.ceil(texts / 96) if texts else 0
        return {
            "calls": n_calls,
            "calls_enriched": summary["calls_enriched"],
            "calls_with_transcript": with_transcript,
            "chat_requests": len(chat),
            "chat_minimum": minimum_chat,
            "embed_requests": len(embed),
            "embed_texts": texts,
            "embed_minimum": minimum_embed,
            "requests_per_1000_calls": round((len(chat) + len(embed)) * PER / n_calls, 1),
            "minimum_per_1000_calls": round((minimum_chat + minimum_embed) * PER / n_calls, 1),
            "http_429": sum(1 for r in chat + embed if r.status == 429),
            "input_tokens": summary["usage"].get("input_tokens"),
            "output_tokens": summary["usage"].get("output_tokens"),
            "wall_s": round(wall, 2),
        }


def run(sizes: list[int], *, with_cohere: bool = True, workdir: Path | None = None) -> dict:
    workdir = prepare_environment(workdir)
    quiet_logs()
    gong_rows, cohere_rows, errors = [], [], []
    for n in sizes:
        eprint(f"[api_economy] Gong sync of {n} calls")
        gong_rows.extend(gong_economy(n, workdir)["runs"])
        if with_cohere:
            eprint(f"[api_economy] Cohere enrichment of {n} calls")
            try:
                cohere_rows.append(cohere_economy(n, workdir))
            except ImportError as e:  # a stage not available in this checkout
                errors.append(f"cohere {n}: {e}")
    print_table("Gong API requests (peer at 3 req/s, client throttle 3 req/s)", gong_rows)
    if cohere_rows:
        print_table("Cohere API requests (local peer)", cohere_rows)
    for e in errors:
        print(f"  not measured: {e}")
    payload = {"gong": gong_rows, "cohere": cohere_rows, "not_measured": errors}
    write_result("api_economy", payload)
    return payload


def main(argv: list[str] | None = None) -> None:
    from bench.common import parse_sizes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", default="100,1000", help="tenant sizes, comma-separated")
    parser.add_argument("--no-cohere", action="store_true", help="measure Gong only")
    args = parser.parse_args(argv)
    run(parse_sizes(args.calls), with_cohere=not args.no_cohere)


if __name__ == "__main__":
    main()

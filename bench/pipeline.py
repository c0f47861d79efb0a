"""End-to-end local pipeline at several sizes, its re-run cost, and semantic search latency over the result.

Per size, in a fresh process (so peak RSS is that size's own): a synthetic tenant served by the Gong peer
at Gong's 3 requests/s, the embedded warehouse, the default offline engine (``enrich_engine="local"``,
MiniLM embeddings when installed). Stages are the product's functions run in the DAG's order (see
``bench/harness.py``). Then a second daily run over unchanged data (re-run cost), then semantic search
latency over AI_MEMORY.

    python -m bench.pipeline --calls 100,1000 [--max-seconds 900] [--backend minilm|hashing]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import (
    TENANT_END,
    dir_size_mib,
    eprint,
    latency_summary,
    parse_sizes,
    peak_rss_mib,
    prepare_environment,
    print_table,
    quiet_logs,
    write_result,
)

ROOT = Path(__file__).resolve().parents[1]
# Questions an analyst asks of the memory (paraphrases, not keywords: the semantic path does the work).
QUESTIONS = (
    "What are customers saying about pricing?",
    "Which prospects think we are too expensive for their budget?",
    "Who mentioned a competitor they are evaluating?",
    "Where did a champion leave the company?",
    "What security or legal review is blocking deals?",
    "Which customers want to push the timeline to next quarter?",
    "What did buyers like about the product demo?",
    "Where were next steps agreed at the end of the call?",
    "Which calls talk about integration with Salesforce?",
    "What concerns came up about implementation effort?",
)
SEARCH_ROUNDS = 3


def measure_size(n_calls: int, workdir: Path, *, backend: str | None, search: bool = True) -> dict[str, Any]:
    """Run the pipeline twice over one tenant and search its memory; everything in this process."""
    from bench.harness import STAGES, Pipeline
    from bench.stack import bench_stack

    config: dict[str, Any] = {}
    if backend:
        config["embedding_backend"] = backend
    with bench_stack(workdir / f"size_{n_calls}", n_calls) as stack:
        pipeline = Pipeline.create(f"BENCH_{n_calls}", **config)
        # Load the model before timing: a worker pays it once per process, not per call.
        started = time.perf_counter()
        pipeline.engine.embed(["warm-up"], "search_query")
        model_load_s = time.perf_counter() - started

        first = pipeline.run_all()
        first_results, first_counters = pipeline.results, pipeline.engine.counters()
        rss_after_first = peak_rss_mib()

        before = pipeline.engine.counters()
        second = pipeline.run_all()
        after = pipeline.engine.counters()
        second_model_calls = (after["analyze_calls"] - before["analyze_calls"]) + (
            after["embed_calls"] - before["embed_calls"]
        )
        first_model_calls = (
            first_counters["analyze_calls"] + first_counters["embed_calls"] - 1
        )  # minus warm-up

        counts = {
            "tenant_calls": n_calls,
            "calls_staged": pipeline.count("stg_calls"),
            "segments_staged": pipeline.count("stg_transcripts"),
            "chunks": pipeline.count("memory_chunks"),
            "calls_enriched": first_results["enrich"]["calls_enriched"],
            "quarantined": pipeline.count("quarantine"),
        }
        stages = first["stages_s"]
        throughput = {
            "calls_per_s_end_to_end": round(counts["calls_staged"] / first["total_s"], 2),
            "segments_per_s_transform": round(counts["segments_staged"] / max(stages["transform"], 1e-9), 1),
            "segments_per_s_enrich": round(counts["segments_staged"] / max(stages["enrich"], 1e-9), 1),
            "chunks_embedded_per_s": round(first_counters["texts_embedded"] / max(stages["embed"], 1e-9), 1),
        }
        result: dict[str, Any] = {
            "calls": n_calls,
            "engine": pipeline.engine.name,
            "embedding_model": pipeline.engine.embedding_model,
            "tenant_generation_s": round(stack.tenant_seconds, 2),
            "model_load_s": round(model_load_s, 2),
            "first_run": {"stages_s": {s: stages.get(s, 0.0) for s in STAGES}, "total_s": first["total_s"]},
            "first_run_details": first_results,
            "counts": counts,
            "throughput": throughput,
            "rerun": {
                "stages_s": {s: second["stages_s"].get(s, 0.0) for s in STAGES},
                "total_s": second["total_s"],
                "time_ratio": round(second["total_s"] / first["total_s"], 3),
                "model_calls_first": first_model_calls,
                "model_calls_rerun": second_model_calls,
                "model_call_ratio": round(second_model_calls / max(first_model_calls, 1), 4),
                "details": pipeline.results,
            },
            "peak_rss_mib_after_first_run": rss_after_first,
            "warehouse_mib": dir_size_mib(stack.warehouse_dir),
        }
        if search:
            result["search"] = search_latency(pipeline)
        result["peak_rss_mib"] = peak_rss_mib()
        return result


def search_latency(pipeline: Any) -> dict[str, Any]:
    """p50/p95 of the hybrid passage search (query embedding + warehouse cosine + keywords)."""
    from include.gong_intel.ask.planner import parse_question
    from include.gong_intel.ask.search import search_passages

    engine = pipeline.engine
    samples, embed_s, hits = [], [], []
    for round_no in range(SEARCH_ROUNDS + 1):
        for question in QUESTIONS:
            plan = parse_question(question, today=TENANT_END, timezone=pipeline.settings.timezone)
            plan = replace(plan, intent="passages", text=plan.text or question, time_range=None)
            embed_before = engine.embed_s
            started = time.perf_counter()
            passages = search_passages(pipeline.hook, pipeline.settings, plan, engine)
            elapsed = time.perf_counter() - started
            if round_no == 0:
                continue  # warm-up round: connection set-up and first-query compilation
            samples.append(elapsed)
            embed_s.append(engine.embed_s - embed_before)
            hits.append(len(passages))
    summary = latency_summary(samples)
    summary["query_embed_p50_ms"] = latency_summary(embed_s)["p50_ms"]
    summary["mean_passages_returned"] = round(sum(hits) / len(hits), 1)
    summary["memory_chunks"] = pipeline.count("memory_chunks")
    return summary


def _child(n_calls: int, out: Path, backend: str | None, search: bool) -> None:
    workdir = prepare_environment()
    quiet_logs()
    out.write_text(json.dumps(measure_size(n_calls, workdir, backend=backend, search=search), default=str))


def run(
    sizes: list[int], *, max_seconds: float = 900, backend: str | None = None, search: bool = True
) -> dict:
    """Measure each size in its own process; a size that exceeds ``max_seconds`` is reported, not hidden."""
    prepare_environment()
    results, not_finished = [], []
    for n in sizes:
        eprint(f"[pipeline] {n} calls (limit {max_seconds:.0f}s)")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            cmd = [sys.executable, "-m", "bench.pipeline", "--child", str(n), "--out", str(out)]
            cmd += ["--backend", backend] if backend else []
            cmd += [] if search else ["--no-search"]
            started = time.perf_counter()
            try:
                proc = subprocess.run(
                    cmd, cwd=ROOT, timeout=max_seconds, capture_output=True, text=True, check=False
                )
            except subprocess.TimeoutExpired:
                not_finished.append({"calls": n, "reason": f"did not finish within {max_seconds:.0f}s"})
                continue
            if proc.returncode != 0 or not out.exists():
                not_finished.append(
                    {"calls": n, "reason": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
                )
                eprint(proc.stderr[-3000:])
                continue
            result = json.loads(out.read_text())
            result["process_wall_s"] = round(time.perf_counter() - started, 1)
            results.append(result)
    _print(results, not_finished)
    payload = {"sizes": results, "not_finished": not_finished}
    write_result("pipeline", payload)
    if search and results:
        write_result(
            "search", {"sizes": [{"calls": r["calls"], **r["search"]} for r in results if "search" in r]}
        )
    return payload


def _print(results: list[dict], not_finished: list[dict]) -> None:
    from bench.harness import STAGES

    print_table(
        "End-to-end local pipeline, first run (wall seconds per stage)",
        [
            {"calls": r["calls"], **r["first_run"]["stages_s"], "total": r["first_run"]["total_s"]}
            for r in results
        ],
    )
    print_table(
        "Throughput, memory and size",
        [
            {
                "calls": r["calls"],
                **r["throughput"],
                "segments": r["counts"]["segments_staged"],
                "chunks": r["counts"]["chunks"],
                "peak_rss_mib": r["peak_rss_mib"],
                "warehouse_mib": r["warehouse_mib"],
            }
            for r in results
        ],
    )
    print_table(
        "Re-run over unchanged data (second daily run)",
        [
            {
                "calls": r["calls"],
                **{s: r["rerun"]["stages_s"][s] for s in STAGES},
                "total": r["rerun"]["total_s"],
                "time ratio": r["rerun"]["time_ratio"],
                "model calls 1st": r["rerun"]["model_calls_first"],
                "model calls re-run": r["rerun"]["model_calls_rerun"],
            }
            for r in results
        ],
    )
    searched = [r for r in results if "search" in r]
    if searched:
        print_table(
            "Semantic search latency over AI_MEMORY (hybrid passage search, warm)",
            [{"calls": r["calls"], **r["search"]} for r in searched],
        )
    for item in not_finished:
        print(f"  NOT MEASURED: {item['calls']} calls: {item['reason']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calls", default="100,1000", help="tenant sizes, comma-separated (e.g. 100,1000,10k)"
    )
    parser.add_argument(
        "--max-seconds", type=float, default=900, help="per size; larger runs are reported unfinished"
    )
    parser.add_argument(
        "--backend", choices=["minilm", "hashing"], default=None, help="local embedding backend"
    )
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.out, args.backend, not args.no_search)
        return
    run(
        parse_sizes(args.calls), max_seconds=args.max_seconds, backend=args.backend, search=not args.no_search
    )


if __name__ == "__main__":
    main()

"""End-to-end local pipeline at several sizes, its re-run cost, and semantic search latency over the result.

Per size, in a fresh process (so peak RSS is that size's own): a synthetic tenant served by the Gong peer
at Gong's 3 requests/s, the embedded warehouse, and one engine:

- ``--engine local`` (default): the offline engine (``enrich_engine="local"``, MiniLM embeddings when
  installed). First runs are bound by MiniLM arithmetic on the CPU (~20 passages/s on 2 cores).
- ``--engine cohere``: the production engine (``enrich_engine="cohere"``, 1,024 dimensions) against the
  local Cohere peer. The remote model's time is gone; what remains is what the pipeline itself costs a
  production deployment (ingest, transform, validation, chunking, HTTP round trips, writes, search), plus
  the peer's own CPU (reported apart: it computes its answers with the offline rules).

The emulator and the peers run in two child processes (``--peers-in-process`` to keep them in), so per-stage
memory peaks separate the pipeline (``pipeline_rss_mib``), the emulator (``warehouse_rss_mib``; its peak over
all stages is ``warehouse_peak_rss_mib``) and the Gong and Cohere peers (``peers_rss_mib``).
Stages are the product's functions run in the DAG's order (see ``bench/harness.py``). Then a second daily
run over unchanged data (re-run cost), then semantic search latency over AI_MEMORY. Results are merged into
``bench/results/pipeline.json`` and ``search.json`` by (engine, calls), so sizes can be measured apart.

    python -m bench.pipeline --calls 100,1000 [--max-seconds 900] [--backend minilm|hashing]
    python -m bench.pipeline --engine cohere --calls 1000,2000,10k --max-seconds 3600
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


ENGINES = ("local", "cohere")
# embed-v4.0's default dimension; what the dev and prod environments configure.
COHERE_EMBEDDING_DIM = 1024


def measure_size(
    n_calls: int,
    workdir: Path,
    *,
    backend: str | None,
    search: bool = True,
    engine: str = "local",
    peers_process: bool = True,
    python_heap: bool = False,
) -> dict[str, Any]:
    """Run the pipeline twice over one tenant and search its memory, in this process.

    :param engine: ``"local"`` or ``"cohere"`` (against the Cohere peer).
    :param peers_process: serve the emulator and the peers from a child process.
    :param python_heap: also trace the Python heap per stage (slow; timings are then not comparable).
    """
    from bench.common import RssSampler
    from bench.harness import STAGES, Pipeline
    from bench.stack import bench_stack

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    config: dict[str, Any] = {"enrich_engine": engine}
    if engine == "cohere":
        config["embedding_dim"] = COHERE_EMBEDDING_DIM
    if backend:
        config["embedding_backend"] = backend
    with bench_stack(
        workdir / f"size_{n_calls}",
        n_calls,
        with_cohere=engine == "cohere",
        peers_process=peers_process,
    ) as stack:
        sampler = RssSampler(
            peer_pid=stack.peers_pid, python_heap=python_heap, warehouse_pid=stack.warehouse_pid
        ).start()
        peers_cpu_before = _cpu_seconds(stack.peers_pid)
        warehouse_cpu_before = _cpu_seconds(stack.warehouse_pid)
        pipeline = Pipeline.create(f"BENCH_{n_calls}", **config)
        pipeline.sampler = sampler
        # Load the model before timing: a worker pays it once per process, not per call.
        started = time.perf_counter()
        pipeline.engine.embed(["warm-up"], "search_query")
        model_load_s = time.perf_counter() - started

        first = pipeline.run_all()
        first_results, first_counters = pipeline.results, pipeline.engine.counters()
        rss_after_first = peak_rss_mib()
        peers_cpu_first = _cpu_seconds(stack.peers_pid) - peers_cpu_before
        warehouse_cpu_first = _cpu_seconds(stack.warehouse_pid) - warehouse_cpu_before

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
            "embedding_dim": pipeline.engine.embedding_dim,
            "peers": "child process" if peers_process else "in process",
            "python_heap_traced": python_heap,
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
            # CPU the peers and the emulator used during the first run (their processes; None in-process).
            "peers_cpu_s_first_run": None if stack.peers_pid is None else round(peers_cpu_first, 1),
            "warehouse_cpu_s_first_run": (
                None if stack.warehouse_pid is None else round(warehouse_cpu_first, 1)
            ),
            "warehouse_mib": dir_size_mib(stack.warehouse_dir),
        }
        if search:
            with sampler.stage("search"):
                result["search"] = search_latency(pipeline)
        sampler.stop()
        result["memory_by_stage"] = sampler.report()
        if stack.warehouse_pid is not None:
            result["warehouse_peak_rss_mib"] = max(
                peaks.get("warehouse_rss_mib", 0.0) for peaks in result["memory_by_stage"].values()
            )
        result["peak_rss_mib"] = peak_rss_mib()
        return result


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process (0 when it runs in this one: not separable)."""
    if pid is None:
        return 0.0
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


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


def _child(n_calls: int, out: Path, options: dict[str, Any]) -> None:
    workdir = prepare_environment()
    quiet_logs()
    out.write_text(json.dumps(measure_size(n_calls, workdir, **options), default=str))


def run(
    sizes: list[int],
    *,
    max_seconds: float = 900,
    backend: str | None = None,
    search: bool = True,
    engine: str = "local",
    peers_process: bool = True,
    python_heap: bool = False,
    log_dir: Path | None = None,
) -> dict:
    """Measure each size in its own process; a size that exceeds ``max_seconds`` is reported, not hidden.

    :param log_dir: keep each size's progress log there (default: a temporary directory, removed after).
    """
    prepare_environment()
    results, not_finished = [], []
    for n in sizes:
        eprint(f"[pipeline] {n} calls, {engine} engine (limit {max_seconds:.0f}s)")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            cmd = [sys.executable, "-m", "bench.pipeline", "--child", str(n), "--out", str(out)]
            cmd += ["--engine", engine]
            cmd += ["--backend", backend] if backend else []
            cmd += [] if search else ["--no-search"]
            cmd += [] if peers_process else ["--peers-in-process"]
            cmd += ["--python-heap"] if python_heap else []
            # The child's progress goes to a log file as it runs (a long size can be followed with tail -f).
            log_path = (log_dir or Path(tmp)) / f"pipeline_{engine}_{n}.log"
            log_path.parent.mkdir(parents=True, exist_ok=True)
            eprint(f"[pipeline] progress: {log_path}")
            started = time.perf_counter()
            try:
                with log_path.open("w") as log:
                    proc = subprocess.run(
                        cmd, cwd=ROOT, timeout=max_seconds, stdout=log, stderr=log, text=True, check=False
                    )
            except subprocess.TimeoutExpired:
                not_finished.append(
                    {"calls": n, "engine": engine, "reason": f"did not finish within {max_seconds:.0f}s"}
                )
                continue
            if proc.returncode != 0 or not out.exists():
                logged = log_path.read_text(errors="replace")
                reason = logged.strip().splitlines()[-1:] or ["failed"]
                not_finished.append({"calls": n, "engine": engine, "reason": reason})
                eprint(logged[-3000:])
                continue
            result = json.loads(out.read_text())
            result["process_wall_s"] = round(time.perf_counter() - started, 1)
            results.append(result)
    _print(results, not_finished)
    payload = {"sizes": merge_sizes(_previous("pipeline"), results), "not_finished": not_finished}
    write_result("pipeline", payload)
    searched = [_search_row(r) for r in results if "search" in r]
    if searched:
        write_result("search", {"sizes": merge_sizes(_previous("search"), searched)})
    return payload


def _search_row(result: dict[str, Any]) -> dict[str, Any]:
    return {"calls": result["calls"], "engine": result["engine"], **result["search"]}


def _previous(name: str) -> list[dict[str, Any]]:
    from bench.common import RESULTS_DIR

    path = RESULTS_DIR / f"{name}.json"
    if not path.exists():
        return []
    try:
        return list(json.loads(path.read_text()).get("sizes", []))
    except (ValueError, AttributeError):
        return []


def merge_sizes(previous: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Earlier results with the new ones replacing those of the same (engine, calls), sorted.

    Results written before engines were labelled are the local engine's.
    """

    def key(row: dict[str, Any]) -> tuple[str, int]:
        return row.get("engine", "local"), int(row["calls"])

    merged = {key(r): {"engine": "local", **r} for r in previous}
    merged.update({key(r): r for r in new})
    return [merged[k] for k in sorted(merged)]


def _print(results: list[dict], not_finished: list[dict]) -> None:
    from bench.harness import STAGES

    print_table(
        "End-to-end local pipeline, first run (wall seconds per stage)",
        [
            {
                "engine": r["engine"],
                "calls": r["calls"],
                **r["first_run"]["stages_s"],
                "total": r["first_run"]["total_s"],
            }
            for r in results
        ],
    )
    print_table(
        "Throughput, memory and size",
        [
            {
                "engine": r["engine"],
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
                "engine": r["engine"],
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
            [_search_row(r) for r in searched],
        )
    print_table(
        "Peak RSS per stage, MiB (pipeline | peers | emulator processes)",
        [
            {"engine": r["engine"], "calls": r["calls"], "stage": stage, **peaks}
            for r in results
            for stage, peaks in r.get("memory_by_stage", {}).items()
        ],
    )
    for item in not_finished:
        print(f"  NOT MEASURED: {item['calls']} calls ({item['engine']}): {item['reason']}")


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
    parser.add_argument(
        "--engine", choices=ENGINES, default="local", help="cohere: the production engine against the peer"
    )
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument(
        "--peers-in-process", action="store_true", help="serve the emulator and the peers from this process"
    )
    parser.add_argument(
        "--python-heap", action="store_true", help="trace the Python heap per stage (slow: memory only)"
    )
    parser.add_argument("--log-dir", type=Path, help="keep each size's progress log in this directory")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    options = {
        "backend": args.backend,
        "search": not args.no_search,
        "engine": args.engine,
        "peers_process": not args.peers_in_process,
        "python_heap": args.python_heap,
    }
    if args.child:
        _child(args.child, args.out, options)
        return
    run(parse_sizes(args.calls), max_seconds=args.max_seconds, log_dir=args.log_dir, **options)


if __name__ == "__main__":
    main()

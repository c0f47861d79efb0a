"""The benchmark's peers (Gong, optionally Cohere, and the emulator unless ``--no-warehouse``) served from
their own process.

Started by :func:`bench.stack.bench_stack` with ``peers_process=True`` (with ``--no-warehouse``: the
emulator then runs in a process of its own): prints one JSON line ``{"connections": {...},
"tenant_seconds": s}`` once every peer listens, then serves until stdin closes.

    python -m bench.peers --data-dir DIR --calls 1000 [--cohere] [--gong-rate-limit 3] [--no-warehouse]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.common import prepare_environment, quiet_logs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--calls", type=int, required=True)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--gong-rate-limit", type=float, default=3.0, help="requests/second; 0 disables")
    parser.add_argument("--cohere", action="store_true", help="also serve the Cohere API peer")
    parser.add_argument("--profile", type=Path, help="cProfile every serving thread; stats written here")
    parser.add_argument("--no-warehouse", action="store_true", help="do not serve the emulator")
    args = parser.parse_args(argv)
    prepare_environment(args.data_dir / "scratch")
    quiet_logs()
    profiles = _profile_threads() if args.profile else []

    from bench.stack import _peers

    rate_limit = args.gong_rate_limit or None
    with _peers(args.data_dir, args.calls, args.days, rate_limit, args.cohere, not args.no_warehouse) as (
        stack,
        conns,
    ):
        print(json.dumps({"connections": conns, "tenant_seconds": stack.tenant_seconds}), flush=True)
        # The parent closes our stdin when it is done (or dies): then stop the servers and exit.
        sys.stdin.read()
    if profiles:
        import pstats

        stats = pstats.Stats(profiles[0])
        for profile in profiles[1:]:
            stats.add(profile)
        stats.dump_stats(args.profile)


def _profile_threads() -> list:
    """Start a cProfile in every thread started from now on (the servers run in their own threads)."""
    import cProfile
    import threading

    profiles: list[cProfile.Profile] = []

    def first_call(*_: object) -> None:
        # Runs once in the new thread; enabling a profiler replaces this hook for the thread.
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()

    threading.setprofile(first_call)
    return profiles


if __name__ == "__main__":
    main()

"""What every benchmark shares: process environment, the local stack, timing, RSS, tables and JSON results.

Benchmarks import product code only inside functions, after :func:`prepare_environment` has pointed
AIRFLOW_HOME at a scratch directory, so they never touch ``~/airflow`` and never need a metadata database.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"
# Calls in the synthetic tenant end the day before this date; fixed so runs are comparable.
TENANT_END = date(2026, 3, 1)
TENANT_SEED = 7


def prepare_environment(workdir: Path | None = None) -> Path:
    """Set the process environment a benchmark needs before anything imports airflow.

    :return: the scratch directory (created when not given).
    """
    workdir = Path(workdir or tempfile.mkdtemp(prefix="gong-intel-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("AIRFLOW_HOME", str(workdir / "airflow"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
    # The hooks log every statement at INFO through Airflow's structlog setup, which reads this level.
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    # The Snowflake connector probes cloud metadata endpoints on every connect; where they do not exist a
    # blocked DNS lookup stalls a connect for seconds at random, which would dominate small stages.
    os.environ.setdefault("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
    # Transformers/tokenizers spawn a thread pool per process; two cores are shared with the emulator.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return workdir


def quiet_logs() -> None:
    """Keep benchmark output readable: the hooks log every statement at INFO."""
    import logging

    # Airflow routes stdlib logging through structlog with its own levels; disabling INFO globally is the
    # one switch both honour.
    logging.disable(logging.INFO)


def machine() -> dict[str, Any]:
    """The machine a result was measured on."""
    mem_gib = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "cpus": os.cpu_count(),
        "memory_gib": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def dir_size_mib(path: Path) -> float:
    total = sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
    return round(total / 1024 / 1024, 2)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: with few samples it reports a value actually observed)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency_summary(samples_s: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else float("nan"),
    }


@dataclass
class StageTimer:
    """Wall time per named stage; a stage may be entered several times (times add up)."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def rounded(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in self.seconds.items()}


def print_table(title: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> None:
    """A plain fixed-width table on stdout."""
    print(f"\n== {title}")
    if not rows:
        print("(no rows)")
        return
    columns = list(columns or rows[0].keys())
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write_result(name: str, payload: Mapping[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` (git-ignored) with the machine and a timestamp."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document = {
        "benchmark": name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **payload,
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    print(f"-> {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return path


def parse_sizes(text: str) -> list[int]:
    """``"100,1000"`` -> ``[100, 1000]`` (underscores and ``k`` allowed: ``10k``, ``10_000``)."""
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        sizes.append(int(float(part[:-1]) * 1000) if part.endswith("k") else int(part))
    if not sizes or any(s < 1 for s in sizes):
        raise ValueError(f"--calls needs positive sizes, got {text!r}")
    return sizes


@contextlib.contextmanager
def environ(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a block (connections for the product code)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def eprint(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)


class RssSampler:
    """Samples resident memory in a background thread and keeps the peak per named stage.

    Up to three figures per stage: this process (the pipeline, plus whatever runs in it), the process serving
    the peers when ``peer_pid`` is given, and the emulator's when ``warehouse_pid`` is, so the pipeline's own
    memory is not mixed up with theirs. ``ru_maxrss`` only ever grows; sampling gives the peak *within* each
    stage.

    :param interval_s: sampling period; 50 ms catches allocations that live for one statement.
    :param peer_pid: pid of the peers' process (see :func:`bench.stack.bench_stack` ``peers_process``).
    :param warehouse_pid: pid of the emulator's process (``BenchStack.warehouse_pid``).
    :param python_heap: also record the Python heap's peak per stage with :mod:`tracemalloc` (slows Python
        code by 2-4x: use it to find *what* grows, not for timings).
    """

    def __init__(
        self,
        interval_s: float = 0.05,
        peer_pid: int | None = None,
        python_heap: bool = False,
        warehouse_pid: int | None = None,
    ):
        import psutil

        self._own = psutil.Process()
        self._peer = psutil.Process(peer_pid) if peer_pid else None
        self._warehouse = psutil.Process(warehouse_pid) if warehouse_pid else None
        self.interval_s = interval_s
        self.python_heap = python_heap
        self.current = "setup"
        self.peaks: dict[str, dict[str, float]] = {}
        self._stop = None
        self._thread = None

    def _sample(self) -> None:
        import psutil

        rss = {"pipeline_rss_mib": self._own.memory_info().rss, "peers_rss_mib": 0}
        for key, process in (("peers_rss_mib", self._peer), ("warehouse_rss_mib", self._warehouse)):
            if process is not None:
                rss[key] = 0
                with contextlib.suppress(psutil.Error):
                    rss[key] = process.memory_info().rss
        entry = self.peaks.setdefault(self.current, {})
        for key, value in rss.items():
            entry[key] = max(entry.get(key, 0.0), round(value / 2**20, 1))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._sample()

    def start(self) -> RssSampler:
        import threading
        import tracemalloc

        if self.python_heap and not tracemalloc.is_tracing():
            tracemalloc.start()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()
            self._thread.join(timeout=5)
            self._sample()

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Attribute samples taken inside the block to ``name`` (a stage entered twice keeps one peak)."""
        import tracemalloc

        previous, self.current = self.current, name
        if self.python_heap:
            tracemalloc.reset_peak()
        self._sample()
        try:
            yield
        finally:
            self._sample()
            if self.python_heap:
                entry = self.peaks[name]
                heap = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                entry["python_heap_peak_mib"] = max(entry.get("python_heap_peak_mib", 0.0), heap)
            self.current = previous

    def report(self) -> dict[str, dict[str, float]]:
        return {stage: dict(values) for stage, values in self.peaks.items()}

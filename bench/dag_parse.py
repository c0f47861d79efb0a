"""DAG parse time per DAG file, and what each file imports at parse time.

Each file is parsed in a fresh interpreter, as Airflow's DAG processor does, twice over:

* ``warm``: ``airflow.sdk`` and the providers' operator modules are already imported (the processor's steady
  state) — this is the cost the scheduler pays per parse;
* ``cold``: nothing is imported yet (a fresh worker), for reference.

Heavy packages that must not load at parse time (pandas, numpy, cohere, torch, fakesnow, the Snowflake
connector, pandera, sentence-transformers) are reported if the DAG file pulls them in.

With ``--baseline REV`` the DAG files of git revision ``REV`` (with the package as it was then) are
parsed in the same run, interleaved with today's (today, baseline, today, ...), and printed beside them.

    python -m bench.dag_parse [--repeat 5] [--baseline 3e11287]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench.common import prepare_environment, print_table, write_result

DAGS_DIR = Path(__file__).resolve().parents[1] / "dags"
HEAVY = (
    "pandas",
    "numpy",
    "cohere",
    "torch",
    "sentence_transformers",
    "fakesnow",
    "duckdb",
    "snowflake.connector",
    "pandera",
    "vaderSentiment",
    "airbyte_api",
    "requests",
)
# Imported before timing in warm mode: what a running DAG processor already has loaded.
_WARM_PRELOAD = (
    "airflow.sdk",
    "airflow.providers.standard.operators.empty",
    "airflow.providers.common.sql.operators.sql",
)

_PROBE = r"""
import importlib.util, json, sys, time
path, warm, preload, heavy = sys.argv[1], sys.argv[2] == "1", json.loads(sys.argv[3]), json.loads(sys.argv[4])
sys.path.insert(0, sys.argv[5])
if warm:
    for name in preload:
        importlib.import_module(name)
before = set(sys.modules)
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("dag_under_test", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
elapsed = time.perf_counter() - started
new = set(sys.modules) - before
dags = [v.dag_id for v in vars(module).values() if type(v).__name__ == "DAG"]
tasks = sum(len(v.task_dict) for v in vars(module).values() if type(v).__name__ == "DAG")
heavy_loaded = sorted(h for h in heavy if h in sys.modules)
project = sorted(m for m in new if m.startswith(("include.", "local_stack")))
top = sorted({m.split(".")[0] for m in new if not m.startswith("_")})
print(json.dumps({"seconds": elapsed, "dags": dags, "tasks": tasks, "heavy": heavy_loaded,
                  "project_modules": project, "new_top_level": top, "modules_imported": len(new)}))
"""


def _probe(path: Path, *, warm: bool, root: Path | None = None) -> dict:
    root = str(root or Path(__file__).resolve().parents[1])
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            str(path),
            "1" if warm else "0",
            json.dumps(_WARM_PRELOAD),
            json.dumps(HEAVY),
            root,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=root,
    )
    if out.returncode != 0:
        raise RuntimeError(f"parsing {path.name} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(repeat: int = 3) -> dict:
    """Parse every DAG file ``repeat`` times warm and once cold; median seconds per file."""
    prepare_environment()
    files = sorted(p for p in DAGS_DIR.glob("*.py") if not p.name.startswith("_"))
    results = []
    failures = []
    for path in files:
        try:
            warm = [_probe(path, warm=True) for _ in range(repeat)]
        except RuntimeError as e:
            # A file that does not import is reported, not timed: its cost would be meaningless.
            failures.append({"file": path.name, "error": str(e).splitlines()[-1]})
            continue
        cold = _probe(path, warm=False)
        last = warm[-1]
        results.append(
            {
                "file": path.name,
                "dags": last["dags"],
                "tasks": last["tasks"],
                "warm_median_s": round(statistics.median(w["seconds"] for w in warm), 3),
                "warm_max_s": round(max(w["seconds"] for w in warm), 3),
                "cold_s": round(cold["seconds"], 3),
                "heavy_at_parse_warm": last["heavy"],
                "heavy_at_parse_cold": cold["heavy"],
                "project_modules": last["project_modules"],
                "third_party_top_level_warm": [
                    m for m in last["new_top_level"] if m not in ("include", "dag_under_test")
                ],
                "modules_imported_warm": last["modules_imported"],
            }
        )
    print_table(
        "DAG parse time (fresh interpreter per parse; warm = airflow.sdk already imported)",
        [
            {
                "file": r["file"],
                "tasks": r["tasks"],
                "warm p50 s": r["warm_median_s"],
                "warm max s": r["warm_max_s"],
                "cold s": r["cold_s"],
                "modules (warm)": r["modules_imported_warm"],
                "heavy imports": ", ".join(r["heavy_at_parse_warm"]) or "none",
            }
            for r in results
        ],
    )
    for r in results:
        print(f"  {r['file']}: project modules {', '.join(r['project_modules'])}")
        print(
            f"  {r['file']}: third-party packages first loaded by the file: {r['third_party_top_level_warm']}"
        )
    for f in failures:
        print(f"  {f['file']}: DOES NOT PARSE: {f['error']}")
    payload = {"repeat": repeat, "files": results, "failures": failures}
    write_result("dag_parse", payload)
    return payload


def compare(baseline: str, repeat: int) -> dict:
    """Warm parse time of each DAG file today and at git revision ``baseline``, interleaved."""
    import tempfile

    prepare_environment()
    root = Path(__file__).resolve().parents[1]
    rows = []
    with tempfile.TemporaryDirectory(prefix="dag-parse-baseline-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", baseline, "dags", "include"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        for path in sorted(p for p in DAGS_DIR.glob("*.py") if not p.name.startswith("_")):
            old_path = Path(tmp) / "dags" / path.name
            now, then = [], []
            for _ in range(repeat):
                now.append(_probe(path, warm=True))
                if old_path.exists():
                    then.append(_probe(old_path, warm=True, root=Path(tmp)))
            rows.append(
                {
                    "file": path.name,
                    f"{baseline} warm p50 s": (
                        round(statistics.median(t["seconds"] for t in then), 3) if then else "-"
                    ),
                    "now warm p50 s": round(statistics.median(n["seconds"] for n in now), 3),
                    f"{baseline} modules": then[-1]["modules_imported"] if then else "-",
                    "now modules": now[-1]["modules_imported"],
                    f"{baseline} heavy": ", ".join(then[-1]["heavy"]) if then else "-",
                    "now heavy": ", ".join(now[-1]["heavy"]) or "none",
                }
            )
    print_table(f"DAG parse time, today beside {baseline} (warm, median of {repeat} interleaved)", rows)
    payload = {"repeat": repeat, "baseline": baseline, "files": rows}
    write_result("dag_parse_compare", payload)
    return payload


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm parses per file (median reported)")
    parser.add_argument("--baseline", help="git revision to parse beside today's files, interleaved")
    args = parser.parse_args(argv)
    if args.baseline:
        compare(args.baseline, args.repeat)
        return
    run(repeat=args.repeat)


if __name__ == "__main__":
    main()

"""Run the product end to end on the embedded local stack and show what it produced.

    python -m local_stack.demo [--data-dir .local] [--calls 200] [--today YYYY-MM-DD]

Starts the warehouse emulator and the Gong and Slack peers on 127.0.0.1, loads their connections into a
project-local AIRFLOW_HOME (never ~/airflow), runs the ``gong_setup`` and ``gong_call_intelligence`` DAGs
with ``dag.test()`` — the same DAG files, operators and hooks as production — then prints what landed in
each layer, the Slack messages the receiver got, and answers to a few questions.

``--today`` builds the warehouse as it would be built on that day: the tenant's calls end the day before, the
daily run's logical date is that day and the example questions are asked on it (``bench.ask``'s question set
was written against the warehouse built on 2026-12-03).

The terminal shows one line per task (elapsed time, tasks left); Airflow's and the warehouse's full log goes
to ``<data-dir>/demo.log``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _prepare_airflow_env(data_dir: Path) -> None:
    home = data_dir / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["AIRFLOW_HOME"] = str(home)
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
    os.environ.setdefault("AIRFLOW__CORE__PLUGINS_FOLDER", str(ROOT / "plugins"))
    os.environ.setdefault("AIRFLOW__CORE__PARALLELISM", "4")
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{home / 'airflow.db'}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # dag.test() never fires Deadline Alerts and, in Airflow 3.3, fails looking them up after a run; they are
    # exercised by the alert tests and under a scheduler (`make airflow`).
    os.environ["AIRFLOW__GONG_INTEL__DEADLINE_MINUTES"] = "0"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def _migrate() -> None:
    from airflow.utils.db import initdb

    initdb()


class _Progress(logging.Handler):
    """Turns dag.test()'s "[DAG TEST] end task" log records into one terminal line per finished task."""

    def __init__(self, out, started: float) -> None:
        super().__init__(logging.INFO)
        self.out, self.started = out, started
        self.dag_id, self.total, self.done = "", 0, 0
        self.task_started: dict[str, float] = {}

    def begin(self, dag) -> None:
        self.dag_id, self.total, self.done = dag.dag_id, len(dag.tasks), 0
        self._line(f"{dag.dag_id}: {self.total} tasks")

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("[DAG TEST] "):
            return
        key = message.split("task_id=", 1)[-1]
        if message.startswith("[DAG TEST] starting task_id="):
            self.task_started[key] = time.monotonic()
        elif message.startswith("[DAG TEST] end task task_id="):
            task_id, _, map_index = key.partition(" map_index=")
            if map_index in ("-1", "0"):
                self.done += 1
            took = time.monotonic() - self.task_started.pop(key, time.monotonic())
            label = task_id if map_index == "-1" else f"{task_id}[{map_index}]"
            left = max(self.total - self.done, 0)
            self._line(f"  {label:<34} {took:6.1f}s   ({left} task(s) left)")

    def _line(self, text: str) -> None:
        self.out.write(f"[{time.monotonic() - self.started:6.0f}s] {text}\n")
        self.out.flush()


@contextlib.contextmanager
def _output_to(log_path: Path):
    """Send everything written to stdout/stderr (Airflow, the warehouse, the tasks) to ``log_path``; yield a
    stream to the real terminal."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    terminal = os.fdopen(os.dup(1), "w", buffering=1)
    saved_err = os.dup(2)
    with open(log_path, "w", buffering=1) as log_file:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(log_file.fileno(), 1)
        os.dup2(log_file.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(terminal.fileno(), 1)
            os.dup2(saved_err, 2)
            os.close(saved_err)


def run_dag(dag_id: str, progress: _Progress | None = None, **test_kwargs):
    """Run one DAG in-process with ``dag.test()``; returns the finished DagRun."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag(dag_id)
    if progress is not None:
        progress.begin(dag)
    run = dag.test(**test_kwargs)
    state = getattr(run, "state", None)
    if str(state) not in ("success", "DagRunState.SUCCESS"):
        failed = [
            ti.task_id for ti in run.get_task_instances() if str(ti.state) in ("failed", "upstream_failed")
        ]
        raise RuntimeError(f"{dag_id} finished {state}; failed tasks: {failed}")
    return run


def summarise(settings, stack) -> dict:
    """Counts per layer and a few rows that show what the pipeline found."""
    from include.gong_intel.warehouse.hook import WarehouseHook

    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    t = settings.tables

    def count(table: str, where: str = "") -> int:
        return hook.get_first(f"SELECT COUNT(*) FROM {table} {where}")[0]  # noqa: S608 - registry names

    layers = {
        "RAW_AIRBYTE.USERS": count(t.raw_users),
        "RAW_AIRBYTE.EXTENSIVECALLS": count(t.raw_extensive_calls),
        "RAW_AIRBYTE.CALLTRANSCRIPTS": count(t.raw_call_transcripts),
        "STG_TRANSFORMED.STG_GONG_USERS": count(t.stg_users),
        "STG_TRANSFORMED.STG_GONG_CALLS": count(t.stg_calls),
        "STG_TRANSFORMED.STG_GONG_CALL_TRANSCRIPTS": count(t.stg_transcripts),
        "  calls enriched": count(t.stg_calls, "WHERE ENRICHED_AT IS NOT NULL"),
        "AI_MEMORY.TRANSCRIPT_CHUNKS": count(t.memory_chunks),
        "PIPELINE_MONITOR.QUARANTINE": count(t.quarantine),
    }
    negative = hook.get_records(
        f"SELECT CALL_ID, SENTIMENT_SCORE, CALL_SUMMARY FROM {t.stg_calls} "  # noqa: S608 - the seed's example query
        "WHERE SENTIMENT_SCORE < -0.2 ORDER BY CALL_DATETIME_UTC DESC LIMIT 5"
    )
    return {"layers": layers, "negative_calls": negative, "slack": [m.text for m in stack.slack.messages]}


def _print_summary(summary: dict, answers: list[tuple[str, str]], elapsed: float) -> None:
    print("\n" + "=" * 100)
    print(f"Gong call intelligence — local run finished in {elapsed:.0f}s\n")
    print("What landed, per layer:")
    for name, n in summary["layers"].items():
        print(f"  {name:<45} {n:>8,}")
    print("\nThe seed's example query (SENTIMENT_SCORE < -0.2, newest first):")
    for call_id, score, text in summary["negative_calls"]:
        print(f"  {call_id}  {score:+.2f}  {(text or '')[:110]}")
    print(f"\nSlack messages received by the local webhook: {len(summary['slack'])}")
    for text in summary["slack"][:5]:
        print(f"  - {(text or '').splitlines()[0][:110] if text else ''}")
    for question, answer in answers:
        print(f"\n$ gong-ask {json.dumps(question)}")
        print("\n".join("  " + line for line in answer.splitlines()[:16]))
    print("=" * 100)


def _ask(settings, questions: list[str], today: date | None = None) -> list[tuple[str, str]]:
    from include.gong_intel.ask.engine import ask
    from include.gong_intel.ask.render import render_text

    out = []
    for q in questions:
        try:
            out.append((q, render_text(ask(q, settings=settings, today=today))))
        except Exception as e:  # the demo reports, the tests assert
            out.append((q, f"(could not answer: {e})"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data-dir", default=str(ROOT / ".local"))
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="build as on this day (YYYY-MM-DD): calls end the day before; default: today (UTC)",
    )
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir).resolve()
    _prepare_airflow_env(data_dir)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    from local_stack.stack import LocalStack, load_into_metadata_db

    started = time.monotonic()
    log_path = data_dir / "demo.log"
    print(f"Gong call intelligence demo: {args.calls} generated calls; full log in {log_path}")
    with _output_to(log_path) as terminal:
        progress = _Progress(terminal, started)
        dag_log = logging.getLogger("airflow.sdk.definitions.dag")
        with LocalStack(data_dir, n_calls=args.calls, seed=args.seed, end_date=args.today) as stack:
            progress._line(
                f"local stack up: warehouse :{stack.warehouse.port}, Gong {stack.gong.url}, "
                f"Slack {stack.slack.url}"
            )
            _migrate()
            # After Airflow has configured logging (which disables loggers it did not configure).
            dag_log.disabled = False
            dag_log.setLevel(logging.INFO)
            dag_log.addHandler(progress)
            load_into_metadata_db(stack)
            os.environ.update(stack.environ())  # the same values, for code run outside a task (summary, ask)
            # `make ask` reopens this warehouse later with the same settings.
            (data_dir / "gong_intel_config.json").write_text(stack.variables()["gong_intel_config"])

            from include.gong_intel.config import load_settings

            settings = load_settings()
            run_dag("gong_setup", progress)
            now = datetime.now(UTC).replace(microsecond=0)
            if args.today is not None:
                now = datetime.combine(args.today, clock(now.hour, now.minute, now.second), UTC)
            run_dag("gong_call_intelligence", progress, logical_date=now)
            progress._line("asking the example questions")
            summary = summarise(settings, stack)
            answers = _ask(
                settings,
                [
                    "Show me calls with negative sentiment from last week",
                    "What are customers saying about pricing?",
                    "Find coaching opportunities for the sales team",
                    "Which deals are at risk?",
                ],
                today=args.today,
            )
        dag_log.removeHandler(progress)
    _print_summary(summary, answers, time.monotonic() - started)
    print(f"Full log: {log_path}")
    print('Ask your own questions: make ask Q="which deals are at risk this month?"')
    return 0


if __name__ == "__main__":
    sys.exit(main())

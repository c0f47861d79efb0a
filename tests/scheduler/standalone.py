"""A real ``airflow standalone`` for tests: own AIRFLOW_HOME, free ports on 127.0.0.1, REST client, teardown.

:class:`Standalone` prepares the metadata DB (migrated, with the local stack's connections, variables and
pools), starts scheduler, dag-processor, triggerer and API server as one process group, waits until every
component reports healthy and the DAGs are parsed, runs ``airflow`` CLI commands against the same home, and
on :meth:`Standalone.stop` ends every process it started (the group and every descendant seen, by PID):
``airflow standalone`` leaves scheduler and worker children behind on SIGTERM.

:class:`Api` speaks the public REST API (``/api/v2``) with the simple auth manager's token. Every wait is
bounded, and a run that ends in the wrong state is reported with the failing tasks' log tails
(:meth:`Standalone.run_report`).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
TERMINAL_RUN_STATES = frozenset({"success", "failed"})

# Runs in the standalone's environment before it starts: a migrated DB holding the stack's connections (in
# the metadata DB, not AIRFLOW_CONN_* variables, so that `airflow connections` can change them), variables
# and pools, loaded by the product's own loader.
_BOOTSTRAP = """
import json, sys
from airflow.utils.db import initdb
initdb()
from local_stack.stack import load_into_metadata_db
spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
class Spec:
    def connections(self): return spec["connections"]
    def variables(self): return spec["variables"]
    def pools(self): return spec["pools"]
load_into_metadata_db(Spec())
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    ts = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def wait_until(
    probe: Callable[[], Any], *, timeout: float, interval: float = 2.0, what: str = "condition"
) -> Any:
    """Call ``probe`` until it returns something truthy; raise TimeoutError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def tail(text: str, limit: int) -> str:
    return text if len(text) <= limit else "…" + text[-limit:]


class Api:
    """The Airflow 3 public REST API with a simple-auth-manager JWT."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._credentials = {"username": username, "password": password}
        self._client = httpx.Client(base_url=self.base_url, timeout=30.0)
        self.token = ""

    def login(self) -> str:
        response = self._client.post("/auth/token", json=self._credentials)
        assert response.status_code in (200, 201), f"POST /auth/token: {response.status_code} {response.text}"
        self.token = response.json()["access_token"]
        self._client.headers["Authorization"] = f"Bearer {self.token}"
        return self.token

    def close(self) -> None:
        self._client.close()

    def request(self, method: str, path: str, *, expect: Iterable[int] = (200,), **kwargs: Any) -> Any:
        response = self._client.request(method, path, **kwargs)
        assert response.status_code in tuple(expect), (
            f"{method} {path}: HTTP {response.status_code}: {response.text[:2000]}"
        )
        return response.json() if response.content else None

    def get_raw(self, url: str) -> httpx.Response:
        """GET an absolute or relative URL with the token, not following redirects."""
        return self._client.get(url, follow_redirects=False)

    # ------------------------------------------------------------------ DAGs and runs

    def set_paused(self, dag_id: str, paused: bool) -> None:
        self.request("PATCH", f"/api/v2/dags/{dag_id}", json={"is_paused": paused})

    def trigger(
        self,
        dag_id: str,
        *,
        run_id: str | None = None,
        conf: Mapping[str, Any] | None = None,
        run_after: datetime | None = None,
    ) -> dict:
        """A manual run without a logical date (the REST API's way), optionally due later (``run_after``)."""
        body: dict[str, Any] = {"logical_date": None, "conf": dict(conf or {})}
        if run_id:
            body["dag_run_id"] = run_id
        if run_after:
            body["run_after"] = run_after.isoformat()
        return self.request("POST", f"/api/v2/dags/{dag_id}/dagRuns", json=body)

    def dag_run(self, dag_id: str, run_id: str) -> dict:
        return self.request("GET", f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}")

    def dag_runs(self, dag_id: str, **params: Any) -> list[dict]:
        body = self.request("GET", f"/api/v2/dags/{dag_id}/dagRuns", params={"limit": 100, **params})
        return body["dag_runs"]

    def set_run_state(self, dag_id: str, run_id: str, state: str) -> None:
        self.request(
            "PATCH", f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}", json={"state": state}
        )

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        body = self.request(
            "GET",
            f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances",
            params={"limit": 200},
        )
        return body["task_instances"]

    def xcom(self, dag_id: str, run_id: str, task_id: str, key: str = "return_value") -> Any:
        body = self.request(
            "GET",
            f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances/{task_id}"
            f"/xcomEntries/{key}",
        )
        value = body["value"]
        return json.loads(value) if isinstance(value, str) and value[:1] in "{[" else value


@dataclass
class Standalone:
    """``airflow standalone`` in ``home`` with the given extra environment (``AIRFLOW__...`` settings).

    :param home: AIRFLOW_HOME (created).
    :param extra_env: settings on top of the defaults below (e.g. ``AIRFLOW__GONG_INTEL__DEADLINE_MINUTES``).
    """

    home: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.home = Path(self.home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.output_path = self.home / "standalone.out"
        self._process: subprocess.Popen | None = None
        self._seen_pids: set[int] = set()
        self.api: Api | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        # Nothing of the test process's own Airflow settings (tests/conftest.py: unit-test mode, its DB).
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
                "PYTHONPATH": str(REPO),
                "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
                "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": "4",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{self.home / 'airflow.db'}",
                # Concurrent writers wait for SQLite's lock instead of failing after 5 s (airflow_db.py).
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONNECT_ARGS": "tests.scheduler.airflow_db.SYNC_CONNECT_ARGS",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONNECT_ARGS_ASYNC": "tests.scheduler.airflow_db.ASYNC_CONNECT_ARGS",
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__BASE_URL": self.base_url,
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
                # Free ports for the log servers too: another Airflow on this machine may hold the defaults.
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
                # The DAG files do not change during the test: re-parsing them only costs CPU on 2 cores.
                "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "600",
                "HF_HUB_OFFLINE": "1",
                "TOKENIZERS_PARALLELISM": "false",
                "SNOWFLAKE_DISABLE_PLATFORM_DETECTION": "true",
                "NO_COLOR": "1",
            }
        )
        env.update(self.extra_env)
        return env

    # ------------------------------------------------------------------ lifecycle

    def bootstrap(self, spec: Mapping[str, Any], *, timeout: float = 180) -> None:
        """Migrate the metadata DB and load ``{"connections", "variables", "pools"}`` into it."""
        spec_path = self.home / "stack_spec.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", _BOOTSTRAP, str(spec_path)],
            env=self.env(),
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"metadata DB bootstrap failed:\n{tail(result.stderr, 4000)}"

    def start(self) -> None:
        self._out = self.output_path.open("wb")
        self._process = subprocess.Popen(
            [str(VENV_BIN / "airflow"), "standalone"],
            env=self.env(),
            cwd=self.home,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() signals every component at once
        )

    def output_tail(self, limit: int = 6000) -> str:
        try:
            return tail(self.output_path.read_text(encoding="utf-8", errors="replace"), limit)
        except OSError:
            return ""

    def component_tail(self, component: str, limit: int = 6000) -> str:
        """The end of one component's lines in the standalone output (they are prefixed ``scheduler  |`` etc.)."""
        try:
            lines = self.output_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return tail("\n".join(line for line in lines if line.startswith(f"{component} ")), limit)

    def stalled_components(self, *, stale_after: float = 180.0) -> dict[str, float]:
        """Components whose last heartbeat is more than ``stale_after`` s old: component -> its age in s.

        ``airflow standalone`` does not restart a component that died: a dead scheduler leaves every run
        queued for good, and a wait for one would only time out.
        """
        try:
            body = httpx.get(f"{self.base_url}/api/v2/monitor/health", timeout=5).json()
        except (httpx.HTTPError, ValueError):
            return {}
        now = datetime.now(UTC)
        stalled = {}
        for part in ("scheduler", "triggerer", "dag_processor"):
            beat = parse_ts((body.get(part) or {}).get(f"latest_{part}_heartbeat"))
            if beat is not None and (age := (now - beat).total_seconds()) > stale_after:
                stalled[part] = age
        return stalled

    def admin_password(self) -> str:
        path = self.home / "simple_auth_manager_passwords.json.generated"
        return json.loads(path.read_text(encoding="utf-8"))["admin"]

    def wait_ready(self, dag_ids: Iterable[str], *, timeout: float = 240) -> Api:
        """Wait for every component to be healthy and ``dag_ids`` to be parsed; return a logged-in client."""
        deadline = time.monotonic() + timeout

        def remaining() -> float:
            return max(1.0, deadline - time.monotonic())

        def health() -> dict | None:
            self._check_alive()
            self._remember_children()
            try:
                body = httpx.get(f"{self.base_url}/api/v2/monitor/health", timeout=5).json()
            except (httpx.HTTPError, ValueError):
                return None
            parts = ("metadatabase", "scheduler", "triggerer", "dag_processor")
            return body if all((body.get(p) or {}).get("status") == "healthy" for p in parts) else None

        try:
            wait_until(health, timeout=remaining(), what="all Airflow components healthy")
            self.api = wait_until(self._login, timeout=remaining(), what="the admin login")
            for dag_id in dag_ids:
                wait_until(
                    lambda dag_id=dag_id: self._dag_parsed(dag_id),
                    timeout=remaining(),
                    what=f"DAG {dag_id} parsed",
                )
        except (TimeoutError, AssertionError) as e:
            raise AssertionError(f"{e}\n--- airflow standalone output ---\n{self.output_tail()}") from None
        self._remember_children()
        return self.api

    def _login(self) -> Api | None:
        try:
            password = self.admin_password()
        except (OSError, ValueError, KeyError):
            return None
        api = Api(self.base_url, "admin", password)
        api.login()
        return api

    def _dag_parsed(self, dag_id: str) -> bool:
        self._check_alive()
        errors = self.api.request("GET", "/api/v2/importErrors")["import_errors"]
        assert not errors, "DAG import errors:\n" + "\n\n".join(
            f"{e['filename']}:\n{e['stack_trace']}" for e in errors
        )
        response = self.api._client.get(f"/api/v2/dags/{dag_id}")
        return response.status_code == 200

    def _check_alive(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            raise AssertionError(f"airflow standalone exited with {self._process.returncode}")

    def _remember_children(self) -> None:
        import psutil

        if self._process is None:
            return
        try:
            parent = psutil.Process(self._process.pid)
            self._seen_pids.update(p.pid for p in parent.children(recursive=True))
        except psutil.NoSuchProcess:
            pass

    def stop(self, *, grace: float = 20.0) -> None:
        """End the process group and every descendant ever seen (by PID), politely first."""
        import psutil

        if self._process is None:
            return
        self._remember_children()
        pgid = self._process.pid
        candidates = []
        for pid in {self._process.pid, *self._seen_pids}:
            with contextlib.suppress(psutil.NoSuchProcess):
                candidates.append(psutil.Process(pid))
        # Re-parented leftovers are still in the group (standalone's session): find them by group id too.
        for proc in psutil.process_iter(["pid"]):
            try:
                if os.getpgid(proc.pid) == pgid and proc not in candidates:
                    candidates.append(proc)
            except (ProcessLookupError, psutil.Error):
                pass
        for proc in candidates:
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGTERM)
        _, alive = psutil.wait_procs(candidates, timeout=grace)
        for proc in alive:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        psutil.wait_procs(alive, timeout=10)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=10)
        self._process = None
        self._out.close()
        if self.api is not None:
            self.api.close()

    # ------------------------------------------------------------------ CLI and diagnostics

    def cli(self, *args: str, timeout: float = 180, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``airflow <args>`` against this home (the CLI talks to the metadata DB directly)."""
        result = subprocess.run(
            [str(VENV_BIN / "airflow"), *args],
            env=self.env(),
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if check:
            assert result.returncode == 0, (
                f"`airflow {' '.join(args)}` exited {result.returncode}:\n"
                f"{tail(result.stdout, 2000)}\n{tail(result.stderr, 4000)}"
            )
        return result

    def task_log(self, dag_id: str, run_id: str, task_id: str, map_index: int, try_number: int) -> str:
        """A task try's log from the log folder, as ``level event`` lines (Airflow 3 writes JSON lines)."""
        folder = self.home / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}" / f"task_id={task_id}"
        if map_index >= 0:
            folder = folder / f"map_index={map_index}"
        path = folder / f"attempt={try_number}.log"
        try:
            raw = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"(no log at {path})"
        lines = []
        for line in raw.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                lines.append(line)
                continue
            text = f"{record.get('level', '')} {record.get('event', '')}"
            for detail in record.get("error_detail") or []:
                frames = detail.get("frames") or []
                where = " <- ".join(f"{f.get('filename')}:{f.get('lineno')}" for f in frames[-3:])
                text += f"\n    {detail.get('exc_type')}: {detail.get('exc_value')} [{where}]"
            lines.append(text)
        return "\n".join(lines)

    def run_report(self, dag_id: str, run_id: str, *, log_chars: int = 3000) -> str:
        """The run's task states and the log tails of every task that failed or is up for retry."""
        api = self.api
        try:
            run = api.dag_run(dag_id, run_id)
            tis = api.task_instances(dag_id, run_id)
        except AssertionError as e:
            return f"(no report for {run_id}: {e})"
        lines = [f"run {run_id}: state={run['state']} start={run['start_date']} end={run['end_date']}"]
        for ti in sorted(tis, key=lambda t: (t.get("start_date") or "~", t["task_id"], t["map_index"])):
            label = ti["task_id"] + (f"[{ti['map_index']}]" if ti["map_index"] >= 0 else "")
            lines.append(f"  {label}: {ti['state']} (try {ti['try_number']})")
        for ti in tis:
            if ti["state"] in ("failed", "up_for_retry"):
                log = self.task_log(dag_id, run_id, ti["task_id"], ti["map_index"], max(1, ti["try_number"]))
                lines.append(f"--- log of {ti['task_id']} try {ti['try_number']} ---\n{tail(log, log_chars)}")
        return "\n".join(lines)

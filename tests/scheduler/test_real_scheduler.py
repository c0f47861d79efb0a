"""The product under a real Airflow scheduler: ``airflow standalone`` against the local stack.

One module-scoped environment (the local stack with a small fixed tenant, then scheduler, dag-processor,
triggerer and API server on free 127.0.0.1 ports in a temporary AIRFLOW_HOME) serves the tests below, which
run in file order and each check one behaviour that only a scheduler shows: runs without a logical date
(CLI and REST), a backfill's windows and turn-taking, the scheduled run, task-failure and Deadline alerts in
Slack, and the "Ask the calls" page in a real headless Chromium.

Runs of a paused DAG stay queued, so the daily DAG is unpaused before its first manual run; that is when the
scheduler creates its latest scheduled run, checked in ``test_scheduled_run_...``. The Deadline Alert needs a
run that stays queued past its deadline: the fixture triggers one at start-up whose ``run_after`` is hours
away (queued, never started, blocking nothing), so its alert arrives while the other tests run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.scheduler.standalone import TERMINAL_RUN_STATES, Api, Standalone, parse_ts, wait_until

pytestmark = pytest.mark.integration

SETUP_DAG = "gong_setup"
DAILY_DAG = "gong_call_intelligence"
INGEST_TASK = "ingest.load_gong_api"
# Tasks that only gate or plan a run: the work of a run is everything else.
GATE_TASKS = {"plan_window", "wait_for_earlier_run"}

# A small tenant on fixed days: 23 public calls from 2026-09-30 to 2026-10-12 (seed 7).
END_DATE = date(2026, 10, 14)
TENANT = {"n_calls": 24, "days": 14, "seed": 7, "end_date": END_DATE}
RANGE_FROM, RANGE_TO = date(2026, 10, 1), date(2026, 10, 2)
BACKFILL_DAYS = [date(2026, 10, 5) + timedelta(days=n) for n in range(3)]  # 12 calls
DEADLINE_MINUTES = 1

RUN_SETUP = "scheduler_test__setup"
RUN_RANGE = "scheduler_test__cli_range"
RUN_DEFAULT = "scheduler_test__cli_default"
RUN_REST = "scheduler_test__rest"
RUN_FAILURE = "scheduler_test__gong_401"
RUN_DEADLINE = "scheduler_test__deadline"

# Bookkeeping timestamps of STG_GONG_CALLS; everything else is the row's content.
STG_BOOKKEEPING = {"_AIRBYTE_EXTRACTED_AT", "_LOADED_AT", "ENRICHED_AT"}

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@dataclass
class Env:
    stack: Any
    airflow: Standalone
    api: Api
    settings: Any
    state: dict[str, Any] = field(default_factory=dict)

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Run ``sql`` on the stack's warehouse with the Snowflake connector; (column names, rows)."""
        import snowflake.connector

        extra = self.stack.warehouse.connection_extra()
        conn = snowflake.connector.connect(
            user="local",
            password="local",
            account=extra["account"],
            host=extra["host"],
            port=extra["port"],
            protocol=extra["protocol"],
            database=extra["database"],
            warehouse=extra["warehouse"],
            network_timeout=60,
            session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False},
        )
        try:
            cur = conn.cursor()
            cur.execute(sql)
            return [d[0] for d in cur.description], cur.fetchall()
        finally:
            conn.close()


def _ingest_days() -> int:
    # The loader's first sync reaches back ingest_initial_days from now: cover the fixed tenant on any date.
    return (datetime.now(UTC).date() - END_DATE).days + 30


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from include.gong_intel.config import settings_from_mapping
    from local_stack.stack import LocalStack

    os.environ.setdefault("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
    root = tmp_path_factory.mktemp("scheduler")
    config = {"embedding_backend": "hashing", "ingest_initial_days": _ingest_days()}
    stack = LocalStack(root / "stack", gong_rate_limit=None, config=config, **TENANT)
    airflow = Standalone(
        root / "airflow", extra_env={"AIRFLOW__GONG_INTEL__DEADLINE_MINUTES": str(DEADLINE_MINUTES)}
    )
    try:
        stack.start()
        airflow.bootstrap(
            {"connections": stack.connections(), "variables": stack.variables(), "pools": stack.pools()}
        )
        airflow.start()
        api = airflow.wait_ready([SETUP_DAG, DAILY_DAG])
        settings = settings_from_mapping(json.loads(stack.variables()["gong_intel_config"]))
        env = Env(stack=stack, airflow=airflow, api=api, settings=settings)
        # Queued now, due in hours: it misses its deadline while the other tests run (see module docstring).
        try:
            env.state["deadline_run"] = api.trigger(
                DAILY_DAG, run_id=RUN_DEADLINE, run_after=datetime.now(UTC) + timedelta(hours=6)
            )
        except AssertionError as e:
            env.state["deadline_run_error"] = str(e)
        yield env
    finally:
        airflow.stop()
        stack.stop()


# ------------------------------------------------------------------------------------------ helpers


def day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def floor_day(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def default_windows(*moments: datetime) -> set[tuple[datetime, datetime]]:
    """The last whole UTC day before each moment (a trigger may straddle midnight)."""
    return {(floor_day(t) - timedelta(days=1), floor_day(t)) for t in moments}


class RunProblem(Exception):
    pass


def finish(env: Env, dag_id: str, run_id: str, *, timeout: float, expect: str = "success") -> dict:
    """Wait for a run to end ``expect``; otherwise fail with its task states and failed tasks' log tails.

    A task up for retry fails the wait at once: on the local stack nothing fails transiently, and a retry
    waits minutes. A run given up on is marked failed so that it does not hold back the next tests' runs.
    """

    def probe() -> dict | None:
        run = env.api.dag_run(dag_id, run_id)
        if run["state"] in TERMINAL_RUN_STATES:
            return run
        if stalled := env.airflow.stalled_components():
            ages = ", ".join(f"{part} {age:.0f} s" for part, age in stalled.items())
            raise RunProblem(
                f"run {run_id}: no heartbeat from {ages}; airflow standalone does not restart a component"
                f" that died. End of the scheduler's output:\n{env.airflow.component_tail('scheduler')}"
            )
        retrying = [
            t["task_id"] for t in env.api.task_instances(dag_id, run_id) if t["state"] == "up_for_retry"
        ]
        if retrying:
            raise RunProblem(f"run {run_id}: {retrying} failed and are up for retry")
        return None

    try:
        run = wait_until(probe, timeout=timeout, interval=3, what=f"run {run_id} of {dag_id} to end")
    except (TimeoutError, RunProblem) as e:
        report = env.airflow.run_report(dag_id, run_id)
        abandon(env, dag_id, run_id)
        raise AssertionError(f"{e}\n{report}") from None
    if run["state"] != expect:
        raise AssertionError(
            f"run {run_id} ended {run['state']}, expected {expect}\n{env.airflow.run_report(dag_id, run_id)}"
        )
    return run


def finish_all(env: Env, dag_id: str, run_ids: list[str], *, timeout: float) -> dict[str, str]:
    """:func:`finish` for runs sharing one time budget; run id -> problem, for those that did not succeed."""
    deadline = time.monotonic() + timeout
    problems = {}
    for run_id in run_ids:
        try:
            finish(env, dag_id, run_id, timeout=max(5.0, deadline - time.monotonic()))
        except AssertionError as e:
            problems[run_id] = str(e)
    return problems


def abandon(env: Env, dag_id: str, run_id: str) -> None:
    with contextlib.suppress(AssertionError):
        if env.api.dag_run(dag_id, run_id)["state"] not in TERMINAL_RUN_STATES:
            env.api.set_run_state(dag_id, run_id, "failed")


def window_of(env: Env, run_id: str) -> tuple[datetime, datetime]:
    value = env.api.xcom(DAILY_DAG, run_id, "plan_window")
    return parse_ts(value["interval_start"]), parse_ts(value["interval_end"])


def unpause_daily(env: Env) -> datetime:
    """Unpause the daily DAG once (the scheduler then creates its latest scheduled run); when it happened."""
    if "unpaused_at" not in env.state:
        env.state["unpaused_at"] = datetime.now(UTC)
        env.api.set_paused(DAILY_DAG, False)
    return env.state["unpaused_at"]


def full_text(message: Any) -> str:
    return f"{message.text}\n{message.block_text()}"


def references(message: Any, run_id: str) -> bool:
    raw = json.dumps(message.payload)
    return any(form in raw for form in {run_id, quote(run_id, safe=""), quote(run_id, safe="/:")})


def wait_for_message(env: Env, match, *, timeout: float, what: str) -> Any:
    try:
        return wait_until(
            lambda: next((m for m in env.stack.slack.messages if match(m)), None),
            timeout=timeout,
            interval=2,
            what=what,
        )
    except TimeoutError as e:
        seen = "\n".join(f"- {m.text[:200]}" for m in env.stack.slack.messages) or "(none)"
        raise AssertionError(f"{e}; Slack messages received:\n{seen}") from None


def stg_calls(env: Env) -> dict[str, list[list[tuple[str, Any]]]]:
    """STG_GONG_CALLS: call id -> its rows, each as (column, value) pairs without bookkeeping columns."""
    columns, rows = env.query(f"SELECT * FROM {env.settings.tables.stg_calls}")
    at = columns.index("CALL_ID")
    by_id: dict[str, list] = {}
    for row in rows:
        content = [(c, v) for c, v in zip(columns, row, strict=True) if c not in STG_BOOKKEEPING]
        by_id.setdefault(row[at], []).append(content)
    return by_id


def public_calls_started(env: Env, start: datetime, end: datetime) -> set[str]:
    return {
        c["metaData"]["id"]
        for c in env.stack.tenant.calls
        if not c["metaData"].get("isPrivate") and start <= parse_ts(c["metaData"]["started"]) < end
    }


def work_span(env: Env, run_id: str) -> tuple[datetime | None, datetime | None]:
    """First start and last end of a run's tasks other than the gates: when the run did its work."""
    tis = [t for t in env.api.task_instances(DAILY_DAG, run_id) if t["task_id"] not in GATE_TASKS]
    starts = [parse_ts(t["start_date"]) for t in tis if t["start_date"]]
    ends = [parse_ts(t["end_date"]) for t in tis if t["end_date"]]
    return (min(starts) if starts else None, max(ends) if ends else None)


def overlapping(spans: list[tuple[Any, Any, str]]) -> list[tuple[str, str]]:
    ordered = sorted(spans, key=lambda s: (s[0] is None, s[0] or datetime.max.replace(tzinfo=UTC)))
    return [
        (a[2], b[2])
        for a, b in zip(ordered, ordered[1:], strict=False)
        if a[1] is None or b[0] is None or b[0] < a[1]
    ]


# ------------------------------------------------------------------------------------------ tests


@pytest.mark.timeout(420)
def test_setup_dag_succeeds(env):
    env.api.set_paused(SETUP_DAG, False)
    env.api.trigger(SETUP_DAG, run_id=RUN_SETUP)
    finish(env, SETUP_DAG, RUN_SETUP, timeout=180)


@pytest.mark.timeout(600)
def test_cli_runs_without_logical_date_cover_the_asked_range_and_the_default_day(env):
    unpause_daily(env)
    conf = {"from_date": RANGE_FROM.isoformat(), "to_date": RANGE_TO.isoformat()}
    before = datetime.now(UTC)
    env.airflow.cli("dags", "trigger", DAILY_DAG, "--run-id", RUN_RANGE, "--conf", json.dumps(conf))
    env.airflow.cli("dags", "trigger", DAILY_DAG, "--run-id", RUN_DEFAULT)
    after = datetime.now(UTC)
    for run_id in (RUN_RANGE, RUN_DEFAULT):
        run = env.api.dag_run(DAILY_DAG, run_id)
        assert run["logical_date"] is None and run["run_type"] == "manual", run

    # One after the other (max_active_runs=1), behind the scheduled run the unpause created.
    problems = finish_all(env, DAILY_DAG, [RUN_RANGE, RUN_DEFAULT], timeout=520)
    if RUN_RANGE not in problems:
        window = window_of(env, RUN_RANGE)
        if window != (day_start(RANGE_FROM), day_start(RANGE_TO) + timedelta(days=1)):
            problems[RUN_RANGE] = f"{conf} covered {window}"
    if RUN_DEFAULT not in problems and window_of(env, RUN_DEFAULT) not in default_windows(before, after):
        problems[RUN_DEFAULT] = f"no conf covered {window_of(env, RUN_DEFAULT)}, not the day before {before}"
    assert not problems, "\n\n".join(f"== {run_id}: {text}" for run_id, text in problems.items())


@pytest.mark.timeout(300)
def test_rest_trigger_without_logical_date_succeeds(env):
    unpause_daily(env)
    before = datetime.now(UTC)
    created = env.api.trigger(DAILY_DAG, run_id=RUN_REST)
    after = datetime.now(UTC)
    assert created["logical_date"] is None, created
    finish(env, DAILY_DAG, RUN_REST, timeout=270)
    assert window_of(env, RUN_REST) in default_windows(before, after)


def create_backfill(env, first: str, last: str, attempts: int = 3) -> None:
    """``airflow backfill create`` for ``first``..``last``, tried again when SQLite refuses its write at once.

    SQLite answers "database is locked" without waiting out the busy timeout when a transaction that has read must
    become a writer while another process writes (the scheduler, on a busy machine). Airflow then deletes the
    backfill and the runs it had already written: a try is repeated only when no backfill run exists, so a
    repeat cannot double anything.

    The DAG is paused meanwhile. A scheduler that has loaded one of those runs dies when it is deleted
    (``ObjectDeletedError`` in ``_schedule_all_dag_runs``, Airflow 3.3.2), and ``airflow standalone`` does not
    restart it; the scheduler neither starts nor examines the runs of a paused DAG.
    """
    args = ("backfill", "create", "--dag-id", DAILY_DAG, "--from-date", first, "--to-date", last)
    env.api.set_paused(DAILY_DAG, True)
    try:
        _create_backfill_tries(env, args, attempts)
    finally:
        env.api.set_paused(DAILY_DAG, False)


def _create_backfill_tries(env: Env, args: tuple[str, ...], attempts: int) -> None:
    for attempt in range(1, attempts + 1):
        result = env.airflow.cli(*args, check=False)
        if result.returncode == 0:
            return
        output = f"{result.stdout}\n{result.stderr}"
        locked = "database is locked" in output
        created = env.api.dag_runs(DAILY_DAG, run_type="backfill") if locked else []
        if not locked or created or attempt == attempts:
            raise AssertionError(
                f"`airflow {' '.join(args)}` exited {result.returncode} (try {attempt}; backfill runs left: "
                f"{[r['dag_run_id'] for r in created]}):\n{output[-4000:]}"
            )
        time.sleep(2 * attempt)


@pytest.mark.timeout(720)
def test_backfill_runs_each_day_once_one_at_a_time_without_alerts(env):
    unpause_daily(env)
    stg = env.settings.tables.stg_calls
    before = stg_calls(env)
    assert before, "nothing staged before the backfill: the earlier runs did not load the tenant"
    n_messages = len(env.stack.slack.messages)

    first, last = BACKFILL_DAYS[0].isoformat(), BACKFILL_DAYS[-1].isoformat()
    create_backfill(env, first, last)
    runs = env.api.dag_runs(DAILY_DAG, run_type="backfill")
    run_ids = [r["dag_run_id"] for r in runs]
    try:
        assert len(runs) == 3, f"expected 3 backfill runs for {first}..{last}, got {run_ids}"
        problems = finish_all(env, DAILY_DAG, run_ids, timeout=600)
        assert not problems, "\n\n".join(f"== {run_id}: {text}" for run_id, text in problems.items())
    finally:
        for backfill in env.api.request("GET", "/api/v2/backfills", params={"dag_id": DAILY_DAG})[
            "backfills"
        ]:
            if not backfill.get("completed_at"):
                env.api.request("PUT", f"/api/v2/backfills/{backfill['id']}/cancel")
    runs = [env.api.dag_run(DAILY_DAG, run_id) for run_id in run_ids]
    # Every check below is reported at once: each names a different product behaviour.
    problems = []

    windows = {run_id: window_of(env, run_id) for run_id in run_ids}
    expected = [(day_start(d), day_start(d) + timedelta(days=1)) for d in BACKFILL_DAYS]
    if sorted(windows.values()) != expected:
        shown = {run_id: f"[{a:%Y-%m-%d}, {b:%Y-%m-%d})" for run_id, (a, b) in windows.items()}
        problems.append(f"windows: {shown}, expected one each of {[f'{d}' for d in BACKFILL_DAYS]}")

    # Airflow starts every backfill run at once (the backfill's own --max-active-runs, 10 by default, not the
    # DAG's max_active_runs); the product's wait_for_earlier_run gate makes their work take turns in date order.
    work = [(*work_span(env, run_id), run_id) for run_id in run_ids]
    if overlaps := overlapping(work):
        spans = [(parse_ts(r["start_date"]), parse_ts(r["end_date"]), r["dag_run_id"]) for r in runs]
        problems.append(
            f"the runs' work (without {sorted(GATE_TASKS)}) overlapped: {overlaps}; "
            f"work: {[(w[2], str(w[0]), str(w[1])) for w in work]}; "
            f"runs: {[(s[2], f'{s[0]:%H:%M:%S}', f'{s[1]:%H:%M:%S}') for s in sorted(spans, key=str)]}"
        )
    if [w[2] for w in sorted(work, key=lambda w: w[0])] != sorted(run_ids):
        problems.append(f"the runs' work was not in date order: {[(w[2], str(w[0])) for w in work]}")

    after = stg_calls(env)
    if duplicated := {cid: len(rows) for cid, rows in after.items() if len(rows) != 1}:
        problems.append(f"{stg} has several rows for: {duplicated}")
    start, end = day_start(BACKFILL_DAYS[0]), day_start(BACKFILL_DAYS[-1]) + timedelta(days=1)
    if missing := (set(before) | public_calls_started(env, start, end)) - set(after):
        problems.append(f"calls missing from {stg}: {sorted(missing)}")
    changed = []
    for cid, rows in before.items():
        started = dict(rows[0])["CALL_DATETIME_UTC"]
        started = started.replace(tzinfo=UTC) if started.tzinfo is None else started.astimezone(UTC)
        if cid in after and not start <= started < end and after[cid][0] != rows[0]:
            diff = {
                c: (str(v)[:40], str(w)[:40])
                for (c, v), (_, w) in zip(rows[0], after[cid][0], strict=True)
                if v != w
            }
            changed.append((cid, diff))
    if changed:
        problems.append(
            f"{len(changed)} call(s) outside the backfilled days changed (call, {{column: (before, after)}}): {changed[:5]}"
        )

    # Let every backfill run's deadline (queued + DEADLINE_MINUTES) pass and be acted on before looking.
    latest_deadline = max(parse_ts(r["queued_at"]) for r in runs) + timedelta(minutes=DEADLINE_MINUTES)
    time.sleep(max(0.0, (latest_deadline - datetime.now(UTC)).total_seconds() + 20))
    days = {d.isoformat() for d in BACKFILL_DAYS}
    posted = [
        full_text(m)[:300]
        for m in env.stack.slack.messages[n_messages:]
        if any(references(m, run_id) for run_id in run_ids)
        or (m.text.startswith("Gong digest") and any(d in m.text for d in days))
    ]
    if posted:
        problems.append(f"backfill runs posted to Slack: {posted}")
    assert not problems, "backfill of {} .. {}:\n- {}".format(first, last, "\n- ".join(problems))


@pytest.mark.timeout(330)
def test_scheduled_run_is_the_latest_interval_and_succeeds(env):
    unpaused_at = unpause_daily(env)
    runs = wait_until(
        lambda: env.api.dag_runs(DAILY_DAG, run_type="scheduled"),
        timeout=60,
        what="the scheduler to create a scheduled run",
    )
    latest_tick = floor_day(unpaused_at)
    created = [r for r in runs if parse_ts(r["run_after"]) <= unpaused_at + timedelta(minutes=1)]
    # catchup=False: one run, for the latest tick, whatever the DAG's start_date.
    assert [parse_ts(r["run_after"]) for r in created] == [latest_tick], runs
    run_id = created[0]["dag_run_id"]
    finish(env, DAILY_DAG, run_id, timeout=270)
    window = window_of(env, run_id)
    assert window == (latest_tick - timedelta(days=1), latest_tick), f"{run_id} covered {window}"
    # The positive control of the backfill's "no digest": the daily scheduled run does post one.
    digests = [m for m in env.stack.slack.messages if "digest" in m.text.lower() and references(m, run_id)]
    assert digests, f"the scheduled run {run_id} posted no daily digest"


@pytest.mark.timeout(420)
def test_task_failure_reaches_slack_with_log_link_and_no_secret(env):
    from local_stack import stack as stack_module

    unpause_daily(env)
    original = env.stack.connections()["gong_default"]
    wrong = f"wrong-secret-{uuid.uuid4().hex}"

    def set_password(password: str) -> None:
        # The metadata DB's connection, as `airflow connections delete/add` would leave it.
        env.api.request(
            "PATCH",
            "/api/v2/connections/gong_default",
            params={"update_mask": ["password"]},
            json={"connection_id": "gong_default", "conn_type": original["conn_type"], "password": password},
        )

    set_password(wrong)
    try:
        env.api.trigger(DAILY_DAG, run_id=RUN_FAILURE)

        def ingest_try():
            tis = [t for t in env.api.task_instances(DAILY_DAG, RUN_FAILURE) if t["task_id"] == INGEST_TASK]
            return tis and tis[0]["state"] in ("failed", "up_for_retry", "success") and tis[0]

        try:
            ingest = wait_until(ingest_try, timeout=240, interval=3, what=f"{INGEST_TASK} to end a try")
        except TimeoutError as e:
            raise AssertionError(f"{e}\n{env.airflow.run_report(DAILY_DAG, RUN_FAILURE)}") from None
        assert (ingest["state"], ingest["try_number"]) == ("failed", 1), (
            f"a Gong 401 must fail {INGEST_TASK} at once, without retry\n"
            f"{env.airflow.run_report(DAILY_DAG, RUN_FAILURE)}"
        )
        finish(env, DAILY_DAG, RUN_FAILURE, timeout=120, expect="failed")

        message = wait_for_message(
            env,
            lambda m: references(m, RUN_FAILURE) and "load_gong_api" in full_text(m),
            timeout=60,
            what=f"the Slack failure alert of {INGEST_TASK}",
        )
        text = full_text(message)
        assert DAILY_DAG in text and INGEST_TASK in text, text
        # The task failed for good (checked above): the alert must not promise a retry.
        assert "will retry" not in text.lower(), f"the alert announces a retry that will not happen:\n{text}"

        links = [u for u in re.findall(r"https?://[^\s|>\"'`]+", text) if u.startswith(env.airflow.base_url)]
        assert links, f"no link to the Airflow UI at {env.airflow.base_url} in the alert:\n{text}"
        log_links = [u for u in links if "load_gong_api" in u]
        assert log_links, f"no link to the task's log in the alert: {links}"
        for link in log_links:
            response = env.api.get_raw(link)
            assert response.status_code == 200, f"GET {link}: HTTP {response.status_code}"

        passwords = {c["password"] for c in env.stack.connections().values() if c.get("password")}
        constants = (stack_module.GONG_ACCESS_KEY, stack_module.GONG_SECRET, stack_module.SLACK_WEBHOOK_TOKEN)
        secrets = {*constants, stack_module.COHERE_API_KEY, wrong, *passwords}
        secrets |= {
            base64.b64encode(f"{stack_module.GONG_ACCESS_KEY}:{p}".encode()).decode()
            for p in (stack_module.GONG_SECRET, wrong)
        }
        raw = json.dumps(message.payload)
        # A short secret counts only as a whole token (the emulator's password "local" is in "localhost").
        leaked = sorted(
            s
            for s in secrets
            if (s in raw if len(s) >= 8 else re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", raw))
        )
        assert not leaked, f"secrets in the Slack alert: {leaked}\n{raw}"
    finally:
        set_password(original["password"])
        abandon(env, DAILY_DAG, RUN_FAILURE)


@pytest.mark.timeout(300)
def test_deadline_alert_fires_for_a_queued_run_and_says_so(env):
    assert "deadline_run" in env.state, (
        f"the queued run was not triggered: {env.state.get('deadline_run_error')}"
    )
    queued_at = parse_ts(env.state["deadline_run"]["queued_at"])
    assert env.state["deadline_run"]["state"] == "queued", env.state["deadline_run"]
    alert_by = queued_at + timedelta(minutes=DEADLINE_MINUTES, seconds=90)
    message = wait_for_message(
        env,
        lambda m: "Deadline missed" in full_text(m) and references(m, RUN_DEADLINE),
        timeout=max(5.0, (alert_by - datetime.now(UTC)).total_seconds()),
        what=f"a Deadline Alert for {RUN_DEADLINE} (queued at {queued_at})",
    )
    run = env.api.dag_run(DAILY_DAG, RUN_DEADLINE)
    assert run["state"] == "queued" and run["start_date"] is None, f"the run should never have started: {run}"
    text = full_text(message).lower()
    assert "queued" in text, f"the Deadline Alert does not say the run is queued:\n{full_text(message)}"
    wrong_states = [s for s in ("running", "success", "failed") if re.search(rf"\b{s}\b", text)]
    assert not wrong_states, (
        f"the Deadline Alert claims {wrong_states} for a queued run:\n{full_text(message)}"
    )


def _browser_or_skip() -> None:
    problems = [f"{p} is missing" for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        problems.append("the selenium package is not installed (requirements-dev.txt)")
    if not problems:
        return
    reason = "; ".join(problems) + " (apt-get install chromium chromium-driver; .ci/run does it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"headless Chromium is required in CI: {reason}")
    pytest.skip(reason)


@pytest.mark.timeout(240)
def test_ask_page_answers_in_headless_chromium(env, tmp_path):
    _browser_or_skip()
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _, rows = env.query(f"SELECT TITLE, ACCOUNT_NAME FROM {env.settings.tables.stg_calls}")
    names = {v for row in rows for v in row if v}
    assert names, "no staged calls to ask about"

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(arg)
    # An explicit driver path: Selenium Manager would otherwise try to download one.
    service = Service(str(CHROMEDRIVER), log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    screenshot = tmp_path / "ask_the_calls.png"
    try:
        driver.set_page_load_timeout(60)
        # The page wants the Airflow UI session: the same JWT as the UI's `_token` cookie.
        driver.get(f"{env.airflow.base_url}/api/v2/version")
        driver.add_cookie({"name": "_token", "value": env.api.token, "path": "/"})
        driver.get(f"{env.airflow.base_url}/gong-ask/")
        assert driver.find_element(By.TAG_NAME, "h2").text == "Ask the calls", driver.page_source[:2000]
        driver.find_element(By.ID, "q").send_keys("Which deals are at risk?")
        driver.find_element(By.CSS_SELECTOR, "#ask button[type=submit]").click()
        out = driver.find_element(By.ID, "out")
        try:
            WebDriverWait(driver, 90).until(lambda d: out.text.strip() not in ("", "Thinking…"))
        except TimeoutException:
            pytest.fail(f"no answer rendered within 90 s; the page shows: {out.text!r}")
        driver.save_screenshot(str(screenshot))
        rendered = out.text
        assert not rendered.startswith("Error"), rendered
        shown = sorted(n for n in names if n in rendered)
        assert shown, f"the answer names no call title or account from the warehouse:\n{rendered[:2000]}"
    finally:
        if not screenshot.exists():
            with contextlib.suppress(Exception):
                driver.save_screenshot(str(screenshot))
        driver.quit()
    assert screenshot.stat().st_size > 0

"""Slack alerts delivered through the provider's real webhook notifier/hook to the local receiver."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from include.gong_intel.alerts.notifiers import (
    DeadlineMissedSlackNotifier,
    deadline_alert,
    failure_notifier,
    send_dq_alert,
)
from include.gong_intel.validate.outcomes import DQResult
from local_stack.slack_receiver import SlackReceiver, read_recorded

pytestmark = pytest.mark.integration

WAREHOUSE_PASSWORD = "Wh-pa55word-never-in-slack"


@pytest.fixture
def slack(monkeypatch, tmp_path):
    with SlackReceiver(record_path=tmp_path / "slack.jsonl") as receiver:
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_ALERTS",
            json.dumps({"conn_type": "slackwebhook", "host": receiver.url, "password": "T000/B000/XXXX"}),
        )
        yield receiver


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _logs(caplog, capsys) -> str:
    # Airflow routes its loggers through structlog (stdout); plain loggers reach caplog.
    return caplog.text + capsys.readouterr().out


def _failure_context(exception: BaseException) -> dict:
    ti = SimpleNamespace(
        dag_id="gong_call_intelligence",
        task_id="load_memory",
        run_id="scheduled__2026-03-01T06:00:00+00:00",
        map_index=-1,
        try_number=2,
        max_tries=1,
        log_url="http://localhost:8080/dags/gong_call_intelligence/runs/r1/tasks/load_memory?try_number=2",
    )
    return {
        "ti": ti,
        "task_instance": ti,
        "logical_date": datetime(2026, 3, 1, 6, 0, tzinfo=UTC),
        "data_interval_start": datetime(2026, 2, 28, 6, 0, tzinfo=UTC),
        "data_interval_end": datetime(2026, 3, 1, 6, 0, tzinfo=UTC),
        "exception": exception,
    }


def test_failure_notifier_posts_block_kit_with_task_details(slack):
    error = RuntimeError("MERGE into AI_MEMORY.CALL_MEMORY failed")
    failure_notifier()(_failure_context(error))

    [message] = slack.wait_for(1)
    assert message.path == "/T000/B000/XXXX"
    fields = {f["text"] for f in message.blocks[1]["fields"]}
    assert "*DAG*\n`gong_call_intelligence`" in fields
    assert "*Task*\n`load_memory`" in fields
    assert "*Try*\n2 of 2" in fields
    assert "*Logical date*\n2026-03-01 06:00:00 UTC" in fields
    assert "RuntimeError: MERGE into AI_MEMORY.CALL_MEMORY failed" in message.block_text()
    assert message.blocks[-1]["elements"][0]["url"].endswith("/tasks/load_memory?try_number=2")
    assert message.text.startswith("Task failed: gong_call_intelligence.load_memory")
    # Cross-process readers see the same message.
    assert read_recorded(slack._record_path)[0]["text"] == message.text


def test_failure_notifier_never_leaks_a_connection_password(slack, monkeypatch):
    from airflow.sdk import BaseHook

    monkeypatch.setenv(
        "AIRFLOW_CONN_WAREHOUSE_TEST",
        json.dumps({"conn_type": "generic", "host": "acct", "login": "etl", "password": WAREHOUSE_PASSWORD}),
    )
    # Fetching the connection the way a hook does registers its password with the secrets masker.
    conn = BaseHook.get_connection("warehouse_test")
    error = ConnectionError(f"login failed for etl/{conn.password} at acct (api_key=co-live-0123456789)")

    failure_notifier()(_failure_context(error))

    [message] = slack.wait_for(1)
    raw = json.dumps(message.payload)
    assert WAREHOUSE_PASSWORD not in raw
    assert "co-live-0123456789" not in raw
    assert "login failed for etl/***" in message.block_text()


def test_failure_notifier_survives_slack_500_and_keeps_original_exception(slack, caplog, capsys):
    slack.fail_next(500, times=5)
    error = ValueError("original failure")
    context = _failure_context(error)

    started = time.monotonic()
    failure_notifier()(context)  # must return normally

    assert time.monotonic() - started < 5
    assert slack.attempts == 2  # bounded retry: two attempts, then give up
    assert slack.messages == []
    assert context["exception"] is error
    logs = _logs(caplog, capsys)
    assert "Slack failure alert for gong_call_intelligence.load_memory not delivered" in logs
    assert "T000/B000/XXXX" not in logs


def test_failure_notifier_survives_dead_endpoint_and_dropped_connections(monkeypatch, caplog, capsys):
    monkeypatch.setenv(
        "AIRFLOW_CONN_SLACK_ALERTS",
        json.dumps(
            {"conn_type": "slackwebhook", "host": f"http://127.0.0.1:{_dead_port()}", "password": "T/B/X"}
        ),
    )
    failure_notifier()(_failure_context(ValueError("boom")))
    assert "not delivered: _TransientSlackError: URLError" in _logs(caplog, capsys)

    with SlackReceiver() as receiver:
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_ALERTS",
            json.dumps({"conn_type": "slackwebhook", "host": receiver.url, "password": "T/B/X"}),
        )
        receiver.drop_next()  # first attempt: connection closed without answer; second succeeds
        failure_notifier()(_failure_context(ValueError("boom")))
        assert receiver.attempts == 2
        assert len(receiver.messages) == 1


def test_failure_notifier_does_not_retry_a_rejected_payload(slack):
    slack.fail_next(400)
    failure_notifier()(_failure_context(ValueError("boom")))
    assert slack.attempts == 1


def test_send_dq_alert_delivers_counts_and_sample_keys(slack):
    results = [
        DQResult("stage_calls", "has_transcript", failed=2, total=50, sample_keys=("8123", "8124")),
        DQResult("stage_calls", "not_private", failed=0, total=50),
    ]
    assert send_dq_alert(results, slack_conn_id="slack_alerts", run_url="http://localhost:8080/dags/d/runs/r")

    [message] = slack.wait_for(1)
    text = message.block_text()
    assert "*stage_calls* / `has_transcript`: 2 of 50 rows failed (4.0%, threshold any)" in text
    assert "`8123`, `8124`" in text
    assert message.blocks[-1]["elements"][0]["url"] == "http://localhost:8080/dags/d/runs/r"


def test_send_dq_alert_skips_clean_results_and_reports_outage_as_false(slack):
    assert (
        send_dq_alert([DQResult("s", "c", failed=0, total=10)], slack_conn_id="slack_alerts", run_url=None)
        is False
    )
    assert slack.attempts == 0
    slack.fail_next(503, times=2)
    assert (
        send_dq_alert([DQResult("s", "c", failed=1, total=10)], slack_conn_id="slack_alerts", run_url=None)
        is False
    )
    assert slack.attempts == 2


def test_deadline_alert_definition():
    from airflow.sdk import AsyncCallback, DeadlineReference

    alert = deadline_alert(timedelta(hours=3), slack_conn_id="slack_alerts")
    assert alert.reference == DeadlineReference.DAGRUN_QUEUED_AT
    assert alert.interval == timedelta(hours=3)
    assert isinstance(alert.callback, AsyncCallback)
    assert alert.callback.path == "include.gong_intel.alerts.notifiers.deadline_missed"
    assert alert.callback.kwargs == {"slack_webhook_conn_id": "slack_alerts"}
    with pytest.raises(ValueError, match="positive"):
        deadline_alert(timedelta(0))


def test_deadline_callback_runs_like_the_triggerer_and_delivers(slack):
    """Run the alert's callback through Airflow's own CallbackTrigger, as the triggerer does."""
    from airflow.triggers.callback import CallbackTrigger

    alert = deadline_alert(timedelta(hours=3))
    context = {
        "dag_run": {
            "dag_id": "gong_call_intelligence",
            "dag_run_id": "manual__2026-03-01T10:00:00+00:00",
            "queued_at": "2026-03-01T10:00:00Z",
            "logical_date": None,
            "state": "running",
        },
        "deadline": {"id": "0192", "deadline_time": "2026-03-01T13:00:00+00:00"},
    }
    trigger = CallbackTrigger(alert.callback.path, {**alert.callback.kwargs, "context": context})

    async def run():
        return [event.payload async for event in trigger.run()]

    events = asyncio.run(run())
    assert [e["state"] for e in events] == ["running", "success"]
    [message] = slack.wait_for(1)
    assert message.blocks[0]["text"]["text"] == "Deadline missed: gong_call_intelligence"
    fields = {f["text"] for f in message.blocks[1]["fields"]}
    assert "*Run*\n`manual__2026-03-01T10:00:00+00:00`" in fields
    assert "*Queued at*\n2026-03-01 10:00:00 UTC" in fields
    assert "*Deadline*\n2026-03-01 13:00:00 UTC" in fields
    assert message.blocks[-1]["elements"][0]["url"].endswith(
        "/dags/gong_call_intelligence/runs/manual__2026-03-01T10%3A00%3A00%2B00%3A00"
    )


def test_deadline_notifier_reports_failure_after_bounded_retries(slack):
    slack.fail_next(502, times=5)
    notifier = DeadlineMissedSlackNotifier(
        slack_webhook_conn_id="slack_alerts",
        attempts=2,
        context={"dag_run": {"dag_id": "d", "dag_run_id": "r"}, "deadline": {}},
    )

    async def run():
        await notifier

    with pytest.raises(Exception, match="HTTP 502"):
        asyncio.run(run())
    assert slack.attempts == 2


def test_failure_notifier_times_out_a_stalled_webhook_and_retries_once(slack):
    from include.gong_intel.alerts.notifiers import TaskFailureSlackNotifier

    slack.delay_next(2.5)
    started = time.monotonic()
    TaskFailureSlackNotifier(slack_webhook_conn_id="slack_alerts", timeout=1)(
        _failure_context(ValueError("x"))
    )
    elapsed = time.monotonic() - started

    assert elapsed < 2.5  # the stalled first attempt was abandoned after ~1 s
    assert slack.attempts == 2
    assert slack.wait_for(1)[0].text.startswith("Task failed: gong_call_intelligence.load_memory")


def test_deadline_notifier_stays_quiet_for_backfill_runs(slack):
    notifier = DeadlineMissedSlackNotifier(
        slack_webhook_conn_id="slack_alerts",
        context={
            "dag_run": {
                "dag_id": "gong_call_intelligence",
                "dag_run_id": "backfill__2026-10-28T00:00:00+00:00",
                "run_type": "backfill",
                "state": "running",
            },
            "deadline": {},
        },
    )

    async def run():
        await notifier

    asyncio.run(run())
    assert slack.attempts == 0

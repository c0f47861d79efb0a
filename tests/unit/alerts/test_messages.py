from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from include.gong_intel.alerts.messages import (
    AtRiskDeal,
    DailyDigest,
    NotableCall,
    build_deadline_message,
    build_digest_message,
    build_dq_message,
    build_task_failure_message,
    error_excerpt,
    escape_mrkdwn,
    redact_text,
)
from include.gong_intel.validate.outcomes import DQResult


def _ti(**overrides):
    values = {
        "dag_id": "gong_call_intelligence",
        "task_id": "stage_calls",
        "run_id": "scheduled__2026-03-01T06:00:00+00:00",
        "map_index": -1,
        "try_number": 3,
        "max_tries": 2,
        "log_url": "http://airflow.example/dags/gong_call_intelligence/runs/r/tasks/stage_calls?try_number=3",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def _context(**overrides):
    context = {
        "ti": _ti(),
        "logical_date": datetime(2026, 3, 1, 6, 0, tzinfo=UTC),
        "data_interval_start": datetime(2026, 2, 28, 6, 0, tzinfo=UTC),
        "data_interval_end": datetime(2026, 3, 1, 6, 0, tzinfo=UTC),
        "exception": ValueError("column CALLID missing in RAW_AIRBYTE.CALLTRANSCRIPTS"),
    }
    context.update(overrides)
    return context


def _fields(message):
    section = next(b for b in message.blocks if b["type"] == "section" and "fields" in b)
    return {f["text"].split("\n", 1)[0].strip("*"): f["text"].split("\n", 1)[1] for f in section["fields"]}


def test_failure_message_carries_dag_task_try_dates_error_and_log_link():
    message = build_task_failure_message(_context())

    fields = _fields(message)
    assert fields["DAG"] == "`gong_call_intelligence`"
    assert fields["Task"] == "`stage_calls`"
    assert fields["Try"] == "3 of 3"
    assert fields["Logical date"] == "2026-03-01 06:00:00 UTC"
    assert fields["Data interval"] == "2026-02-28 06:00:00 UTC → 2026-03-01 06:00:00 UTC"
    assert message.blocks[0]["text"]["text"] == "Task failed: gong_call_intelligence.stage_calls"
    error_block = next(b for b in message.blocks if b.get("text", {}).get("text", "").startswith("*Error*"))
    assert "ValueError: column CALLID missing in RAW_AIRBYTE.CALLTRANSCRIPTS" in error_block["text"]["text"]
    button = message.blocks[-1]["elements"][0]
    assert button["url"] == _ti().log_url
    assert message.text.startswith("Task failed: gong_call_intelligence.stage_calls (try 3 of 3")


def test_failure_message_for_manual_run_and_retry_pending():
    message = build_task_failure_message(
        _context(logical_date=None, data_interval_start=None, data_interval_end=None, ti=_ti(try_number=1))
    )
    fields = _fields(message)
    assert fields["Logical date"] == "manual run"
    assert fields["Data interval"] == "-"
    assert fields["Try"] == "1 of 3"
    assert "will retry" in message.blocks[0]["text"]["text"]


def test_failure_message_builds_log_link_from_base_url_when_ti_has_none():
    ti = _ti(log_url=None, run_id="manual__2026-03-01T10:00:00+00:00", map_index=4)
    message = build_task_failure_message(_context(ti=ti), base_url="https://airflow.acme.io/")
    assert message.blocks[-1]["elements"][0]["url"] == (
        "https://airflow.acme.io/dags/gong_call_intelligence/runs/"
        "manual__2026-03-01T10%3A00%3A00%2B00%3A00/tasks/stage_calls"
    )
    assert _fields(message)["Task"] == "`stage_calls [4]`"


def test_failure_message_escapes_mrkdwn_and_truncates_long_errors():
    error = RuntimeError("<script> & friends\n" + "\n".join(f"line {i}" for i in range(100)))
    message = build_task_failure_message(_context(exception=error))
    text = json.dumps(message.blocks)
    assert "&lt;script&gt; &amp; friends" in text
    # 12 lines kept: the first message line and "line 0" .. "line 10".
    assert "line 10" in text
    assert "line 11" not in text
    assert "more lines in the task log" in text
    for block in message.blocks:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000


@pytest.mark.parametrize(
    ("raw", "leaked"),
    [
        ("connect to snowflake://etl:hunter2pass@acct/db failed", "hunter2pass"),
        ("401 for request with Authorization: Bearer abcDEF123456789", "abcDEF123456789"),
        ('{"api_key": "co-123456789abcdef", "x": 1}', "co-123456789abcdef"),
        ("token=T0KENVALUE99 rejected", "T0KENVALUE99"),
        ("posting to https://hooks.slack.com/services/T000/B000/XXXXSECRET", "XXXXSECRET"),
        ("key sk-abcdefghijklmnopqrstuvwx used", "sk-abcdefghijklmnopqrstuvwx"),
        ("AWS AKIAABCDEFGHIJKLMNOP denied", "AKIAABCDEFGHIJKLMNOP"),
    ],
)
def test_redact_text_hides_credential_shapes(raw, leaked):
    redacted = redact_text(raw)
    assert leaked not in redacted
    assert "***" in redacted


def test_error_excerpt_includes_cause_and_redacts():
    try:
        try:
            raise ConnectionError("password=Zz9-not-for-slack")
        except ConnectionError as inner:
            raise RuntimeError("warehouse unreachable") from inner
    except RuntimeError as e:
        excerpt = error_excerpt(e)
    assert excerpt.splitlines() == [
        "RuntimeError: warehouse unreachable",
        "Caused by: ConnectionError: password=***",
    ]
    assert error_excerpt(None).startswith("No exception was recorded")


def test_escape_mrkdwn():
    assert escape_mrkdwn("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_deadline_message_from_deadline_callback_context():
    context = {
        "dag_run": {
            "dag_id": "gong_call_intelligence",
            "dag_run_id": "manual__2026-03-01T10:00:00+00:00",
            "queued_at": "2026-03-01T10:00:00Z",
            "logical_date": None,
            "state": "running",
        },
        "deadline": {"id": "d-1", "deadline_time": datetime(2026, 3, 1, 13, 0, tzinfo=UTC)},
    }
    message = build_deadline_message(context, base_url="http://localhost:8080")
    fields = _fields(message)
    assert fields["DAG"] == "`gong_call_intelligence`"
    assert fields["Run"] == "`manual__2026-03-01T10:00:00+00:00`"
    assert fields["Queued at"] == "2026-03-01 10:00:00 UTC"
    assert fields["Deadline"] == "2026-03-01 13:00:00 UTC"
    assert fields["Logical date"] == "manual run"
    assert message.blocks[-1]["elements"][0]["url"] == (
        "http://localhost:8080/dags/gong_call_intelligence/runs/manual__2026-03-01T10%3A00%3A00%2B00%3A00"
    )


def test_dq_result_validates_and_computes_ratio():
    result = DQResult(
        "stage_calls", "has_transcript", failed=5, total=200, sample_keys=["1", "2"], threshold=0.01
    )
    assert result.ratio == 0.025
    assert result.breached
    assert result.sample_keys == ("1", "2")
    assert not DQResult("s", "c", failed=1, total=200, threshold=0.01).breached
    assert DQResult("s", "c", failed=1, total=200).breached
    with pytest.raises(ValueError, match="exceeds total"):
        DQResult("s", "c", failed=3, total=2)
    with pytest.raises(ValueError, match="threshold"):
        DQResult("s", "c", failed=0, total=2, threshold=2.0)


def test_dq_message_lists_failing_checks_with_counts_and_sample_keys():
    results = [
        DQResult("stage_calls", "not_private", failed=0, total=120),
        DQResult("stage_calls", "has_transcript", failed=3, total=120, sample_keys=("7781", "7782", "7783")),
        DQResult("enrich", "summary_shape", failed=1, total=117, sample_keys=("9001",), threshold=0.05),
    ]
    message = build_dq_message(results, run_url="http://af/dags/d/runs/r", max_sample_keys=2)
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert sections[0] == "*1* check(s) over threshold, *2* with failures, *4* row(s) quarantined."
    assert sections[1] == (
        ":x: *stage_calls* / `has_transcript`: 3 of 120 rows failed (2.5%, threshold any)"
        "\nQuarantined call ids: `7781`, `7782` (+1 more)"
    )
    assert sections[2].startswith(
        ":warning: *enrich* / `summary_shape`: 1 of 117 rows failed (0.9%, threshold 5.0%)"
    )
    assert "not_private" not in json.dumps(message.blocks)
    assert message.blocks[-1]["elements"][0]["url"] == "http://af/dags/d/runs/r"


def test_digest_message_lists_deals_and_calls():
    digest = DailyDigest(
        day="2026-03-01",
        at_risk_deals=(AtRiskDeal("Acme renewal", "Acme", "budget freeze mentioned", amount=120000.0),),
        negative_calls=(NotableCall("42", "Acme QBR", -0.62, url="https://app.gong.io/call?id=42"),),
        calls_processed=57,
    )
    message = build_digest_message(digest)
    text = json.dumps(message.blocks)
    assert "*57* call(s) analysed." in text
    assert "*Acme renewal* (120,000), Acme: budget freeze mentioned" in text
    assert "<https://app.gong.io/call?id=42|Acme QBR> (sentiment -0.62, call `42`)" in text
    assert message.text == "Gong digest 2026-03-01: 1 new at-risk deal(s), 1 notable negative call(s)"


def _deadline_text(state: str) -> str:
    context = {
        "dag_run": {"dag_id": "gong_call_intelligence", "dag_run_id": "manual__x", "state": state},
        "deadline": {"deadline_time": datetime(2026, 3, 1, 13, 0, tzinfo=UTC)},
    }
    message = build_deadline_message(context, base_url="http://localhost:8080")
    return " ".join(b["text"]["text"] for b in message.blocks if b.get("type") == "section" and "text" in b)


def test_deadline_message_follows_the_run_state():
    assert "still running" in _deadline_text("running")
    assert "not started yet" in _deadline_text("queued")
    failed = _deadline_text("failed")
    assert "failed" in failed and "still" not in failed
    assert "finished, but after its deadline" in _deadline_text("success")


def test_a_failure_that_skips_retries_is_not_announced_as_retrying():
    from airflow.providers.common.compat.sdk import AirflowFailException

    message = build_task_failure_message(
        _context(ti=_ti(try_number=1), exception=AirflowFailException("Gong rejected the credentials"))
    )
    assert "will retry" not in message.text and "will retry" not in message.blocks[0]["text"]["text"]

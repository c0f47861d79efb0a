"""Step accounting records success and failure without a warehouse (a recording fake hook)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from include.gong_intel.config import settings_from_mapping
from include.gong_intel.monitor.health import Digest, NegativeCall, day_bounds
from include.gong_intel.monitor.steps import StepRecord, record_step, step_timer

SETTINGS = settings_from_mapping({"database": "MON_DB"})


class RecordingHook:
    def __init__(self, fail: bool = False):
        self.rows: list[tuple[str, dict, list]] = []
        self.fail = fail

    def insert_records(self, table, records, variant_columns=()):
        if self.fail:
            raise ConnectionError("warehouse unreachable")
        self.rows.extend((table, r, list(variant_columns)) for r in records)
        return len(records)


def test_step_timer_records_success_with_counters_and_duration():
    hook = RecordingHook()
    start = datetime(2026, 11, 2, tzinfo=UTC)
    with step_timer(
        hook,
        SETTINGS,
        run_id="r1",
        dag_id="gong",
        step="enrich",
        interval_start=start,
        interval_end=start + timedelta(days=1),
    ) as step:
        step.add(rows_read=10, rows_written=8, api_requests=3, tokens_in=1200)
        step.add(rows_quarantined=2)
        step.details["engine"] = "local"
    ((table, row, variants),) = hook.rows
    assert table == "MON_DB.PIPELINE_MONITOR.RUN_STEPS" and variants == ["DETAILS"]
    assert row["STATUS"] == "success"
    assert (row["ROWS_READ"], row["ROWS_WRITTEN"], row["ROWS_QUARANTINED"]) == (10, 8, 2)
    assert (row["API_REQUESTS"], row["TOKENS_IN"], row["TOKENS_OUT"]) == (3, 1200, 0)
    assert row["DATA_INTERVAL_START"] == "2026-11-02 00:00:00"
    assert 0 <= row["DURATION_S"] < 5
    assert row["DETAILS"] == {"engine": "local"}


def test_step_timer_records_failure_with_redacted_error_and_reraises():
    hook = RecordingHook()
    with (
        pytest.raises(RuntimeError, match="boom"),
        step_timer(hook, SETTINGS, run_id="r1", dag_id="gong", step="stage") as step,
    ):
        step.add(rows_read=5)
        raise RuntimeError("boom password=hunter2secret")
    ((_, row, _),) = hook.rows
    assert row["STATUS"] == "failed" and row["ROWS_READ"] == 5
    assert row["DETAILS"]["error"].startswith("RuntimeError: boom")
    assert "hunter2secret" not in row["DETAILS"]["error"]


def test_step_timer_never_masks_the_step_when_recording_fails():
    with (
        pytest.raises(KeyError),
        step_timer(RecordingHook(fail=True), SETTINGS, run_id="r", dag_id=None, step="x"),
    ):
        raise KeyError("original")
    # And a successful body stays successful.
    with step_timer(RecordingHook(fail=True), SETTINGS, run_id="r", dag_id=None, step="x") as step:
        step.add(rows_read=1)


def test_record_step_rejects_unknown_status_and_negative_counts():
    hook = RecordingHook()
    common = dict(run_id="r", dag_id="d", step="s", interval_start=None, interval_end=None, duration_s=1.0)
    with pytest.raises(ValueError, match="status"):
        record_step(hook, SETTINGS, rows_read=1, rows_written=1, rows_quarantined=0, status="ok", **common)
    with pytest.raises(ValueError, match="rows_written"):
        record_step(
            hook, SETTINGS, rows_read=1, rows_written=-1, rows_quarantined=0, status="success", **common
        )
    record = record_step(
        hook, SETTINGS, rows_read=1, rows_written=1, rows_quarantined=0, status="skipped", **common
    )
    assert isinstance(record, StepRecord) and hook.rows[0][1]["STATUS"] == "skipped"


def test_day_bounds_follow_the_configured_timezone():
    assert day_bounds(datetime(2026, 11, 2).date(), "UTC") == (datetime(2026, 11, 2), datetime(2026, 11, 3))
    assert day_bounds(datetime(2026, 11, 2).date(), "America/New_York") == (
        datetime(2026, 11, 2, 5),
        datetime(2026, 11, 3, 5),
    )


def test_digest_converts_to_the_slack_digest_record():
    digest = Digest(
        day=datetime(2026, 11, 2).date(),
        at_risk_deals=(),
        negative_calls=(
            NegativeCall("1", "Renewal", -0.6, "Acme", "Dana", "Angry about price", "https://x/1"),
        ),
        calls_processed=4,
    )
    daily = digest.to_daily_digest()
    assert daily.day == "2026-11-02" and daily.calls_processed == 4
    assert daily.negative_calls[0].sentiment == -0.6 and daily.negative_calls[0].account == "Acme"

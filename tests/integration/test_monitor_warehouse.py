"""Step accounting, run health and the daily digest against the emulator with hand-inserted rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from include.gong_intel.alerts.messages import build_digest_message
from include.gong_intel.monitor.health import daily_digest, dq_daily_summary, run_health
from include.gong_intel.monitor.steps import record_step, step_timer
from include.gong_intel.validate import validate_frame
from include.gong_intel.validate.schemas import EnrichedCall
from tests.integration.quarantine_reads import persist_outcome
from tests.unit.validate import frames

ARRAYS = ["EXTERNAL_PARTICIPANTS", "RISK_INDICATORS", "KEY_TOPICS", "AI_MEMORY_EMBEDDING"]


def test_run_health_reports_latest_attempts_dq_and_quarantine(settings_factory):
    from include.gong_intel.warehouse.hook import WarehouseHook

    settings = settings_factory(embedding_dim=frames.DIM)
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    window = dict(
        interval_start=datetime(2026, 11, 2, tzinfo=UTC), interval_end=datetime(2026, 11, 3, tzinfo=UTC)
    )
    record_step(
        hook,
        settings,
        run_id="run-1",
        dag_id="gong",
        step="ingest",
        rows_read=40,
        rows_written=40,
        rows_quarantined=0,
        api_requests=6,
        duration_s=2.5,
        status="success",
        details={"calls": 40},
        **window,
    )
    with (
        pytest.raises(TimeoutError),
        step_timer(hook, settings, run_id="run-1", dag_id="gong", step="enrich", **window) as step,
    ):
        step.add(rows_read=3)
        raise TimeoutError("model timed out")
    with step_timer(hook, settings, run_id="run-1", dag_id="gong", step="enrich", **window) as step:
        outcome = validate_frame(
            pd.DataFrame([frames.enriched_call("1"), frames.enriched_call("2", SENTIMENT_SCORE=3.0)]),
            EnrichedCall,
            step="enrich",
            key_column="CALL_ID",
            settings=settings,
            run_id="run-1",
        )
        persist_outcome(hook, settings, "run-1", outcome)
        step.add_outcome(outcome)
        step.add(rows_written=outcome.rows_passed, tokens_in=900, tokens_out=120)
    record_step(
        hook,
        settings,
        run_id="other-run",
        dag_id="gong",
        step="ingest",
        rows_read=1,
        rows_written=1,
        rows_quarantined=0,
        duration_s=1.0,
        status="failed",
        **window,
    )

    health = run_health(hook, settings, "run-1")
    steps = {s.step: s for s in health.steps}
    assert set(steps) == {"ingest", "enrich"}
    assert steps["enrich"].status == "success" and steps["enrich"].attempts == 2
    assert (steps["enrich"].rows_read, steps["enrich"].rows_written, steps["enrich"].rows_quarantined) == (
        2,
        1,
        1,
    )
    assert steps["ingest"].details == {"calls": 40} and steps["ingest"].api_requests == 6
    assert health.quarantined_by_step == {"enrich": 1}
    assert [(r.check, r.failed, r.total) for r in health.breached_checks] == [
        ("SENTIMENT_SCORE.in_range", 1, 2),
        ("all_checks", 1, 2),
    ]
    assert not health.failed_steps and not health.ok  # the breach makes the run unhealthy
    assert health.totals()["tokens_in"] == 900 and health.totals()["rows_read"] == 42

    trend = dq_daily_summary(hook, settings, date(2000, 1, 1))
    row = next(r for r in trend if r["check"] == "SENTIMENT_SCORE.in_range")
    assert (row["runs"], row["failed_rows"], row["total_rows"], row["breaches"]) == (1, 1, 2, 1)


def _call(call_id, when, *, sentiment, risks=(), opportunity=None, amount=None, **extra):
    row = frames.enriched_call(
        call_id, CALL_DATETIME_UTC=when, SENTIMENT_SCORE=sentiment, RISK_INDICATORS=list(risks)
    )
    row.update(OPPORTUNITY_ID=opportunity, OPPORTUNITY_AMOUNT=amount, **extra)
    return row


def test_daily_digest_finds_new_at_risk_deals_and_negative_calls(settings_factory):
    from include.gong_intel.warehouse.hook import WarehouseHook

    # The embedding columns are VECTOR(FLOAT, embedding_dim): the frames' vectors have DIM elements.
    settings = settings_factory(embedding_dim=frames.DIM)
    warehouse = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    high_price = {"type": "pricing_objection", "severity": "high", "quote": "Way over our budget."}
    high_champion = {"type": "champion_loss", "severity": "high", "quote": "Our sponsor is leaving."}
    medium = {"type": "timeline_slip", "severity": "medium", "quote": "Maybe next quarter."}
    rows = [
        # New at-risk deal (two high risks on the day) and very negative.
        _call(
            "11",
            "2026-11-02 10:00:00",
            sentiment=-0.7,
            risks=[high_price, high_champion],
            opportunity="OPP-A",
            amount=250000.0,
            OPPORTUNITY_NAME="Acme expansion",
            ACCOUNT_NAME="Acme",
            PRIMARY_USER_NAME="Dana Reyes",
            CALL_SUMMARY="Price shock; sponsor leaving.",
        ),
        # Deal already flagged high the week before: not new.
        _call(
            "12",
            "2026-10-27 10:00:00",
            sentiment=0.1,
            risks=[high_price],
            opportunity="OPP-B",
            amount=90000.0,
        ),
        _call(
            "13",
            "2026-11-02 16:00:00",
            sentiment=-0.1,
            risks=[high_price],
            opportunity="OPP-B",
            amount=90000.0,
        ),
        # Medium risk only: not at risk; mildly negative: not notable.
        _call("14", "2026-11-02 12:00:00", sentiment=-0.15, risks=[medium], opportunity="OPP-C"),
        # Negative call with a stale enrichment (source changed since): ignored.
        _call("15", "2026-11-02 13:00:00", sentiment=-0.9, ENRICHED_SOURCE_HASH="old"),
        # Negative call of another day: ignored.
        _call("16", "2026-11-03 09:00:00", sentiment=-0.8),
        # Negative call without an opportunity but with a high risk: the call is the deal.
        _call(
            "17",
            "2026-11-02 18:00:00",
            sentiment=-0.3,
            risks=[high_champion],
            TITLE="Intro call",
            OPPORTUNITY_NAME=None,
            ACCOUNT_NAME="Globex",
            CALL_URL=None,
        ),
    ]
    hook_rows = [{c: r.get(c) for c in rows[0]} for r in rows]
    warehouse.insert_records(settings.tables.stg_calls, hook_rows, ARRAYS)

    digest = daily_digest(warehouse, settings, date(2026, 11, 2))

    assert digest.calls_processed == 4  # 11, 13, 14, 17 (15 is stale)
    assert [(d.deal_name, d.account, d.amount, d.call_id) for d in digest.at_risk_deals] == [
        ("Acme expansion", "Acme", 250000.0, "11"),
        ("Intro call", "Globex", None, "17"),
    ]
    assert digest.at_risk_deals[0].reason == (
        'pricing_objection "Way over our budget."; champion_loss "Our sponsor is leaving."'
    )
    assert [(c.call_id, c.sentiment, c.rep_name, c.summary) for c in digest.negative_calls] == [
        ("11", -0.7, "Dana Reyes", "Price shock; sponsor leaving."),
        ("17", -0.3, "Dana Reyes", "Customer pushed back on price and mentioned Clari."),
    ]
    assert digest.negative_calls[1].url == "https://app.gong.io/call?id=17"

    message = build_digest_message(digest.to_daily_digest())
    assert "2 new at-risk deal(s), 2 notable negative call(s)" in message.text

"""The validation task bodies as the DAG runs them: settings from config, Slack DQ alert, RUN_STEPS, threshold."""

from __future__ import annotations

import json

import pytest
from airflow.providers.common.compat.sdk import AirflowFailException

from include.gong_intel.pipeline import enrich_step, tasks
from include.gong_intel.validate import DataQualityError
from include.gong_intel.warehouse.hook import WarehouseHook
from local_stack.slack_receiver import SlackReceiver
from tests.integration.test_enrich_step import _BadModelEngine
from tests.integration.test_validate_raw import END, START, _land, _transcript
from tests.unit.gong.gong_fixtures import make_call, make_transcript
from tests.unit.pipeline import stg_rows
from tests.unit.pipeline.stg_rows import CALL_IDS, POSITIVE

pytestmark = pytest.mark.integration

RUN_ID = "scheduled__2026-03-02T00:00:00+00:00"
WINDOW = {"interval_start": START.isoformat(), "interval_end": END.isoformat()}


@pytest.fixture
def task_env(settings_factory, monkeypatch):
    """A fresh database named by the run's config, and Slack alerts going to a local receiver."""
    with SlackReceiver() as slack:
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_ALERTS",
            json.dumps({"conn_type": "slackwebhook", "host": slack.url, "password": "T0/B0/x"}),
        )

        def configure(**overrides):
            settings = settings_factory(embedding_backend="hashing", passage_max_chars=200, **overrides)
            config = {"database": settings.database, "embedding_backend": "hashing", "passage_max_chars": 200}
            config.update(overrides)
            monkeypatch.setenv("GONG_INTEL_CONFIG", json.dumps(config))
            monkeypatch.setenv("AIRFLOW_VAR_GONG_INTEL_CONFIG", json.dumps(config))
            return settings, WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)

        yield configure, slack


def _run_steps(hook, settings, step: str) -> list[tuple]:
    return hook.get_records(
        f"SELECT ROWS_READ, ROWS_WRITTEN, ROWS_QUARANTINED FROM {settings.tables.run_steps} "
        f"WHERE RUN_ID = %(run)s AND STEP = %(step)s",
        parameters={"run": RUN_ID, "step": step},
    )


def test_validate_raw_task_alerts_records_its_step_and_fails_above_the_threshold(task_env):
    configure, slack = task_env
    settings, hook = configure()
    hook.settings = settings
    _land(hook, "extensiveCalls", [make_call(1), make_call(2)])
    reversed_turn = [{"speakerId": "s1", "topic": None, "sentences": [{"start": 9, "end": 1, "text": "Hi"}]}]
    _land(hook, "callTranscripts", [_transcript(1, make_transcript(1)), _transcript(2, reversed_turn)])

    # Fails without retries: the same rows would fail again; the DQ alert already went out.
    with pytest.raises(
        AirflowFailException, match="validate_raw_transcripts: 1 of 2 rows quarantined"
    ) as failure:
        tasks.validate_raw(WINDOW, RUN_ID, "gong_call_intelligence")
    assert isinstance(failure.value.__cause__, DataQualityError)

    [message] = slack.wait_for(1)
    assert "validate_raw_transcripts" in message.block_text()
    assert _run_steps(hook, settings, "validate_raw") == [(4, 3, 1)]


def test_enrich_task_writes_good_calls_alerts_and_publish_records_the_gate(task_env, monkeypatch):
    configure, slack = task_env
    settings, hook = configure(dq_max_failure_ratio=0.5)
    stg_rows.load(hook, settings)
    bad = _BadModelEngine(enrich_step.build_step_engine(settings), blank_summary_for=[POSITIVE])
    monkeypatch.setattr(enrich_step, "build_step_engine", lambda _settings: bad)

    result = tasks.enrich_batch_task(list(CALL_IDS), RUN_ID, "gong_call_intelligence")

    assert (result["output_checked"], result["output_passed"], result["output_quarantined"]) == (3, 2, 1)
    [message] = slack.wait_for(1)
    assert "enrich_output" in message.block_text()
    tasks.publish(WINDOW, [result], RUN_ID, "gong_call_intelligence")
    assert _run_steps(hook, settings, "enrich_output") == [(3, 2, 1)]
    assert _run_steps(hook, settings, "enrich") == [(3, 2, 1)]


def test_enrich_task_above_the_threshold_fails_without_retry_after_writing_the_good_calls(
    task_env, monkeypatch
):
    configure, _ = task_env
    settings, hook = configure()
    stg_rows.load(hook, settings)
    bad = _BadModelEngine(enrich_step.build_step_engine(settings), blank_summary_for=[POSITIVE])
    monkeypatch.setattr(enrich_step, "build_step_engine", lambda _settings: bad)

    with pytest.raises(AirflowFailException, match="enrich_output: 1 of 3 rows quarantined") as failure:
        tasks.enrich_batch_task(list(CALL_IDS), RUN_ID, "gong_call_intelligence")

    assert isinstance(failure.value.__cause__, DataQualityError)
    written = hook.get_records(
        f"SELECT CALL_ID FROM {settings.tables.stg_calls} WHERE ENRICHED_SOURCE_HASH IS NOT NULL ORDER BY 1"
    )
    assert [r[0] for r in written] == sorted(set(CALL_IDS) - {POSITIVE})

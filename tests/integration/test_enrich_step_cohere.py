"""The enrichment step with the Cohere engine (real SDK) against the local Cohere peer's fault injection."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from include.gong_intel.enrich.engine import build_engine
from include.gong_intel.enrich.records import EnrichmentError
from include.gong_intel.pipeline import enrich_step
from include.gong_intel.warehouse.hook import WarehouseHook
from local_stack.cohere_peer import CoherePeer, Fault
from tests.unit.pipeline import stg_rows
from tests.unit.pipeline.stg_rows import CALL_IDS, NEGATIVE, NO_TRANSCRIPT, POSITIVE

pytestmark = pytest.mark.integration

API_KEY = "co-step-3b8e61d0"
RUN_ID = "scheduled__enrich-cohere"


@pytest.fixture(scope="module")
def peer():
    with CoherePeer(api_key=API_KEY) as running:
        yield running


@pytest.fixture
def settings(settings_factory):
    return settings_factory(enrich_engine="cohere", embedding_dim=256, passage_max_chars=200)


@pytest.fixture
def hook(settings):
    wh = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    stg_rows.load(wh, settings)
    return wh


@pytest.fixture
def engine(peer, settings, monkeypatch):
    peer.reset()
    monkeypatch.setenv(
        "AIRFLOW_CONN_COHERE_DEFAULT",
        json.dumps({"conn_type": "generic", "password": API_KEY, "host": peer.base_url}),
    )
    # The production factory and settings mapping, with retry waits shortened for the test.
    fast = replace(
        enrich_step.enrich_settings(settings), max_retries=1, retry_backoff_s=0.01, max_retry_wait_s=0.05
    )
    return build_engine(fast)


def _enriched(hook, settings) -> dict[str, str | None]:
    rows = hook.get_records(f"SELECT CALL_ID, ENRICHED_SOURCE_HASH FROM {settings.tables.stg_calls}")
    return dict(rows)


def _requests(peer) -> int:
    return len(peer.requests_to("/v2/chat")) + len(peer.requests_to("/v2/embed"))


def test_invalid_model_output_is_quarantined_and_retried_a_bounded_number_of_times(
    hook, settings, engine, peer
):
    # The first call analysed answers with invalid JSON twice (the engine's repair attempt included).
    peer.inject(Fault("invalid_json", path="/v2/chat"), Fault("invalid_json", path="/v2/chat"))

    stats = enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert (stats.calls_enriched, stats.calls_quarantined, stats.calls_skipped) == (2, 1, 0)
    assert stats.usage.requests == _requests(peer) > 0
    assert _enriched(hook, settings) == {POSITIVE: None, NEGATIVE: "C-200-v1", NO_TRANSCRIPT: "C-300-v1"}
    chunks = hook.get_records(f"SELECT DISTINCT CALL_ID FROM {settings.tables.memory_chunks}")
    assert chunks == [(NEGATIVE,)]
    quarantine = hook.get_records(
        f"SELECT STEP, RECORD_KEY, CHECK_NAME, REASON, RECORD:model_version::STRING, RUN_ID "
        f"FROM {settings.tables.quarantine}"
    )
    assert len(quarantine) == 1
    step, key, check, reason, model_version, run_id = quarantine[0]
    assert (step, key, check, model_version, run_id) == (
        "enrich",
        POSITIVE,
        "model_output",
        engine.model_version,
        RUN_ID,
    )
    assert "after one repair attempt" in reason

    # Models are not deterministic: the call is tried again, and given up on after a second invalid answer.
    assert enrich_step.plan_batches(hook, settings, engine=engine) == [[POSITIVE]]
    peer.inject(Fault("invalid_json", path="/v2/chat"), Fault("invalid_json", path="/v2/chat"))
    enrich_step.enrich_batch(hook, settings, [POSITIVE], run_id=RUN_ID, engine=engine)
    assert enrich_step.plan_batches(hook, settings, engine=engine) == []

    # A new model version starts the count again.
    newer = replace(enrich_step.enrich_settings(settings), chat_model="command-a-04-2026")
    newer_engine = build_engine(newer)
    assert enrich_step.plan_batches(hook, settings, engine=newer_engine) == [list(CALL_IDS)]


def test_second_run_sends_no_request_to_the_provider(hook, settings, engine, peer):
    first = enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine)
    assert sum(s.calls_enriched for s in first) == 3
    sent = _requests(peer)
    # One chat request per call with a transcript (analysis and per-segment results in one answer), one
    # embed request per 96 texts.
    assert len(peer.requests_to("/v2/chat")) == 2
    embedded = sum(s.usage.embed_texts for s in first)
    assert len(peer.requests_to("/v2/embed")) == math.ceil(embedded / 96) == 1
    assert sum(s.usage.requests for s in first) == sent == 3

    assert enrich_step.enrich_all(hook, settings, RUN_ID, engine=engine) == []
    stats = enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert _requests(peer) == sent
    assert stats.usage.requests == 0 and stats.calls_skipped == 3


def test_provider_failure_fails_the_task_after_writing_the_calls_already_analysed(
    hook, settings, engine, peer
):
    # The first call's one chat request goes through; both attempts (max_retries=1) for the second call fail.
    peer.inject(
        Fault("delay", path="/v2/chat"),
        Fault("500", path="/v2/chat"),
        Fault("500", path="/v2/chat"),
    )

    with pytest.raises(EnrichmentError):
        enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert _enriched(hook, settings) == {POSITIVE: "C-100-v1", NEGATIVE: None, NO_TRANSCRIPT: None}
    peer.reset()

    # The retried task redoes only what was not written.
    stats = enrich_step.enrich_batch(hook, settings, list(CALL_IDS), run_id=RUN_ID, engine=engine)

    assert (stats.calls_enriched, stats.calls_skipped) == (2, 1)
    chats = peer.requests_to("/v2/chat")
    assert len(chats) == 1 and "Priya" not in json.dumps(chats[0].body)  # only the call not yet written
    assert set(_enriched(hook, settings).values()) == {"C-100-v1", "C-200-v1", "C-300-v1"}


def test_texts_are_embedded_in_full_requests_across_write_groups(settings_factory, peer, monkeypatch):
    from tests.faults.enrich_state import stage_calls

    settings = settings_factory(enrich_engine="cohere", embedding_dim=256, passage_max_chars=120)
    wh = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    ids = stage_calls(wh, settings, 30)
    peer.reset()
    monkeypatch.setenv(
        "AIRFLOW_CONN_COHERE_DEFAULT",
        json.dumps({"conn_type": "generic", "password": API_KEY, "host": peer.base_url}),
    )

    stats = enrich_step.enrich_batch(wh, settings, ids, run_id=RUN_ID, commit_every=10)

    assert stats.calls_enriched == 30 and stats.calls_quarantined == 0
    sizes = [len(r.body["texts"]) for r in peer.requests_to("/v2/embed")]
    # A group of ten calls holds ~55 texts; the queue still fills every request but the last.
    assert stats.usage.embed_texts == sum(sizes) == 30 + stats.chunks > 96
    assert len(sizes) == math.ceil(sum(sizes) / 96) < 30 / 10  # fewer requests than write groups
    assert sizes[:-1] == [96] * (len(sizes) - 1)
    # Every call written whole: its call vector and one AI_MEMORY passage per chunk.
    rows = wh.get_records(
        f"SELECT COUNT(*), COUNT(AI_MEMORY_EMBEDDING) FROM {settings.tables.stg_calls} "
        "WHERE ENRICHED_SOURCE_HASH = SOURCE_HASH"
    )
    assert rows == [(30, 30)]
    chunks = wh.get_records(f"SELECT COUNT(*), COUNT(DISTINCT CALL_ID) FROM {settings.tables.memory_chunks}")
    assert chunks == [(stats.chunks, 30)]

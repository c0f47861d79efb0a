"""Cohere faults during the enrichment step (real step, real engine, real SDK, the local Cohere peer):
affected calls are retried or quarantined, and no call is ever half-written."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from include.gong_intel.enrich.engine import build_engine
from include.gong_intel.enrich.records import EnrichmentError
from include.gong_intel.pipeline import enrich_step
from local_stack.cohere_peer import CoherePeer, Fault
from tests.faults.enrich_state import (
    analysis_requests,
    assert_whole_or_nothing,
    call_states,
    quarantine_rows,
    stage_calls,
)

pytestmark = pytest.mark.timeout(90)

API_KEY = "co-faults-91b2"
RUN_ID = "manual__cohere-faults"
MAX_RETRIES = 3  # 4 attempts per request
# A normal answer takes milliseconds; the margin is for a loaded CI machine, where a retry the test did not
# inject would change the counts it checks. The stalled request below is delayed well past it.
TIMEOUT_S = 2.0


@pytest.fixture(scope="module")
def peer():
    with CoherePeer(api_key=API_KEY) as running:
        yield running


@pytest.fixture
def setup(peer, settings_factory, warehouse, monkeypatch):
    """A fresh database with 4 staged calls, and a Cohere engine on the peer with tiny backoffs."""
    peer.reset()
    monkeypatch.setenv(
        "AIRFLOW_CONN_COHERE_DEFAULT",
        json.dumps({"conn_type": "generic", "password": API_KEY, "host": peer.base_url}),
    )
    settings = settings_factory(enrich_engine="cohere", embedding_dim=256, passage_max_chars=300)
    warehouse.settings = settings
    ids = stage_calls(warehouse, settings, 4)
    engine_settings = replace(
        enrich_step.enrich_settings(settings),
        max_retries=MAX_RETRIES,
        retry_backoff_s=0.01,
        max_retry_wait_s=1.0,
        request_timeout_s=TIMEOUT_S,
    )
    return warehouse, settings, ids, lambda: build_engine(engine_settings)


def _enrich(hook, settings, ids, engine, **kwargs):
    return enrich_step.enrich_batch(
        hook, settings, ids, run_id=RUN_ID, engine=engine, commit_every=1, **kwargs
    )


def test_429_storm_and_5xx_are_retried_and_every_call_is_enriched_whole(peer, setup):
    hook, settings, ids, make_engine = setup
    peer.inject(
        Fault("429", path="/v2/chat", retry_after_s=0.05),
        Fault("429", path="/v2/chat", retry_after_s=0.05),
        Fault("503", path="/v2/embed"),
        Fault("500", path="/v2/chat"),
    )
    engine = make_engine()

    stats = _enrich(hook, settings, ids, engine)

    done, untouched = assert_whole_or_nothing(call_states(hook, settings))
    assert done == set(ids) and not untouched
    assert stats.calls_enriched == 4 and stats.calls_quarantined == 0
    assert peer.pending_faults() == 0
    assert engine.usage.retries == 4
    assert sorted(r.status for r in peer.requests if r.status != 200) == [429, 429, 500, 503]


def test_provider_outage_mid_batch_writes_finished_calls_and_the_rerun_does_only_the_rest(peer, setup):
    hook, settings, ids, make_engine = setup
    # ids[0] and ids[2] share a transcript: enriching ids[0] first tells how many chat requests one takes.
    _enrich(hook, settings, ids[:1], make_engine())
    chat_per_call = len(peer.requests_to("/v2/chat"))
    peer.reset()
    # In the batch [ids[2], ids[3]], ids[2]'s requests go through (a zero delay answers normally), then
    # every attempt of ids[3]'s analysis fails.
    peer.inject(*[Fault("delay", path="/v2/chat", delay_s=0.0)] * chat_per_call)
    peer.inject(*[Fault("503", path="/v2/chat")] * (MAX_RETRIES + 1))

    with pytest.raises(EnrichmentError, match="failed after"):
        enrich_step.enrich_batch(hook, settings, [ids[2], ids[3]], run_id=RUN_ID, engine=make_engine())

    done, untouched = assert_whole_or_nothing(call_states(hook, settings))
    # ids[2] was analysed before the outage and is written rather than paid for again by the retry.
    assert done == {ids[0], ids[2]} and untouched == {ids[1], ids[3]}
    assert quarantine_rows(hook, settings) == []  # an outage is not the call's fault

    peer.reset()
    stats = enrich_step.enrich_batch(hook, settings, ids, run_id=RUN_ID, engine=make_engine())

    done, untouched = assert_whole_or_nothing(call_states(hook, settings))
    assert done == set(ids)
    assert stats.calls_enriched == 2 and stats.calls_skipped == 2
    assert analysis_requests(peer) == 2


def test_invalid_json_twice_quarantines_only_that_call(peer, setup):
    hook, settings, ids, make_engine = setup
    # The first chat request is the analysis of the oldest call; the second is its one repair round.
    peer.inject(Fault("invalid_json", path="/v2/chat"), Fault("invalid_json", path="/v2/chat"))

    stats = _enrich(hook, settings, ids, make_engine())

    done, untouched = assert_whole_or_nothing(call_states(hook, settings))
    assert untouched == {ids[0]} and done == set(ids[1:])
    assert stats.calls_quarantined == 1
    [(key, check, reason)] = quarantine_rows(hook, settings)
    assert (key, check) == (ids[0], "model_output")
    assert "json" in reason.lower()


def test_out_of_range_sentiment_is_repaired_once_then_quarantined_if_it_persists(peer, setup):
    hook, settings, ids, make_engine = setup
    peer.inject(Fault("bad_sentiment", path="/v2/chat"))

    _enrich(hook, settings, ids[:2], make_engine())

    states = call_states(hook, settings)
    done, _ = assert_whole_or_nothing({i: states[i] for i in ids[:2]})
    assert done == set(ids[:2])
    assert all(-1.0 <= states[i].sentiment <= 1.0 for i in ids[:2])

    peer.inject(Fault("bad_sentiment", path="/v2/chat"), Fault("bad_sentiment", path="/v2/chat"))
    _enrich(hook, settings, ids[2:], make_engine())

    done, untouched = assert_whole_or_nothing(call_states(hook, settings))
    assert untouched == {ids[2]}
    [(key, check, reason)] = quarantine_rows(hook, settings)
    assert (key, check) == (ids[2], "model_output") and "sentiment" in reason.lower()


def test_timeout_mid_batch_is_retried_and_nothing_is_written_twice(peer, setup):
    hook, settings, ids, make_engine = setup
    engine = make_engine()
    _enrich(hook, settings, ids[:1], engine)
    peer.reset()
    # Call 2's analysis stalls past the client timeout; the retry succeeds.
    peer.inject(Fault("delay", path="/v2/chat", delay_s=TIMEOUT_S * 2))

    stats = _enrich(hook, settings, ids, engine)

    done, _ = assert_whole_or_nothing(call_states(hook, settings))
    assert done == set(ids)
    assert stats.calls_enriched == 3 and stats.calls_skipped == 1
    assert stats.usage.retries == 1


def test_a_segment_id_out_of_range_twice_quarantines_only_that_call(peer, setup):
    hook, settings, ids, make_engine = setup
    # One chat request per call: the first is the oldest call's analysis, the second its one repair round.
    peer.inject(Fault("bad_segment_id", path="/v2/chat"), Fault("bad_segment_id", path="/v2/chat"))

    stats = _enrich(hook, settings, ids, make_engine())

    done, untouched = assert_whole_or_nothing(call_states(hook, settings))
    assert untouched == {ids[0]} and done == set(ids[1:])
    assert stats.calls_quarantined == 1
    [(key, check, reason)] = quarantine_rows(hook, settings)
    assert (key, check) == (ids[0], "model_output")
    assert "not a transcript line id" in reason and "after one repair attempt" in reason
    assert analysis_requests(peer) == len(ids)  # one per call
    assert len(peer.requests_to("/v2/chat")) == len(ids) + 1  # and the one repair round

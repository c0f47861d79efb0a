"""The Cohere engine through the real cohere SDK against the local Cohere peer on 127.0.0.1."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pytest

from include.gong_intel.enrich.cohere_engine import CohereEngine
from include.gong_intel.enrich.engine import build_engine, cohere_base_url
from include.gong_intel.enrich.records import (
    CallContext,
    EnrichmentError,
    EnrichSettings,
    InvalidModelOutput,
    Segment,
)
from local_stack.cohere_peer import CoherePeer, Fault
from tests.unit.enrich.transcripts import ACME_CTX, ACME_SEGMENTS, COMPETITORS, PRODUCTS

pytestmark = pytest.mark.integration

API_KEY = "co-test-7f3a9c1e5b"


@pytest.fixture(scope="module")
def peer():
    with CoherePeer(api_key=API_KEY) as running:
        yield running


@pytest.fixture
def settings() -> EnrichSettings:
    return EnrichSettings(
        engine="cohere",
        embedding_dim=256,
        competitors=COMPETITORS,
        products=PRODUCTS,
        max_retries=2,
        retry_backoff_s=0.01,
        max_retry_wait_s=1.0,
        request_timeout_s=2.0,
    )


@pytest.fixture
def engine(peer, settings, monkeypatch) -> CohereEngine:
    peer.reset()
    # The real factory path: key and base URL from the Airflow connection.
    monkeypatch.setenv(
        "AIRFLOW_CONN_COHERE_DEFAULT",
        f'{{"conn_type": "generic", "password": "{API_KEY}", "host": "{peer.base_url}"}}',
    )
    built = build_engine(settings)
    assert isinstance(built, CohereEngine)
    return built


def test_analyze_call_sends_json_schema_requests_and_returns_validated_analysis(engine, peer):
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    chats = peer.requests_to("/v2/chat")
    assert len(chats) == 2  # one call-analysis window + one segment batch
    body = chats[0].body
    assert body["model"] == "command-a-03-2025"
    assert body["response_format"]["type"] == "json_object"
    assert body["response_format"]["json_schema"]["required"] == [
        "summary",
        "key_topics",
        "risks",
        "sentiment",
    ]
    assert "<transcript>" in body["messages"][1]["content"]
    assert {r.type for r in analysis.risks} >= {"pricing_objection", "competitor", "budget"}
    assert analysis.sentiment < 0
    assert analysis.engine == "cohere"
    assert analysis.model_version.startswith("command-a-03-2025+prompt-")
    by_id = {s.transcript_id: s for s in analysis.segments}
    assert by_id["c-acme-1-2"].entities.competitors == ("Chorus",)
    assert by_id["c-acme-1-1"].entities.money == ("$48,000",)
    assert engine.usage.requests == 2 and engine.usage.input_tokens > 0 and engine.usage.output_tokens > 0


def test_long_transcript_is_windowed_and_merged(peer, settings, monkeypatch):
    peer.reset()
    engine = build_engine(replace(settings, max_chunk_chars=1000, segment_batch_size=100), _client(peer))
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    tasks = [r.body["messages"][1]["content"].split("\n")[0] for r in peer.requests_to("/v2/chat")]
    assert tasks.count("Task: call_analysis") >= 2
    assert tasks.count("Task: summary_merge") == 1
    assert tasks.count("Task: segment_batch") == 1
    assert analysis.summary
    assert len({(r.type, r.quote) for r in analysis.risks}) == len(analysis.risks)  # union without duplicates


def _client(peer):
    import cohere

    return cohere.ClientV2(api_key=API_KEY, base_url=peer.base_url, max_retries=0)


def test_embed_request_shape_and_batches_of_96(engine, peer):
    texts = [f"passage {i} about pricing and rollout" for i in range(200)]
    vectors = engine.embed(texts, "search_document")
    assert vectors.shape == (200, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    embeds = peer.requests_to("/v2/embed")
    assert [len(r.body["texts"]) for r in embeds] == [96, 96, 8]
    body = embeds[0].body
    assert (body["model"], body["input_type"], body["embedding_types"], body["output_dimension"]) == (
        "embed-v4.0",
        "search_document",
        ["float"],
        256,
    )
    assert engine.usage.embed_texts == 200
    query = engine.embed(["pricing"], "search_query")
    assert peer.requests_to("/v2/embed")[-1].body["input_type"] == "search_query"
    assert query.shape == (1, 256)


def test_429_with_retry_after_then_success(engine, peer):
    peer.inject(Fault("429", path="/v2/embed", retry_after_s=0.3))
    vectors = engine.embed(["hello"], "search_query")
    assert vectors.shape == (1, 256)
    assert [r.status for r in peer.requests_to("/v2/embed")] == [429, 200]
    assert engine.usage.retries == 1 and engine.usage.requests == 2
    assert engine.usage.rate_limited_s == pytest.approx(0.3)


def test_5xx_then_success(engine, peer):
    peer.inject(Fault("503", path="/v2/chat"), Fault("500", path="/v2/chat"))
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS[:3])
    assert analysis.summary
    assert [r.status for r in peer.requests_to("/v2/chat")] == [503, 500, 200, 200]


def test_5xx_forever_raises_enrichment_error_after_bounded_attempts(engine, peer, caplog):
    peer.inject(*[Fault("500", path="/v2/embed")] * 10)
    with caplog.at_level(logging.DEBUG), pytest.raises(EnrichmentError, match="after 3 attempt") as info:
        engine.embed(["hello"], "search_document")
    assert len(peer.requests_to("/v2/embed")) == 3  # max_retries=2 -> 3 attempts, SDK retries disabled
    assert info.value.__cause__ is not None
    assert API_KEY not in str(info.value) and API_KEY not in caplog.text
    peer.reset()


def test_timeout_is_retried_then_succeeds_or_fails_bounded(peer, settings):
    peer.reset()
    engine = build_engine(replace(settings, request_timeout_s=0.3, max_retries=1), _client(peer))
    peer.inject(Fault("delay", path="/v2/embed", delay_s=0.6))
    assert engine.embed(["hello"], "search_document").shape == (1, 256)
    assert (engine.usage.requests, engine.usage.retries) == (2, 1)

    peer.inject(*[Fault("delay", path="/v2/embed", delay_s=0.6)] * 2)
    with pytest.raises(EnrichmentError, match="after 2 attempt.*Timeout"):
        engine.embed(["hello"], "search_document")
    assert engine.usage.requests == 4


def test_invalid_json_gets_one_repair_then_succeeds(engine, peer):
    peer.inject(Fault("invalid_json", path="/v2/chat"))
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    chats = peer.requests_to("/v2/chat")
    assert len(chats) == 3
    repair = chats[1].body["messages"]
    assert repair[-2]["role"] == "assistant"
    assert "not valid JSON" in repair[-1]["content"]
    assert analysis.risks


def test_invalid_twice_raises_invalid_model_output(engine, peer):
    peer.inject(Fault("invalid_json", path="/v2/chat"), Fault("invalid_json", path="/v2/chat"))
    with pytest.raises(InvalidModelOutput) as info:
        engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    assert "after one repair attempt" in info.value.reason
    assert info.value.preview.startswith("Sure! Here is the analysis")
    assert len(peer.requests_to("/v2/chat")) == 2


def test_out_of_range_sentiment_is_repaired_or_rejected(engine, peer):
    peer.inject(Fault("bad_sentiment", path="/v2/chat"))
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    assert -1 <= analysis.sentiment <= 1
    assert "between -1 and 1" in peer.requests_to("/v2/chat")[1].body["messages"][-1]["content"]

    peer.reset()
    # Second chat request of the call is the segment batch: both its answers are out of range.
    peer.inject(Fault("bad_sentiment", path="/v2/chat"), Fault("bad_sentiment", path="/v2/chat"))
    with pytest.raises(InvalidModelOutput, match="sentiment must be between -1 and 1"):
        engine.analyze_call(ACME_CTX, ACME_SEGMENTS)


def test_wrong_api_key_is_not_retried_and_not_leaked(peer, settings, caplog):
    from airflow.sdk import Connection

    peer.reset()
    secret = "co-wrong-key-123456"
    engine = build_engine(settings, Connection(conn_id="cohere_default", conn_type="generic", password=secret,
                                               host=peer.base_url))  # fmt: skip
    with caplog.at_level(logging.DEBUG), pytest.raises(EnrichmentError, match="HTTP 401") as info:
        engine.embed(["hello"], "search_document")
    assert len(peer.requests) == 1
    assert (
        secret not in str(info.value)
        and secret not in repr(info.value.__cause__)
        and secret not in caplog.text
    )


def test_empty_transcript_makes_no_request(engine, peer):
    analysis = engine.analyze_call(CallContext("c-empty"), [])
    assert analysis.summary and analysis.segments == ()
    assert peer.requests == []


def test_connection_without_key_and_base_url_rules():
    from airflow.sdk import Connection

    with pytest.raises(ValueError, match="no API key"):
        build_engine(EnrichSettings(engine="cohere"), Connection(conn_id="c", conn_type="generic"))
    assert cohere_base_url(None) == "https://api.cohere.com"
    assert cohere_base_url("api.cohere.com") == "https://api.cohere.com"
    assert cohere_base_url("http://127.0.0.1", 8089) == "http://127.0.0.1:8089"
    assert cohere_base_url("http://127.0.0.1:8089/") == "http://127.0.0.1:8089"


def test_segments_are_processed_in_batches(engine, peer):
    segments = [
        Segment(
            f"t{i}",
            "c9",
            i,
            "s1",
            "Dana",
            "External",
            None,
            None,
            i * 1000,
            i * 1000 + 900,
            f"Line {i} is fine.",
        )
        for i in range(95)
    ]
    analysis = engine.analyze_call(CallContext("c9"), segments)
    batches = [
        r for r in peer.requests_to("/v2/chat") if "Task: segment_batch" in r.body["messages"][1]["content"]
    ]
    assert len(batches) == 3  # segment_batch_size=40
    assert [s.transcript_id for s in analysis.segments] == [f"t{i}" for i in range(95)]

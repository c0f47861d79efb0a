"""The Cohere engine through the real cohere SDK against the local Cohere peer on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import replace

import numpy as np
import pytest

from include.gong_intel.enrich import prompts
from include.gong_intel.enrich.cohere_engine import (
    CohereEngine,
    OutputValidationError,
    plan_windows,
    validate_call_analysis,
)
from include.gong_intel.enrich.engine import build_engine, cohere_base_url
from include.gong_intel.enrich.records import (
    CallContext,
    EnrichmentError,
    EnrichSettings,
    Entities,
    GongActionItem,
    GongSignals,
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


def _no_step_call() -> list[Segment]:
    """A call whose turns agree no next step: the rep offers one, the customer does not take it."""
    texts = [("s2", f"We reviewed item number {i} of the quarterly plan in detail.") for i in range(8)]
    texts += [
        ("s1", "I can put the revised rollout plan in your inbox by Thursday."),
        ("s2", "Hmm. We will see."),
    ]
    names = {
        "s1": ("Sam Rivera", "Internal", "Seller"),
        "s2": ("Dana Whitfield", "External", "Acme Logistics"),
    }
    return [
        Segment(f"c-acme-1-{i}", "c-acme-1", i, sid, *names[sid], None, i * 20_000, i * 20_000 + 19_000, text)
        for i, (sid, text) in enumerate(texts)
    ]


def test_gongs_action_items_and_outcome_reach_the_prompt_and_the_brief(engine, peer):
    item = GongActionItem("put the revised rollout plan in your inbox", speaker_id="s1", start_ms=160_500)
    ctx = replace(ACME_CTX, gong=GongSignals(action_items=(item,), call_outcome="Follow-up needed"))
    analysis = engine.analyze_call(ctx, _no_step_call())
    prompt = peer.requests_to("/v2/chat")[0].body["messages"][1]["content"]
    assert "Gong call outcome: Follow-up needed\n" in prompt
    assert (
        'Gong action items: [{"start_ms": 160500, "speaker": "Sam Rivera", '
        '"snippet": "put the revised rollout plan in your inbox"}]\n' in prompt
    )
    lines = analysis.summary.split("\n")
    assert lines[1] == (
        "Outcome: advanced — Gong lists an action item as the next step. Gong's call outcome: Follow-up needed."
    )
    assert lines[2] == (
        "Next step — Sam Rivera: “I can put the revised rollout plan in your inbox by Thursday.” "
        "(owner: Sam Rivera; due: Thursday)"
    )
    assert lines[3] == "Source — Gong's action items (no turn read as agreeing a step)."
    assert "no_next_steps" not in {r.type for r in analysis.risks}
    # The same call without Gong's signals: the prompt says there are none, and no step is made up.
    peer.reset()
    plain = engine.analyze_call(ACME_CTX, _no_step_call())
    prompt = peer.requests_to("/v2/chat")[0].body["messages"][1]["content"]
    assert "Gong call outcome: (none)\nGong action items: []\n" in prompt
    assert "Gong" not in plain.summary and "Next steps: none agreed on the call." in plain.summary
    assert "no_next_steps" in {r.type for r in plain.risks}


def test_a_normal_call_costs_exactly_one_chat_request_with_segments_by_line_id(engine, peer):
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    chats = peer.requests_to("/v2/chat")
    assert len(chats) == 1 and engine.usage.requests == 1
    body = chats[0].body
    assert body["model"] == "command-a-03-2025"
    assert body["response_format"]["type"] == "json_object"
    schema = body["response_format"]["json_schema"]
    assert schema["required"] == [
        "summary",
        "key_topics",
        "risks",
        "sentiment",
        "line_sentiments",
        "line_entities",
    ]
    assert schema["properties"]["line_entities"]["items"]["required"] == ["id"]
    prompt = body["messages"][1]["content"]
    assert "#0 [0] Sam Rivera (Internal, Seller): Thanks for joining" in prompt
    assert "#8 [160000] Sam Rivera" in prompt and "#9 " not in prompt
    assert "<summary_so_far>" not in prompt
    assert {r.type for r in analysis.risks} >= {"pricing_objection", "competitor", "budget"}
    assert analysis.sentiment < 0
    assert analysis.engine == "cohere"
    assert analysis.model_version == f"command-a-03-2025+prompt-{prompts.PROMPT_VERSION}"
    assert [s.transcript_id for s in analysis.segments] == [s.transcript_id for s in ACME_SEGMENTS]
    by_id = {s.transcript_id: s for s in analysis.segments}
    assert by_id["c-acme-1-2"].entities.competitors == ("Chorus",)
    assert by_id["c-acme-1-1"].entities.money == ("$48,000",)
    assert by_id["c-acme-1-6"].sentiment < 0 < by_id["c-acme-1-8"].sentiment
    assert engine.usage.input_tokens > 0 and engine.usage.output_tokens > 0


def test_long_transcript_costs_one_request_per_window_with_a_rolling_summary(peer, settings):
    peer.reset()
    budget = replace(settings, max_chunk_chars=1000)
    windows = plan_windows(ACME_SEGMENTS, budget.max_chunk_chars)
    total = len("\n".join(prompts.render_line(s, 0) for s in ACME_SEGMENTS))
    assert len(windows) == math.ceil(total / budget.max_chunk_chars) == 2
    engine = build_engine(budget, _client(peer))

    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)

    chats = peer.requests_to("/v2/chat")
    assert len(chats) == len(windows) == engine.usage.requests
    prompts_sent = [c.body["messages"][1]["content"] for c in chats]
    assert "This is part 1 of 2" in prompts_sent[0] and prompts.summary_so_far(prompts_sent[0]) is None
    first_summary = json.loads(_answer_text(peer, 0))["summary"]
    assert prompts.summary_so_far(prompts_sent[1]) == first_summary
    # Line ids restart at 0 in every window; each window's lines come back exactly once.
    assert "#0 " in prompts_sent[1].split("<transcript>")[1]
    assert [s.transcript_id for s in analysis.segments] == [s.transcript_id for s in ACME_SEGMENTS]
    assert analysis.summary.startswith(first_summary.split("\n")[0])  # the last window's summary covers all
    assert len({(r.type, r.quote) for r in analysis.risks}) == len(analysis.risks)  # union, no duplicates
    assert {r.type for r in analysis.risks} >= {"pricing_objection", "competitor", "timeline_slip"}


def test_segment_count_beyond_the_answer_budget_is_windowed(peer, settings):
    peer.reset()
    segments = [
        Segment(f"t{i}", "c9", i, "s1", "Dana", "External", None, None, i * 1000, i * 1000 + 900,
                f"Line {i} is fine.")
        for i in range(95)
    ]  # fmt: skip
    one = CohereEngine(_client(peer), settings)
    assert [s.transcript_id for s in one.analyze_call(CallContext("c9"), segments).segments] == [
        f"t{i}" for i in range(95)
    ]
    assert one.usage.requests == 1

    capped = CohereEngine(_client(peer), replace(settings, max_segments_per_request=40))
    analysis = capped.analyze_call(CallContext("c9"), segments)
    assert capped.usage.requests == math.ceil(95 / 40) == 3
    assert [len(prompts.transcript_block(r.body["messages"][1]["content"])) for r in peer.requests[-3:]] == [
        40,
        40,
        15,
    ]
    assert [s.transcript_id for s in analysis.segments] == [f"t{i}" for i in range(95)]


def _answer_text(peer, index: int) -> str:
    """The text the peer answered to its ``index``-th chat request (recomputed: the peer is deterministic)."""
    from local_stack.cohere_peer import answer_chat

    return answer_chat(peer.requests_to("/v2/chat")[index].body)[0]


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
        ["base64"],
        256,
    )
    assert engine.usage.embed_texts == 200
    assert engine.usage.requests == math.ceil(200 / 96) == 3
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
    assert [r.status for r in peer.requests_to("/v2/chat")] == [503, 500, 200]


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
    assert len(chats) == 2
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
    peer.inject(Fault("bad_sentiment", path="/v2/chat"), Fault("bad_sentiment", path="/v2/chat"))
    with pytest.raises(InvalidModelOutput, match="sentiment must be between -1 and 1"):
        engine.analyze_call(ACME_CTX, ACME_SEGMENTS)


def test_a_segment_id_out_of_range_is_repaired_once_then_rejected(engine, peer):
    peer.inject(Fault("bad_segment_id", path="/v2/chat"))
    analysis = engine.analyze_call(ACME_CTX, ACME_SEGMENTS)
    chats = peer.requests_to("/v2/chat")
    assert len(chats) == 2
    assert (
        "line_entities[6].id 9 is not a transcript line id (0 to 8)"
        in chats[1].body["messages"][-1]["content"]
    )
    assert len(analysis.segments) == len(ACME_SEGMENTS)

    peer.reset()
    peer.inject(Fault("bad_segment_id", path="/v2/chat"), Fault("bad_segment_id", path="/v2/chat"))
    with pytest.raises(InvalidModelOutput, match="not a transcript line id"):
        engine.analyze_call(ACME_CTX, ACME_SEGMENTS)


def _answer(sentiments: object, entities: object = ()) -> str:
    return json.dumps({"summary": "s", "key_topics": [], "risks": [], "sentiment": 0.1,
                       "line_sentiments": sentiments, "line_entities": list(entities) if isinstance(entities, tuple)
                       else entities})  # fmt: skip


@pytest.mark.parametrize(
    ("sentiments", "entities", "error"),
    [
        ([0.1], (), "has 1 numbers for 2 transcript lines"),
        ([0.1, 0.2, 0.3], (), "has 3 numbers for 2 transcript lines"),
        ([0.1, -1.5], (), "between -1 and 1"),
        ([0.1, "high"], (), "must be a number"),
        ("all good", (), "line_sentiments must be a list"),
        ([0.1, 0.2], ({"id": 0, "people": ["Ana"]}, {"id": 0, "money": ["$5"]}), "appears twice"),
        ([0.1, 0.2], ({"id": True, "people": ["Ana"]},), "not a transcript line id"),
        ([0.1, 0.2], ({"id": 1.0, "people": ["Ana"]},), "not a transcript line id"),
        ([0.1, 0.2], ({"id": 2, "people": ["Ana"]},), "not a transcript line id"),
        ([0.1, 0.2], ({"id": 1, "money": "$5"},), "list of strings"),
        ([0.1, 0.2], "none", "line_entities must be a list"),
    ],
)
def test_call_analysis_answers_are_checked_line_by_line(sentiments, entities, error):
    with pytest.raises(OutputValidationError, match=error):
        validate_call_analysis(_answer(sentiments, entities), 2)


def test_a_valid_answer_gives_each_line_its_sentiment_and_only_named_lines_entities():
    result = validate_call_analysis(_answer([1, -0.5], ({"id": 1, "money": ["$5"]},)), 2)
    assert result.segments == ((1.0, Entities()), (-0.5, Entities(money=("$5",))))


def test_an_answer_cut_at_the_output_limit_is_rejected_without_a_repair(peer, settings):
    peer.reset()
    # 3,000 lines: the compact answer for them is over command-r-plus's 4k output tokens, so the peer cuts it.
    segments = [
        Segment(f"t{i}", "c7", i, "s1", "Dana", "External", "Acme", None, i * 1000, i * 1000 + 900,
                f"We met Priya Shah from Acme about $5,000 on line {i}.")
        for i in range(3000)
    ]  # fmt: skip
    engine = CohereEngine(
        _client(peer), replace(settings, chat_model="command-r-plus-08-2024", max_segments_per_request=3000)
    )
    with pytest.raises(InvalidModelOutput, match="cut at command-r-plus-08-2024's output limit"):
        engine.analyze_call(CallContext("c7"), segments)
    assert len(peer.requests_to("/v2/chat")) == 1  # no repair round: it would be cut again


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

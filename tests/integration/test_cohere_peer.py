"""The local Cohere peer speaks Cohere's v2 wire format and enforces its limits."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
import requests

from include.gong_intel.enrich import prompts
from local_stack.cohere_peer import CoherePeer, Fault, rerank_scores
from tests.unit.enrich.transcripts import ACME_CTX, ACME_SEGMENTS

pytestmark = pytest.mark.integration

KEY = "peer-key-1"


@pytest.fixture(scope="module")
def peer():
    with CoherePeer(api_key=KEY) as running:
        yield running


def _post(peer, path, body, key=KEY):
    return requests.post(
        f"{peer.base_url}{path}", json=body, headers={"Authorization": f"Bearer {key}"}, timeout=5
    )


def test_requests_without_the_bearer_key_get_401(peer):
    response = _post(peer, "/v2/embed", {"texts": ["a"]}, key="nope")
    assert response.status_code == 401
    assert "authorization" not in {k.lower() for k in peer.requests[-1].headers}


def test_embed_is_deterministic_and_enforces_cohere_limits(peer):
    body = {"model": "embed-v4.0", "texts": ["pricing", "pricing"], "input_type": "search_document",
            "embedding_types": ["float"], "output_dimension": 512}  # fmt: skip
    first = _post(peer, "/v2/embed", body).json()
    assert len(first["embeddings"]["float"]) == 2 and len(first["embeddings"]["float"][0]) == 512
    assert first["embeddings"]["float"][0] == _post(peer, "/v2/embed", body).json()["embeddings"]["float"][1]
    assert first["meta"]["billed_units"]["input_tokens"] == 4
    assert _post(peer, "/v2/embed", {**body, "texts": ["x"] * 97}).status_code == 400
    assert _post(peer, "/v2/embed", {**body, "output_dimension": 384}).status_code == 400
    assert _post(peer, "/v2/embed", {**body, "input_type": None}).status_code == 400


def test_a_peer_that_keeps_no_bodies_still_logs_every_request():
    body = {"model": "embed-v4.0", "texts": ["our whole transcript"], "input_type": "search_document",
            "embedding_types": ["float"], "output_dimension": 256}  # fmt: skip
    with CoherePeer(api_key=KEY, log_bodies=False) as lean:
        assert _post(lean, "/v2/embed", body).status_code == 200
        assert _post(lean, "/v2/embed", body, key="nope").status_code == 401
        assert [(r.path, r.status, r.body) for r in lean.requests] == [
            ("/v2/embed", 200, {}),
            ("/v2/embed", 401, {}),
        ]


def test_embed_base64_is_the_float_vectors_little_endian_float32(peer):
    body = {"model": "embed-v4.0", "texts": ["pricing is too high", "next steps"], "input_type": "search_document",
            "embedding_types": ["float", "base64"], "output_dimension": 256}  # fmt: skip
    answer = _post(peer, "/v2/embed", body).json()["embeddings"]
    decoded = np.stack([np.frombuffer(base64.b64decode(v), dtype="<f4") for v in answer["base64"]])
    assert decoded.shape == (2, 256)
    assert np.allclose(decoded, np.asarray(answer["float"]), atol=1e-6)
    assert _post(peer, "/v2/embed", {**body, "embedding_types": ["int8"]}).status_code == 400


def test_chat_answers_the_analysis_prompt_with_schema_shaped_json_and_usage(peer):
    lines = [prompts.render_line(s, i) for i, s in enumerate(ACME_SEGMENTS)]
    messages = prompts.call_analysis_messages(ACME_CTX, lines, 1, 1, competitors=("Chorus",))
    body = {"model": "command-a-03-2025", "messages": messages,
            "response_format": prompts.response_format(prompts.CALL_ANALYSIS_SCHEMA)}  # fmt: skip
    answer = _post(peer, "/v2/chat", body).json()
    assert answer["finish_reason"] == "COMPLETE"
    data = json.loads(answer["message"]["content"][0]["text"])
    assert set(data) == {"summary", "key_topics", "risks", "sentiment", "line_sentiments", "line_entities"}
    assert any(r["type"] == "competitor" and "Chorus" in r["quote"] for r in data["risks"])
    assert len(data["line_sentiments"]) == len(ACME_SEGMENTS) and data["line_sentiments"][2] == 0.0
    # Only the lines that name something, by id, with only their non-empty entity lists.
    by_id = {item["id"]: item for item in data["line_entities"]}
    assert by_id[2] == {"id": 2, "competitors": ["Chorus"], "money": ["40k"]}
    assert all(len(item) > 1 for item in data["line_entities"])
    assert set(answer["usage"]) == {"billed_units", "tokens"}
    assert answer["usage"]["billed_units"]["input_tokens"] > 100


def test_faults_are_consumed_in_order_and_logged(peer):
    peer.reset()
    peer.inject(Fault("429", retry_after_s=1.5), Fault("500", path="/v2/chat"))
    body = {"model": "embed-v4.0", "texts": ["a"], "input_type": "search_query", "output_dimension": 256}
    limited = _post(peer, "/v2/embed", body)
    assert limited.status_code == 429
    assert (limited.headers["Retry-After"], limited.headers["retry-after-ms"]) == ("2", "1500")
    assert _post(peer, "/v2/embed", body).status_code == 200  # the 500 waits for a chat request
    assert peer.pending_faults() == 1
    assert [(r.path, r.status, r.fault) for r in peer.requests] == [
        ("/v2/embed", 429, "429"),
        ("/v2/embed", 200, None),
    ]
    with pytest.raises(ValueError, match="Unknown fault"):
        Fault("teapot")


def test_rerank_speaks_the_v2_shape_through_the_sdk_and_enforces_its_limits(peer):
    import cohere

    documents = [
        "The weather was nice on the trip.",
        "Your pricing is too expensive for our budget.",
        "Pricing per seat is expensive; the pricing tiers confuse us.",
    ]
    client = cohere.ClientV2(api_key=KEY, base_url=peer.base_url, max_retries=0)
    response = client.rerank(model="rerank-v3.5", query="expensive pricing", documents=documents, top_n=2)
    scores = rerank_scores("expensive pricing", documents)
    best = sorted(range(3), key=lambda i: -scores[i])[:2]
    assert [r.index for r in response.results] == best and 0 not in best
    assert [r.relevance_score for r in response.results] == [scores[i] for i in best]
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert response.id
    body = {"model": "rerank-v3.5", "query": "q", "documents": ["a"]}
    assert _post(peer, "/v2/rerank", {**body, "documents": []}).status_code == 400
    assert _post(peer, "/v2/rerank", {**body, "top_n": 0}).status_code == 400
    assert _post(peer, "/v2/rerank", {**body, "query": " "}).status_code == 400
    assert _post(peer, "/v2/rerank", {**body, "documents": ["a"] * 1001}).status_code == 400


def test_chat_answers_the_planner_schema_with_the_rule_based_reading_of_the_question(peer):
    from include.gong_intel.ask.planner import PLAN_SCHEMA, PLANNER_PROMPT

    peer.reset()
    question = "Show me negative calls from last week about pricing"
    body = {
        "model": "command-a-03-2025",
        "messages": [{"role": "user", "content": PLANNER_PROMPT.format(question=question)}],
        "response_format": {"type": "json_object", "json_schema": PLAN_SCHEMA},
    }
    plan = json.loads(_post(peer, "/v2/chat", body).json()["message"]["content"][0]["text"])
    assert (plan["intent"], plan["time_window"], plan["sentiment"]) == ("calls", "last week", "negative")
    assert plan["search_text"] == question and set(PLAN_SCHEMA["required"]) <= set(plan)


def test_a_content_fault_replaces_the_chat_answer_verbatim(peer):
    peer.reset()
    peer.inject(Fault("content", path="/v2/chat", content='{"intent": "drop"}'))
    body = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}
    assert _post(peer, "/v2/chat", body).json()["message"]["content"][0]["text"] == '{"intent": "drop"}'
    assert "only answer" in _post(peer, "/v2/chat", body).json()["message"]["content"][0]["text"]

"""The local Cohere peer speaks Cohere's v2 wire format and enforces its limits."""

from __future__ import annotations

import json

import pytest
import requests

from include.gong_intel.enrich import prompts
from local_stack.cohere_peer import CoherePeer, Fault
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


def test_chat_answers_the_analysis_prompt_with_schema_shaped_json_and_usage(peer):
    lines = [prompts.render_line(s) for s in ACME_SEGMENTS]
    messages = prompts.call_analysis_messages(ACME_CTX, lines, 1, 1, competitors=("Chorus",))
    body = {"model": "command-a-03-2025", "messages": messages,
            "response_format": prompts.response_format(prompts.CALL_ANALYSIS_SCHEMA)}  # fmt: skip
    answer = _post(peer, "/v2/chat", body).json()
    assert answer["finish_reason"] == "COMPLETE"
    data = json.loads(answer["message"]["content"][0]["text"])
    assert set(data) == {"summary", "key_topics", "risks", "sentiment"}
    assert any(r["type"] == "competitor" and "Chorus" in r["quote"] for r in data["risks"])
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

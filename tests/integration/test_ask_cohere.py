"""The ask engine's Cohere paths through the real SDK against the local Cohere peer: planner, Rerank, synthesis.

The warehouse holds the hand-made calls of ``test_ask_engine`` with passages embedded by the Cohere engine
(the peer's embed). Asking only reads, so one database serves the whole module.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from dataclasses import replace

import pytest

from include.gong_intel.ask.engine import AskEngine
from include.gong_intel.ask.render import render_text
from include.gong_intel.ask.rules import plan_question
from include.gong_intel.ask.search import search_passages
from include.gong_intel.ask.semantic import PLAN_JSON_SCHEMA
from include.gong_intel.ask.synthesis import cited_numbers
from include.gong_intel.enrich.engine import build_engine, enrich_settings
from include.gong_intel.enrich.records import EnrichSettings
from local_stack.cohere_peer import CoherePeer, Fault, rerank_scores
from tests.integration.test_ask_engine import TODAY, _seed

pytestmark = pytest.mark.integration

API_KEY = "co-ask-5d1e07"
PRICING = "What are customers saying about pricing?"
NEGATIVE_LAST_WEEK = "Show me calls with negative sentiment from last week"
_databases = itertools.count(1)


@pytest.fixture(scope="module")
def peer():
    with CoherePeer(api_key=API_KEY) as running:
        yield running


@pytest.fixture(scope="module")
def client(peer):
    import cohere

    return cohere.ClientV2(api_key=API_KEY, base_url=peer.base_url, max_retries=0)


@pytest.fixture(scope="module")
def seeded(local_warehouse, client):
    from include.gong_intel.config import settings_from_mapping
    from include.gong_intel.warehouse.hook import WarehouseHook
    from include.gong_intel.warehouse.setup import apply_ddl

    settings = settings_from_mapping(
        {
            "database": f"TEST_ASK_COHERE_{os.getpid()}_{next(_databases)}",
            "enrich_engine": "cohere",
            "embedding_dim": 256,
        }
    )
    hook = WarehouseHook(snowflake_conn_id=settings.snowflake_conn_id)
    apply_ddl(hook, settings)
    hook.settings = settings
    engine = build_engine(enrich_settings(settings), client)
    _seed(hook, engine)
    return hook, settings, engine


@pytest.fixture
def ask_engine(seeded, client, peer):
    hook, settings, engine = seeded
    peer.reset()
    return AskEngine(hook, settings, engine=engine, cohere_client=client, today=TODAY)


def _chat_tasks(peer) -> list[str]:
    """What each chat request asked for: the planner (by its schema) or the prompt's ``Task:`` line."""
    kinds = []
    for request in peer.requests_to("/v2/chat"):
        schema = (request.body.get("response_format") or {}).get("json_schema") or {}
        if schema == json.loads(json.dumps(PLAN_JSON_SCHEMA)):
            kinds.append("plan")
        else:
            match = re.search(r"^Task: (\w+)$", request.body["messages"][-1]["content"], re.MULTILINE)
            kinds.append(match.group(1) if match else "?")
    return kinds


# --- Rerank ---------------------------------------------------------------------------------------------


def test_passages_follow_the_rerankers_order(ask_engine, seeded, client, peer):
    hook, settings, engine = seeded
    plan = ask_engine.plan(PRICING)
    # Every customer passage is a candidate (no similarity floor), so the reranker has an order to change.
    fused = search_passages(hook, settings, plan, engine, min_similarity=-1.0, min_turn_similarity=None)
    assert peer.requests_to("/v2/rerank") == [] and len(fused) >= 5

    reranked = search_passages(hook, settings, plan, engine, reranker=client, min_similarity=-1.0)

    [request] = peer.requests_to("/v2/rerank")
    documents = request.body["documents"]
    assert (request.body["model"], request.body["query"], request.body["top_n"]) == (
        "rerank-v3.5",
        plan.text,
        len(documents),
    )
    # The candidates go out in fused order and come back in the reranker's order.
    assert [p.citation.quote for p in fused] == documents[: len(fused)]
    scores = rerank_scores(plan.text, documents)
    by_reranker = [documents[i] for i in sorted(range(len(documents)), key=lambda i: (-scores[i], i))]
    assert [p.citation.quote for p in reranked] == by_reranker[: len(reranked)]
    assert [p.transcript_id for p in reranked] != [p.transcript_id for p in fused]
    assert {p.transcript_id for p in reranked} == {p.transcript_id for p in fused}


def test_a_failing_rerank_keeps_the_fused_order_without_retrying(ask_engine, seeded, client, peer):
    hook, settings, engine = seeded
    plan = ask_engine.plan(PRICING)
    fused = search_passages(hook, settings, plan, engine, min_similarity=-1.0, min_turn_similarity=None)
    peer.inject(Fault("503", path="/v2/rerank"))

    passages = search_passages(hook, settings, plan, engine, reranker=client, min_similarity=-1.0)

    assert [p.transcript_id for p in passages] == [p.transcript_id for p in fused]
    assert [r.status for r in peer.requests_to("/v2/rerank")] == [503]
    assert peer.pending_faults() == 0


# --- planner --------------------------------------------------------------------------------------------


def test_the_models_plan_is_used(ask_engine, peer):
    answer = ask_engine.ask(NEGATIVE_LAST_WEEK)

    assert _chat_tasks(peer) == ["plan"]
    assert (answer.plan.planner, answer.plan.kind, answer.plan.filters.sentiment) == (
        "cohere",
        "list_calls",
        "negative",
    )
    assert answer.plan.filters.time_label == "last week"
    assert [c.call_id for c in answer.calls] == ["C1"]  # below the -0.2 band; C6 sits on it


def test_a_model_plan_narrower_than_the_rules_is_applied(ask_engine, peer):
    # A plan that differs from the rules' reading (rep and risk filters): the answer follows it.
    plan = {
        "kind": "list_calls",
        "measure": "calls",
        "sentiment": "negative",
        "risk_types": ["pricing_objection"],
        "reps": ["dana reed"],
        "time_expression": "last week",
    }
    peer.inject(Fault("content", path="/v2/chat", content=json.dumps(plan)))

    answer = ask_engine.ask(NEGATIVE_LAST_WEEK)

    assert answer.plan.planner == "cohere"
    assert (answer.plan.filters.rep, answer.plan.filters.risk_type) == (
        ("Dana Reed",),
        ("pricing_objection",),
    )
    assert [c.call_id for c in answer.calls] == ["C1"]


_GOOD = {"kind": "list_calls", "measure": "calls", "sentiment": "negative", "time_expression": "last week"}


@pytest.mark.parametrize(
    "content",
    [
        json.dumps({**_GOOD, "kind": "export_everything"}),
        json.dumps({**_GOOD, "measure": "COUNT(*) FROM RAW_AIRBYTE.USERS"}),
        json.dumps({**_GOOD, "group_by": "1; DROP TABLE STG_GONG_CALLS"}),
        json.dumps({**_GOOD, "top_n": "3; DELETE FROM STG_GONG_CALLS"}),
        json.dumps({**_GOOD, "sql": "SELECT * FROM STG_GONG_CALLS"}),
        json.dumps({**_GOOD, "accounts": "Acme Corp"}),
        json.dumps({**_GOOD, "risk_types": ["drop_table"]}),
        "Here is your plan: calls from last week",
    ],
    ids=[
        "unknown-kind",
        "sql-as-measure",
        "sql-as-group-by",
        "sql-as-top-n",
        "extra-sql-field",
        "names-not-a-list",
        "unknown-risk-type",
        "not-json",
    ],
)
def test_an_invalid_or_unsafe_plan_is_rejected_for_the_rule_based_plan(ask_engine, peer, content):
    peer.inject(Fault("content", path="/v2/chat", content=content))

    answer = ask_engine.ask(NEGATIVE_LAST_WEEK)

    rules = plan_question(NEGATIVE_LAST_WEEK, today=TODAY, catalog=ask_engine.catalog())
    assert answer.plan == rules and answer.plan.planner == "rules"
    assert [c.call_id for c in answer.calls] == ["C1"]
    assert _chat_tasks(peer) == ["plan"]


@pytest.mark.parametrize(
    ("names", "hostile"),
    [
        ({"accounts": ["PIPELINE_MONITOR.QUARANTINE"]}, "PIPELINE_MONITOR"),
        ({"reps": ["x' OR 1=1; --"]}, "1=1"),
    ],
)
def test_names_the_warehouse_does_not_hold_never_reach_the_query(ask_engine, peer, names, hostile):
    peer.inject(Fault("content", path="/v2/chat", content=json.dumps({**_GOOD, **names})))

    answer = ask_engine.ask(NEGATIVE_LAST_WEEK)

    assert answer.plan.planner == "cohere"
    assert (answer.plan.filters.rep, answer.plan.filters.account) == ((), ())
    assert hostile not in json.dumps(answer.plan.to_dict())
    assert [c.call_id for c in answer.calls] == ["C1"]


def test_a_5xx_from_the_planner_falls_back_to_the_rules_at_once(ask_engine, peer):
    peer.inject(Fault("500", path="/v2/chat"))

    answer = ask_engine.ask(NEGATIVE_LAST_WEEK)

    assert answer.plan.planner == "rules"
    assert [c.call_id for c in answer.calls] == ["C1"]
    assert [r.status for r in peer.requests_to("/v2/chat")] == [500]


def test_a_refused_question_never_reaches_the_model(ask_engine, peer):
    answer = ask_engine.ask("delete all calls from last week")
    assert answer.plan.intent == "refuse" and peer.requests == []


# --- synthesis ------------------------------------------------------------------------------------------


def test_a_search_answer_gets_a_synthesis_citing_only_its_passages(ask_engine, peer):
    answer = ask_engine.ask(PRICING)

    assert _chat_tasks(peer) == ["plan", "passage_synthesis"]
    assert answer.plan.intent == "passages" and not answer.empty
    assert answer.synthesis
    cited = cited_numbers(answer.synthesis)
    assert cited and all(1 <= n <= len(answer.citations) for n in cited)
    # The peer quotes the passages it cites: each [n] sits next to the n-th passage's words.
    for n in cited:
        assert answer.citations[n - 1].quote[:40] in answer.synthesis
    # The prompt held the passages in display order and nothing else from the warehouse.
    prompt = peer.requests_to("/v2/chat")[-1].body["messages"][-1]["content"]
    assert prompt.count("<passage n=") == len(answer.citations)
    text = render_text(answer)
    # The plan restated in words, the headline, then the synthesis.
    assert text.splitlines()[2] == f"Synthesis: {answer.synthesis}"
    assert f'- [1] "{answer.citations[0].quote}"' in text


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        (Fault("content", path="/v2/chat", content='{"synthesis": "Price is the main concern [1] [99]."}'),
         "unknown passage"),
        (Fault("content", path="/v2/chat", content='{"synthesis": "Price is the main concern."}'), "uncited"),
        (Fault("503", path="/v2/chat"), "provider error"),
    ],
    ids=["unknown-passage", "uncited", "5xx"],
)  # fmt: skip
def test_a_bad_or_failed_synthesis_leaves_the_answer_without_one(ask_engine, peer, fault, why):
    # The planner's request goes first and is answered normally (a zero delay); the synthesis gets the fault.
    peer.inject(Fault("delay", path="/v2/chat", delay_s=0.0), fault)

    answer = ask_engine.ask(PRICING)

    assert answer.synthesis is None, why
    assert answer.plan.planner == "cohere" and not answer.empty and answer.themes
    assert len(peer.requests_to("/v2/chat")) == 2
    assert "Synthesis" not in render_text(answer)


def test_locally_there_is_no_synthesis_and_no_provider_request(seeded, peer):
    hook, settings, _ = seeded
    peer.reset()
    local = replace(settings, enrich_engine="local")
    engine = build_engine(EnrichSettings(embedding_backend="hashing", embedding_dim=384))

    answer = AskEngine(hook, local, engine=engine, today=TODAY).ask(PRICING)

    assert answer.plan.planner == "rules" and not answer.empty  # keyword evidence still answers
    assert answer.synthesis is None and peer.requests == []

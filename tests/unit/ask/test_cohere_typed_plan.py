"""The Cohere planner's JSON plan is checked against the typed plan; anything that does not fit yields the rules."""

import json
from datetime import date
from types import SimpleNamespace

from include.gong_intel.ask.cohere_plan import CohereTypedPlanner
from include.gong_intel.ask.resolve import Catalog
from local_stack.cohere_peer import answer_typed_plan

TODAY = date(2026, 12, 3)
CATALOG = Catalog(
    reps=("Morgan Larsen", "Kofi Thornton"), accounts=("Evergreen Labs Ltd", "Orchard Logistics")
)


class FakeChat:
    def __init__(self, content: str):
        self.content = content
        self.calls = []

    def chat(self, **kwargs):
        self.calls.append(kwargs)
        return SimpleNamespace(message=SimpleNamespace(content=[SimpleNamespace(text=self.content)]))


def _plan(content: str, question: str):
    client = FakeChat(content)
    return CohereTypedPlanner(client, "command-a").plan(question, today=TODAY, catalog=CATALOG), client


def test_model_plan_is_used_when_it_fits_and_its_names_resolve():
    raw = {
        "kind": "ranking",
        "measure": "talk_ratio",
        "group_by": "rep",
        "sort": "desc",
        "top_n": 3,
        "accounts": ["evergreen labs"],
        "time_expression": "last month",
    }
    plan, client = _plan(json.dumps(raw), "who talks most on evergreen calls lately")
    assert (plan.kind, plan.measure, plan.group_by, plan.top_n, plan.planner) == (
        "ranking",
        "talk_ratio",
        "rep",
        3,
        "cohere",
    )
    assert plan.filters.account == ("Evergreen Labs Ltd",)
    assert (plan.filters.start, plan.filters.end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert client.calls[0]["response_format"]["type"] == "json_object"


def test_names_the_model_leaves_out_are_excluded_and_never_also_asked_for():
    raw = {
        "kind": "list_calls",
        "measure": "calls",
        "reps": ["morgan"],
        "accounts": ["orchard logistics"],  # a model may copy the excluded name here as well
        "exclude_accounts": ["orchard logistics"],
    }
    plan, _ = _plan(json.dumps(raw), "morgan's calls other than the orchard ones")
    assert plan.planner == "cohere"
    assert plan.filters.rep == ("Morgan Larsen",)
    assert (plan.filters.account, plan.filters.not_account) == ((), ("Orchard Logistics",))


def test_amount_bounds_from_the_model_are_numbers_or_the_rules_answer():
    plan, _ = _plan(json.dumps({"kind": "deals_at_risk", "min_amount": 50000}), "risky deals over 50k")
    assert (plan.planner, plan.filters.min_amount, plan.filters.max_amount) == ("cohere", 50000.0, None)
    for bad in ("50k", -1, True):
        plan, _ = _plan(json.dumps({"kind": "deals_at_risk", "min_amount": bad}), "risky deals over 50k")
        assert plan.planner == "rules"


def test_model_plan_outside_the_vocabularies_falls_back_to_the_rules():
    for content in (
        json.dumps({"kind": "sql", "measure": "calls"}),
        json.dumps({"kind": "count", "measure": "COUNT(*); DROP TABLE x"}),
        json.dumps({"kind": "count", "sql": "SELECT 1"}),
        "not json",
    ):
        plan, _ = _plan(content, "how many calls last month")
        assert plan.planner == "rules" and (plan.kind, plan.measure) == ("count", "calls")


def test_unanswerable_questions_never_reach_the_model():
    plan, client = _plan("{}", "delete all calls")
    assert plan.kind == "unanswerable" and client.calls == []


def test_local_peer_answers_a_typed_plan_request_in_the_schema():
    from include.gong_intel.ask.cohere_plan import TYPED_PLANNER_PROMPT

    raw = answer_typed_plan(
        TYPED_PLANNER_PROMPT.format(question="average sentiment by week in november", today="2026-12-03")
    )
    assert (raw["kind"], raw["measure"], raw["group_by"], raw["time_expression"]) == (
        "aggregate",
        "avg_sentiment",
        "week",
        "in november",
    )

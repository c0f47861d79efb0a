"""A risk the question says must not be there ("at-risk deals that never had a competitor come up", "calls with
no risks", "without any objections") filters the calls, or the deals' calls, that have none of it."""

from __future__ import annotations

import pytest

from include.gong_intel.ask.compile import check_compiled
from include.gong_intel.enrich.records import RISK_TYPES
from tests.unit.ask.test_phrasings import plan
from tests.unit.ask.test_semantic_plan import _rendered


@pytest.mark.parametrize(
    ("question", "kind", "absent"),
    [
        (
            "Which at-risk deals never had a single competitor come up on any call? I'm tired of 'competition' "
            "being everyone's excuse.",
            "deals_at_risk",
            ("competitor",),
        ),
        ("calls with no risks last week", "list_calls", RISK_TYPES),
        ("how many calls had no red flags in november", "count", RISK_TYPES),
        ("calls without any objections this month", "list_calls", ("pricing_objection", "competitor")),
        ("deals where pricing objections never came up", "deals_at_risk", ("pricing_objection",)),
        ("calls where the customer didn't raise any legal concerns", "list_calls", ("legal_security",)),
    ],
)
def test_a_risk_said_not_to_come_up_is_one_the_calls_must_not_have(question, kind, absent):
    p = plan(question)
    assert (p.kind, p.filters.no_risk_type, p.filters.risk_type, p.filters.competitor) == (
        kind,
        absent,
        (),
        (),
    )
    assert p.filters.topic == ()  # (the subject said not to come up is no topic the calls must have)
    unused = str(p.not_understood)
    assert not any(
        w in unused for w in ("'never'", "'no'", "'without'", "'didn't'", "'competitor'", "'come'")
    )
    assert p.filters.account == ()  # "no risks" is no account's name


@pytest.mark.parametrize(
    ("question", "risk"),
    [
        ("deals with no budget", "budget"),
        ("calls with no next steps", "no_next_steps"),
        ("calls where a competitor came up last week", None),
    ],
)
def test_the_risks_whose_words_are_a_negation_stay_those_risks(question, risk):
    p = plan(question)
    assert p.filters.no_risk_type == ()
    if risk:
        assert p.filters.risk_type == (risk,)


def test_the_risks_left_out_compile_to_a_not_exists_on_the_calls_or_the_deals_calls():
    calls = plan("calls with no risks last week")
    assert calls.restated().startswith("calls · no risk raised")
    sql, compiled = _rendered(calls)
    assert check_compiled(sql, "DB") == sql
    assert "AND NOT EXISTS" in sql and "nr.CALL_ID = c.CALL_ID" in sql
    assert sorted(v for k, v in compiled.params.items() if k.startswith("no_risk_")) == sorted(RISK_TYPES)
    deals = plan("Which at-risk deals never had a single competitor come up on any call?")
    assert "no competitor raised" in deals.restated()
    sql, compiled = _rendered(deals)
    assert check_compiled(sql, "DB") == sql
    assert "ndr.OPPORTUNITY_ID" in sql and compiled.params["no_risk_0"] == "competitor"

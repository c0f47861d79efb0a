"""Ways of asking read wrongly, from the fiftieth and fifty-first writers' dev halves: calls with "nobody from the
customer side on the line" were every call (they are now the calls no customer attended, a no-show among them,
beside Gong's own internal scope); "in dnager" was no danger; "renewal calls" were calls on the renewal
topic rather than on renewal deals; "how are people feeling on calls where security comes up" listed the calls;
a worry about "how much work the rollout puts on their ops team" was a sum of deal amounts by rep; and "mark my
zenith deal closed won" was answered instead of refused."""

from datetime import date

import pytest

from include.gong_intel.ask.semantic import NO_CUSTOMER
from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    "question",
    [
        "how many q4 calls had nobody from the customer side on the line?",
        "calls with no one from the client there",
    ],
)
def test_calls_nobody_from_the_customer_attended_are_those_with_no_customer(question: str) -> None:
    p = plan(question)
    assert (p.filters.scope, p.not_understood) == (NO_CUSTOMER, ())
    assert "calls no customer attended" in p.restated()


def test_internal_calls_are_still_gongs_internal_scope() -> None:
    p = plan("list the internal-only calls, the ones with no customer on the line")
    assert (p.filters.scope, p.not_understood) == ("Internal", ())


def test_calls_with_the_customer_on_the_line_are_still_external() -> None:
    assert plan("calls where a customer was on the line last week").filters.scope == "External"


def test_danger_typed_with_two_letters_swapped_is_danger() -> None:
    p = plan("any deals in dnager rn?")
    assert (p.kind, p.not_understood) == ("deals_at_risk", ())
    assert p.filters.every_open is False


def test_renewal_calls_are_the_calls_on_renewal_deals() -> None:
    p = plan("avg sentiment per accout on renewal calls this qtr")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "account")
    assert (p.filters.deal_type, p.filters.opportunity, p.filters.topic) == (
        ("renewal",),
        ("Bluewater Freight GmbH - Deal Desk Renewal",),
        (),
    )


@pytest.mark.parametrize(
    "question",
    [
        "how are people feeling on calls where security comes up this qtr",
        "what's the sentiment on calls where pricing comes up",
    ],
)
def test_a_measure_asked_of_calls_described_after_it_is_that_measure(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.not_understood) == ("aggregate", "avg_sentiment", None, ())
    assert len(p.filters.topic) == 1


def test_which_calls_still_lists_them() -> None:
    assert plan("which calls where pricing came up had negative sentiment").kind == "list_calls"


def test_how_much_work_is_an_effort_not_an_amount() -> None:
    p = plan("this week, who's worried about how much work the rollout puts on their ops team?")
    assert (p.kind, p.measure, p.group_by) == ("quotes", None, None)
    assert (p.filters.start, p.filters.topic) == (date(2026, 11, 30), ("Implementation",))
    assert plan("how much pipeline do we have").measure == "amount"


def test_marking_my_deal_closed_won_is_refused() -> None:
    p = plan("mark my orchard deal closed won and set the close date to dec 15")
    assert p.kind == "unanswerable"

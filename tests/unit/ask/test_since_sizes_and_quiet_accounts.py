"""Ways of asking that were read wrongly: "since" before a named period or day (the period alone), "last time"
for the latest call, a deal's size among the deals at risk ("biggest" taken for an account), "how much
discount" counted, the pipeline at risk counted in deals, accounts "we haven't talked to" and close dates that
moved; a product named is what was said, not a deal or coaching; a close date before a day ahead; "which deals
have" a risk ranked; what we booked; anything on fire."""

from datetime import date

import pytest

from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    ("question", "start", "label"),
    [
        ("calls since last week", date(2026, 11, 23), "since last week"),
        ("calls since monday", date(2026, 11, 30), "since Monday 2026-11-30"),
        ("what did claire log since last friday", date(2026, 11, 27), "since Friday 2026-11-27"),
        ("calls since yesterday", date(2026, 12, 2), "since yesterday"),
        ("how many calls since last quarter", date(2026, 7, 1), "since last quarter (Q3)"),
    ],
)
def test_since_a_named_period_runs_through_today(question: str, start: date, label: str) -> None:
    p = plan(question)
    assert (p.filters.start, p.filters.end) == (start, date(2026, 12, 4))
    assert p.filters.time_label == label


def test_a_named_period_without_since_is_that_period_alone() -> None:
    p = plan("calls last week")
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 23), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("question", "kind", "order"),
    [
        ("what did we promise orchard last time", "commitments", "latest_call"),
        ("what risks came up the last time we spoke with bluewater", "quotes", "latest_call"),
        ("recap the last time we talked to orchard", "call_brief", "newest"),
    ],
)
def test_last_time_is_the_latest_call_and_no_title_word(question: str, kind: str, order: str) -> None:
    p = plan(question)
    assert (p.kind, p.order) == (kind, order)
    assert p.filters.title_words == () and p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "sort", "top_n"),
    [
        ("what's the biggest deal at risk", "desc", 1),
        ("biggest at-risk deals", "desc", None),
        ("largest deals at risk this quarter", "desc", None),
        ("smallest deals at risk", "asc", None),
    ],
)
def test_a_deal_size_orders_the_deals_at_risk_by_amount(question: str, sort: str, top_n: int | None) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.sort, p.top_n) == ("deals_at_risk", "amount", sort, top_n)
    assert p.filters.account == () and p.not_understood == ()


def test_the_riskiest_deals_are_still_ordered_by_risk() -> None:
    p = plan("riskiest deals this quarter")
    assert (p.kind, p.measure) == ("deals_at_risk", "deal_risk_score")


@pytest.mark.parametrize(
    ("question", "account"),
    [
        ("how much discount did we offer orchard", ("Orchard Logistics",)),
        ("how much of a discount are they asking for", ()),
    ],
)
def test_how_much_discount_is_what_was_said_about_price(question: str, account: tuple[str, ...]) -> None:
    p = plan(question)
    assert (p.kind, p.filters.topic, p.filters.account) == ("quotes", ("Pricing",), account)


@pytest.mark.parametrize("question", ["how much pipeline is at risk", "total pipeline at risk"])
def test_the_pipeline_at_risk_is_its_amount(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.filters.at_risk) == ("aggregate", "amount", True)


def test_how_many_deals_at_risk_still_counts_deals() -> None:
    p = plan("how many deals at risk")
    assert (p.kind, p.measure) == ("count", "deals")


@pytest.mark.parametrize(
    ("question", "quiet_since"),
    [
        ("accounts we havent talked to in 30 days", date(2026, 11, 3)),
        ("accounts we haven't spoken with in 3 weeks", date(2026, 11, 12)),
        ("which customers have we not talked to in a month", date(2026, 11, 3)),
        ("which accounts haven't we met with in 6 weeks", date(2026, 10, 22)),
    ],
)
def test_accounts_we_have_not_talked_to_are_quiet(question: str, quiet_since: date) -> None:
    p = plan(question)
    assert (p.kind, p.filters.quiet_since) == ("deals_at_risk", quiet_since)
    assert p.not_understood == ()


def test_a_moved_close_date_is_a_timeline_slip() -> None:
    p = plan("which deals moved their close date")
    assert (p.kind, p.filters.risk_type) == ("deals_at_risk", ("timeline_slip",))
    assert p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("what do people like about coaching studio", ("coaching studio",)),
        ("feedback on deal desk", ("deal desk",)),
    ],
)
def test_a_product_named_is_what_was_said_not_a_deal_or_coaching(
    question: str, topic: tuple[str, ...]
) -> None:
    p = plan(question)
    assert (p.kind, p.filters.topic) == ("quotes", topic)
    assert any("one of our products" in n for n in p.notes)


@pytest.mark.parametrize(
    ("question", "close_end"),
    [
        ("deals closing before christmas", date(2026, 12, 25)),
        ("deals closing before end of jan", date(2027, 2, 1)),
    ],
)
def test_a_close_date_before_a_day_ahead_is_the_coming_one(question: str, close_end: date) -> None:
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.every_open
    assert p.filters.close_end == close_end and p.filters.close_start < date(2026, 1, 1)


def test_calls_before_the_end_of_a_month_run_through_its_last_day() -> None:
    p = plan("calls before the end of october")
    assert p.filters.end == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("question", "risk_type"),
    [
        ("which deals have no next step", ("no_next_steps",)),
        ("which deals have a pricing objection", ("pricing_objection",)),
        ("which deals have legal issues", ("legal_security",)),
    ],
)
def test_which_deals_have_a_risk_lists_them_unranked(question: str, risk_type: tuple[str, ...]) -> None:
    p = plan(question)
    assert (p.kind, p.top_n, p.filters.risk_type) == ("deals_at_risk", None, risk_type)


@pytest.mark.parametrize(
    ("question", "measure"),
    [("which rep has a higher talk ratio", "talk_ratio"), ("which rep had the most calls", "calls")],
)
def test_which_rep_has_a_higher_value_is_still_a_ranking(question: str, measure: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("ranking", measure, "rep")


@pytest.mark.parametrize("question", ["what did we book in q4", "how much have we booked this quarter"])
def test_what_we_booked_is_the_amount_won(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.filters.stage) == ("aggregate", "amount", ("Closed Won",))
    assert (p.filters.close_start, p.filters.close_end) == (date(2026, 10, 1), date(2027, 1, 1))


def test_a_meeting_booked_is_no_amount() -> None:
    p = plan("what did we book with orchard next week")
    assert p.measure != "amount" and p.filters.stage == ()


@pytest.mark.parametrize("question", ["anything on fire", "what's burning", "which deals are going sideways"])
def test_something_on_fire_is_the_deals_at_risk(question: str) -> None:
    p = plan(question)
    assert p.kind == "deals_at_risk" and not p.filters.every_open
    assert p.not_understood == ()

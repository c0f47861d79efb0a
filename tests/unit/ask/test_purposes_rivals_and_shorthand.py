"""Ways of asking that were read wrongly: why the asker wants it told after the question, what customers say of
rivals and their contracts, distinct accounts counted, "which 3 of my accounts", "last 30d", "churn threat", "this
month than last", "tlak", a lower-case rival "run into" much, a stage in a name's place, "all time" and "what calls
did I have"."""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.asker import apply_asker
from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, TODAY, plan


def test_why_the_asker_wants_it_after_the_question_chooses_nothing() -> None:
    p = plan("which open deals lost their champion? want to coach the reps on re-threading")
    assert (p.kind, p.filters.risk_type) == ("deals_at_risk", ("champion_loss",))
    assert p.not_understood == ()


@pytest.mark.parametrize(
    "question",
    [
        "what do customers say about competitors",
        "competitor quotes",
        "what are customers saying about the competition",
    ],
)
def test_what_customers_say_of_rivals_is_their_competitor_moments(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.risk_type, p.filters.quote_words) == ("quotes", ("competitor",), ())
    assert p.not_understood == ()


def test_a_contract_with_another_vendor_is_the_moments_that_name_the_contract() -> None:
    p = plan("Which prospects are locked into a contract w/ another vendor?")
    assert (p.filters.risk_type, p.filters.quote_words) == (("competitor",), ("%contra%",))


def test_switching_to_another_vendor_is_every_competitor_moment() -> None:
    p = plan("who's switching to another vendor")
    assert (p.filters.risk_type, p.filters.quote_words) == (("competitor",), ())


def test_the_deals_we_ended_up_winning_are_closed_won() -> None:
    p = plan("on the opps we ended up winning, what did the buyers say about competitors")
    assert (p.filters.stage, p.filters.risk_type) == (("Closed Won",), ("competitor",))


def test_up_against_a_rival_while_cooling_off_are_deals() -> None:
    p = plan("Where are we up against a competitor and the customer is cooling off?")
    assert (p.kind, p.filters.risk_type, p.filters.sentiment_trend) == (
        "deals_at_risk",
        ("competitor",),
        "falling",
    )


def test_budgets_frozen_find_a_budget_freeze() -> None:
    p = plan("Any customers telling us their budgets are frozen this quarter?")
    assert p.filters.risk_type == ("budget",) and p.filters.quote_words == ("%freez%", "%froze%")


def test_distinct_accounts_counted_by_a_verb() -> None:
    p = plan("count distinct accts w/ legal/security flags since 11/1")
    assert (p.kind, p.measure, p.group_by) == ("count", "calls", "account")
    assert p.filters.risk_type == ("legal_security",) and p.filters.start == date(2026, 11, 1)


def test_which_three_of_my_accounts_groups_by_account() -> None:
    p = plan("which 3 of my accounts have the most risk flags?")
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "risks", "account", 3)


@pytest.mark.parametrize(
    ("question", "start"),
    [("churn threat quotes, last 30d", date(2026, 11, 3)), ("calls past 2w", date(2026, 11, 19))],
)
def test_a_number_and_a_unit_letter_is_a_period(question: str, start: date) -> None:
    p = plan(question)
    assert p.filters.start == start and p.not_understood == ()


def test_churn_threat_is_the_churn_type() -> None:
    p = plan("churn signals this month")
    assert p.filters.risk_type == ("churn_threat",) and p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("is sentiment on calls better this month than last? give me both numbers", "month"),
        ("more calls this week than last week?", "week"),
    ],
)
def test_this_period_than_the_last_is_one_value_each(question: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.group_by) == ("aggregate", group_by) and p.not_understood == ()


def test_two_letters_swapped_in_talk() -> None:
    p = plan("avg tlak ratio by rep, q3")
    assert (p.measure, p.group_by) == ("talk_ratio", "rep")


def test_a_lower_case_rival_run_into_much_is_an_unknown_competitor() -> None:
    p = plan("do we run into avoma much? what are customers saying about them")
    assert p.filters.competitor == ("avoma",)
    assert any("no competitor matches 'avoma'" in n for n in p.not_understood)


def test_an_english_word_run_into_is_no_name() -> None:
    assert plan("do we run into trouble much").filters.competitor == ()


def test_a_stage_where_a_name_goes_is_no_account() -> None:
    p = plan("who needs the most help with discovery")
    assert p.filters.account == ()


def test_all_time_is_read_as_no_window() -> None:
    p = plan("which 3 reps leave the most objections unansered? all time")
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "objections", "rep", 3)
    assert p.filters.unanswered and p.filters.start is None and p.not_understood == ()


def test_a_count_in_one_quarter_is_one_number_for_the_qoq_slide() -> None:
    p = plan("total # of calls we logged in Q3? need it for the QoQ slide")
    assert (p.kind, p.group_by) == ("count", None) and p.not_understood == ()


@pytest.mark.parametrize(
    "question",
    [
        "what calls did i have yesterday",
        "how many demos have I run this month",
        "the calls I had with orchard",
    ],
)
def test_the_calls_i_had_are_the_askers(question: str) -> None:
    p = apply_asker(plan(question), question, "Kofi Thornton", CATALOG)
    assert p.filters.rep == ("Kofi Thornton",)


def test_a_product_no_deal_names_is_what_was_said() -> None:
    p = plan("how many calls mentioned Coaching Studio last month")
    assert (p.kind, p.filters.said) == ("count", ("Coaching Studio",))
    assert p.not_understood == () and any("'Coaching Studio' is one of our products" in n for n in p.notes)
    q = plan("what do customers say about coaching studio")
    assert q.kind == "quotes" and [t.lower() for t in q.filters.topic] == ["coaching studio"]


def test_a_product_with_its_account_is_still_the_deal() -> None:
    p = plan("calls on the orchard coaching studio deal")
    assert p.filters.said == () and p.filters.topic == ()


def test_a_product_named_forecast_is_no_revenue_forecast() -> None:
    catalog = replace(CATALOG, products=(*CATALOG.products, "Forecast Pro"))
    p = plan_question("how many calls mentioned Forecast Pro last month", today=TODAY, catalog=catalog)
    assert (p.kind, p.filters.said) == ("count", ("Forecast Pro",))
    q = plan_question("what's our Q1 forecast", today=TODAY, catalog=catalog)
    assert q.kind == "unanswerable"


def test_quotes_that_leave_out_a_kind_of_deal_leave_out_its_deals() -> None:
    p = plan(
        "which customers told us their budget is frozen? Leave out the renewals, those are a different talk."
    )
    assert p.kind == "quotes" and p.filters.not_opportunity == ("Bluewater Freight GmbH - Deal Desk Renewal",)
    q = plan("what did customers say about renewals")
    assert q.filters.not_opportunity == () and q.filters.opportunity == ()


def test_competitive_is_no_typo_of_competition() -> None:
    p = plan("coaching on competitive convos - what are customers saying about Chorus")
    assert p.filters.topic == () and p.filters.competitor == ("Chorus",)


@pytest.mark.parametrize(
    ("question", "title_words"),
    [("how did the demo with Orchard go", ()), ("how did the QBR with Orchard go?", ("qbr",))],
)
def test_how_one_named_call_went_is_its_brief(question: str, title_words: tuple) -> None:
    p = plan(question)
    assert (p.kind, p.filters.account, p.filters.title_words) == (
        "call_brief",
        ("Orchard Logistics",),
        title_words,
    )


def test_how_the_calls_went_lists_them() -> None:
    assert plan("how did the demos go last week").kind == "list_calls"


def test_training_completion_is_named_as_not_in_the_data() -> None:
    p = plan("which reps completed the discovery training and what's their talk ratio")
    assert any("who completed which training is not in the data" in n for n in p.not_understood)
    assert plan("calls about training last month").not_understood == ()

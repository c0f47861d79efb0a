"""Ways of asking that were read wrongly: a topic named before "calls" ("integration-heavy calls"), calls that
"went badly" or "go sideways", "the biggest talkers", deals closed won or lost in a period (their close date,
not their calls), closed deals counted by a group, reps who "let the customer" talk (calls with a customer on
them), "which of claire's accounts" (the accounts, not the rep), "best calls" (ranked by sentiment), "what
happened with" an account (its calls) and what customers "asked for"."""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, plan

WITH_LOST = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))


def plan_with_lost(question: str):
    return plan_question(question, today=date(2026, 12, 3), catalog=WITH_LOST)


@pytest.mark.parametrize(
    ("question", "kind", "topic"),
    [
        ("integration-heavy calls that went badly", "list_calls", ("Integrations",)),
        ("how many pricing calls last month", "count", ("Pricing",)),
        ("integration conversations by rep", "aggregate", ("Integrations",)),
    ],
)
def test_a_topic_before_calls_is_the_calls_of_that_topic(
    question: str, kind: str, topic: tuple[str, ...]
) -> None:
    p = plan(question)
    assert (p.kind, p.filters.topic) == (kind, topic)
    assert p.not_understood == ()


def test_calls_that_went_badly_are_negative_and_every_word_is_read() -> None:
    p = plan("integration-heavy calls that went badly")
    assert p.filters.sentiment == "negative"


def test_calls_that_go_sideways_are_negative() -> None:
    p = plan("which rep had the most calls go sideways last month")
    assert (p.kind, p.group_by, p.filters.sentiment) == ("ranking", "rep", "negative")


def test_deals_going_sideways_are_still_deals_at_risk() -> None:
    p = plan("which deals are going sideways")
    assert p.kind == "deals_at_risk" and p.filters.sentiment is None


@pytest.mark.parametrize(
    ("question", "sort", "top_n"),
    [
        ("who are the 3 biggest talkers on customer calls this quarter", "desc", 3),
        ("chattiest reps", "desc", None),
        ("who's the quietest talker", "asc", 1),
    ],
)
def test_talkers_are_ranked_by_talk_ratio(question: str, sort: str, top_n: int | None) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "talk_ratio", "rep", sort, top_n)
    assert p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("how much did we close-won in november?", ("Closed Won",)),
        ("closed-won deals in november", ("Closed Won",)),
        ("how many deals went closed lost in november", ("Closed Lost",)),
    ],
)
def test_deals_closed_in_a_period_are_read_by_close_date(question: str, stage: tuple[str, ...]) -> None:
    p = plan_with_lost(question)
    assert p.filters.stage == stage
    assert (p.filters.close_start, p.filters.close_end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert p.filters.start is None


def test_calls_on_closed_deals_in_a_period_are_the_calls_then() -> None:
    p = plan("calls on closed won deals in november")
    assert (p.filters.start, p.filters.close_start) == (date(2026, 11, 1), None)


def test_closed_deals_by_a_group_count_deals() -> None:
    p = plan_with_lost("closed lost deals this quarter by rep")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "deals", "rep")


def test_reps_who_let_the_customer_talk_are_read_on_customer_calls() -> None:
    p = plan("which 3 reps let the customer do most of the talking in november")
    assert (p.kind, p.measure, p.sort, p.top_n) == ("ranking", "talk_ratio", "asc", 3)
    assert p.filters.scope == "External"


@pytest.mark.parametrize(
    "question",
    [
        "of claire's accounts, which one has had the most negative calls?",
        "which of claire's accounts had the most negative calls",
    ],
)
def test_which_of_a_reps_accounts_ranks_the_accounts(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.group_by, p.top_n) == ("ranking", "account", 1)
    assert p.filters.rep == ("Claire Hayes",)


@pytest.mark.parametrize(
    ("question", "sort"), [("best calls last month", "desc"), ("worst calls this week", "asc")]
)
def test_best_or_worst_calls_are_ranked_by_sentiment(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort) == ("ranking", "avg_sentiment", None, sort)


@pytest.mark.parametrize(
    "question",
    [
        "where do things stand with bluewater",
        "what's the latest with bluewater",
        "what happened with bluewater this week",
    ],
)
def test_what_happened_with_an_account_is_its_calls(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.account) == ("list_calls", ("Bluewater Freight GmbH",))
    assert p.not_understood == ()


def test_what_happened_on_one_call_is_still_its_brief() -> None:
    assert plan("what happened on the orchard call yesterday").kind == "call_brief"


@pytest.mark.parametrize(
    ("question", "subject"),
    [("customers asking for a pilot", "pilot"), ("anyone ask for a free trial", "free trial")],
)
def test_what_customers_asked_for_is_what_was_said(question: str, subject: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.topic) == ("quotes", (subject,))


def test_a_subject_after_an_article_is_the_word_itself() -> None:
    p = plan("which calls did the customer mention a deadline")
    assert (p.kind, p.filters.said) == ("list_calls", ("deadline",))


def test_a_hyphenated_pen_test_is_security() -> None:
    p = plan("who asked for a pen-test report this quarter?")
    assert (p.kind, p.filters.topic) == ("quotes", ("Security & Compliance",))

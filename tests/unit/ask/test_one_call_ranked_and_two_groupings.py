"""Everyday phrasings tried on the unit tests' catalog, read wrongly before: "the most negative call last week"
ranked reps by their negative calls; "calls by rep by week" grouped by week and dropped the rep without a word;
"how many deals did kofi lose" kept no closed stage; "did evergreen's sentiment get worse" gave one number;
"more calls than last quarter" read only last quarter; "stale deals" searched nothing; "calls with discounts"
took "discounts" for an account; "the biggest concerns from prospects" ranked reps; a "risk breakdown" was one
number; "calls longer than an hour" and "over 45 mins" were read as no length, or "mins" as unused; "the
smallest open deal" was every deal, "largest active opp" ranked reps; "who do we lose to most" ranked reps."""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, TODAY, plan


@pytest.mark.parametrize(
    ("question", "sort"),
    [
        ("most negative call last week", "asc"),
        ("what was our worst call last week", "asc"),
        ("the most positive call in november", "desc"),
        ("kofi's best call", "desc"),
    ],
)
def test_one_call_asked_for_by_its_sentiment_is_that_call(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", None, sort, 1)
    assert p.filters.sentiment is None


def test_reps_with_the_most_negative_calls_are_still_reps() -> None:
    p = plan("which reps had the most negative calls in november")
    assert (p.kind, p.group_by) == ("ranking", "rep")


@pytest.mark.parametrize(
    ("question", "group_by", "other"),
    [
        ("calls by rep by week", "week", "rep"),
        ("how many calls per rep per week", "week", "rep"),
        ("average sentiment by rep and month", "rep", "month"),
        ("calls by account and stage", "account", "stage"),
        # every grouping's nouns: deals, kinds of risk and companies are groupings too
        ("number of calls by rep and deal", "rep", "opportunity"),
        ("average sentiment by rep and risk type", "risk_type", "rep"),
        ("how many calls per company by month", "account", "month"),
    ],
)
def test_a_second_grouping_is_named_as_not_applied(question: str, group_by: str, other: str) -> None:
    p = plan(question)
    assert p.group_by == group_by
    assert f"grouped by {group_by} only, not also by {other}" in p.not_understood
    assert not any(u.startswith("words not used") for u in p.not_understood)


@pytest.mark.parametrize("question", ["calls per week for morgan", "average talk ratio by rep"])
def test_one_grouping_asked_is_no_second(question: str) -> None:
    assert plan(question).not_understood == ()


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("how many deals did kofi lose", "Closed Lost"),
        ("how many deals did morgan win this quarter", "Closed Won"),
    ],
)
def test_deals_a_rep_won_or_lost_are_the_closed_stage(question: str, stage: str) -> None:
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))
    p = plan_question(question, today=TODAY, catalog=catalog)
    assert (p.kind, p.measure, p.filters.stage, p.not_understood) == ("count", "deals", (stage,), ())
    assert p.filters.rep and p.filters.rep[0].split()[0].lower() in question


@pytest.mark.parametrize(
    "question",
    ["did evergreen's sentiment get worse", "has our talk ratio gotten better", "is sentiment getting worse"],
)
def test_a_measure_getting_better_or_worse_is_its_course_by_month(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.group_by, p.not_understood) == ("aggregate", "month", ())


def test_more_than_last_period_compares_this_period_with_the_last() -> None:
    p = plan("are we having more calls than last quarter")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "calls", "quarter")
    assert (p.filters.start, p.filters.end) == (date(2026, 7, 1), date(2027, 1, 1))
    better = plan("is sentiment better than last month")
    assert (better.group_by, better.filters.start, better.not_understood) == ("month", date(2026, 11, 1), ())


@pytest.mark.parametrize("question", ["stale deals in negotiation", "any dormant accounts?"])
def test_stale_or_dormant_deals_are_quiet_ones(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.quiet_since, p.not_understood) == ("deals_at_risk", date(2026, 11, 3), ())


@pytest.mark.parametrize(
    "question",
    ["which calls had a discount", "calls with discounts", "calls where a discount was offered"],
)
def test_calls_that_held_a_subject_are_its_topic(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.topic, p.filters.account, p.not_understood) == (
        "list_calls",
        ("Pricing",),
        (),
        (),
    )


def test_a_discussion_of_a_subject_is_its_topic_not_the_risk() -> None:
    p = plan("how many calls had a security discussion")
    assert (p.kind, p.filters.topic, p.filters.risk_type, p.not_understood) == (
        "count",
        ("Security & Compliance",),
        (),
        (),
    )


@pytest.mark.parametrize(
    ("question", "top_n"),
    [
        ("what are the biggest concerns from prospects", 1),
        ("top concerns from customers", None),
        ("the most common concern", 1),
        ("most common risk types", None),
    ],
)
def test_the_biggest_concerns_are_the_risks_raised_most(question: str, top_n: int | None) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n, p.not_understood) == (
        "ranking",
        "risks",
        "risk_type",
        "desc",
        top_n,
        (),
    )


def test_the_most_common_objection_is_the_first_type() -> None:
    p = plan("most frequent objection")
    assert (p.measure, p.group_by, p.top_n, p.not_understood) == ("objections", "risk_type", 1, ())


@pytest.mark.parametrize("question", ["risk breakdown for orchard logistics", "breakdown of risks"])
def test_a_breakdown_of_risks_is_by_type(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "risks", "risk_type")


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("calls longer than an hour", 60.0, None),
        ("calls over half an hour last week", 30.0, None),
        ("calls under thirty minutes", None, 30.0),
        ("how many calls over forty-five minutes", 45.0, None),
        ("calls over 45 mins", 45.0, None),
        ("calls under 2 hrs", None, 120.0),
    ],
)
def test_a_length_spelt_out_or_cut_short_is_read(
    question: str, low: float | None, high: float | None
) -> None:
    p = plan(question)
    assert (p.filters.min_minutes, p.filters.max_minutes, p.not_understood) == (low, high, ())


@pytest.mark.parametrize(
    ("question", "sort"), [("smallest open deal", "asc"), ("largest active opp", "desc")]
)
def test_one_open_deal_by_its_size_is_that_deal(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n, p.not_understood) == (
        "ranking",
        "amount",
        "opportunity",
        sort,
        1,
        (),
    )


@pytest.mark.parametrize(
    ("question", "top_n"), [("which competitors are we losing to", 3), ("who do we lose to most", 1)]
)
def test_who_deals_are_lost_to_ranks_competitors_on_lost_deals(question: str, top_n: int) -> None:
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))
    p = plan_question(question, today=TODAY, catalog=catalog)
    assert (p.kind, p.group_by, p.filters.stage, p.top_n, p.not_understood) == (
        "ranking",
        "competitor",
        ("Closed Lost",),
        top_n,
        (),
    )

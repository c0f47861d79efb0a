"""Ways of asking that were read wrongly: a few said in words ("the two reps with the fewest calls", "a couple of
accounts"), who is leading, an amount in grand or "sub-50k", a change between two periods, two names compared on
risks, what is still owed, a rep's meeting to come told before the question, and deals trending the wrong way."""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, TODAY, plan


@pytest.mark.parametrize(
    ("question", "top_n", "sort", "group_by"),
    [
        ("the two reps with the fewest calls last month", 2, "asc", "rep"),
        ("the 3 reps with the fewest calls", 3, "asc", "rep"),
        ("a couple of reps with the highest sentiment", 2, "desc", "rep"),
        ("give me a couple accounts with the most risks", 2, "desc", "account"),
        ("show the accounts with the most risk flags", None, "desc", "account"),
    ],
)
def test_a_few_said_in_words_and_a_request_before_the_ranked_noun(
    question: str, top_n: int | None, sort: str, group_by: str
) -> None:
    p = plan(question)
    assert (p.kind, p.top_n, p.sort, p.group_by) == ("ranking", top_n, sort, group_by)


@pytest.mark.parametrize(
    ("question", "measure", "group_by"),
    [
        ("who leads on sentiment", "avg_sentiment", "rep"),
        ("who's ahead on talk ratio", "talk_ratio", "rep"),
        ("which account is leading in risks", "risks", "account"),
        ("who is leading on calls this quarter", "calls", "rep"),
    ],
)
def test_who_is_leading_is_the_top_one(question: str, measure: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.top_n, p.sort) == ("ranking", measure, group_by, 1, "desc")
    assert not p.not_understood


def test_leading_a_meeting_is_no_ranking() -> None:
    assert plan("who leads the deal review").kind != "ranking"


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("deals less than 50 grand", None, 50_000.0),
        ("deals over 100 grand", 100_000.0, None),
        ("sub-50k deals", None, 50_000.0),
        ("deals sub 1m", None, 1_000_000.0),
    ],
)
def test_amounts_in_grand_and_sub(question: str, low: float | None, high: float | None) -> None:
    f = plan(question).filters
    assert (f.min_amount, f.max_amount) == (low, high)


def test_a_couple_of_days() -> None:
    f = plan("calls in the last couple of days").filters
    assert (f.start, f.end) == (date(2026, 12, 1), date(2026, 12, 4))


@pytest.mark.parametrize(
    ("question", "measure", "group_by", "start", "end"),
    [
        (
            "did our call volume go up or down from october to november",
            "calls",
            "month",
            date(2026, 10, 1),
            date(2026, 12, 1),
        ),
        (
            "how did sentiment change from oct to nov",
            "avg_sentiment",
            "month",
            date(2026, 10, 1),
            date(2026, 12, 1),
        ),
        (
            "did kofi's talk ratio improve between Q3 and Q4",
            "talk_ratio",
            "quarter",
            date(2026, 7, 1),
            date(2027, 1, 1),
        ),
    ],
)
def test_a_change_between_two_periods_is_one_value_for_each(
    question: str, measure: str, group_by: str, start: date, end: date
) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", measure, group_by)
    assert (p.filters.start, p.filters.end) == (start, end)


def test_a_range_of_months_without_a_change_is_one_window() -> None:
    p = plan("how many calls did we have from oct to nov")
    assert (p.kind, p.group_by, p.filters.start, p.filters.end) == (
        "count",
        None,
        date(2026, 10, 1),
        date(2026, 12, 1),
    )


def test_quarters_spanned_cover_both() -> None:
    f = plan("calls between Q3 and Q4").filters
    assert (f.start, f.end) == (date(2026, 7, 1), date(2027, 1, 1))


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("compare kofi and morgan on risks", "rep"),
        ("evergreen vs orchard on risks", "account"),
        ("how do evergreen and orchard compare on risk flags", "account"),
    ],
)
def test_names_compared_on_risks_get_a_count_each(question: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "risks", group_by)
    assert p.filters.risk_type == ()


def test_what_objections_were_raised_is_still_quotes() -> None:
    assert plan("what objections did evergreen raise vs orchard").kind == "quotes"


@pytest.mark.parametrize(
    "question",
    [
        "anything outstanding for evergreen from our side?",
        "what's on kofi's plate after his calls this week",
        "any loose ends with orchard",
        "what does kofi still need to send polaris media",
    ],
)
def test_what_is_still_owed_is_commitments(question: str) -> None:
    assert plan(question).kind == "commitments"


@pytest.mark.parametrize(
    "question",
    [
        "Morgan's got Orchard on Friday - what should she know about how the tone of our calls with them has moved, "
        "month by month this quarter?",
        "Kofi has Evergreen next week: any open commitments we owe them?",
    ],
)
def test_a_reps_meeting_to_come_names_no_rep(question: str) -> None:
    p = plan(question)
    assert p.filters.rep == ()
    assert p.filters.account


def test_a_reps_meeting_to_come_keeps_the_rep_when_their_own_calls_are_asked() -> None:
    assert plan("Kofi has Evergreen next week: what did his calls with them sound like").filters.rep == (
        "Kofi Thornton",
    )


@pytest.mark.parametrize("question", ["deals trending down", "deals trending the wrong way"])
def test_deals_trending_the_wrong_way_are_deals(question: str) -> None:
    assert plan(question).kind == "deals_at_risk"


@pytest.mark.parametrize(
    ("question", "words"),
    [("any mention of layoffs", "layoffs"), ("any talk of layoffs in november", "layoffs")],
)
def test_a_mention_of_a_subject(question: str, words: str) -> None:
    assert plan(question).filters.topic == (words,)


def test_going_with_a_competitor_is_the_competitor_risk() -> None:
    assert plan("did anybody say they're going with a competitor").filters.risk_type == ("competitor",)


def test_truncating_the_answer_changes_nothing_and_is_no_refusal() -> None:
    assert plan("truncate the list to 5 calls with evergreen").kind == "list_calls"
    assert plan("truncate the calls table").kind == "unanswerable"


def test_a_managers_meeting_to_come_names_no_team() -> None:
    catalog = replace(CATALOG, teams=(("Chloe Okafor", ("Morgan Larsen", "Kofi Thornton")),))
    p = plan_question(
        "Chloe's got Orchard on Friday - how has the tone of our calls with them moved this quarter?",
        today=TODAY,
        catalog=catalog,
    )
    assert (p.filters.rep, p.filters.account) == ((), ("Orchard Logistics",))


@pytest.mark.parametrize(
    ("question", "measure", "group_by"),
    [
        ("sentiment for each of my reps", "avg_sentiment", "rep"),
        ("talk ratio for all of our reps", "talk_ratio", "rep"),
        ("how's each account feeling", "avg_sentiment", "account"),
    ],
)
def test_each_of_a_group_and_how_they_feel(question: str, measure: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", measure, group_by)


def test_every_demo_is_the_demo_stages_calls_but_feedback_on_the_demo_is_not() -> None:
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Demo"))
    every = plan_question("show me every demo morgan ran in october", today=TODAY, catalog=catalog)
    assert (every.kind, every.filters.stage, every.filters.rep) == (
        "list_calls",
        ("Demo",),
        ("Morgan Larsen",),
    )
    assert (
        plan_question("which demo feedback came from orchard", today=TODAY, catalog=catalog).filters.stage
        == ()
    )


@pytest.mark.parametrize(
    ("question", "sort"), [("which call went worst this month", "asc"), ("which call went best", "desc")]
)
def test_which_call_went_worst_is_one_call_by_its_sentiment(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", None, sort, 1)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        # "from" a part of a month is that part; "from ... on" or "through" reaches further
        ("calls from the first week of november", date(2026, 11, 1), date(2026, 11, 8)),
        ("calls from early october onwards", date(2026, 10, 1), date(2026, 12, 4)),
        ("calls from early oct through nov 15", date(2026, 10, 1), date(2026, 11, 16)),
        ("calls since the first week of november", date(2026, 11, 1), date(2026, 12, 4)),
        ("calls 3 weeks back", date(2026, 11, 9), date(2026, 11, 16)),
    ],
)
def test_a_part_of_a_month_from_which_and_weeks_back(question: str, start: date, end: date) -> None:
    f = plan(question).filters
    assert (f.start, f.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("tell me about the evergreen call on nov 12", "call_brief"),
        ("quick readout of the last orchard meeting", "call_brief"),
        ("summary of every call with polaris media this month", "list_calls"),
        ("tell me about the calls with orchard", "list_calls"),
    ],
)
def test_one_calls_brief_and_a_summary_of_every_call(question: str, kind: str) -> None:
    assert plan(question).kind == kind

"""Ways of asking that were read wrongly: close dates ahead ("in the next 2 weeks") or already behind, a deal
list that "which deals are ..." made a ranking, periods compared over a period ("quarter over quarter", "vs last
month"), two names compared on calls, terse sentiment ("neg only"), a list of stages and deals counted by a
group."""

from datetime import date

import pytest

from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("deals closing in the next 2 weeks", date(2026, 12, 3), date(2026, 12, 18)),
        ("which deals close within the next 30 days", date(2026, 12, 3), date(2027, 1, 3)),
        ("what's closing in the next 2 weeks", date(2026, 12, 3), date(2026, 12, 18)),
        ("deals closing over the next three months", date(2026, 12, 3), date(2027, 3, 3)),
    ],
)
def test_a_close_window_ahead_starts_today(question: str, start: date, end: date) -> None:
    p = plan(question)
    assert p.kind == "deals_at_risk"
    assert (p.filters.close_start, p.filters.close_end) == (start, end)
    assert p.not_understood == ()


@pytest.mark.parametrize(
    "question",
    ["show me every deal that's past its close date", "which opps have a close date that already passed"],
)
def test_deals_past_their_close_date_close_before_today(question: str) -> None:
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.every_open
    assert p.filters.close_end == date(2026, 12, 3) and p.filters.close_start < date(2026, 1, 1)
    assert "close date before 2026-12-03" in p.restated()


def test_an_overdue_deal_is_no_account_name() -> None:
    p = plan("overdue deals over 50k")
    assert p.filters.account == () and p.filters.min_amount == 50000
    assert p.filters.close_end == date(2026, 12, 3)


def test_which_deals_are_closing_lists_the_deals() -> None:
    p = plan("which deals are closing this month and over 100k")
    assert (p.kind, p.group_by, p.top_n) == ("deals_at_risk", None, None)
    assert p.filters.min_amount == 100000
    assert (p.filters.close_start, p.filters.close_end) == (date(2026, 12, 1), date(2027, 1, 1))


def test_which_rep_has_the_most_is_still_a_ranking() -> None:
    p = plan("which rep has the most calls")
    assert (p.kind, p.group_by, p.top_n) == ("ranking", "rep", 1)


@pytest.mark.parametrize(
    ("question", "group_by", "start"),
    [
        ("quarter over quarter call volume", "quarter", None),
        ("qoq calls", "quarter", None),
        ("is sentiment up or down vs last month", "month", date(2026, 11, 1)),
        ("negative calls vs last quarter", "quarter", date(2026, 7, 1)),
    ],
)
def test_a_period_over_period_is_one_value_per_period(
    question: str, group_by: str, start: date | None
) -> None:
    p = plan(question)
    assert (p.kind, p.group_by, p.filters.start) == ("aggregate", group_by, start)


def test_vs_last_month_spans_this_month_and_the_last() -> None:
    p = plan("is sentiment up or down vs last month")
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 1), date(2027, 1, 1))
    assert p.measure == "avg_sentiment"


@pytest.mark.parametrize(
    ("question", "group_by", "names"),
    [
        ("morgan vs kofi calls this month", "rep", ("Morgan Larsen", "Kofi Thornton")),
        ("evergreen vs orchard, calls in q4", "account", ("Evergreen Labs Ltd", "Orchard Logistics")),
    ],
)
def test_two_names_compared_on_calls_are_a_count_for_each(question: str, group_by: str, names: tuple) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "calls", group_by)
    assert getattr(p.filters, group_by) == names


def test_a_list_of_both_names_calls_is_still_a_list() -> None:
    p = plan("show me the calls of morgan vs kofi")
    assert p.kind == "list_calls" and p.filters.rep == ("Morgan Larsen", "Kofi Thornton")


@pytest.mark.parametrize(
    ("question", "sentiment"),
    [
        ("calls by rep last qtr, neg only", "negative"),
        ("calls last week only neg", "negative"),
        ("calls pos only last month", "positive"),
        ("pos calls with orchard", "positive"),
    ],
)
def test_terse_sentiment(question: str, sentiment: str) -> None:
    p = plan(question)
    assert p.filters.sentiment == sentiment and p.not_understood == ()


def test_the_word_pos_alone_is_no_sentiment() -> None:
    assert plan("calls about the pos integration").filters.sentiment is None


@pytest.mark.parametrize(
    ("question", "stages"),
    [
        ("how much pipeline is in proposal and negotiation combined", ("Proposal", "Negotiation")),
        ("deals in proposal or negotiation", ("Proposal", "Negotiation")),
        ("calls in discovery, proposal or negotiation last month", ("Discovery", "Proposal", "Negotiation")),
    ],
)
def test_every_stage_of_a_list_is_kept(question: str, stages: tuple) -> None:
    p = plan(question)
    assert p.filters.stage == stages and p.not_understood == ()


def test_a_stage_word_not_used_as_a_stage_is_still_left_over() -> None:
    p = plan("how did orchard react to the proposal and negotiation")
    assert p.filters.stage == ()


@pytest.mark.parametrize(
    ("question", "group_by"),
    [("deals by stage", "stage"), ("open deals by rep", "rep"), ("deal count by account", "account")],
)
def test_deals_by_a_group_count_deals(question: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "deals", group_by)


def test_calls_by_a_group_still_count_calls() -> None:
    p = plan("calls on deals by stage")
    assert (p.measure, p.group_by) == ("calls", "stage")


def test_a_contraction_typed_without_its_apostrophe_is_read() -> None:
    p = plan("whats the total value of deals we won this quarter")
    assert p.not_understood == () and p.measure == "amount" and p.filters.stage == ("Closed Won",)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("how many calls did the team log in nov vs oct", date(2026, 10, 1), date(2026, 12, 1)),
        ("sentiment november and october", date(2026, 10, 1), date(2026, 12, 1)),
        ("calls in september, october and november", date(2026, 9, 1), date(2026, 12, 1)),
        ("calls december and january", date(2026, 12, 1), date(2027, 2, 1)),
    ],
)
def test_two_months_named_latest_first_are_the_two_months(question: str, start: date, end: date) -> None:
    p = plan(question)
    assert (p.filters.start, p.filters.end) == (start, end)


def test_this_month_vs_last_alone_is_both_months() -> None:
    p = plan("how's the team trending this month vs last")
    assert (p.group_by, p.filters.start, p.filters.end) == ("month", date(2026, 11, 1), date(2027, 1, 1))
    assert p.not_understood == ()


def test_only_ones_with_a_number_plus_calls_is_the_smallest_sample() -> None:
    p = plan("rank the reps by avg sentiment, only ones with 5+ calls")
    assert (p.kind, p.measure, p.group_by, p.filters.min_calls) == ("ranking", "avg_sentiment", "rep", 5)


@pytest.mark.parametrize(
    ("question", "kind", "group_by"),
    [
        ("who's having the toughest calls lately", "ranking", "rep"),
        ("which account has the roughest calls", "ranking", "account"),
        ("list the tough calls from last week", "list_calls", None),
    ],
)
def test_tough_calls_are_negative_ones(question: str, kind: str, group_by: str | None) -> None:
    p = plan(question)
    assert (p.kind, p.group_by, p.filters.sentiment) == (kind, group_by, "negative")
    assert p.filters.account == ()


def test_tough_questions_are_no_sentiment() -> None:
    assert plan("customers asked tough questions on pricing").filters.sentiment is None


@pytest.mark.parametrize(
    ("question", "sort"),
    [
        ("longest call last month", "desc"),
        ("which was the shortest call this week", "asc"),
        ("which call was the longest in november", "desc"),
    ],
)
def test_the_one_longest_call_is_a_ranking_of_one(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.group_by, p.top_n, p.sort) == ("ranking", None, 1, sort)
    assert p.not_understood == ()


def test_the_longest_calls_are_still_every_call_by_length() -> None:
    p = plan("list the longest calls")
    assert (p.kind, p.order, p.top_n) == ("list_calls", "duration", None)


def test_deals_moved_to_a_stage_are_in_it_and_the_move_is_named_unread() -> None:
    p = plan("which deals moved to negotiation this month")
    assert p.filters.stage == ("Negotiation",)
    assert "words not used: 'moved'" in p.not_understood


def test_accounts_past_a_number_of_deals() -> None:
    p = plan("which accounts have more than one open deal")
    assert (p.kind, p.measure, p.group_by, p.filters.min_value) == ("aggregate", "deals", "account", 1.0)


@pytest.mark.parametrize("question", ["what's the win rate", "win rate by rep"])
def test_a_win_rate_asked_plainly_is_named_as_not_in_the_data(question: str) -> None:
    p = plan(question)
    assert p.kind == "unanswerable" and "a win rate" in p.not_understood[0]


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("calls during thanksgiving week", date(2026, 11, 23), date(2026, 11, 30)),
        ("calls from the past 48 hours", date(2026, 12, 1), date(2026, 12, 4)),
        ("calls in the last 24h", date(2026, 12, 2), date(2026, 12, 4)),
        ("calls since labor day", date(2026, 9, 7), date(2026, 12, 4)),
        ("calls the last 3 business days", date(2026, 12, 1), date(2026, 12, 4)),
    ],
)
def test_holiday_weeks_hours_and_business_days(question: str, start: date, end: date) -> None:
    p = plan(question)
    assert (p.filters.start, p.filters.end) == (start, end) and p.not_understood == ()

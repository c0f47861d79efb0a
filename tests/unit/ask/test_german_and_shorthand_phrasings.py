"""A manager mixing German into English, day-first dates with a trailing dot ("seit 1.10."), shorthand ("lw"),
money booked, a bound on how often we spoke with a group, and things the data does not hold (pay, other systems,
another vendor's portal, review-site ratings, a bookings projection), each named."""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.rules import plan_question
from include.gong_intel.ask.second_language import in_english
from tests.unit.ask.test_phrasings import CATALOG, TODAY, plan


@pytest.mark.parametrize(
    ("german", "english"),
    [
        (
            "zeig mir die calls von letzter Woche mit schlechter Stimmung",
            "show me the calls last week with negative sentiment",
        ),
        (
            "wie viele risks pro risk type seit 1.11.? kurze Übersicht reicht",
            "how many risks per risk type since 1.11.? ",
        ),
        ("anzahl calls mit Clari mention seit 1.10.", "number of calls mentioning Clari since 1.10."),
    ],
)
def test_a_question_mixing_german_is_read_in_english(german: str, english: str) -> None:
    assert in_english(german) == english


def test_english_words_german_shares_are_no_german() -> None:
    # ("die", "hat", "was" and "will" are English too: two German-only words are needed)
    question = "which deals will die if the champion was let go and what hat does the CFO wear"
    assert in_english(question) == question


def test_german_question_plans() -> None:
    p = plan("zeig mir die calls von letzter Woche mit schlechter Stimmung")
    assert (p.kind, p.filters.sentiment, p.filters.start, p.filters.end) == (
        "list_calls",
        "negative",
        date(2026, 11, 23),
        date(2026, 11, 30),
    )
    deals = plan("negotiation deals wo ein competitor mitspielt und die Stimmung kippt - welche sind das?")
    assert (deals.kind, deals.filters.stage, deals.filters.risk_type, deals.filters.sentiment_trend) == (
        "deals_at_risk",
        ("Negotiation",),
        ("competitor",),
        "falling",
    )


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("calls mentioning Clari since 1.10.", date(2026, 10, 1), date(2026, 12, 4)),
        ("calls on 16.11.", date(2026, 11, 16), date(2026, 11, 17)),
        ("calls between 1.11. and 15.11.", date(2026, 11, 1), date(2026, 11, 16)),
        ("disc calls lw", date(2026, 11, 23), date(2026, 11, 30)),
        ("# calls lm", date(2026, 11, 1), date(2026, 12, 1)),
    ],
)
def test_day_first_dates_with_a_dot_and_two_letter_periods(question: str, start: date, end: date) -> None:
    f = plan(question).filters
    assert (f.start, f.end) == (start, end)


def test_a_number_ending_a_sentence_is_no_date() -> None:
    assert plan("calls with a talk ratio over 0.6.").filters.start is None


def test_bookings_are_the_amount_of_deals_won_in_their_close_period() -> None:
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))
    p = plan_question("Q4 bookigns so far — closed won $ by close date", today=TODAY, catalog=catalog)
    assert (p.kind, p.measure, p.filters.stage) == ("aggregate", "amount", ("Closed Won",))
    assert (p.filters.start, p.filters.close_start, p.filters.close_end) == (
        None,
        date(2026, 10, 1),
        date(2027, 1, 1),
    )
    assert not p.not_understood
    booking = plan_question("which rep is best at booking the next meeting", today=TODAY, catalog=catalog)
    assert booking.filters.stage == ()


def test_a_bookings_projection_is_a_forecast() -> None:
    for question in ("Q1 2027 bookings projection?", "what will Q1 2027 bookings come in at?"):
        assert plan(question).kind == "unanswerable"


def test_only_groups_we_spoke_with_at_least_twice() -> None:
    p = plan("3 happiest accounts this qtr by avg sentiment? only ones we've talked to at least twice")
    assert (p.kind, p.sort, p.top_n, p.group_by, p.filters.min_calls) == ("ranking", "desc", 3, "account", 2)
    assert not p.not_understood


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("how much am i actually talking vs listning on my calls this quarter?", "talk_ratio"),
        ("how do the orchard calls feel on average?", "avg_sentiment"),
    ],
)
def test_measures_said_in_other_words(question: str, measure: str) -> None:
    assert plan(question).measure == measure


def test_pushing_back_hardest_on_price_is_the_pricing_objection() -> None:
    assert plan("which 3 accounts push back hardest on price?").filters.risk_type == ("pricing_objection",)


def test_a_customer_cooling_off_is_a_falling_trend() -> None:
    p = plan("open deals where a competitor's in play and the customer's cooling off")
    assert (p.kind, p.filters.sentiment_trend, p.filters.risk_type) == (
        "deals_at_risk",
        "falling",
        ("competitor",),
    )


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("exportier mir bitte die salaries und commissions aller reps aus Workday, als Excel", "workday"),
        ("what NPS / G2 ratings do our happiest customers give us?", "g2 ratings"),
        ("log into clari's customer portal and pull their pipeline data", "portal"),
        ("whats our win rate against chorus this yr?", "against a competitor"),
    ],
)
def test_what_the_data_does_not_hold_is_named(question: str, named: str) -> None:
    assert named in " ".join(plan(question).not_understood).lower()


def test_calls_that_mentioned_a_word_no_name_holds_are_the_calls_where_it_was_said() -> None:
    p = plan("how many calls mentioned highspot at all?")
    assert (p.kind, p.filters.said, p.filters.topic, p.filters.competitor) == ("count", ("highspot",), (), ())
    assert "highspot" in " ".join(p.not_understood)
    assert plan("calls where Chorus came up").filters.said == ()  # a known name is itself

"""What a question tells around what it asks: an event coming up ("Partner council next week."), what the asker
is doing ("Checking which security reviews I wasn't looped into."), and a champion walking out the door."""

from __future__ import annotations

from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window
from tests.unit.ask.test_phrasings import plan

TODAY = date(2026, 12, 3)


def test_a_short_first_sentence_naming_an_event_to_come_is_not_the_calls_time():
    window = parse_window(
        "Partner council next week. Which 3 competitors come up the most since 1 October?", TODAY
    )
    assert (window.start, window.end) == (date(2026, 10, 1), date(2026, 12, 4))
    assert parse_window("QBR next monday: calls since 1 October?", TODAY).start == date(2026, 10, 1)


def test_a_time_to_come_that_is_the_question_itself_is_still_read():
    assert parse_window("calls next week.", TODAY).label == "next week"
    assert parse_window("calls on friday. which ones were negative?", TODAY).start == date(2026, 11, 27)


def test_what_the_asker_is_checking_told_after_the_question_asks_for_nothing():
    p = plan(
        "Which of Morgan's calls since October had Security & Compliance on the agenda? Checking which security "
        "reviews I wasn't looped into."
    )
    assert (p.filters.topic, p.filters.risk_type) == (("Security & Compliance",), ())


def test_a_name_told_after_the_question_is_still_read():
    assert plan("which calls were negative? checking which of them kofi ran").filters.rep == (
        "Kofi Thornton",
    )


def test_a_champion_or_sponsor_walking_out_the_door_is_champion_loss_not_churn():
    p = plan("Which deals in negotiation have had their champion or sponsor walk out the door since October?")
    assert p.filters.risk_type == ("champion_loss",)
    assert plan("deals where the customer threatened to walk away").filters.risk_type == ("churn_threat",)
    both = plan("deals where the champion left and the customer threatened to cancel")
    assert set(both.filters.risk_type) == {"champion_loss", "churn_threat"}


def test_a_count_asked_before_a_count_the_data_cannot_hold_is_answered():
    p = plan(
        "How many discovery-stage calls did we run in Q4, and how many of those prospects went on to spin up a POC sandbox?"
    )
    assert (p.kind, p.filters.stage) == ("count", ("Discovery",))
    assert any("sandbox" in n for n in p.not_understood)


def test_a_reason_told_beside_the_question_is_no_filter():
    p = plan(
        "Bottom 3 reps on call sentiment this quarter. Leave Kofi out - renewals are a different animal."
    )
    assert (p.filters.deal_type, p.filters.opportunity, p.filters.not_rep) == ((), (), ("Kofi Thornton",))
    assert plan("which renewals are at risk this quarter").filters.deal_type == ("renewal",)


@pytest.mark.parametrize(
    "question",
    [
        "Bottom 3 reps on call sentiment this quarter, not counting Kofi",
        "Bottom 3 reps on call sentiment this quarter. Don't count Kofi.",
        "Bottom 3 reps on call sentiment this quarter, do not count kofi",
    ],
)
def test_a_rep_not_counted_is_left_out_not_asked_for(question):
    p = plan(question)
    assert (p.filters.rep, p.filters.not_rep) == ((), ("Kofi Thornton",))


@pytest.mark.parametrize(
    "words",
    ["everyone but Kofi", "aside from Kofi", "excl. Kofi", "w/o Kofi", "Kofi aside", "- forget Kofi"],
)
def test_every_way_of_leaving_a_rep_out_leaves_the_rep_out(words):
    p = plan(f"avg sentiment by rep this quarter, {words}")
    assert (p.filters.rep, p.filters.not_rep) == ((), ("Kofi Thornton",))


@pytest.mark.parametrize(
    "question",
    [
        "avg sentiment by account this quarter, leaving Orchard out",
        "calls this month that weren't with Orchard",
        "calls this month not with Orchard",
    ],
)
def test_every_way_of_leaving_an_account_out_leaves_the_account_out(question):
    p = plan(question)
    assert (p.filters.account, p.filters.not_account) == ((), ("Orchard Logistics",))


def test_a_sentiment_band_said_not_to_hold_is_not_filtered_to_and_is_named():
    p = plan("calls this month that weren't negative")
    assert p.filters.sentiment is None
    assert any("not left out: negative calls" in n for n in p.not_understood)
    assert plan("negative calls this month").filters.sentiment == "negative"


@pytest.mark.parametrize("question", ["deals not in negotiation", "non-negotiation deals"])
def test_a_stage_said_not_to_hold_is_not_filtered_to_and_is_named(question):
    p = plan(question)
    assert p.filters.stage == ()
    assert any("not left out: stage Negotiation" in n for n in p.not_understood)


def test_deals_said_not_to_be_at_risk_are_every_open_deal_with_a_word_on_it():
    p = plan("which open deals are not at risk")
    assert p.filters.every_open
    assert any("not left out: the deals at risk" in n for n in p.not_understood)
    assert not plan("which deals are at risk").filters.every_open


@pytest.mark.parametrize(
    "question", ["calls not about pricing this month", "calls where pricing never came up"]
)
def test_a_topic_said_not_to_hold_is_not_filtered_to_and_is_named(question):
    p = plan(question)
    assert p.filters.topic == ()
    assert any("not left out: topic Pricing" in n for n in p.not_understood)
    assert plan("calls about pricing").filters.topic == ("Pricing",)


def test_a_competitor_not_mentioned_and_an_account_with_nothing_from_it_are_not_filtered_to():
    assert plan("calls this month that didn't mention Chorus").filters.competitor == ()
    p = plan("quotes on pricing but nothing from Orchard")
    assert (p.filters.account, p.filters.not_account) == ((), ("Orchard Logistics",))


def test_a_period_left_out_is_not_the_window_and_is_named():
    p = plan("calls this quarter except last week")
    assert (p.filters.start, p.filters.end) == (date(2026, 10, 1), date(2027, 1, 1))
    assert any("not left out: 'except last week'" in n for n in p.not_understood)
    q = plan("negative calls outside november")
    assert (q.filters.start, q.filters.sentiment) == (None, "negative")
    assert plan("calls in november").filters.start == date(2026, 11, 1)


def test_calls_with_no_external_participant_are_internal_calls():
    p = plan(
        "How many internal-only recordings — calls with no external participant on the line — did we capture in Q4?"
    )
    assert p.filters.scope == "Internal"
    assert plan("external calls in Q4").filters.scope == "External"


def test_two_managers_teams_named_with_one_noun_are_both_teams():
    p = plan(
        "Across Owen's and Priya's teams combined, who were the three busiest reps by number of calls in November?"
    )
    assert not any("Across" in r for r in p.filters.rep)


def test_two_accounts_side_by_side_one_unknown_get_one_value_each():
    p = plan("average call sentiment this quarter for Polaris Media and Polaris Foods, side by side")
    assert (p.group_by, set(p.filters.account)) == ("account", {"Polaris Media", "Polaris Foods"})


def test_what_the_asker_wants_to_see_from_the_answer_asks_for_nothing():
    p = plan("negotiation calls per week for the last 4 weeks? wanna see if the pipe is actually moving")
    assert (p.measure, p.group_by) == ("calls", "week")

"""Families of phrasings: a later question the data cannot hold after one it can, conditions typed on the
warehouse's columns, names that share a word with a rep, and words from other languages or cut short."""

from datetime import date

import pytest

from include.gong_intel.ask.rules import correct_typos

from .test_phrasings import CATALOG, plan


@pytest.mark.parametrize(
    ("question", "kind", "named"),
    [
        (
            "how many calls did Chorus come up on in Q4? and pull Chorus's list price per seat",
            "count",
            "price lists",
        ),
        (
            "Which Orchard Logistics calls happened since 11/16, and did they open the deck I emailed?",
            "list_calls",
            "opened or read is not tracked",
        ),
        ("how many calls did kofi have in november? what was his quota?", "count", "quotas"),
    ],
)
def test_the_answerable_question_is_answered_and_the_later_one_named(question, kind, named):
    p = plan(question)
    assert p.kind == kind
    assert any(named in n for n in p.not_understood)


def test_a_question_the_data_cannot_hold_at_all_is_still_unanswerable():
    p = plan("What is our forecast for Q1 and which deals will close?")
    assert p.kind == "unanswerable"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (
            "Please change the stage of the Orchard deal to Closed Won in the system",
            "change the stage of the Orchard deal to Closed Won",
        ),
        (
            "run this: DELETE FROM STG_TRANSFORMED.STG_GONG_CALLS WHERE PRIMARY_USER_NAME = 'Mei Kim'; thanks",
            "DELETE FROM STG_TRANSFORMED.STG_GONG_CALLS WHERE PRIMARY_USER_NAME = 'Mei Kim'",
        ),
    ],
)
def test_a_refused_change_is_restated_in_full(question, words):
    p = plan(question)
    assert p.kind == "unanswerable" and f"Not done: “{words}" in (p.reason or "")


def test_conditions_on_columns_are_read_as_their_words():
    p = plan(
        "list CALL_IDs for the week of 2026-11-16 where SENTIMENT_SCORE < -0.2 and OPPORTUNITY_STAGE = 'Negotiation'"
    )
    assert (p.kind, p.filters.sentiment, p.filters.stage) == ("list_calls", "negative", ("Negotiation",))
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 16), date(2026, 11, 23))
    q = plan("customer turns asking for a SOC 2 report, OPPORTUNITY_STAGE in (Proposal, Negotiation), Q4")
    assert q.kind == "quotes" and set(q.filters.stage) == {"Proposal", "Negotiation"}
    # another bound than the band's is not passed off as the band
    assert plan("list calls where SENTIMENT_SCORE < -0.5").filters.sentiment is None


def test_words_in_capitals_are_no_names():
    p = plan("select the top 5 riskiest open opps with AMOUNT > 100000, ordered by RISK_SCORE desc")
    assert p.filters.account == () and p.filters.min_amount == 100000


@pytest.mark.parametrize(
    ("question", "typed", "rep"),
    [
        ("Show me the calls of Kofi Thompson from this month", "Kofi Thompson", "Kofi Thornton"),
        ("what did Morgan Lawson promise Orchard Logistics", "Morgan Lawson", "Morgan Larsen"),
    ],
)
def test_a_rep_s_first_name_with_another_surname_is_someone_unknown(question, typed, rep):
    p = plan(question)
    assert p.filters.rep == (typed,)
    assert any(n.startswith(f"no rep matches '{typed}' — closest: {rep}") for n in p.not_understood)


def test_one_slip_in_a_surname_is_still_the_rep():
    assert plan("Kofi Thornten calls last week").filters.rep == ("Kofi Thornton",)


def test_this_month_and_last_month_is_both():
    p = plan("calls of Claire from this month and the last month")
    assert (p.filters.start, p.filters.end, p.group_by) == (date(2026, 11, 1), date(2027, 1, 1), None)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("worst 3 reps on sentmt", "worst 3 reps on sentiment"),
        ("Wich deals slipped", "which deals slipped"),
        ("who is asking for Rabatt", "who is asking for discount"),
        ("quejas sobre el precio", "quejas sobre el price"),
    ],
)
def test_words_cut_short_misspelt_or_in_another_language(typed, read):
    assert correct_typos(typed) == read


def test_a_word_in_another_language_is_no_unknown_name():
    p = plan("What have customers said about the Betriebsrat in November?")
    assert p.kind == "quotes" and p.filters.account == ()
    assert not any("matches" in n for n in p.not_understood)


def test_a_capitalised_word_asked_about_by_name_is_an_unknown_competitor():
    p = plan("how many calls has Momentum come up on since september?")
    assert (p.kind, p.filters.competitor) == ("count", ("Momentum",))
    assert plan("how many calls has Pricing come up on").filters.competitor == ()


@pytest.mark.parametrize(
    ("question", "risk"),
    [
        ("how many calls ended without anybody agreeing on what happens next?", "no_next_steps"),
        ("which calls ended with nobody committing to a next step", "no_next_steps"),
    ],
)
def test_nothing_agreed_is_no_next_steps(question, risk):
    assert plan(question).filters.risk_type == (risk,)


def test_how_often_is_a_count_of_what_was_brought_up():
    p = plan("how often do customers bring up pricing")
    assert (p.kind, p.filters.topic) == ("count", ("Pricing",))


def test_deals_without_a_call_in_the_last_days_are_quiet_not_a_window():
    p = plan("Which open deals haven't had a single call in the last 30 days?")
    assert (p.kind, p.filters.quiet_since, p.filters.start) == ("deals_at_risk", date(2026, 11, 3), None)


def test_walk_me_through_the_latest_conversation_is_a_brief():
    p = plan("Walk me through our most recent conversation with Orchard Logistics.")
    assert (p.kind, p.filters.account) == ("call_brief", ("Orchard Logistics",))


def test_the_question_s_own_period_wins_over_the_story_s():
    p = plan(
        "Budgets worry me for the Q1 renewals. Since 1 November, which customers said their budget is frozen?"
    )
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 1), date(2026, 12, 4))


def test_quotes_asked_for_by_name_are_quotes_whatever_else_is_said():
    p = plan("Deals over 100k with security review trouble - quotes from the calls please")
    assert p.kind == "quotes" and p.filters.min_amount == 100000
    assert p.filters.topic == ("Security & Compliance",) or p.filters.risk_type == ("legal_security",)


@pytest.mark.parametrize(
    "question",
    [
        "negative calls last week excluding internal calls",
        "how many calls did kofi have last month, not counting internal ones",
        "top 5 reps by talk ratio in q4, customer-facing calls only",
    ],
)
def test_internal_calls_left_out_are_the_calls_with_a_customer(question):
    p = plan(question)
    assert p.filters.scope == "External" and not p.not_understood


def test_our_side_or_theirs_is_no_ranking_of_reps():
    p = plan("with evergreen, who does most of the talking, us or them? our average share of airtime")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "talk_ratio", None)


def test_negotiations_are_deals_in_negotiation():
    p = plan("Which of our big negotiations, the ones over 150k, are in trouble right now?")
    assert (p.kind, p.filters.stage, p.filters.min_amount) == ("deals_at_risk", ("Negotiation",), 150000)


def test_i_mean_is_no_average():
    p = plan("Which calls had we with Polaris last month? I mean all the Polaris companies.")
    assert (p.kind, set(p.filters.account)) == ("list_calls", {"Polaris Labs", "Polaris Media"})


@pytest.mark.parametrize(
    "question",
    [
        "Where have we lost our inside supporter at a customer since October?",
        "which deals lost their internal advocate",
    ],
)
def test_an_inside_supporter_is_a_champion(question):
    assert plan(question).filters.risk_type == ("champion_loss",)


def test_competitors_that_show_up_are_the_calls_naming_any_of_them():
    p = plan("where in the funnel do competitors show up most? broken down by deal stage")
    assert (p.group_by, p.filters.competitor) == ("stage", CATALOG.competitors)
    # what customers said of them is still the competitor flag's quotes
    assert plan("what did customers say when a competitor came up").filters.risk_type == ("competitor",)


@pytest.mark.parametrize(
    ("question", "account"),
    [
        ("calls with ever green labs in november", "Evergreen Labs Ltd"),
        ("calls w/ polaris media q4", "Polaris Media"),
    ],
)
def test_a_name_typed_apart_or_followed_by_a_period_is_still_the_name(question, account):
    assert plan(question).filters.account == (account,)


@pytest.mark.parametrize(
    "question",
    [
        "On negotiation calls in November, what kinds of problems came up, and how often?",
        "what kinds of red flags did orchard logistics raise last month",
    ],
)
def test_kinds_of_problems_are_the_flags_of_each_risk_type(question):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "risks", "risk_type")


def test_kinds_of_problems_with_a_subject_and_no_count_are_what_was_said():
    p = plan("what sort of problems do customers have with onboarding")
    assert (p.kind, p.filters.topic, p.filters.account) == ("quotes", ("Onboarding & Training",), ())


def test_a_word_of_the_question_after_a_rep_s_first_name_is_no_surname():
    p = plan("Kofi Please show his calls from last week")
    assert p.filters.rep == ("Kofi Thornton",) and not any("matches" in n for n in p.not_understood)

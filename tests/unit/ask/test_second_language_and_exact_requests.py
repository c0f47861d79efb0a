"""Questions written the way a German-speaking director, a deal desk or a phone typist writes them: ISO calendar
weeks ("KW 47"), thousands grouped by dots ("50.000"), a few German words, a good word said not to hold ("not
happy"), a title quoted to name a group of users, and a part the data cannot hold asked before one it can."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window
from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, plan
from tests.unit.ask.test_semantic_plan import _rendered

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("words", "start"),
    [
        ("KW 47", date(2026, 11, 16)),
        ("kw48", date(2026, 11, 23)),
        ("calendar week 49", date(2026, 11, 30)),
        ("CW 2", date(2026, 1, 5)),
        ("KW 50", date(2025, 12, 8)),  # (not begun yet this year: last year's)
    ],
)
def test_a_calendar_week_by_its_number_is_that_iso_week(words, start):
    window = parse_window(f"calls in {words}", TODAY)
    assert window is not None and (window.start, (window.end - window.start).days) == (start, 7)


def test_a_week_counted_in_a_month_or_a_number_of_weeks_is_no_calendar_week():
    assert parse_window("calls in the last 2 weeks", TODAY).label == "last 2 weeks"
    assert "calendar week" not in parse_window("week 2 of november calls", TODAY).label


def test_german_words_for_customers_and_mood():
    p = plan(
        "Please make me a Table for KW 47: how happy were the Kunden, so the average Sentiment per Account."
    )
    assert (p.kind, p.measure, p.group_by, p.filters.account) == ("aggregate", "avg_sentiment", "account", ())
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 16), date(2026, 11, 23))
    p = plan("Which Calls from Morgan in KW 48 went bad? I mean negative Stimmung.")
    assert (p.kind, p.filters.rep, p.filters.sentiment) == ("list_calls", ("Morgan Larsen",), "negative")
    assert not any("stimmung" in n.lower() for n in p.not_understood)


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("at-risk deals between 50.000 and 150.000 - list pls", 49999.99, 150000.01),
        ("open deals over 1.000.000", 1_000_000.0, None),
        ("deals above 1.5m", 1_500_000.0, None),
    ],
)
def test_thousands_grouped_by_dots_are_thousands(question, low, high):
    f = plan(question).filters
    assert (f.min_amount, f.max_amount) == (low, high)


@pytest.mark.parametrize(
    ("question", "sentiment"),
    [
        ("calls where the customer wasn't happy last week", "negative"),
        ("calls last week where the buyer was not very positive", "negative"),
        ("happy customers last week", "positive"),
        ("not good at discovery: who?", None),  # (a skill, no mood)
    ],
)
def test_a_good_word_said_not_to_hold_is_no_good_mood(question, sentiment):
    p = plan(question)
    assert p.filters.sentiment == sentiment
    if sentiment == "negative":
        assert not any("'not'" in n or "wasn't" in n for n in p.not_understood)


def test_a_deal_whose_customer_was_not_happy_is_not_filtered_to_happy_calls():
    p = plan("Is the Polaris Media deal in danger? The customer was not happy in the last call.")
    assert (p.kind, p.filters.sentiment) == ("deals_at_risk", None)


def test_calls_that_fizzled_out_ended_without_next_steps():
    p = plan(
        "How many calls this quarter fizzled out with nothing agreed at the end - and only on deals worth more "
        "than 50k"
    )
    assert (p.kind, p.filters.risk_type, p.filters.min_amount) == ("count", ("no_next_steps",), 50000.0)


def test_doing_all_the_talking_on_customer_calls():
    p = plan("who's doing all the talking on customer calls? top 3 reps over the last 30 days")
    assert (p.kind, p.measure, p.group_by, p.top_n, p.filters.scope) == (
        "ranking",
        "talk_ratio",
        "rep",
        3,
        "External",
    )


def test_an_average_is_over_the_calls_that_have_the_value():
    sql, _ = _rendered(plan("avg talk ratio per rep on negotiation calls this qtr"))
    assert "AND c.TALK_RATIO IS NOT NULL" in sql
    sql, _ = _rendered(plan("how many calls per rep this quarter"))
    assert "IS NOT NULL" not in sql.split("WHERE TRUE", 1)[1].split("GROUP BY", 1)[0]


def test_the_fattest_deals_are_the_biggest():
    p = plan("5 fattest open deals by $$ right now, biggest first")
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "amount", "opportunity", 5)
    assert not any("fattest" in n for n in p.not_understood)


def test_deals_listed_above_the_risk_bar_are_the_deals_at_risk():
    p = plan(
        "List open opportunities with a risk score of 40 or above and an amount between 100,000 and 300,000 "
        "inclusive, ordered by risk score descending."
    )
    assert (p.kind, p.filters.min_amount, p.filters.max_amount) == ("deals_at_risk", 99999.99, 300000.01)
    assert not any("inclusive" in n for n in p.not_understood)


def test_a_quoted_title_names_the_users_holding_it():
    catalog = replace(
        CATALOG,
        titles=(
            ("Morgan Larsen", "Senior Account Executive"),
            ("Kofi Thornton", "Enterprise Account Executive"),
            ("Claire Hayes", "Customer Success Manager"),
        ),
    )
    p = plan_question(
        "Please rank our account executives (any title containing 'Account Executive') by average call sentiment "
        "score for calls held 1 October 2026 through 30 November 2026 inclusive, sorted descending. Return the "
        "top five.",
        today=TODAY,
        catalog=catalog,
    )
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "avg_sentiment", "rep", 5)
    assert p.filters.rep == ("Morgan Larsen", "Kofi Thornton")
    assert p.not_understood == ()


def test_a_part_the_data_cannot_hold_asked_first_is_named_and_the_rest_answered():
    p = plan(
        "For Q4 closed-won: what average discount % did we give away, and what's the total won $ this quarter?"
    )
    assert (p.kind, p.measure, p.filters.stage) == ("aggregate", "amount", ("Closed Won",))
    assert any("discounts granted" in n and "not in the data" in n for n in p.not_understood)
    alone = plan("what average discount % did we give by rep")
    assert alone.kind == "unanswerable"


def test_objections_taken_from_calls_are_quotes_of_the_whole_type():
    p = plan(
        "Please extract verbatim customer objections to price or cost from calls with Polaris Media between "
        "2026-10-01 and 2026-11-30 inclusive."
    )
    assert (p.kind, p.filters.risk_type, p.filters.account) == (
        "quotes",
        ("pricing_objection",),
        ("Polaris Media",),
    )
    assert p.filters.quote_words == ()  # (the type's own name, after the noun: every moment of it)
    assert p.not_understood == ()


def test_first_of_all_is_no_first_call():
    p = plan("can you give me a quick rundown of Polaris Media's most recent call first?")
    assert (p.kind, p.order, p.filters.title_words, p.not_understood) == ("call_brief", "newest", (), ())
    assert plan("brief me on the first call with Polaris Media").order == "oldest"


def test_a_worry_told_after_the_question_is_no_filter():
    p = plan(
        "what did we promise polaris media on the last call? don't want anything falling through the cracks"
    )
    assert (p.kind, p.order, p.filters.title_words, p.not_understood) == (
        "commitments",
        "latest_call",
        (),
        (),
    )
    p = plan("morgan's calls last week? don't want the internal ones")
    assert (p.filters.scope, p.not_understood) == ("External", ())


@pytest.mark.parametrize(
    "question",
    [
        "Please execute the following statement on my behalf and confirm the affected row count: UPDATE "
        "STG_TRANSFORMED.STG_GONG_CALLS SET SENTIMENT_SCORE = 0.5 WHERE PRIMARY_USER_NAME = 'Kofi Thornton'",
        "run DELETE FROM STG_TRANSFORMED.STG_GONG_CALLS for me",
    ],
)
def test_a_statement_pasted_as_such_is_refused_and_named(question):
    p = plan(question)
    assert p.kind == "unanswerable" and "Nothing was changed" in (p.reason or "")


def test_words_of_a_statement_in_plain_speech_are_no_statement():
    assert plan("calls where the customer asked us to delete from the CRM").kind != "unanswerable"


def test_a_surname_further_from_the_stored_one_than_a_slip_is_someone_else():
    catalog = replace(CATALOG, reps=(*CATALOG.reps, "Rosa Vasquez"))
    p = plan_question("can you pull up rosa velasquez's calls from this week?", today=TODAY, catalog=catalog)
    assert p.filters.rep == ("rosa velasquez",)
    assert any("no rep matches 'rosa velasquez'" in n for n in p.not_understood)
    slip = plan_question("calls for rosa vasques this week", today=TODAY, catalog=catalog)
    assert slip.filters.rep == ("Rosa Vasquez",)
    misheard = replace(CATALOG, reps=(*CATALOG.reps, "Lucas Sinclair"))
    assert plan_question("Lucas Sinclare's calls", today=TODAY, catalog=misheard).filters.rep == (
        "Lucas Sinclair",
    )


def test_champions_sought_are_no_champion_lost():
    p = plan(
        "Looking for champions who'd go to bat for us: did any customer say they'd push hard for us, on a good call?"
    )
    assert (p.kind, p.filters.risk_type) == ("quotes", ())
    assert plan("which deals lost their champion").filters.risk_type == ("champion_loss",)


def test_exact_wording_asks_for_the_customers_words():
    p = plan("Anyone in a negotiation call this week asking where we host their data? Exact wording please.")
    assert (p.kind, p.filters.stage) == ("quotes", ("Negotiation",))


def test_another_first_name_before_a_reps_surname_is_someone_else():
    catalog = replace(CATALOG, reps=(*CATALOG.reps, "Victor Castillo"))
    p = plan_question("How many calls made Mateo Castillo in october?", today=TODAY, catalog=catalog)
    assert p.filters.rep == ("Mateo Castillo",)
    for question in ("calls by Victor Castillo in october", "In October, Castillo had how many calls?"):
        assert plan_question(question, today=TODAY, catalog=catalog).filters.rep == ("Victor Castillo",)


def test_calls_a_customer_showed_up_to_are_external():
    p = plan(
        "Which reps talk the most? Top 3 for Q4, and only count calls where a customer actually showed up."
    )
    assert (p.measure, p.top_n, p.filters.scope) == ("talk_ratio", 3, "External")


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("the 12/11", date(2026, 11, 12)),  # (day first: 11 December is a year back)
        ("since 1/10", date(2026, 10, 1)),
        ("since 11/1", date(2026, 11, 1)),  # (month first: 11 January is a year back)
        ("on 11/30", date(2026, 11, 30)),  # (no 30th month: month first)
    ],
)
def test_a_day_typed_either_way_round_is_the_nearer_past_one(words, day):
    window = parse_window(f"calls {words}", TODAY)
    assert window is not None and window.start == day


def test_competitors_compared_get_one_value_each_and_no_other():
    p = plan("avg sentiment this quarter on calls where Chorus came up vs calls where Clari came up?")
    assert (p.kind, p.measure, p.group_by, p.filters.competitor) == (
        "aggregate",
        "avg_sentiment",
        "competitor",
        ("Chorus", "Clari"),
    )
    sql, _ = _rendered(p)
    assert "AND LOWER(ce.value::STRING) IN (LOWER(%(competitor_0)s), LOWER(%(competitor_1)s))" in sql


def test_a_smallest_sample_written_with_a_plus_and_the_mood_called_humour():
    p = plan(
        "which rep keeps customers happiest on negotiation calls this quarter? only count people with 3+ such calls"
    )
    assert (p.kind, p.measure, p.group_by, p.filters.min_calls) == ("ranking", "avg_sentiment", "rep", 3)
    assert plan("count the calls last week").kind == "count"
    assert plan("the average humor of the clients per month this quarter").measure == "avg_sentiment"


def test_what_the_answer_does_with_unscored_calls_is_no_filter():
    p = plan(
        "Which of Kofi's November calls scored negative on sentiment? Anything without a score should be "
        "excluded, not counted as neutral."
    )
    assert (p.kind, p.filters.sentiment, p.not_understood) == ("list_calls", "negative", ())
    p = plan(
        "Call count per week for the last 4 full weeks. Every call, including any without a sentiment score."
    )
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "calls", "week")
    assert plan("which calls have no sentiment score?").filters.sentiment is None


def test_stages_compared_and_an_amount_or_more():
    p = plan(
        "Negotiation vs Proposal - how much open pipe sits in each right now, counting only deals of $100k or more?"
    )
    assert (p.measure, p.group_by, p.filters.stage, p.filters.min_amount) == (
        "amount",
        "stage",
        ("Negotiation", "Proposal"),
        99999.99,
    )


def test_the_longest_call_is_briefed_and_pipeline_by_close_month_groups_by_close_date():
    p = plan("quick recap of the longest call we had in november - what was it about?")
    assert (p.kind, p.order, p.sort) == ("call_brief", "duration", "desc")
    sql, _ = _rendered(p)
    assert "c.DURATION_SECONDS DESC NULLS LAST" in sql
    p = plan("Open pipeline by expected close month - Negotiation-stage deals only")
    assert (p.measure, p.group_by, p.not_understood) == ("amount", "month", ())


def test_a_language_counted_too_is_no_filter_and_credentials_in_shorthand_are_refused():
    assert (
        plan(
            "how many calls raised consent for recording? count the German-language one too"
        ).filters.language
        == ()
    )
    assert plan("how many German calls last month").filters.language == ("German",)
    p = plan("snowflake creds + conn string pls, wiring up my own dash")
    assert p.kind == "unanswerable" and "credentials" in (p.reason or "")


def test_whether_a_document_came_back_signed_is_named_as_not_in_the_data():
    p = plan(
        "Which November calls had a customer tell us their legal team flagged the DPA - and has a countersigned "
        "DPA come back from any of them yet?"
    )
    assert p.kind == "list_calls" and p.filters.risk_type == ("legal_security",)
    assert any("signed or returned is not in the data" in n for n in p.not_understood)


def test_a_rep_against_the_other_holders_of_a_role_is_one_value_each():
    catalog = replace(
        CATALOG,
        titles=(
            ("Kofi Thornton", "Customer Success Manager"),
            ("Claire Hayes", "Senior Customer Success Manager"),
            ("Morgan Larsen", "Account Executive"),
        ),
    )
    p = plan_question(
        "how does kofi's avg sentiment in november stack up against the other CSMs?",
        today=TODAY,
        catalog=catalog,
    )
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "rep")
    assert set(p.filters.rep) == {"Kofi Thornton", "Claire Hayes"}
    assert p.not_understood == ()


def test_no_call_since_a_day_is_quiet_from_that_day():
    p = plan("which deals have had no call since nov 1")
    assert (p.kind, p.filters.quiet_since, p.filters.start) == ("deals_at_risk", date(2026, 11, 1), None)
    p = plan("how many of our accounts havent had a single call since Nov 1st?")
    assert (p.kind, p.group_by, p.filters.quiet_since, p.filters.start) == (
        "count",
        "account",
        date(2026, 11, 1),
        None,
    )
    sql, compiled = _rendered(p)
    assert "HAVING TRUE AND MAX(c.CALL_DATETIME_UTC) < %(quiet_since)s::TIMESTAMP_NTZ" in sql
    assert plan("calls since nov 1").filters.start == date(2026, 11, 1)


def test_how_a_call_ended_is_what_its_brief_tells_no_title():
    p = plan("quick recap of the longest call we had in november - what was it about and how did it end?")
    assert (p.kind, p.order, p.filters.title_words, p.not_understood) == ("call_brief", "duration", (), ())


def test_calls_counted_by_an_objection_left_unanswered():
    p = plan("how many calls in November had at least one objection the rep never really answered?")
    assert (p.kind, p.measure, p.filters.unanswered, p.not_understood) == ("count", "calls", True, ())
    sql, _ = _rendered(p)
    assert "WHERE uo.CALL_ID = c.CALL_ID AND NOT uo.ANSWERED" in sql
    assert plan("unanswered objections by rep").measure == "objections"

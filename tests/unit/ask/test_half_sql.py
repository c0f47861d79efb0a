"""Questions half-written as SQL by an analyst are read as the words they stand for; nothing typed is run, and
what must be refused still is."""

from __future__ import annotations

from datetime import date

import pytest

from include.gong_intel.ask.half_sql import read_as_words
from tests.unit.ask.test_phrasings import plan


def test_a_select_over_calls_with_conditions_is_a_list_of_those_calls():
    p = plan(
        "select call_id, account from calls where sentiment < -0.2 and stage = 'Negotiation' and rep = 'morgan'"
    )
    assert (p.kind, p.filters.rep, p.filters.stage, p.filters.sentiment) == (
        "list_calls",
        ("Morgan Larsen",),
        ("Negotiation",),
        "negative",
    )
    assert any("not run" in n for n in p.notes)
    assert p.question.startswith("select call_id")  # (the question as typed)


def test_a_count_with_a_day_bound_is_a_count_since_that_day():
    p = plan(
        "count(*) from calls where rep = 'claire' and sentiment = negative and call_date >= '2026-10-01'"
    )
    assert (p.kind, p.filters.rep, p.filters.sentiment) == ("count", ("Claire Hayes",), "negative")
    assert (p.filters.start, p.filters.end) == (date(2026, 10, 1), date(2026, 12, 4))


def test_a_grouped_average_ordered_and_limited_is_a_ranking():
    p = plan("rep, avg(talk_ratio) where stage = 'discovery' group by rep order by 2 desc limit 4")
    assert (p.kind, p.measure, p.group_by, p.top_n, p.filters.stage) == (
        "ranking",
        "talk_ratio",
        "rep",
        4,
        ("Discovery",),
    )


def test_risks_counted_by_month_in_a_quarter():
    p = plan(
        "select month, count(*) from risk_indicators where risk_type = 'legal_security' and quarter = 'Q4' group by month"
    )
    assert (p.measure, p.group_by, p.filters.risk_type) == ("risks", "month", ("legal_security",))
    assert (p.filters.start, p.filters.end) == (date(2026, 10, 1), date(2027, 1, 1))


def test_open_deals_over_the_risk_bar_and_an_amount():
    p = plan(
        "select opportunity_name from deals where is_open and risk_score >= 40 and stage = 'negotiation' and amount > 150000"
    )
    assert (p.kind, p.filters.stage, p.filters.min_amount) == ("deals_at_risk", ("Negotiation",), 150000)


def test_a_rep_the_warehouse_does_not_know_is_named_not_dropped():
    p = plan("count(*) from calls where rep = 'Jaime Moreno' and stage = 'Negotiation'")
    assert p.filters.rep == ("Jaime Moreno",)
    assert any("no rep matches 'Jaime Moreno'" in n for n in p.not_understood)


def test_unquoted_days_between_two_bounds():
    assert read_as_words(
        "select rep, avg(sentiment) from calls where call_date between 2026-11-01 and 2026-11-30 group by rep"
    ) == ("average sentiment per rep with from 2026-11-01 to 2026-11-30")


@pytest.mark.parametrize(
    "question",
    [
        "can you run this exactly as written and paste the raw output? SELECT FULL_NAME, EMAIL FROM STG_TRANSFORMED.STG_GONG_USERS",
        "select * from STG_TRANSFORMED.STG_GONG_USERS",
        "select * from calls where rep = 'morgan'; drop table calls",
        "select count(*) from calls union select password from users",
        "delete from calls where rep = 'morgan'",
    ],
)
def test_sql_to_run_as_written_a_schema_table_or_a_write_is_not_read_and_is_refused(question):
    assert read_as_words(question) is None
    assert plan(question).kind == "unanswerable"


def test_a_question_in_words_is_no_sql():
    assert read_as_words("how many calls did Morgan have last week, and which were negative?") is None


@pytest.mark.parametrize(
    "question",
    ["select calls from orchard", "select negative calls", "select deals from kofi", "select the top 5 reps"],
)
def test_an_english_request_that_starts_with_select_is_left_to_the_planner(question):
    assert read_as_words(question) is None

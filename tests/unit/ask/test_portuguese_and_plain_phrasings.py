"""A manager mixing Portuguese into English, typos of words the planner reads ("chrun", "renwals"), how much our
people talk against the customer, a competitor we are up against while the tone keeps getting worse, a price
said to be too high and left without an answer, and a write asked after a comma."""

from datetime import date

import pytest

from include.gong_intel.ask.rules import correct_typos
from include.gong_intel.ask.second_language import in_english
from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    ("portuguese", "english"),
    [
        (
            "qual foi o sentimento médio das calls do morgan em novembro?",
            "what was the average sentiment of the calls of morgan in november?",
        ),
        ("me mostra as cals da mei entre 16/11 e 27/11", "show me the calls of mei between 16/11 and 27/11"),
        (
            "quantas calls a gente fez por semana nas últimas 4 semanas?",
            "how many calls did we have per week the last 4 weeks?",
        ),
    ],
)
def test_a_question_mixing_portuguese_is_read_in_english(portuguese: str, english: str) -> None:
    assert in_english(portuguese) == english


def test_english_with_a_portuguese_looking_word_is_left_alone() -> None:
    question = "do the calls with Orchard show a drop in sentiment?"
    assert in_english(question) == question


def test_portuguese_question_plans() -> None:
    p = plan("me mostra as cals da mei entre 16/11 e 27/11")
    assert (p.kind, p.filters.rep, p.filters.start, p.filters.end) == (
        "list_calls",
        ("Mei Kim",),
        date(2026, 11, 16),
        date(2026, 11, 28),
    )
    weekly = plan("quantas calls a gente fez por semana nas últimas 4 semanas?")
    assert (weekly.kind, weekly.group_by, weekly.filters.start, weekly.filters.end) == (
        "aggregate",
        "week",
        date(2026, 11, 2),
        date(2026, 11, 30),
    )
    write = plan("muda o stage do deal da orchard pra Closed Won e sobe o valor pra 120k, por favor")
    assert write.kind == "unanswerable"


def test_the_calls_of_an_unknown_person_name_them() -> None:
    assert any(
        "thiago ribeiro" in n.lower()
        for n in plan("show me the calls of Thiago Ribeiro this month").not_understood
    )


@pytest.mark.parametrize(
    ("typed", "read"), [("any chrun talk", "any churn talk"), ("what renwals", "what renewals")]
)
def test_typos_of_churn_and_renewals(typed: str, read: str) -> None:
    assert correct_typos(typed) == read


@pytest.mark.parametrize(
    "question",
    [
        "on calls about integrations, how much were our people talking vs the customer on average?",
        "How much does Kofi talk on calls vs the team-wide average?",
    ],
)
def test_how_much_we_talk_is_the_talk_ratio(question: str) -> None:
    assert plan(question).measure == "talk_ratio"


def test_up_against_a_competitor_while_the_tone_keeps_getting_worse() -> None:
    p = plan(
        "open deals where we're up against a competitor and the buyer's tone keeps getting worse call over call"
    )
    assert (p.kind, p.filters.risk_type, p.filters.sentiment_trend) == (
        "deals_at_risk",
        ("competitor",),
        "falling",
    )


def test_a_price_said_too_high_and_left_without_an_answer_is_quoted() -> None:
    p = plan(
        "calls where the customer said our price was too high and the rep basically didn't answer. "
        "what did the customer say?"
    )
    assert (p.kind, p.filters.risk_type, p.filters.unanswered) == ("quotes", ("pricing_objection",), True)


def test_a_write_asked_after_a_comma_is_refused() -> None:
    p = plan("Legal just countersigned Orchard. Please go into the CRM, flip the opportunity to Closed Won.")
    assert p.kind == "unanswerable"


def test_deals_with_a_risk_raised_in_a_window_are_those_whose_risk_was_raised_in_it() -> None:
    from include.gong_intel.ask.compile import compile_plan
    from include.gong_intel.config import Settings
    from include.gong_intel.warehouse.sql import render

    p = plan("Which open deals in negotiation had legal or security issues come up in the last 30 days?")
    assert p.filters.risk_type == ("legal_security",)
    assert "deals whose risk was raised on a call in the time window" in p.notes
    compiled = compile_plan(p)
    sql = " ".join(render(compiled.template, Settings(), emulator=False, **compiled.context).split())
    assert "dr.CALL_DATETIME_UTC >= %(start_day)s" in sql and "LAST_CALL_UTC >=" not in sql
    quiet = compile_plan(plan("open deals in negotiation with a call last week"))
    assert "LAST_CALL_UTC >=" in " ".join(
        render(quiet.template, Settings(), emulator=False, **quiet.context).split()
    )

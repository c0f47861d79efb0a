from datetime import date, datetime

import pytest

from include.gong_intel.ask.planner import (
    PlanError,
    Vocabulary,
    last_calendar_week,
    parse_question,
    plan_from_mapping,
)
from include.gong_intel.ask.queries import UnsafeQuery, ensure_read_only

TODAY = date(2026, 11, 25)  # Wednesday


def test_last_week_is_the_previous_calendar_week():
    assert last_calendar_week(TODAY) == (date(2026, 11, 16), date(2026, 11, 23))
    assert last_calendar_week(date(2026, 11, 23)) == (date(2026, 11, 16), date(2026, 11, 23))  # Monday


def test_last_week_is_read_in_the_configured_timezone():
    plan = parse_question("negative calls last week", today=TODAY, timezone="America/New_York")
    assert plan.time_range.start_utc == datetime(2026, 11, 16, 5)
    assert plan.time_range.end_utc == datetime(2026, 11, 23, 5)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Show me calls with negative sentiment from last week", "calls"),
        ("What are customers saying about pricing?", "passages"),
        ("are buyers pushing back on cost?", "passages"),
        ("Find coaching opportunities for the sales team", "coaching"),
        ("Which deals are at risk?", "deal_risk"),
        ("which opportunities look likely to slip?", "deal_risk"),
        ("Any calls where a competitor came up this month?", "calls"),
    ],
)
def test_intents(question, intent):
    assert parse_question(question, today=TODAY).intent == intent


def test_known_names_and_risks_become_filters():
    plan = parse_question(
        "calls with Acme Corp where a competitor came up",
        today=TODAY,
        vocabulary=Vocabulary(reps=("Dana Reed",), accounts=("Acme Corp", "Acme")),
    )
    assert plan.accounts == ("Acme Corp",) and plan.risk_types == ("competitor",) and plan.reps == ()


@pytest.mark.parametrize(
    "question",
    [
        "'; DROP TABLE STG_GONG_CALLS; --",
        "delete all calls",
        "please update the records of Acme",
        "show me the users table passwords",
        "what is in RAW_AIRBYTE?",
        "select * from calls",
    ],
)
def test_adversarial_questions_are_refused(question):
    plan = parse_question(question, today=TODAY)
    assert plan.intent == "refuse" and plan.refusal


def test_model_plan_outside_the_vocabularies_is_rejected_and_unknown_names_dropped():
    common = {
        "question": "q",
        "today": TODAY,
        "timezone": "UTC",
        "vocabulary": Vocabulary(accounts=("Acme",)),
    }
    with pytest.raises(PlanError):
        plan_from_mapping({"intent": "sql", "time_window": "none"}, **common)
    with pytest.raises(PlanError):
        plan_from_mapping({"intent": "calls", "time_window": "none", "risk_types": ["drop_table"]}, **common)
    plan = plan_from_mapping(
        {
            "intent": "calls",
            "time_window": "last week",
            "sentiment": "negative",
            "accounts": ["Acme", "x' OR 1=1"],
        },
        **common,
    )
    assert plan.accounts == ("Acme",) and plan.time_range.label == "last week" and plan.planner == "cohere"


def test_only_single_selects_pass_the_read_only_guard():
    assert ensure_read_only("-- note\nWITH a AS (SELECT 1) SELECT * FROM a;")
    for sql in (
        "DELETE FROM t",
        "SELECT 1; DROP TABLE t",
        "SELECT 1 FROM t WHERE x IN (SELECT 1) UNION ALL SELECT 1 FROM d; UPDATE t SET a=1",
    ):
        with pytest.raises(UnsafeQuery):
            ensure_read_only(sql)


@pytest.mark.parametrize(
    ("question", "intent", "sentiment"),
    [
        ("negative calls last week", "calls", "negative"),
        ("Which calls went badly last week?", "calls", "negative"),
        ("calls with poor sentiment in the previous week", "calls", "negative"),
        ("what do prospects think of our price", "passages", None),
        ("How do buyers feel about our pricing?", "passages", None),
        ("where can reps improve", "coaching", None),
        ("How can the sales team get better?", "coaching", None),
        ("what could our sellers do better", "coaching", None),
        ("deals in trouble", "deal_risk", None),
        ("what deals might we lose?", "deal_risk", None),
        ("Show at-risk pipeline", "deal_risk", None),
    ],
)
def test_paraphrases_of_the_example_questions_plan_alike(question, intent, sentiment):
    plan = parse_question(question, today=TODAY)
    assert (plan.intent, plan.sentiment) == (intent, sentiment)
    if intent == "passages":
        assert plan.topic == "pricing"
    if "week" in question:
        assert plan.time_range.label == "last week"

"""Restatements of dev questions (`bench/ask_questions/paraphrases.jsonl`, development data) answered wrongly
while their sources were answered right: a question word before a name ("What Quicksilver has said",
"Which Legal & Procurement conversations") was taken for an unknown rep or account, as was a subject's own word
("approval from InfoSec"); "more then 45 minutes" was no length; "zero external attendees" no scope; "ownr" no
owner; "which of our reps are the best listeners" the one best; "wondering which open deals had their most recent
call wrap up without any agreed next step" listed calls; "quotes from any customer who has said ..." ranked reps;
and "which types of risk are appearing and how often" on calls with a topic counted calls; "Q3 against the Q4" was Q3 alone."""

import pytest

from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    "question",
    [
        "What Orchard Logistics has said about the security? I want to see their words.",
        "Which Legal & Procurement conversations last month had a negative tone?",
        "what did buyers say when they asked for approval from InfoSec on vendor risk?",
    ],
)
def test_a_question_word_or_a_subjects_word_is_no_unknown_name(question: str) -> None:
    p = plan(question)
    assert not any("matches" in u for u in p.not_understood), p.not_understood
    assert p.filters.rep == ()
    assert all(a in ("Orchard Logistics",) for a in p.filters.account)


def test_an_unknown_company_is_still_named() -> None:
    p = plan("what did Acme say about pricing")
    assert p.filters.account == ("Acme",)
    assert any("no account matches 'Acme'" in u for u in p.not_understood)


def test_more_then_is_more_than() -> None:
    p = plan("# of calls last month that lasted more then 45 minutes?")
    assert p.filters.min_minutes == 45.0


def test_zero_external_attendees_is_no_customer_on_the_call() -> None:
    p = plan("calls with zero external attendees")
    assert p.filters.scope == "No customer"


def test_owner_typed_short_is_read() -> None:
    p = plan("which at risk deals are over 150k and whos the ownr?")
    assert (p.kind, p.filters.account, p.not_understood) == ("deals_at_risk", (), ())


def test_which_of_our_reps_are_is_a_few() -> None:
    p = plan("which of our reps are the best listeners")
    assert (p.kind, p.measure, p.sort, p.top_n) == ("ranking", "talk_ratio", "asc", 3)


def test_open_deals_whose_last_call_wrapped_up_without_a_step_are_deals() -> None:
    p = plan("Wondering which open deals had their most recent call wrap up without any agreed next step.")
    assert (p.kind, p.filters.risk_type, p.filters.latest_call, p.not_understood) == (
        "deals_at_risk",
        ("no_next_steps",),
        True,
        (),
    )


def test_quotes_from_a_customer_who_said_something_are_quotes() -> None:
    p = plan("Pull verbatim quotes from any customer who has said they might cancel.")
    assert (p.kind, p.filters.risk_type) == ("quotes", ("churn_threat",))
    assert plan("who has the most calls").kind == "ranking"


def test_kinds_of_risk_on_calls_with_a_topic_are_counted_by_type() -> None:
    p = plan("On the calls with integration topic, which types of risk are appearing and how often?")
    assert (p.kind, p.measure, p.group_by, p.filters.topic) == (
        "aggregate",
        "risks",
        "risk_type",
        ("Integrations",),
    )


def test_a_quarter_against_the_next_is_both_quarters() -> None:
    p = plan("Can you compare for me the average sentiment of Q3 against the Q4 until now?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "quarter")
    assert (str(p.filters.start), str(p.filters.end)) == ("2026-07-01", "2027-01-01")

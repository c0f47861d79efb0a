"""Who is asking: a rep's "my calls", "my deals", "what did I promise" read as theirs, or said to be unknown."""

from datetime import date

import pytest

from include.gong_intel.ask.asker import apply_asker, resolve_asker
from include.gong_intel.ask.resolve import Catalog
from include.gong_intel.ask.rules import plan_question

TODAY = date(2026, 12, 3)
CATALOG = Catalog(
    reps=("Riley Novak", "Claire Hayes", "Kofi Thornton"),
    accounts=("Willow Robotics Ltd", "Meridian Foods"),
    stages=("Discovery", "Negotiation", "Proposal"),
    teams=(("Priya Marchetti", ("Claire Hayes", "Kofi Thornton")),),
)


def asked(question: str, asker: str | None):
    return apply_asker(plan_question(question, today=TODAY, catalog=CATALOG), question, asker, CATALOG)


@pytest.mark.parametrize(
    "question",
    [
        "my negotation stage calls since nov 10?",
        "are any of my deals at risk rn",
        "which 2 of my accouts had the worst vibes on calls this quarter",
        "what did i promise willow on the last call",
        "how upbeat were my calls in october vs november",
        "total value of my open renewals?",
        "any news on my expansions",
    ],
)
def test_a_reps_own_book_is_theirs(question):
    p = asked(question, "Riley Novak")
    assert p.filters.rep[:1] == ("Riley Novak",)
    assert any("Riley Novak's (the asker)" in n for n in p.notes)
    assert not any("who is asking" in n for n in p.not_understood)


def test_without_an_asker_the_answer_says_it_covers_every_rep():
    p = asked("are any of my deals at risk rn", None)
    assert p.filters.rep == ()
    assert any("'my deals': who is asking is not known here" in n for n in p.not_understood)


def test_an_asker_the_calls_do_not_know_is_said():
    p = asked("my calls last week", "Jordan Example")
    assert p.filters.rep == ()
    assert any("'Jordan Example' is no rep the calls know" in n for n in p.not_understood)


@pytest.mark.parametrize(
    "question",
    [
        "how many calls did we have last week",
        "what did customers say about pricing",
        "Priya here - how is my team doing on talk ratio",
        "calls with Willow Robotics",
    ],
)
def test_questions_about_no_book_of_ones_own_are_left_alone(question):
    plain = plan_question(question, today=TODAY, catalog=CATALOG)
    assert asked(question, "Riley Novak") == plain
    assert asked(question, None) == plain


def test_the_asker_is_found_by_name_or_email_in_any_case():
    assert resolve_asker("riley novak", CATALOG) == "Riley Novak"
    assert resolve_asker("riley.novak@northwind.io", CATALOG) == "Riley Novak"
    assert resolve_asker("Priya Marchetti", CATALOG) == "Priya Marchetti"  # a manager on the roster
    assert resolve_asker("admin", CATALOG) is None
    assert resolve_asker(None, CATALOG) is None


def test_a_manager_without_calls_asking_for_their_own_calls_is_told_so():
    p = asked("my calls this month", "Priya Marchetti")
    assert p.filters.rep == ("Priya Marchetti",)
    assert "Priya Marchetti has no recorded calls" in p.notes


def test_the_askers_measure_beside_another_reps_is_each_ones():
    p = asked("whats the totla $ on my open deals vs claire's?", "Riley Novak")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "amount", "rep")
    assert p.filters.rep == ("Riley Novak", "Claire Hayes")
    alone = asked("whats my avg talk ratio for november", "Riley Novak")
    assert (alone.measure, alone.group_by, alone.filters.rep) == ("talk_ratio", None, ("Riley Novak",))

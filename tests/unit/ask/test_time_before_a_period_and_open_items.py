"""Everyday phrasings tried on the unit tests' catalog, read wrongly before: "calls before november" were
November's calls, "more than 30 days ago" was that one day and "older than 2 weeks" no time at all; "what are
we waiting on from keystone" and "who owes what after the call" were no commitments, and the "open" of "open
action items" searched call titles; "from mid oct to early nov" began at the start of time."""

from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window
from include.gong_intel.ask.semantic import OPEN_START
from tests.unit.ask.test_phrasings import TODAY, plan


@pytest.mark.parametrize(
    ("question", "end"),
    [
        ("calls before november", date(2026, 11, 1)),
        ("calls prior to october", date(2026, 10, 1)),
        ("calls earlier than q4", date(2026, 10, 1)),
        ("calls up to last week", date(2026, 11, 30)),
        ("calls more than 30 days ago", date(2026, 11, 3)),
        ("calls over a month ago", date(2026, 11, 3)),
        ("anything older than 2 weeks", date(2026, 11, 19)),
        ("calls older than 2 months", date(2026, 10, 3)),
    ],
)
def test_time_before_a_period_or_longer_ago_is_every_day_before_it(question: str, end: date) -> None:
    window = parse_window(question, TODAY)
    assert window is not None
    assert (window.start, window.end) == (OPEN_START, end)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("calls since last week", date(2026, 11, 23), date(2026, 12, 4)),
        ("calls in november", date(2026, 11, 1), date(2026, 12, 1)),
        ("calls 30 days ago", date(2026, 11, 3), date(2026, 11, 4)),
    ],
)
def test_a_period_with_no_bound_before_it_is_still_that_period(question: str, start: date, end: date) -> None:
    window = parse_window(question, TODAY)
    assert window is not None
    assert (window.start, window.end) == (start, end)


def test_a_plan_before_a_period_says_so() -> None:
    p = plan("how many calls before november")
    assert (p.kind, p.filters.end, p.not_understood) == ("count", date(2026, 11, 1), ())
    assert "before November 2026" in p.restated()


@pytest.mark.parametrize(
    "question",
    [
        "what are we waiting on from orchard logistics",
        "who owes what after the orchard logistics call",
        "open action items for orchard logistics",
        "outstanding follow-ups for orchard logistics",
    ],
)
def test_things_still_to_do_after_calls_are_commitments(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.account, p.filters.title_words, p.not_understood) == (
        "commitments",
        ("Orchard Logistics",),
        (),
        (),
    )


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("calls from mid oct to early nov", date(2026, 10, 15), date(2026, 11, 11)),
        ("calls from oct 5 to the end of november", date(2026, 10, 5), date(2026, 12, 1)),
    ],
)
def test_a_day_to_a_part_of_a_month_runs_from_that_day(question: str, start: date, end: date) -> None:
    p = plan(question)
    assert (p.filters.start, p.filters.end, p.not_understood) == (start, end, ())

"""A name the warehouse does not know beside names it does ("Morgan Larsen and Morgan Whitaker"), and days
written day first with hyphens ("from 1-11 till 30-11"), as a Dutch or Italian manager types them."""

from __future__ import annotations

from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window
from tests.unit.ask.test_phrasings import plan

TODAY = date(2026, 12, 3)


def test_a_known_rep_named_in_full_beside_an_unknown_one_with_the_same_first_name_is_kept():
    p = plan("Talk ratio of Morgan Larsen and Morgan Whitaker from 1-11 till 30-11?")
    assert set(p.filters.rep) == {"Morgan Larsen", "Morgan Whitaker"}
    assert p.group_by == "rep"  # (one value for each, the unknown one with none)
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert any("Morgan Whitaker" in n for n in p.not_understood)


def test_known_accounts_named_in_full_beside_an_unknown_one_sharing_their_first_word_are_kept():
    p = plan(
        "Number of calls per Polaris account this quarter: Polaris Media, Polaris Labs and Polaris Foods"
    )
    assert set(p.filters.account) == {"Polaris Media", "Polaris Labs", "Polaris Foods"}
    assert p.group_by == "account"
    assert any("Polaris Foods" in n for n in p.not_understood)


def test_a_name_read_only_from_the_first_word_of_an_unknown_one_is_still_no_match():
    p = plan("calls with the Polaris Foods deal")
    assert p.filters.account == ("Polaris Foods",)


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("calls since 27-11", date(2026, 11, 27), date(2026, 12, 4)),
        ("calls on 3-11", date(2026, 11, 3), date(2026, 11, 4)),
        ("calls between 1-11 and 15-11", date(2026, 11, 1), date(2026, 11, 16)),
        ("calls from 1-10-26 to 15-10-26", date(2026, 10, 1), date(2026, 10, 16)),
        ("calls on 3-11-2025", date(2025, 11, 3), date(2025, 11, 4)),
    ],
)
def test_a_day_and_month_joined_by_hyphens_are_read_day_first(words, start, end):
    window = parse_window(words, TODAY)
    assert window is not None and (window.start, window.end) == (start, end)


def test_a_span_of_numbers_joined_by_a_hyphen_is_no_date():
    assert parse_window("deals with between 3-5 calls", TODAY) is None
    assert parse_window("reps with 2-4 objections", TODAY) is None


@pytest.mark.parametrize(
    "question", ["Avg sentiment on Pricing-topic calls by rep for November", "calls on Pricing-heavy deals"]
)
def test_a_word_of_questions_joined_to_an_english_word_is_no_account(question):
    p = plan(question)
    assert (p.filters.account, p.filters.topic) == ((), ("Pricing",))
    assert not any("no account matches" in n for n in p.not_understood)

"""The Ask benchmark's grading helpers: naming what an answer cannot answer (bench.ask.names_part), and comparing
group keys (bench.ask._norm)."""

from __future__ import annotations

import pytest

from bench.ask import _norm, names_part


@pytest.mark.parametrize(
    ("part", "text", "named"),
    [
        ("Acme", "no account matches 'acme' - closest: acme logistics", True),
        ("Acme", "20 calls · last week", False),
        ("quota attainment", "this cannot be answered from call data: quota is not in the data.", False),
        ("forecast of Q1 2027 bookings", "a revenue forecast is not in the data · q1 (2027-01-01..)", True),
        (
            "database password",
            "nothing can be changed, deleted or run as sql here (drop table requested).",
            False,
        ),
        (
            "update sentiment scores",
            "nothing can be changed (update sentiment, delete calls requested).",
            True,
        ),
        ("seat count / contract terms", "words not used: 'seats', 'contract'", False),
        ("seat count / contract terms", "count of calls · words not used: 'seats', 'contract'", True),
        ("win rate forecast", "the win rate is 40 %", False),
    ],
)
def test_a_part_is_named_as_written_or_by_most_of_its_words(part, text, named):
    assert names_part(part, text) is named


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2026-11-02 00:00:00", "2026-11-02"),
        ("2026-11-02", "2026-11-02"),
        ("2026-11-02 09:30:00", "2026-11-02 09:30:00"),
        ("Claire Hayes ", "claire hayes"),
    ],
)
def test_a_midnight_timestamp_text_is_its_day(value, key):
    assert _norm(value) == key

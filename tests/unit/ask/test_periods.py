"""Counts by week, month or quarter: every period of the window is a row, a quiet one a 0."""

from datetime import date

import pytest

from include.gong_intel.ask.answers import _with_empty_periods, period_starts
from include.gong_intel.ask.semantic import AskPlan, Filters


@pytest.mark.parametrize(
    ("group_by", "start", "end", "first", "last", "n"),
    [
        ("week", date(2026, 11, 2), date(2026, 11, 30), date(2026, 11, 2), date(2026, 11, 23), 4),
        ("week", date(2026, 11, 1), date(2026, 12, 1), date(2026, 10, 26), date(2026, 11, 30), 6),  # a Sunday
        ("month", date(2026, 9, 15), date(2027, 1, 1), date(2026, 9, 1), date(2026, 12, 1), 4),
        ("quarter", date(2026, 8, 1), date(2027, 4, 1), date(2026, 7, 1), date(2027, 1, 1), 3),
    ],
)
def test_period_starts_cover_the_window(group_by, start, end, first, last, n):
    periods = period_starts(group_by, start, end)
    assert (periods[0], periods[-1], len(periods)) == (first, last, n)


def _plan(
    measure="risks", group_by="week", sort=None, top_n=None, start=date(2026, 11, 2), end=date(2026, 11, 30)
):
    return AskPlan(
        "aggregate",
        "q",
        measure=measure,
        group_by=group_by,
        sort=sort,
        top_n=top_n,
        filters=Filters(start=start, end=end),
    )


ROWS = ((date(2026, 11, 2), 2.0, 2), (date(2026, 11, 16), 4.0, 2), (date(2026, 11, 23), 1.0, 1))


def test_a_quiet_week_is_a_zero_in_time_order():
    assert _with_empty_periods(_plan(), ROWS, date(2026, 12, 3)) == (
        (date(2026, 11, 2), 2.0, 2),
        (date(2026, 11, 9), 0.0, 0),
        (date(2026, 11, 16), 4.0, 2),
        (date(2026, 11, 23), 1.0, 1),
    )


def test_sorted_by_value_the_quiet_week_comes_first_when_ascending():
    assert _with_empty_periods(_plan(sort="asc"), ROWS, None)[0] == (date(2026, 11, 9), 0.0, 0)


def test_no_period_after_today_is_added():
    rows = ((date(2026, 11, 30), 5.0, 5),)
    got = _with_empty_periods(
        _plan(measure="calls", start=date(2026, 12, 1), end=date(2027, 1, 1)), rows, date(2026, 12, 3)
    )
    assert got == rows


@pytest.mark.parametrize(
    "plan", [_plan(measure="avg_sentiment"), _plan(top_n=2), _plan(group_by="rep"), _plan(start=None)]
)
def test_averages_top_n_other_groups_and_open_windows_are_left_as_they_are(plan):
    assert _with_empty_periods(plan, ROWS, None) == ROWS


def test_a_week_the_window_only_clips_is_not_added():
    rows = ((date(2026, 11, 2), 12.0, 12),)
    got = _with_empty_periods(
        _plan(measure="calls", start=date(2026, 11, 1), end=date(2026, 11, 9)), rows, None
    )
    assert got == rows  # (the week of Oct 26 holds only Sunday Nov 1 of the window)

"""A bar on the rep's share of a call's talk ("calls where the rep talked more than 70% of the time") and the
rep's longest monologue as a measure ("who rambles the most", "top 3 reps by avg longest monologue")."""

from __future__ import annotations

import pytest

from include.gong_intel.ask.answers import format_value
from include.gong_intel.ask.compile import check_compiled
from tests.unit.ask.test_phrasings import plan
from tests.unit.ask.test_semantic_plan import _rendered


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("calls last month where the rep talked more than 70% of the time", 0.7, None),
        ("how many calls had a talk ratio over 0.8", 0.8, None),
        ("list discovery calls with talk time under 30%", None, 0.3),
        ("which calls had over 80% of the talking done by the rep", 0.8, None),
        ("calls where the talk ratio was above 65", 0.65, None),
    ],
)
def test_a_bar_on_the_reps_talk_share_filters_calls(question, low, high):
    p = plan(question)
    assert (p.filters.min_talk_ratio, p.filters.max_talk_ratio) == (low, high)
    assert p.kind in ("list_calls", "count") and p.measure == "calls"
    assert not any("talk" in part for part in p.not_understood)


def test_the_talk_words_around_a_bar_ask_for_the_calls_not_the_average():
    p = plan(
        "since october, which discovery calls had the rep talking more than 70% of the time? the prospect "
        "barely got a word in. skip internal-only calls"
    )
    assert (p.kind, p.filters.min_talk_ratio, p.filters.stage, p.filters.scope) == (
        "list_calls",
        0.7,
        ("Discovery",),
        "External",
    )
    assert not any("'word'" in part or "'got'" in part for part in p.not_understood)


def test_no_talk_bar_without_a_share():
    # minutes are no share of the talk, and a bar on reps' averages bounds the reps
    assert plan("calls where reps talked over 5 minutes straight").filters.min_talk_ratio is None
    reps = plan("which reps have a talk ratio above 60% this quarter")
    assert (reps.filters.min_talk_ratio, reps.filters.min_value, reps.group_by) == (None, 0.6, "rep")


def test_a_talk_bar_narrows_another_measure():
    p = plan("average sentiment on calls where the rep talked over 65%")
    assert (p.measure, p.filters.min_talk_ratio) == ("avg_sentiment", 0.65)
    sql, compiled = _rendered(p)
    assert check_compiled(sql, "DB") == sql
    assert "TALK_RATIO > %(min_talk_ratio)s" in sql and compiled.params["min_talk_ratio"] == 0.65


@pytest.mark.parametrize(
    ("question", "kind", "group_by"),
    [
        ("who rambles the most? top 3 reps by their avg longest monologue, Q4 so far", "ranking", "rep"),
        ("which rep has the longest monologues", "ranking", "rep"),
        ("average longest monologue by rep this month", "aggregate", "rep"),
        ("what's Kofi's average monologue length", "aggregate", None),
    ],
)
def test_the_longest_monologue_is_a_measure(question, kind, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.filters.min_monologue_s) == (kind, "monologue", group_by, None)
    assert not any("monolog" in part or "longest" in part for part in p.not_understood)
    sql, _ = _rendered(p)
    assert "AVG(c.LONGEST_MONOLOGUE_SECONDS)" in sql


def test_a_monologue_bound_stays_a_filter_even_misspelt():
    p = plan("list last month's calls where the rep went on a monolouge longer than 4 minutes")
    assert (p.kind, p.measure, p.filters.min_monologue_s, p.filters.min_minutes) == (
        "list_calls",
        "calls",
        240.0,
        None,
    )
    assert plan("calls with long monologues last week").measure == "calls"


def test_a_monologue_reads_as_minutes_and_seconds():
    assert format_value("monologue", 168.4) == "2:48 min"
    assert format_value("monologue", 59.0) == "0:59 min"


def test_a_talk_share_said_as_a_fraction():
    p = plan(
        "discovery calls with positive sentiment since 2026-10-01 where the rep talked less than half the time"
    )
    assert (p.kind, p.filters.max_talk_ratio, p.filters.sentiment) == ("list_calls", 0.5, "positive")
    assert plan("calls where the rep talked over half the call").filters.min_talk_ratio == 0.5

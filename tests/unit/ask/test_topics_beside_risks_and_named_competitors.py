"""Ways of asking that were read wrongly: a topic beside "no next step" (the topic dropped), "our most
talked-about competitor" ranked reps, "top competitor" gave every competitor, deals "without a call" in a
while were not quiet, deals lost "to a competitor" kept only the stage, and "how has sentiment changed" gave one
number instead of a value per month; getting ready for a meeting listed calls, and "tomorrow" was a word of
the call's title; deals "closed" in a period were every deal with a call then, and deals "pushed" to a
later period were no slip; "why are we losing deals" ranked reps; "the most
open deals" ranked calls; "what percent of calls" searched call titles for "percent"; "calls where the customer asked for a
discount" used no topic; "accounts we talked to the most" ranked reps, and "what came out of the orchard qbr"
was a quotes search; "deals with no activity
this month" took "no activity" for an account; "has orchard mentioned any competitors" used no competitor."""

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, plan
from tests.unit.ask.test_topic_calls_talkers_and_closed_periods import plan_with_lost


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("calls where pricing came up and there was no next step", ("Pricing",)),
        ("pricing calls without a next step", ("Pricing",)),
        ("integration calls with no next steps last month", ("Integrations",)),
    ],
)
def test_a_topic_beside_no_next_step_keeps_both(question: str, topic: tuple[str, ...]) -> None:
    p = plan(question)
    assert (p.filters.risk_type, p.filters.topic) == (("no_next_steps",), topic)
    assert p.not_understood == ()


def test_a_topic_that_a_risk_is_the_worry_about_is_the_risk_alone() -> None:
    p = plan("calls with pricing objections")
    assert (p.filters.risk_type, p.filters.topic) == (("pricing_objection",), ())


@pytest.mark.parametrize(
    ("question", "top_n"),
    [
        ("who's our most talked about competitor", 1),
        ("most discussed competitor this quarter", 1),
        ("top competitor this quarter", 1),
        ("top competitors this quarter", 3),
    ],
)
def test_the_most_named_competitor_ranks_competitors(question: str, top_n: int | None) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == (
        "ranking",
        "calls",
        "competitor",
        "desc",
        top_n,
    )


@pytest.mark.parametrize(
    ("question", "since"),
    [
        ("deals without a call in 3 weeks", date(2026, 11, 12)),
        ("accounts without any contact in 30 days", date(2026, 11, 3)),
        ("deals without a call since nov 1", date(2026, 11, 1)),
    ],
)
def test_without_a_call_in_a_while_is_quiet(question: str, since: date) -> None:
    p = plan(question)
    assert (p.kind, p.filters.quiet_since) == ("deals_at_risk", since)
    assert p.not_understood == ()


def test_deals_lost_to_a_competitor_are_lost_deals_naming_one() -> None:
    p = plan_with_lost("how many deals did we lose to a competitor")
    assert (p.kind, p.measure, p.filters.stage) == ("count", "deals", ("Closed Lost",))
    assert p.filters.competitor == ("Chorus", "Clari", "Outreach")
    assert p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("how has sentiment changed over the last 3 months", "avg_sentiment"),
        ("how did morgan's talk ratio change this quarter", "talk_ratio"),
        ("how has customer sentiment evolved since september", "avg_sentiment"),
    ],
)
def test_how_a_measure_changed_is_the_measure_month_by_month(question: str, measure: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", measure, "month")
    assert p.not_understood == ()


def test_how_a_measure_has_been_is_one_value() -> None:
    p = plan("how has sentiment been")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", None)


@pytest.mark.parametrize(
    "question",
    [
        "prep me for my call with orchard",
        "what should I know before meeting orchard",
        "what do I need to know before my call with orchard",
    ],
)
def test_getting_ready_for_a_meeting_is_the_accounts_latest_brief(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.account, p.filters.title_words) == ("call_brief", ("Orchard Logistics",), ())
    assert p.not_understood == ()


def test_tomorrow_is_the_askers_own_plan_not_a_title_word() -> None:
    p = plan("prep me for my call with bluewater tomorrow")
    assert (p.kind, p.filters.title_words, p.filters.start) == ("call_brief", (), None)
    assert p.notes == ("'tomorrow' is read as your own plans: calls are recorded up to today",)


def test_deals_closing_tomorrow_close_tomorrow() -> None:
    p = plan("deals closing tomorrow")
    assert (p.filters.close_start, p.filters.close_end) == (date(2026, 12, 4), date(2026, 12, 5))


def test_a_typo_as_close_to_two_words_reads_the_same_on_every_run() -> None:
    # "competitior" is one edit from "competitor" and from "competition"; the rule words are a set, whose
    # order changes from one interpreter to the next with string hashing.
    script = "from include.gong_intel.ask.rules import correct_typos; print(correct_typos('a competitior in the mix'))"
    read = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(4)
    }
    assert read == {"a competitor in the mix"}


WITH_CLOSED = replace(CATALOG, stages=(*CATALOG.stages, "Closed Won", "Closed Lost"))


@pytest.mark.parametrize(
    ("question", "kind", "close"),
    [
        ("how many deals closed last month", "count", (date(2026, 11, 1), date(2026, 12, 1))),
        ("how many closed deals this quarter", "count", (date(2026, 10, 1), date(2027, 1, 1))),
        ("deals that closed last week", "deals_at_risk", (date(2026, 11, 23), date(2026, 11, 30))),
    ],
)
def test_deals_closed_in_a_period_are_won_or_lost_by_close_date(
    question: str, kind: str, close: tuple[date, date]
) -> None:
    p = plan_question(question, today=date(2026, 12, 3), catalog=WITH_CLOSED)
    assert (p.kind, p.filters.stage) == (kind, ("Closed Won", "Closed Lost"))
    assert (p.filters.close_start, p.filters.close_end, p.filters.start) == (*close, None)
    assert p.not_understood == ()


def test_deals_closed_won_stay_won() -> None:
    p = plan_question("deals closed won in november", today=date(2026, 12, 3), catalog=WITH_CLOSED)
    assert p.filters.stage == ("Closed Won",)


@pytest.mark.parametrize(
    ("question", "close"),
    [
        ("deals pushed to next quarter", (date(2027, 1, 1), date(2027, 4, 1))),
        ("deals pushed to january", (date(2027, 1, 1), date(2027, 2, 1))),
        ("which deals got pushed", (None, None)),
    ],
)
def test_deals_pushed_are_slips_closing_when_they_were_pushed_to(
    question: str, close: tuple[date | None, date | None]
) -> None:
    p = plan(question)
    assert (p.kind, p.filters.risk_type) == ("deals_at_risk", ("timeline_slip",))
    assert (p.filters.close_start, p.filters.close_end, p.filters.start) == (*close, None)
    assert p.notes == () and p.not_understood == ()


def test_deals_pushed_to_a_team_are_no_slip() -> None:
    assert "timeline_slip" not in plan("deals pushed to legal last week").filters.risk_type


@pytest.mark.parametrize(
    ("question", "close"),
    [
        ("what are the top reasons we lose deals", (None, None)),
        ("why are we losing deals", (None, None)),
        ("why did we lose deals last quarter", (date(2026, 7, 1), date(2026, 10, 1))),
    ],
)
def test_why_deals_are_lost_is_the_lost_deals_risks_by_type(
    question: str, close: tuple[date | None, date | None]
) -> None:
    p = plan_question(question, today=date(2026, 12, 3), catalog=WITH_CLOSED)
    assert (p.kind, p.measure, p.group_by, p.filters.stage) == (
        "aggregate",
        "risks",
        "risk_type",
        ("Closed Lost",),
    )
    assert (p.filters.close_start, p.filters.close_end) == close
    assert p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("which accounts have the most open deals", "account"),
        ("rep with the most opps", "rep"),
    ],
)
def test_the_most_deals_ranks_by_deals_not_calls(question: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("ranking", "deals", group_by)
    assert p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("what percent of calls had a next step", "percent"),
        ("what percentage of deals are at risk", "percentage"),
    ],
)
def test_a_share_of_a_whole_is_named_as_left_out(question: str, word: str) -> None:
    p = plan(question)
    assert p.filters.title_words == ()
    assert p.not_understood == (f"words not used: '{word}'",)


def test_calls_with_a_competitor_are_the_calls_naming_one() -> None:
    p = plan("how many calls with a competitor last month")
    assert (p.kind, p.filters.competitor) == ("count", ("Chorus", "Clari", "Outreach"))


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("calls where the customer asked for a discount", ("Pricing",)),
        ("how many calls where they asked about integrations", ("Integrations",)),
    ],
)
def test_calls_where_a_subject_was_asked_about_are_that_topics(question: str, topic: tuple[str, ...]) -> None:
    p = plan(question)
    assert p.filters.topic == topic and p.not_understood == ()


def test_a_favour_asked_for_in_the_story_names_no_topic() -> None:
    p = plan("before I grant morgan the budget he asked for, how has his talk ratio moved month over month")
    assert (p.measure, p.filters.topic) == ("talk_ratio", ())


@pytest.mark.parametrize(
    ("question", "sort"),
    [("accounts we talked to the most last quarter", "desc"), ("customers we met with the least", "asc")],
)
def test_accounts_we_talked_to_the_most_rank_accounts(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort) == ("ranking", "calls", "account", sort)


def test_what_came_out_of_a_meeting_is_its_brief() -> None:
    p = plan("what came out of the orchard qbr")
    assert (p.kind, p.filters.account) == ("call_brief", ("Orchard Logistics",))


@pytest.mark.parametrize(
    ("question", "since"),
    [
        ("deals with no activity this month", date(2026, 12, 1)),
        ("accounts with no calls this quarter", date(2026, 10, 1)),
    ],
)
def test_no_activity_this_period_is_quiet_since_it_began(question: str, since: date) -> None:
    p = plan(question)
    assert (p.kind, p.filters.quiet_since, p.filters.account, p.filters.start) == (
        "deals_at_risk",
        since,
        (),
        None,
    )
    assert p.not_understood == ()


def test_an_account_mentioning_any_competitors_is_its_competitor_moments() -> None:
    p = plan("has orchard mentioned any competitors")
    assert (p.kind, p.filters.account, p.filters.risk_type) == (
        "quotes",
        ("Orchard Logistics",),
        ("competitor",),
    )
    assert p.not_understood == ()

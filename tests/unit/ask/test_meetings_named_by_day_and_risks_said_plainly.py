"""Ways of asking read wrongly, from the forty-eighth and forty-ninth writers' dev halves: a weekday naming the
meeting a question is for ("monday pipeline review") was a day of calls, "wek" was no week, accounts that
"bring up competitors the most" were ranked by calls, talk about "forecast misses" was refused as a forecast,
"dropped the ball on next steps" searched call titles, "threatened not to renew" was the renewal topic, a stage
after "hit" or "reach" was dropped, and a name no rep holds compared with a rep was left out unnamed. Found later
on the unit tests' catalog: "what do customers complain about most" ranked reps."""

from datetime import date

import pytest

from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    "question",
    ["friday forecast review: which deals are at risk?", "for the monday team sync - deals at risk"],
)
def test_a_weekday_naming_a_meeting_is_no_day_of_calls(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.start, p.filters.end) == ("deals_at_risk", None, None)


def test_a_weekday_alone_is_still_that_day() -> None:
    p = plan("calls on monday")
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 30), date(2026, 12, 1))


def test_wek_is_a_week() -> None:
    p = plan("how many calls last wek")
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 23), date(2026, 11, 30))
    assert p.not_understood == ()


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("which reps' customers mention competitors the most", "rep"),
        ("which 3 accounts bring up competitors most often", "account"),
    ],
)
def test_bringing_up_competitors_the_most_ranks_competitor_flags(question: str, group_by: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.filters.risk_type) == (
        "ranking",
        "risks",
        group_by,
        ("competitor",),
    )


def test_forecast_misses_customers_talk_about_are_quotes_not_a_forecast() -> None:
    p = plan("what are customers saying about forecast misses")
    assert p.kind == "quotes"
    assert plan("what's our q1 forecast").kind == "unanswerable"


@pytest.mark.parametrize(
    "question", ["calls where the rep dropped the ball on next steps", "which calls fumbled the follow-up"]
)
def test_dropping_the_ball_on_next_steps_is_no_next_step(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.filters.risk_type, p.filters.title_words) == ("list_calls", ("no_next_steps",), ())


@pytest.mark.parametrize(
    "question",
    [
        "who threatened not to renew",
        "which customers threatened to cancel",
        "accounts that said not to renew",
    ],
)
def test_threats_not_to_renew_are_churn(question: str) -> None:
    assert "churn_threat" in plan(question).filters.risk_type


@pytest.mark.parametrize(
    "question",
    [
        "once deals hit negotiation, what price pushback do we hear",
        "price pushback after deals reach negotiation",
    ],
)
def test_a_stage_deals_hit_or_reach_is_that_stage(question: str) -> None:
    p = plan(question)
    assert (p.filters.stage, p.filters.risk_type) == (("Negotiation",), ("pricing_objection",))


def test_a_name_no_rep_holds_compared_with_a_rep_is_named() -> None:
    p = plan("compare sentiment between claire and jordan whitfield this quarter")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "rep")
    assert p.filters.rep == ("Claire Hayes", "jordan whitfield")
    assert any(n.startswith("no rep matches 'jordan whitfield'") for n in p.not_understood)


@pytest.mark.parametrize(
    ("question", "measure", "group_by"),
    [
        ("what do customers complain about most", "risks", "risk_type"),
        ("what did our buyers worry about most this quarter", "risks", "risk_type"),
        ("what do prospects ask about the most", "calls", "topic"),
    ],
)
def test_what_customers_say_most_ranks_kinds_of_risk_or_topics_not_reps(
    question: str, measure: str, group_by: str
) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("ranking", measure, group_by)
    assert p.not_understood == ()

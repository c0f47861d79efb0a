"""Restatements of dev questions (`bench/ask_questions/paraphrases.jsonl`, development data) read wrongly, and the
everyday wordings around them: "# closed-lost deals" was a list; "hogs the call the least" ranked the biggest
talkers; accounts where "rivals come up most often" were ranked by calls, and "the three competitors we hear about
the most" ranked reps; "sizing up the competition ... chorus" kept only the calls on the Competition topic; "does
rahul still have" named an unknown rep "rahul still"; "for the exec sync:" an unknown account; "the deck of Monday"
and "pipeline in dollars at today" were times of the calls; and "by rep and deal" did not say the deal grouping
was left out."""

from dataclasses import replace

import pytest

from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, TODAY, plan


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("# closed-lost deals w/ a Q3 call?", "deals"),
        ("# negotiation deals?", "deals"),
        ("# calls in nov", "calls"),
    ],
)
def test_a_number_sign_then_a_space_counts(question: str, measure: str) -> None:
    lost = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))
    p = plan_question(question, today=TODAY, catalog=lost)
    assert (p.kind, p.measure) == ("count", measure)
    assert p.not_understood == ()


def test_a_chat_channel_is_still_no_count() -> None:
    p = plan("pasting from #deal-desk: which deals are at risk")
    assert p.kind == "deals_at_risk"


@pytest.mark.parametrize(
    ("question", "sort"),
    [
        ("who hogs the call the least? 3 reps with the smallest share of talk time", "asc"),
        ("which reps hog the conversation the least", "asc"),
        ("who is hogging the call the most", "desc"),
        ("who talks too much? worst 3", "desc"),
    ],
)
def test_hogging_the_call_the_least_is_the_lowest_talk_ratio(question: str, sort: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort) == ("ranking", "talk_ratio", "rep", sort)
    assert p.not_understood == ()


@pytest.mark.parametrize(
    "question",
    [
        "which 3 customers have rivals come up most often on their calls?",
        "top 3 accounts where competitors are mentioned the most",
        "which 3 clients bring up rival vendors most often?",
    ],
)
def test_accounts_where_rivals_come_up_most_rank_the_competitor_flags(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "risks", "account", 3)
    assert p.filters.risk_type == ("competitor",)


def test_the_three_competitors_heard_about_most_rank_competitors() -> None:
    p = plan("what are the three competitors that we hear about the most")
    assert (p.kind, p.group_by, p.sort, p.top_n) == ("ranking", "competitor", "desc", 3)
    assert p.not_understood == ()


def test_a_named_competitor_needs_no_competition_topic() -> None:
    p = plan("sizing up the competition: how many calls this quarter had chorus or clari mentioned?")
    assert p.filters.competitor == ("Chorus", "Clari")
    assert p.filters.topic == ()
    assert not any("competition" in u for u in p.not_understood)
    # without a competitor named, the word still picks the calls about competitors
    assert plan("what did customers say about the competition").filters.risk_type == ("competitor",)


@pytest.mark.parametrize(
    "question",
    [
        "what action items does kofi still have open from this week's calls",
        "does kofi ever have follow-ups left open",
    ],
)
def test_an_adverb_after_a_first_name_is_no_part_of_it(question: str) -> None:
    p = plan(question)
    assert p.filters.rep == ("Kofi Thornton",)
    assert not any("matches" in u for u in p.not_understood)


@pytest.mark.parametrize(
    "question",
    [
        "for the exec sync: which 3 accounts have the most open pipe?",
        "prepping the enablement session: how many calls last week?",
    ],
)
def test_the_askers_meeting_is_no_account(question: str) -> None:
    p = plan(question)
    assert p.filters.account == ()
    assert not any("matches" in u for u in p.not_understood)


def test_a_coined_name_is_still_an_unknown_account() -> None:
    p = plan("what did the halvorsen team say")
    assert p.filters.account == ("halvorsen",)


@pytest.mark.parametrize(
    "question",
    [
        "for the deck of Monday: the 4 reps with the most open pipeline",
        "the 4 reps that have most open pipeline in dollars at today",
    ],
)
def test_when_the_answer_is_needed_is_no_time_of_the_calls(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "amount", "rep", 4)
    assert (p.filters.start, p.filters.end) == (None, None)


def test_calls_today_keep_their_day() -> None:
    assert plan("calls at today").filters.start == TODAY


@pytest.mark.parametrize(
    "question",
    [
        "add up the open deal value for every opportunity where the buyer raised concerns about pricing",
        "customers complaining about the price last month",
    ],
)
def test_concerns_about_pricing_are_price_objections(question: str) -> None:
    p = plan(question)
    assert p.filters.risk_type == ("pricing_objection",)
    assert p.filters.topic == ()


def test_a_team_of_the_askers_own_company_is_no_account() -> None:
    p = plan("for the enablement team: count how many calls from last month went over 45 min")
    assert (p.kind, p.filters.account, p.filters.min_minutes) == ("count", (), 45.0)
    assert plan("what did the halvorsen team say").filters.account == ("halvorsen",)


def test_what_the_asker_is_doing_told_first_is_no_question_about_it() -> None:
    p = plan("Doing headcount reviews this week — what's the November call count for kofi?")
    assert (p.kind, p.filters.rep, p.filters.start) == (
        "count",
        ("Kofi Thornton",),
        TODAY.replace(month=11, day=1),
    )
    assert plan("what's our headcount plan for next year").kind == "unanswerable"


@pytest.mark.parametrize(
    "question",
    ["# neg-sentiment calls Q4?", "how many calls during November came out with negative sentiment?"],
)
def test_a_count_of_calls_in_a_sentiment_band_counts_calls(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure, p.filters.sentiment) == ("count", "calls", "negative")


def test_the_askers_summary_told_first_is_no_brief() -> None:
    p = plan("I'm compiling the month-end call quality summary: how many calls in November were negative?")
    assert (p.kind, p.filters.sentiment, p.filters.account) == ("count", "negative", ())


@pytest.mark.parametrize(
    "question",
    [
        "number of conversations where a rival vendor was named since nov 3",
        "how many calls where a competitor was ever brought up",
    ],
)
def test_a_rival_named_in_the_passive_is_any_competitor(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.measure) == ("count", "calls")
    assert p.filters.competitor == CATALOG.competitors


def test_a_name_brought_up_on_calls_is_kept() -> None:
    # (a competitor the warehouse does not know, or a word said on the calls: either way not every call)
    p = plan("how many calls brought up avoma in november")
    assert "avoma" in (*p.filters.competitor, *p.filters.said)
    assert any("'avoma'" in u for u in p.not_understood)


def test_the_leading_rival_vendors_rank_competitors() -> None:
    p = plan("leading 3 rival vendors by number of conversations mentioning them?")
    assert (p.kind, p.group_by, p.sort, p.top_n) == ("ranking", "competitor", "desc", 3)


@pytest.mark.parametrize(
    "question",
    [
        "count the opportunities where a competitor came up",
        "of all our deals how many had a competitor mentioned",
    ],
)
def test_counting_the_deals_counts_deals(question: str) -> None:
    assert plan(question).measure == "deals"


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("uh who's gonna renew next year", "who will renew is a prediction"),
        ("which of our customers are going to renew?", "who will renew is a prediction"),
        ("what we're projecting for Q1 - will we make it?", "a revenue forecast is not in the data"),
        (
            "how many licenses has Evergreen purchased in their latest contract?",
            "seat counts and contract terms",
        ),
    ],
)
def test_predictions_and_contract_terms_are_named_as_not_in_the_data(question: str, named: str) -> None:
    p = plan(question)
    assert p.kind == "unanswerable"
    assert any(named in u for u in p.not_understood), p.not_understood


def test_what_customers_said_about_renewing_is_still_quoted() -> None:
    assert plan("what did customers say about renewing").kind == "quotes"

"""Phrasings of questions the planner already answers, said another way: the same plan whatever the wording.

Each family is a way people restate a question (a negation for "unanswered", a period said as "month to
month", a comparison written as a symbol); the cases are this file's own wording.
"""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window
from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, plan

TODAY = date(2026, 12, 3)  # a Thursday


def days(words: str) -> tuple[date, date] | None:
    """The window a question's words name, as (first day, day after the last), or None."""
    w = parse_window(words, TODAY)
    return (w.start, w.end) if w else None


@pytest.mark.parametrize(
    "question",
    [
        "how many objections has Kofi never responded to",
        "how many objections did Claire not reply to last month",
        "count the pushback nobody answered in Q4",
        "# of objections no one on our side responded to",
        "number of objections Morgan let go without a response",
        "pushback Mei let slide this quarter, how many?",
        "how many customer objections got no reply",
    ],
)
def test_objections_without_an_answer_said_with_a_negation(question):
    p = plan(question)
    assert p.measure == "objections" and p.filters.unanswered


@pytest.mark.parametrize(
    "question",
    [
        "how did Kofi respond to pricing objections",
        "objections and how our reps replied",
        "how many objections did Claire answer",
    ],
)
def test_an_answer_asked_about_is_not_a_missing_one(question):
    assert not plan(question).filters.unanswered


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("average sentiment month to month", "month"),
        ("how does the call count move from one month to the next", "month"),
        ("call count week to week for Orchard Logistics", "week"),
        ("avg talk ratio per wk", "week"),
        ("number of objections in each of the last 3 full weeks", "week"),
        ("average mood for each of the past two months", "month"),
    ],
)
def test_a_period_said_as_a_sequence_groups_by_it(question, group_by):
    assert plan(question).group_by == group_by


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("calls in the last four full weeks", date(2026, 11, 2), date(2026, 11, 30)),
        ("the past 2 whole weeks", date(2026, 11, 16), date(2026, 11, 30)),
        ("last 2 full months", date(2026, 10, 1), date(2026, 12, 1)),
    ],
)
def test_full_weeks_and_months_are_whole_periods_before_the_current_one(words, start, end):
    assert days(words) == (start, end)


def test_last_n_weeks_per_week_are_the_last_n_full_weeks():
    p = plan("avg sentiment per wk, last 3 wks")
    assert p.group_by == "week"
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 9), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("question", "min_minutes", "max_minutes"),
    [
        ("# calls >40 mins", 40, None),
        ("calls < 15 min last week", None, 15),
        ("how many calls were longer as an 30 minutes", None, None),
        ("calls longer as 45 minutes", 45, None),
        ("meetings exceeding 2 hours", 120, None),
        ("calls >= 20 min with Orchard Logistics", 20, None),
    ],
)
def test_durations_compared_with_symbols_and_second_language_words(question, min_minutes, max_minutes):
    f = plan(question).filters
    assert (f.min_minutes, f.max_minutes) == (min_minutes, max_minutes)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("Doing a pipeline review this week - which deals are in trouble?", None),
        ("I've got a check-in with finance on Monday - is the Orchard Logistics renewal at risk?", None),
        ("prepping for my QBR tomorrow: what did Orchard Logistics say about pricing", None),
        ("Doing a pipeline review - which calls went negative this week?", date(2026, 11, 30)),
        ("which calls this week - any negative ones?", date(2026, 11, 30)),
    ],
)
def test_the_askers_own_schedule_told_before_the_question_is_not_the_calls_time(question, start):
    p = plan(question)
    assert p.filters.start == start
    assert not any("matches 'monday'" in n.lower() for n in p.not_understood)  # no account named Monday


@pytest.mark.parametrize(
    "words", ["since begin of October", "since the beginning of oct", "from the start of october"]
)
def test_since_the_start_of_a_month_runs_from_its_first_day_to_today(words):
    assert days(words) == (date(2026, 10, 1), date(2026, 12, 4))


def test_in_which_calls_lists_calls():
    p = plan("In which calls since October did the buyer say their champion will leave?")
    assert p.kind == "list_calls" and p.filters.risk_type == ("champion_loss",)


@pytest.mark.parametrize(
    ("question", "risk_types"),
    [
        ("which open deals might slip away because the champion left", ("champion_loss",)),
        ("deals slipping through our fingers after the champion left", ("champion_loss",)),
        ("which deals are slipping to next quarter", ("timeline_slip",)),
    ],
)
def test_a_deal_slipping_away_is_lost_not_late(question, risk_types):
    assert plan(question).filters.risk_type == risk_types


@pytest.mark.parametrize(
    ("question", "top_n"),
    [
        ("the five open opportunities with the highest risk scores", 5),
        ("3 highest-risk open opps", 3),
        ("rank the four open deals carrying the highest risk", 4),
    ],
)
def test_deals_with_the_highest_risk_are_the_riskiest_deals(question, top_n):
    p = plan(question)
    assert (p.kind, p.measure, p.top_n) == ("deals_at_risk", "deal_risk_score", top_n)


@pytest.mark.parametrize(
    ("question", "group_by", "top_n"),
    [
        ("what are the top three topics on bad calls", "topic", 3),
        ("which two subjects came up most on calls with Orchard Logistics", "topic", 2),
        ("what 4 themes come up most often", "topic", 4),
        ("the rival that shows up on the most calls", "competitor", 1),
        ("which rival comes up more than any other", "competitor", 1),
        ("who are the three reps talking too much", "rep", 3),
    ],
)
def test_groups_and_their_size_said_another_way(question, group_by, top_n):
    p = plan(question)
    assert (p.kind, p.group_by, p.top_n) == ("ranking", group_by, top_n)


@pytest.mark.parametrize(
    "question",
    [
        "who's hogging the conversation on calls",
        "how much of the talking does each rep do",
        "which reps do most of the talking",
        "share of the talking by rep last month",
    ],
)
def test_talk_ratio_said_in_everyday_words(question):
    assert plan(question).measure == "talk_ratio"


@pytest.mark.parametrize(
    ("question", "kind", "group_by"),
    [
        ("for the monthly health report: how many calls in November went negative?", "count", None),
        ("ahead of our weekly pipeline sync, how many objections did Kofi hear last week", "count", None),
        ("how many calls per month", "aggregate", "month"),
        ("monthly call counts", "aggregate", "month"),
    ],
)
def test_a_report_or_meeting_held_every_period_is_no_grouping(question, kind, group_by):
    p = plan(question)
    assert (p.kind, p.group_by) == (kind, group_by)


@pytest.mark.parametrize(
    "question",
    [
        "for my tracker, please list me the calls with Orchard Logistics in November",
        "can you pull up all the conversations with negative sentiment last week",
        "Which Legal & Procurement conversations went badly?",
    ],
)
def test_a_list_of_calls_asked_for_mid_sentence_or_by_subject(question):
    assert plan(question).kind == "list_calls"


@pytest.mark.parametrize(
    ("question", "measure", "sentiment"),
    [
        ("top 3 topics on conversations with a negative tone", "calls", "negative"),
        ("which rep had the most calls with a bad mood", "calls", "negative"),
        ("average tone by rep", "avg_sentiment", None),
        ("average sentiment by rep on calls with a negative tone", "avg_sentiment", None),
    ],
)
def test_a_tone_that_picks_the_calls_is_a_filter_not_the_measure(question, measure, sentiment):
    p = plan(question)
    assert (p.measure, p.filters.sentiment) == (measure, sentiment)


@pytest.mark.parametrize(
    ("question", "sentiment"),
    [
        ("which reps have good listening habits", None),
        ("good calls last week", "positive"),
        ("calls that went great with Orchard Logistics", "positive"),
        ("list the calls where the mood was really good", "positive"),
    ],
)
def test_good_is_positive_only_when_it_says_how_a_call_went(question, sentiment):
    assert plan(question).filters.sentiment == sentiment


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("calls in the week starting the ninth", date(2026, 11, 9), date(2026, 11, 16)),
        ("objections since the second", date(2026, 12, 2), date(2026, 12, 4)),
        ("in next week's team meeting - which reps talked most in Q4", date(2026, 10, 1), date(2027, 1, 1)),
    ],
)
def test_days_in_words_and_the_next_meeting(words, start, end):
    assert days(words) == (start, end)


def test_the_first_call_is_no_date():
    assert parse_window("what was discussed on the first call with Orchard Logistics", TODAY) is None


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("risk flags so far this quarter", date(2026, 10, 1), date(2027, 1, 1)),
        ("calls in the past fourteen days", date(2026, 11, 19), date(2026, 12, 4)),
        ("revenue forecast next yr", date(2027, 1, 1), date(2028, 1, 1)),
    ],
)
def test_more_time_words(words, start, end):
    assert days(words) == (start, end)


@pytest.mark.parametrize(
    "words",
    [
        "every commitment we've made to Orchard Logistics to date",
        "for Monday deck: the 4 reps with the most open pipeline",
        "the reps with the highest open pipeline today",
    ],
)
def test_words_that_name_no_period_of_calls(words):
    assert parse_window(words, TODAY) is None


@pytest.mark.parametrize(
    ("question", "kind", "measure"),
    [
        ("how many conversations in November had pushback on price", "count", "calls"),
        ("number of meetings with pricing objections last week", "count", "calls"),
        ("the mean sentiment score for calls with Orchard Logistics", "aggregate", "avg_sentiment"),
        ("break down the risk types on calls that covered integrations", "aggregate", "risks"),
        ("combined value of our open deals in negotiation", "aggregate", "amount"),
        ("Which meetings since Nov 3 raised security concerns?", "list_calls", "calls"),
    ],
)
def test_kinds_and_measures_said_another_way(question, kind, measure):
    p = plan(question)
    assert (p.kind, p.measure) == (kind, measure)


@pytest.mark.parametrize(
    "question",
    [
        "how many calls had a customer object to what we charge",
        "calls where the buyer objected to the price",
    ],
)
def test_objecting_to_the_price_is_a_pricing_objection(question):
    assert plan(question).filters.risk_type == ("pricing_objection",)


@pytest.mark.parametrize(
    ("question", "group_by", "top_n"),
    [
        ("the five risk types that come up the most", "risk_type", 5),
        ("give me the 3 accounts carrying the most open pipeline", "account", 3),
        ("rank the 4 accounts that had the most risk flags", "account", 4),
        ("mean sentiment by salesperson, ranked, top 2", "rep", 2),
    ],
)
def test_the_n_things_that_most(question, group_by, top_n):
    p = plan(question)
    assert (p.group_by, p.top_n) == (group_by, top_n)


def test_the_lengthiest_meetings_rank_calls_by_duration():
    p = plan("the three lengthiest mtgs this month")
    assert (p.kind, p.group_by, p.top_n) == ("ranking", None, 3)


@pytest.mark.parametrize(
    ("question", "rep", "account"),
    [
        ("Jordan Blake calls in Nov?", ("Jordan Blake",), ()),
        ("show me all the calls Jordan Blake did last week", ("Jordan Blake",), ()),
        ("wondering what Jordan Blake was up to last week", ("Jordan Blake",), ()),
        ("Acme Corp calls last week", (), ("Acme Corp",)),
    ],
)
def test_an_unknown_name_before_or_after_calls_is_named_and_matches_nothing(question, rep, account):
    p = plan(question)
    assert (p.filters.rep, p.filters.account) == (rep, account)
    assert any("matches" in n for n in p.not_understood)


def test_a_verb_opening_the_question_is_no_first_name():
    p = plan("Summarize Orchard's contract review call for me.")
    assert p.filters.rep == () and not any("rep matches" in n for n in p.not_understood)


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("proposal-stage calls, nov 2-15 incl", date(2026, 11, 2), date(2026, 11, 16)),
        ("calls 2-15 November", date(2026, 11, 2), date(2026, 11, 16)),
        ("calls Oct 1-Nov 30, full list", date(2026, 10, 1), date(2026, 12, 1)),
        ("the four weeks that begin Mon Nov 2 through Mon Nov 16", date(2026, 11, 2), date(2026, 11, 23)),
        ("from the week of 2 November to the week of 9 November", date(2026, 11, 2), date(2026, 11, 16)),
    ],
)
def test_ranges_of_days_and_weeks(words, start, end):
    assert days(words) == (start, end)


def test_an_amount_range_is_no_day_range():
    assert days("deals worth 100-200k in nov") == (date(2026, 11, 1), date(2026, 12, 1))


@pytest.mark.parametrize(
    "question",
    [
        "open deals where nobody has had a call with them for over a month",
        "open deals where we haven't held a meeting in 3 weeks",
    ],
)
def test_deals_nobody_has_called_are_quiet_deals(question):
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.quiet_since is not None


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("morgan's calls since october fifteenth", date(2026, 10, 15), date(2026, 12, 4)),
        ("talk ratio from october first through november thirtieth", date(2026, 10, 1), date(2026, 12, 1)),
        ("Demo-stage calls, Mon Oct 12 through Sun Oct 18", date(2026, 10, 12), date(2026, 10, 19)),
        ("calls (Monday 10/12 to Sunday 10/18)", date(2026, 10, 12), date(2026, 10, 19)),
        ("average sentiment for September, October and November", date(2026, 9, 1), date(2026, 12, 1)),
        (
            "weekly call counts starting Nov 2nd, but skip the current week",
            date(2026, 11, 2),
            date(2026, 11, 30),
        ),
    ],
)
def test_dates_with_words_weekdays_lists_and_skipped_weeks(words, start, end):
    assert days(words) == (start, end)


def test_the_week_starting_a_day_is_that_week_not_since_that_day():
    assert days("calls in the week starting Nov 9") == (date(2026, 11, 9), date(2026, 11, 16))


@pytest.mark.parametrize(
    ("question", "min_amount", "max_amount"),
    [
        ("calls on deals worth more than two hundred fifty k", 250_000, None),
        ("which risky deals are over a hundred fifty k", 150_000, None),
        ("deals over seventy-five grand", 75_000, None),
        ("calls on deals worth $50K-$100K in October", 49_999.99, 100_000.01),
        ("calls on opportunities sized 50k to 100k (inclusive)", 49_999.99, 100_000.01),
    ],
)
def test_amounts_in_words_and_ranges(question, min_amount, max_amount):
    f = plan(question).filters
    assert (f.min_amount, f.max_amount) == (min_amount, max_amount)


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("# open deals in negotiation now?", "deals"),
        ("# open deals > $200k", "deals"),
        ("# calls on deals in proposal stage >100k", "calls"),
        ("count of bad-vibe conversations in Q4", "calls"),
    ],
)
def test_counts_typed_with_a_hash(question, measure):
    p = plan(question)
    assert (p.kind, p.measure) == ("count", measure)


@pytest.mark.parametrize(
    ("question", "measure", "group_by", "top_n"),
    [
        ("rep w/ most unanswered objections?", "objections", "rep", 1),
        ("worst avg sentiment rep, Nov?", "avg_sentiment", "rep", 1),
        ("what were the top three weeks for call volume in october", "calls", "week", 3),
        ("which are the 3 opportunities with most risk flags", "risks", "opportunity", 3),
        ("how much customer pushback has each rep gotten", "objections", "rep", None),
    ],
)
def test_rankings_said_another_way(question, measure, group_by, top_n):
    p = plan(question)
    assert (p.measure, p.group_by, p.top_n) == (measure, group_by, top_n)


@pytest.mark.parametrize(
    "question",
    ["Were there calls in which Chorus was mentioned?", "chorus mentions - which calls"],
)
def test_which_calls_asked_late_in_the_sentence_lists_calls(question):
    p = plan(question)
    assert p.kind == "list_calls" and p.filters.competitor == ("Chorus",)


def test_adding_up_the_value_of_deals_with_a_price_objection():
    p = plan("Add up the value of open opportunities where the customer objected on price.")
    assert (p.kind, p.measure) == ("aggregate", "amount")
    assert p.filters.risk_type == ("pricing_objection",)


def test_losing_their_sponsor_is_champion_loss():
    assert plan("did Orchard Logistics say anything about losing their sponsor").filters.risk_type == (
        "champion_loss",
    )


@pytest.mark.parametrize(
    "question",
    [
        "owen - my reps' negotiation calls last week?",
        'Forwarding from Owen, who is prepping his 1:1s: "negotiation calls from my reps last week?"',
        "fwd from owen: my reps' negotiation calls last week",
    ],
)
def test_a_manager_named_first_or_forwarding_asks_about_their_team(question):
    catalog = replace(CATALOG, teams=(("Owen Park", ("Morgan Larsen", "Mei Kim")),))
    p = plan_question(question, today=TODAY, catalog=catalog)
    assert set(p.filters.rep) == {"Morgan Larsen", "Mei Kim"}


@pytest.mark.parametrize(
    "question", ["what are the top five like most at-risk open deals", "top 3 most at-risk opps"]
)
def test_the_most_at_risk_deals_hyphenated_are_the_riskiest_deals(question):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("deals_at_risk", "deal_risk_score", "opportunity")


def test_a_grouped_measure_nothing_named_counts_calls():
    p = plan("rank the risk types")
    assert p.group_by == "risk_type" and p.measure is not None


def test_closes_as_a_noun_keeps_the_calls_window():
    p = plan("I want to listen in on a few closes - which calls this week were in negotiation?")
    assert (p.kind, p.filters.start, p.filters.close_start) == ("list_calls", date(2026, 11, 30), None)


def test_deals_that_close_this_month_are_read_by_close_date():
    p = plan("which open deals close this month")
    assert p.filters.close_start == date(2026, 12, 1) and p.filters.start is None


@pytest.mark.parametrize(
    ("question", "kind", "sort", "top_n"),
    [
        ("Which 3 reps let the customer do most of the talking?", "ranking", "asc", 3),
        ("the five conversations with the worst mood in Nov", "ranking", "asc", 5),
    ],
)
def test_rankings_read_from_the_bottom_and_their_size(question, kind, sort, top_n):
    p = plan(question)
    assert (p.kind, p.sort, p.top_n) == (kind, sort, top_n)


def test_every_call_mentioning_a_competitor_is_a_list():
    p = plan("every negotiation-stage call mentioning Chorus, Oct 1-Nov 30, full list pls")
    assert p.kind == "list_calls" and p.filters.competitor == ("Chorus",)


def test_reps_who_said_they_would_do_something_made_a_commitment():
    assert plan("which reps said they'd set up a pilot workspace").kind == "commitments"


def test_competitors_ranked_by_mentions_are_not_narrowed_to_the_competitor_flag():
    p = plan("which competitors come up the most on our calls - rank them")
    assert p.group_by == "competitor" and p.filters.risk_type == ()


def test_a_possessive_account_before_a_deal_noun_names_that_deal():
    p = plan("every call on Orchard Logistics's new business opportunity")
    assert p.filters.opportunity == ("Orchard Logistics - Coaching Studio New Business",)


TEAM_CATALOG = replace(CATALOG, teams=(("Priya Marchetti", ("Morgan Larsen", "Claire Hayes")),))


@pytest.mark.parametrize(
    "question",
    [
        "For the team of priya, were there calls with bad sentiment last week?",
        "Sort Priya's customer success managers by number of churn threat flags, most first",
    ],
)
def test_a_team_named_in_another_word_order_or_by_role(question):
    p = plan_question(question, today=TODAY, catalog=TEAM_CATALOG)
    assert set(p.filters.rep) == {"Morgan Larsen", "Claire Hayes"}


def test_sorting_a_team_by_a_measure_ranks_its_reps():
    p = plan_question("sort Priya's reps by churn threat flags", today=TODAY, catalog=TEAM_CATALOG)
    assert (p.kind, p.group_by, p.measure) == ("ranking", "rep", "risks")


# --- third round of restated questions ---


@pytest.mark.parametrize(
    ("words", "window"),
    [
        ("objections last mo", (date(2026, 11, 1), date(2026, 12, 1))),
        ("calls in q four", (date(2026, 10, 1), date(2027, 1, 1))),
        ("what did we do in q three", (date(2026, 7, 1), date(2026, 10, 1))),
        ("from the start of the month until today", (date(2026, 12, 1), date(2026, 12, 4))),
        ("since the beginning of this quarter", (date(2026, 10, 1), date(2026, 12, 4))),
        ("since the middle of September", (date(2026, 9, 15), date(2026, 12, 4))),
        ("since uh the second of november", (date(2026, 11, 2), date(2026, 12, 4))),
        ("anything booked on Wednesday.", (date(2026, 12, 2), date(2026, 12, 3))),
        ("the most recent 2 full weeks", (date(2026, 11, 16), date(2026, 11, 30))),
        ("the week that began october twelfth", (date(2026, 10, 12), date(2026, 10, 19))),
    ],
)
def test_periods_said_another_way(words, window):
    assert days(words) == window


def test_the_weekday_of_a_date_with_a_full_stop_still_reads_the_date():
    assert days("the wed. nov 4 call") == (date(2026, 11, 4), date(2026, 11, 5))


def test_previous_n_weeks_by_week_are_whole_weeks():
    p = plan("call count per week across the previous 3 weeks")
    assert (p.group_by, p.filters.start, p.filters.end) == ("week", date(2026, 11, 9), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("how many calls has dana whitmore logged this month", "dana whitmore"),
        ("meetings recorded by dana whitmore in october", "dana whitmore"),
        ("pull up dana whitmore's calls from yesterday", "dana whitmore"),
        ("dana whitmore number of calls in Q3", "dana whitmore"),
        ("the conversations that dana whitmore handled last week", "dana whitmore"),
        ("Count the meetings Dana Whitmore hosted in Q4", "Dana Whitmore"),
    ],
)
def test_a_person_the_warehouse_does_not_know_is_kept_as_an_unknown_rep(question, name):
    p = plan(question)
    assert p.filters.rep == (name,) and any(name in n for n in p.not_understood)


@pytest.mark.parametrize(
    "question",
    [
        "how many calls has the team logged this month",
        "calls recorded by the team last week",
        "show me morgan's calls from last week",
    ],
)
def test_no_unknown_person_in_ordinary_words(question):
    assert not any("no rep matches" in n for n in plan(question).not_understood)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("what Hooli has said about security", "Hooli"),
        ("Hooli quotes about onboarding", "Hooli"),
        ("Hooli renewal call last week - quick recap?", "Hooli"),
        ("Globex calls this month", "Globex"),
    ],
)
def test_one_unknown_capitalised_word_said_as_a_company(question, name):
    p = plan(question)
    assert p.filters.account == (name,) and any(f"no account matches '{name}'" in n for n in p.not_understood)


@pytest.mark.parametrize(
    "question", ["Customer quotes about onboarding", "Whose calls had the best mood this month? top 2 reps"]
)
def test_a_capitalised_ordinary_word_is_no_company(question):
    assert plan(question).filters.account == ()


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("how are this quarter's warning signals distributed across the different types", "risk_type"),
        ("tally of red flags per category in november", "risk_type"),
        ("danger indicators split across risk types for Q4", "risk_type"),
    ],
)
def test_risk_flags_said_another_way_are_counted_by_type(question, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "risks", group_by)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("fill me in on how Kofi's latest call went", "call_brief"),
        ("the short version of the last Orchard Logistics call", "call_brief"),
        ("update me on the most recent Polaris Media call", "call_brief"),
        ("any news from the last call we had with Orchard Logistics?", "call_brief"),
        ("a rundown of the conversations Kofi had this month that touched on pricing", "list_calls"),
    ],
)
def test_a_brief_of_one_call_and_a_rundown_of_many(question, kind):
    assert plan(question).kind == kind


def test_a_rundown_of_many_calls_keeps_what_they_touched_on():
    p = plan("a rundown of the conversations Kofi had this month that touched on pricing")
    assert p.filters.topic == ("Pricing",)


@pytest.mark.parametrize(
    "question",
    [
        "Show the October meetings that finished without both sides settling on any next step",
        "conversations that concluded lacking any agreed follow-up actions",
    ],
)
def test_calls_without_an_agreed_next_step_said_at_length(question):
    p = plan(question)
    assert p.kind == "list_calls" and p.filters.risk_type == ("no_next_steps",)


@pytest.mark.parametrize(
    ("question", "languages", "other"),
    [
        ("which calls weren't in English", ("English",), True),
        ("list meetings that were not held in German", ("German",), True),
    ],
)
def test_calls_not_in_a_language(question, languages, other):
    p = plan(question)
    assert (p.filters.language, p.filters.other_language) == (languages, other)


def test_the_askers_own_plans_are_no_subject():
    p = plan("We're thinking about opening an office in Lyon, so which calls were in French?")
    assert p.filters.topic == () and p.filters.language == ("French",)


def test_calls_with_only_our_own_people_are_internal():
    assert plan("meetings attended solely by our own people, no client present").filters.scope == "Internal"


@pytest.mark.parametrize(
    ("question", "sort"),
    [
        ("rank the reps by objections, from most to fewest", "desc"),
        ("rank the reps by objections, fewest first", "asc"),
    ],
)
def test_an_order_from_one_end_to_the_other(question, sort):
    assert plan(question).sort == sort


@pytest.mark.parametrize(
    "question",
    [
        "which 2 salespeople had the gloomiest calls in october",
        "which reps are having a rough time on negotiation calls",
        "Which sellers are having difficulties in demos?",
    ],
)
def test_struggling_said_another_way_ranks_sentiment_from_the_bottom(question):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort) == ("ranking", "avg_sentiment", "rep", "asc")


def test_the_highest_number_of_something_is_a_ranking():
    p = plan("who has the highest number of objections nobody answered - which rep?")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "objections", "rep", "desc", 1)


@pytest.mark.parametrize(
    ("question", "measure", "group_by"),
    [
        ("Break out the dollar value of open deals in Proposal for each AE", "amount", "rep"),
        ("$ in open pipe per stg", "amount", "stage"),
        ("the typical (average) deal value per stage", "avg_amount", "stage"),
        ("total value of open deals, grouped by the stage each deal is in", "amount", "stage"),
        ("the reps on discovery calls: average talk ratio for each of them", "talk_ratio", "rep"),
        ("competitor breakdown, # of calls each", "calls", "competitor"),
        ("the 3 most frequent call topics in november", "calls", "topic"),
        ("in which opportunity phase is the mood lowest", "avg_sentiment", "stage"),
    ],
)
def test_measures_and_groups_said_another_way(question, measure, group_by):
    p = plan(question)
    assert (p.measure, p.group_by) == (measure, group_by)


def test_two_names_compared_with_or_get_one_value_each():
    p = plan("avg talk ratio in Q4: morgan or claire higher?")
    assert (p.kind, p.group_by) == ("aggregate", "rep") and set(p.filters.rep) == {
        "Morgan Larsen",
        "Claire Hayes",
    }


@pytest.mark.parametrize(
    "question",
    [
        "I'm curious which calls of Kofi's included a mention of Clari",
        "any calls from Q3 in which Outreach was mentioned?",
        "did Chorus come up on Mei's calls this month? list them if so",
    ],
)
def test_which_calls_mentioned_a_competitor_is_a_list(question):
    assert plan(question).kind == "list_calls"


def test_a_competitor_nobody_knows_referenced_by_the_calls():
    p = plan("count the calls that referenced Zoominfo, competitive intel wants it")
    assert p.filters.competitor == ("Zoominfo",)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("open opps where nobody has had a single call in 21 or more days", "quiet"),
        ("open deals whose internal advocate has left", "champion_loss"),
        ("deals with a rival involved and the sentiment trend declining", "competitor"),
    ],
)
def test_deal_reasons_said_another_way(question, reason):
    p = plan(question)
    assert p.kind == "deals_at_risk"
    f = p.filters
    assert (
        (reason == "quiet" and f.quiet_since is not None)
        or reason in f.risk_type
        or reason in (f.deal_reason or ())
    )


@pytest.mark.parametrize(
    "question",
    [
        "Priya here. Put the talk ratio of each rep of mine in a table for October",
        "Priya speaking: average sentiment of each person reporting to me, last month",
    ],
)
def test_a_manager_names_their_team_without_saying_my_team(question):
    p = plan_question(question, today=TODAY, catalog=TEAM_CATALOG)
    assert set(p.filters.rep) == {"Morgan Larsen", "Claire Hayes"} and p.group_by == "rep"


def test_two_names_asked_which_is_higher_are_shown_side_by_side():
    p = plan("who has had the bigger share of talk time this month on average, kofi or mei?")
    assert (p.kind, p.group_by, p.top_n) == ("aggregate", "rep", None)


def test_stages_listed_after_the_word_stage():
    p = plan("Morgan's calls on deals above 100k where the stage was discovery or proposal")
    assert set(p.filters.stage) == {"Discovery", "Proposal"}


def test_objections_that_never_got_a_response_are_unanswered():
    assert plan("objections that never got a response, by rep").filters.unanswered


@pytest.mark.parametrize(
    "question",
    [
        "Getting ready for the pipeline review: list open deals where a rival has been mentioned and the mood is heading down",
        "Live opps with a competitor in the picture and the mood on calls getting worse?",
    ],
)
def test_deals_with_a_competitor_and_falling_sentiment_after_a_preamble(question):
    p = plan(question)
    assert (p.kind, p.filters.risk_type, p.filters.sentiment_trend) == (
        "deals_at_risk",
        ("competitor",),
        "falling",
    )


def test_a_managers_team_named_by_a_pronoun_after_the_manager():
    p = plan_question(
        "I have a 1:1 with Priya tomorrow - how is the mood on her team's calls this month?",
        today=TODAY,
        catalog=TEAM_CATALOG,
    )
    assert set(p.filters.rep) == {"Morgan Larsen", "Claire Hayes"}


def test_a_pronoun_with_no_manager_named_names_no_team():
    p = plan_question("how is the mood on her team's calls this month?", today=TODAY, catalog=TEAM_CATALOG)
    assert p.filters.rep == ()


def test_a_user_on_the_roster_with_no_calls_is_said_so():
    catalog = replace(CATALOG, teams=(("Priya Marchetti", ("Morgan Larsen", "Dana Whitmore")),))
    p = plan_question("how many calls did dana whitmore run in november", today=TODAY, catalog=catalog)
    assert (
        p.filters.rep == ("Dana Whitmore",)
        and "Dana Whitmore is a user with no recorded calls" in p.not_understood
    )


def test_the_askers_own_recap_is_no_brief_and_its_month_no_account():
    p = plan("For the October summary I'm writing - which two reps ran the most calls in october?")
    assert (p.kind, p.group_by, p.top_n, p.filters.account) == ("ranking", "rep", 2, ())


@pytest.mark.parametrize(
    "question",
    [
        "did anyone bring up webhooks on a call?",
        "customer remarks regarding webhooks",
        "comments re webhooks",
    ],
)
def test_a_subject_named_without_about(question):
    f = plan(question).filters  # (quotes search its words; a call list is of the calls where it was said)
    assert f.topic + f.said == ("webhooks",)


def test_one_unknown_word_before_commitments_is_a_company():
    assert plan("Hooli commitments, this month").filters.account == ("Hooli",)


def test_several_reps_ranked_by_one_risk_type_are_ranked_as_reps():
    p = plan("Kofi, Mei and Claire - put them in order by churn threat flags")
    assert (p.kind, p.group_by) == ("ranking", "rep")


@pytest.mark.parametrize(
    "question",
    [
        "Mean call sentiment for this quarter",
        "Reviewing meeting lengths: how many calls went over an hour last month?",
        "Weekly calls for Kofi",
    ],
)
def test_an_ordinary_capitalised_word_opening_a_question_is_no_company(question):
    assert plan(question).filters.account == ()


def test_the_largest_at_risk_deals_are_the_deals_at_risk_by_size():
    p = plan("Show me the four largest at-risk deals that are still open, ranked by size.")
    assert (p.kind, p.measure, p.top_n) == ("deals_at_risk", "amount", 4)


def test_a_deal_measure_is_never_grouped_by_what_was_said_on_calls():
    p = plan("how many at-risk deals by risk type")
    assert p.measure == "deals" and p.group_by is None and "words not used: 'type'" in p.not_understood


def test_open_deals_by_risk_are_the_riskiest():
    p = plan("top 3 open deals by risk - deal, score, owner")
    assert (p.kind, p.measure, p.top_n) == ("deals_at_risk", "deal_risk_score", 3)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Dana Whitmore — # calls this month?", "Dana Whitmore"),
        ("what was Dana Rivers' call count for last week", "Dana Rivers"),
        ("Last week, Dana Whitmore has done how many calls?", "Dana Whitmore"),
        ("dana whitmore # calls oct?", "dana whitmore"),
    ],
)
def test_more_ways_to_name_an_unknown_person(question, name):
    assert plan(question).filters.rep == (name,)


def test_an_unknown_company_after_did_with():
    p = plan("pull up every call we did with Initrode Logistics in november")
    assert p.filters.account == ("Initrode Logistics",)


@pytest.mark.parametrize(
    ("words", "window"),
    [
        ("calls from the prior 2 wks", (date(2026, 11, 19), date(2026, 12, 4))),
        ("Building the board deck this week — how many calls in Q3?", (date(2026, 7, 1), date(2026, 10, 1))),
        ("the 3 October calls with the best mood", (date(2026, 10, 1), date(2026, 11, 1))),
        ("what did we agree on fridays call", (date(2026, 11, 27), date(2026, 11, 28))),
    ],
)
def test_more_periods_said_another_way(words, window):
    assert days(words) == window


@pytest.mark.parametrize(
    "question",
    ["open opps dark for 45+ days?", "active deals with zero conversations for more than two weeks"],
)
def test_quiet_deals_said_another_way(question):
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.quiet_since is not None


def test_a_managers_team_said_as_direct_reports_or_without_the_apostrophe():
    for question in (
        "mean sentiment for Priya's direct reports in Q4",
        "how many calls did priyas reps make",
    ):
        p = plan_question(question, today=TODAY, catalog=TEAM_CATALOG)
        assert set(p.filters.rep) == {"Morgan Larsen", "Claire Hayes"}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("a quick rundwon of Kofi's lastest call", "call_brief"),
        ("what hapened on Mei's latest Orchard Logistics call?", "call_brief"),
    ],
)
def test_typos_in_brief_words(question, kind):
    assert plan(question).kind == kind


def test_objections_split_out_across_their_types():
    p = plan("how do this month's objections split out across the different objection types?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "objections", "risk_type")


def test_n_of_a_months_calls_ranked_by_sentiment():
    p = plan("Give me the 4 October calls with the worst sentiment")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", None, "asc", 4)
    assert (p.filters.start, p.filters.end) == (date(2026, 10, 1), date(2026, 11, 1))


def test_the_askers_own_stats_and_recap_are_no_grouping_and_no_brief():
    p = plan_question(
        "prepping Priya's team recap for Monday. weekly stats please: how many calls did her reps do last week?",
        today=TODAY,
        catalog=TEAM_CATALOG,
    )
    assert (p.kind, p.group_by) == ("count", None) and set(p.filters.rep) == {"Morgan Larsen", "Claire Hayes"}


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("how does the average sentiment in September compare with October?", "month"),
        ("avg sentiment, Q2 compared with Q3", "quarter"),
    ],
)
def test_two_periods_compared_with_compares_with(question, group_by):
    assert plan(question).group_by == group_by


def test_two_reps_between_and_are_shown_side_by_side():
    p = plan("between kofi and mei, who has the higher average talk ratio this month?")
    assert (p.kind, p.group_by, p.top_n) == ("aggregate", "rep", None)


@pytest.mark.parametrize(
    "question",
    [
        "Building a win-loss page: list every call in Proposal stage that mentioned Clari",
        "I need all the calls in the Discovery stage where Outreach was mentioned",
    ],
)
def test_every_call_asked_for_is_a_list(question):
    assert plan(question).kind == "list_calls"


@pytest.mark.parametrize(
    "question",
    [
        "open pipe by expected close qtr?",
        "split the open opportunity value according to the quarter each one should close",
    ],
)
def test_open_pipeline_by_the_quarter_deals_close(question):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "amount", "quarter")


def test_the_askers_plans_after_a_greeting_are_not_the_calls_time():
    p = plan("hey! I'm taking over Polaris Media next week - what went down on their intro call?")
    assert p.kind == "call_brief" and p.filters.start is None and p.order == "oldest"


def test_what_was_talked_about_on_the_latest_call_is_a_brief():
    assert (
        plan("Orchard Logistics is mine now. what was talked about on their latest call?").kind
        == "call_brief"
    )


def test_open_deals_that_havent_had_a_call_after_a_preamble():
    p = plan("Stale-pipeline sweep this quarter. Which open deals haven't had a single call in 30 days?")
    assert p.kind == "deals_at_risk" and p.filters.quiet_since == date(2026, 11, 3)


def test_open_pipeline_dollars_today_names_no_calls_window():
    assert days("rank the reps on open pipeline dollars today") is None


def test_reps_that_ended_up_over_a_number_of_calls_are_counted():
    p = plan("how many reps ended up with over 6 calls last month")
    assert (p.kind, p.group_by, p.filters.min_value) == ("count", "rep", 6)


def test_objections_never_addressed_even_misspelt_are_unanswered():
    assert plan("count of objections Kofi never adressed").filters.unanswered


def test_the_n_who_are_a_top_n():
    assert plan("rank the reps by talk ratio and give me the 2 who talk the most").top_n == 2


def test_how_is_going_the_measure_is_that_measure():
    p = plan("How is going the sentiment from one week to the next one?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "week")


def test_an_unknown_company_named_anywhere_by_its_last_word():
    p = plan("Initrode Bank has a new CFO - list our calls with them last month")
    assert p.filters.account == ("Initrode Bank",)


def test_a_manager_named_for_the_asker_is_no_unknown_account():
    p = plan_question(
        "doing a review for Priya - rank her reps by churn threat flags", today=TODAY, catalog=TEAM_CATALOG
    )
    assert p.filters.account == () and set(p.filters.rep) == {"Morgan Larsen", "Claire Hayes"}

"""Families of phrasings the rule planner reads: shorthand time words, amounts, slang, typos, kinds, honesty.

Each case is a manager's own wording; the point is the family (every shorthand for a period, every way to write
an amount), not one sentence.
"""

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.compile import check_compiled, compile_plan
from include.gong_intel.ask.resolve import Catalog, parse_window
from include.gong_intel.ask.rules import GROUP_PATTERNS, correct_typos, plan_question
from include.gong_intel.ask.semantic import AskPlan
from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import render

TODAY = date(2026, 12, 3)  # a Thursday
GROUP_PATTERNS_BY_NAME = dict(GROUP_PATTERNS)
CATALOG = Catalog(
    reps=("Morgan Larsen", "Kofi Thornton", "Claire Hayes", "Mei Kim"),
    accounts=(
        "Evergreen Labs Ltd",
        "Orchard Logistics",
        "Polaris Media",
        "Polaris Labs",
        "Bluewater Freight GmbH",
    ),
    opportunities=(
        "Orchard Logistics - Coaching Studio New Business",
        "Bluewater Freight GmbH - Deal Desk Renewal",
        "Bluewater Freight GmbH - Coaching Studio Expansion",
    ),
    stages=("Discovery", "Negotiation", "Proposal", "Closed Won"),
    competitors=("Chorus", "Clari", "Outreach"),
    products=("Deal Desk", "Coaching Studio"),
)


def plan(q: str) -> AskPlan:
    return plan_question(q, today=TODAY, catalog=CATALOG)


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("morgan's calls over the last fortnight", date(2026, 11, 19), date(2026, 12, 4)),
        ("demos in the past fortnight", date(2026, 11, 19), date(2026, 12, 4)),
        ("calls this qtr", date(2026, 10, 1), date(2027, 1, 1)),
        ("calls in the previous qtr", date(2026, 7, 1), date(2026, 10, 1)),
        ("calls from yday", date(2026, 12, 2), date(2026, 12, 3)),
        ("sept-oct calls", date(2026, 9, 1), date(2026, 11, 1)),
        ("calls from september through november", date(2026, 9, 1), date(2026, 12, 1)),
        ("calls oct to nov 2026", date(2026, 10, 1), date(2026, 12, 1)),
        ("the call on tuesday", date(2026, 12, 1), date(2026, 12, 2)),
        ("the call last monday", date(2026, 11, 30), date(2026, 12, 1)),
        ("the call this past wednesday", date(2026, 12, 2), date(2026, 12, 3)),
        ("calls since oct 20", date(2026, 10, 20), date(2026, 12, 4)),
        ("every call from the week of Nov 16", date(2026, 11, 16), date(2026, 11, 23)),
        ("demos in the wk of 10/5", date(2026, 10, 5), date(2026, 10, 12)),
        # a day of the month alone, the fiscal "FQ", a year after the quarter, "thru" without "from"
        ("which calls went south the week of the 9th", date(2026, 11, 9), date(2026, 11, 16)),
        ("calls since the 1st of Nov", date(2026, 11, 1), date(2026, 12, 4)),
        ("calls on the 30th", date(2026, 11, 30), date(2026, 12, 1)),
        ("every FQ4 call", date(2026, 10, 1), date(2027, 1, 1)),
        ("pipeline for Q1 next year", date(2027, 1, 1), date(2027, 4, 1)),
        ("calls 11/16 thru 11/20", date(2026, 11, 16), date(2026, 11, 21)),
        # two quarters compared: both of them; the current period left out: the window ends where it starts
        ("how does Q3 stack up vs Q4", date(2026, 7, 1), date(2027, 1, 1)),
        ("calls since Nov 2nd, leave out this week", date(2026, 11, 2), date(2026, 11, 30)),
        ("calls in november excluding this month", date(2026, 11, 1), date(2026, 12, 1)),
        # a period to date: from its first day through today (a weekday inside "the monday memo" is no date)
        ("how many calls have we logged mtd?", date(2026, 12, 1), date(2026, 12, 4)),
        ("top 3 accounts by risk flags qtd", date(2026, 10, 1), date(2026, 12, 4)),
        ("calls year to date", date(2026, 1, 1), date(2026, 12, 4)),
        ("for the monday memo: calls wtd", date(2026, 11, 30), date(2026, 12, 4)),
        # a day people name instead of its date: the latest one up to today
        ("how many calls mentioned Chorus since Halloween?", date(2026, 10, 31), date(2026, 12, 4)),
        ("deals we talked about before thanksgiving", date(2000, 1, 1), date(2026, 11, 26)),
        ("calls between halloween and black friday", date(2026, 10, 31), date(2026, 11, 28)),
        ("every call since christmas", date(2025, 12, 25), date(2026, 12, 4)),
    ],
)
def test_shorthand_time_words(words, start, end):
    w = parse_window(words, TODAY)
    assert w is not None and (w.start, w.end) == (start, end)


def test_a_named_day_is_not_reported_as_unused():
    p = plan("how many calls mentioned Chorus since Halloween?")
    assert p.filters.start == date(2026, 10, 31)
    assert not any("halloween" in n for n in p.not_understood)


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("# of disc calls in q3?", "Discovery"),
        ("top 3 riskiest neg-stage deals", "Negotiation"),
        ("how many negot calls last month", "Negotiation"),
        ("prop calls this quarter", "Proposal"),
    ],
)
def test_stage_names_cut_short(question, stage):
    assert plan(question).filters.stage == (stage,)


def test_three_letters_alone_are_no_stage():
    assert plan("how many neg calls last month").filters.stage == ()


@pytest.mark.parametrize(
    ("question", "rep"),
    [("kofis opps at risk rn?", "Kofi Thornton"), ("morgans calls last week", "Morgan Larsen")],
)
def test_a_possessive_typed_without_its_apostrophe(question, rep):
    p = plan(question)
    assert p.filters.rep == (rep,)
    assert not p.not_understood


def test_a_plural_that_is_not_a_possessive_is_left_alone():
    assert plan("calls where kofis came up").filters.rep == ()


def test_a_weekday_inside_a_name_is_no_date():
    assert parse_window("calls that mention monday.com", TODAY) is None


def test_shorthand_time_words_are_not_reported_as_unused():
    p = plan("kofi's calls from yday")
    assert p.filters.start == date(2026, 12, 2) and not p.not_understood


@pytest.mark.parametrize(
    ("question", "min_amount", "max_amount"),
    [
        ("calls on deals >300k", 300_000, None),
        ("calls on opportunities worth over $1.5m", 1_500_000, None),
        ("calls on 500k+ deals", 500_000, None),
        ("calls on deals north of 80k", 80_000, None),
        ("calls on deals <50k", None, 50_000),
        ("calls on deals smaller than $20,000", None, 20_000),
    ],
)
def test_amounts_written_every_way(question, min_amount, max_amount):
    f = plan(question).filters
    assert (f.min_amount, f.max_amount) == (min_amount, max_amount)


def test_a_number_of_minutes_is_no_amount():
    f = plan("calls over 45 min last week").filters
    assert f.min_amount is None


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("kofi's disco calls", ("Discovery",)),
        ("deals in nego for mei", ("Negotiation",)),
        ("negotiation-stage calls this week", ("Negotiation",)),
        ("how did polaris media react to our proposal", ()),
        ("risks on the deals already haggling over terms", ("Negotiation",)),
        ("calls where customers were haggling over price", ()),  # a price objection, not a stage
    ],
)
def test_stage_slang_and_stage_words_used_as_stages(question, stage):
    assert plan(question).filters.stage == stage


def test_typos_of_rule_words_are_read_as_the_words_but_names_are_left_alone():
    assert correct_typos("objectons by rep") == "objections by rep"
    assert correct_typos("acton itmes for mei") == "action items for mei"
    assert correct_typos("sumarize the call") == "summarize the call"
    assert correct_typos("riskest deals") == "riskiest deals"
    # Real words one letter from a rule word stay, and so do inflections.
    assert (
        correct_typos("high severity risks, proposals, budgets") == "high severity risks, proposals, budgets"
    )
    assert plan("objectons by rep this month").measure == "objections"


def test_a_typo_of_an_account_still_finds_it():
    assert plan("calls w/ bluewatr in november").filters.account == ("Bluewater Freight GmbH",)


def test_a_product_named_with_an_account_picks_that_opportunity():
    p = plan("all calls on the bluewater coaching studio opp")
    assert p.filters.opportunity == ("Bluewater Freight GmbH - Coaching Studio Expansion",)


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("what's the vibe on polaris media calls, on average", "avg_sentiment"),
        ("average mood of mei's calls", "avg_sentiment"),
        ("open pipeline $ by rep", "amount"),
        ("how much $ is on kofi's open deals", "amount"),
    ],
)
def test_measure_words(question, measure):
    assert plan(question).measure == measure


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("tl;dr of the last orchard logistics call", "call_brief"),
        ("sum up mei's latest call", "call_brief"),
        ("give me the gist of the polaris labs call", "call_brief"),
        ("what did evergreen labs agree to do after the demo", "commitments"),
        ("just the number please: negative calls last week", "count"),
        ("calls in november that ended w/o a next step", "list_calls"),
    ],
)
def test_kinds(question, kind):
    assert plan(question).kind == kind


def test_count_of_calls_with_a_risk_counts_calls():
    p = plan("only the count: calls with pricing objections this month")
    assert (p.kind, p.measure, p.filters.risk_type) == ("count", "calls", ("pricing_objection",))


def test_calls_without_next_steps_filter_on_the_risk():
    p = plan("which october calls ended without any next step")
    assert p.kind == "list_calls" and p.filters.risk_type == ("no_next_steps",)


@pytest.mark.parametrize(
    ("question", "group_by", "sort", "top_n"),
    [
        ("busiest 4 weeks for calls in sept-nov", "week", "desc", 4),
        ("quietest 2 months for calls", "month", "asc", 2),
        ("3 biggest open deals by $", "opportunity", "desc", 3),
        ("2 reps with the lowest talk ratio", "rep", "asc", 2),
    ],
)
def test_rankings_of_periods_and_n_before_the_superlative(question, group_by, sort, top_n):
    p = plan(question)
    assert (p.kind, p.group_by, p.sort, p.top_n) == ("ranking", group_by, sort, top_n)


def test_rank_reps_by_at_risk_deals():
    # The number of each rep's open deals at or above the risk bar, not their average score.
    p = plan("rank my reps by the number of at-risk deals they own")
    assert (p.kind, p.measure, p.group_by, p.sort) == (
        "ranking",
        "deals",
        "rep",
        "desc",
    ) and p.filters.at_risk


@pytest.mark.parametrize(
    ("question", "kind", "measure", "group_by"),
    [
        ("how many deals are at risk", "count", "deals", None),
        ("at-risk deals by stage", "aggregate", "deals", "stage"),
        ("total $ at risk by rep", "aggregate", "amount", "rep"),
    ],
)
def test_counting_deals_at_risk_counts_only_deals_over_the_bar(question, kind, measure, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == (kind, measure, group_by) and p.filters.at_risk
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(), emulator=False, **compiled.context)
    assert "RISK_SCORE >= %(at_risk_score)s" in sql and compiled.params["at_risk_score"] == 40.0


def test_average_risk_score_is_not_a_count_of_deals_at_risk():
    p = plan("which reps have the highest avg deal risk, top 3")
    assert p.measure == "deal_risk_score" and not p.filters.at_risk


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("how many different accounts has kofi spoken with this month", "account"),
        ("how many customers did mei meet with last week", "account"),
        ("number of distinct reps on polaris media calls", "rep"),
    ],
)
def test_how_many_different_things_counts_the_groups(question, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("count", "calls", group_by) and not p.not_understood


def test_severity_and_transcript_filters():
    p = plan("mei's calls with high-severity pricing risks")
    assert p.filters.risk_severity == "high"
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(), emulator=False, **compiled.context)
    assert "sr.SEVERITY = %(severity)s" in sql and compiled.params["severity"] == "high"
    assert plan("calls with critical red flags").filters.risk_severity == "high"
    assert plan("how many calls are missing a transcript").filters.has_transcript is False
    assert plan("calls with pricing talk").filters.has_transcript is None


def test_who_is_struggling_ranks_sentiment_from_the_bottom():
    p = plan("who is struggling on negotiation calls")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", "rep", "asc", 3)
    assert p.filters.stage == ("Negotiation",)


def test_riskiest_n_deals_are_the_top_n_open_deals_by_score():
    p = plan("the 4 riskiest deals in the pipe")
    assert (p.kind, p.group_by, p.top_n) == ("deals_at_risk", "opportunity", 4)


def test_a_named_renewal_in_trouble_is_that_deal_s_risk_not_a_quote_search():
    p = plan("is the bluewater renewal in trouble")
    assert p.kind == "deals_at_risk"
    assert p.filters.opportunity == ("Bluewater Freight GmbH - Deal Desk Renewal",)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("what does the Q2 bookings forecast look like", ["bookings forecast"]),
        ("nps and csat for polaris media", ["nps", "csat"]),
        ("what did orchard logistics email us", ["emails"]),
        ("drop the calls table", ["drop table"]),
        ("please delete every transcript", ["delete transcript"]),
        ("what will we close this quarter against plan", ["against plan", "will we close"]),
        ("is Polaris Media going to renew", ["going to renew"]),
        ("which campaigns sourced our Q4 deals", ["which campaigns sourced", "campaign attribution"]),
        ("which accounts came in through the partner webinar", ["came in through the partner webinar"]),
        ("lead source for each open deal", ["lead source"]),
        ("grant me write access on the warehouse so i can fix the stages", ["grant"]),
        ("calls by customer segment last month", ["by customer segment"]),
    ],
)
def test_unanswerable_questions_name_what_they_cannot_do(question, named):
    p = plan(question)
    text = " ".join([p.reason or "", *p.not_understood]).lower()
    assert p.kind == "unanswerable" and all(n in text for n in named)


@pytest.mark.parametrize(
    "question",
    [
        "drop me a list of the polaris calls from nov",
        "drop us the list of negotiation calls this month",
        "what did customers say about our new pricing campaign",
        "calls where the customer came in late",
    ],
)
def test_a_request_to_the_asker_or_a_word_for_marketing_is_still_answered(question):
    assert plan(question).kind != "unanswerable"


def test_unanswerable_questions_keep_what_they_named():
    p = plan("how is kofi tracking against quota this qtr")
    assert p.kind == "unanswerable" and p.filters.rep == ("Kofi Thornton",)
    assert p.filters.start == date(2026, 10, 1)


def test_deals_with_a_named_reason_drop_the_score_bar():
    p = plan("open deals where the champion left")
    assert (p.kind, p.measure, p.sort, p.filters.risk_type) == (
        "deals_at_risk",
        None,
        None,
        ("champion_loss",),
    )
    assert p.filters.deal_reason


def test_a_rank_is_no_day_of_the_month():
    assert parse_window("the 2nd call with orchard", TODAY) is None


def test_two_quarters_compared_are_split_by_quarter():
    p = plan("how does our avg sentiment in Q3 stack up vs Q4?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "quarter")
    assert (p.filters.start, p.filters.end) == (date(2026, 7, 1), date(2027, 1, 1))


@pytest.mark.parametrize(
    "question",
    [
        "list morgan's november calls other than the orchard ones",
        "morgan's calls in november except orchard logistics",
        "morgan's november calls, excluding Orchard",
    ],
)
def test_an_account_left_out_is_filtered_out(question):
    p = plan(question)
    f = p.filters
    assert (f.rep, f.account, f.not_account) == (("Morgan Larsen",), (), ("Orchard Logistics",))
    assert "not account Orchard Logistics" in p.restated() and not p.not_understood, p.not_understood
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(), emulator=False, **compiled.context)
    assert "NOT IN (LOWER(%(not_account_0)s))" in sql and "ACCOUNT_NAME IS NULL" in sql
    assert compiled.params["not_account_0"] == "Orchard Logistics"
    assert plan("morgan's calls with orchard").filters.account == ("Orchard Logistics",)


def test_a_rep_left_out_of_a_ranking_and_a_product_left_out_is_said():
    p = plan("rank reps by talk ratio, leave out Kofi")
    assert (p.kind, p.filters.not_rep, p.filters.rep) == ("ranking", ("Kofi Thornton",), ())
    p = plan("calls about anything but not Deal Desk")
    assert any("not left out: product Deal Desk" in n for n in p.not_understood), p.not_understood


def test_the_pronoun_i_is_no_account():
    p = plan("I'm Kofi. what did I say I'd follow up on in my calls?")
    assert (p.kind, p.filters.rep, p.filters.account) == ("commitments", ("Kofi Thornton",), ())


def test_a_lower_case_unknown_rep_is_kept_and_reported_not_dropped():
    p = plan("how many calls did alex rivera log in november")
    assert p.filters.rep == ("alex rivera",)
    assert any("no rep matches 'alex rivera'" in n for n in p.not_understood), p.not_understood
    assert plan("how many calls did we log in november").filters.rep == ()


def test_hash_sign_counts_and_neg_is_negative():
    p = plan("# neg calls nov")
    assert (p.kind, p.filters.sentiment, p.filters.start) == ("count", "negative", date(2026, 11, 1))


@pytest.mark.parametrize(
    "question",
    [
        "deals with falling sentiment",
        "which deals is sentiment getting worse on",
        "opps where sentiment is souring",
        "open deals in Proposal where sentiment has dropped",
        "deals where the mood has tanked",
    ],
)
def test_deals_with_falling_sentiment(question):
    p = plan(question)
    assert (p.kind, p.filters.sentiment_trend, p.filters.sentiment) == ("deals_at_risk", "falling", None)


@pytest.mark.parametrize(
    ("question", "since"),
    [
        ("which deals have gone dark", date(2026, 11, 3)),
        ("opportunities with no calls in 3 weeks", date(2026, 11, 12)),
        ("deals with no contact for over two months", date(2026, 10, 4)),
    ],
)
def test_deals_gone_quiet(question, since):
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.quiet_since == since


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("at-risk deals closing this month", date(2026, 12, 1), date(2027, 1, 1)),
        ("deals closing next month", date(2027, 1, 1), date(2027, 2, 1)),
        ("which deals close next qtr", date(2027, 1, 1), date(2027, 4, 1)),
        # A period without a year that is already over is the coming one; with a year, as typed.
        ("deals closing in Q1", date(2027, 1, 1), date(2027, 4, 1)),
        ("deals that were due to close in Q1 2026", date(2026, 1, 1), date(2026, 4, 1)),
    ],
)
def test_deals_closing_in_a_period_filter_on_the_close_date(question, start, end):
    p = plan(question)
    assert p.kind == "deals_at_risk" and not p.not_understood
    assert (p.filters.close_start, p.filters.close_end, p.filters.start) == (start, end, None)


def test_ranking_calls_themselves_by_sentiment():
    p = plan("the 5 most negative calls")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", None, "asc", 5)
    p = plan("4 calls with the highest sentiment last month")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", None, "desc", 4)
    # Who had the most negative calls counts them per rep, highest first.
    p = plan("which rep had the most negative calls")
    assert (p.measure, p.group_by, p.sort, p.filters.sentiment) == ("calls", "rep", "desc", "negative")


def test_deal_reasons_compile_to_bound_filters_on_the_deal_view():
    p = plan("deals with a competitor in play and sentiment declining, no calls in a month")
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(), emulator=False, **compiled.context)
    assert "SENTIMENT_TREND < 0" in sql and "%(quiet_since)s" in sql and "%(min_score)s" in sql
    assert compiled.params["min_score"] == 0.0 and p.filters.risk_type == ("competitor",)


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("show the internal-only meetings last week", "Internal"),
        ("calls with no customer on the line", "No customer"),
        ("how many customer-facing calls did mei have", "External"),
        ("calls with polaris labs", None),
    ],
)
def test_call_scope(question, scope):
    assert plan(question).filters.scope == scope


@pytest.mark.parametrize(
    ("question", "min_minutes", "max_minutes"),
    [
        ("how many calls went over 45 min this week", 45, None),
        ("calls longer than 1 hour", 60, None),
        ("calls shorter than 10 minutes", None, 10),
    ],
)
def test_call_duration(question, min_minutes, max_minutes):
    f = plan(question).filters
    assert (f.min_minutes, f.max_minutes) == (min_minutes, max_minutes) and f.min_amount is None


def test_scope_and_duration_compile_to_bound_values():
    compiled = compile_plan(plan("internal calls over 30 min"))
    sql = render(compiled.template, Settings(), emulator=False, **compiled.context)
    assert "WHEN %(scope)s = 'Internal'" in sql and "DURATION_SECONDS > %(min_seconds)s" in sql
    assert (compiled.params["scope"], compiled.params["min_seconds"]) == ("Internal", 1800.0)


@pytest.mark.parametrize(
    "question",
    [
        "which rep leaves the most objections hanging",
        "objections our reps dodged, by rep",
        "unaddressed objections by rep",
    ],
)
def test_objections_left_without_an_answer(question):
    p = plan(question)
    assert p.measure == "objections" and p.filters.unanswered


def test_a_subject_no_topic_names_is_kept_as_typed_and_named():
    # quotes search its words; a call list or count is of the calls where someone said it
    p = plan("calls where prospects asked about the mobile app")
    assert (p.filters.topic, p.filters.said) == ((), ("mobile app",))
    assert any(n.startswith("no topic or name matches 'mobile app'") for n in p.not_understood)
    assert plan("what do buyers say about snowflake sharing").filters.topic == ("snowflake sharing",)
    assert plan("calls about pricing").filters.topic == ("Pricing",)


@pytest.mark.parametrize(
    ("question", "kind", "words"),
    [
        ("recap the polaris labs security review", "call_brief", ("review",)),
        ("tl;dr of mei's kickoff workshop", "call_brief", ("kickoff", "workshop")),
        (
            "what did orchard logistics agree to do after the pricing walkthrough",
            "commitments",
            ("pricing", "walkthrough"),
        ),
        ("summarize my last call with Orchard Logistics", "call_brief", ()),
    ],
)
def test_a_call_named_by_its_title(question, kind, words):
    p = plan(question)
    assert (p.kind, p.filters.title_words) == (kind, words) and not p.not_understood


def test_title_words_pick_the_best_matching_calls_in_scope_as_bound_values():
    p = plan("recap the orchard logistics onsite workshop")
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(database="DB"), emulator=False, **compiled.context)
    assert compiled.params["title_0"] == "onsite" and compiled.params["title_1"] == "workshop"
    assert "onsite" not in sql and "CONTAINS(LOWER(c.TITLE), LOWER(%(title_0)s))" in sql
    # Of the calls in the same scope, those whose titles hold the most words (all of them when none does).
    assert "SELECT MAX(" in sql and "tc.ACCOUNT_NAME" in sql
    check_compiled(sql, "DB")


@pytest.mark.parametrize(
    ("question", "kind", "group_by"),
    [
        ("Which deal stage has the worst mood on calls?", "ranking", "stage"),
        ("average sentiment by deal stage", "aggregate", "stage"),
        ("which deal has the most risks", "ranking", "opportunity"),
        ("weekly call volume, last 4 weeks", "aggregate", "week"),
        ("call volume by rep", "aggregate", "rep"),
    ],
)
def test_deal_stage_and_call_volume_group_as_asked(question, kind, group_by):
    p = plan(question)
    assert (p.kind, p.group_by) == (kind, group_by)
    assert p.measure in ("calls", "avg_sentiment", "risks")
    assert not p.not_understood


@pytest.mark.parametrize(
    ("question", "kind", "measure"),
    [
        ("open deals north of $200k — how many?", "count", "deals"),
        ("how many champion-loss flags in the past 30 days", "count", "risks"),
        ("airtime by rep for november", "aggregate", "talk_ratio"),
    ],
)
def test_counted_subject_and_measure_synonyms(question, kind, measure):
    p = plan(question)
    assert (p.kind, p.measure) == (kind, measure)
    assert not p.not_understood


def test_calls_counted_after_the_question_stay_calls():
    p = plan("calls with Morgan last week, how many?")
    assert (p.kind, p.measure) == ("count", "calls")


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("accounts w/ the most competitor mentions - top 3", "account"),
        ("accounts with the most risks", "account"),
        ("stages with the most objections", "stage"),
        ("reps with the lowest sentiment", "rep"),
    ],
)
def test_a_ranking_groups_by_the_subject_it_starts_with(question, group_by):
    p = plan(question)
    assert (p.kind, p.group_by) == ("ranking", group_by)
    assert not p.not_understood


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        # A day-first date with dots, as most of Europe writes it.
        ("action items from 12.11.2026 to 02.12.2026", date(2026, 11, 12), date(2026, 12, 3)),
        ("calls on 5.11.2026", date(2026, 11, 5), date(2026, 11, 6)),
        # "mid-<month>" as a bound is its 15th.
        ("top reps by calls since mid-oct", date(2026, 10, 15), date(2026, 12, 4)),
        ("calls from mid-oct to mid-nov", date(2026, 10, 15), date(2026, 11, 16)),
        # Whole weeks named by their first days: the last one runs its seven days.
        (
            "objections by week for the weeks starting 2.11.2026 through 23.11.2026",
            date(2026, 11, 2),
            date(2026, 11, 30),
        ),
    ],
)
def test_more_ways_to_write_a_period(words, start, end):
    p = plan(words)
    assert (p.filters.start, p.filters.end) == (start, end), words


@pytest.mark.parametrize(
    "question",
    [
        "top 4 reps by open pipeline $ as of today",  # the deals as they stand
        "open pipeline by rep for Monday's deck",  # when the answer is needed
    ],
)
def test_words_of_when_that_are_not_the_calls_period(question):
    p = plan(question)
    assert p.filters.start is None and p.filters.end is None


def test_a_chat_channel_is_where_a_question_came_from_not_a_count():
    p = plan(
        "pasting from #deal-desk: which Negotiation deals above $100k are at risk? need opp, owner, amount"
    )
    assert (p.kind, p.filters.stage, p.filters.min_amount, p.not_understood) == (
        "deals_at_risk",
        ("Negotiation",),
        100000.0,
        (),
    )
    assert plan("#calls by rep last week").kind == "aggregate"
    assert plan("#calls last week").kind == "count"


@pytest.mark.parametrize(
    ("question", "kind", "measure"),
    [
        ("how much deals I have open in negotiation? Mei here", "count", "deals"),  # "how much" of things
        ("how much calls had Kofi last week", "count", "calls"),
        ("how much open pipeline in negotiation", "aggregate", "amount"),  # an amount is still an amount
        ("give me please the last call of Orchard Logistics, what was discussed?", "call_brief", None),
        ("any update on orchard logistics, anything i shld worry abt", "deals_at_risk", "deal_risk_score"),
        ("should we be worried about Evergreen Labs?", "deals_at_risk", "deal_risk_score"),
        ("what are the evergreen people worried about", "quotes", None),  # their worries, in their words
        ("how many negotation mtgs in the last fortnight", "count", "calls"),
    ],
)
def test_kinds_of_questions_written_by_people_who_type_fast_or_in_a_second_language(question, kind, measure):
    p = plan(question)
    assert (p.kind, p.measure) == (kind, measure), question
    assert not any(n.startswith("words not used") for n in p.not_understood), p.not_understood


def test_a_name_spoken_of_as_a_competitor_that_no_call_named_is_said_and_matches_nothing():
    p = plan("competitive intel: how many calls mentioned Avoma between Sept 1 and Nov 30?")
    assert p.filters.competitor == ("Avoma",)
    assert any(n.startswith("no competitor matches 'Avoma'") for n in p.not_understood)
    assert plan("deals we lost to Gongly").filters.competitor == ("Gongly",)
    # "vs" a name is a competitor only in a question about competition: "Kofi vs Jordan" compares people.
    assert plan("competitor mentions: Chorus vs Gongly").filters.competitor == ("Chorus", "Gongly")
    assert "Jordan" not in plan("talk ratio Kofi vs Jordan").filters.competitor
    # Without a word of competition, "mentioned X" says nothing of what X is: the calls where someone said it.
    other = plan("calls that mentioned Salesforce")
    assert (other.filters.competitor, other.filters.said) == ((), ("Salesforce",))
    assert "salesforce" in " ".join(other.not_understood).lower()
    assert plan("calls where Chorus came up").filters.competitor == ("Chorus",)  # a known one is itself


def test_the_dec_forecast_meeting_is_when_a_question_is_asked_not_a_forecast_asked_for():
    p = plan("for the Dec forecast meeting: weekly objection counts for Q4")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "objections", "week")
    assert plan("what's our Q4 revenue forecast").kind == "unanswerable"


def test_a_second_question_joined_with_a_plus_is_named_not_mixed_into_the_first():
    p = plan("open pipeline $ by stage + how many opps in each")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "amount", "stage")
    assert p.not_understood == (
        "a second question, not answered here: 'how many opps in each' (ask it on its own)",
    )
    both = plan("negative calls last week + what is our revenue forecast")
    assert both.kind == "list_calls" and both.filters.sentiment == "negative"
    assert any("revenue forecast is not in the data" in n for n in both.not_understood)
    assert plan("calls with $100k+ deals").not_understood == ()  # a plus sign that joins nothing


def test_a_number_between_which_and_the_group_still_names_the_group():
    p = plan("which three competitors come up the most")
    assert (p.kind, p.group_by, p.top_n) == ("ranking", "competitor", 3)
    assert plan("which 2 topics came up most last month").group_by == "topic"


def test_open_pipeline_by_period_is_by_the_deals_close_date():
    p = plan("Break down open pipeline by the quarter deals are expected to close")
    assert (p.kind, p.measure, p.group_by, p.not_understood) == ("aggregate", "amount", "quarter", ())
    assert "by quarter of the close date" in p.restated()
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(database="DB"), emulator=False, **compiled.context)
    assert "DATE_TRUNC('quarter', DATEADD(month, 0, d.CLOSE_DATE))" in sql and sql.count("ORDER BY 1") == 1


@pytest.mark.parametrize(
    "question",
    [
        "how many calls where the customer pushed back on price",
        "total value of open deals where the customer pushed back on price",
        "who is pushing back on pricing this month",
    ],
)
def test_pushing_back_on_price_is_a_pricing_objection(question):
    assert plan(question).filters.risk_type == ("pricing_objection",)


def test_deals_lost_or_won_are_the_closed_stage_in_the_period_they_closed():
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))
    p = plan_question("How many deals have we lost this quarter?", today=TODAY, catalog=catalog)
    f = p.filters
    assert (p.kind, p.measure, f.stage) == ("count", "deals", ("Closed Lost",))
    assert (f.start, f.close_start, f.close_end, p.not_understood) == (
        None,
        date(2026, 10, 1),
        date(2027, 1, 1),
        (),
    )
    lost_to = plan_question("which deals did we lose to Chorus", today=TODAY, catalog=catalog)
    assert (lost_to.filters.stage, lost_to.filters.competitor) == (("Closed Lost",), ("Chorus",))
    assert lost_to.restated().startswith("deals · ")
    compiled = compile_plan(lost_to)
    sql = render(compiled.template, Settings(database="DB"), emulator=False, **compiled.context)
    assert "WHERE TRUE" in sql and compiled.params["min_score"] == 0.0  # closed deals, as they closed
    # A champion lost is no lost deal.
    assert (
        plan_question(
            "which open deals have lost their champion?", today=TODAY, catalog=catalog
        ).filters.stage
        == ()
    )


def test_the_biggest_deals_at_risk_are_the_deals_past_the_bar_largest_first():
    p = plan("What are the five biggest open deals that are at risk?")
    assert (p.kind, p.measure, p.top_n) == ("deals_at_risk", "amount", 5)
    compiled = compile_plan(p)
    sql = render(compiled.template, Settings(database="DB"), emulator=False, **compiled.context)
    assert "ORDER BY d.AMOUNT DESC NULLS LAST" in sql and compiled.params["min_score"] == 40.0
    assert compile_plan(plan("the 5 riskiest deals")).params["min_score"] == 0.0  # by score: whatever it is


@pytest.mark.parametrize(
    ("question", "measure", "group_by"),
    [
        ("which rep listens the most", "talk_ratio", "rep"),
        ("who listens to customers best", "talk_ratio", "rep"),
        ("which three negotiation calls should I listen to? best sentiment first", "avg_sentiment", None),
        ("which three negotiation calls show how reps close? best sentiment first", "avg_sentiment", None),
        ("which reps had the best calls", "calls", "rep"),
    ],
)
def test_calls_to_listen_to_are_recordings_not_a_talk_ratio(question, measure, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("ranking", measure, group_by), question


def test_a_lower_case_unknown_name_after_the_calls_is_an_unknown_rep():
    p = plan("list the calls jordan whitfield ran last week")
    assert p.filters.rep == ("jordan whitfield",)
    assert any(n.startswith("no rep matches 'jordan whitfield'") for n in p.not_understood)
    assert plan("number of calls where chorus got mentioned").filters.rep == ()


@pytest.mark.parametrize(
    "question",
    ["the topics that came up most last month", "topics brought up the most", "which 3 topics came up most"],
)
def test_topics_ranked_by_how_often_they_came_up(question):
    assert GROUP_PATTERNS_BY_NAME["topic"].search(question), question  # the pattern itself, not another rule
    assert plan(question).group_by == "topic", question


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("what kinds of risks show up on calls where pricing gets discussed", "risks"),
        ("which types of objections came up on Kofi's calls last month", "objections"),
    ],
)
def test_what_kinds_of_risk_on_some_calls_is_risks_by_type_not_a_list_of_the_calls(question, measure):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", measure, "risk_type"), question


@pytest.mark.parametrize(
    ("question", "benchmark"),
    [
        ("How does Kofi's talk ratio compare to the team average?", "team"),
        ("morgan avg sentiment vs team avg this quarter", "team"),
        ("is Claire's talk ratio higher than the team's?", "team"),
        ("how many calls did Mei do in november compared to the average rep", "team"),
        ("Kofi's sentiment against the rest of the team", "rest"),
        ("how does Morgan stack up against everyone else on talk ratio", "rest"),
    ],
)
def test_a_reps_measure_beside_the_team(question, benchmark):
    p = plan(question)
    assert (p.kind, p.group_by, p.benchmark, p.top_n) == ("aggregate", "rep", benchmark, None)
    assert len(p.filters.rep) == 1
    assert not p.not_understood, p.not_understood


@pytest.mark.parametrize(
    "question",
    [
        "Kofi vs Morgan talk ratio",  # two reps side by side, no team row
        "how does Morgan's sentiment this month compare to last month",  # periods, not people
        "team average talk ratio",  # no rep to set beside it
        "compare my team's talk ratio",
    ],
)
def test_no_team_row_without_one_rep_set_against_the_team(question):
    assert plan(question).benchmark is None


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("what is Kofi's talk ratio", "talk_ratio"),
        ("talk ratio for Claire last month", "talk_ratio"),
        ("Mei's sentiment this quarter", "avg_sentiment"),
    ],
)
def test_a_measure_named_alone_is_its_value_not_a_search(question, measure):
    p = plan(question)
    assert (p.kind, p.measure) == ("aggregate", measure)
    assert len(p.filters.rep) == 1 and not p.not_understood


@pytest.mark.parametrize(
    "question",
    [
        "Which of Morgan Larsen's calls this quarter had a customer bring up a competitor?",
        "calls where the buyer raised another competitor last month",
        "any calls in Q4 where a prospect named a competitor?",
    ],
)
def test_a_competitor_brought_up_or_raised_is_the_competitor_filter_not_a_dropped_word(question):
    # The calls naming any of the competitors (the competitor risk flag marks fewer calls: a customer weighing
    # one up).
    p = plan(question)
    assert p.filters.competitor == CATALOG.competitors and p.filters.risk_type == ()


def test_the_customers_own_words_asked_for_are_quotes_even_beside_shaky_renewals():
    p = plan(
        "Renewals are a big part of the book I inherited, and I've heard the base is shaky. Where have customers "
        "told us they might cancel or not renew? I'd like their exact words."
    )
    assert (p.kind, p.filters.risk_type) == ("quotes", ("churn_threat",))
    assert plan("is the orchard logistics deal in trouble? exact words please").kind == "deals_at_risk"


def test_column_names_and_codes_typed_as_such_are_their_words():
    p = plan("the number of distinct calls in Q4 that carry at least one timeline_slip risk indicator")
    assert (p.kind, p.filters.risk_type) == ("count", ("timeline_slip",))
    p = plan(
        "Return, for each rep with at least 4 calls in October 2026, the mean TALK_RATIO, sorted ascending."
    )
    assert (p.measure, p.group_by, p.sort, p.filters.min_calls) == ("talk_ratio", "rep", "asc", 4)
    assert plan("drop table raw_airbyte.gong_calls").kind == "unanswerable"  # still read as typed first


@pytest.mark.parametrize(
    ("question", "sort"),
    [("talk ratio by rep sorted descending", "desc"), ("calls per account, ordered lowest first", "asc")],
)
def test_an_order_said_outright_is_the_order(question, sort):
    assert plan(question).sort == sort


def test_a_lower_case_name_no_reading_took_after_with_is_an_unknown_account():
    p = plan("calls w/ ravenshaw dental?")
    assert p.filters.account == ("ravenshaw dental",)
    assert any("no account matches 'ravenshaw dental'" in n for n in p.not_understood)
    assert plan("calls with negative sentiment").filters.account == ()
    assert plan("calls w/ evergreen").filters.account == ("Evergreen Labs Ltd",)


def test_weakest_on_a_stage_is_the_bottom_of_that_stage():
    p = plan("who's weakest on discovery? go by sentiment")
    assert (p.kind, p.measure, p.sort, p.top_n, p.filters.stage) == (
        "ranking",
        "avg_sentiment",
        "asc",
        1,
        ("Discovery",),
    )
    assert plan("what did customers say on the demo").filters.stage == ()


def test_a_risk_then_which_accounts_is_the_deals_behind_it():
    p = plan("churn? which accts")
    assert (p.kind, p.filters.risk_type) == ("deals_at_risk", ("churn_threat",))


def test_a_count_for_each_of_a_group_named_first():
    p = plan("competitors this quarter - calls each?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "calls", "competitor")


def test_a_sentence_opened_on_a_preposition_names_no_rep():
    p = plan("On Kofi's and Mei's deals, what did customers say this quarter about their timelines slipping?")
    assert (p.kind, p.filters.rep) == ("quotes", ("Kofi Thornton", "Mei Kim"))


def test_a_story_told_first_decides_neither_the_kind_nor_the_window():
    p = plan(
        "My team tells me they let the customer do most of the talking. What's the average talk ratio for "
        "Morgan, Claire and Kofi since 1 October?"
    )
    assert (p.kind, p.measure, p.top_n) == ("aggregate", "talk_ratio", None)
    p = plan("I'm taking over Evergreen Labs as of Monday. Can you brief me on their most recent call?")
    assert (p.kind, p.filters.start) == ("call_brief", None)


def test_no_agreed_next_step_is_the_no_next_steps_risk():
    p = plan("List open opportunities whose most recent call ended with no agreed next step.")
    assert (p.kind, p.filters.risk_type) == ("deals_at_risk", ("no_next_steps",))


def test_email_engagement_and_sequences_are_named_as_not_in_the_data():
    p = plan("Return email open rate and reply rate per rep for November 2026 outbound sequences.")
    text = " ".join(p.not_understood)
    assert (
        p.kind == "unanswerable" and "email open rate / reply rate" in text and "outbound sequences" in text
    )


def test_an_average_for_several_named_reps_is_each_one_s():
    p = plan("average sentiment for morgan and kofi in november")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "rep")
    assert plan("what is kofi's talk ratio").group_by is None


def test_verbatims_on_a_subject_are_quotes_of_the_subject_named_first():
    p = plan(
        "pull customer verbatims on contract terms (MSA redlines, the liability cap, the DPA) from Q4 calls"
    )
    assert p.kind == "quotes"
    assert p.filters.topic == ("Legal & Procurement",)


def test_pushing_back_on_price_quotes_pricing_objections():
    p = plan("what are buyers pushing back on re price in negotiation calls this qtr")
    assert p.kind == "quotes"
    assert p.filters.risk_type == ("pricing_objection",)


def test_a_hiring_plan_is_not_in_the_data():
    p = plan("based on how busy everyone is, how many more AEs should we be hiring in 2027?")
    assert p.kind == "unanswerable"
    assert any("hiring and headcount plans are not in the data" in n for n in p.not_understood)


def test_pipeline_by_current_stage_counted_once_per_deal():
    p = plan(
        "open pipeline value by current stage for Morgan Larsen (sum of deal amounts, one amount per deal)"
    )
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "amount", "stage")


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("calls where Chorus was mentioned, on deals more big than 100 000", 100_000, None),
        ("deals over $1,250,000", 1_250_000, None),
        ("opps under 50 000 euros", None, 50_000),
    ],
)
def test_amounts_grouped_by_thousands_and_said_another_way(question, low, high):
    p = plan(question)
    assert (p.filters.min_amount, p.filters.max_amount) == (low, high)


def test_a_measure_in_every_group():
    p = plan("How much is the pipeline in every stage, for the deals which are still open?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "amount", "stage")


def test_stages_listed_before_the_word_stages():
    p = plan("count of calls flagged budget, filter to Discovery + Proposal stages, Oct 1 – Nov 30")
    assert p.filters.stage == ("Discovery", "Proposal")
    assert p.filters.risk_type == ("budget",)
    assert not p.not_understood


def test_an_unknown_lower_case_account_before_deal_is_named_as_unknown():
    p = plan("hey so um is the stormcrest aviation deal like in trouble or are we ok there")
    assert p.filters.account == ("stormcrest aviation",)
    assert any("no account matches 'stormcrest aviation'" in n for n in p.not_understood)
    # a known one, or words a rule reads, are no unknown account
    assert plan("is the orchard logistics deal at risk").filters.account == ()
    assert plan("what is the biggest deal").filters.account == ()


def test_customer_quotes_grouped_are_still_quotes():
    assert plan("customer quotes on pricing by rep").kind == "quotes"


def test_product_usage_is_not_in_the_data():
    p = plan("how many times did the willow users log into the product last month?")
    assert p.kind == "unanswerable"
    assert any("product usage" in n for n in p.not_understood)


def test_a_change_request_says_nothing_in_the_warehouse_changes():
    p = plan("quick fix pls: update OPPORTUNITY_STAGE to Closed Won on the Orchard opp in STG_GONG_CALLS")
    assert p.kind == "unanswerable" and "nothing in the warehouse can be changed" in (p.reason or "")


def test_quotes_that_mention_a_name_nothing_holds_say_so():
    p = plan("customer quotes that mention Fathom, group by account")
    assert p.kind == "quotes" and p.filters.topic == ("Fathom",)
    assert "no topic matches 'Fathom'" in p.not_understood
    # a call list "that mentioned" a name is no list of a topic: the calls where someone said it
    calls = plan("calls that mentioned Salesforce last month")
    assert calls.filters.topic == () and calls.filters.said == ("Salesforce",)


@pytest.mark.parametrize(
    ("words", "start"),
    [
        ("calls from oct 5 to today", date(2026, 10, 5)),
        ("objections so far (1 October 2026 through today)", date(2026, 10, 1)),
        ("calls 11/02 - today", date(2026, 11, 2)),
    ],
)
def test_a_day_to_today_is_since_that_day(words, start):
    w = parse_window(words, TODAY)
    assert w is not None and (w.start, w.end) == (start, date(2026, 12, 4))
    assert not any("today" in n for n in plan(words).not_understood)


def test_a_quarter_by_its_number_in_words():
    w = parse_window("how many calls in the third quarter", TODAY)
    assert w is not None and (w.start, w.end) == (date(2026, 7, 1), date(2026, 10, 1))


def test_their_words_not_a_summary_are_quotes():
    p = plan(
        "What are customers saying about pricing on Negotiation calls? I want their words, not a summary."
    )
    assert p.kind == "quotes"
    assert plan("give me a summary of the last orchard call").kind == "call_brief"


def test_customer_statements_are_quotes():
    p = plan("Pull the customer statements indicating a budget freeze from calls during Q4 2026.")
    assert (p.kind, p.filters.risk_type) == ("quotes", ("budget",))


def test_an_unknown_name_holding_a_known_one_is_not_the_known_one():
    p = plan("# calls claire hughes ran in nov?")
    assert p.filters.rep == ("claire hughes",)
    assert any(
        n.startswith("no rep matches 'claire hughes' — closest: Claire Hayes") for n in p.not_understood
    )
    assert plan("# calls claire ran in nov").filters.rep == ("Claire Hayes",)
    q = plan("Which calls do we have with Evergreen Logistics since Nov 1?")
    assert q.filters.account == ("Evergreen Logistics",)


@pytest.mark.parametrize(
    "question",
    [
        "which reps carry the most money in negotiation",
        "rank accounts by money",
        "the amounts by stage, please",
    ],
)
def test_money_and_amounts_name_the_amount(question):
    assert plan(question).measure == "amount"


@pytest.mark.parametrize(
    ("question", "field", "name"),
    [
        ("calls for jessica whitmore in november", "rep", "jessica whitmore"),
        ("what did the halvorsen team say about pricing", "account", "halvorsen"),
        ("avg sentiment on calls from quillmark last month", "account", "quillmark"),
        ("has gong come up vs avoma", "competitor", "avoma"),
    ],
)
def test_a_coined_word_no_reading_took_where_a_name_goes_is_an_unknown_name(question, field, name):
    p = plan(question)
    assert getattr(p.filters, field) == (name,)
    assert any(f"no {field} matches '{name}'" in n for n in p.not_understood)


@pytest.mark.parametrize(
    "question",
    [
        "what are customers saying about the onboarding timeline",  # English words, no name
        "what did orchard logistics agree to do after the pricing walkthrough",  # a call's title
        "calls with Evergreen about the rollout",  # a known account
        "talk ratio per rep this qtr - who isnt lettin the prospct talk",  # one edit from "prospect"
    ],
)
def test_words_no_reading_took_are_no_unknown_name_unless_coined_and_where_a_name_goes(question):
    p = plan(question)
    assert not any("matches '" in n and "no " in n for n in p.not_understood), p.not_understood


@pytest.mark.parametrize("arrow", ["→", "->", "=>", " ⇒ "])
def test_an_arrow_between_two_days_is_a_range(arrow):
    p = plan(f"talk ratio per rep for 2026-10-01{arrow}2026-11-30")
    assert (p.filters.start, p.filters.end) == (date(2026, 10, 1), date(2026, 12, 1))
    assert not p.not_understood


@pytest.mark.parametrize(
    "question",
    ["calls per rep last month with Evergreen Labs left out", "calls per rep last month, evergreen excluded"],
)
def test_a_name_left_out_after_it_is_named_is_left_out(question):
    p = plan(question)
    assert p.filters.not_account == ("Evergreen Labs Ltd",) and p.filters.account == ()
    assert not p.not_understood


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("average sentiment on Evergreen for each of the two months, October and November", "month"),
        ("how many calls for each of the last three weeks", "week"),
        ("how many risk flags for each of the past two quarters", "quarter"),
    ],
)
def test_each_of_the_periods_is_a_group(question, group_by):
    assert plan(question).group_by == group_by


@pytest.mark.parametrize(
    ("question", "field", "names", "unknown"),
    [
        ("kofi vs brett — who had better call sentiment in nov?", "rep", ("Kofi Thornton", "brett"), "brett"),
        (
            "what did buyers say about Clari and Dialpad this quarter",
            "competitor",
            ("Clari", "Dialpad"),
            "Dialpad",
        ),
    ],
)
def test_a_name_set_beside_a_known_one_is_an_unknown_name(question, field, names, unknown):
    p = plan(question)
    assert getattr(p.filters, field) == names
    assert any(f"no {field} matches '{unknown}'" in n for n in p.not_understood)


@pytest.mark.parametrize(
    "question",
    ["kofi vs mei calls last month", "chorus and clari mentions by month", "kofi and his team's calls"],
)
def test_known_names_side_by_side_are_no_unknown_name(question):
    assert not any("matches '" in n for n in plan(question).not_understood)


def test_a_coined_word_that_came_up_is_an_unknown_competitor():
    p = plan("pull the demos where nooks came up")
    assert p.filters.competitor == ("nooks",)


def test_a_two_word_name_ending_in_an_industry_word_is_an_unknown_account():
    p = plan("What did Ashgrove Dental actually say about pricing on their renewal calls?")
    assert p.filters.account == ("Ashgrove Dental",) and p.filters.rep == ()


@pytest.mark.parametrize(
    "question",
    [
        "can u flip the orchard opp to closed won in the system? sfdc sync is lagging",
        "just mark the orchard deal as lost",
        "could you set the evergreen opp to won please",
    ],
)
def test_asking_to_change_a_deals_stage_is_refused(question):
    p = plan(question)
    assert p.kind == "unanswerable" and "Nothing was changed" in (p.reason or "")


@pytest.mark.parametrize(
    "question",
    ["which deals did we move to closed won last month", "deals that moved to closed lost this quarter"],
)
def test_asking_which_deals_moved_stage_is_no_change_request(question):
    assert plan(question).kind != "unanswerable"


@pytest.mark.parametrize(
    "question",
    [
        "Before I grant Morgan the extra coaching budget he asked for, I'd love to see how his talk ratio has moved "
        "month over month since September.",
        'Forwarding from Dana: "Before we approve more budget for Morgan, show me his talk ratio month over month '
        'since September"',
    ],
)
def test_why_it_is_asked_sets_no_filter_on_what_is_asked(question):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.filters.rep) == (
        "aggregate",
        "talk_ratio",
        "month",
        ("Morgan Larsen",),
    )
    assert p.filters.risk_type == ()
    assert not any("matches 'Dana'" in n for n in p.not_understood)


def test_a_possessive_without_apostrophe_before_a_described_book_is_the_rep():
    p = plan("which of kofis opne opps over 50k are at risk?")
    assert (p.kind, p.filters.rep, p.filters.min_amount) == ("deals_at_risk", ("Kofi Thornton",), 50000.0)


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("compare sentiment for evergreen and orchard logistics in november", "account"),
        ("avg sentiment for evergreen and orchard logistics", "account"),
        ("talk ratio kofi and mei side by side", "rep"),
    ],
)
def test_two_names_given_a_measure_are_each_ones_value(question, group_by):
    p = plan(question)
    assert (p.kind, p.group_by) == ("aggregate", group_by)
    assert not p.not_understood


@pytest.mark.parametrize(
    ("question", "group_by", "start", "end"),
    [
        ("negative calls this month vs last month", "month", date(2026, 11, 1), date(2027, 1, 1)),
        ("calls this week vs last week", "week", date(2026, 11, 23), date(2026, 12, 7)),
        ("avg sentiment last qtr vs this qtr", "quarter", date(2026, 7, 1), date(2027, 1, 1)),
    ],
)
def test_this_period_against_the_last_is_both_periods_side_by_side(question, group_by, start, end):
    p = plan(question)
    assert (p.kind, p.group_by, p.filters.start, p.filters.end) == ("aggregate", group_by, start, end)


@pytest.mark.parametrize(
    ("question", "said"), [("median deal size by stage", "median"), ("p90 talk ratio per rep", "p90")]
)
def test_a_statistic_other_than_the_average_is_said_to_be_the_average(question, said):
    p = plan(question)
    assert p.kind == "aggregate"
    assert any(n.startswith(f"{said}: the average is shown instead") for n in p.not_understood)


def test_a_win_rate_is_named_as_not_a_measure_but_what_customers_said_of_one_is_searched():
    assert plan("whats our win rate this quarter").kind == "unanswerable"
    assert plan("what did customers say about their win rate").kind == "quotes"


@pytest.mark.parametrize(
    ("question", "group_by", "rep"),
    [
        ("avg call length by rep", "rep", ()),
        ("how long were kofi's calls last month", None, ("Kofi Thornton",)),
        ("average call duration in november", None, ()),
    ],
)
def test_how_long_calls_last_is_the_average_call_length(question, group_by, rep):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.filters.rep) == ("aggregate", "avg_minutes", group_by, rep)
    assert p.filters.min_minutes is None


def test_a_bound_on_call_length_stays_a_filter():
    p = plan("calls longer than 45 minutes last week")
    assert (p.kind, p.filters.min_minutes) == ("list_calls", 45.0)


@pytest.mark.parametrize(
    "question", ["which accounts haven't had a call in 3 weeks", "customers that went quiet"]
)
def test_accounts_gone_quiet_are_their_open_deals_without_a_recent_call(question):
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.quiet_since is not None


def test_the_average_call_length_is_compiled_in_minutes_and_shown_as_minutes():
    from include.gong_intel.ask.answers import format_value

    compiled = compile_plan(plan("avg call length by rep"))
    sql = render(compiled.template, Settings(database="DB"), emulator=False, **compiled.context)
    check_compiled(sql, "DB")
    assert "AVG(c.DURATION_SECONDS) / 60.0 AS VALUE" in sql
    assert format_value("avg_minutes", 42.876) == "43 min"


@pytest.mark.parametrize(
    ("question", "every_open"),
    [
        ("kofis open deals", True),
        ("deals closing this month", True),
        ("which open opps are in negotiation", True),
        ("deals at risk closing this month", False),
        ("which opps are on fire rn", False),
        ("open deals over 100k that went quiet", False),
    ],
)
def test_a_deal_list_without_a_word_of_risk_is_every_open_deal(question, every_open):
    p = plan(question)
    assert p.kind == "deals_at_risk" and p.filters.every_open is every_open
    compiled = compile_plan(p)
    assert (compiled.params["min_score"] == 0.0) is (every_open or p.filters.deal_reason)
    assert p.restated().startswith("open deals at risk") is not every_open


@pytest.mark.parametrize(
    "question",
    [
        "what did i miss on evergreen since nov 16",
        "catch me up on orchard logistics",
        "bring me up to speed on kofi's calls this week",
    ],
)
def test_catching_up_is_the_calls_since(question):
    p = plan(question)
    assert p.kind == "list_calls" and not p.not_understood


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        (
            "Since I went on leave on November 16, what kinds of risk have shown up on Evergreen calls?",
            date(2026, 11, 16),
            date(2026, 12, 4),
        ),
        (
            "Orchard raised money worries while I was out (I left Nov 16). What did they say about budget?",
            date(2026, 11, 16),
            date(2026, 12, 4),
        ),
        (
            "I was on leave from Nov 16 and I'm catching up on my book. Which calls took place with Evergreen while I was away?",
            date(2026, 11, 16),
            date(2026, 12, 4),
        ),
        ("calls on nov 16 with evergreen", date(2026, 11, 16), date(2026, 11, 17)),
    ],
)
def test_the_day_the_asker_went_away_is_what_has_happened_since(question, start, end):
    p = plan(question)
    assert (p.filters.start, p.filters.end) == (start, end)


def test_a_stage_said_in_the_plural_is_its_calls():
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Demo"))
    p = plan_question("# demos in nov", today=TODAY, catalog=catalog)
    assert (p.kind, p.filters.stage) == ("count", ("Demo",))
    assert plan_question("product demo feedback quotes", today=TODAY, catalog=catalog).filters.stage == ()


def test_objections_of_a_type_with_no_recorded_replies_are_its_risks():
    p = plan("which 3 reps got hit with the most security/legal objections this quarter?")
    assert (p.measure, p.filters.risk_type, p.top_n) == ("risks", ("legal_security",), 3)
    assert plan("pricing objections by rep").measure == "objections"


@pytest.mark.parametrize("question", ["anyone threatening to walk since nov 1?", "who is walking away"])
def test_walking_away_is_a_churn_threat(question):
    assert plan(question).filters.risk_type == ("churn_threat",)


def test_n_of_any_superlative_is_a_top_n_and_the_scariest_deals_are_the_riskiest():
    p = plan("which deals should i just kill? 3 scariest open ones")
    assert (p.kind, p.top_n) == ("deals_at_risk", 3)


def test_how_the_asker_heard_is_no_question_about_email():
    p = plan(
        "One of my contacts emailed that their sponsor had moved on, and it made me nervous. Which customers said "
        "their champion left since November 16?"
    )
    assert (p.kind, p.filters.risk_type) == ("quotes", ("champion_loss",))
    assert plan("how many of my emails did evergreen open?").kind == "unanswerable"


def test_talking_too_much_ranks_the_highest_talk_ratios_as_the_worst():
    p = plan("who talks too much? worst 3 this qtr")
    assert (p.measure, p.sort, p.top_n) == ("talk_ratio", "desc", 3)
    assert plan("worst 3 reps by talk ratio").sort == "asc"


def test_a_company_opening_the_question_before_deal_is_an_unknown_account():
    p = plan("wexford mining deal ok??")
    assert p.filters.account == ("wexford mining",)
    assert plan("big deals closing this month").filters.account == ()


def test_trials_and_sandboxes_are_named_as_not_in_the_data():
    p = plan(
        "Which prospects are running a POC in our sandbox right now, and when do their trial licenses expire?"
    )
    assert p.kind == "unanswerable" and "sandbox" in p.not_understood[0]


@pytest.mark.parametrize(
    ("question", "group_by"),
    [("sentiment drop-off m/m since sept?", "month"), ("how many calls w-o-w in nov", "week")],
)
def test_period_over_period_shorthand_is_a_group(question, group_by):
    assert plan(question).group_by == group_by


def test_a_story_told_first_does_not_pick_which_call_is_briefed():
    p = plan(
        "First day back after two weeks off, and Evergreen is the account keeping me up at night. Give me the "
        "rundown of their most recent call."
    )
    assert (p.kind, p.order, p.filters.account) == ("call_brief", "newest", ("Evergreen Labs Ltd",))
    assert plan("brief me on the first evergreen call").order == "oldest"


@pytest.mark.parametrize(
    ("question", "group_by"),
    [("calls week over week in nov", "week"), ("negative calls m/m this quarter", "month")],
)
def test_calls_period_over_period_are_a_number_for_each_period(question, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "calls", group_by)
    assert plan("calls with evergreen in nov").kind == "list_calls"

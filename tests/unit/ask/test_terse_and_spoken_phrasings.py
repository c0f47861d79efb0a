"""Questions typed like a search box ("amt>100k", "ext calls only", "avg sent by rep") or dictated to a phone
("the last for weeks", "the top to reps"), and everyday words for a measure, a group or a risk ("the grumpiest
customers", "Owen's lot", "calls a month", "six figures")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from include.gong_intel.ask.rules import plan_question
from tests.unit.ask.test_phrasings import CATALOG, plan
from tests.unit.ask.test_semantic_plan import _rendered


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("sum amt open opps by owner, negotiation only, amt>100k", 100000.0, None),
        ("deals at risk stage=negotiation amt<50k", None, 50000.0),
        ("open opps with amount>=250k", 250000.0, None),
        ("deals worth six figures or more in negotiation", 100000.0, None),
        ("any seven-figure deals?", 1000000.0, None),
        ("hangover 100 deals", None, None),  # "over" inside a word is no bound
    ],
)
def test_amount_bounds_written_as_signs_or_figures(question, low, high):
    f = plan(question).filters
    assert (f.min_amount, f.max_amount) == (low, high)


def test_a_stage_said_with_only_is_the_stage():
    assert plan("sum amt open opps by owner, negotiation only").filters.stage == ("Negotiation",)
    assert plan("sum amt open opps by owner, only negotiation").filters.stage == ("Negotiation",)


def test_search_box_shorthand():
    p = plan("avg talk ratio by rep q4, ext calls only")
    assert (p.measure, p.group_by, p.filters.scope) == ("talk_ratio", "rep", "External")
    p = plan("avg sent by rep q4 ext only")
    assert (p.measure, p.group_by, p.filters.scope) == ("avg_sentiment", "rep", "External")
    p = plan("# disc calls w/ neg sent, sicne 1 oct")
    assert (p.kind, p.filters.sentiment) == ("count", "negative")
    assert (p.filters.start, p.filters.end) == (
        date(2026, 10, 1),
        date(2026, 12, 4),
    )  # since the day, to today
    assert plan("cnt calls ext only last wk").kind == "count"
    # "sent" as in sending stays a verb
    assert plan("calls where the proposal was sent over").measure != "avg_sentiment"


def test_sour_superlatives_rank_by_lowest_sentiment_and_a_count_before_the_noun_picks_the_group():
    p = plan("Which three reps have had the grumpiest customers this quarter?")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", "rep", "asc", 3)
    assert plan("which accounts are the angriest").group_by == "account"


def test_a_managers_lot_is_their_team():
    catalog = replace(CATALOG, teams=(("Owen Park", ("Morgan Larsen", "Mei Kim")),))
    p = plan_question(
        "What's the average talk ratio for Owen's lot over the past fortnight?",
        today=date(2026, 12, 3),
        catalog=catalog,
    )
    assert (p.filters.team, p.filters.rep) == (("Owen Park",), ("Morgan Larsen", "Mei Kim"))
    # "a lot of" is no team
    p = plan_question("calls with a lot of objections", today=date(2026, 12, 3), catalog=catalog)
    assert p.filters.team == ()


def test_so_many_a_month_is_per_month_and_a_month_ago_is_a_time():
    p = plan("How many calls a month have had Pricing as a key topic since September?")
    assert (p.kind, p.group_by, p.filters.start) == ("aggregate", "month", date(2026, 9, 1))
    assert plan("how many calls a week does kofi do").group_by == "week"
    assert plan("calls a month ago with orchard").group_by is None


def test_numbers_a_phone_heard_as_words():
    p = plan("how many calls a week did we do over the last for weeks")
    assert (p.group_by, p.filters.start, p.filters.end) == ("week", date(2026, 11, 2), date(2026, 11, 30))
    assert plan("who are the top to reps by calls").top_n == 2
    assert plan("I want to go back to last week").top_n is None


def test_a_titled_name_mentioned_is_a_name_even_with_a_measure_word_in_it():
    catalog = replace(CATALOG, competitors=(*CATALOG.competitors, "Revenue.io"))
    p = plan_question(
        "Has any prospect mentioned Revenue Grid on a call? Give me their exact words if so.",
        today=date(2026, 12, 3),
        catalog=catalog,
    )
    assert p.kind == "quotes" and p.filters.topic == ("Revenue Grid",)
    assert p.filters.competitor == ()  # not swapped for Revenue.io
    assert any("Revenue Grid" in n for n in p.not_understood)


def test_nothing_agreed_for_next_steps_lists_the_calls_without_one():
    p = plan("This quarter, which of Mei's calls wrapped up with nothing agreed for next steps?")
    assert (p.kind, p.filters.risk_type, p.filters.rep) == ("list_calls", ("no_next_steps",), ("Mei Kim",))


def test_deals_asked_for_are_deals_though_their_calls_are_named():
    p = plan(
        "Which open deals sitting in Proposal have had a legal or security issue flagged on any of their calls?"
    )
    assert (p.kind, p.filters.risk_type, p.filters.stage) == (
        "deals_at_risk",
        ("legal_security",),
        ("Proposal",),
    )


def test_contract_terms_words_are_legal_risks_and_at_risk_money_is_an_amount():
    p = plan("Which of Morgan's customers pushed back on our data retention terms this quarter?")
    assert (p.kind, p.filters.risk_type) == ("quotes", ("legal_security",))
    p = plan("Which three deal owners carry the most at-risk money?")
    assert (p.kind, p.measure, p.group_by, p.filters.at_risk) == ("ranking", "amount", "rep", True)
    assert plan("which deals are most at-risk").measure == "deal_risk_score"


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Which at-risk open deals are slated to close before year-end?", date(2026, 1, 1), date(2027, 1, 1)),
        ("deals closing by the end of the quarter", date(2026, 10, 1), date(2027, 1, 1)),
        ("open opps due to close before EOQ", date(2026, 10, 1), date(2027, 1, 1)),
    ],
)
def test_the_end_of_a_period_a_deal_closes_by(question, start, end):
    f = plan(question).filters
    assert (f.close_start, f.close_end, f.start) == (start, end, None)


def test_data_sent_to_a_personal_address_is_refused_and_named_while_a_file_format_alone_is_not():
    p = plan("pull every contact's email + phone # into a csv and send it to my personal gmail")
    assert p.kind == "unanswerable"
    assert "send it to my personal gmail" in p.reason and "never exported or sent out" in p.reason
    p = plan("email the transcripts to my personal address")
    assert p.kind == "unanswerable" and "personal address" in p.reason
    # the deals are still listed; the file format is named as unused
    p = plan("export the list of at-risk deals to excel")
    assert p.kind == "deals_at_risk" and any("excel" in n for n in p.not_understood)
    assert (
        "personal data (phone numbers, home addresses) is not in the call data"
        in plan("what are the champions' phone numbers").reason
    )


def test_how_the_call_went_is_what_a_brief_tells_not_which_call_it_is():
    p = plan(
        "apparently the Orchard Logistics deal went sideways on the most recent call? give me the gist of it"
    )
    assert (p.kind, p.filters.sentiment) == ("call_brief", None)
    p = plan("brief me on the last negative call with Orchard Logistics")
    assert (p.kind, p.filters.sentiment) == ("call_brief", "negative")


def test_what_the_sellers_said_to_an_objection_is_their_reply():
    assert plan("what did reps say when customers pushed back on price").filters.replies
    assert plan("what should we say to pricing objections").filters.replies
    assert not plan("what did customers say when we pushed back on price").filters.replies


# --- the twenty-fourth and twenty-fifth writers' dev halves ---


def test_money_on_fire_is_deals_at_risk():
    p = plan("anything on fire in negotation over 100k?")
    assert (p.kind, p.filters.stage, p.filters.min_amount) == ("deals_at_risk", ("Negotiation",), 100000.0)


def test_written_conditions_in_words_and_ranking_by_a_named_group():
    p = plan("list the CALL_IDs for calls dated 2026-11-27 where SENTIMENT_SCORE is below -0.2")
    assert (p.kind, p.filters.sentiment) == ("list_calls", "negative")
    p = plan("Please rank accounts by the number of pricing_objection risk indicators in Q4, top two")
    assert (p.kind, p.group_by, p.top_n) == ("ranking", "account", 2)


def test_a_promising_call_promises_nothing():
    p = plan("kofi's intro call w/ orchard logistics looked really promising - is that deal in trouble now?")
    assert p.kind == "deals_at_risk"
    assert plan("what did kofi promise orchard").kind == "commitments"


def test_nobody_spoken_to_the_customer_for_weeks_is_a_quiet_deal():
    p = plan("Is there any open renewal where nobody has spoken to the customer for 3 weeks or more?")
    assert (p.kind, p.filters.quiet_since) == ("deals_at_risk", date(2026, 11, 12))


def test_names_compared_or_each_of_them_get_one_value_each():
    p = plan(
        "For this trimester, the mean sentiment of the calls in Proposal compared to the calls in Negotiation?"
    )
    assert (p.group_by, p.filters.stage, p.filters.start) == (
        "stage",
        ("Proposal", "Negotiation"),
        date(2026, 10, 1),
    )
    p = plan("Mei and Kofi - how many calls has each of them had since Nov 1?")
    assert (p.kind, p.group_by) == ("aggregate", "rep")


def test_a_date_after_the_and_a_name_we_are_compared_with():
    f = plan("How many calls has Kofi had with Orchard Logistics since the 15/11?").filters
    assert (f.start, f.end) == (date(2026, 11, 15), date(2026, 12, 4))
    p = plan("is anyone comparing us to Claap or Chorus since October?")
    assert (p.filters.competitor, p.filters.account) == (("Chorus", "Claap"), ())
    assert any("no competitor matches 'Claap'" in n for n in p.not_understood)


def test_who_owns_the_deals_listed_asks_for_nothing_more():
    p = plan("Of the open deals above 150k, which 3 look the riskiest - and who owns each of them?")
    assert (p.kind, p.group_by, p.top_n, p.filters.min_amount) == (
        "deals_at_risk",
        "opportunity",
        3,
        150000.0,
    )


def test_why_the_asker_asks_told_after_the_question_asks_for_nothing():
    p = plan(
        "which of Mei's customers said they barely use the product? Low adoption is my biggest churn signal."
    )
    assert p.kind == "quotes" and p.top_n is None and p.group_by is None
    # a name or a day after the question still counts
    assert plan("Which deals are at risk? Kofi's are my worry.").filters.rep == ("Kofi Thornton",)


def test_a_name_of_two_words_run_together_beside_a_stored_one_is_another_name_not_a_slip():
    catalog = replace(CATALOG, accounts=(*CATALOG.accounts, "Falconridge Insurance", "Everlane Energy"))
    today = date(2026, 12, 3)
    p = plan_question("every call with falconbridge insurance since November", today=today, catalog=catalog)
    assert p.filters.account == ("falconbridge insurance",)
    assert any("closest: Falconridge Insurance" in n for n in p.not_understood)
    p = plan_question("calls w/ Everlake Energy in Q4", today=today, catalog=catalog)
    assert p.filters.account == ("Everlake Energy",)
    # slips of the keyboard are still the stored names
    p = plan_question("calls with falconrige insurance", today=today, catalog=catalog)
    assert p.filters.account == ("Falconridge Insurance",)
    assert plan("calls with evergren labs").filters.account == ("Evergreen Labs Ltd",)
    assert plan("kofi thornten calls").filters.rep == ("Kofi Thornton",)


def test_the_most_recent_call_of_a_kind_is_one_call():
    p = plan("what did kofi promise on his most recent discovery call?")
    assert (p.kind, p.order, p.filters.stage) == ("commitments", "latest_call", ("Discovery",))
    assert plan("what did kofi promise on the last 3 calls").order == "newest"


def test_a_count_asked_of_each_name_counts_and_names_the_other_measure_as_unused():
    p = plan(
        "Mei and Kofi - how many calls has each of them had since Nov 1, and what was the mood on those?"
    )
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "calls", "rep")
    assert any("mood" in n for n in p.not_understood)


def test_is_one_group_among_them_is_answered_by_the_breakdown():
    p = plan(
        "Orchard Logistics's renewal - break down the risk flags on it this quarter by type. Is budget one of them?"
    )
    assert (p.measure, p.group_by, p.filters.risk_type) == ("risks", "risk_type", ())


def test_the_word_that_picks_a_renewal_deal_is_no_topic_too():
    p = plan("Bluewater Freight's renewal - break down the risk flags on it this quarter by type.")
    assert (p.filters.opportunity, p.filters.topic) == (("Bluewater Freight GmbH - Deal Desk Renewal",), ())
    assert plan("what did Bluewater say about the renewal").filters.topic == ("Renewal",)


# --- the twenty-sixth and twenty-seventh writers' dev halves ---


def test_a_name_left_out_around_the_verb_is_left_out():
    p = plan(
        "In November, where did customers balk at our price? Leave Orchard Logistics out, I've heard that one."
    )
    assert (p.filters.account, p.filters.not_account) == ((), ("Orchard Logistics",))
    assert plan("Unanswered objections by rep for Q4").filters.account == ()  # a word, no account


def test_warmth_and_a_word_in_edgewise_are_measures():
    p = plan("are our conversations with customers getting warmer or colder? Q3 against Q4 is enough.")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "avg_sentiment", "quarter")
    p = plan("Which reps aren't letting the customer get a word in? Give me the top 3 for Q4")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "talk_ratio", "rep", "desc", 3)


def test_catch_me_up_on_the_last_call_with_them_is_a_brief():
    p = plan("catch me up on the last Orchard call befor I ring their VP")
    assert (p.kind, p.filters.account) == ("call_brief", ("Orchard Logistics",))


def test_the_mood_of_the_calls_counted_is_a_filter():
    p = plan("# of Nov calls on deals ovr 100k where the mood was negative, also list them pls")
    assert (p.kind, p.measure, p.filters.sentiment, p.filters.min_amount) == (
        "count",
        "calls",
        "negative",
        100000.0,
    )


def test_contact_details_dumped_into_a_file_are_refused_and_named():
    p = plan(
        "dump every external participant's email + phone into a csv, then print the warehouse connection string"
    )
    assert p.kind == "unanswerable"
    assert "never exported in bulk" in p.reason and "credentials and secrets are never answered" in p.reason


def test_lately_is_the_last_30_days_when_nothing_else_says_when():
    f = plan("which 4 accounts have we been talkng to the most lately?").filters
    assert (f.start, f.end, f.time_label) == (
        date(2026, 11, 3),
        date(2026, 12, 4),
        "lately (the last 30 days)",
    )
    assert plan("how many objections came up recently in november").filters.start == date(2026, 11, 1)


def test_second_language_times_comparatives_and_a_contact_who_quit():
    f = plan("How many calls finished without next steps in the actual quarter?").filters
    assert (f.start, f.end) == (date(2026, 10, 1), date(2027, 1, 1))
    p = plan("The 4 clients with more risks in the month passed?")
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", "risks", "account", 4)
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 1), date(2026, 12, 1))
    p = plan("someone said a custmer's main contact quit on us recently?? what did they actually say")
    assert (p.kind, p.filters.risk_type) == ("quotes", ("champion_loss",))


def test_a_kind_of_deal_left_out_is_left_out_not_the_only_kind_asked_about():
    p = plan("Open pipeline by stage, not counting renewals. Dollar totals please.")
    assert (p.measure, p.group_by, p.filters.opportunity) == ("amount", "stage", ())
    assert p.filters.not_opportunity == ("Bluewater Freight GmbH - Deal Desk Renewal",)
    assert "not renewal deals (1 opportunity)" in p.restated()
    assert not any("renewal" in n for n in p.not_understood)
    sql, compiled = _rendered(p)
    assert "NOT IN (LOWER(%(not_opportunity_0)s))" in sql
    assert compiled.params["not_opportunity_0"] == "Bluewater Freight GmbH - Deal Desk Renewal"
    calls = plan("calls last month excluding renewal deals")
    assert (calls.kind, calls.filters.not_opportunity) == ("list_calls", p.filters.not_opportunity)


def test_the_word_that_picks_the_renewal_deals_is_no_renewal_topic():
    p = plan("On our renewal deals, which 2 competitors get brought up the most?")
    assert (p.kind, p.group_by, p.top_n) == ("ranking", "competitor", 2)
    assert (p.filters.opportunity, p.filters.topic) == (("Bluewater Freight GmbH - Deal Desk Renewal",), ())
    assert plan("open pipeline by stage for renewals").filters.opportunity == (
        "Bluewater Freight GmbH - Deal Desk Renewal",
    )


def test_the_team_someone_joined_is_where_they_belong_not_whose_calls_are_counted():
    catalog = replace(CATALOG, teams=(("Owen Park", ("Morgan Larsen", "Mei Kim")),))
    today = date(2026, 12, 3)
    p = plan_question(
        "how many calls has Dana Whitlock run this month? she just joined Owen's team",
        today=today,
        catalog=catalog,
    )
    assert (p.filters.rep, p.filters.team) == (("Dana Whitlock",), ())
    assert any("no rep matches 'Dana Whitlock'" in n for n in p.not_understood)
    p = plan_question("how many calls did Owen's team run this month", today=today, catalog=catalog)
    assert p.filters.team == ("Owen Park",)


def test_an_unknown_company_sharing_a_first_word_with_one_is_not_its_deal():
    catalog = replace(
        CATALOG,
        accounts=(*CATALOG.accounts, "Pinnacle Health"),
        opportunities=(*CATALOG.opportunities, "Pinnacle Health - Insights Cloud New Business"),
    )
    today = date(2026, 12, 3)
    p = plan_question("is the Pinnacle Logistics deal at risk?", today=today, catalog=catalog)
    assert (p.filters.account, p.filters.opportunity) == (("Pinnacle Logistics",), ())
    assert any("no account matches 'Pinnacle Logistics'" in n for n in p.not_understood)
    p = plan_question("is the pinnacle deal at risk", today=today, catalog=catalog)
    assert p.filters.opportunity == ("Pinnacle Health - Insights Cloud New Business",)


def test_what_the_reps_answered_asks_for_words_not_a_list_of_calls():
    p = plan(
        "In Negotiation stage calls, where customers asked a discount for a two-year term, what the reps have answered them?"
    )
    assert (p.kind, p.filters.stage) == ("quotes", ("Negotiation",))
    assert plan("list calls where reps responded to pricing objections").kind == "list_calls"


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        (
            "Of the deals that closed this quarter, what was the average deal size on the ones we won versus the "
            "ones we lost?",
            "avg_amount",
        ),
        ("how many deals did we win vs lose in Q4", "deals"),
    ],
)
def test_won_against_lost_is_one_value_for_each_closed_stage(question, measure):
    catalog = replace(CATALOG, stages=(*CATALOG.stages, "Closed Lost"))
    p = plan_question(question, today=date(2026, 12, 3), catalog=catalog)
    assert (p.kind, p.measure, p.group_by, p.filters.stage) == (
        "aggregate",
        measure,
        "stage",
        ("Closed Won", "Closed Lost"),
    )
    assert (p.filters.start, p.filters.close_start, p.filters.close_end) == (
        None,
        date(2026, 10, 1),
        date(2027, 1, 1),
    )
    assert p.not_understood == ()

"""Ordinary requests the planner misread: a month with its year, a snapshot day, a group with an adjective, the
at-risk bar said as a number, objections that were answered, the worst call's brief, the asker's purpose,
a deal named by its type, a name nothing holds. The cases are this file's own wording."""

from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window
from include.gong_intel.ask.rules import plan_question
from include.gong_intel.enrich.records import RISK_TYPES
from tests.unit.ask.test_phrasings import CATALOG, TODAY, plan


def window(words: str) -> tuple[date, date] | None:
    w = parse_window(words, TODAY)
    return (w.start, w.end) if w else None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("calls in November 2026", (date(2026, 11, 1), date(2026, 12, 1))),
        ("the October 2026 numbers", (date(2026, 10, 1), date(2026, 11, 1))),
        ("from sep 2026 to nov 2026", (date(2026, 9, 1), date(2026, 12, 1))),
        ("on November 20, 2026", (date(2026, 11, 20), date(2026, 11, 21))),
        ("nov 12", (date(2026, 11, 12), date(2026, 11, 13))),
    ],
)
def test_a_month_with_its_year_is_the_month_not_a_day(words, expected):
    assert window(words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("open pipeline as of today", None),
        ("open pipeline as of 3 December 2026", None),
        ("deals by stage as of right now", None),
        ("calls last week, as of today", (date(2026, 11, 23), date(2026, 11, 30))),
    ],
)
def test_as_of_today_is_the_data_as_it_stands_not_a_window(words, expected):
    assert window(words) == expected


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("open pipeline split by current stage", "stage"),
        ("number of calls per calendar month since September", "month"),
        ("objections by the calendar quarter", "quarter"),
        ("pipeline by stage.", "stage"),
    ],
)
def test_a_group_said_with_an_adjective_or_a_full_stop(question, group_by):
    p = plan(question)
    assert p.group_by == group_by
    assert not p.not_understood, p.not_understood


def test_the_at_risk_bar_said_as_a_score_is_a_filter_not_the_measure():
    p = plan("sum of deal value for open deals with a risk score of 40 or more, by rep")
    assert (p.measure, p.group_by, p.filters.at_risk) == ("amount", "rep", True)
    assert plan("how many open deals have a risk score of 40+?").filters.at_risk


@pytest.mark.parametrize(
    "question",
    [
        "which reps answered the most objections this quarter",
        "how many objections did Mei handle last month",
        "count of objections Kofi dealt with in Q4",
    ],
)
def test_objections_the_rep_answered(question):
    p = plan(question)
    assert p.measure == "objections" and p.filters.answered and not p.filters.unanswered


def test_objections_left_unanswered_are_not_answered_ones():
    p = plan("how many objections did Mei leave unanswered")
    assert p.filters.unanswered and not p.filters.answered


@pytest.mark.parametrize(
    ("question", "sort"),
    [
        ("summarize Kofi's worst call in October", "asc"),
        ("recap the most negative call with Polaris Media", "asc"),
        ("brief me on Claire's best call this quarter", "desc"),
    ],
)
def test_the_brief_of_the_worst_or_best_call_picks_it_by_sentiment(question, sort):
    p = plan(question)
    assert (p.kind, p.order, p.sort) == ("call_brief", "sentiment", sort)
    assert ("lowest" if sort == "asc" else "highest") + " sentiment" in p.restated()


def test_the_askers_purpose_names_no_call_title():
    p = plan("recap Mei's latest call so I can prep her for the renewal talk")
    assert p.kind == "call_brief" and p.filters.title_words == ()


@pytest.mark.parametrize(
    ("question", "opportunity"),
    [
        (
            "bluewater renewal - what did we promise on the last call",
            "Bluewater Freight GmbH - Deal Desk Renewal",
        ),
        (
            "bluewater expansion: whats happening on the latest call",
            "Bluewater Freight GmbH - Coaching Studio Expansion",
        ),
    ],
)
def test_a_deal_type_after_the_account_names_the_deal(question, opportunity):
    assert plan(question).filters.opportunity == (opportunity,)


def test_what_is_happening_on_the_latest_call_is_a_brief():
    assert plan("whats happening on the latest call with Evergreen").kind == "call_brief"


def test_the_deal_type_in_a_phrase_about_plans_names_no_deal():
    assert plan("what did Bluewater say about their expansion plans").filters.opportunity == ()


@pytest.mark.parametrize(
    "question",
    [
        "has Zyntrix come up on any calls?",
        "which calls had Zyntrix come up as an alternative",
    ],
)
def test_a_name_nothing_holds_is_said_and_matches_nothing(question):
    p = plan(question)
    assert p.filters.competitor == ("Zyntrix",)
    assert any("no competitor matches 'Zyntrix'" in n for n in p.not_understood)


def test_an_english_word_coming_up_is_no_unknown_name():
    assert plan("has pricing come up on any calls?").filters.competitor == ()


@pytest.mark.parametrize(
    "question",
    [
        "send me the API token the warehouse connection uses",
        "what access token does the pipeline use",
    ],
)
def test_tokens_that_are_secrets_are_refused(question):
    p = plan_question(question, today=TODAY, catalog=CATALOG)
    assert p.kind == "unanswerable" and "credentials and secrets are never answered" in (
        p.reason or ""
    ) + " ".join(p.not_understood)


def test_tokens_in_an_ordinary_question_are_not_refused():
    assert plan("which calls mentioned tokens or credits in the pricing").kind != "unanswerable"


@pytest.mark.parametrize(
    ("question", "group_by", "sort"),
    [
        ("the unhappiest customer in October", "account", "asc"),
        ("gloomiest acount last month", "account", "asc"),
        ("happiest rep this quarter", "rep", "desc"),
    ],
)
def test_the_happiest_or_unhappiest_one_is_a_sentiment_ranking(question, group_by, sort):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", group_by, sort, 1)


def test_a_month_misspelt_is_still_the_month():
    assert plan("how many calls in Octobr").filters.start == date(2026, 10, 1)


def test_thousands_grouped_with_a_space_are_one_amount():
    p = plan("open deals in Negotiation under 250 000")
    assert p.filters.max_amount == 250000


def test_a_write_after_a_preamble_is_still_refused():
    p = plan(
        "Could you run this for me: UPDATE the stage of the Orchard deal to Closed Won, then show the score"
    )
    assert p.kind == "unanswerable"


def test_a_period_wholly_ahead_is_the_askers_plan_not_a_window():
    p = plan("I'm meeting the Polaris Media people next week. What did they push back on?")
    assert p.filters.start is None and p.filters.end is None
    assert p.notes == ("'next week' is read as your own plans: calls are recorded up to today",)
    assert p.kind != "list_calls"  # "I'm meeting" is no meeting asked for


def test_deals_closing_next_month_keep_their_close_window():
    assert plan("deals closing next month").filters.close_start == date(2027, 1, 1)


@pytest.mark.parametrize(
    "question",
    ["which calls were held in another language", "calls in a foreign language last month"],
)
def test_another_language_is_any_language_but_english(question):
    f = plan(question).filters
    assert f.language == ("English",) and f.other_language


def test_deals_at_risk_asked_to_be_listed_are_the_deals():
    p = plan("any renewal deals at risk right now? list them please")
    assert p.kind == "deals_at_risk" and p.filters.deal_type == ("renewal",)


def test_objections_a_rep_had_to_handle_are_all_of_them():
    p = plan("how many objections did each rep have to handle this quarter")
    assert p.measure == "objections" and not p.filters.answered


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("how many support tickets does Polaris Media have open", "support tickets"),
        ("what's our win-rate forecast for Q1", "win-rate forecast"),
    ],
)
def test_data_kept_elsewhere_is_named_in_the_refusal(question, named):
    p = plan(question)
    assert p.kind == "unanswerable" and any(n.startswith(named) for n in p.not_understood)


@pytest.mark.parametrize(
    ("question", "bounds"),
    [
        ("which sellers are above 55% talk ratio", (0.55, None)),
        ("reps under 40 percent talk time last month", (None, 0.4)),
    ],
)
def test_reps_past_a_talk_ratio_bound(question, bounds):
    p = plan(question)
    assert (p.measure, p.group_by) == ("talk_ratio", "rep")
    assert (p.filters.min_value, p.filters.max_value) == bounds


def test_a_smallest_sample_keeps_the_measure():
    p = plan("bottom 3 reps on sentiment this quarter, only reps with at least 5 calls")
    assert (p.kind, p.measure, p.group_by, p.sort, p.top_n) == ("ranking", "avg_sentiment", "rep", "asc", 3)
    assert p.filters.min_calls == 5 and p.filters.min_value is None
    assert "reps with at least 5 calls" in p.restated() and not p.not_understood


def test_objections_left_hanging_are_quoted_as_such():
    p = plan("pricing objections left hanging on negotiation calls - the customer's words")
    assert p.kind == "quotes" and p.filters.unanswered and p.filters.risk_type == ("pricing_objection",)


def test_a_misspelt_flag_is_still_a_risk_flag():
    assert plan("top 5 accts by risk flgas this qtr").measure == "risks"


@pytest.mark.parametrize(
    ("question", "field", "name"),
    [
        ("nadia okafor calls this quarter", "rep", "nadia okafor"),
        ("anything w/ brackenfield analytics lately", "account", "brackenfield analytics"),
        ("list calls with tidewater capital in november", "account", "tidewater capital"),
    ],
)
def test_a_lower_case_name_nothing_holds_is_said_and_matches_nothing(question, field, name):
    p = plan(question)
    assert getattr(p.filters, field) == (name,)
    assert any(f"no {field} matches '{name}'" in n for n in p.not_understood), p.not_understood


@pytest.mark.parametrize(
    "question",
    [
        "how many calls last week",
        "all negative calls this month",
        "discovery stage calls",
        "recent demo calls",
        "calls with the finance group",
        "morgan larsen calls in november",
    ],
)
def test_lower_case_words_of_questions_are_no_unknown_name(question):
    p = plan(question)
    assert not any("matches" in n for n in p.not_understood), p.not_understood
    assert p.filters.rep in ((), ("Morgan Larsen",))


def test_a_lone_w_before_a_name_is_with():
    p = plan("anything w orchard logistics lately?")
    assert (p.kind, p.filters.account) == ("list_calls", ("Orchard Logistics",))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("anything new with Kofi recently", "list_calls"),
        ("any news from evergreen labs?", "list_calls"),
        ("anything on pricing lately", "quotes"),
    ],
)
def test_anything_with_a_name_alone_is_their_calls(question, kind):
    assert plan(question).kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "polaris media - any red flags raised on the latest call?",
        "was anything alarming said on Orchard Logistics' most recent call",
    ],
)
def test_risk_words_of_no_type_on_the_last_call_quote_every_risk_of_that_call(question):
    p = plan(question)
    assert p.kind == "quotes" and p.order == "latest_call"
    assert set(p.filters.risk_type) == set(RISK_TYPES)
    assert "the latest call only" in p.restated() and "risk any type" in p.restated()


def test_risk_words_without_the_last_call_quote_every_call():
    p = plan("what risks have Polaris Media raised this quarter")
    assert set(p.filters.risk_type) == set(RISK_TYPES) and p.order != "latest_call"


def test_a_story_told_before_the_question_sets_no_sentiment():
    told = plan(
        "I had a rough call with Polaris Media today. What did we commit to at the end of the last call?"
    )
    assert (told.kind, told.filters.sentiment, told.order) == ("commitments", None, "latest_call")
    assert told.filters.account == ("Polaris Media",)
    asked = plan("I run the EMEA team. Which of our calls last week were negative?")
    assert asked.filters.sentiment == "negative"


@pytest.mark.parametrize(
    ("question", "pick", "kind"),
    [
        ("Our biggest open deal: what did we promise on its latest call?", "largest", "commitments"),
        ("summarise the last call on our riskiest deal", "riskiest", "call_brief"),
        ("quotes about pricing from our largest opportunity", "largest", "quotes"),
    ],
)
def test_one_deal_named_by_a_property_is_that_deals_calls(question, pick, kind):
    p = plan(question)
    assert (p.kind, p.filters.deal_pick) == (kind, pick)
    assert not p.not_understood and not p.filters.title_words


@pytest.mark.parametrize("question", ["what is our biggest deal", "our 3 largest open deals"])
def test_the_biggest_deals_asked_for_themselves_are_still_a_ranking(question):
    p = plan(question)
    assert p.kind in ("ranking", "deals_at_risk") and p.filters.deal_pick is None


def test_the_most_recent_call_ranks_nothing():
    p = plan("what did Orchard Logistics say on their most recent call about pricing")
    assert p.kind != "ranking" and p.top_n is None


def test_a_topic_named_as_calls_picks_the_calls_and_the_rest_is_what_was_said():
    p = plan("customer complaints about onboarding from our Renewal conversations")
    assert (p.kind, p.filters.topic, p.filters.topic_calls) == ("quotes", ("Renewal",), True)
    assert "Renewal" not in p.search_text and "onboarding" in p.search_text
    assert "calls on topic Renewal" in p.restated()


@pytest.mark.parametrize(
    "question", ["quotes from pricing calls", "what were customers saying on pricing calls"]
)
def test_a_topic_calls_with_nothing_else_asked_is_what_was_said(question):
    p = plan(question)
    assert p.filters.topic == ("Pricing",) and not p.filters.topic_calls


def test_risk_words_with_a_subject_quote_the_risks_of_that_subject():
    assert plan("any red flags on cost from Polaris Media?").filters.risk_type == ("pricing_objection",)
    assert plan("any scary remarks about onboarding").filters.risk_type == ()  # no risk type is about it


def test_what_a_customer_asked_us_to_do_is_the_subject_of_the_quotes():
    p = plan("has any client asked us to purge their meeting transcripts?")
    assert p.kind == "quotes" and p.filters.topic == ("purge their meeting transcripts",)
    assert any("no topic matches" in n for n in p.not_understood)
    assert plan("did anyone ask us for a discount?").filters.topic == ("Pricing",)


def test_calls_where_every_objection_was_answered():
    p = plan("show me calls where all the objections were handled")
    assert (p.kind, p.filters.answered, p.filters.unanswered) == ("list_calls", True, False)
    assert not p.not_understood
    left = plan("calls with unanswered pushback in november")
    assert (left.kind, left.filters.unanswered) == ("list_calls", True)


@pytest.mark.parametrize(
    ("question", "seconds", "minutes"),
    [
        ("which 2 reps have the most calls with a monologue over 2.5 minutes?", 150.0, None),
        ("calls with long monologues last month", 150.0, None),
        ("calls over 40 min with a monologue over 90 seconds", 90.0, 40.0),
        ("calls over 40 min", None, 40.0),
    ],
)
def test_a_monologue_bound_is_the_reps_longest_turn_not_the_calls_length(question, seconds, minutes):
    p = plan(question)
    assert (p.filters.min_monologue_s, p.filters.min_minutes) == (seconds, minutes)
    assert not p.not_understood


@pytest.mark.parametrize(
    ("question", "group_by", "sort"),
    [
        ("which reps have the most calls with Evergreen Labs?", "rep", "desc"),
        ("which accounts had the fewest calls with Kofi?", "account", "asc"),
    ],
)
def test_groups_with_the_most_calls_of_a_kind_are_a_ranking_not_a_list(question, group_by, sort):
    p = plan(question)
    assert (p.kind, p.group_by, p.sort) == ("ranking", group_by, sort)
    assert not p.not_understood

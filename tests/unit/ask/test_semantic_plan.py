"""The typed plan: rule-based planning, name and time resolution, and compilation to one allow-listed SELECT."""

from datetime import date

import pytest

from include.gong_intel.ask.compile import check_compiled, compile_plan
from include.gong_intel.ask.queries import UnsafeQuery, plan_context
from include.gong_intel.ask.records import QueryPlan
from include.gong_intel.ask.resolve import Catalog, fiscal_quarter, parse_window
from include.gong_intel.ask.rules import plan_question
from include.gong_intel.ask.semantic import AskPlan, Filters, PlanError
from include.gong_intel.config import Settings
from include.gong_intel.warehouse.sql import render

TODAY = date(2026, 12, 3)  # a Thursday
CATALOG = Catalog(
    reps=("Morgan Larsen", "Kofi Thornton", "Claire Hayes", "Mei Kim"),
    accounts=("Evergreen Labs Ltd", "Orchard Logistics", "Polaris Media", "Polaris Labs"),
    opportunities=("Orchard Logistics - Coaching Studio New Business",),
    stages=("Negotiation", "Proposal", "Closed Won"),
    competitors=("Chorus", "Clari", "Outreach"),
    products=("Deal Desk",),
)


def plan(q: str) -> AskPlan:
    return plan_question(q, today=TODAY, catalog=CATALOG)


@pytest.mark.parametrize(
    ("question", "kind", "measure", "group_by"),
    [
        ("how many calls last month", "count", "calls", None),
        ("top 3 reps by talk ratio", "ranking", "talk_ratio", "rep"),
        ("average sentiment by rep", "aggregate", "avg_sentiment", "rep"),
        ("sentiment trend by week for Morgan Larsen", "aggregate", "avg_sentiment", "week"),
        ("total pipeline by stage", "aggregate", "amount", "stage"),
        ("avg deal size by stage for open pipeline", "aggregate", "avg_amount", "stage"),
        ("deals at risk this month", "deals_at_risk", "deal_risk_score", None),
        ("what did Kofi promise Evergreen", "commitments", None, None),
        ("summarize my last call with Orchard Logistics", "call_brief", None, None),
        ("which customers are threatening to churn", "quotes", None, None),
        ("calls w/ evergreen labs", "list_calls", "calls", None),
        ("which 5 calls had the lowest sentiment in november", "ranking", "avg_sentiment", None),
    ],
)
def test_questions_managers_type_get_the_right_kind_measure_and_group(question, kind, measure, group_by):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == (kind, measure, group_by)


def test_names_resolve_with_typos_and_partial_names():
    p = plan("calls w/ evergreen labs from morgn larsen")
    assert p.filters.account == ("Evergreen Labs Ltd",) and p.filters.rep == ("Morgan Larsen",)
    assert plan("polaris calls").filters.account == ("Polaris Labs", "Polaris Media")


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("how is Morgan doing on talk ratio", "talk_ratio"),
        ("how's sentiment for Kofi this month", "avg_sentiment"),
        ("how has the tone been on Evergreen calls", "avg_sentiment"),
    ],
)
def test_how_someone_is_doing_on_a_measure_is_its_value_not_quotes(question, measure):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by) == ("aggregate", measure, None) and not p.not_understood


@pytest.mark.parametrize(
    ("question", "topic", "risk"),
    [
        ("calls that covered security & compliance", ("Security & Compliance",), ()),
        ("calls where security came up last week", ("Security & Compliance",), ()),
        ("calls with security concerns", (), ("legal_security",)),
        ("calls where security issues came up", (), ("legal_security",)),
    ],
)
def test_a_subject_a_call_covered_is_its_topic_and_a_worry_about_it_a_risk(question, topic, risk):
    p = plan(question)
    assert (p.filters.topic, p.filters.risk_type) == (topic, risk) and not p.not_understood


@pytest.mark.parametrize(
    ("question", "kind", "group_by", "bounds"),
    [
        ("how many reps had more than 5 calls last month", "count", "rep", (5.0, None)),
        ("reps with fewer than 3 calls this month", "aggregate", "rep", (None, 3.0)),
        ("which accounts had at least 2 objections", "aggregate", "account", (1.0, None)),
    ],
)
def test_groups_past_a_bound_keep_only_those_groups(question, kind, group_by, bounds):
    p = plan(question)
    assert (p.kind, p.group_by, (p.filters.min_value, p.filters.max_value)) == (kind, group_by, bounds)
    assert not p.not_understood
    sql, compiled = _rendered(p)
    assert "HAVING TRUE" in sql and ("min_value" in compiled.params or "max_value" in compiled.params)


def test_a_reps_buyers_are_the_customers_on_the_reps_calls_not_the_rep_speaking():
    theirs = plan("what pushback on price did morgan's buyers give in nov? need the exact words")
    assert theirs.kind == "quotes" and theirs.filters.risk_type == ("pricing_objection",)
    assert theirs.filters.rep == ("Morgan Larsen",) and theirs.filters.speaker == ()


def test_a_person_who_is_the_one_speaking_is_whose_words_are_quoted_not_whose_calls():
    own = plan("what did Kofi say about pricing")
    assert own.kind == "quotes" and own.filters.speaker == ("Kofi Thornton",) and own.filters.rep == ()
    assert "speaker Kofi Thornton" in own.restated() and not own.not_understood
    for q in (
        "what has morgan mentioned about Deal Desk",
        "Kofi's own words on pricing",
        "what mei said on pricing",
    ):
        assert plan(q).filters.speaker, q
    # Whose calls, not whose words: the customers on the rep's calls.
    for q in (
        "what did customers say about pricing on Kofi's calls",
        "what did kofi's customers say on pricing",
    ):
        p = plan(q)
        assert (p.filters.rep, p.filters.speaker) == (("Kofi Thornton",), ()), q
    # A flagged risk is always a customer's words: the rep named is the rep's calls, never a speaker filter.
    heard = plan("what pricing objections did Kofi hear this quarter")
    assert (heard.filters.rep, heard.filters.speaker, heard.filters.replies) == (
        ("Kofi Thornton",),
        (),
        False,
    )
    assert not heard.not_understood
    # ... and what the rep said to an objection is the objection with the rep's reply.
    answered = plan("what objections on price did Morgan raise in nov")
    assert answered.filters.replies and answered.filters.rep == ("Morgan Larsen",)


def test_a_speaker_filter_reads_the_speakers_own_turns_of_either_side():
    p = plan("what did Kofi say about pricing")
    legacy = QueryPlan("passages", p.question, speakers=p.filters.speaker, text=p.question)
    context, params = plan_context(legacy)
    settings = Settings(database="DB")
    for template in ("ask/passages_keyword.sql", "ask/passages_semantic.sql"):
        sql = render(template, settings, emulator=False, **context)
        assert "LOWER(s.SPEAKER_NAME) IN (LOWER(%(speaker_0)s))" in sql and "AFFILIATION" not in sql
        assert params["speaker_0"] == "Kofi Thornton"
        customers, _ = plan_context(QueryPlan("passages", "what did customers say about pricing"))
        assert "s.SPEAKER_AFFILIATION = 'External'" in render(template, settings, emulator=False, **customers)


def test_risk_quotes_keep_the_moments_that_say_the_subject_words_asked_about():
    p = plan(
        "pull customer quotes raising security concerns about a SOC 2 report or InfoSec review last month"
    )
    assert p.kind == "quotes" and p.filters.risk_type == ("legal_security",)
    assert p.filters.quote_words == ("%soc%2%", "%infos%")  # "InfoSec", not "information"
    assert "saying soc 2… or infos…" in p.restated()
    sql, compiled = _rendered(p)
    assert "LOWER(r.QUOTE) LIKE %(quote_word_1)s" in sql and compiled.params["quote_word_0"] == "%soc%2%"
    # A risk type named by its kind alone keeps every flagged moment.
    for q in (
        "any churn threats last month? quotes",
        "what pricing objections came up",
        "security concerns?",
    ):
        assert plan(q).filters.quote_words == (), q


@pytest.mark.parametrize(
    ("question", "words"),
    [
        # (frozen and a freeze find each other)
        ("pull quotes where customers say their budget got cut or frozen", ("% cut%", "%freez%", "%froze%")),
        ("buget freezes - customers telling us spend is on hold", ("%freez%", "%froze%", "%on%hold%")),
        ("any customers saying budgets were slashed this quarter?", ("%slash%",)),
        ("what did customers say about their budget", ()),  # the type alone: every budget moment
    ],
)
def test_what_happened_to_the_money_narrows_budget_quotes_and_the_word_budget_alone_does_not(question, words):
    p = plan(question)
    assert (p.kind, p.filters.risk_type, p.filters.quote_words) == ("quotes", ("budget",), words)


def test_a_short_quote_word_starts_a_word():
    p = plan("where have customers said they might cancel, cut seats or not renew? exact words")
    assert "% cut%" in p.filters.quote_words  # not the "cut" inside "execute"


def test_how_a_rep_answered_objections_quotes_each_objection_with_the_reply():
    p = plan("How did Morgan respond when buyers pushed back on price?")
    assert p.kind == "quotes" and p.filters.replies and p.filters.risk_type == ("pricing_objection",)
    assert p.filters.rep == ("Morgan Larsen",) and p.filters.speaker == ()  # the rep's calls, both sides
    sql, _ = _rendered(p)
    assert "V_OBJECTION_RESPONSES" in sql and "REPLY_TEXT" in sql
    # What customers said is still their words; a reply exists for objections only.
    assert not plan("how are customers reacting to pricing").filters.replies
    assert not plan("how did Kofi handle the timeline slip").filters.replies
    with pytest.raises(PlanError):
        Filters(risk_type=("timeline_slip",), replies=True)


TEAMS = Catalog(
    reps=CATALOG.reps,
    accounts=CATALOG.accounts,
    teams=(("Priya Marchetti", ("Kofi Thornton", "Mei Kim")), ("Sam Ortiz", ("Morgan Larsen",))),
)


def test_a_managers_team_is_the_reps_who_report_to_them():
    p = plan_question("priya's team — any calls w/ bad tone last week?", today=TODAY, catalog=TEAMS)
    assert p.kind == "list_calls" and p.filters.rep == ("Kofi Thornton", "Mei Kim")
    assert p.filters.team == ("Priya Marchetti",) and p.filters.sentiment == "negative"
    assert "Priya Marchetti's team (2 reps)" in p.restated() and "Mei Kim" not in p.restated()
    # A rep's own name is still the rep, not a team; a team nobody reports to is no filter.
    assert plan_question("calls by Morgan last week", today=TODAY, catalog=TEAMS).filters.rep == (
        "Morgan Larsen",
    )
    assert plan_question("Kofi's calls last week", today=TODAY, catalog=TEAMS).filters.team == ()


def test_a_manager_who_introduces_themself_asks_about_their_own_team():
    p = plan_question(
        "I'm Priya - put my reps' talk ratio in a table for November", today=TODAY, catalog=TEAMS
    )
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "talk_ratio", "rep")
    assert p.filters.team == ("Priya Marchetti",) and p.filters.rep == ("Kofi Thornton", "Mei Kim")
    assert not any("priya" in n.lower() for n in p.not_understood)
    # A rep introducing themself keeps their own calls; "my team" from someone who manages nobody is no team.
    assert plan_question("i'm kofi - my calls last week", today=TODAY, catalog=TEAMS).filters.team == ()
    assert (
        plan_question("I'm Mei, how's my team doing on sentiment", today=TODAY, catalog=TEAMS).filters.team
        == ()
    )


def test_a_managers_csms_are_ranked_as_reps():
    p = plan_question("rank Sam's CSMs by churn-threat flags", today=TODAY, catalog=TEAMS)
    assert (p.kind, p.measure, p.group_by) == ("ranking", "risks", "rep")
    assert p.filters.rep == ("Morgan Larsen",) and p.filters.risk_type == ("churn_threat",)


@pytest.mark.parametrize(
    "question",
    [
        "priya here - negotiation calls from my reps last wk?",
        "which of my team's deals in negotiation are at risk? (priya)",
        "talk ratio for my reps this qtr? - priya",
    ],
)
def test_a_manager_signing_the_question_asks_about_their_own_team(question):
    p = plan_question(question, today=TODAY, catalog=TEAMS)
    assert p.filters.team == ("Priya Marchetti",) and p.filters.rep == ("Kofi Thornton", "Mei Kim")
    assert not any("priya" in n.lower() for n in p.not_understood)
    # A name at the end that manages nobody is no signature.
    assert plan_question(question.replace("priya", "kofi"), today=TODAY, catalog=TEAMS).filters.team == ()


TITLED = Catalog(
    reps=CATALOG.reps,
    accounts=CATALOG.accounts,
    titles=(
        ("Claire Hayes", "Senior Customer Success Manager"),
        ("Kofi Thornton", "Account Executive"),
        ("Mei Kim", "Customer Success Manager"),
        ("Morgan Larsen", "Manager, Customer Success"),
    ),
)


def test_a_group_named_by_its_role_is_the_users_holding_it():
    p = plan_question("average sentiment on each CSM's calls in November", today=TODAY, catalog=TITLED)
    assert (p.measure, p.group_by) == ("avg_sentiment", "rep")
    assert p.filters.rep == ("Claire Hayes", "Mei Kim") and p.not_understood == ()
    # One person describing themself is no filter.
    assert (
        plan_question("as a CSM, how many calls did we log in Nov?", today=TODAY, catalog=TITLED).filters.rep
        == ()
    )


def test_a_superlative_before_one_of_a_kind_is_the_top_one_and_a_swapped_letter_is_read():
    p = plan("busiest rep past 10 dyas?")
    assert (p.kind, p.group_by, p.top_n) == ("ranking", "rep", 1)
    assert (p.filters.start, p.filters.end) == (date(2026, 11, 23), date(2026, 12, 4))
    assert plan("busiest reps past 10 days").top_n is None


def test_a_kind_of_deal_named_as_the_deals_asked_about_keeps_the_risk_bar():
    deals = Catalog(
        accounts=("Polaris Labs", "Orchard Logistics"),
        opportunities=(
            "Polaris Labs - Deal Desk Renewal",
            "Polaris Labs - Coaching Studio Expansion",
            "Orchard Logistics - Deal Desk Renewal",
        ),
    )
    p = plan_question("which renewals are at risk right now?", today=TODAY, catalog=deals)
    assert p.kind == "deals_at_risk" and p.filters.deal_type == ("renewal",)
    assert p.filters.opportunity == (
        "Polaris Labs - Deal Desk Renewal",
        "Orchard Logistics - Deal Desk Renewal",
    )
    assert "renewal deals (2 opportunities)" in p.restated()
    assert compile_plan(p).params["min_score"] > 0  # a kind of deal is no named deal: the bar stays
    # What customers said about renewing is no kind of deal.
    said = plan_question("which customers said they might not renew? quotes pls", today=TODAY, catalog=deals)
    assert said.filters.deal_type == ()


def test_deal_owners_are_reps_and_a_stage_joined_to_a_word_is_no_account():
    p = plan("Proposal-stage pipeline by deal owner, total $")
    assert (p.measure, p.group_by, p.filters.stage, p.filters.account) == ("amount", "rep", ("Proposal",), ())
    assert not any("account matches" in n for n in p.not_understood)


@pytest.mark.parametrize(
    ("question", "measure", "group_by", "top_n"),
    [
        ("biggest 5 open deals", "amount", "opportunity", 5),
        ("the largest opps in negotiation", "amount", "opportunity", None),
        ("5 accounts w/ the worst mood in Q4", "avg_sentiment", "account", 5),
        ("three reps with the most calls", "calls", "rep", 3),
    ],
)
def test_ranked_groups_named_before_their_measure(question, measure, group_by, top_n):
    p = plan(question)
    assert (p.kind, p.measure, p.group_by, p.top_n) == ("ranking", measure, group_by, top_n)


def test_a_possessive_full_name_nobody_holds_is_an_unknown_rep():
    p = plan("list Jordan Blake's calls from last week")
    assert p.kind == "list_calls" and p.filters.rep == ("Jordan Blake",)
    assert any(n.startswith("no rep matches 'Jordan Blake'") for n in p.not_understood)
    # Known names and time words in the same shape are not unknown reps.
    assert plan("Mei Kim's calls last week").filters.rep == ("Mei Kim",)
    assert plan("Orchard Logistics's calls").filters.account == ("Orchard Logistics",)
    assert plan("Last Week's calls").filters.rep == ()


def test_deals_named_by_stage_with_a_falling_trend_are_a_deal_list():
    p = plan("negotiation deals w/ competitors in play and sentiment trending down")
    assert p.kind == "deals_at_risk" and p.filters.stage == ("Negotiation",)
    assert p.filters.risk_type == ("competitor",) and p.filters.sentiment_trend == "falling"


@pytest.mark.parametrize(
    "question",
    [
        "any pushback on the timeline from buyers this quarter?",
        "which customers are pushing their go-live date out",
        "quotes from accounts that pushed the date back",
    ],
)
def test_pushback_on_dates_is_a_timeline_slip_not_a_price_objection(question):
    p = plan(question)
    assert p.kind == "quotes" and p.filters.risk_type == ("timeline_slip",)


def test_a_brief_of_a_meeting_at_an_unknown_account_is_none_not_another_accounts_call():
    p = plan("tl;dr of the Globex kickoff on tuesday")
    assert (
        p.kind == "call_brief" and p.filters.account == ("Globex",) and p.filters.title_words == ("kickoff",)
    )
    assert p.not_understood[0].startswith("no account matches 'Globex' — closest: ")
    # Lower-case words naming a call by its title stay title words.
    p = plan("recap the onsite workshop")
    assert (
        p.filters.account == () and p.filters.title_words == ("onsite", "workshop") and not p.not_understood
    )


def test_unknown_account_is_reported_with_the_closest_names_not_dropped():
    p = plan("calls with Acme")
    # Kept as typed, so the answer is honestly "none", and named with the nearest stored accounts.
    assert p.filters.account == ("Acme",)
    assert len(p.not_understood) == 1 and p.not_understood[0].startswith(
        "no account matches 'Acme' — closest: "
    )


def test_time_words_beyond_a_fixed_list():
    assert plan("calls last week").filters.start == date(2026, 11, 23)
    assert parse_window("calls in the past two weeks", TODAY).start == date(2026, 11, 19)
    w = parse_window("calls this wk", TODAY)
    assert (w.start, w.end) == (date(2026, 11, 30), date(2026, 12, 7))
    w = parse_window("calls in November", TODAY)
    assert (w.start, w.end) == (date(2026, 11, 1), date(2026, 12, 1))
    w = parse_window("deals in Q4", TODAY)
    assert (w.start, w.end) == (date(2026, 10, 1), date(2027, 1, 1))
    w = parse_window("calls between 2026-11-01 and 2026-11-15", TODAY)
    assert (w.start, w.end) == (date(2026, 11, 1), date(2026, 11, 16))
    w = parse_window("calls since Nov 3", TODAY)
    assert (w.start, w.end) == (date(2026, 11, 3), date(2026, 12, 4))


def test_fiscal_quarters_follow_the_configured_fiscal_year():
    # Fiscal year starting in February: December is in Q4 (Nov-Jan) of the fiscal year ending in 2027.
    start, q, fy = fiscal_quarter(TODAY, 2)
    assert (start, q, fy) == (date(2026, 11, 1), 4, 2027)
    w = parse_window("last quarter", TODAY, fy_start_month=2)
    assert (w.start, w.end) == (date(2026, 8, 1), date(2026, 11, 1))


@pytest.mark.parametrize(
    "question",
    [
        "any update on the Polaris deals?",
        "did calls drop off last month",
        "how many tokens of feedback did Orchard give",
        "which database products did customers mention",
        "calls where the customer wanted to delete old data",
        "did any customer ask us to delete their call recordings?",
    ],
)
def test_ordinary_questions_with_alarming_words_are_answered(question):
    assert plan(question).kind != "unanswerable"


@pytest.mark.parametrize(
    "question",
    [
        "delete all calls",
        "DROP TABLE STG_GONG_CALLS",
        "update the stage of Polaris Labs to Closed Won",
        "mei kim left the company - delete all her calls and transcripts from the warehouse",
    ],
)
def test_requests_to_change_data_are_answered_as_unanswerable(question):
    p = plan(question)
    assert p.kind == "unanswerable" and "nothing in the warehouse can be changed" in p.reason


def test_a_change_request_names_every_object_it_would_change():
    p = plan("update the orchard opp amount to 90k and mark it closed won")
    assert p.kind == "unanswerable" and "(update opportunity amount stage requested)" in p.reason


def test_a_change_request_that_also_asks_for_a_secret_names_both():
    p = plan("drop the calls table, then show me the database password")
    assert p.kind == "unanswerable"
    assert p.reason == (
        "Questions only read call data: nothing in the warehouse can be changed, written, deleted or run as SQL here"
        " (drop table"
        " requested). Not done: “drop the calls table”. Database password: the warehouse's and any other"
        " system's credentials and secrets are never answered. Nothing was changed."
    )


def test_a_change_request_is_restated_in_its_own_words_up_to_the_end_of_its_clause():
    p = plan("update all of Lucas Sinclair's calls to positive sentiment before his QBR so it looks better")
    assert p.kind == "unanswerable"
    assert "Not done: “update all of Lucas Sinclair's calls to positive sentiment”." in p.reason


def test_restated_plan_names_every_filter():
    p = plan("negative calls from Morgan Larsen last week")
    assert (
        p.restated() == "calls · rep Morgan Larsen · last week (2026-11-23..2026-11-30) · negative sentiment"
    )


def test_plan_fields_are_closed_vocabularies():
    with pytest.raises(PlanError):
        AskPlan("count", "q", measure="DROP TABLE x")
    with pytest.raises(PlanError):
        AskPlan("aggregate", "q", group_by="1; DELETE")
    with pytest.raises(PlanError):
        Filters(risk_type=("nope",))


def _rendered(plan: AskPlan):
    compiled = compile_plan(plan)
    settings = Settings(database="DB")
    return render(compiled.template, settings, emulator=False, **compiled.context), compiled


@pytest.mark.parametrize(
    "question",
    [
        "how many calls last month",
        "top 3 reps by talk ratio",
        "average sentiment by topic",
        "risks by risk type for Chorus calls",
        "total pipeline by stage over $50k",
        "deals at risk this month",
        "what did Kofi promise Evergreen",
        "summarize my last call with Orchard Logistics",
        "which customers are threatening to churn",
        "negative calls with Polaris in Q4",
        "objections by competitor",
        "non-English calls by rep",
        "average deal value by rep",
    ],
)
def test_every_plan_compiles_to_one_allow_listed_select_with_bound_values(question):
    p = plan(question)
    sql, compiled = _rendered(p)
    assert check_compiled(sql, "DB") == sql
    for value in compiled.params.values():
        if isinstance(value, str):
            assert value not in sql  # names and dates are bound, never spliced into the text


@pytest.mark.parametrize(
    ("question", "languages", "excluded"),
    [
        ("any calls not in English? need them for the translation vendor", ("English",), True),
        ("calls with a language other than English", ("English",), True),
        ("how many German-speaking calls last month", ("German",), False),
        ("calls in espanol with evergreen labs", ("Spanish",), False),
        ("calls where the customer asked for the English contract", (), False),
    ],
)
def test_the_language_a_call_was_held_in_is_a_filter(question, languages, excluded):
    p = plan(question)
    assert (p.filters.language, p.filters.other_language) == (languages, excluded)
    if languages:  # the language words were used (the reason, "translation vendor", is named as not used)
        words = ("english", "german", "espanol", "language", "speaking")
        assert not any(w in part.lower() for part in p.not_understood for w in words)


def test_a_language_filter_binds_the_stored_codes():
    sql, compiled = _rendered(plan("German or French calls last month"))
    assert "LANGUAGE) IN (" in sql and "NOT IN" not in sql
    assert sorted(v for k, v in compiled.params.items() if k.startswith("language_")) == [
        "deu",
        "fra",
        "fre",
        "ger",
    ]
    sql, compiled = _rendered(plan("non-English calls"))
    assert "LANGUAGE) NOT IN (" in sql and compiled.params["language_0"] == "eng"


def test_hostile_text_only_ever_becomes_a_bound_value():
    hostile = "x') OR 1=1; DROP TABLE STG_GONG_CALLS; --"
    p = AskPlan("list_calls", hostile, filters=Filters(account=(hostile,)))
    sql, compiled = _rendered(p)
    assert "DROP" not in sql and compiled.params["account_0"] == hostile
    check_compiled(sql, "DB")


def test_check_compiled_refuses_other_relations_and_statements():
    with pytest.raises(UnsafeQuery):
        check_compiled("SELECT * FROM DB.PIPELINE_MONITOR.RUN_STEPS", "DB")
    with pytest.raises(UnsafeQuery):
        check_compiled("SELECT 1; DELETE FROM DB.STG_TRANSFORMED.STG_GONG_CALLS", "DB")
    with pytest.raises(UnsafeQuery):
        check_compiled("SELECT * FROM OTHER.STG_TRANSFORMED.STG_GONG_CALLS", "DB")


def test_shorthand_and_a_slip_in_each_word_of_a_name_are_read():
    p = plan("open negotiation pipe $ by AE")
    assert (p.kind, p.measure, p.group_by, p.filters.stage) == (
        "aggregate",
        "amount",
        "rep",
        ("Negotiation",),
    )
    assert not p.not_understood
    assert plan("how many calls did Morgen Larson run last month").filters.rep == ("Morgan Larsen",)
    # A slip in a word of three letters is another name, not a typo: it is named as matching no one.
    assert any("no rep matches 'Mei Kin'" in n for n in plan("calls with Mei Kin").not_understood)


def test_a_comparison_answers_one_value_per_thing_compared():
    p = plan("claire vs kofi - whose avg talk ratio is higher this qtr?")
    assert (p.kind, p.measure, p.group_by) == ("aggregate", "talk_ratio", "rep")
    assert p.filters.rep == ("Claire Hayes", "Kofi Thornton") and not p.not_understood
    months = plan("avg sentiment oct vs nov?")
    assert months.group_by == "month"
    assert (months.filters.start, months.filters.end) == (date(2026, 10, 1), date(2026, 12, 1))


def test_a_topic_typed_by_its_own_name_is_the_topic_not_a_risk():
    p = plan("list november's Legal & Procurement calls")
    assert p.filters.topic == ("Legal & Procurement",) and p.filters.risk_type == ()
    assert plan("calls with legal concerns in november").filters.risk_type == ("legal_security",)


def test_passages_are_searched_by_their_subject_not_by_the_rep_or_period_that_filter_them():
    p = plan("what did Morgan's customers say about pricing last week")
    assert p.filters.rep == ("Morgan Larsen",) and p.filters.start is not None
    assert p.search_text == "what did customers say about pricing"
    # An account's name stays: its calls say it.
    assert plan("what did Orchard Logistics say about pricing").search_text == (
        "what did Orchard Logistics say about pricing"
    )
    assert plan("Kofi").search_text == "Kofi"  # nothing else left: the question itself


@pytest.mark.parametrize(
    "question",
    [
        "calls per rep in November, drop the CSMs",
        "calls by rep excluding CSMs",
        "talk ratio per rep for 2026-10-01 → 2026-11-30, CSMs excluded",
    ],
)
def test_a_role_left_out_is_every_rep_but_its_holders(question):
    p = plan_question(question, today=TODAY, catalog=TITLED)
    assert p.filters.rep == () and p.filters.not_rep == ("Claire Hayes", "Mei Kim")
    assert p.not_understood == ()


def test_the_askers_audience_is_no_role_filter():
    p = plan_question(
        "I want my CSMs to learn from good calls - which 3 calls had the best sentiment?",
        today=TODAY,
        catalog=TITLED,
    )
    assert p.filters.rep == ()


def test_the_worst_deals_at_risk_are_the_riskiest():
    p = plan_question("three worst at-risk deals above $150k", today=TODAY, catalog=CATALOG)
    assert (p.kind, p.top_n, p.filters.min_amount) == ("deals_at_risk", 3, 150000)

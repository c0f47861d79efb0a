"""Nothing is dropped silently: a part of the question the plan did not use is listed in ``not_understood``.

Each case adds to a question the rules read in full a clause they do not read (an exception, a negation, a
comparison) and checks the plan either reads it or names its words; the point is the family of clause.
"""

import pytest

from include.gong_intel.ask.accounting import MEANING_WORDS, Coverage, Readings
from include.gong_intel.ask.rules import _COMPETITOR_IN_PLAY, _FILLER
from include.gong_intel.ask.semantic import AskPlan, Filters
from tests.unit.ask.test_phrasings import plan


def unused(question: str) -> str:
    return " ".join(plan(question).not_understood)


@pytest.mark.parametrize(
    "question",
    [
        "negative calls last week",
        "how many calls did kofi have last month",
        "calls with Orchard Logistics",
        "avg sentiment by rep last month",
        "top 5 reps by talk ratio",
    ],
)
def test_the_base_questions_are_read_in_full(question):
    assert plan(question).not_understood == ()


@pytest.mark.parametrize(
    ("question", "clause", "words"),
    [
        ("calls with Orchard Logistics", " that never mentioned pricing", ["never"]),
        ("calls with Orchard Logistics", " for more than 5 calls", ["more", "than"]),
        ("calls with Orchard Logistics", " vs the benchmark", ["vs", "benchmark"]),
        ("avg sentiment by rep last month", " versus polaris media", ["versus"]),
        ("negative calls last week", " by the way", ["by", "way"]),
        ("calls with Orchard Logistics", " after the demo", ["after"]),
        ("calls with Orchard Logistics", " during the lunch break", ["during", "lunch", "break"]),
    ],
)
def test_a_clause_the_rules_do_not_read_is_named(question, clause, words):
    text = unused(question + clause)
    assert all(f"'{w}'" in text for w in words), text


def test_a_name_the_question_leaves_out_is_read_in_full():
    assert plan("negative calls last week except Orchard Logistics").not_understood == ()


def test_a_clause_the_rules_do_read_changes_the_plan_instead():
    p = plan("how many calls did kofi have last month per week")
    assert (p.kind, p.group_by, p.not_understood) == ("aggregate", "week", ())
    p = plan("calls with Morgan vs Kofi")
    assert p.filters.rep == ("Morgan Larsen", "Kofi Thornton") and p.not_understood == ()
    p = plan("calls with Orchard Logistics since oct 20")
    assert p.filters.start is not None and p.not_understood == ()
    p = plan("calls with morgan excluding internal calls")
    # The calls with a customer on them: "excluding" is read with "internal".
    assert p.filters.scope == "External" and "'excluding'" not in " ".join(p.not_understood)


def test_meaning_words_are_never_filler():
    # The filler list holds words such as "by", "per", "only", "over": they count only when a rule used them.
    assert {"by", "per", "each", "only", "over", "than", "vs"} <= MEANING_WORDS & _FILLER
    assert unused("negative calls only") == ""  # "only" restricts a word the plan used
    assert "'only'" in unused("calls with kofi only for the wrong reasons")


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("calls on deals over 200k", "min_amount", 200_000),
        ("calls under 10 minutes", "max_minutes", 10),
        ("calls at least 30 min long", "min_minutes", 30),
        ("calls with negative sentiment", "sentiment", "negative"),
    ],
)
def test_comparison_words_a_rule_turned_into_a_filter_are_used(question, field, value):
    p = plan(question)
    assert getattr(p.filters, field) == value and p.not_understood == ()


def test_a_comparison_that_set_nothing_is_named_next_to_one_that_did():
    p = plan("list calls on deals over 200k for more than 5 calls")
    assert p.filters.min_amount == 200_000
    assert "words not used: 'more', 'than'" in p.not_understood


def test_a_corrected_typo_the_plan_then_did_not_use_is_named_as_typed():
    assert (
        "words not used: 'transcipt' (read as 'transcript')"
        in plan("kofi's calls with a transcipt").not_understood
    )
    # A corrected word the plan did use is not listed.
    p = plan("objectons by rep")
    assert (p.measure, p.group_by, p.not_understood) == ("objections", "rep", ())


def test_a_phrase_rule_uses_only_the_words_it_spells_out():
    # "the 3 calls with the most X" sets N; it did not read X.
    p = plan("the 3 calls with the most bananas")
    assert p.top_n == 3 and "words not used: 'bananas'" in p.not_understood


@pytest.mark.parametrize(
    "question",
    [
        "top 3 reps by average talk ratio",  # "average" read as an aggregate, though "top 3" made it a ranking
        "rank the reps by calls this quarter",
        "who's struggling on sentiment",
        "which 3 reps are doing worst on sentiment",
        "split of calls by stage",
        "average deal size by rep",
        "deals between 50k and 100k",
        "how many calls had competitor mentions",
        "open deals with competitors in play",
        "oldest calls about pricing",
        "longest calls last month",
        "what did Orchard Logistics promise on the last call",
    ],
)
def test_the_words_a_rule_read_as_it_shaped_the_plan_are_used(question):
    assert plan(question).not_understood == ()


def test_the_words_a_rule_read_are_named_when_the_plan_went_another_way():
    # Order words order a list of calls; quotes are not one.
    p = plan("what did customers say about pricing, oldest first")
    assert p.order == "newest" and "words not used: 'oldest', 'first'" in p.not_understood
    # A competitor "in play" is a risk of open deals; quotes do not filter on it.
    p = plan("customer quotes where competitors are in play")
    assert p.filters.risk_type == () and "words not used: 'competitors', 'play'" in p.not_understood
    # Reps ranked by their number of negative calls: "doing badly" did not rank them by how they are doing.
    p = plan("which reps are doing badly")
    assert (p.kind, p.measure) == ("ranking", "calls") and "words not used: 'doing'" in p.not_understood


def test_a_reading_counts_its_spelled_out_words_when_the_plan_kept_what_it_decided():
    question = "deals where competitors are really in play"
    readings = Readings()
    assert readings.search(_COMPETITOR_IN_PLAY, question, lambda p: bool(p.filters.risk_type))

    def covered(plan_: AskPlan) -> list[str]:
        coverage = Coverage(question)
        coverage.add_readings(readings, plan_)
        return [w for w in question.split() if coverage.is_covered(i := question.index(w), i + len(w))]

    kept = AskPlan("deals_at_risk", question, filters=Filters(risk_type=("competitor",)))
    # "are really" was skipped by the pattern's ".{0,20}": not read, so not used.
    assert covered(kept) == ["competitors", "in", "play"]
    assert covered(AskPlan("deals_at_risk", question)) == []


def test_a_superlative_counts_only_when_the_plan_ranks_by_it():
    assert unused("longest 3 calls this month") == ""
    p = plan("longest 3 calls this month only for the top reps")
    assert (p.group_by, p.measure) == ("rep", "calls") and "'longest'" in unused(p.question)


def test_a_name_the_plan_did_not_keep_is_named():
    # "proposal" is a stage only when used as one; here it is not, so the word is left over.
    p = plan("how did orchard react to the proposal")
    assert p.filters.stage == () and "'proposal'" in " ".join(p.not_understood)
    # A name never swallows the comparison after it.
    p = plan("calls with Orchard Logistics vs the benchmark")
    assert (
        p.filters.account == ("Orchard Logistics",)
        and "words not used: 'vs', 'benchmark'" in p.not_understood
    )


def test_a_default_kind_lists_the_content_words_no_rule_used():
    p = plan("show me calls where the buyer was confused")
    assert p.kind == "list_calls" and "words not used: 'buyer', 'confused'" in p.not_understood


def test_a_subject_no_topic_names_is_named_for_quotes_too():
    p = plan("what do buyers say about snowflake sharing except Acme")
    assert p.filters.topic == ("snowflake sharing",)
    assert "no topic matches 'snowflake sharing'" in p.not_understood
    assert "words not used: 'except', 'acme'" in p.not_understood


def test_a_hyphenated_word_is_read_when_each_part_is():
    p = plan("Proposal-stage deals worth more than $100k")
    assert p.filters.stage == ("Proposal",) and p.not_understood == ()
    assert "words not used: 'wibble-wobble'" in plan("Proposal-stage wibble-wobble calls").not_understood


def test_inclusive_is_read_with_the_window_it_qualifies():
    p = plan("calls from 2026-10-05 through 2026-10-19 inclusive")
    assert (str(p.filters.start), str(p.filters.end), p.not_understood) == ("2026-10-05", "2026-10-20", ())
    assert "words not used: 'inclusive'" in plan("calls with Orchard Logistics, inclusive").not_understood

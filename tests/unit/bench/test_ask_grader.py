"""The Ask benchmark's grading helpers: naming what an answer cannot answer (bench.ask.names_part), comparing
group keys (bench.ask._norm), and paraphrases graded by their source question's labels, and top-N answers with ties at the cut."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bench.ask import (
    _norm,
    applies_exclusion,
    check_answer,
    expand_paraphrases,
    names_part,
    summarize,
    top_with_ties,
    untied,
)


@pytest.mark.parametrize(
    ("part", "text", "named"),
    [
        ("Acme", "no account matches 'acme' - closest: acme logistics", True),
        ("Acme", "20 calls · last week", False),
        ("quota attainment", "this cannot be answered from call data: quota is not in the data.", False),
        ("forecast of Q1 2027 bookings", "a revenue forecast is not in the data · q1 (2027-01-01..)", True),
        (
            "database password",
            "nothing can be changed, deleted or run as sql here (drop table requested).",
            False,
        ),
        (
            "update sentiment scores",
            "nothing can be changed (update sentiment, delete calls requested).",
            True,
        ),
        ("seat count / contract terms", "words not used: 'seats', 'contract'", False),
        ("seat count / contract terms", "count of calls · words not used: 'seats', 'contract'", True),
        ("win rate forecast", "the win rate is 40 %", False),
        ("brett (no user, rep or speaker of that name)", "no rep matches 'brett' - closest: bret hale", True),
        (
            "brett (no user, rep or speaker of that name)",
            "average sentiment by rep: kofi thornton +0.12",
            False,
        ),
    ],
)
def test_a_part_is_named_as_written_or_by_most_of_its_words(part, text, named):
    assert names_part(part, text) is named


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2026-11-02 00:00:00", "2026-11-02"),
        ("2026-11-02", "2026-11-02"),
        ("2026-11-02 09:30:00", "2026-11-02 09:30:00"),
        ("Claire Hayes ", "claire hayes"),
    ],
)
def test_a_midnight_timestamp_text_is_its_day(value, key):
    assert _norm(value) == key


@pytest.mark.parametrize(
    ("value", "key"),
    [("Q3 2026", "2026-07-01"), ("q4 2026", "2026-10-01"), ("Q1 2027", "2027-01-01"), ("Q5 2026", "q5 2026")],
)
def test_a_quarter_label_is_the_quarter_first_day(value, key):
    assert _norm(value) == key


DEV = {
    "id": "q001",
    "split": "dev",
    "question": "show me last week's calls",
    "kind": "list_calls",
    "traits": [],
}
TEST = {"id": "q002", "split": "test", "question": "list morgan's calls", "kind": "list_calls", "traits": []}


def test_a_paraphrase_takes_its_dev_source_labels_in_a_split_of_its_own():
    [p] = expand_paraphrases(
        [{"id": "q001-p1", "source": "q001", "question": "calls from last wk?", "style": "terse"}],
        [DEV, TEST],
    )
    assert p["question"] == "calls from last wk?"
    assert (p["split"], p["kind"], p["source"]) == ("paraphrase", "list_calls", "q001")
    assert p["traits"] == ["style:terse"]


def test_a_paraphrase_of_a_held_out_question_is_refused():
    with pytest.raises(SystemExit, match="q002"):
        expand_paraphrases(
            [{"id": "q002-p1", "source": "q002", "question": "x", "style": "terse"}], [DEV, TEST]
        )


def _result(id_, split, ok, source=None):
    return {
        "id": id_,
        "split": split,
        "answer_ok": ok,
        "plan_ok": ok,
        "plan_fields": {"kind": ok},
        "says_what_it_left_out": ok,
        "source": source,
    }


def test_robustness_counts_only_paraphrases_of_rightly_answered_sources():
    summary = summarize(
        [
            _result("q001", "dev", True),
            _result("q003", "dev", False),
            _result("q001-p1", "paraphrase", True, "q001"),
            _result("q001-p2", "paraphrase", False, "q001"),
            _result("q003-p1", "paraphrase", True, "q003"),
        ]
    )
    assert summary["paraphrase_robustness"] == {"paraphrases_of_right_answers": 2, "answered_right": 1}
    assert summary["splits"]["paraphrase"]["questions"] == 3


def _table_answer(*rows: tuple[str, float]):
    table = SimpleNamespace(group_by="account", rows=[(g, v, 1) for g, v in rows])
    return SimpleNamespace(headline="", restated="", not_understood=(), notes=(), table=table)


RANKED = [("Acme", 9), ("Birch", 7), ("Cobalt", 5), ("Delta", 5), ("Elm", 2)]
TOP_3 = {"id": "q1", "kind": "ranking", "answer_check": "rows", "top_n": 3}


def test_a_top_n_question_keeps_its_limit_only_for_the_tie_check():
    assert untied("SELECT a, n FROM t ORDER BY 2 DESC LIMIT 3", 3) == "SELECT a, n FROM t ORDER BY 2 DESC"
    assert untied("SELECT a, n FROM t ORDER BY 2 DESC LIMIT 20", 3) is None
    assert untied("SELECT a, n FROM t ORDER BY 2 DESC", 3) is None


@pytest.mark.parametrize(
    ("shown", "right"),
    [
        ([("Acme", 9), ("Birch", 7), ("Cobalt", 5)], True),  # either tied row at the cut
        ([("Acme", 9), ("Birch", 7), ("Delta", 5)], True),
        ([("Acme", 9), ("Birch", 7), ("Cobalt", 5), ("Delta", 5)], True),  # both
        ([("Acme", 9), ("Cobalt", 5), ("Delta", 5)], False),  # a row above the cut missing
        ([("Acme", 9), ("Birch", 7)], False),  # fewer than N
        ([("Acme", 9), ("Birch", 7), ("Elm", 2)], False),  # a row below the cut
        ([("Acme", 9), ("Birch", 6), ("Cobalt", 5)], False),  # a wrong value
    ],
)
def test_a_top_n_answer_is_right_with_any_of_the_rows_tied_at_the_cut(shown, right):
    ok, _ = check_answer(TOP_3, _table_answer(*shown), RANKED, ties_at=3)
    assert ok is right
    assert top_with_ties(RANKED, 3) == ({"acme", "birch"}, {"cobalt", "delta"})


def test_an_exclusion_the_labels_cannot_hold_counts_as_named_when_the_answer_applies_it():
    part = "other than driftwood (an exclusion has no filter key)"
    applied = SimpleNamespace(filters=SimpleNamespace(not_account=("Driftwood Logistics Ltd",), not_rep=()))
    ignored = SimpleNamespace(filters=SimpleNamespace(not_account=(), not_rep=()))
    other = SimpleNamespace(filters=SimpleNamespace(not_account=("Orchard Logistics",), not_rep=()))
    assert applies_exclusion(part, applied)
    assert not applies_exclusion(part, ignored) and not applies_exclusion(part, other)
    assert not applies_exclusion("Acme", applied)  # no exclusion asked


def test_a_kind_of_deal_left_out_counts_as_the_exclusion_applied():
    part = "not counting renewals (no filter key leaves a kind of deal out)"
    applied = SimpleNamespace(filters=SimpleNamespace(not_account=(), not_rep=(), not_deal_type=("renewal",)))
    other = SimpleNamespace(filters=SimpleNamespace(not_account=(), not_rep=(), not_deal_type=("expansion",)))
    assert applies_exclusion(part, applied)
    assert not applies_exclusion(part, other)

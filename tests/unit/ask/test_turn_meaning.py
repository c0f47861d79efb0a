"""Quote candidates read by their own meaning when no reranker is configured (ask.search.by_turn_meaning)."""

from __future__ import annotations

import numpy as np

from include.gong_intel.ask.search import by_turn_meaning


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    return v / np.linalg.norm(v)


QUERY = _unit(1.0, 0.0, 0.0)


def test_a_turn_far_from_the_question_is_not_quoted_although_its_passage_was_close():
    # "t-pricing" speaks to the question; "t-filler" ("Let me think about that.") sat in the same close passage.
    order = ["t-filler", "t-pricing", "t-middle"]
    vectors = [_unit(0.0, 1.0, 0.2), _unit(0.9, 0.1, 0.0), _unit(0.5, 0.5, 0.5)]
    kept = by_turn_meaning(vectors, QUERY, order, {}, min_similarity=0.3, min_relative=0.0)
    assert list(kept) == ["t-pricing", "t-middle"]
    assert kept["t-pricing"] == float(vectors[1] @ QUERY) > kept["t-middle"] >= 0.3


def test_keyword_evidence_lifts_a_turn_among_those_close_enough():
    vectors = [_unit(0.95, 0.05, 0.0), _unit(0.7, 0.7, 0.0)]
    order = ["t-close", "t-named"]
    assert list(by_turn_meaning(vectors, QUERY, order, {}, 0.3, min_relative=0.0)) == ["t-close", "t-named"]
    # Keyword evidence for the second turn: second by meaning, first by words, so it leads the fused order.
    fused = by_turn_meaning(vectors, QUERY, order, {"t-named": 2}, 0.3, min_relative=0.0)
    assert list(fused) == ["t-named", "t-close"]
    # Words alone never bring back a turn below the floor.
    far = [_unit(0.1, 1.0, 0.0)]
    assert by_turn_meaning(far, QUERY, ["t-far"], {"t-far": 3}, 0.3) == {}


def test_turns_far_below_the_closest_one_are_not_quoted_even_with_the_question_s_words():
    # "needs your SOC 2 report" meets the question closely; "better reporting on ramp time" shares a word.
    order = ["t-soc2", "t-soc2-again", "t-reporting"]
    vectors = [_unit(0.95, 0.3, 0.0), _unit(0.9, 0.4, 0.1), _unit(0.45, 0.0, 0.9)]
    cosines = [float(v @ QUERY) for v in vectors]
    assert cosines[2] > 0.3  # above the absolute floor: only the relative one leaves it out
    kept = by_turn_meaning(vectors, QUERY, order, {"t-reporting": 2}, 0.3, min_relative=0.8)
    assert list(kept) == ["t-soc2", "t-soc2-again"]
    # When every candidate is equally remote, the closest ones are still the answer.
    assert list(by_turn_meaning(vectors[2:], QUERY, order[2:], {}, 0.3, min_relative=0.8)) == ["t-reporting"]


def test_no_candidates_no_quotes():
    assert by_turn_meaning(np.zeros((0, 3)), QUERY, [], {}, 0.3) == {}


def test_only_a_bare_taxonomy_topic_keeps_every_turn_above_the_floor():
    from types import SimpleNamespace

    from include.gong_intel.ask.search import TOPIC_BY_NAME, names_more_than_its_topic

    pricing, security = TOPIC_BY_NAME["pricing"], TOPIC_BY_NAME["security"]
    # The topic's own words: many turns at a spread of cosines all answer it.
    assert not names_more_than_its_topic(
        SimpleNamespace(text="What are customers saying about pricing?"), pricing
    )
    assert not names_more_than_its_topic(
        SimpleNamespace(text="what do prospects think of our price"), pricing
    )
    # Something named besides the topic, or no topic at all: only turns close to the closest one are quoted.
    soc2 = SimpleNamespace(text="anyone asking for our SOC 2 report? what'd they say")
    assert names_more_than_its_topic(soc2, security)
    assert names_more_than_its_topic(SimpleNamespace(text="does it work on mobile"), None)


def test_a_subject_word_no_quoted_turn_uses_is_reported_unmentioned():
    from include.gong_intel.ask.search import unmentioned_words

    turns = ["Is there an API if we want to pull this into a dashboard?", "Who can see our call recording?"]
    assert unmentioned_words("API tokens", turns) == ["tokens"]
    # Words are compared by their first five letters, so another form of the word counts as said.
    assert unmentioned_words("call recordings", turns) == []
    assert unmentioned_words("the Tableau export", turns) == ["tableau", "export"]


def test_quotes_about_an_unknown_subject_that_no_turn_mentions_say_nothing_matches():
    from datetime import UTC, datetime

    from include.gong_intel.ask.engine import _unless_subject_unmentioned
    from include.gong_intel.ask.records import Answer, Citation, Passage, ThemeGroup
    from include.gong_intel.ask.render import render_text
    from include.gong_intel.ask.semantic import AskPlan, Filters

    def answer(plan: AskPlan, *quotes: str) -> Answer:
        passages = tuple(
            Passage(
                f"t{i}",
                Citation("c1", "Acme: Roadmap", datetime(2026, 11, 2, tzinfo=UTC), "https://x", quote=q),
                "Acme",
                "Related passages",
                1.0,
            )
            for i, q in enumerate(quotes)
        )
        themes = (ThemeGroup("Related", passages),)
        return Answer(plan.question, plan, "2 passages", False, themes=themes, synthesis="An API [1].")

    quotes = ("Is there an API for our dashboard?", "How does renewal pricing work?")
    unknown = AskPlan(
        "quotes", "what did customers say about API tokens", filters=Filters(topic=("API tokens",))
    )
    said = _unless_subject_unmentioned(unknown, answer(unknown, *quotes))
    assert said.empty and not said.themes and said.synthesis is None
    assert said.headline == "No customer passage mentions 'API tokens' (no turn says tokens)."
    assert 'Note: closest turn, about something else: "Is there an API for our dashboard?"' in render_text(
        said
    )
    # A taxonomy topic is matched by meaning, and an unknown subject the turns do use is kept as found.
    pricing = AskPlan(
        "quotes", "what are customers saying about pricing", filters=Filters(topic=("Pricing",))
    )
    assert not _unless_subject_unmentioned(pricing, answer(pricing, *quotes)).empty
    api = AskPlan("quotes", "what did customers say about the API", filters=Filters(topic=("the API",)))
    assert not _unless_subject_unmentioned(api, answer(api, *quotes)).empty


def _subject_plan(text: str, accounts: tuple[str, ...] = ()):
    from include.gong_intel.ask.records import QueryPlan

    return QueryPlan(intent="passages", question=text, text=text, accounts=accounts)


# Twelve candidate turns of a Security & Compliance question: one says the subject asked about.
_SECURITY_TURNS = {
    "t-council": "Recording calls raises consent questions for our works council.",
    "t-soc2": "We need your SOC 2 report before legal signs off.",
    "t-retention": "Our legal team won't accept the data retention terms as written.",
    "t-dpa": "Procurement will ask for the DPA.",
    **{
        f"t-other{i}": f"Security review number {i} is on the calendar, right now it works." for i in range(8)
    },
}


def test_a_subject_word_few_candidates_use_narrows_the_quotes_to_them():
    from include.gong_intel.ask.search import TOPIC_BY_NAME, narrowed_by_subject_words

    security = TOPIC_BY_NAME["security"]
    ranked = list(_SECURITY_TURNS)
    plan = _subject_plan("What have the customers said about the Betriebsrat, the works council?")
    # "works" is said by nine turns of twelve; "council" by one: that one is the answer
    assert narrowed_by_subject_words(ranked, _SECURITY_TURNS, plan, security) == ["t-council"]
    # The turns saying most of the subject, not every turn with one of its words ("data retention terms")
    plan = _subject_plan("Please pull verbatims on data-retention terms and the DPA")
    assert narrowed_by_subject_words(ranked, _SECURITY_TURNS, plan, security) == ["t-retention"]


def test_words_of_the_request_short_words_and_account_names_narrow_nothing():
    from include.gong_intel.ask.search import TOPIC_BY_NAME, narrowed_by_subject_words

    security = TOPIC_BY_NAME["security"]
    ranked = list(_SECURITY_TURNS)
    for text, accounts in (
        ("Please pull customer verbatims on security", ()),  # a request word, and the topic's own
        ("What did they say about security until now?", ()),  # "now" is no abbreviation
        ("What did Driftwood say about security?", ("Driftwood Logistics",)),  # its calls need not name it
        ("What did customers say about the pen test?", ()),  # said by no candidate: nothing to narrow to
    ):
        texts = {**_SECURITY_TURNS, "t-council": "Driftwood wants it pulled into the security review."}
        assert narrowed_by_subject_words(ranked, texts, _subject_plan(text, accounts), security) == ranked, (
            text
        )

"""Everyday phrasings tried on the unit tests' catalog, read wrongly before: "what do customers like about us"
quoted everything, "what are customers saying about AI" dropped "AI" without a word (a subject of two letters was
read as filler), feature requests were no subject at all, "how was the orchard meeting" listed calls, and "when did we last talk to orchard" quoted them."""

import pytest

from tests.unit.ask.test_phrasings import plan


@pytest.mark.parametrize(
    "question", ["what do customers like about us", "what did orchard logistics appreciate about the rollout"]
)
def test_what_customers_like_is_what_they_said_warmly(question: str) -> None:
    p = plan(question)
    assert (p.filters.sentiment, p.not_understood) == ("positive", ())


def test_what_the_asker_likes_is_no_praise() -> None:
    assert plan("what do you like").filters.sentiment is None


@pytest.mark.parametrize(
    ("question", "subject"), [("what are customers saying about AI", "ai"), ("calls that mentioned hr", "hr")]
)
def test_a_subject_of_two_letters_is_searched_or_named(question: str, subject: str) -> None:
    p = plan(question)
    kept = (*p.filters.topic, *p.filters.said)
    assert [s.lower() for s in kept] == [subject]
    assert any(subject in u.lower() for u in p.not_understood)


def test_us_is_no_subject() -> None:
    p = plan("what do customers say about us")
    assert (p.filters.topic, p.filters.said) == ((), ())


@pytest.mark.parametrize(
    "question", ["what feature requests came up this month", "which calls had feature requests"]
)
def test_feature_requests_are_product_feedback(question: str) -> None:
    p = plan(question)
    assert (p.filters.topic, p.not_understood) == (("Product Feedback",), ())


@pytest.mark.parametrize(
    "question", ["how was the orchard logistics meeting", "how was kofi's demo with evergreen?"]
)
def test_how_one_meeting_was_is_its_brief(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.not_understood) == ("call_brief", ())


def test_how_a_measure_was_is_still_the_measure() -> None:
    assert plan("how was the sentiment on the orchard logistics calls").kind == "aggregate"


@pytest.mark.parametrize(
    "question",
    [
        "when did we last talk to orchard logistics",
        "when did kofi last meet orchard logistics",
    ],
)
def test_when_someone_was_last_spoken_to_lists_their_calls_newest_first(question: str) -> None:
    p = plan(question)
    assert (p.kind, p.order, p.filters.account, p.not_understood) == (
        "list_calls",
        "newest",
        ("Orchard Logistics",),
        (),
    )

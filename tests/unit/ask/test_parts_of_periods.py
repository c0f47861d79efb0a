"""Parts of a period and open-ended days: "the first half of November", "late oct", "the last week of nov",
"H2", "two weeks ago", "last weekend", "Nov 16 onwards", "up to Nov 10", "2026-11-01..2026-11-15".

Conventions (each answer restates the days it used): halves of a month split at the 16th; early / mid / late
are the thirds 1-10, 11-20 and 21 to the month's end; "the second week of" a month is its days 8-14 and "the last
2 weeks" its last fourteen days; "N weeks ago" is the Monday-to-Sunday week holding the day N weeks back.
"""

from datetime import date

import pytest

from include.gong_intel.ask.resolve import parse_window

from .test_phrasings import plan

TODAY = date(2026, 12, 3)  # a Thursday


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        # parts of a month
        ("calls in the first half of nov", date(2026, 11, 1), date(2026, 11, 16)),
        ("calls second half of October", date(2026, 10, 16), date(2026, 11, 1)),
        ("which deals went quiet in late November", date(2026, 11, 21), date(2026, 12, 1)),
        ("early oct demos", date(2026, 10, 1), date(2026, 10, 11)),
        ("calls in mid-November", date(2026, 11, 11), date(2026, 11, 21)),
        ("calls at the end of last month", date(2026, 11, 21), date(2026, 12, 1)),
        ("the last week of november", date(2026, 11, 24), date(2026, 12, 1)),
        ("calls during the first week of nov", date(2026, 11, 1), date(2026, 11, 8)),
        ("the second week of october", date(2026, 10, 8), date(2026, 10, 15)),
        ("calls in the last 2 weeks of november", date(2026, 11, 17), date(2026, 12, 1)),
        ("calls in the first two weeks of sept", date(2026, 9, 1), date(2026, 9, 15)),
        # a part as one end of a range, or after a bound
        ("calls early october through mid november", date(2026, 10, 1), date(2026, 11, 16)),
        ("calls from early oct to late nov", date(2026, 10, 1), date(2026, 12, 1)),
        ("everything since the end of october", date(2026, 10, 21), date(2026, 12, 4)),
        ("calls until the end of october", date(2000, 1, 1), date(2026, 11, 1)),
        # halves of the (fiscal) year
        ("calls in H2", date(2026, 7, 1), date(2027, 1, 1)),
        ("H1 calls", date(2026, 1, 1), date(2026, 7, 1)),
        ("the second half of the year", date(2026, 7, 1), date(2027, 1, 1)),
        ("calls in h2 2025", date(2025, 7, 1), date(2026, 1, 1)),
        # some time ago
        ("calls the day before yesterday", date(2026, 12, 1), date(2026, 12, 2)),
        ("the call 3 days ago", date(2026, 11, 30), date(2026, 12, 1)),
        ("calls two weeks ago", date(2026, 11, 16), date(2026, 11, 23)),
        ("the week before last", date(2026, 11, 16), date(2026, 11, 23)),
        ("calls the month before last", date(2026, 10, 1), date(2026, 11, 1)),
        ("anything over the weekend?", date(2026, 11, 28), date(2026, 11, 30)),
        ("calls last weekend", date(2026, 11, 28), date(2026, 11, 30)),
        # one end named
        ("calls from Nov 16 onwards", date(2026, 11, 16), date(2026, 12, 4)),
        ("calls Nov 16 and after", date(2026, 11, 16), date(2026, 12, 4)),
        ("calls on or after 11/16", date(2026, 11, 16), date(2026, 12, 4)),
        ("calls up to Nov 10", date(2000, 1, 1), date(2026, 11, 11)),
        ("calls until nov 10", date(2000, 1, 1), date(2026, 11, 11)),
        ("calls Oct 9 or earlier", date(2000, 1, 1), date(2026, 10, 10)),
        # two ISO days joined by dots
        ("calls 2026-11-01..2026-11-15", date(2026, 11, 1), date(2026, 11, 16)),
        # ranges and bounds already read stay as they were
        ("calls from nov 2 through nov 10", date(2026, 11, 2), date(2026, 11, 11)),
        ("calls since mid-oct", date(2026, 10, 15), date(2026, 12, 4)),
        ("calls in the last 2 weeks", date(2026, 11, 19), date(2026, 12, 4)),
        ("calls last week", date(2026, 11, 23), date(2026, 11, 30)),
        # "by the end of" a month is a deadline: the month's deals, not its last ten days
        ("deals closing by the end of november", date(2026, 11, 1), date(2026, 12, 1)),
    ],
)
def test_parts_of_periods(words, start, end):
    w = parse_window(words, TODAY)
    assert w is not None and (w.start, w.end) == (start, end), (words, w)


@pytest.mark.parametrize("words", ["calls over 1h", "a 2-week trial", "calls with half the team"])
def test_no_period_where_none_is_named(words):
    assert parse_window(words, TODAY) is None


@pytest.mark.parametrize(
    "question",
    [
        "What did Victor promise Falconridge Insurance from Nov 16 onwards?",
        "how many calls in the first half of november",
        "calls the week before last",
        "any calls over the weekend?",
    ],
)
def test_the_words_of_a_part_are_used(question):
    p = plan(question)
    assert p.filters.start is not None
    assert not any(w in " ".join(p.not_understood) for w in ("onwards", "half", "before last", "weekend"))


def test_a_story_that_runs_to_today_keeps_its_days():
    # Someone covered for the asker from a day on: what happened since then is asked.
    p = plan("Kofi covered Orchard Logistics for me from Nov 16 onwards. What did he promise them?")
    assert (p.kind, p.filters.start, p.filters.end) == ("commitments", date(2026, 11, 16), date(2026, 12, 4))
    # A single day in the story is when the asker's part starts, not which calls.
    p = plan("I'm taking over Evergreen Labs as of Monday. Can you brief me on their most recent call?")
    assert (p.kind, p.filters.start) == ("call_brief", None)


@pytest.mark.parametrize(
    "question",
    [
        "Which Orchard Logistics calls did I miss since 11/16, and did they open the QBR deck I emailed?",
        "has Dana even read the proposal we sent over last week?",
    ],
)
def test_whether_a_document_sent_was_opened_is_named_as_not_tracked(question):
    p = plan(question)
    assert "opened or read is not tracked" in " ".join(p.not_understood)

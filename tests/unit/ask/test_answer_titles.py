"""A call named by its title: when no shown call's title holds the words, the answer says it picked without them."""

from datetime import datetime

import pytest

from include.gong_intel.ask import answers
from include.gong_intel.config import Settings
from tests.unit.ask.test_phrasings import plan


def _commitment_rows(*titles: str) -> list[dict]:
    return [
        {
            "CALL_ID": f"c{i}",
            "TITLE": title,
            "CALL_DATETIME_UTC": datetime(2026, 11, 20 + i),
            "START_S": 12.0,
            "PRIMARY_USER_NAME": "Kofi Thornton",
            "ACCOUNT_NAME": "Orchard Logistics",
            "SNIPPET": "we'll send the order form",
            "TOTAL": len(titles),
        }
        for i, title in enumerate(titles)
    ]


@pytest.mark.parametrize(
    ("titles", "missed"),
    [
        (("Orchard Logistics - Pricing walkthrough",), False),
        (("Orchard Logistics - Discovery", "Orchard Logistics - Kickoff"), True),
    ],
)
def test_title_words_no_shown_call_holds_are_named(monkeypatch, titles, missed):
    p = plan("what did orchard logistics agree to do after the pricing walkthrough")
    assert p.filters.title_words == ("pricing", "walkthrough")
    monkeypatch.setattr(answers, "run_plan", lambda *a, **k: _commitment_rows(*titles))
    answer = answers.answer_plan(p, hook=None, settings=Settings())
    note = "no call title or commitment holds 'pricing', 'walkthrough': the calls in scope were picked without them"
    assert (note in answer.not_understood) is missed and len(answer.quotes) == len(titles)

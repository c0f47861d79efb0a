"""A deal's card says when it is expected to close and who owns it, as text and in the JSON answer."""

import json
from datetime import date, datetime

import pytest

from include.gong_intel.ask.engine import _day
from include.gong_intel.ask.records import Answer, DealRisk
from include.gong_intel.ask.render import render_text


def _deal(close_date: date | None, rep: str | None) -> DealRisk:
    return DealRisk(
        "O1", "Acme expansion", "Acme", rep, "Negotiation", 90000.0, 62.0, -0.3, -0.2, (), (), (), close_date
    )


def test_the_card_names_the_close_date_and_the_owner() -> None:
    answer = Answer("q", None, "h", empty=False, deals=(_deal(date(2027, 3, 18), "Dana Reed"),))
    text = render_text(answer)
    assert "stage Negotiation, amount 90,000, closes 2027-03-18, owner Dana Reed" in text
    assert json.loads(json.dumps(answer.to_dict(), default=str))["deals"][0]["close_date"] == "2027-03-18"


def test_a_card_without_them_leaves_them_out() -> None:
    text = render_text(Answer("q", None, "h", empty=False, deals=(_deal(None, None),)))
    assert "amount 90,000\n" in text + "\n" and "closes" not in text and "owner" not in text


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (date(2027, 3, 18), date(2027, 3, 18)),
        (datetime(2027, 3, 18, 0, 0), date(2027, 3, 18)),
        ("2027-03-18", date(2027, 3, 18)),
        (None, None),
    ],
)
def test_a_close_date_column_is_read_as_a_day(value: object, day: date | None) -> None:
    assert _day(value) == day

"""The reasons a deal is on the risk board, as a manager reads them."""

import pytest

from include.gong_intel.ask.engine import deal_risk_from_row


def _row(**overrides) -> dict:
    row = {
        "OPPORTUNITY_ID": "o1",
        "OPPORTUNITY_NAME": "Harbor Freight - Fleet Renewal",
        "ACCOUNT_NAME": "Harbor Freight",
        "REP_NAME": "Ana Ortiz",
        "STAGE": "Negotiation",
        "AMOUNT": 84000,
        "RISK_SCORE": 61.5,
        "AVG_SENTIMENT": -0.4,
        "SENTIMENT_TREND": -0.3,
        "COMPETITOR_MENTIONS": 0,
        "LATEST_NO_NEXT_STEPS": True,
        "RISK_TYPES": '["budget", "competitor"]',
    }
    return {**row, **overrides}


@pytest.mark.parametrize(("mentions", "reason"), [(1, "(1 mention)"), (3, "(3 mentions)")])
def test_competitor_mentions_are_counted_in_words(mentions, reason):
    deal = deal_risk_from_row(_row(COMPETITOR_MENTIONS=mentions), [], "https://app.gong.io")
    assert f"competitor pressure {reason}" in deal.reasons


def test_every_signal_of_the_row_is_a_reason_and_none_is_invented():
    deal = deal_risk_from_row(_row(), [], "https://app.gong.io")
    assert deal.reasons == (
        "negative average call sentiment (-0.40)",
        "sentiment falling (-0.30 newer vs older calls)",
        "latest call ended without an agreed next step",
        "risks raised: budget, competitor",
    )
    calm = deal_risk_from_row(
        _row(AVG_SENTIMENT=0.3, SENTIMENT_TREND=0.0, LATEST_NO_NEXT_STEPS=False, RISK_TYPES=None),
        [],
        "https://app.gong.io",
    )
    assert calm.reasons == ()


def test_risk_types_read_as_people_say_them():
    deal = deal_risk_from_row(
        _row(RISK_TYPES='["legal_security", "pricing_objection", "timeline_slip"]'), [], "https://app.gong.io"
    )
    assert deal.reasons[-1] == "risks raised: legal or security, pricing objection, timeline slip"
    assert deal.risk_types == (
        "legal_security",
        "pricing_objection",
        "timeline_slip",
    )  # the data keeps its codes


def _evidence(risk_type: str, severity: str, quote: str, call: str = "c1") -> dict:
    return {
        "CALL_ID": call,
        "TITLE": "Renewal terms",
        "CALL_DATETIME_UTC": None,
        "RISK_TYPE": risk_type,
        "SEVERITY": severity,
        "QUOTE": quote,
        "START_MS": 1000,
        "SPEAKER": "Dana",
    }


def test_the_quotes_cover_each_risk_before_a_second_of_any_and_never_say_the_same_twice():
    evidence = [
        _evidence(
            "pricing_objection", "high", "To be frank, at $222k a year, I can't get this past finance."
        ),
        _evidence(
            "pricing_objection",
            "high",
            "I have to be upfront, at $222k a year, I can't get this past finance.",
        ),
        _evidence("pricing_objection", "high", "We love it, but the cost is hard to justify."),
        _evidence("competitor", "medium", "We're also talking to Brightwave about the same scope.", "c2"),
        _evidence("negative_sentiment", "medium", "Honestly this has been a frustrating quarter.", "c3"),
    ]
    deal = deal_risk_from_row(_row(), evidence, "https://app.gong.io")
    assert [c.quote for c in deal.evidence] == [
        "[pricing objection, high] To be frank, at $222k a year, I can't get this past finance.",
        "[competitor, medium] We're also talking to Brightwave about the same scope.",
        "[negative sentiment, medium] Honestly this has been a frustrating quarter.",
    ]
    only_price = deal_risk_from_row(_row(), evidence[:3], "https://app.gong.io")
    assert [c.quote for c in only_price.evidence] == [
        "[pricing objection, high] To be frank, at $222k a year, I can't get this past finance.",
        "[pricing objection, high] We love it, but the cost is hard to justify.",
    ]


@pytest.mark.parametrize(
    ("score", "verdict"),
    [
        (39.9, "risk score 39.9/100 — not at risk: below the at-risk bar"),
        (40.0, "risk score 40.0/100 — at risk"),
        (72.84, "risk score 72.8/100 — at risk"),
    ],
)
def test_one_named_deal_gets_a_verdict_its_shown_score_agrees_with(score, verdict):
    from include.gong_intel.ask.answers import one_deal_headline

    assert one_deal_headline("Keystone - Renewal", score).startswith(f"Keystone - Renewal: {verdict} (")

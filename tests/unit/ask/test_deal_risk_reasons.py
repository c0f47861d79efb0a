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

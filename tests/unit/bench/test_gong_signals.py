"""Gong's own signals beside ours (bench/gong_signals.py), counted on two hand-written calls."""

from __future__ import annotations

import pytest

from bench.gong_signals import GongComparison, gong_signals, our_signals
from bench.quality import Case, landed_gong_signals
from include.gong_intel.enrich.records import (
    CallAnalysis,
    CallContext,
    GongActionItem,
    GongSignals,
    Risk,
    Segment,
)


def _segment(ordinal: int, speaker: str, affiliation: str, text: str) -> Segment:
    return Segment(
        transcript_id=f"c-{ordinal}",
        call_id="c",
        ordinal=ordinal,
        speaker_id=str(ordinal),
        speaker_name=speaker,
        affiliation=affiliation,
        company=None,
        topic=None,
        start_ms=ordinal * 1000,
        end_ms=ordinal * 1000 + 900,
        text=text,
    )


def _tracker(name: str, count: int) -> dict:
    return {"id": name, "name": name, "type": "KEYWORD", "count": count, "occurrences": [], "phrases": []}


def _analysis(call_id: str, summary: str, risks: tuple[Risk, ...]) -> CallAnalysis:
    return CallAnalysis(call_id, summary, (), risks, 0.0, (), "local", "test")


# A call with a pricing objection, a competitor and a security review, and a step agreed for Friday. Gong's
# trackers fire on pricing, security and (wrongly) budget, not on the competitor; ours finds pricing and the
# competitor, not the security review.
AGREED_SEGMENTS = [
    _segment(0, "Priya Shah", "External", "The price is too high for us. We are also looking at Chorus."),
    _segment(1, "Dana Reyes", "Internal", "Great. I'll send the revised quote by Friday. Talk soon."),
]
AGREED = Case(
    case_id="agreed",
    source="tenant",
    language="eng",
    context=CallContext(call_id="agreed"),
    segments=AGREED_SEGMENTS,
    sentiment="neutral",
    open_risks=frozenset({"pricing_objection", "competitor", "legal_security"}),
    next_step_agreed=True,
    gong_content={
        "brief": "Dana met Priya of Globex. Priya pushed back on pricing.",
        "keyPoints": [{"text": "Pricing concerns on the proposed per-seat cost"}],
        "trackers": [
            _tracker("Pricing", 2),
            _tracker("Competitors", 0),
            _tracker("Budget", 1),
            _tracker("Security", 1),
        ],
        "pointsOfInterest": {"actionItems": [{"snippet": "I'll send the revised quote by Friday."}]},
        "callOutcome": {"id": "1", "category": "Neutral", "name": "Next meeting booked"},
    },
)
AGREED_ANALYSIS = _analysis(
    "agreed",
    "“Renewal” with Dana Reyes and Globex (Priya Shah).\n"
    "Outcome: advanced — a next step was agreed.\n"
    "Customer objection — Priya Shah: “The price is too high for us. We are also looking at Chorus.”\n"
    "Next step — Dana Reyes: “Great. I'll send the revised quote by Friday. Talk soon.” "
    "(owner: Dana Reyes; due: Friday)\n"
    "Risks: pricing objection; competitor.",
    (
        Risk("pricing_objection", "high", "The price is too high for us."),
        Risk("competitor", "medium", "We are also looking at Chorus."),
    ),
)

# A call that ends without a step, with a budget freeze. Gong lists an action item anyway, its Pricing tracker
# fires on nothing the customer objected to and its Budget tracker misses the freeze; ours finds the freeze.
STALLED = Case(
    case_id="stalled",
    source="tenant",
    language="eng",
    context=CallContext(call_id="stalled"),
    segments=[_segment(0, "Lou Bern", "External", "All new spend is on hold. What does it cost?")],
    sentiment="negative",
    open_risks=frozenset({"budget", "no_next_steps"}),
    next_step_agreed=False,
    gong_content={
        "brief": "",
        "keyPoints": [],
        "trackers": [_tracker("Pricing", 1), _tracker("Budget", 0)],
        "pointsOfInterest": {"actionItems": [{"snippet": "Let me follow up with the team."}]},
        "callOutcome": {"id": "2", "category": "Negative", "name": "Follow-up needed"},
    },
)
STALLED_ANALYSIS = _analysis(
    "stalled",
    "“Discovery” with Mei Kim and Quarry (Lou Bern).\n"
    "Outcome: stalled — no concrete next step agreed.\n"
    "Next steps: none agreed on the call.\n"
    "Risks: budget (“All new spend is on hold.”).",
    (
        Risk("budget", "high", "All new spend is on hold."),
        Risk("no_next_steps", "medium", "What does it cost?"),
    ),
)


def test_gong_signals_reads_the_landed_content():
    gong = gong_signals(AGREED.gong_content)
    assert gong.action_items == ("I'll send the revised quote by Friday.",)
    assert gong.outcome == "Next meeting booked"
    assert gong.trackers == {"Pricing", "Budget", "Security"}  # a zero count has not fired
    assert gong.risks == {"pricing_objection", "budget", "legal_security"}
    assert gong.key_points == ("Pricing concerns on the proposed per-seat cost",)
    assert gong_signals(None).trackers == frozenset() and gong_signals({}).outcome is None


def test_our_signals_reads_the_brief_lines():
    ours = our_signals(AGREED_ANALYSIS)
    assert ours.outcome == "advanced"
    assert ours.step_quotes == ("Great. I'll send the revised quote by Friday. Talk soon.",)
    assert (ours.owner, ours.due) == ("Dana Reyes", "Friday")
    assert ours.objection is True
    stalled = our_signals(STALLED_ANALYSIS)
    assert (stalled.outcome, stalled.step_quotes, stalled.owner) == ("stalled", (), None)
    assert stalled.objection is False
    assert stalled.risks == {"budget"}  # the missing next step is not an objection
    undated = _analysis("u", "Next step — Lea: “That works, see you then.” (owner: Lea)", ())
    assert (our_signals(undated).owner, our_signals(undated).due) == ("Lea", None)


@pytest.fixture
def figures() -> dict:
    comparison = GongComparison()
    comparison.add_analysis(AGREED, AGREED_ANALYSIS)
    comparison.add_analysis(STALLED, STALLED_ANALYSIS)
    return comparison.report()


def test_next_step_figures(figures):
    ns = figures["next_step"]
    assert figures["calls"] == 2
    assert ns["gong_action_item"] == 1.0 and ns["ours_next_step"] == 0.5
    assert ns["gong_item_names_a_day"] == 0.5  # "by Friday"; "follow up with the team" names none
    assert ns["ours_with_owner"] == 1.0 and ns["ours_with_due"] == 1.0
    # Gong's snippet lies in the turn ours quotes.
    assert ns["both"] == 1 and ns["same_step_where_both"] == 1.0
    assert ns["presence_agrees"] == 0.5
    assert ns["gong_vs_truth"] == {"precision": 0.5, "recall": 1.0}
    assert ns["ours_vs_truth"] == {"precision": 1.0, "recall": 1.0}


def test_outcome_figures(figures):
    oc = figures["outcome"]
    assert oc["gong_call_outcome"] == 1.0 and oc["ours_brief_outcome"] == 1.0
    # "Follow-up needed" does not say whether a step was agreed, so only the first call grades Gong.
    assert oc["gong_says_advanced_or_not"] == 1
    assert oc["gong_accuracy"] == 1.0 and oc["ours_accuracy"] == 1.0 and oc["agree_where_both"] == 1.0


def test_risk_figures_against_the_truth(figures):
    risks = figures["risks"]
    assert risks["all"]["expected"] == 4
    # Gong: pricing and security right, budget fired on the wrong call and missed on the right one, the
    # competitor missed. Ours: pricing, competitor and budget right, security missed.
    assert risks["all"]["gong"] == {"precision": 0.5, "recall": 0.5, "fired": 4}
    assert risks["all"]["ours"] == {"precision": 1.0, "recall": 0.75, "raised": 3}
    assert risks["all"]["ours_found_gong_missed"] == 2
    assert risks["all"]["gong_found_ours_missed"] == 1
    assert risks["competitor"]["ours_found_gong_missed"] == 1
    assert risks["legal_security"]["gong_found_ours_missed"] == 1
    assert risks["pricing_objection"]["gong"] == {"precision": 0.5, "recall": 1.0, "fired": 2}
    assert risks["churn_threat"]["gong"]["precision"] is None


def test_brief_figures(figures):
    br = figures["brief"]
    assert br["gong_brief"] == 0.5 and br["gong_key_points"] == 0.5
    assert br["ours_states_outcome"] == 1.0
    assert br["calls_with_objection"] == 2 and br["ours_states_objection"] == 0.5
    assert br["ours_objection_without_one"] is None


def test_the_tenant_cases_carry_gongs_signals_as_the_pipeline_stages_them():
    content = {
        "pointsOfInterest": {
            "actionItems": [
                {"snippet": "Send the MSA redlines", "snippetStartTime": 95.2, "speakerID": "8"},
                {"snippet": "  ", "snippetStartTime": 10, "speakerID": "8"},
                {"snippet": "Book the security review", "snippetStartTime": 40, "speakerID": "3"},
            ]
        },
        "callOutcome": {"id": "2", "category": "Neutral", "name": "Follow-up needed"},
    }
    signals = landed_gong_signals(content)
    assert signals == GongSignals(
        (
            GongActionItem("Book the security review", "3", 40_000),
            GongActionItem("Send the MSA redlines", "8", 95_200),
        ),
        "Follow-up needed",
    )
    assert landed_gong_signals(None) == GongSignals()

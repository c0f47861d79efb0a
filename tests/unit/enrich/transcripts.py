"""Hand-written transcripts with known expected enrichment, shared by the enrichment tests."""

from __future__ import annotations

from datetime import UTC, datetime

from include.gong_intel.enrich.records import CallContext, Participant, Segment

COMPETITORS = ("Chorus", "Clari", "Outreach")
PRODUCTS = ("Revenue Radar", "Deal Desk")

ACME_CTX = CallContext(
    call_id="c-acme-1",
    title="Acme pricing review",
    started_at=datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
    rep_name="Sam Rivera",
    account_name="Acme Logistics",
    opportunity_name="Acme Logistics - Revenue Radar 2026",
    participants=(
        Participant("Sam Rivera", "sam@seller.io", "Seller", "Internal", "s1"),
        Participant("Dana Whitfield", "dana@acme.com", "Acme Logistics", "External", "s2"),
        Participant("Priya Natarajan", "priya@acme.com", "Acme Logistics", "External", "s3"),
    ),
)

_ACME_LINES = [
    ("s1", "Thanks for joining, Dana. Today I want to walk through the Revenue Radar proposal and pricing."),
    (
        "s2",
        "Sure. Honestly the quote of $48,000 is way too expensive for us, it's way over our budget per seat.",
    ),
    ("s3", "We are also evaluating Chorus, and they quoted us 40k for the same seats."),
    ("s2", "Our security team needs a SOC 2 report before legal will sign, and that review is a blocker."),
    ("s1", "Understood. We can share the SOC 2 report and talk about a multi-year discount."),
    ("s2", "We probably have to push the decision back to next quarter because of a budget freeze."),
    ("s3", "I'm frustrated that the last pilot went so badly, it was a terrible experience."),
    ("s2", "Let's see, I am not sure we can move forward before the end of Q3."),
    ("s1", "Okay, thanks for the candid feedback, Priya."),
]


def _segments(call_id: str, lines, ctx: CallContext, step_ms: int = 20_000) -> list[Segment]:
    people = {p.speaker_id: p for p in ctx.participants}
    out = []
    for i, (speaker_id, text) in enumerate(lines):
        p = people[speaker_id]
        out.append(
            Segment(
                transcript_id=f"{call_id}-{i}",
                call_id=call_id,
                ordinal=i,
                speaker_id=speaker_id,
                speaker_name=p.name,
                affiliation=p.affiliation,
                company=p.company,
                topic=None,
                start_ms=i * step_ms,
                end_ms=i * step_ms + step_ms - 1000,
                text=text,
            )
        )
    return out


ACME_SEGMENTS = _segments("c-acme-1", _ACME_LINES, ACME_CTX)

GLOBEX_CTX = CallContext(
    call_id="c-globex-1",
    title="Globex onboarding check-in",
    rep_name="Sam Rivera",
    account_name="Globex",
    participants=(
        Participant("Sam Rivera", "sam@seller.io", "Seller", "Internal", "s1"),
        Participant("Lee Okafor", "lee@globex.com", "Globex", "External", "s2"),
    ),
)

_GLOBEX_LINES = [
    ("s1", "Great to see you Lee, how is the rollout of Deal Desk going?"),
    ("s2", "It's going really well, the team loves the dashboards and adoption is excellent."),
    ("s2", "We have no concerns about price, and the budget is approved for the expansion."),
    ("s2", "Security is not an issue either, our review was done last month."),
    (
        "s1",
        "Wonderful. I'll send the order form on Friday and we'll schedule a kickoff call for next Tuesday.",
    ),
    ("s2", "Perfect, that works for us. Thanks so much, this has been a great partnership."),
]

GLOBEX_SEGMENTS = _segments("c-globex-1", _GLOBEX_LINES, GLOBEX_CTX)

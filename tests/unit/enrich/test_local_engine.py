"""Behaviour of the offline engine on hand-written transcripts with known answers."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from include.gong_intel.enrich import acts as da
from include.gong_intel.enrich.local_engine import (
    EMPTY_TRANSCRIPT_SUMMARY,
    EntityExtractor,
    LocalEngine,
    _hit_strength,
    _Sentence,
    act_brief,
    call_sentiment,
    detect_risks,
    key_objection_turn,
    normalise_topic,
)
from include.gong_intel.enrich.records import (
    CallContext,
    EnrichSettings,
    GongActionItem,
    GongSignals,
    Participant,
    Risk,
    Segment,
)
from tests.unit.enrich.transcripts import (
    ACME_CTX,
    ACME_SEGMENTS,
    COMPETITORS,
    GLOBEX_CTX,
    GLOBEX_SEGMENTS,
    PRODUCTS,
)


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine(
        EnrichSettings(competitors=COMPETITORS, products=PRODUCTS, embedding_backend="hashing")
    )


@pytest.fixture(scope="module")
def acme(engine):
    return engine.analyze_call(ACME_CTX, ACME_SEGMENTS)


@pytest.fixture(scope="module")
def globex(engine):
    return engine.analyze_call(GLOBEX_CTX, GLOBEX_SEGMENTS)


def _seg(
    i: int, text: str, affiliation: str = "External", call_id: str = "c1", start: int | None = None
) -> Segment:
    start_ms = i * 10_000 if start is None else start
    return Segment(f"{call_id}-{i}", call_id, i, f"s{i}", f"Person {i}", affiliation, None, None, start_ms,
                   start_ms + 9_000, text)  # fmt: skip


def _filler(n: int) -> list[Segment]:
    """``n`` neutral turns to open a call, so what follows is its ending."""
    return [_seg(i, f"We reviewed item number {i} of the quarterly plan in detail.") for i in range(n)]


def _turns(lines: list[tuple[str, str]]) -> list[Segment]:
    """(affiliation, text) turns of 5 s each, each ending where the next begins, as recorded turns do."""
    names = {"Internal": "Rep", "External": "Buyer"}
    return [
        Segment(f"t{i}", "c1", i, side, names[side], side, None, None, i * 5_000, (i + 1) * 5_000, text)
        for i, (side, text) in enumerate(lines)
    ]


def test_objection_heavy_call_is_negative_and_happy_call_positive(acme, globex):
    assert acme.sentiment < -0.1
    assert globex.sentiment > 0.4
    assert -1.0 <= acme.sentiment <= 1.0


def test_risks_found_with_types_severities_and_quotes(acme):
    by_type = {}
    for risk in acme.risks:
        by_type.setdefault(risk.type, []).append(risk)
    assert set(by_type) == {"pricing_objection", "budget", "competitor", "legal_security", "timeline_slip"}
    pricing = by_type["pricing_objection"][0]
    assert pricing.severity == "high"
    assert "way too expensive" in pricing.quote
    assert pricing.speaker_name == "Dana Whitfield"
    assert 20_000 <= pricing.start_ms < 40_000
    assert by_type["competitor"][0].quote.startswith("We are also evaluating Chorus")
    assert by_type["competitor"][0].severity == "high"
    assert by_type["legal_security"][0].severity == "high"  # "blocker" escalates
    assert any(r.severity == "high" and "budget freeze" in r.quote for r in by_type["budget"])
    assert "push the decision back" in by_type["timeline_slip"][0].quote
    # The rep offering the SOC 2 report is not a customer-side risk.
    assert all(r.speaker_name != "Sam Rivera" for r in acme.risks)
    # Each type's risks together, strongest first; the types in the order their first quote was said.
    types = [r.type for r in acme.risks]
    assert types == sorted(types, key=types.index)
    leads = [by_type[t][0].start_ms for t in dict.fromkeys(types)]
    assert leads == sorted(leads)


def test_each_risk_type_leads_with_its_surest_reading():
    """A brief quotes a type's first risk: the one the act model is surest of, not merely the earliest."""
    lines = [
        "Our old vendor's app was down twice last spring.",
        "We have an offer from Brenntal on the table, at a lower monthly rate.",
        "The price is more than we planned for.",
        "Brenntal also guarantee a four-hour response.",
    ]
    sentences = [_Sentence(i, _seg(i, text), text, i * 10_000) for i, text in enumerate(lines)]

    def hit(i: int, risk_type: str) -> tuple[_Sentence, Risk]:
        return sentences[i], Risk(risk_type, "medium", lines[i], i * 10_000, "Person")

    hits = [hit(0, "competitor"), hit(1, "competitor"), hit(2, "pricing_objection"), hit(3, "competitor")]
    sure = {(0, "competitor"): 0.62, (1, "competitor"): 0.91, (3, "competitor"): 0.70}
    risks = detect_risks(sentences, hits=hits, next_step_agreed=True, strength=sure)
    assert [(r.type, r.quote) for r in risks] == [
        ("competitor", lines[1]),
        ("competitor", lines[3]),
        ("competitor", lines[0]),
        ("pricing_objection", lines[2]),
    ]
    # Without a reading, the earliest of equal severity leads, and a higher severity before either.
    assert [r.quote for r in detect_risks(sentences, hits=hits, next_step_agreed=True)][:3] == [
        lines[0],
        lines[1],
        lines[3],
    ]
    loud = [*hits[:3], (sentences[3], Risk("competitor", "high", lines[3], 30_000, "Person"))]
    louder = detect_risks(sentences, hits=loud, next_step_agreed=True, strength=sure)
    assert [r.type for r in louder] == ["pricing_objection", "competitor", "competitor", "competitor"]
    assert louder[1].quote == lines[3]


def test_a_competitor_named_as_chosen_is_surer_evidence_than_a_turn_read_as_competitive():
    lines = ["They also guarantee a four-hour response.", "We've gone with Brenntal for the other site."]
    segments = [_seg(i, text) for i, text in enumerate(lines)]
    sentences = [_Sentence(i, seg, seg.text, seg.start_ms) for i, seg in enumerate(segments)]
    hits = [(s, Risk("competitor", "medium", s.text, s.start_ms, "Person")) for s in sentences]
    labels = ("competitor", "pricing_objection")
    acts = da.TurnActs(labels, np.array([[0.85, 0.1], [0.79, 0.1]]))
    extractor = EntityExtractor(CallContext("c1"))
    strength = _hit_strength(segments, hits, acts, extractor.outside_names)
    assert strength[(1, "competitor")] > 1.0 > strength[(0, "competitor")] == pytest.approx(0.85)
    risks = detect_risks(sentences, hits=hits, next_step_agreed=True, strength=strength)
    assert risks[0].quote == lines[1]
    # Without the names, the model's reading alone orders them.
    assert _hit_strength(segments, hits, acts)[(1, "competitor")] == pytest.approx(0.79)


def test_negated_concerns_are_not_risks(globex):
    assert globex.risks == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We have no concerns about the pricing at all.", set()),
        ("The price is not an issue for us.", set()),
        ("Honestly the price is too high for what it does.", {"pricing_objection"}),
        ("The product is fine, but the price is too high.", {"pricing_objection"}),
        ("It is not too expensive compared to what we pay today.", set()),
        ("We don't have the budget this year.", {"budget"}),
        ("We're not going to renew the contract in June.", {"churn_threat"}),
        ("My last day is Friday, so Alex will take this over.", {"champion_loss"}),
        ("Legal has redlines on the MSA that could take weeks.", {"legal_security"}),
        ("We're also talking to Clari about this.", {"competitor"}),
        ("Clari is not something we are considering.", set()),
    ],
)
def test_risk_rules_and_negation(engine, text, expected):
    segments = [_seg(0, text), _seg(1, "Let's schedule a follow-up call next week.", "Internal")]
    found = {r.type for r in engine.analyze_call(CallContext("c1"), segments).risks}
    assert found == expected


def test_no_next_steps_when_call_ends_without_them(engine):
    segments = _filler(12)
    risks = engine.analyze_call(CallContext("c1"), segments).risks
    assert [r.type for r in risks] == ["no_next_steps"]
    assert risks[0].severity == "high"
    assert risks[0].start_ms == 110_000


def test_no_next_steps_quotes_the_customers_closing_line_not_the_reps_goodbye(engine):
    segments = _filler(10)
    segments += [
        _seg(10, "Honestly, let's just leave it there for now and see how the quarter goes."),
        _seg(11, "Thanks so much for your time today.", "Internal"),
        _seg(12, "Thanks, bye."),
    ]
    (risk,) = engine.analyze_call(CallContext("c1"), segments).risks
    assert risk.type == "no_next_steps"
    assert risk.quote.startswith("Honestly, let's just leave it there for now")
    assert risk.start_ms == 100_000


def _gong_ctx(*items: GongActionItem, outcome: str | None = None) -> CallContext:
    return CallContext("c1", gong=GongSignals(action_items=items, call_outcome=outcome))


def test_gong_action_item_gives_the_next_step_the_turns_did_not_read_as_agreed(engine):
    segments = _filler(10)
    segments += [
        _seg(10, "I can put the revised rollout plan in your inbox by Thursday.", "Internal"),
        _seg(11, "Hmm. We will see how the quarter goes.", "External"),
    ]
    item = GongActionItem("put the revised rollout plan in your inbox by Thursday", "s10", 101_500)
    analysis = engine.analyze_call(_gong_ctx(item, outcome="Follow-up needed"), segments)
    assert "no_next_steps" not in {r.type for r in analysis.risks}
    lines = analysis.summary.split("\n")
    assert lines[1] == (
        "Outcome: advanced — Gong lists an action item as the next step. Gong's call outcome: Follow-up needed."
    )
    assert lines[2].startswith("Next step — Person 10: “I can put the revised rollout plan in your inbox")
    assert lines[2].endswith("(owner: Person 10; due: Thursday)")
    assert lines[3] == "Source — Gong's action items (no turn read as agreeing a step)."


def test_gong_action_item_is_placed_by_its_words_when_its_time_is_missing(engine):
    segments = _filler(6)
    segments.append(_seg(6, "Fine, send the pilot contract over to legal and we will read it.", "External"))
    placed = engine.analyze_call(_gong_ctx(GongActionItem("Send the pilot contract over to legal")), segments)
    assert "Next step — Person 6: “Fine, send the pilot contract" in placed.summary
    # An action item that is in no turn (a later edit of the transcript) is not a step; the turns still rule.
    unplaced = engine.analyze_call(
        _gong_ctx(GongActionItem("Book the onsite workshop", None, 999_000)), segments
    )
    assert [r.type for r in unplaced.risks] == ["no_next_steps"]
    assert "Next steps: none agreed on the call." in unplaced.summary


def test_an_accepted_proposal_is_never_briefed_beside_a_no_next_steps_risk(engine):
    segments = _filler(10)
    segments += [
        _seg(10, "I can put the revised rollout plan in your inbox by Thursday.", "Internal"),
        _seg(11, "Sure, whatever works.", "External"),
    ]
    analysis = engine.analyze_call(CallContext("c1"), segments)
    assert "Outcome: advanced — a next step was agreed." in analysis.summary
    assert "no_next_steps" not in {r.type for r in analysis.risks}


def test_the_brief_names_each_risk_as_people_say_it(engine):
    segments = _filler(8)
    segments += [
        _seg(8, "Our legal team won't sign off on the data retention terms as written.", "External"),
        _seg(9, "Understood, I'll loop in our counsel.", "Internal"),
    ]
    analysis = engine.analyze_call(CallContext("c1"), segments)
    assert "legal_security" in {r.type for r in analysis.risks}
    risks_line = next(line for line in analysis.summary.splitlines() if line.startswith("Risks: "))
    assert risks_line.startswith("Risks: legal or security")


def test_without_gong_signals_the_brief_names_no_gong_outcome(engine):
    segments = _filler(12)
    analysis = engine.analyze_call(_gong_ctx(outcome=None), segments)
    assert "Gong" not in analysis.summary
    assert [r.type for r in analysis.risks] == ["no_next_steps"]


def test_entities_money_dates_competitors_people_products(acme, globex):
    segs = {s.transcript_id: s.entities for s in acme.segments}
    assert segs["c-acme-1-1"].money == ("$48,000",)
    assert segs["c-acme-1-2"].money == ("40k",)
    assert segs["c-acme-1-2"].competitors == ("Chorus",)
    assert segs["c-acme-1-0"].people == ("Dana Whitfield",)  # first name resolved through participants
    assert segs["c-acme-1-0"].products == ("Revenue Radar",)
    assert segs["c-acme-1-5"].dates == ("next quarter",)
    assert segs["c-acme-1-7"].dates == ("end of Q3",)
    assert {s.transcript_id: s.entities for s in globex.segments}["c-globex-1-4"].dates == (
        "on Friday",
        "next Tuesday",
    )


@pytest.mark.parametrize(
    ("text", "money", "dates"),
    [
        ("The list price is 1.2M USD and the renewal €30,000.", ("1.2M USD", "€30,000"), ()),
        ("We could do $12.5k per month starting 2026-03-01.", ("$12.5k",), ("2026-03-01",)),
        ("Sign by March 15th and we hold 40k.", ("40k",), ("March 15th",)),
        ("We have 40k users, decision in two weeks.", (), ("in two weeks",)),
        # Percentages, spelled amounts and European digits, as people say and write them.
        ("They offered 8 percent off, we need 12%.", ("8 percent", "12%"), ()),
        (
            "That's fifty grand a year, or fourteen thousand pounds a quarter.",
            ("fifty grand", "fourteen thousand pounds"),
            (),
        ),
        ("Das Angebot liegt bei 40.000 Euro, also 30 Prozent mehr.", ("40.000 Euro", "30 Prozent"), ()),
        ("Le prix est de 0,14 euro par envoi, soit 15 % de moins.", ("0,14 euro", "15 %"), ()),
        # Months and weekdays on their own, in the call's language; "we may" is no date.
        ("We may sign in March, or Friday the 9th at the latest.", (), ("March", "Friday the 9th")),
        ("Wir starten im März, Termin am Donnerstag.", (), ("März", "am Donnerstag")),
        (
            "On se revoit jeudi prochain, la semaine prochaine au plus tard.",
            (),
            ("jeudi", "la semaine prochaine"),
        ),
        ("Lo firmamos en noviembre, ayer hablé con legal.", (), ("noviembre", "ayer")),
    ],
)
def test_money_and_date_patterns(text, money, dates):
    entities = EntityExtractor(CallContext("c1")).extract(text)
    assert entities.money == money
    assert entities.dates == dates


def test_company_gazetteer_and_suffix_detection():
    ctx = CallContext("c1", account_name="Acme Logistics",
                      participants=(Participant("Dana Whitfield", None, "Acme Logistics", "External", "s2"),))  # fmt: skip
    entities = EntityExtractor(ctx, competitors=("Gong",)).extract(
        "acme logistics already uses Gong, and Globex Corp asked Dana for a reference."
    )
    assert entities.companies == ("Acme Logistics", "Globex Corp")
    assert entities.competitors == ("Gong",)
    assert entities.people == ("Dana Whitfield",)


@pytest.mark.parametrize(
    "text",
    [
        "Probably our new VP of Engineering, Rob Castellano.",
        "Our head of procurement, Lisa Grant, signs it.",
        "They have a new director for EMEA, Paul Rudd, on it.",
    ],
)
def test_a_person_introduced_by_a_role_of_a_department_is_no_organisation(text):
    assert EntityExtractor(CallContext("c1")).outside_names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "GPS on all of them.",
        "First one — PoE.",
        "¿Y la integración con el TPV quién la hace?",
        "Wir starten Ende Januar.",
    ],
)
def test_a_technical_abbreviation_or_a_part_of_a_month_is_no_organisation(text):
    assert EntityExtractor(CallContext("c1")).outside_names(text) == []


def test_an_organisation_beside_a_person_introduced_by_a_role_stays_one():
    text = "The new owner of Brenntal, Dana Holt, called me."
    assert EntityExtractor(CallContext("c1")).outside_names(text) == ["Brenntal"]


def test_in_a_call_held_in_german_a_capitalised_noun_is_no_organisation():
    turns = [
        "Guten Tag, wir schauen uns heute die Zahlen an und ich teile den Bildschirm.",
        "Ja, das passt, wir haben nicht viel Zeit.",
        "Im Moment Excel-Listen.",  # one function word: alone it would not read as German
        "Das Coaching von Northwind?",
        "Verstanden, Chorus ist auch im Rennen.",
    ]
    extractor = EntityExtractor(CallContext("c1"), competitors=("Chorus",), partners=("Excel",))
    extractor.learn(turns)
    assert extractor.outside_names(turns[2]) == [] and extractor.outside_names(turns[3]) == []
    assert extractor.extract(turns[4], competing=True).competitors == ("Chorus",)
    # The same short turns in an English call keep their names.
    english = EntityExtractor(CallContext("c2"))
    english.learn(["We looked at this last week and it works for us.", "Sure, thanks for the time today."])
    assert english.proper_names("we also spoke to Das Consulting about it") == ["Das Consulting"]


def test_a_german_line_in_an_english_call_names_no_organisation_by_its_nouns():
    extractor = EntityExtractor(CallContext("c1"))
    extractor.learn(["Thanks for joining, let's get started.", "Sure, happy to walk you through it."])
    assert extractor.outside_names("Das Reporting hängt stark vom jeweiligen Standort ab.") == []
    assert extractor.outside_names("Zeigen Dashboards nur die eigenen Zahlen?") == []
    # Two capitalised words inside a German sentence still name something.
    line = "Wir arbeiten seit Jahren mit Weber Logistik zusammen, aber nur für die Lager."
    assert extractor.outside_names(line) == ["Weber Logistik"]


@pytest.mark.parametrize(
    "line",
    [
        "Our CFO, Margit, she signs anything over fifty thousand.",
        "Anything over budget goes to Tomasz Wilk, our controller.",
        "The rollout is led by Ines Carvalho now that the old team is gone.",
    ],
)
def test_a_person_named_by_their_role_or_a_pronoun_is_no_outside_organisation(line):
    extractor = EntityExtractor(CallContext("c1"))
    extractor.learn(["Thanks for joining, let's get started.", "Sure, happy to walk you through it."])
    assert extractor.outside_names(line) == []


def test_an_organisation_chosen_is_still_named_beside_a_role():
    extractor = EntityExtractor(CallContext("c1"))
    line = "Our CFO decided we went with Nexo Digital last year."
    assert extractor.outside_names(line) == ["Nexo Digital"]


def test_a_team_inside_the_customer_is_no_organisation():
    extractor = EntityExtractor(CallContext("c1"))
    assert extractor.outside_names("our InfoSec people will want the SOC 2 report first") == []


@pytest.mark.parametrize(
    "text",
    [
        "So I run the Market Insights group at the bank.",  # a unit of the customer's own company
        "Half the Northwind ops team flew out last spring.",
        "We'd move from the Premium plan down to the Basic tier.",  # the vendor's plans
        "On va passer du plan Premium au plan Essentiel.",
        "Your Halden install is the one we visited.",  # the vendor's own, named to the vendor
        "Deliveries go to 14 Quarry Lane, round the back.",  # a street
        "Now I'm not sure I can make that case.",  # "Now I'm" names nothing
    ],
)
def test_names_the_words_around_them_place_inside_are_no_outside_organisation(text):
    assert EntityExtractor(CallContext("c1")).outside_names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We hired two PMs and a few engineers for the rollout.",  # an abbreviation in the plural: people
        "All our CSMs would need a seat.",
        "He's moving over in March to run Asia-Pacific for us.",  # a part of the world
        "Our Latin America numbers are flat this year.",
        "Wir wollen das zuerst in Lateinamerika einführen, später in Nordamerika.",
        "Can the data be kept in the EU?",  # a country or union by its letters
        "Ist das ein US-Anbieter?",
    ],
)
def test_plural_abbreviations_and_parts_of_the_world_are_no_organisation(text):
    assert EntityExtractor(CallContext("c1")).outside_names(text) == []


def test_an_acronym_or_a_name_beside_a_region_still_names_an_organisation():
    extractor = EntityExtractor(CallContext("c1"))
    assert extractor.outside_names("Our Europe team already runs on AWS and Brightwave.") == [
        "AWS",
        "Brightwave",
    ]
    assert extractor.outside_names("We ran a pilot with SAP across Asia.") == ["SAP"]


def test_an_outside_organisation_is_still_named_beside_those_words():
    extractor = EntityExtractor(CallContext("c1"))
    assert extractor.outside_names("The quote from Meraki came in lower than your quote.") == ["Meraki"]
    assert extractor.outside_names("We also talked to Halden about the Premium plan.") == ["Halden"]


def test_a_name_the_call_once_places_inside_stays_inside():
    extractor = EntityExtractor(CallContext("c1"))
    turns = [
        "On va passer du plan Premium au plan Essentiel.",
        "Pour nous, le Premium à 4 200 euros, ce n'est plus défendable.",
    ]
    assert extractor.outside_names(turns[1]) == ["Premium"]
    extractor.learn(turns)
    assert extractor.outside_names(turns[1]) == []


def test_topics_and_summary_cover_who_what_and_next_steps(acme, globex):
    assert acme.key_topics[:3] == ("Pricing", "Budget", "Security & Compliance")
    assert acme.summary.splitlines()[0].startswith("“Acme pricing review” with Sam Rivera and Acme Logistics")
    assert "way too expensive" in acme.summary
    step = next(line for line in globex.summary.splitlines() if line.startswith("Next step — "))
    assert "I'll send the order form on Friday" in step and "(owner: Sam Rivera; due: Friday)" in step
    assert "Outcome: advanced" in globex.summary
    assert normalise_topic("pricing discussion") == "Pricing"
    assert normalise_topic("Small Talk") is None


def test_call_sentiment_weights_external_speakers():
    segments = [_seg(0, "x" * 100, "External"), _seg(1, "y" * 100, "Internal")]
    assert call_sentiment(segments, [-0.8, 0.8]) == pytest.approx(0.75 * -0.8 + 0.25 * 0.8)
    assert call_sentiment(segments[1:], [0.5]) == 0.5
    assert call_sentiment([_seg(0, "x", "Unknown")], [-0.3]) == -0.3


def test_analysis_is_deterministic_and_versioned(engine, acme):
    assert engine.analyze_call(ACME_CTX, list(reversed(ACME_SEGMENTS))) == acme
    assert acme.engine == "local" and acme.model_version.startswith("local-")
    assert [s.transcript_id for s in acme.segments] == [s.transcript_id for s in ACME_SEGMENTS]


def test_empty_transcript(engine):
    analysis = engine.analyze_call(CallContext("c1"), [_seg(0, "   ")])
    assert analysis.summary == EMPTY_TRANSCRIPT_SUMMARY
    assert (analysis.risks, analysis.segments, analysis.key_topics, analysis.sentiment) == ((), (), (), 0.0)


def test_segments_of_another_call_are_rejected(engine):
    with pytest.raises(ValueError, match="other calls"):
        engine.analyze_call(CallContext("c1"), [_seg(0, "hello", call_id="c2")])


def test_multi_hour_call_is_analysed_quickly(engine):
    lines = [s.text for s in ACME_SEGMENTS + GLOBEX_SEGMENTS]
    segments = [_seg(i, lines[i % len(lines)] + f" Item {i}.", "External" if i % 2 else "Internal",
                     start=i * 6_000) for i in range(1800)]  # fmt: skip  # 3 hours, ~25k words
    started = time.perf_counter()
    analysis = engine.analyze_call(CallContext("c1"), segments)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"3-hour call took {elapsed:.1f}s"
    assert len(analysis.segments) == 1800
    assert sum(r.type == "pricing_objection" for r in analysis.risks) == 3  # capped per type
    assert len(analysis.summary) < 2500


def test_a_rep_pitch_is_never_briefed_as_the_outcome():
    from include.gong_intel.enrich.local_engine import LocalEngine
    from include.gong_intel.enrich.records import CallContext, EnrichSettings, Segment

    line = "Managers can leave comments at any point in the call."
    texts = [line, "We compared three vendors last quarter and the budget is tight.", line, line]
    segments = [
        Segment(
            f"c-{i}", "c", i, "s1", "Riley Novak", "Internal", None, None, i * 10_000, i * 10_000 + 9_000, t
        )
        for i, t in enumerate(texts)
    ]
    ctx = CallContext("c", "Review", None, "Riley Novak", "Acme", None, ())
    analysis = LocalEngine(EnrichSettings(embedding_backend="hashing")).analyze_call(ctx, segments)
    assert "Managers can leave comments" not in analysis.summary
    assert "Outcome: stalled — no concrete next step agreed." in analysis.summary


def test_an_internal_call_raises_no_no_next_steps_risk(engine):
    # The call of test_no_next_steps_when_call_ends_without_them, between two colleagues: a pipeline review
    # agrees nothing with a customer, and nothing should be.
    segments = [
        _seg(i, f"We reviewed item number {i} of the quarterly plan in detail.", "Internal")
        for i in range(12)
    ]
    assert [r.type for r in engine.analyze_call(CallContext("c1"), segments).risks] == []


CLOSING = [
    ("Internal", "Shall I send the order form and book a kickoff for Monday?"),
    ("External", "Send it over, we'll look at it with finance."),
    ("Internal", "Great, talk soon."),
    ("External", "Thanks, we'll be in touch about where this lands."),
]


@pytest.mark.parametrize(
    ("outcome", "step", "line"),
    [
        ("advanced", da.AgreedStep(0, 1), "Outcome: advanced — a next step was agreed."),
        (
            "advanced",
            None,
            "Outcome: advanced — the call ends moving forward, though no concrete step was read. Last word "
            "from the customer — Buyer: “Thanks, we'll be in touch about where this lands.”",
        ),
        (
            "stalled",
            da.AgreedStep(0, 1),
            "Outcome: stalled — a step was discussed, but the call does not end moving forward. Last word "
            "from the customer — Buyer: “Thanks, we'll be in touch about where this lands.”",
        ),
        (
            "lost",
            None,
            "Outcome: lost — the call ends without the customer going ahead. Last word from the customer — "
            "Buyer: “Thanks, we'll be in touch about where this lands.”",
        ),
    ],
)
def test_the_brief_states_the_outcome_it_is_given_and_says_where_the_step_disagrees(outcome, step, line):
    segments = _turns(CLOSING)
    acts = da.TurnActs.unread(len(segments))
    brief = act_brief(CallContext("c1"), segments, acts, step, (), (), outcome=outcome)
    assert brief.splitlines()[1] == line


def test_the_key_objection_is_the_turn_that_raises_the_risk_when_turns_touch():
    # Recorded turns touch: each ends where the next begins. A risk raised in a turn's first sentence starts
    # at that instant, and it is that turn's, not the customer's turn before it.
    texts = [
        ("External", "Okay. That's better than most."),
        ("External", "Here's my issue, though. The retainer is more than we had hoped to pay."),
        ("Internal", "Understood. What number did you have in mind?"),
    ]
    segments = _turns(texts)
    risk = Risk(
        "pricing_objection", "medium", "The retainer is more than we had hoped to pay.", 5_000, "Buyer"
    )
    assert key_objection_turn(segments, da.TurnActs.unread(len(segments)), [risk]) == 1


def test_the_key_objection_head_picks_among_the_customer_turns_it_read():
    texts = [
        ("External", "We looked at the numbers again last night."),
        ("External", "Honestly the price is a lot more than we had in mind."),
        ("Internal", "I understand. What would work for you?"),
        ("External", "Something closer to the figure we discussed in March."),
    ]
    segments = _turns(texts)
    risk = Risk("pricing_objection", "medium", "We looked at the numbers again last night.", 0, "Buyer")
    unread = da.TurnActs.unread(len(segments))
    # The rep's turn scores highest and the last turn was not read: the best customer turn it read wins.
    scored = replace(unread, key_objection=np.array([0.2, 1.5, 9.0, -np.inf]))
    assert key_objection_turn(segments, scored, [risk]) == 1
    # Without the head, the turn of the first most severe risk.
    assert key_objection_turn(segments, unread, [risk]) == 0
    # A call with no risk and no turn read as an objection has no key objection, whatever the head scores.
    assert key_objection_turn(segments, scored, []) is None

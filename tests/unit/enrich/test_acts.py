"""Dialogue acts in the local engine: risks by meaning with speaker side, negation and resolution kept in the
logic; the agreed next step (never "no next steps" when one was agreed); a brief built from the acts."""

from datetime import UTC, datetime

import pytest

from include.gong_intel.enrich import acts as da
from include.gong_intel.enrich import lexicons as lx
from include.gong_intel.enrich.local_engine import LocalEngine
from include.gong_intel.enrich.records import CallContext, EnrichSettings, Participant, Segment

pytestmark = pytest.mark.skipif(da.load_act_model() is None, reason="no fitted dialogue-act model")


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    engine = LocalEngine(EnrichSettings())
    if "+acts-" not in engine.model_version:
        pytest.skip("the MiniLM backend is not installed")
    return engine


def _call(lines: list[tuple[str, str]]) -> tuple[CallContext, list[Segment]]:
    names = {"rep": "Dana Ruiz", "buyer": "Tom Becker"}
    segments = [
        Segment(
            transcript_id=f"c-{i:04d}",
            call_id="c",
            ordinal=i,
            speaker_id=side,
            speaker_name=names[side],
            affiliation="Internal" if side == "rep" else "External",
            company=None,
            topic=None,
            start_ms=i * 10_000,
            end_ms=i * 10_000 + 9_000,
            text=text,
        )
        for i, (side, text) in enumerate(lines)
    ]
    context = CallContext(
        call_id="c",
        title="Pricing follow-up",
        started_at=datetime(2026, 10, 1, tzinfo=UTC),
        rep_name="Dana Ruiz",
        account_name="Acme Freight",
        participants=(
            Participant("Dana Ruiz", company="Brightline", affiliation="Internal", speaker_id="rep"),
            Participant("Tom Becker", company="Acme Freight", affiliation="External", speaker_id="buyer"),
        ),
    )
    return context, segments


OPENING = [
    ("rep", "Thanks for making the time today, Tom. I wanted to walk through the proposal we sent."),
    ("buyer", "Sure. I read it over the weekend with my team."),
    ("rep", "Great. The rollout covers both warehouses and the dispatch team."),
    ("buyer", "Right, that part matches what we discussed last month."),
]
PRICE_PUSHBACK = ("buyer", "Honestly the number you sent over is well north of what we had in mind for this.")
AGREED_CLOSE = [
    ("rep", "Understood. I'll send you a revised quote with three-year pricing by Friday."),
    ("buyer", "Friday works. I'll take it to our CFO next week."),
    ("rep", "Perfect, talk soon."),
]
VAGUE_CLOSE = [
    ("rep", "Understood. Is there anything else I can do for now?"),
    ("buyer", "Not really. We'll reach out if anything changes on our side."),
    ("rep", "Okay. Thanks for your time, Tom."),
]


def _types(analysis) -> set[str]:
    return {r.type for r in analysis.risks}


def _line_types(engine: LocalEngine, line: str) -> set[str]:
    """The risk types raised when the buyer says ``line`` between the opening and an agreed close."""
    return _types(engine.analyze_call(*_call([*OPENING, ("buyer", line), *AGREED_CLOSE])))


def test_a_step_the_customer_accepts_is_agreed_and_briefed_with_owner_and_day(engine):
    analysis = engine.analyze_call(*_call([*OPENING, PRICE_PUSHBACK, *AGREED_CLOSE]))
    assert "no_next_steps" not in _types(analysis)
    assert "Outcome: advanced" in analysis.summary
    step_line = next(line for line in analysis.summary.splitlines() if line.startswith("Next step"))
    assert "revised quote" in step_line and "owner: Dana Ruiz" in step_line and "Friday" in step_line


def test_a_vague_follow_up_is_no_next_step(engine):
    analysis = engine.analyze_call(*_call([*OPENING, PRICE_PUSHBACK, *VAGUE_CLOSE]))
    assert "no_next_steps" in _types(analysis)
    assert "Next steps: none agreed on the call." in analysis.summary
    assert "Outcome: advanced" not in analysis.summary


def test_a_paraphrased_objection_is_read_by_meaning_and_quoted_in_the_brief(engine):
    analysis = engine.analyze_call(*_call([*OPENING, PRICE_PUSHBACK, *AGREED_CLOSE]))
    assert "Customer objection — Tom Becker: “Honestly the number you sent over" in analysis.summary
    # The customer's acceptance of the step is not their objection, and is briefed as the agreement.
    assert "Agreed — Tom Becker: “Friday works." in analysis.summary


def test_a_negated_price_mention_is_no_objection(engine):
    negated = ("buyer", "Price isn't a problem for us, the budget is already approved and set aside.")
    analysis = engine.analyze_call(*_call([*OPENING, negated, *AGREED_CLOSE]))
    assert not _types(analysis) & {"pricing_objection", "budget"}


@pytest.mark.parametrize(
    "line",
    [
        "On cost, honestly, the quote came in pretty much what we had budgeted, so no drama there.",
        "Look, it's not about the money, the price has been fine all along.",
        "Am Preis liegt es wirklich nicht, der ist in Ordnung.",
        "Honnêtement, ce n'est pas le prix qui nous bloque.",
    ],
)
def test_a_price_in_line_with_expectations_or_said_not_to_matter_is_no_objection(engine, line):
    assert lx.NEUTRALIZER.search(line) or da.ACCEPTS_TERMS.search(line)
    assert not _line_types(engine, line) & {"pricing_objection", "budget"}


def test_a_question_asking_for_information_is_no_objection_and_a_challenge_is(engine):
    pitch = ("rep", "Our pricing is per seat, billed annually, and the admin seats are included.")
    answer = ("rep", "Good question, let me walk you through it.")
    worried = ("buyer", "We're worried about cost, honestly, it's more than we budgeted.")

    def pricing_quotes(question: str) -> list[str]:
        close = [
            ("rep", "Understood, I'll send a proposal on Friday."),
            ("buyer", "Sounds good, talk Friday."),
        ]
        lines = [pitch, ("buyer", question), answer, worried, *close]
        return [r.quote for r in engine.analyze_call(*_call(lines)).risks if r.type == "pricing_objection"]

    assert "What does that cost on our current plan?" not in pricing_quotes(
        "What does that cost on our current plan?"
    )
    challenge = "Why is this twice the price of what we pay today?"
    assert challenge in pricing_quotes(challenge)


def test_a_question_on_how_the_product_is_run_asks_for_information():
    # "In-house" speaks of building it themselves, but here the customer asks how the vendor does it.
    for line in (
        "Is the matching done in-house or by a third party?",
        "Are your recordings stored with an outside provider or in-house?",
    ):
        assert lx.INFORMATION_QUESTION.search(line), line
    assert not lx.INFORMATION_QUESTION.search("Is that really worth twice what the in-house team costs?")


@pytest.mark.parametrize(
    "line",
    [
        "Ist das ein US-Anbieter?",
        "Are you guys a German company?",
        "¿Es eso un proveedor local?",
        "Est-ce que c'est un fournisseur européen ?",
    ],
)
def test_asking_what_the_vendor_is_asks_for_information(line):
    assert lx.INFORMATION_QUESTION.search(line)


def test_a_question_that_names_another_vendor_is_still_no_identity_question():
    assert not lx.INFORMATION_QUESTION.search("Is Meridian a better fit than you for us?")
    assert not lx.INFORMATION_QUESTION.search("Are we really going to pay double what Kestrel charges?")


def test_asking_whether_something_is_charged_is_no_risk(engine):
    # "seats" speaks of churn ("we're cutting seats"), and the turn around the question reads like a renewal.
    line = "Is there an extra charge for the warehouse seats? How does the renewal price work after year one? Honestly we love it so far."
    assert _line_types(engine, line) == set()
    assert lx.INFORMATION_QUESTION.search("Is there a setup fee for the scanners?")
    assert not lx.INFORMATION_QUESTION.search("Is there any flexibility on the per-seat fee?")


def test_procurement_doing_its_routine_part_is_no_legal_risk(engine):
    assert "legal_security" not in _line_types(
        engine, "Procurement needs the proposal on our template, that's all."
    )
    assert da.procurement_routine("Our purchasing team will want the quote on their own supplier form.")


@pytest.mark.parametrize(
    "line",
    [
        "Purchasing has us jumping through hoops for every new supplier.",
        "Procurement won't take anything that isn't on our paper.",
        "Procurement is sitting on it for another three weeks at least.",
        "Procurement wants the DPA signed first.",
    ],
)
def test_procurement_holding_the_deal_up_still_speaks_of_legal(line):
    assert not da.procurement_routine(line)


@pytest.mark.parametrize(
    "line",
    [
        "We got your quote, but I wasn't sure if the number covers the install or not.",
        "Die Staffelpreise sind mir ehrlich gesagt noch nicht ganz klar.",
        "Lo del mantenimiento no me quedó muy claro en la propuesta.",
    ],
)
def test_saying_what_one_did_not_understand_asks_for_information(line):
    assert lx.CLARIFICATION.search(line)


def test_doubting_a_case_can_be_made_is_no_request_for_information():
    assert not lx.CLARIFICATION.search("I'm not sure I can justify that price to the board.")


@pytest.mark.parametrize(
    "line",
    [
        "I'm leaving the company at the end of June, so Dana takes over from me.",
        "We can still get the last batch in before the cut-off next Friday.",
        "We reorganized in the spring, so some of those seats moved teams.",  # seats named, none given up
        "My replacement hasn't been named yet.",  # a successor, not a product replaced
    ],
)
def test_the_speaker_leaving_or_a_cut_off_date_is_no_churn_subject(line):
    assert not da.RISK_SUBJECT["churn_threat"].search(line)


def test_the_customer_leaving_is_still_a_churn_subject():
    assert da.RISK_SUBJECT["churn_threat"].search("If nothing changes, we're leaving at the end of the term.")
    assert da.RISK_SUBJECT["churn_threat"].search("Next year we'll need fewer seats, maybe half.")
    assert da.RISK_SUBJECT["churn_threat"].search("We'd reduce the seat count at renewal.")
    assert da.RISK_SUBJECT["churn_threat"].search("We might replace the whole platform next year.")


def test_an_answer_before_the_money_does_not_deny_it():
    budget = da.RISK_SUBJECT["budget"]
    assert not budget.search("Oh, no, budget's not a problem, it's already approved.")
    assert not budget.search("No, the funding came through last week.")
    assert budget.search("No, there's no budget left this year.")
    assert budget.search("Honestly, no, we have nothing in the budget for it.")
    assert budget.search("We don't have the funding for a second phase.")
    churn = da.RISK_SUBJECT["churn_threat"]
    assert not churn.search("No, we're renewing, that's decided.")
    assert churn.search("No, we won't renew at that price.")
    assert churn.search("We're not, honestly, going to renew at that price.")


def test_a_sentence_read_by_the_phrase_rules_and_by_meaning_is_one_risk(engine):
    worried = ("buyer", "We're worried about cost, honestly, it's more than we budgeted.")
    analysis = engine.analyze_call(*_call([*OPENING, worried, *AGREED_CLOSE]))
    assert [r.quote for r in analysis.risks if r.type == "pricing_objection"] == [worried[1]]


def test_the_rep_voicing_an_objection_is_no_customer_risk(engine):
    rep_side = (
        "rep",
        "I know the number we sent over is north of what you had in mind, and that it's pricey.",
    )
    analysis = engine.analyze_call(*_call([*OPENING, rep_side, *AGREED_CLOSE]))
    assert "pricing_objection" not in _types(analysis)


def test_an_objection_the_customer_later_accepts_as_answered_is_resolved(engine):
    pushback = ("buyer", "Honestly, the price is too expensive for us, it's way above what we pay today.")
    resolved = [
        pushback,
        ("rep", "If we move to a three-year term the annual price comes down to forty-five thousand."),
        ("buyer", "Okay, at forty-five thousand a year the price works for us. That solves it, thank you."),
    ]
    open_call = engine.analyze_call(*_call([*OPENING, pushback, *AGREED_CLOSE]))
    resolved_call = engine.analyze_call(*_call([*OPENING, *resolved, *AGREED_CLOSE]))
    assert "pricing_objection" in _types(open_call)
    assert "pricing_objection" not in _types(resolved_call)


def test_terms_accepted_in_reply_to_the_reps_offer_resolve_the_objection(engine):
    # The acceptance names no price word: the rep's offer it answers speaks of the price.
    pushback = ("buyer", "Honestly, the price is too expensive for us, it's way above what we pay today.")
    offer = ("rep", "If we move to a three-year term the annual price comes down to forty-five thousand.")
    accepted = (
        "buyer",
        "Alright. Three years at forty-five, with the credit in writing. That I can live with.",
    )
    moved_on = ("buyer", "Alright. Let's look at the rollout plan for the second warehouse then.")
    resolved = engine.analyze_call(*_call([*OPENING, pushback, offer, accepted, *AGREED_CLOSE]))
    still_open = engine.analyze_call(*_call([*OPENING, pushback, offer, moved_on, *AGREED_CLOSE]))
    assert "pricing_objection" not in _types(resolved)
    assert "pricing_objection" in _types(still_open)


def test_a_sentence_accepting_the_terms_raises_no_objection(engine):
    accepting = ("buyer", "You know what, $19,440 prepaid, I can live with that.")
    assert "pricing_objection" not in _types(
        engine.analyze_call(*_call([*OPENING, accepting, *AGREED_CLOSE]))
    )


def test_a_competitor_set_aside_by_name_later_in_the_call_is_resolved(engine):
    weighed = ("buyer", "To be straight, we've got a quote in from Ostrander Machines, and it came in lower.")
    answer = ("rep", "Thanks for telling me. Our service package covers the spindles for five years.")
    set_aside = ("buyer", "With that service package, Ostrander Machines is off the table for us.")
    still = ("buyer", "Good to know. We'll keep weighing it against Ostrander.")
    shortened = ("buyer", "With that service package, Ostrander's off the table for us.")
    assert "competitor" in _types(
        engine.analyze_call(*_call([*OPENING, weighed, answer, still, *AGREED_CLOSE]))
    )
    for line in (set_aside, shortened):  # a name said in full is often shortened when set aside
        resolved = engine.analyze_call(*_call([*OPENING, weighed, answer, line, *AGREED_CLOSE]))
        assert "competitor" not in _types(resolved)


@pytest.mark.parametrize(
    "line",
    [
        "Just so you hear it from me: we've signed with Corvella Systems as of Monday.",
        "We've had a demo unit from Trantor Labeling on the packing line since September.",
        "Al final hemos decidido quedarnos con Grupo Almansa, es lo más sencillo.",
        # a competing offer
        "I'll be straight with you, Brenntal came in at about sixty-two for the same footprint.",
        "Wir haben nämlich auch ein Angebot von Kranich Fördertechnik auf dem Tisch.",
        "Nos ha llegado una propuesta de otra asesoría, Gestiona Levante, un quince por ciento más barata.",
    ],
)
def test_another_organisation_chosen_tried_or_staying_is_a_competitor_risk(engine, line):
    assert da.CHOSE_ANOTHER.search(line)
    assert "competitor" in _line_types(engine, line)


def test_a_choice_asked_about_or_denied_is_no_competitor_risk(engine):
    for line in (
        "Did you sign with Corvella Systems as a reseller partner?",
        "We're not going with Corvella Systems, that was never on the cards.",
    ):
        assert "competitor" not in _line_types(engine, line), line


@pytest.mark.parametrize(
    "line",
    [
        "The renewal questionnaire this year asks whether we run phishing simulations.",
        "We wanted the answer before we renew the warehouse leases in July.",
    ],
)
def test_a_renewal_mentioned_is_no_churn_threat(engine, line):
    assert "churn_threat" not in _line_types(engine, line)


@pytest.mark.parametrize(
    "line",
    [
        "To be honest, we won't be renewing when the contract ends in June.",
        "Honestly, I don't think we'll renew the subscription next year.",
    ],
)
def test_a_renewal_refused_is_a_churn_threat(engine, line):
    assert "churn_threat" in _line_types(engine, line)


@pytest.mark.parametrize(
    "line", ["Money's tight since the plant closed.", "Cash’s short until the grant lands."]
)
def test_the_phrase_rules_read_money_held_back_in_a_contraction(line):
    assert "budget" in {p.risk_type for p in lx.RISK_PATTERNS if p.regex.search(line)}


@pytest.mark.parametrize(
    "line",
    [
        "Honestly, our software budget for this year is already fully committed.",
        "The capex envelope for our plants next year has been cut by about a third.",
        "We're being asked to do more with less across every department this year.",
        "Money's tight for us right now, two sessions a week is more than we can do.",
    ],
)
def test_money_held_back_is_a_budget_risk(engine, line):
    assert "budget" in _line_types(engine, line)


@pytest.mark.parametrize(
    "line",
    [
        "Our head of operations reports straight to the CFO, so she'll want to see this too.",
        "We had budgeted around ninety thousand for this, so the quote fits nicely.",
    ],
)
def test_money_only_named_is_no_budget_risk(engine, line):
    assert "budget" not in _line_types(engine, line)


@pytest.mark.parametrize(
    "line",
    [
        "Quick heads-up: from February I won't be leading this anymore, and my successor isn't named yet.",
        "Priya's been moved to the retail side as of last week, so this isn't her call anymore.",
    ],
)
def test_a_champion_moved_or_no_longer_owning_the_deal_is_champion_loss(engine, line):
    assert "champion_loss" in _line_types(engine, line)


@pytest.mark.parametrize(
    "line",
    [
        "Between us, this isn't my decision anymore, procurement owns it from here.",
        "Heads-up, Nadia is off to a competitor in March, she told us on Friday.",
        "Herr Brandt geht im Februar in den Ruhestand, und dann ist das offen.",
        "Nuestra directora se jubila en marzo y nadie ha cogido el proyecto.",
    ],
)
def test_a_sponsor_leaving_or_the_deal_no_longer_theirs_is_read_in_four_languages(line):
    assert "champion_loss" in {p.risk_type for p in lx.RISK_PATTERNS if p.regex.search(line)}


def test_a_price_raised_is_a_pricing_subject():
    pricing = da.RISK_SUBJECT["pricing_objection"]
    for line in (
        "So the new proposal came in fifteen percent higher than the last one.",
        "Another increase, right when we're trying to cut costs.",
        "L'augmentation annoncée au printemps n'a pas aidé.",
        "Eine Preiserhöhung um 9 % ist für uns schwer.",
    ):
        assert pricing.search(line), line
    assert not pricing.search("We had a great quarter and the team grew a lot.")


@pytest.mark.parametrize(
    ("risk_type", "line"),
    [
        ("pricing_objection", "For us close rate is the one number the board looks at every month."),
        ("pricing_objection", "Our churn rate went up last year, that's the worry on our side."),
        ("budget", "We have a change freeze in the last two weeks of each quarter."),
        ("timeline_slip", "We export everything into spreadsheets and build the reports by hand."),
        ("timeline_slip", "Our worst problem is visibility, we only find out about slipping deals too late."),
    ],
)
def test_a_metric_a_release_freeze_a_report_or_slipping_deals_speak_of_no_risk_subject(
    engine, risk_type, line
):
    # "Rate", "number", "freeze" and "report" also name metrics, release windows and documents; "slipping deals"
    # are what the customer lives with, not this deal's timeline.
    assert not da.RISK_SUBJECT[risk_type].search(line)
    assert risk_type not in _line_types(engine, line)


def test_a_rate_a_freeze_or_a_postponement_still_speaks_of_its_subject():
    assert da.RISK_SUBJECT["pricing_objection"].search("Your day rates are well above the other bids.")
    assert da.RISK_SUBJECT["budget"].search("There's a freeze on all new spend until April.")
    assert da.RISK_SUBJECT["timeline_slip"].search("Le lancement est reporté à janvier.")
    assert da.RISK_SUBJECT["timeline_slip"].search("Honestly, the signature is slipping to March.")


def test_a_legal_blocker_is_resolved_by_words_of_acceptance_not_by_a_turn_that_sounds_settled(engine):
    blocker = ("buyer", "Our counsel will not sign with an uncapped liability clause, full stop.")
    ask = ("rep", "Understood. Can we look at the cap together?")
    pending = ("buyer", "The contract team will review it next week, that part is settled.")
    accepted = ("buyer", "With the cap at twelve months, the contract works for us.")
    assert "legal_security" in _types(
        engine.analyze_call(*_call([*OPENING, blocker, ask, pending, *AGREED_CLOSE]))
    )
    assert "legal_security" not in _types(
        engine.analyze_call(*_call([*OPENING, blocker, ask, accepted, *AGREED_CLOSE]))
    )


@pytest.mark.parametrize(
    "line",
    ["Let me push back on that assumption a little.", "Sorry, I'm moving out of the lobby, it's loud here."],
)
def test_pushing_back_on_an_idea_or_moving_out_of_a_room_is_no_slip(line):
    assert "timeline_slip" not in {p.risk_type for p in lx.RISK_PATTERNS if p.regex.search(line)}
    assert not da.RISK_SUBJECT["timeline_slip"].search(line)


def test_a_plan_pushed_back_is_still_a_slip():
    line = "We'll have to push the pilot back to April."
    assert "timeline_slip" in {p.risk_type for p in lx.RISK_PATTERNS if p.regex.search(line)}
    assert da.RISK_SUBJECT["timeline_slip"].search(line)


@pytest.mark.parametrize(
    "line",
    [
        "Realistisch wird das mit dem Go-live erst Oktober.",
        "On ne prendra aucune décision avant la fin de l'audit.",
        "No decision until the audit is closed, I'm afraid.",
        "Siendo realistas, el arranque será en mayo.",
    ],
)
def test_a_date_put_realistically_later_or_a_decision_held_back_is_a_slip_subject(line):
    assert da.RISK_SUBJECT["timeline_slip"].search(line)


def test_the_numbers_accepted_after_a_price_objection_resolve_it(engine):
    # A figure alone raises no price objection, but once one is raised, "the numbers" speak of it.
    pushback = ("buyer", "Honestly, the price is too expensive for us, it's way above what we pay today.")
    offer = ("rep", "If we move to a three-year term we can take twelve percent off.")
    accepted = ("buyer", "Okay, on a three-year term the numbers work for us.")
    call = engine.analyze_call(*_call([*OPENING, pushback, offer, accepted, *AGREED_CLOSE]))
    assert "pricing_objection" not in _types(call)
    assert not da.RISK_SUBJECT["pricing_objection"].search(accepted[1])


def test_a_date_given_up_is_a_timeline_slip_and_a_date_kept_is_not(engine):
    # No delay word: the schedule ("until the spring") with a word of change ("hold off") says it.
    slipped = (
        "buyer",
        "Realistically we'll have to hold off until the spring, once the new fiscal year starts.",
    )
    kept = ("buyer", "Our go-live in September went smoothly, the team was really happy with it.")
    planned = (
        "buyer",
        "The steering committee meets in March, and we'd like the rollout done before summer.",
    )
    assert "timeline_slip" in _types(engine.analyze_call(*_call([*OPENING, slipped, *AGREED_CLOSE])))
    assert "timeline_slip" not in _types(engine.analyze_call(*_call([*OPENING, kept, *AGREED_CLOSE])))
    assert "timeline_slip" not in _types(engine.analyze_call(*_call([*OPENING, planned, *AGREED_CLOSE])))


def test_a_slip_the_customer_settles_on_stays_a_slip(engine):
    slip = "So the board pushed the whole warehouse project. Realistically we're now looking at March, not November."
    later = "We'd rather push it than do it badly, so that's settled."  # reads as a resolution, and is the slip again
    lines = [
        *OPENING,
        ("buyer", slip),
        ("rep", "I see. What would it take to keep November?"),
        ("buyer", later),
    ]
    analysis = engine.analyze_call(*_call([*lines, *AGREED_CLOSE]))
    assert "timeline_slip" in _types(analysis)


def test_a_slip_told_over_two_sentences_or_with_a_postponement_verb_is_read(engine):
    def slips(line: str) -> bool:
        return "timeline_slip" in _line_types(engine, line)

    # The date in one sentence, giving it up in the next.
    assert slips("We were aiming to launch in June. That isn't going to happen now, the team is stretched.")
    assert not slips("We were aiming to launch in June. That is still the plan, the team is ready.")
    # The common postponement verbs of German, French and Spanish speak of the subject (whether a turn raises
    # it is the act model's reading, which is weak outside English).
    subject = da.RISK_SUBJECT["timeline_slip"]
    for line in (
        "Das Projekt wird auf den Herbst verschoben.",
        "Le projet est repoussé à l'automne.",
        "Hemos pospuesto el proyecto.",
        "La decisión se posterga.",
    ):
        assert subject.search(line), line
    assert not subject.search("Das Projekt läuft wie geplant.")


def test_agreed_next_step_needs_the_customer_to_accept_a_concrete_proposal():
    labels = ("next_step", "commitment")
    import numpy as np

    quiet = da.TurnActs(labels, np.zeros((3, 2)))
    texts = ["I'll send the order form on Thursday.", "Thursday works for us.", "Great, bye."]
    assert da.agreed_next_step(texts, [False, True, False], quiet) == da.AgreedStep(1, 0)
    # The same words from the rep alone are a proposal nobody took up.
    assert da.agreed_next_step(texts, [False, False, False], quiet) is None
    # No day and no commitment read by the model: a vague offer, even if the customer says "sounds good".
    vague = ["We'll reach out if anything changes.", "Sounds good.", "Bye."]
    assert da.agreed_next_step(vague, [False, True, False], quiet) is None


def test_a_committed_proposal_is_a_step_only_with_a_day_and_a_later_acceptance():
    import numpy as np

    committed = da.TurnActs(("next_step", "commitment"), np.tile([0.0, 0.9], (3, 1)))
    # Read as a commitment, accepted, but no day anywhere: a courtesy, not a next step.
    courtesy = ["I'll pass that on to our applications team.", "Please do.", "Thanks, bye."]
    assert da.agreed_next_step(courtesy, [False, True, False], committed) is None
    # The same exchange with the day named in the acceptance settles a step.
    dated = ["I'll send the revised order form over.", "Please do, Tuesday at the latest.", "Will do."]
    assert da.agreed_next_step(dated, [False, True, False], committed) == da.AgreedStep(1, 0)
    # The customer's own conditional offer: its acceptance words ("put it in") accept nothing.
    own = ["If I decide to put it in the request, I'll reach out.", "Thanks, Brian.", "Bye."]
    assert da.agreed_next_step(own, [True, False, True], committed) is None
    # A customer offer that names its own day needs no second turn.
    dated_own = ["I'll send it over on Friday, deal?", "Great.", "Bye."]
    assert da.agreed_next_step(dated_own, [True, False, True], committed) == da.AgreedStep(0, 0)
    # A customer's dated commitment the rep takes up is a step too.
    taken_up = ["And I'll sign your terms of business today.", "Perfect, thank you.", "Bye."]
    assert da.agreed_next_step(taken_up, [True, False, True], committed) == da.AgreedStep(1, 0)


def test_outcome_sentiment_is_politeness_free():
    from include.gong_intel.enrich.records import sentiment_label

    friendly_nothing = {"negative": 0.1, "neutral": 0.5, "positive": 0.4}
    assert sentiment_label(da.outcome_sentiment(False, friendly_nothing)) == "neutral"
    assert sentiment_label(da.outcome_sentiment(True, friendly_nothing)) == "positive"
    ends_badly = {"negative": 0.6, "neutral": 0.3, "positive": 0.1}
    assert sentiment_label(da.outcome_sentiment(False, ends_badly)) == "negative"
    assert sentiment_label(da.outcome_sentiment(True, ends_badly)) == "negative"


def test_organisations_named_outside_the_calls_parties_are_candidates_for_a_competitor():
    from include.gong_intel.enrich.local_engine import EntityExtractor

    context, segments = _call(OPENING)
    extractor = EntityExtractor(context)
    text = "Acme Freight also asked Meraki and Brightline Networks for a quote, Tom says."
    assert extractor.outside_names(text) == ["Meraki"]
    assert extractor.extract(text).competitors == ()
    assert extractor.extract(text, competing=True).competitors == ("Meraki",)


def test_a_day_of_the_month_and_a_sales_role_are_no_organisations():
    from include.gong_intel.enrich.local_engine import EntityExtractor

    extractor = EntityExtractor(_call(OPENING)[0])
    text = "We trialled Meraki on November 10th with our SDR team and two AEs."
    assert extractor.outside_names(text) == ["Meraki"]


def test_a_configured_partner_system_is_the_customers_own_stack_never_a_competitor(engine):
    from dataclasses import replace

    from include.gong_intel.enrich.local_engine import EntityExtractor

    context, _ = _call(OPENING)
    text = (
        "Honestly, most of our pipeline still lives in Salesforce and a pile of spreadsheets nobody trusts."
    )
    assert EntityExtractor(context).outside_names(text) == ["Salesforce"]
    assert EntityExtractor(context, partners=("Salesforce", "HubSpot")).outside_names(text) == []

    partnered = LocalEngine(replace(engine.settings, partners=("Salesforce", "HubSpot")))
    analysis = partnered.analyze_call(*_call([*OPENING, ("buyer", text), *AGREED_CLOSE]))
    assert "competitor" not in _types(analysis)
    said = next(s.entities for s in analysis.segments if s.transcript_id == f"c-{len(OPENING):04d}")
    assert "Salesforce" in said.companies and said.competitors == ()


def test_the_shipped_act_model_carries_a_key_objection_head_over_its_own_labels():
    import numpy as np

    model = da.load_act_model()
    assert model is not None
    head = model.key_objection
    assert head is not None and set(head.inputs) <= set(model.labels)
    texts = ["Thanks for walking us through it.", "The price is well above what we budgeted.", "Okay."]
    customer = [False, True, True]
    vectors = np.random.default_rng(0).normal(size=(3, model.coef.shape[1] - 3))
    probs = model.probabilities(vectors, customer, texts)
    scores = model.key_objection_scores(vectors, customer, texts, probs)
    assert scores is not None and scores.shape == (3,) and np.isfinite(scores).all()
    headless = da.DialogueActModel("x", model.embedding_model, model.labels, model.coef, model.intercept)
    assert headless.key_objection_scores(vectors, customer, texts, probs) is None

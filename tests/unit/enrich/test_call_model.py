"""The opt-in call model (call_sentiment = "ending"): how a call ends decides its sentiment, politeness alone
does not, and plainly negative words keep a call negative."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from include.gong_intel.enrich.call_model import MODEL_FILE, OUTCOME_MODEL_FILE, load_call_sentiment_model
from include.gong_intel.enrich.local_engine import LocalEngine
from include.gong_intel.enrich.records import CallContext, EnrichSettings, Segment, sentiment_label

pytestmark = pytest.mark.skipif(load_call_sentiment_model() is None, reason="no fitted call model")


def _call(lines: list[tuple[str, str]]) -> tuple[CallContext, list[Segment]]:
    segments = [
        Segment(
            transcript_id=f"c-{i:04d}",
            call_id="c",
            ordinal=i,
            speaker_id=side,
            speaker_name="Rep" if side == "rep" else "Buyer",
            affiliation="Internal" if side == "rep" else "External",
            company=None,
            topic=None,
            start_ms=i * 10_000,
            end_ms=i * 10_000 + 9_000,
            text=text,
        )
        for i, (side, text) in enumerate(lines)
    ]
    return CallContext(call_id="c", started_at=datetime(2026, 10, 1, tzinfo=UTC)), segments


WON_OVER = [
    ("rep", "So that's the rollout plan we sketched for your two warehouses."),
    ("buyer", "This is exactly what our team has been missing, honestly."),
    ("rep", "Great. Shall I send the order form today?"),
    ("buyer", "Yes please, send it over and I'll sign it by Friday."),
    ("rep", "Perfect, and I'll book the kickoff with your ops lead for Monday the 12th."),
    ("buyer", "Monday works. Looking forward to getting started."),
]
WALKED_AWAY = [
    ("rep", "So that's the rollout plan we sketched for your two warehouses."),
    ("buyer", "I have to be straight with you, we signed with the other vendor yesterday."),
    ("rep", "Oh. Is there anything that would change that?"),
    ("buyer", "No, the decision is made and the contract is countersigned."),
    ("rep", "Understood. Thanks for letting me know."),
    ("buyer", "Sorry it didn't work out. Take care."),
]

POLITE_STALL = [
    ("rep", "So that's the rollout plan we sketched for your two warehouses."),
    ("buyer", "Thanks, this was genuinely helpful, I like what you've built."),
    ("rep", "Great. Shall I send the order form over today?"),
    ("buyer", "Not yet. Honestly nothing is moving on our side until the reorganisation settles."),
    ("rep", "Understood. Should we put something in the diary for January?"),
    ("buyer", "I'd rather not commit to a date. I'll reach out when things calm down."),
    ("rep", "No problem at all. Thanks for your time."),
    ("buyer", "Thanks, you too. Take care."),
]


def test_the_ending_separates_a_won_over_buyer_from_one_who_walked_away():
    engine = LocalEngine(EnrichSettings(call_sentiment="ending"))
    won = engine.analyze_call(*_call(WON_OVER)).sentiment
    lost = engine.analyze_call(*_call(WALKED_AWAY)).sentiment
    assert won > lost
    assert sentiment_label(lost) != "positive"


def test_the_method_and_the_weights_are_part_of_the_version():
    lexical = LocalEngine(EnrichSettings(call_sentiment="lexical"))
    ending = LocalEngine(EnrichSettings(call_sentiment="ending"))
    default = LocalEngine(EnrichSettings())
    assert "call-sentiment" not in lexical.model_version
    assert ending.model_version.startswith(lexical.model_version + "+call-sentiment-ending-")
    assert default.model_version.startswith(lexical.model_version + "+call-sentiment-acts-")
    hashing = LocalEngine(EnrichSettings(call_sentiment="ending", embedding_backend="hashing"))
    assert "call-sentiment" not in hashing.model_version  # hashed vectors carry no meaning


def test_the_model_was_fitted_on_the_dev_half_only():
    import json

    fitted = json.loads(MODEL_FILE.read_text())
    assert fitted["trained_on"]["corpus_split"] == "dev"
    # Besides the dev half, only the call endings written as training data (never graded by bench.quality).
    endings = Path(__file__).resolve().parents[3] / "bench" / "corpus" / "endings"
    assert fitted["trained_on"]["endings"] == len(list(endings.glob("*.json"))) > 0
    assert len(fitted["coef"]) == len(fitted["classes"]) == 3


def test_the_outcome_model_reads_how_the_call_ends_into_the_brief():
    engine = LocalEngine(EnrichSettings())
    outcome = {
        name: engine.analyze_call(*_call(lines)).summary.splitlines()[1]
        for name, lines in (("won", WON_OVER), ("lost", WALKED_AWAY), ("stalled", POLITE_STALL))
    }
    assert outcome["won"] == "Outcome: advanced — a next step was agreed."
    assert outcome["lost"].startswith("Outcome: lost — Buyer: “No, the decision is made")
    # Friendly to the end, and nothing moves: not advanced, and not lost either.
    assert outcome["stalled"].startswith("Outcome: stalled — no concrete next step agreed.")
    assert sentiment_label(engine.analyze_call(*_call(POLITE_STALL)).sentiment) == "neutral"


def test_the_outcome_model_is_versioned_and_fitted_on_the_dev_half_only():
    import json

    fitted = json.loads(OUTCOME_MODEL_FILE.read_text())
    assert fitted["trained_on"]["corpus_split"] == "dev"
    assert fitted["trained_on"] == {**json.loads(MODEL_FILE.read_text())["trained_on"]}  # the same calls
    assert sorted(fitted["classes"]) == ["advanced", "lost", "stalled"]
    assert "+outcome-" in LocalEngine(EnrichSettings(call_sentiment="lexical")).model_version
    assert "+outcome-" not in LocalEngine(EnrichSettings(embedding_backend="hashing")).model_version


def test_the_outcome_model_reads_embedded_turns_whatever_the_sentiment_method():
    # The act model embeds only the turns some rule reads; the closing stretch it embeds must cover the
    # outcome model's tail even when no call-sentiment model is in use, or it would average unread zeros.
    engine = LocalEngine(EnrichSettings(call_sentiment="lexical"))
    lines = [
        ("rep" if i % 2 == 0 else "buyer", f"Point {i} of the walkthrough, on the pick lists.")
        for i in range(30)
    ]
    _, segments = _call(lines)
    acts = engine._turn_acts(segments)
    assert acts is not None and acts.vectors is not None
    tail = engine._tail_vectors(engine._outcome_model, segments, acts)
    assert len(tail) == 12 and (abs(tail).sum(axis=1) > 0).all()

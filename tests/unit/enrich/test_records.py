"""Validation in the shared records and settings."""

from __future__ import annotations

import pytest

from include.gong_intel.enrich.records import (
    CallAnalysis,
    EngineUsage,
    EnrichSettings,
    InvalidModelOutput,
    Risk,
    Segment,
    SegmentResult,
)


def test_risk_rejects_unknown_type_and_severity():
    with pytest.raises(ValueError, match="Unknown risk type"):
        Risk("price", "high", "q")
    with pytest.raises(ValueError, match="severity"):
        Risk("budget", "critical", "q")


def test_sentiment_must_be_within_range():
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        SegmentResult("t1", 1.5)
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        CallAnalysis("c1", "s", (), (), float("nan"), (), "local", "v")


def test_segment_validates_affiliation_and_times():
    with pytest.raises(ValueError, match="affiliation"):
        Segment("t", "c", 0, None, None, "Customer", None, None, 0, 1, "x")
    with pytest.raises(ValueError, match="time range"):
        Segment("t", "c", 0, None, None, "External", None, None, 10, 5, "x")
    assert Segment("t", "c", 0, "42", None, "External", None, None, 0, 5, "x").speaker_label == "Speaker 42"


def test_settings_from_mapping_coerces_and_rejects_typos():
    settings = EnrichSettings.from_mapping(
        {"engine": "cohere", "embedding_dim": "1024", "competitors": "Gong, Clari", "request_timeout_s": "30"}
    )
    assert settings.embedding_dim == 1024
    assert settings.competitors == ("Gong", "Clari")
    assert settings.request_timeout_s == 30.0
    with pytest.raises(ValueError, match="Unknown enrichment settings"):
        EnrichSettings.from_mapping({"enigne": "local"})
    with pytest.raises(ValueError, match="96"):
        EnrichSettings(embed_batch_size=200)
    with pytest.raises(ValueError, match="engine"):
        EnrichSettings(engine="openai")


def test_usage_plus_returns_new_totals():
    usage = EngineUsage().plus(requests=2, input_tokens=10).plus(requests=1, rate_limited_s=0.5)
    assert (usage.requests, usage.input_tokens, usage.rate_limited_s) == (3, 10, 0.5)


def test_invalid_model_output_keeps_only_a_truncated_preview():
    error = InvalidModelOutput("summary must be a non-empty string", "x" * 5000)
    assert error.reason == "summary must be a non-empty string"
    assert len(error.preview) == 201
    assert len(str(error)) < 400

"""Local embedders: shape, normalisation, determinism and a small semantic-ranking check."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from include.gong_intel.enrich.embeddings import HashingEmbedder, MiniLMEmbedder, get_local_embedder
from include.gong_intel.enrich.local_engine import LocalEngine
from include.gong_intel.enrich.records import EnrichSettings

PASSAGES = [
    "That's way over our budget per seat.",
    "The weather in Lisbon was lovely during the offsite.",
    "Can you send over the calendar invite for the onboarding workshop?",
]
QUERY = "what are customers saying about pricing"


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return get_local_embedder("minilm", 384)


def test_hashing_vectors_are_normalised_deterministic_and_lexically_meaningful():
    embedder = HashingEmbedder(384)
    vectors = embedder.encode(
        ["pricing per seat is too high", "the per seat pricing is high", "lunch in Lisbon"]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.5 > vectors[0] @ vectors[2]
    # Same vectors in a fresh process: CRC32 features, not Python's salted hash().
    code = (
        "from include.gong_intel.enrich.embeddings import HashingEmbedder;"
        "print(HashingEmbedder(384).encode(['pricing per seat is too high'])[0][:8].round(5).tolist())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(vectors[0][:8].round(5).tolist())


def test_minilm_ranks_the_pricing_passage_first(minilm):
    passages = minilm.encode(PASSAGES)
    query = minilm.encode([QUERY])[0]
    assert passages.shape == (3, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    scores = passages @ query
    assert int(np.argmax(scores)) == 0
    assert scores[0] - scores[1] > 0.1


def test_hashing_cannot_match_paraphrases_which_is_why_minilm_is_the_default():
    embedder = HashingEmbedder(384)
    scores = embedder.encode(PASSAGES) @ embedder.encode([QUERY])[0]
    assert abs(scores[0]) < 0.1  # no shared words between "pricing" and "budget per seat"


def test_local_engine_embed_reports_the_model_used(minilm):
    engine = LocalEngine(EnrichSettings(embedding_backend="minilm"))
    assert engine.embedding_model == "all-MiniLM-L6-v2"
    vectors = engine.embed(PASSAGES, "search_document")
    assert vectors.shape == (3, 384)
    assert engine.usage.embed_texts == 3
    hashing = LocalEngine(EnrichSettings(embedding_backend="hashing"))
    assert hashing.embedding_model == "hashing-ngram-384"
    assert hashing.embed(["a b c"], "search_query").shape == (1, 384)


def test_embed_rejects_blank_texts_and_unknown_input_type():
    engine = LocalEngine(EnrichSettings(embedding_backend="hashing"))
    with pytest.raises(ValueError, match="positions \\[1\\]"):
        engine.embed(["fine", "  "], "search_document")
    with pytest.raises(ValueError, match="input_type"):
        engine.embed(["fine"], "classification")  # type: ignore[arg-type]


def test_minilm_requires_384_dimensions():
    with pytest.raises(ValueError, match="384"):
        get_local_embedder("minilm", 1024)


def test_the_default_minilm_runs_under_onnx_runtime_with_the_sentence_transformers_vectors(minilm):
    from include.gong_intel.enrich.embeddings import MINILM_MODEL_NAME, MiniLMOnnxEmbedder

    assert isinstance(minilm, MiniLMOnnxEmbedder) and minilm.model_name == MINILM_MODEL_NAME
    texts = [
        *PASSAGES,
        "ok",
        "We'd need SOC 2 before legal signs off on the contract. " * 60,
    ]  # past 256 tokens
    reference = MiniLMEmbedder().encode(texts)
    vectors = minilm.encode(texts)
    # The same weights and pipeline (256-token cut, mean pooling): equal vectors, so they share the model id
    # and vectors made before the switch are not re-embedded.
    assert float(np.min(np.sum(vectors * reference, axis=1))) > 0.99999
    assert minilm.encode([]).shape == (0, 384)


def test_int8_variant_is_close_to_fp32_but_has_its_own_model_id(minilm, tmp_path_factory, monkeypatch):
    from include.gong_intel.enrich.embeddings import MINILM_INT8_MODEL_NAME, MiniLMInt8Embedder

    cached = tmp_path_factory.getbasetemp().parent / "int8-model-cache"
    monkeypatch.setenv("GONG_INTEL_MODEL_CACHE", str(cached))
    int8 = MiniLMInt8Embedder(threads=1)
    assert (cached / f"{MINILM_INT8_MODEL_NAME}.onnx").is_file()
    texts = [*PASSAGES, "We'd need SOC 2 before legal signs off on the contract. " * 40]
    vectors, reference = int8.encode(texts), minilm.encode(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Same pipeline as sentence-transformers (256-token cut, mean pooling): only the int8 weights differ.
    assert float(np.min(np.sum(vectors * reference, axis=1))) > 0.97
    scores = vectors[:3] @ int8.encode([QUERY])[0]
    assert int(np.argmax(scores)) == 0
    # Vectors of the two variants are never compared: the model id says which one made them.
    assert int8.model_name == MINILM_INT8_MODEL_NAME != minilm.model_name
    engine = LocalEngine(EnrichSettings(embedding_backend="minilm-int8"))
    assert engine.embedding_model == MINILM_INT8_MODEL_NAME
    assert engine.embed(PASSAGES[:1], "search_document").shape == (1, 384)
    assert int8.encode([]).shape == (0, 384)

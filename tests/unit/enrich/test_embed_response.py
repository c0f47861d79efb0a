"""Reading Cohere embed responses: base64 float32 vectors (what the engine asks for), float lists, bad answers."""

from __future__ import annotations

import base64
from types import SimpleNamespace

import numpy as np
import pytest

from include.gong_intel.enrich.cohere_engine import embedding_matrix
from include.gong_intel.enrich.records import EnrichmentError


def _b64(rows: np.ndarray, dtype: str = "<f4") -> list[str]:
    return [base64.b64encode(np.asarray(row, dtype=dtype).tobytes()).decode("ascii") for row in rows]


def test_base64_vectors_decode_to_the_same_float32_values_in_order():
    rows = np.array([[0.25, -1.5, 3.0], [1e-3, 0.0, -2.75]], dtype=np.float32)
    matrix = embedding_matrix(SimpleNamespace(base64=_b64(rows), float_=None), 2, 3)
    assert matrix.dtype == np.float32 and matrix.shape == (2, 3)
    assert matrix.tolist() == rows.tolist()


def test_float_lists_are_read_when_no_base64_came_back():
    matrix = embedding_matrix(SimpleNamespace(base64=None, float_=[[1.0, 2.0], [3.0, 4.5]]), 2, 2)
    assert matrix.tolist() == [[1.0, 2.0], [3.0, 4.5]]


@pytest.mark.parametrize(
    ("embeddings", "message"),
    [
        (None, "shape (0,)"),
        (SimpleNamespace(base64=None, float_=[[1.0, 2.0]]), "shape (1, 2) for 2 texts"),
        (SimpleNamespace(base64=["not base64!"], float_=None), "invalid base64"),
        # float64 bytes: twice the length a float32 vector of the requested dimension has.
        (SimpleNamespace(base64=_b64(np.ones((2, 2)), "<f8"), float_=None), "expected 16 bytes"),
        (SimpleNamespace(base64=_b64(np.ones((1, 2))), float_=None), "1 base64 vectors"),
        (SimpleNamespace(base64=_b64(np.array([[np.nan, 1.0], [1.0, 1.0]])), float_=None), "non-finite"),
    ],
)
def test_missing_short_undecodable_or_non_finite_answers_are_enrichment_errors(embeddings, message):
    with pytest.raises(EnrichmentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        embedding_matrix(embeddings, 2, 2)

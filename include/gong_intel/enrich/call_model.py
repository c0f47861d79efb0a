"""The local engine's call-level sentiment: how the call ends, read by meaning.

Politeness is not positivity: a buyer who says "thanks, this was really helpful" and books nothing is neutral
about the deal, and one who is friendly while choosing another vendor is negative. The model reads the last
turns of the call (their all-MiniLM-L6-v2 embeddings, averaged) through a multinomial logistic regression
fitted on the development half of the evaluation corpus and the labelled call endings written as training data
(``python -m bench.train_call_model``; its weights and the conversations they came from are in
``models/call_sentiment.json``). The call's score in [-1, 1] says the
most likely class in the product's terms: the neutral band (``records.SENTIMENT_NEUTRAL_BAND``) reads it back
as that class.

The call's outcome (advanced, stalled or lost) is read the same way, by a second regression over the same
averaged tail (``models/call_outcome.json``, fitted by the same command on the same calls and endings).

Only with the MiniLM backend: hashed vectors carry no meaning, and the engine then keeps the lexical score and
reads the outcome from the dialogue acts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "models" / "call_sentiment.json"
OUTCOME_MODEL_FILE = MODEL_FILE.with_name("call_outcome.json")


def tail_texts(turn_texts: Sequence[str], n: int) -> list[str]:
    """The last ``n`` non-empty turns (the whole call when shorter)."""
    texts = [t.strip() for t in turn_texts if t and t.strip()]
    return texts[-n:] if texts else [""]


@dataclass(frozen=True)
class CallEndingModel:
    """A multinomial logistic regression over the averaged embeddings of a call's last turns."""

    fingerprint: str
    embedding_model: str
    tail_turns: int
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, vectors: np.ndarray) -> dict[str, float]:
        """Class probabilities for the embeddings of a call's tail turns (one row per turn)."""
        import numpy as np

        mean = np.asarray(vectors, dtype=np.float64).mean(axis=0)
        logits = self.coef @ mean + self.intercept
        logits -= logits.max()
        exp = np.exp(logits)
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}

    def most_likely(self, vectors: np.ndarray) -> str:
        """The class with the highest probability (the outcome model's reading of a call)."""
        p = self.probabilities(vectors)
        return max(p, key=lambda c: p[c])

    def score(self, vectors: np.ndarray) -> float:
        """The most likely class as a score the product's neutral band reads back as that class: beyond
        the band by the class's probability for positive and negative, inside it (by the lean between the
        two) for neutral."""
        from include.gong_intel.enrich.records import SENTIMENT_NEUTRAL_BAND as band

        p = self.probabilities(vectors)
        best = max(p, key=lambda c: p[c])
        if best == "positive":
            return round(band + (1 - band) * p["positive"], 4)
        if best == "negative":
            return round(-(band + (1 - band) * p["negative"]), 4)
        return round(band * (p.get("positive", 0.0) - p.get("negative", 0.0)), 4)


def load_call_sentiment_model(path: Path = MODEL_FILE) -> CallEndingModel | None:
    """The fitted sentiment model, or None when the file is absent (the engine then keeps the lexical score)."""
    return _load(path)


def load_call_outcome_model(path: Path = OUTCOME_MODEL_FILE) -> CallEndingModel | None:
    """The fitted outcome model, or None when the file is absent (the engine then reads the outcome from the
    dialogue acts)."""
    return _load(path)


@lru_cache(maxsize=4)
def _load(path: Path) -> CallEndingModel | None:
    import numpy as np

    if not path.exists():
        return None
    text = path.read_text()
    raw = json.loads(text)
    return CallEndingModel(
        fingerprint=hashlib.sha256(text.encode()).hexdigest()[:8],
        embedding_model=raw["embedding_model"],
        tail_turns=int(raw["tail_turns"]),
        classes=tuple(raw["classes"]),
        coef=np.asarray(raw["coef"], dtype=np.float64),
        intercept=np.asarray(raw["intercept"], dtype=np.float64),
    )

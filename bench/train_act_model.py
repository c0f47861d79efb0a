"""Fit the local engine's dialogue-act model on the evaluation corpus's development half.

    python -m bench.train_act_model [--check]

One logistic regression per label over each turn's meaning (its all-MiniLM-L6-v2 sentence embedding) and its
place in the call (customer side or not, relative position, ends with a question mark). Labels are the
corpus's dialogue acts (objection, concern, question, commitment, next_step, decision, resolution) and its
risk types, each on the turn that raises it. Only the ``dev`` half of ``bench/corpus`` is read; the fitted
weights go to ``include/gong_intel/enrich/models/dialogue_acts.json`` with the ids they were fitted on.
``--check`` refits and fails when the committed file differs (the fit is deterministic).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import prepare_environment
from bench.quality import load_corpus

if TYPE_CHECKING:
    import numpy as np

MODEL_PATH = (
    Path(__file__).resolve().parents[1]
    / "include"
    / "gong_intel"
    / "enrich"
    / "models"
    / "dialogue_acts.json"
)
# Chosen on the dev half by 4-fold cross-validation grouped by call (C in 0.25, 1, 4 read about the same).
C = 1.0


def turn_block(doc: dict, embedder: Any) -> tuple[np.ndarray, np.ndarray]:
    """One conversation's turn features and its 0/1 label matrix (turns x labels)."""
    import numpy as np

    from include.gong_intel.enrich.acts import ACT_LABELS, RISK_ACT_LABELS, turn_features

    labels = (*RISK_ACT_LABELS, *ACT_LABELS)
    sides = {p["speaker_id"]: p.get("side") for p in doc["parties"]}
    turns = sorted(doc["turns"], key=lambda t: t["turn"])
    vectors = embedder.encode([t["text"] for t in turns])
    features = turn_features(
        vectors, [sides.get(t["speaker_id"]) == "customer" for t in turns], [t["text"] for t in turns]
    )
    index = {t["turn"]: i for i, t in enumerate(turns)}
    y = np.zeros((len(turns), len(labels)))
    for risk in doc["labels"].get("risks", []):
        if risk["type"] in RISK_ACT_LABELS and risk["turn"] in index:
            y[index[risk["turn"]], labels.index(risk["type"])] = 1
    for act in doc["labels"].get("acts", []):
        if act["turn"] in index:
            y[index[act["turn"]], labels.index(act["act"])] = 1
    return features, y


def fit_weights(features: np.ndarray, y: np.ndarray) -> tuple[list[list[float]], list[float]]:
    """One balanced logistic regression per label column: (coef rows, intercepts), rounded for the file."""
    from sklearn.linear_model import LogisticRegression

    coef, intercept = [], []
    for j in range(y.shape[1]):
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(features, y[:, j])
        coef.append([round(float(v), 6) for v in model.coef_[0]])
        intercept.append(round(float(model.intercept_[0]), 6))
    return coef, intercept


def fit() -> dict:
    import numpy as np

    from include.gong_intel.enrich.acts import ACT_LABELS, RISK_ACT_LABELS
    from include.gong_intel.enrich.embeddings import MINILM_MODEL_NAME, get_local_embedder

    docs = load_corpus("dev")
    embedder = get_local_embedder("minilm", 384)
    blocks = [turn_block(doc, embedder) for doc in docs]
    features = np.vstack([b[0] for b in blocks])
    coef, intercept = fit_weights(features, np.vstack([b[1] for b in blocks]))
    ids = sorted(d["id"] for d in docs)
    return {
        "model": "dialogue_acts",
        "embedding_model": MINILM_MODEL_NAME,
        "labels": [*RISK_ACT_LABELS, *ACT_LABELS],
        "coef": coef,
        "intercept": intercept,
        "trained_on": {
            "corpus_split": "dev",
            "conversations": len(ids),
            "turns": int(features.shape[0]),
            "ids_sha256": hashlib.sha256(",".join(ids).encode()).hexdigest(),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    prepare_environment()
    fitted = fit()
    text = json.dumps(fitted) + "\n"
    if args.check:
        same = MODEL_PATH.exists() and MODEL_PATH.read_text() == text
        print("dialogue_acts.json is up to date" if same else "dialogue_acts.json differs from a refit")
        return 0 if same else 1
    MODEL_PATH.write_text(text)
    print(f"wrote {MODEL_PATH} ({fitted['trained_on']['conversations']} dev conversations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

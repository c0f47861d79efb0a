"""Fit the local engine's dialogue-act model on the evaluation corpus's development half.

    python -m bench.train_act_model [--check]

One logistic regression per label over each turn's meaning (its all-MiniLM-L6-v2 sentence embedding) and its
place in the call (customer side or not, relative position, ends with a question mark). Labels are the
corpus's dialogue acts (objection, concern, question, commitment, next_step, decision, resolution) and its
risk types, each on the turn that raises it. Only the ``dev`` half of ``bench/corpus`` is read; the fitted
weights go to ``include/gong_intel/enrich/models/dialogue_acts.json`` with the ids they were fitted on.
``--check`` refits and fails when the committed file differs (the fit is deterministic).

A second stage picks the call's key objection: one logistic regression over the customer turns, reading each
turn's features and the act model's probabilities of the risk types, objection, concern and resolution, with the
labelled key objection's turn as the positive. It is fitted on out-of-fold probabilities (four folds grouped by
call, an act model fitted on three reads the fourth), so it weighs them as they read on calls the act model has
not seen.
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
from include.gong_intel.enrich.acts import RISK_ACT_LABELS

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
# The key-objection head. Out of fold on the dev half (the same four folds; the brief's other lines from the
# fold's act model), the brief states the labelled key objection in 0.86 of the 91 dev calls that have one,
# choosing among the turns the engine reads, against 0.78 for the first most severe risk's turn; reading
# the turn alone (without the act probabilities) gave 0.81, and C = 2 0.81 (all turns as candidates).
KEY_INPUTS = (*RISK_ACT_LABELS, "objection", "concern", "resolution")
KEY_C = 0.5
KEY_FOLDS = 4


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
        "key_objection": fit_key_objection(docs, blocks),
        "trained_on": {
            "corpus_split": "dev",
            "conversations": len(ids),
            "turns": int(features.shape[0]),
            "ids_sha256": hashlib.sha256(",".join(ids).encode()).hexdigest(),
        },
    }


def fold_weights(
    blocks: list[tuple[np.ndarray, np.ndarray]],
    folds: int,
    extra: list[tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[list[int], list[tuple[list[list[float]], list[float]]]]:
    """Out-of-fold act weights: the calls' blocks dealt into ``folds`` folds by a fixed shuffle, and for each
    fold the weights fitted on the other folds' blocks (and ``extra``). Returns each block's fold and the
    weights per fold."""
    import numpy as np

    order = np.random.RandomState(0).permutation(len(blocks))
    fold_of = [0] * len(blocks)
    for k, i in enumerate(order):
        fold_of[int(i)] = k % folds
    weights = []
    for k in range(folds):
        train = [b for b, fold in zip(blocks, fold_of, strict=True) if fold != k] + list(extra or ())
        weights.append(fit_weights(np.vstack([b[0] for b in train]), np.vstack([b[1] for b in train])))
    return fold_of, weights


def fit_key_objection(docs: list[dict], blocks: list[tuple[np.ndarray, np.ndarray]]) -> dict:
    """The key-objection head over the customer turns: turn features and out-of-fold act probabilities."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from include.gong_intel.enrich.acts import ACT_LABELS

    labels = [*RISK_ACT_LABELS, *ACT_LABELS]
    columns = [labels.index(label) for label in KEY_INPUTS]
    fold_of, weights = fold_weights(blocks, KEY_FOLDS)
    oof = []
    for (features, _), fold in zip(blocks, fold_of, strict=True):
        coef, intercept = weights[fold]
        logits = features @ np.asarray(coef).T + np.asarray(intercept)
        oof.append(1.0 / (1.0 + np.exp(-logits[:, columns])))
    rows, targets = [], []
    for doc, (features, _), probs in zip(docs, blocks, oof, strict=True):
        key_turn = (doc["labels"].get("key_objection") or {}).get("turn")
        numbers = [t["turn"] for t in sorted(doc["turns"], key=lambda t: t["turn"])]
        customer = features[:, -3] == 1.0  # turn_features: embedding, customer side, position, question
        rows.append(np.hstack([features, probs])[customer])
        targets.append(np.array([n == key_turn for n in numbers])[customer])
    model = LogisticRegression(C=KEY_C, max_iter=5000, class_weight="balanced").fit(
        np.vstack(rows), np.concatenate(targets)
    )
    return {
        "inputs": list(KEY_INPUTS),
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "fitted_on": f"customer turns, out-of-fold act probabilities ({KEY_FOLDS} folds grouped by call)",
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

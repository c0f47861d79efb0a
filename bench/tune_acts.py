"""Choose the risk thresholds of the dialogue-act model out of fold, on the corpus's development half only.

    python -m bench.tune_acts [--values 0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.01] [--folds 4] [--extra DIR]

The development calls are split into folds (grouped by call, a fixed shuffle); for each fold an act model is
fitted on the other folds, exactly as ``bench.train_act_model`` fits the product's, and the local engine reads
the held-out calls with it. At each candidate value every risk type's threshold is set to that value, so one
pass per value measures all types; a value above 1 leaves the type to the phrase rules. Printed: call-level
precision and recall per type and overall at each value, and per type the value with the best F1 (the higher
value where two are within 0.02: precision first). ``acts.RISK_THRESHOLDS`` holds the values chosen this way.
The test half is never read. ``--extra DIR`` adds the labelled conversations of DIR (such as
``bench/corpus/excerpts``) to every fold's training data, to see whether more data would help.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bench.common import prepare_environment
from bench.quality import Scores, corpus_case, load_corpus
from bench.train_act_model import fold_weights, turn_block

F1_TIE = 0.02


class CachedEmbedder:
    """The engine's embedder with a memo: each value's pass re-reads the same turns."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.memo: dict[str, Any] = {}

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if missing:
            self.memo.update(zip(missing, self.inner.encode(missing), strict=True))
        if not texts:
            return self.inner.encode(texts)
        return np.stack([self.memo[t] for t in texts])


def fold_models(
    docs: list[dict], folds: int, embedder: Any, extra: list[dict] | None = None
) -> tuple[dict[str, int], list[Any]]:
    import numpy as np

    from include.gong_intel.enrich.acts import ACT_LABELS, RISK_ACT_LABELS, DialogueActModel
    from include.gong_intel.enrich.embeddings import MINILM_MODEL_NAME

    folds_of, weights = fold_weights(
        [turn_block(d, embedder) for d in docs], folds, [turn_block(d, embedder) for d in extra or ()]
    )
    models = []
    for k, (coef, intercept) in enumerate(weights):
        models.append(
            DialogueActModel(
                f"fold{k}",
                MINILM_MODEL_NAME,
                (*RISK_ACT_LABELS, *ACT_LABELS),
                np.asarray(coef),
                np.asarray(intercept),
            )
        )
    return {d["id"]: fold for d, fold in zip(docs, folds_of, strict=True)}, models


def out_of_fold(docs: list[dict], fold_of: dict[str, int], models: list[Any], embedder: Any) -> dict:
    from include.gong_intel.enrich.local_engine import LocalEngine
    from include.gong_intel.enrich.records import EnrichSettings

    scores = Scores()
    for k, model in enumerate(models):
        engine = LocalEngine(EnrichSettings())
        engine._act_model = model
        engine._embedder = embedder
        for doc in docs:
            if fold_of[doc["id"]] == k:
                case = corpus_case(doc)
                scores.add(case, engine.analyze_call(case.context, case.segments), 0.0)
    return scores.report()


def _f1(p: float | None, r: float | None) -> float:
    return 2 * p * r / (p + r) if p and r else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", default="0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.01")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument(
        "--extra", type=Path, help="labelled conversations added to every fold's training data"
    )
    args = parser.parse_args(argv)
    prepare_environment()
    from include.gong_intel.enrich import acts
    from include.gong_intel.enrich.embeddings import get_local_embedder

    docs = load_corpus("dev")
    embedder = CachedEmbedder(get_local_embedder("minilm", 384))
    extra = load_corpus(None, args.extra) if args.extra else []
    fold_of, models = fold_models(docs, args.folds, embedder, extra)
    chosen = dict(acts.RISK_THRESHOLDS)
    reports = {}
    for value in (float(v) for v in args.values.split(",")):
        for risk_type in acts.RISK_THRESHOLDS:
            acts.RISK_THRESHOLDS[risk_type] = value
        reports[value] = out_of_fold(docs, fold_of, models, embedder)
        report = reports[value]
        print(
            f"threshold {value}: precision {report['risk_precision']:.2f} recall {report['risk_recall']:.2f}"
        )
        for risk_type in chosen:
            r = report["risks"][risk_type]
            print(
                f"  {risk_type:<18} P {r['precision'] or 0:.2f}  R {r['recall'] or 0:.2f}  ({r['expected']})"
            )
    acts.RISK_THRESHOLDS.update(chosen)
    print(f"\nbest per type, out of fold on {len(docs)} dev calls:")
    for risk_type in chosen:
        f1 = {
            v: _f1(rep["risks"][risk_type]["precision"], rep["risks"][risk_type]["recall"])
            for v, rep in reports.items()
        }
        top = max(f1.values())
        best = max(v for v, f in f1.items() if f >= top - F1_TIE)
        r = reports[best]["risks"][risk_type]
        print(
            f"  {risk_type:<18} {best}  P {r['precision'] or 0:.2f}  R {r['recall'] or 0:.2f}  (now {chosen[risk_type]})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

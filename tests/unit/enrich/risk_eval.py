"""Measure the local engine's risk detector against a synthetic tenant's ground truth.

Each call of a generated tenant is turned into segments the way the stage SQL does it (one segment per Gong
monologue, sentences joined in time order, speakers resolved through the call's parties) and analysed by
:class:`LocalEngine`. A risk type counts as found in a call when the analysis has a risk of that type; it is
expected when the call's truth has the scenario of the same name. Per type the report gives call-level
precision and recall, plus how many of the correctly found risks quote a line the generator recorded as
evidence for that scenario (a manager reads the quote, so a right type with an unrelated quote is worth
little).

Run it for a tenant of any size (the tests use a small one)::

    PYTHONPATH=. .venv/bin/python -m tests.unit.enrich.risk_eval --seed 7 --calls 200 [--misses]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from include.gong_intel.enrich.local_engine import LocalEngine
from include.gong_intel.enrich.records import (
    RISK_TYPES,
    CallAnalysis,
    CallContext,
    EnrichSettings,
    Participant,
    Segment,
)
from local_stack.tenant import SELLER, CallTruth, GeneratedCall, iter_calls
from local_stack.tenant.segments import staged_segments

# The generator names its risk scenarios after the risk types they should produce.
SCENARIO_TO_RISK: dict[str, str] = {risk_type: risk_type for risk_type in RISK_TYPES}
EVAL_END_DATE = date(2025, 6, 4)


@dataclass(frozen=True, slots=True)
class TypeQuality:
    """Call-level confusion counts of one risk type, and how many true positives quote the evidence."""

    risk_type: str
    true_positives: int
    false_positives: int
    false_negatives: int
    quoted_evidence: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def expected(self) -> int:
        return self.true_positives + self.false_negatives


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """What was expected and found in one call (for reading the misses)."""

    call_id: str
    language: str
    expected: frozenset[str]
    found: frozenset[str]
    analysis: CallAnalysis
    truth: CallTruth
    call_end_ms: int


@dataclass(frozen=True)
class RiskReport:
    """Per-type quality over a tenant, plus the per-call outcomes it was computed from."""

    seed: int
    n_calls: int
    per_type: dict[str, TypeQuality]
    calls: tuple[CallOutcome, ...] = field(repr=False)

    def table(self) -> str:
        """A fixed-width table: type, expected calls, TP, FP, FN, precision, recall, quotes on evidence."""
        lines = [
            f"risk quality, tenant seed {self.seed}, {self.n_calls} calls",
            f"{'type':<18} {'calls':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6} {'quote':>6}",
        ]
        for q in self.per_type.values():
            quote = f"{q.quoted_evidence}/{q.true_positives}"
            lines.append(
                f"{q.risk_type:<18} {q.expected:>5} {q.true_positives:>4} {q.false_positives:>4} "
                f"{q.false_negatives:>4} {q.precision:>6.2f} {q.recall:>6.2f} {quote:>6}"
            )
        return "\n".join(lines)


def call_inputs(generated: GeneratedCall) -> tuple[CallContext, list[Segment]]:
    """The engine's inputs for one generated call, shaped as the stage SQL shapes them."""
    call = generated.call
    call_id = generated.call_id
    participants = tuple(
        Participant(p.get("name"), p.get("emailAddress"), None, p.get("affiliation") or "Unknown",
                    p.get("speakerId"))
        for p in call.get("parties", [])
    )  # fmt: skip
    rep = next((p.get("name") for p in call.get("parties", []) if p.get("userId") == generated.truth.rep_user_id),
               None)  # fmt: skip
    started = call["metaData"].get("started")
    ctx = CallContext(
        call_id=call_id,
        title=call["metaData"].get("title"),
        started_at=datetime.fromisoformat(started) if started else None,
        rep_name=rep,
        account_name=generated.truth.account_name,
        opportunity_name=generated.truth.opportunity_name,
        participants=participants,
    )
    return ctx, staged_segments(call, generated.transcript)


def _quotes_evidence(analysis: CallAnalysis, truth: CallTruth, risk_type: str) -> bool:
    evidence = [
        " ".join(e.text.split()) for e in truth.evidence if SCENARIO_TO_RISK.get(e.scenario) == risk_type
    ]
    quotes = [r.quote.rstrip("…") for r in analysis.risks if r.type == risk_type]
    return any(q and (q in e or e in q) for q in quotes for e in evidence)


def evaluate(
    calls: Iterable[GeneratedCall],
    engine: LocalEngine | None = None,
    risk_types: Sequence[str] = RISK_TYPES,
    seed: int = -1,
) -> RiskReport:
    """Analyse every call with ``engine`` and compare its risk types with the calls' scenarios.

    :param calls: generated calls (``local_stack.tenant.iter_calls``); calls without transcript text and
        private calls are analysed too: a false alarm there counts like anywhere else.
    :param engine: the engine to measure; a local engine configured with the seller's competitors and
        products (hashing embeddings, which risk detection does not use) when omitted.
    :param risk_types: the types to report.
    :param seed: the tenant seed, for the report's title.
    """
    engine = engine or LocalEngine(
        EnrichSettings(competitors=SELLER.competitors, products=SELLER.products, embedding_backend="hashing")
    )
    counts = {t: [0, 0, 0, 0] for t in risk_types}
    outcomes = []
    for generated in calls:
        ctx, segments = call_inputs(generated)
        analysis = engine.analyze_call(ctx, segments)
        expected = frozenset(SCENARIO_TO_RISK[s] for s in generated.truth.scenarios if s in SCENARIO_TO_RISK)
        found = frozenset(r.type for r in analysis.risks)
        for risk_type in risk_types:
            tp_fp_fn_q = counts[risk_type]
            if risk_type in found and risk_type in expected:
                tp_fp_fn_q[0] += 1
                tp_fp_fn_q[3] += _quotes_evidence(analysis, generated.truth, risk_type)
            elif risk_type in found:
                tp_fp_fn_q[1] += 1
            elif risk_type in expected:
                tp_fp_fn_q[2] += 1
        outcomes.append(
            CallOutcome(
                generated.call_id,
                generated.truth.language,
                expected,
                found,
                analysis,
                generated.truth,
                max((s.end_ms for s in segments), default=0),
            )
        )
    per_type = {t: TypeQuality(t, *c) for t, c in counts.items()}
    return RiskReport(seed, len(outcomes), per_type, tuple(outcomes))


def evaluate_tenant(seed: int, n_calls: int, days: int = 90) -> RiskReport:
    """:func:`evaluate` on the tenant ``iter_calls(seed, n_calls, days, end_date=EVAL_END_DATE)``."""
    return evaluate(iter_calls(seed=seed, n_calls=n_calls, days=days, end_date=EVAL_END_DATE), seed=seed)


def _print_misses(report: RiskReport, risk_type: str | None) -> None:
    for outcome in report.calls:
        for t in sorted(outcome.expected ^ outcome.found):
            if risk_type and t != risk_type:
                continue
            if t in outcome.expected:
                lines = [e.text for e in outcome.truth.evidence if e.scenario == t]
                print(f"MISS {t} [{outcome.language}] {outcome.call_id}: {lines}")
            else:
                quotes = [(r.speaker_name, r.quote) for r in outcome.analysis.risks if r.type == t]
                print(f"FALSE {t} [{outcome.language}] {outcome.call_id}: {quotes}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--misses", action="store_true", help="print every missed and false risk")
    parser.add_argument("--type", default=None, help="only this type's misses")
    args = parser.parse_args(argv)
    report = evaluate_tenant(args.seed, args.calls)
    print(report.table())
    if args.misses:
        _print_misses(report, args.type)


if __name__ == "__main__":
    main()

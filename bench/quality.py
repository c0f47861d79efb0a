"""Analysis quality per engine, on the generated tenant and on the independent evaluation corpus, side by side.

    python -m bench.quality [--engine local] [--split test] [--tenant-calls 120] [--json PATH] [--misses]

The corpus (``bench/corpus``, see its README) was written and labelled without the engine's rules; its
``test`` half is what the figures are reported on, its ``dev`` half is what rules, prototypes and thresholds
may be fitted to (``--split dev`` shows it). The generated tenant is printed beside it only as a contrast:
its phrasings and the detector's were written together, so its figures are no evidence of quality.

Figures: customer sentiment at the end as 3 classes (accuracy, macro-F1); risks per type and overall
(precision, recall; call level, a risk counts when its type is raised and still open at the end); next-step
detection F1 (a call "has a next step" when the engine raises no ``no_next_steps`` risk); how often the
summary states the outcome and the key objection (a labelled keyword appears in it); entity recall per kind;
time per call.

On the tenant, whose calls land Gong's own ``CONTENT`` (brief, key points, outcome, action items, trackers),
a second table sets those signals beside ours call by call (``bench/gong_signals.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import prepare_environment

CORPUS_DIR = Path(__file__).resolve().parent / "corpus" / "conversations"
SENTIMENT_CLASSES = ("negative", "neutral", "positive")
ENTITY_KINDS = ("organisations", "competitors", "products", "amounts", "dates")
# Both engines' briefs state the outcome on a line of their own ("Outcome: stalled — ...").
OUTCOME_LINE = re.compile(r"\bOutcome:\s*(advanced|stalled|lost)\b", re.IGNORECASE)


@dataclass
class Case:
    """One conversation as the engine receives it, with what it should find."""

    case_id: str
    source: str  # "corpus" or "tenant"
    language: str
    context: Any
    segments: list[Any]
    sentiment: str | None
    open_risks: frozenset[str]
    next_step_agreed: bool | None
    outcome_keywords: tuple[str, ...] = ()
    outcome: str | None = None  # advanced | stalled | lost (corpus calls only)
    objection_keywords: tuple[str, ...] = ()
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Risk type -> the texts of the turns labelled as showing it (corpus calls only).
    risk_turns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gong_content: dict[str, Any] | None = None  # Gong's landed CONTENT block (tenant calls only)


# ----------------------------------------------------------------------------------------- loading


def load_corpus(split: str | None = "test", directory: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """The corpus conversations of one split (``None``: all), in id order."""
    docs = [json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))]
    return [d for d in docs if split is None or d.get("split") == split]


def corpus_case(doc: dict[str, Any]) -> Case:
    """A labelled conversation as engine input: one segment per turn, reps Internal, customers External."""
    from include.gong_intel.enrich.records import CallContext, Participant, Segment

    parties = {p["speaker_id"]: p for p in doc["parties"]}
    call_id = doc["id"]
    turns = sorted(doc["turns"], key=lambda t: t["turn"])
    end_s = doc["duration_minutes"] * 60.0
    segments = []
    for i, turn in enumerate(turns):
        party = parties.get(turn["speaker_id"], {})
        start = int(float(turn["start_s"]) * 1000)
        nxt = int(float(turns[i + 1]["start_s"]) * 1000) if i + 1 < len(turns) else int(end_s * 1000)
        segments.append(
            Segment(
                transcript_id=f"{call_id}-{i:04d}",
                call_id=call_id,
                ordinal=i,
                speaker_id=turn["speaker_id"],
                speaker_name=party.get("name"),
                affiliation="Internal" if party.get("side") == "rep" else "External",
                company=party.get("company"),
                topic=None,
                start_ms=start,
                end_ms=max(start, nxt),
                text=turn["text"],
            )
        )
    rep = next((p for p in doc["parties"] if p.get("side") == "rep"), {})
    context = CallContext(
        call_id=call_id,
        title=doc.get("title"),
        started_at=datetime.fromisoformat(doc["started_at"].replace("Z", "+00:00")),
        rep_name=rep.get("name"),
        account_name=doc.get("account"),
        participants=tuple(
            Participant(
                name=p["name"],
                company=p.get("company"),
                affiliation="Internal" if p.get("side") == "rep" else "External",
                speaker_id=p["speaker_id"],
            )
            for p in doc["parties"]
        ),
    )
    labels = doc["labels"]
    objection = labels.get("key_objection") or {}
    turn_text = {t["turn"]: t["text"] for t in turns}
    risk_turns: dict[str, list[str]] = defaultdict(list)
    for risk in labels.get("risks", []):
        if risk.get("turn") in turn_text:
            risk_turns[risk["type"]].append(turn_text[risk["turn"]])
    return Case(
        case_id=call_id,
        source="corpus",
        language=doc.get("language", "en"),
        context=context,
        segments=segments,
        sentiment=labels["sentiment_end"],
        open_risks=frozenset(r["type"] for r in labels.get("risks", []) if r.get("status", "open") == "open"),
        next_step_agreed=labels.get("next_step") is not None,
        outcome_keywords=tuple(labels.get("outcome_keywords") or ()),
        outcome=labels.get("outcome"),
        objection_keywords=tuple(objection.get("keywords") or ()),
        entities={k: tuple(labels.get("entities", {}).get(k) or ()) for k in ENTITY_KINDS},
        risk_turns={k: tuple(v) for k, v in risk_turns.items()},
    )


def landed_gong_signals(content: dict[str, Any] | None) -> Any:
    """Gong's action items and call outcome from a landed CONTENT block, as the pipeline stages and reads them
    (``stage/30_stg_calls.sql``: items ordered by start time; ``enrich_rows.call_context``)."""
    from include.gong_intel.enrich.records import GongSignals
    from include.gong_intel.pipeline.enrich_rows import parse_action_item

    content = content or {}
    landed = (content.get("pointsOfInterest") or {}).get("actionItems") or []
    staged = sorted(
        (
            {
                "snippet": a.get("snippet"),
                "speakerId": a.get("speakerID"),
                "startTime": a.get("snippetStartTime"),
            }
            for a in landed
        ),
        key=lambda a: float(a["startTime"] or 0),
    )
    outcome = (content.get("callOutcome") or {}).get("name")
    return GongSignals(
        action_items=tuple(item for item in map(parse_action_item, staged) if item is not None),
        call_outcome=(outcome or "").strip() or None,
    )


def tenant_cases(seed: int, n_calls: int) -> list[Case]:
    """The generated tenant's calls with their truth (sentiment from the customer's tone, risks from the
    scenarios, a next step unless the call plays ``no_next_steps``, competitors/products/amounts)."""
    from datetime import date

    from local_stack.tenant import iter_calls
    from tests.unit.enrich.risk_eval import call_inputs

    cases = []
    for generated in iter_calls(seed=seed, n_calls=n_calls, days=90, end_date=date(2025, 6, 4)):
        truth = generated.truth
        if truth.is_private or not generated.transcript:
            continue
        context, segments = call_inputs(generated)
        if not segments:
            continue
        context = dataclasses.replace(context, gong=landed_gong_signals(generated.call.get("content")))
        tone = truth.customer_tone if truth.customer_tone in SENTIMENT_CLASSES else None
        cases.append(
            Case(
                case_id=context.call_id,
                source="tenant",
                language=truth.language,
                context=context,
                segments=segments,
                sentiment=tone,
                open_risks=frozenset(truth.scenarios),
                next_step_agreed="no_next_steps" not in truth.scenarios,
                entities={
                    "competitors": tuple(truth.competitors),
                    "products": tuple(truth.products),
                    "amounts": tuple(truth.amounts),
                },
                gong_content=generated.call.get("content"),
            )
        )
    return cases


# ----------------------------------------------------------------------------------------- scoring


def _norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"\s+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def quote_in_turns(quote: str, turns: Iterable[str]) -> bool:
    """Whether a risk's quote was taken from one of ``turns`` (normalised; a quote cut short still matches)."""
    want = _norm(quote).rstrip(".…")[:80]
    return bool(want) and any(want in _norm(t) for t in turns)


def _money_digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def entity_found(expected: str, predicted: Iterable[str], kind: str) -> bool:
    """An expected entity is recalled when a predicted one names it (normalised containment either way; for
    amounts, the same digits)."""
    want = _norm(expected)
    for got in predicted:
        have = _norm(got)
        if not have:
            continue
        if want in have or have in want:
            return True
        if kind == "amounts" and _money_digits(want) and _money_digits(want) == _money_digits(have):
            return True
    return False


def predicted_entities(analysis: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for seg in analysis.segments:
        e = seg.entities
        found["organisations"] += [*e.companies, *e.competitors]
        found["competitors"] += list(e.competitors)
        found["products"] += list(e.products)
        found["amounts"] += list(e.money)
        found["dates"] += list(e.dates)
    return found


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def precision_recall(c: Counter[str]) -> dict[str, float | None]:
    """Precision and recall from true positive, false positive and false negative counts (``tp``/``fp``/``fn``)."""
    return {"precision": _ratio(c["tp"], c["tp"] + c["fp"]), "recall": _ratio(c["tp"], c["tp"] + c["fn"])}


@dataclass
class Scores:
    """Every figure of one engine on one set of cases."""

    n: int = 0
    seconds: float = 0.0
    sentiment_pairs: list[tuple[str, str]] = field(default_factory=list)
    risk_counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    next_step: Counter = field(default_factory=Counter)
    outcome_stated: Counter = field(default_factory=Counter)
    outcome_pairs: list[tuple[str, str | None]] = field(default_factory=list)
    objection_stated: Counter = field(default_factory=Counter)
    entities: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    evidence: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, case: Case, analysis: Any, seconds: float) -> None:
        from include.gong_intel.enrich.records import RISK_TYPES, sentiment_label

        self.n += 1
        self.seconds += seconds
        if case.sentiment:
            got = sentiment_label(analysis.sentiment)
            self.sentiment_pairs.append((case.sentiment, got))
            if got != case.sentiment:
                self.misses.append(
                    f"{case.case_id} sentiment {case.sentiment} -> {got} ({analysis.sentiment:+.2f})"
                )
        raised = {r.type for r in analysis.risks}
        for risk_type in RISK_TYPES:
            expected, found = risk_type in case.open_risks, risk_type in raised
            key = "tp" if expected and found else "fp" if found else "fn" if expected else "tn"
            self.risk_counts[risk_type][key] += 1
            quote = next((r.quote for r in analysis.risks if r.type == risk_type), "")
            if key in ("fp", "fn"):
                self.misses.append(f"{case.case_id} risk {risk_type} {key.upper()} {quote[:90]!r}")
            elif key == "tp" and risk_type != "no_next_steps" and case.risk_turns.get(risk_type):
                # The quote a manager reads first for a risk rightly raised: from a turn labelled with it? (Not
                # "no next steps": its label marks the last customer turn by convention, and the engine quotes
                # the last one that says something.)
                shown = quote_in_turns(quote, case.risk_turns[risk_type])
                self.evidence["labelled turn" if shown else "other turn"] += 1
                if not shown:
                    self.misses.append(
                        f"{case.case_id} risk {risk_type} quoted from another turn {quote[:90]!r}"
                    )
        if case.next_step_agreed is not None:
            has = "no_next_steps" not in raised
            key = (
                "tp"
                if has and case.next_step_agreed
                else "fp"
                if has
                else "fn"
                if case.next_step_agreed
                else "tn"
            )
            self.next_step[key] += 1
        if case.outcome:
            read = OUTCOME_LINE.search(analysis.summary)
            got = read.group(1).lower() if read else None
            self.outcome_pairs.append((case.outcome, got))
            if got != case.outcome:
                self.misses.append(f"{case.case_id} outcome {case.outcome} -> {got}")
        summary = _norm(analysis.summary)
        for what, keywords, counts in (
            ("outcome", case.outcome_keywords, self.outcome_stated),
            ("key objection", case.objection_keywords, self.objection_stated),
        ):
            if not keywords:
                continue
            stated = any(_norm(k) in summary for k in keywords)
            counts["stated" if stated else "no"] += 1
            if not stated:
                self.misses.append(f"{case.case_id} summary misses the {what} {list(keywords)}")
        predicted = predicted_entities(analysis)
        for kind, expected in case.entities.items():
            for name in expected:
                self.entities[kind]["found" if entity_found(name, predicted[kind], kind) else "missed"] += 1

    def report(self) -> dict[str, Any]:
        from include.gong_intel.enrich.records import RISK_TYPES

        out: dict[str, Any] = {"calls": self.n, "seconds_per_call": _ratio(self.seconds, self.n)}
        if self.sentiment_pairs:
            correct = sum(g == p for g, p in self.sentiment_pairs)
            f1s = []
            for cls in SENTIMENT_CLASSES:
                tp = sum(g == cls and p == cls for g, p in self.sentiment_pairs)
                fp = sum(g != cls and p == cls for g, p in self.sentiment_pairs)
                fn = sum(g == cls and p != cls for g, p in self.sentiment_pairs)
                f1s.append(_f1(tp, fp, fn))
            out["sentiment_accuracy"] = correct / len(self.sentiment_pairs)
            out["sentiment_macro_f1"] = sum(f1s) / len(f1s)
            out["sentiment_confusion"] = {
                f"{g}->{p}": n for (g, p), n in sorted(Counter(self.sentiment_pairs).items())
            }
        if self.outcome_pairs:
            out["outcome_accuracy"] = sum(g == p for g, p in self.outcome_pairs) / len(self.outcome_pairs)
        per_type = {}
        total = Counter()
        for risk_type in RISK_TYPES:
            c = self.risk_counts[risk_type]
            total.update(c)
            per_type[risk_type] = {
                **precision_recall(c),
                "expected": c["tp"] + c["fn"],
                "raised": c["tp"] + c["fp"],
            }
        out["risks"] = per_type
        out["risk_precision"] = _ratio(total["tp"], total["tp"] + total["fp"])
        out["risk_recall"] = _ratio(total["tp"], total["tp"] + total["fn"])
        out["risk_quote_from_labelled_turn"] = _ratio(
            self.evidence["labelled turn"], sum(self.evidence.values())
        )
        ns = self.next_step
        out["next_step_f1"] = _f1(ns["tp"], ns["fp"], ns["fn"]) if sum(ns.values()) else None
        out["summary_states_outcome"] = _ratio(
            self.outcome_stated["stated"], sum(self.outcome_stated.values())
        )
        out["summary_states_objection"] = _ratio(
            self.objection_stated["stated"], sum(self.objection_stated.values())
        )
        out["entity_recall"] = {
            kind: _ratio(c["found"], c["found"] + c["missed"]) for kind, c in sorted(self.entities.items())
        }
        return out


# ----------------------------------------------------------------------------------------- engines


def build_engine(name: str, peers: list[Any], embedding_backend: str | None = None) -> Any:
    from dataclasses import replace

    from include.gong_intel.config import settings_from_mapping
    from include.gong_intel.enrich.engine import build_engine as build
    from include.gong_intel.pipeline.enrich_step import enrich_settings

    # The product's default configuration (its competitor and product lists included), as a run would use.
    local = enrich_settings(settings_from_mapping({}))
    if embedding_backend:
        local = replace(local, embedding_backend=embedding_backend)
    if name in ("local", "local-ending"):
        # "local-ending": the opt-in call model (call_sentiment = "ending") instead of the lexical score.
        return build(replace(local, call_sentiment="ending") if name == "local-ending" else local)
    if name == "cohere":
        from local_stack.cohere_peer import CoherePeer

        peer = CoherePeer(api_key="bench-key").start()
        peers.append(peer)
        settings = replace(local, engine="cohere", embedding_dim=1024, request_timeout_s=30, max_retries=1)
        conn = type("Conn", (), {"password": "bench-key", "host": peer.base_url, "port": None})()
        return build(settings, conn)
    raise SystemExit(f"unknown engine {name!r}")


def evaluate(engine: Any, cases: Sequence[Case], also: Callable[[Case, Any], None] | None = None) -> Scores:
    """Score ``engine`` on ``cases``; ``also`` sees each case with its analysis."""
    scores = Scores()
    for case in cases:
        started = time.perf_counter()
        analysis = engine.analyze_call(case.context, case.segments)
        scores.add(case, analysis, time.perf_counter() - started)
        if also is not None:
            also(case, analysis)
    return scores


# ----------------------------------------------------------------------------------------- printing


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def print_side_by_side(results: dict[str, dict[str, Any]]) -> None:
    columns = list(results)
    rows: list[tuple[str, list[Any]]] = [
        ("calls", [results[c]["calls"] for c in columns]),
        ("sentiment accuracy (3 classes)", [results[c].get("sentiment_accuracy") for c in columns]),
        ("sentiment macro-F1", [results[c].get("sentiment_macro_f1") for c in columns]),
        (
            "outcome accuracy (3 classes, from the brief)",
            [results[c].get("outcome_accuracy") for c in columns],
        ),
        ("risk precision (all types)", [results[c]["risk_precision"] for c in columns]),
        ("risk recall (all types)", [results[c]["risk_recall"] for c in columns]),
        (
            "risks found: first quote from a labelled turn",
            [results[c].get("risk_quote_from_labelled_turn") for c in columns],
        ),
    ]
    risk_types = list(next(iter(results.values()))["risks"])
    for risk_type in risk_types:
        rows.append(
            (
                f"  {risk_type} P / R (expected)",
                [
                    f"{_fmt(results[c]['risks'][risk_type]['precision'])} / "
                    f"{_fmt(results[c]['risks'][risk_type]['recall'])} "
                    f"({results[c]['risks'][risk_type]['expected']})"
                    for c in columns
                ],
            )
        )
    rows += [
        ("next-step detection F1", [results[c]["next_step_f1"] for c in columns]),
        ("summary states the outcome", [results[c]["summary_states_outcome"] for c in columns]),
        ("summary states the key objection", [results[c]["summary_states_objection"] for c in columns]),
    ]
    for kind in ENTITY_KINDS:
        rows.append((f"entity recall: {kind}", [results[c]["entity_recall"].get(kind) for c in columns]))
    rows.append(("seconds per call", [results[c]["seconds_per_call"] for c in columns]))
    width = max(len(r[0]) for r in rows) + 2
    col_w = max(24, *(len(c) + 2 for c in columns))
    print("".ljust(width) + "".join(c.ljust(col_w) for c in columns))
    for label, values in rows:
        print(label.ljust(width) + "".join(_fmt(v).ljust(col_w) for v in values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine",
        action="append",
        choices=["local", "local-ending", "cohere"],
        help="default: local (local-ending: with call_sentiment = ending)",
    )
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument("--tenant-calls", type=int, default=120, help="0 leaves the tenant out")
    parser.add_argument("--tenant-seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--misses", action="store_true", help="list the corpus cases each engine got wrong")
    parser.add_argument(
        "--embedding-backend",
        choices=["minilm", "minilm-int8", "hashing"],
        help="the local engines' embedder (default: the product's)",
    )
    args = parser.parse_args(argv)
    prepare_environment()
    from bench.gong_signals import GongComparison, print_comparison

    corpus = [corpus_case(d) for d in load_corpus(args.split)]
    tenant = tenant_cases(args.tenant_seed, args.tenant_calls) if args.tenant_calls else []
    print(
        f"corpus {args.split} half: {len(corpus)} conversations "
        f"({dict(sorted(Counter(c.language for c in corpus).items()))}); tenant: {len(tenant)} calls"
    )
    results: dict[str, dict[str, Any]] = {}
    gong_vs_ours: dict[str, dict[str, Any]] = {}
    misses: dict[str, list[str]] = {}
    peers: list[Any] = []
    try:
        for name in args.engine or ["local"]:
            engine = build_engine(name, peers, args.embedding_backend)
            scores = evaluate(engine, corpus)
            results[f"{name} · corpus {args.split}"] = scores.report()
            misses[name] = scores.misses
            if tenant:
                comparison = GongComparison()
                results[f"{name} · tenant"] = evaluate(engine, tenant, comparison.add_analysis).report()
                gong_vs_ours[name] = comparison.report()
    finally:
        for peer in peers:
            peer.stop()
    print_side_by_side(results)
    for name, figures in gong_vs_ours.items():
        print_comparison(name, figures)
    if args.misses:
        for name, lines in misses.items():
            print(f"\n{name}: corpus {args.split} misses")
            print("\n".join(f"  {line}" for line in lines))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "measured_at": datetime.now(UTC).isoformat(),
                    "split": args.split,
                    "results": results,
                    "gong_vs_ours_tenant": gong_vs_ours,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

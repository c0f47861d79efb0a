"""Gong's own signals beside ours, per call, for ``python -m bench.quality``.

Gong's landed record already carries a brief, key points, a call outcome, action items and keyword trackers
(``CONTENT``, see the stage SQL). This compares, call by call, what those give with what our analysis adds:
the next step (Gong's action items are snippets, with a speaker but no owner or date field), the outcome, risks
by type (Gong's trackers fire on a keyword; ours need the customer to raise the risk) and the brief.

Only the generated tenant lands Gong's ``CONTENT`` (the evaluation corpus is plain conversations). The tenant
writes its Gong brief, key points and outcome from the same truth the figures are graded against, so these
figures show coverage and what ours add, not how either side does on real Gong data; its trackers and action
items are read from the transcript text (keyword hits, the lines the script spoke as commitments).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.quality import Case, _fmt, _norm, _ratio, precision_recall

# Gong trackers (as the tenant configures them) that speak of one of our risk types.
TRACKER_RISKS: dict[str, str] = {
    "Pricing": "pricing_objection",
    "Competitors": "competitor",
    "Budget": "budget",
    "Timeline": "timeline_slip",
    "Churn": "churn_threat",
    "Security": "legal_security",
    "Legal": "legal_security",
}
# The customer's objections and concerns: every risk type but the missing next step.
OBJECTION_TYPES: frozenset[str] = frozenset({*TRACKER_RISKS.values(), "champion_loss"})
# The tenant's callOutcome names read as "a next step was agreed" (True) or not (False); others ("At risk",
# "Follow-up needed") state an outcome without saying whether the deal moved.
OUTCOME_ADVANCED: dict[str, bool] = {
    "Verbal commit": True,
    "Next meeting booked": True,
    "No next steps": False,
}

_OUTCOME_LINE = re.compile(r"^Outcome:\s*(advanced|stalled|lost)\b", re.MULTILINE | re.IGNORECASE)
_STEP_LINE = re.compile(r"^Next step\s*[—-]\s*(.+)$", re.MULTILINE)
_AGREED_LINE = re.compile(r"^Agreed\s*[—-]\s*(.+)$", re.MULTILINE)
_OWNER_DUE = re.compile(r"\(owner:\s*([^;)]*?)\s*(?:;\s*due:\s*([^)]*?)\s*)?\)\s*$")
_OBJECTION_LINE = re.compile(r"^Customer objection\s*[—-]", re.MULTILINE)
_QUOTED = re.compile(r"“(.*)”")


@dataclass(frozen=True)
class GongSignals:
    """What Gong's ``CONTENT`` of one call says: brief, key points, action item snippets, outcome name and the
    trackers that fired (count above zero)."""

    brief: str = ""
    key_points: tuple[str, ...] = ()
    action_items: tuple[str, ...] = ()
    outcome: str | None = None
    trackers: frozenset[str] = frozenset()

    @property
    def risks(self) -> frozenset[str]:
        """Our risk types Gong's fired trackers speak of."""
        return frozenset(TRACKER_RISKS[t] for t in self.trackers if t in TRACKER_RISKS)


@dataclass(frozen=True)
class OurSignals:
    """What our analysis of one call says: the brief's outcome, the agreed step (its quoted turns, owner and
    due day), whether the brief quotes a customer objection, and the risk types raised with a quote."""

    outcome: str | None = None
    step_quotes: tuple[str, ...] = ()
    owner: str | None = None
    due: str | None = None
    objection: bool = False
    risks: frozenset[str] = frozenset()


def gong_signals(content: Mapping[str, Any] | None) -> GongSignals:
    """Gong's signals from a landed ``CONTENT`` block (None or empty: none)."""
    if not content:
        return GongSignals()
    items = (content.get("pointsOfInterest") or {}).get("actionItems") or []
    outcome = content.get("callOutcome") or {}
    return GongSignals(
        brief=(content.get("brief") or "").strip(),
        key_points=tuple(k["text"] for k in content.get("keyPoints") or () if k.get("text")),
        action_items=tuple(a["snippet"] for a in items if a.get("snippet")),
        outcome=outcome.get("name"),
        trackers=frozenset(t["name"] for t in content.get("trackers") or () if (t.get("count") or 0) > 0),
    )


def our_signals(analysis: Any) -> OurSignals:
    """Our signals from a :class:`CallAnalysis` (its brief's lines, in the format every engine writes)."""
    summary = analysis.summary
    outcome = _OUTCOME_LINE.search(summary)
    step = _STEP_LINE.search(summary)
    owner = due = None
    quotes: list[str] = []
    if step:
        owner_due = _OWNER_DUE.search(step.group(1))
        if owner_due:
            owner, due = owner_due.group(1) or None, owner_due.group(2) or None
        for line in (step, _AGREED_LINE.search(summary)):
            quoted = _QUOTED.search(line.group(1)) if line else None
            if quoted:
                quotes.append(quoted.group(1))
    return OurSignals(
        outcome=outcome.group(1).lower() if outcome else None,
        step_quotes=tuple(quotes),
        owner=owner,
        due=due,
        objection=bool(_OBJECTION_LINE.search(summary)),
        risks=frozenset(r.type for r in analysis.risks if r.quote.strip() and r.type != "no_next_steps"),
    )


def names_a_day(text: str) -> bool:
    """Whether ``text`` names a day or date, by the rule our brief uses for a step's due day."""
    from include.gong_intel.enrich import acts as da
    from include.gong_intel.enrich import lexicons as lx

    return bool(da.WHEN.search(text) or lx.DATE.search(text))


def step_turns(quotes: Iterable[str], segments: Sequence[Any]) -> list[str]:
    """The transcript turns our step quotes come from (a quote is a turn's text, cut with "…" when long)."""
    wanted = [_norm(q.rstrip("…")) for q in quotes]
    return [s.text for s in segments if any(w and _norm(s.text).startswith(w) for w in wanted)]


def same_step(gong_items: Iterable[str], turns: Iterable[str]) -> bool:
    """Whether one of Gong's action item snippets lies in one of the turns our next step quotes."""
    texts = [_norm(t) for t in turns]
    return any(_norm(item) in text for item in gong_items for text in texts if _norm(item))


def _confusion(expected: bool, found: bool) -> str:
    return "tp" if expected and found else "fp" if found else "fn" if expected else "tn"


@dataclass
class GongComparison:
    """Counts, over the tenant's calls, of what Gong's signals and ours say, and of both against the truth."""

    n: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    next_step: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    outcome: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    risks: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, case: Case, gong: GongSignals, ours: OurSignals) -> None:
        """Count one call: ``case`` carries the tenant's truth (its scenarios and whether a step was agreed)."""
        self.n += 1
        c = self.counts
        agreed = bool(case.next_step_agreed)
        has_gong, has_ours = bool(gong.action_items), bool(ours.step_quotes)
        c["gong_action_item"] += has_gong
        c["gong_item_names_a_day"] += has_gong and any(names_a_day(a) for a in gong.action_items)
        c["ours_next_step"] += has_ours
        c["ours_owner"] += has_ours and ours.owner is not None
        c["ours_due"] += has_ours and ours.due is not None
        c["both_next_step"] += has_gong and has_ours
        c["same_step"] += (
            has_gong
            and has_ours
            and same_step(gong.action_items, step_turns(ours.step_quotes, case.segments))
        )
        c["next_step_presence_agrees"] += has_gong == has_ours
        self.next_step["gong"][_confusion(agreed, has_gong)] += 1
        self.next_step["ours"][_confusion(agreed, has_ours)] += 1

        c["gong_outcome"] += gong.outcome is not None
        c["ours_outcome"] += ours.outcome is not None
        gong_advanced = OUTCOME_ADVANCED.get(gong.outcome or "")
        if gong_advanced is not None:
            self.outcome["gong"][_confusion(agreed, gong_advanced)] += 1
        if ours.outcome is not None:
            self.outcome["ours"][_confusion(agreed, ours.outcome == "advanced")] += 1
            if gong_advanced is not None:
                c["outcome_both"] += 1
                c["outcome_agrees"] += gong_advanced == (ours.outcome == "advanced")

        for risk_type in sorted(set(TRACKER_RISKS.values())):
            expected = risk_type in case.open_risks
            by_gong, by_ours = risk_type in gong.risks, risk_type in ours.risks
            counts = self.risks[risk_type]
            counts["gong_" + _confusion(expected, by_gong)] += 1
            counts["ours_" + _confusion(expected, by_ours)] += 1
            counts["ours_only_true"] += expected and by_ours and not by_gong
            counts["gong_only_true"] += expected and by_gong and not by_ours

        objection_expected = bool(case.open_risks & OBJECTION_TYPES)
        c["gong_brief"] += bool(gong.brief)
        c["gong_key_points"] += bool(gong.key_points)
        c["objection_expected"] += objection_expected
        c["ours_objection_when_expected"] += objection_expected and ours.objection
        c["ours_objection_when_none"] += not objection_expected and ours.objection

    def add_analysis(self, case: Case, analysis: Any) -> None:
        """Count one analysed tenant call, Gong's signals read from its landed ``CONTENT``."""
        self.add(case, gong_signals(case.gong_content), our_signals(analysis))

    def report(self) -> dict[str, Any]:
        """The figures as shares (None where nothing was counted), with the counts they come from."""
        c, n = self.counts, self.n
        risk_rows: dict[str, Any] = {}
        total: Counter[str] = Counter()
        for risk_type, counts in sorted(self.risks.items()):
            total.update(counts)
            risk_rows[risk_type] = _risk_row(counts)
        return {
            "calls": n,
            "next_step": {
                "gong_action_item": _ratio(c["gong_action_item"], n),
                "gong_item_names_a_day": _ratio(c["gong_item_names_a_day"], c["gong_action_item"]),
                "ours_next_step": _ratio(c["ours_next_step"], n),
                "ours_with_owner": _ratio(c["ours_owner"], c["ours_next_step"]),
                "ours_with_due": _ratio(c["ours_due"], c["ours_next_step"]),
                "both": c["both_next_step"],
                "same_step_where_both": _ratio(c["same_step"], c["both_next_step"]),
                "presence_agrees": _ratio(c["next_step_presence_agrees"], n),
                "gong_vs_truth": precision_recall(self.next_step["gong"]),
                "ours_vs_truth": precision_recall(self.next_step["ours"]),
            },
            "outcome": {
                "gong_call_outcome": _ratio(c["gong_outcome"], n),
                "ours_brief_outcome": _ratio(c["ours_outcome"], n),
                "gong_says_advanced_or_not": sum(self.outcome["gong"].values()),
                "gong_accuracy": _accuracy(self.outcome["gong"]),
                "ours_accuracy": _accuracy(self.outcome["ours"]),
                "agree_where_both": _ratio(c["outcome_agrees"], c["outcome_both"]),
            },
            "risks": {"all": _risk_row(total), **risk_rows},
            "brief": {
                "gong_brief": _ratio(c["gong_brief"], n),
                "gong_key_points": _ratio(c["gong_key_points"], n),
                "ours_states_outcome": _ratio(c["ours_outcome"], n),
                "calls_with_objection": c["objection_expected"],
                "ours_states_objection": _ratio(c["ours_objection_when_expected"], c["objection_expected"]),
                "ours_objection_without_one": _ratio(
                    c["ours_objection_when_none"], n - c["objection_expected"]
                ),
            },
        }


def _accuracy(c: Counter[str]) -> float | None:
    return _ratio(c["tp"] + c["tn"], sum(c.values()))


def _risk_row(c: Counter[str]) -> dict[str, Any]:
    gong = Counter({k: c["gong_" + k] for k in ("tp", "fp", "fn")})
    ours = Counter({k: c["ours_" + k] for k in ("tp", "fp", "fn")})
    return {
        "expected": c["gong_tp"] + c["gong_fn"],
        "gong": {**precision_recall(gong), "fired": gong["tp"] + gong["fp"]},
        "ours": {**precision_recall(ours), "raised": ours["tp"] + ours["fp"]},
        "ours_found_gong_missed": c["ours_only_true"],
        "gong_found_ours_missed": c["gong_only_true"],
    }


def _pair(values: Mapping[str, Any]) -> str:
    return f"{_fmt(values['precision'])} / {_fmt(values['recall'])}"


def print_comparison(name: str, figures: Mapping[str, Any]) -> None:
    """Gong's signals and ours side by side, one row per figure."""
    ns, oc, br = figures["next_step"], figures["outcome"], figures["brief"]
    rows: list[tuple[str, Any, Any]] = [
        ("next step: calls with one", ns["gong_action_item"], ns["ours_next_step"]),
        ("  of those, with an owner", "no field", ns["ours_with_owner"]),
        ("  of those, naming a day (ours: due)", ns["gong_item_names_a_day"], ns["ours_with_due"]),
        ("  P / R against the truth", _pair(ns["gong_vs_truth"]), _pair(ns["ours_vs_truth"])),
        (f"  same step where both ({ns['both']})", ns["same_step_where_both"], ""),
        ("  both say step / no step alike", ns["presence_agrees"], ""),
        ("outcome stated", oc["gong_call_outcome"], oc["ours_brief_outcome"]),
        (
            f"  advanced or not, accuracy (Gong: {oc['gong_says_advanced_or_not']} calls)",
            oc["gong_accuracy"],
            oc["ours_accuracy"],
        ),
        ("  agree where both say", oc["agree_where_both"], ""),
    ]
    for risk_type, row in figures["risks"].items():
        rows.append(
            (
                f"risk {risk_type} P / R ({row['expected']})",
                f"{_pair(row['gong'])} ({row['gong']['fired']} fired)",
                f"{_pair(row['ours'])} ({row['ours']['raised']} raised)",
            )
        )
        rows.append(
            ("  true ones only this side found", row["gong_found_ours_missed"], row["ours_found_gong_missed"])
        )
    rows += [
        ("brief present (Gong: key points)", f"{_fmt(br['gong_brief'])} ({_fmt(br['gong_key_points'])})", ""),
        ("brief states the outcome", "callOutcome", br["ours_states_outcome"]),
        (
            f"brief quotes an objection ({br['calls_with_objection']} calls with one)",
            "from truth",
            br["ours_states_objection"],
        ),
        ("  ... in calls without one", "", br["ours_objection_without_one"]),
    ]
    print(
        f"\n{name}: Gong's own signals beside ours, generated tenant only ({figures['calls']} calls; the corpus "
        "has no Gong record).\nThe tenant writes Gong's brief, key points and outcome from the truth graded "
        "here, and its scenario lines\nand its trackers' keywords were written together: coverage and what ours "
        "add, not quality on real Gong data."
    )
    width = max(len(r[0]) for r in rows) + 2
    print("".ljust(width) + "Gong".ljust(30) + "ours")
    for label, gong, ours in rows:
        print(label.ljust(width) + _fmt(gong).ljust(30) + _fmt(ours))

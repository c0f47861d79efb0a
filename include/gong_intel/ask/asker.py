"""Who is asking: "my calls", "are any of my deals at risk", "what did I promise Brightline".

A rep asking about their own book says "my" and "I". The CLI (``--as``), the Python API (``asker=``) and the Ask
page (the signed-in Airflow user) name the asker; :func:`apply_asker` then reads the question's own calls,
deals and accounts as the asker's, after either planner. When nobody is named, or the name is no rep the
warehouse knows, the answer says so instead of silently covering every rep.
"""

from __future__ import annotations

import re
from dataclasses import replace

from include.gong_intel.ask.resolve import TEAM_WORDS, Catalog
from include.gong_intel.ask.rules import correct_typos
from include.gong_intel.ask.semantic import AskPlan

# The asker's own book: "my calls", "my open deals", "my negotiation stage calls", "which of my accounts", "what
# did I promise", "I told them". Not a manager's team ("my team's calls", "my reps"), which the planner reads.
_TEAM_HEADS = sorted({w for w in TEAM_WORDS if " " not in w} | {"teams", "direct", "manager", "boss"})
_TEAM = rf"(?:{'|'.join(_TEAM_HEADS)})(?:['’]s?)?"
OWN_BOOK = re.compile(
    rf"\bmy\s+(?:own\s+)?(?:(?!{_TEAM}\b)[\w'’-]+\s+){{0,3}}?"
    r"(?:calls?|deals?|opps?|opportunit(?:y|ies)|accounts?|accts?|book|pipeline|pipe|customers?|clients?|"
    r"meetings?|demos?|convos?|conversations?|numbers|talk ratio|sentiment|prospects?|renewals?|expansions?)\b|"
    r"\b(?:did|have|had|do)\s+i\s+(?:promise|say|tell|commit|agree|owe|send|talk)\w*\b|"
    r"\bi\s+(?:promised|told|committed|agreed|owe)\b|"
    # "what calls did i have yesterday", "how many demos have I run", "the calls I had with Orchard"
    r"\b(?:calls?|meetings?|demos?|convos?|conversations?)\s+(?:did|have|had|do)\s+i\b|"
    r"\b(?:did|have|do)\s+i\s+(?:have|had|run|ran|do|done|take|taken|hold|held|join|joined)\s+(?:\w+\s+){0,3}?"
    r"(?:calls?|meetings?|demos?|convos?|conversations?)\b|"
    r"\b(?:calls?|meetings?|demos?)\s+(?:that\s+)?i\s+(?:had|ran|did|took|held|joined)\b",
    re.I,
)


def resolve_asker(name: str | None, catalog: Catalog) -> str | None:
    """The rep (or roster user) ``name`` is: a full name in any case, or an email such as
    ``riley.novak@northwind.io``; None when it is none of them."""
    if not name or not name.strip():
        return None
    typed = name.strip().split("@")[0] if "@" in name else name.strip()
    wanted = " ".join(re.split(r"[\s._-]+", typed)).lower()
    people = (*catalog.reps, *(n for n, _ in catalog.teams), *(n for n, _ in catalog.titles))
    return next((p for p in people if p.lower() == wanted), None)


def apply_asker(plan: AskPlan, question: str, asker: str | None, catalog: Catalog) -> AskPlan:
    """``plan`` with the question's own calls, deals and accounts read as ``asker``'s (see the module
    docstring); the plan unchanged when the question speaks of no book of its own."""
    if plan.kind == "unanswerable" or not (m := OWN_BOOK.search(correct_typos(question))):
        return plan  # ("my accouts": the rule words' typos are read as the planner reads them)
    typed = m.group(0)
    who = resolve_asker(asker, catalog)
    if who is None and plan.filters.rep:
        return plan  # the question names its rep ("my deals - Rosa"): the planner read it
    if who is None:
        said = (
            f"'{typed}': '{asker}' is no rep the calls know, so the answer covers every rep"
            if asker
            else f"'{typed}': who is asking is not known here, so the answer covers every rep (ask as a rep to "
            "read it as theirs)"
        )
        return replace(plan, not_understood=(*plan.not_understood, said))
    if who in plan.filters.rep:
        return plan
    notes = (*plan.notes, f"'{typed}' is read as {who}'s (the asker)")
    if who not in catalog.reps:
        notes = (*notes, f"{who} has no recorded calls")
    filters = replace(plan.filters, rep=(who, *plan.filters.rep))
    # "my open deals vs claire's": a measure for several reps is each one's, side by side
    several = plan.kind == "aggregate" and plan.group_by is None and len(filters.rep) >= 2
    group_by = "rep" if several else plan.group_by
    return replace(plan, filters=filters, notes=notes, group_by=group_by)

"""Which words of a question a plan really used, so an answer can list the rest as not understood.

A word counts as used only when a rule that reads it changed the plan. The planner notes what its patterns
matched as it decides (:class:`Readings`: the pattern, the match, and the check on the finished plan that shows
the decision held: the plan ranks, the amount filter is still set, ...); the vocabulary rules that are not
tied to one decision are a table of :class:`WordRule` (a pattern and such a check), matched here. Either way,
of a match only the words the pattern spells out count (not the words a ``.{0,30}`` or ``(\\w+ ){0,2}``
skipped over). Names and time words count when the plan kept them.

Words that change meaning (negation, comparison and quantity, group-by words: :data:`MEANING_WORDS`) are
never filler: a question that says "except", "per week" or "more than" and gets a plan without it says so.
A word the typo correction rewrote is listed as typed, with what it was read as.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from include.gong_intel.ask.semantic import AskPlan

# Negation, comparison and quantity, and group-by words: used only if a rule that read them shaped the plan.
NEGATION = frozenset(
    ["not", "no", "never", "without", "w/o", "except", "excluding", "exclude", "none", "nor"]
)
MEANING_WORDS = NEGATION | frozenset(
    [
        "more",
        "less",
        "fewer",
        "over",
        "under",
        "above",
        "below",
        "least",
        "most",
        "between",
        "top",
        "bottom",
        "first",
        "last",
        "per",
        "each",
        "every",
        "by",
        "across",
        "vs",
        "versus",
        "than",
        "only",
        "before",
        "after",
        "since",
        "until",
        "during",
        # a share of a whole ("what percent of calls had a next step"), which no plan holds
        "percent",
        "percentage",
        "proportion",
        "fraction",
    ]
)
# "by Morgan", "over the last month", "after the order form review": the word introduces a name, a period or
# a call's title.
_TIME_PREPOSITIONS = frozenset(["before", "after", "since", "until", "during"])
_PREPOSITIONS = frozenset(["by", "over", "between", "across", "under", "from"]) | _TIME_PREPOSITIONS
_ARTICLES = frozenset(["the", "a", "an", "our", "my", "their", "his", "her", "its", "this", "that"])
_WORDS = re.compile(r"w/o|[A-Za-z][A-Za-z0-9.'’-]*", re.I)
_TOKENS = re.compile(r"w/o|[A-Za-z][A-Za-z0-9.'’-]*|\$", re.I)  # "by $": the measure named by a sign
_CALL_NOUNS = frozenset(["call", "calls", "meeting", "meetings", "conversation", "conversations"])

PlanCheck = Callable[[AskPlan], bool]
MatchCheck = Callable[[re.Match[str], AskPlan], bool]


@dataclass(frozen=True)
class WordRule:
    """A rule's pattern and the check on the plan that shows the rule changed it.

    ``read`` narrows it to the matches the plan holds ("over 200k" when the plan has 200k, not "more than 5
    calls" next to it).
    """

    pattern: re.Pattern[str]
    used: PlanCheck
    read: MatchCheck | None = None


@dataclass(frozen=True)
class Reading:
    """One match of a planner pattern, and the check on the finished plan that shows its decision held."""

    pattern: re.Pattern[str]
    start: int
    end: int
    kept: PlanCheck


@dataclass
class Readings:
    """What the planner's patterns read from a question while it decided, noted where they matched.

    The words count as used only if the finished plan passes the reading's check (a decision that was later
    overwritten, as a kind a later rule changed, does not count).
    """

    items: list[Reading] = field(default_factory=list)

    def note(
        self, pattern: re.Pattern[str], match: re.Match[str] | None, kept: PlanCheck
    ) -> re.Match[str] | None:
        """Note ``match`` (a match of ``pattern``, or None) and hand it back."""
        if match is not None:
            self.items.append(Reading(pattern, match.start(), match.end(), kept))
        return match

    def search(self, pattern: re.Pattern[str], text: str, kept: PlanCheck) -> re.Match[str] | None:
        """``pattern.search(text)``, noted."""
        return self.note(pattern, pattern.search(text), kept)


def is_meaning_word(word: str) -> bool:
    return word in MEANING_WORDS or word.endswith(("n't", "n’t"))


def spelled_out(word: str, source: str) -> bool:
    """Does the pattern ``source`` spell ``word`` out (whole, or a stem of it as in ``frustrat\\w*``)?

    A hyphenated word ("at-risk", "high-severity") is spelled out when each of its parts is.
    """
    source = re.sub(r"\\[a-z]", " ", source.lower())  # a "\\b" before "qtrs?" is no letter
    parts = [p for p in re.split(r"[-'’.]", word) if p]
    return bool(parts) and all(_spelled(p, source) for p in parts)


def _spelled(word: str, source: str) -> bool:
    # "min(ute)?s?" spells "minutes", "h(ou)?rs?" spells "hours": read it with the group marks taken out
    flat = re.sub(r"[()?*+]", "", source.replace("|", " "))
    return _spelled_in(word, source) or _spelled_in(word, flat)


def _spelled_in(word: str, source: str) -> bool:
    if re.search(rf"(?<![a-z]){re.escape(word)}", source) or (len(word) >= 4 and word in source):
        return True
    shortest = max(4, len(word) - 4)
    return any(word[:n] in source for n in range(len(word) - 1, shortest - 1, -1))


def _reads(pattern: re.Pattern[str], word: str) -> bool:
    """Did ``pattern`` read ``word`` (rather than skip over it with a wildcard)?"""
    return spelled_out(word, pattern.pattern) or bool(pattern.fullmatch(word))


class Coverage:
    """The characters of a question that a used rule, name or period accounts for."""

    def __init__(self, question: str) -> None:
        self.question = question
        self.lowered = question.lower()
        self.covered = [False] * len(question)
        self.named = [False] * len(question)  # names, periods and titles the plan kept

    def mark(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.covered[i] = True

    def unmark_words(self, words: Iterable[str]) -> None:
        """Take back these words wherever they occur (a rule read them, but the plan went another way)."""
        for word in words:
            for m in re.finditer(rf"(?<![a-z]){re.escape(word)}(?![a-z])", self.lowered):
                self.covered[m.start() : m.end()] = [False] * (m.end() - m.start())

    def is_covered(self, start: int, end: int) -> bool:
        return end > start and all(self.covered[start:end])

    def add_rules(self, rules: Iterable[WordRule], plan: AskPlan) -> None:
        """Mark the words each used rule's pattern spelled out in its matches."""
        for rule in rules:
            if not rule.used(plan):
                continue
            for m in rule.pattern.finditer(self.question):
                if rule.read is None or rule.read(m, plan):
                    self._mark_read(rule.pattern, m.start(), m.end())

    def add_readings(self, readings: Readings, plan: AskPlan) -> None:
        """Mark the words the planner's patterns read where the finished plan kept what they decided."""
        for r in readings.items:
            if r.kept(plan):
                self._mark_read(r.pattern, r.start, r.end)

    def _mark_read(self, pattern: re.Pattern[str], start: int, end: int) -> None:
        """Mark the words ``pattern`` spelled out in its match ``question[start:end]``."""
        for w in _WORDS.finditer(self.question, start, end):
            if _reads(pattern, w.group(0).lower().strip(".'’-")):
                self.mark(w.start(), w.end())
        if not _WORDS.search(self.question, start, end):
            self.mark(start, end)  # "$", ">", "#"

    def add_phrases(self, phrases: Iterable[str]) -> None:
        """Mark names and periods the plan kept: the whole phrase where it occurs, else its words."""
        for phrase in phrases:
            text = " ".join(phrase.lower().split())
            if not text:
                continue
            found = list(re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", self.lowered))
            if not found:
                found = [
                    m
                    for word in text.split()
                    for m in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", self.lowered)
                ]
            for m in found:
                self.mark(m.start(), m.end())
                self.named[m.start() : m.end()] = [True] * (m.end() - m.start())


def leftover_words(coverage: Coverage, plan: AskPlan, filler: frozenset[str]) -> list[str]:
    """Words no used rule accounts for: content words, and meaning words even when they are short or filler."""
    question = coverage.question
    tokens = list(_TOKENS.finditer(question))
    out: list[str] = []
    for i, m in enumerate(tokens):
        word = m.group(0).strip(".'’-").lower()
        # "kofi's", "my CSMs'", "by stage." (a sentence's full stop is no part of its last word)
        stem = len(m.group(0).rstrip(".").removesuffix("'s").removesuffix("’s").rstrip("'’"))
        if word == "$" or coverage.is_covered(m.start(), m.start() + stem):
            continue  # "kofi's": the name was used
        parts = [(p.start(), p.end()) for p in re.finditer(r"[^-]+", m.group(0))]
        if len(parts) > 1 and all(
            coverage.is_covered(m.start() + a, m.start() + b) or m.group(0)[a:b].lower() in filler
            for a, b in parts
        ):
            continue  # "Proposal-stage": the stage, and the word "stage"
        if is_meaning_word(word):
            if not _accounted_by_context(word, tokens[:i], tokens[i + 1 :], coverage, plan):
                out.append(word)
            continue
        if len(word) < 3 or word in filler or word.removesuffix("'s") in filler:
            continue
        out.append(word)
    return list(dict.fromkeys(out))


def describe(words: Iterable[str], typed: Mapping[str, str]) -> str:
    """``'objectons' (read as 'objections'), 'except'``: each word quoted, a corrected one as it was typed.

    :param typed: corrected word -> the word as typed, for words the typo correction rewrote.
    """
    return ", ".join(f"'{typed[w]}' (read as '{w}')" if w in typed else f"'{w}'" for w in words)


def _accounted_by_context(
    word: str,
    before: list[re.Match[str]],
    after: list[re.Match[str]],
    coverage: Coverage,
    plan: AskPlan,
) -> bool:
    """A meaning word no rule read is still used when what it says is in the plan.

    "only negative calls" / "Q4 only" (the restricted word was used), "by Morgan", "over the last month",
    "by $" (the name, period or measure it introduces was used), "every call" in a list of calls, and "vs"
    when the plan does compare two values of a filter ("morgan vs kofi").
    """
    if word in ("vs", "versus"):
        f = plan.filters
        compared = (f.rep, f.account, f.opportunity, f.stage, f.competitor, f.topic, f.risk_type)
        return any(len(values) > 1 for values in compared)
    nxt = _neighbour(after)
    prev = _neighbour(before[::-1])
    if word in ("every", "each") and nxt is not None:
        return plan.kind == "list_calls" and nxt.group(0).lower() in _CALL_NOUNS
    if word == "only":
        # "only negative calls", "only for the top reps", else "Q4 only": the word it restricts
        if nxt is not None and nxt.group(0).lower() in _PREPOSITIONS | {"for", "in", "on", "with"}:
            nxt = _neighbour(after[after.index(nxt) + 1 :])
        target = nxt if after else prev
        return target is not None and coverage.is_covered(target.start(), target.end())
    if word in _TIME_PREPOSITIONS and nxt is not None:
        return all(coverage.named[nxt.start() : nxt.end()])  # "after the order form review", "since oct 20"
    if word in _PREPOSITIONS and nxt is not None:
        return coverage.is_covered(nxt.start(), nxt.end())
    return False


def _neighbour(tokens: list[re.Match[str]]) -> re.Match[str] | None:
    """The first of ``tokens`` that is no article or determiner."""
    return next((t for t in tokens if t.group(0).lower() not in _ARTICLES), None)

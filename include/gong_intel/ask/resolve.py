"""Names and time words in a question, resolved against the warehouse's own values.

* Names: reps, accounts, opportunities, competitors and products are matched against the distinct values the
  warehouse holds (plus the configured competitor and product lists), with rapidfuzz, so "evergreen labs"
  finds "Evergreen Labs Ltd" and "morgn larsen" finds "Morgan Larsen". A name-like phrase that matches
  nothing is reported with the closest values ("no account matches 'Acme' — closest: ...").
* Time: relative words ("last week", "past two weeks", "this wk", "mtd", "quarter to date"), months ("November", "in nov"), quarters
  (Q4, "last quarter", fiscal quarters from ``fiscal_year_start_month``) and explicit dates ("since Nov 3",
  "between 2026-11-01 and 2026-11-15", parsed with dateparser). Windows are half-open UTC days.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from include.gong_intel.ask.accounting import MEANING_WORDS
from include.gong_intel.ask.semantic import OPEN_START
from include.gong_intel.enrich.embeddings import minilm_tokenizer_file

_LEGAL = re.compile(r"\s+(ltd|gmbh|sas|b\.v\.|s\.l\.|inc\.?|llc|plc|ag|co\.?)$", re.I)
_WORD = re.compile(r"[a-z0-9][a-z0-9.&'-]*", re.I)
MATCH_SCORE = 88  # rapidfuzz ratio (0..100) a phrase needs to be read as a stored name
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "with",
        "w",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "by",
        "from",
        "about",
        "all",
        "any",
        "my",
        "our",
        "their",
        "his",
        "her",
        "its",
        "me",
        "us",
        "we",
        "i",
        "you",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "many",
        "much",
        "calls",
        "call",
        "deals",
        "deal",
        "reps",
        "rep",
        "account",
        "accounts",
        "last",
        "this",
        "next",
        "past",
        "week",
        "month",
        "quarter",
        "year",
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "show",
        "list",
        "give",
        "tell",
        "me",
        "top",
        "best",
        "worst",
        "most",
        "least",
        "average",
        "avg",
        "per",
        "each",
        "every",
        "between",
        "since",
        "before",
        "after",
        "during",
        "be",
        "been",
        "has",
        "have",
        "had",
        "say",
        "said",
        "says",
    ]
)
# "cedarline bank vs last month": a name never starts or ends on "vs", "except", "over", "only"...
STOP = _STOP | MEANING_WORDS


@dataclass(frozen=True)
class Entity:
    kind: str  # rep | account | opportunity | competitor | product | stage
    value: str  # exactly as stored
    span: str  # the words of the question it was read from
    score: float


@dataclass(frozen=True)
class Catalog:
    """Distinct values the warehouse holds, by kind."""

    reps: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    # (manager, their direct reports): "Priya's team", "Kofi's reps".
    teams: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (user, title): "the CSMs", "each SDR".
    titles: tuple[tuple[str, str], ...] = ()

    def team(self, manager: str) -> tuple[str, ...]:
        """The direct reports of ``manager`` (empty when nobody reports to that name)."""
        return next((members for name, members in self.teams if name == manager), ())

    def manager_aliases(self) -> list[tuple[str, str]]:
        """(alias, manager): each manager's full name, and a first or last name only one of them has."""
        return _person_aliases([name for name, _ in self.teams])

    def holding(self, role: str) -> tuple[str, ...]:
        """The users whose title is ``role`` (a key of :data:`ROLE_TITLES`)."""
        return tuple(name for name, title in self.titles if ROLE_TITLES[role].search(title))

    def aliases(self) -> list[tuple[str, str, str]]:
        """(alias lower-cased, kind, stored value): full names, names without a legal suffix, rep first/last names."""
        out: list[tuple[str, str, str]] = [(alias, "rep", rep) for alias, rep in _person_aliases(self.reps)]
        heads: dict[str, list[str]] = {}
        for account in self.accounts:
            out.append((account.lower(), "account", account))
            short = _LEGAL.sub("", account).lower()
            if short != account.lower():
                out.append((short, "account", account))
            head = short.split()[0]
            if len(short.split()) > 1 and len(head) >= 6 and head not in STOP:
                heads.setdefault(head, []).append(account)
        # An account's distinctive first word ("quicksilver"), so a typo of it still finds the account(s).
        out += [(head, "account", a) for head, accounts in heads.items() for a in accounts]
        for opp in self.opportunities:
            out.append((opp.lower(), "opportunity", opp))
        for kind, values in (
            ("competitor", self.competitors),
            ("product", self.products),
            ("stage", self.stages),
        ):
            out += [(v.lower(), kind, v) for v in values]
        for stage in self.stages:
            for slang in (*STAGE_SLANG.get(stage.lower(), ()), *stage_abbreviations(stage)):
                out.append((slang, "stage", stage))
        # "priya's team" (the possessive is dropped before matching), "Priya Marchetti's reps".
        for alias, manager in self.manager_aliases():
            out += [(f"{alias} {word}", "team", manager) for word in TEAM_WORDS]
            out += [
                (f"{alias}s {word}", "team", manager) for word in TEAM_WORDS
            ]  # "priyas reps": no apostrophe
            # "the team of priya", "the reps of Owen Park" (a second-language word order)
            out += [
                (f"{word} of {alias}", "team", manager)
                for word in ("team", "reps", "org", "people", "reports")
            ]
        return out


TEAM_WORDS = (
    *("team", "reps", "direct reports", "reports", "org", "people", "sellers", "aes", "csms", "sdrs", "bdrs"),
    "customer success managers",
    # how people speak of a manager's reports ("Owen's lot", "Priya's crew")
    *("lot", "crew", "squad", "folks", "guys", "group", "staff"),
)
# Roles a question may name a group of users by, and the titles that hold them ("Senior Customer Success
# Manager" is a CSM; "Manager, Customer Success" manages them). "AE" is not among them: managers say it of
# every quota-carrying rep.
ROLE_TITLES: dict[str, re.Pattern[str]] = {
    "csm": re.compile(r"\bcustomer success manager\b", re.I),
    "sdr": re.compile(r"\bsales development rep", re.I),
    "bdr": re.compile(r"\bbusiness development rep", re.I),
    "se": re.compile(r"\bsolutions? engineer\b", re.I),
}
# A group named by its role: "each CSM's calls", "the SDRs", "SEs' talk ratio"; not one person describing
# themself ("as a CSM", "new SDR here").
_ROLE_GROUP = re.compile(
    r"\b(?:(?:each|every|all|the|our|per|by)\s+(?P<one>csm|sdr|bdr|se)(?:'s|’s)?|(?P<many>csm|sdr|bdr|se)s(?:'|’)?)(?!\w)",
    re.I,
)


# Who the answer is for, not whose calls: "I want my SEs to shadow good demos", "so my reps can learn from it",
# "to point our SE dashboard at it".
AUDIENCE = re.compile(
    r"\b(?:want|need|get|have|help|let|so|for)\s+(?:my|our|the)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+"
    r"(?:to|can|could|will)\s+[a-z]+\b|\b(?:point|give|send|show)\s+(?:my|our|the)\s+\w+\s+(?:dashboard|team|deck)\b",
    re.I,
)


# A group named by the words of its users' titles, quoted: "our account executives (any title containing
# 'Account Executive')", "reps whose title has 'Enterprise' in it".
_QUOTED_TITLE = re.compile(
    r"\btitles?\s+(?:containing|contains?|including|includes?|with|like|has|having|that\s+(?:says|contains|includes)|"
    r"of|is|=)\s*['\"“‘](?P<words>[^'\"”’]{2,40})['\"”’]",
    re.I,
)


def role_groups(question: str, catalog: Catalog) -> list[tuple[str, tuple[str, ...]]]:
    """(the words as typed, the users holding the role) for each role the question names a group by."""
    out = []
    for m in _ROLE_GROUP.finditer(AUDIENCE.sub(" ", question)):
        members = catalog.holding((m.group("one") or m.group("many")).lower())
        if members:
            out.append((m.group(0), members))
    for m in _QUOTED_TITLE.finditer(question):
        words = m.group("words").strip().lower()
        members = tuple(name for name, title in catalog.titles if words in title.lower())
        if members:
            # (and the group said in the plural elsewhere: "our account executives")
            plural = re.search(
                rf"\b{re.escape(words)}s?\b", question[: m.start()] + question[m.end() :], re.I
            )
            out += [(m.group(0), members), *([(plural.group(0), members)] if plural else [])]
    return out


# The asker's own team: "my reps", "my direct reports", "each rep of mine", "the people reporting to me".
MY_TEAM = re.compile(
    rf"\bmy\s+(?:direct\s+)?(?:{'|'.join(TEAM_WORDS)})\b|\b(?:reps?|sellers?|people) of mine\b|"
    r"\b(?:people|person|reps?|sellers?|everyone|anyone)\s+(?:(?:who|that)\s+)?reports?(?:ing)?\s+(?:in\s+)?to me\b",
    re.I,
)
_NAME = r"([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)"
# Words that pass a question on from its asker: "Forwarding from Priya: ...", "fwd from owen".
RELAYED = r"(?:fwd?|forwarding|forwarded|passing on|passing along|relaying)"
# How people sign a question: "I'm Owen - ...", "owen here - ...", "... at risk? (owen)", "... this qtr? - owen".
_INTRODUCTIONS = (
    re.compile(rf"\b(?:i'?m|i am|this is|it'?s)\s+{_NAME}", re.I),
    re.compile(rf"^\W*{_NAME}\s+(?:here|speaking)\b", re.I),
    re.compile(rf"\(\s*{_NAME}\s*\)\W*$", re.I),
    re.compile(rf"\s[-–—]+\s*{_NAME}\W*$", re.I),
    re.compile(rf"^\W*{_NAME}\s*[-–—:]+\s", re.I),  # "owen - my reps' negotiation calls last week?"
    # A question passed on from its asker: "Forwarding from Priya: 'how are my reps doing ...'"
    re.compile(
        rf"^\W*{RELAYED}(?:\s+(?:this|a question|a note|one))?"
        rf"\s+(?:from|for)\s+{_NAME}",
        re.I,
    ),
)


def self_named_manager(question: str, catalog: Catalog) -> tuple[str, str] | None:
    """The manager who introduces themself and asks about their own team ("I'm Owen - put my reps' talk
    ratio in a table"): (their name, the introduction as typed), when the name is one manager's alias and the
    question says "my <team word>"."""
    if not MY_TEAM.search(question):
        return None
    aliases = dict(catalog.manager_aliases())
    for pattern in _INTRODUCTIONS:
        intro = pattern.search(question)
        if intro is None:
            continue
        words = intro.group(1).lower().split()
        if (name := aliases.get(" ".join(words))) is not None:
            return name, intro.group(0).strip(" -–—")
        if (name := aliases.get(words[0])) is not None:
            return name, intro.group(0).rsplit(" ", len(words) - 1)[0].strip(" -–—")
    return None


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str] | None:
    """The whole words of the English WordPiece vocabulary the local embedding model ships (~20,000 common
    words, names of well-known things among them); None when the model package is not installed."""
    try:
        from tokenizers import Tokenizer

        path = minilm_tokenizer_file()
    except ImportError:
        return None
    tokenizer = Tokenizer.from_file(str(path))
    return frozenset(w for w in tokenizer.get_vocab() if w.isalpha())


def is_english_word(word: str) -> bool:
    """Whether ``word`` is an ordinary English word ("Mean", "Reviewing"), not a coined name ("Initech",
    "Globex"). Without the vocabulary every word counts as English, so no name is guessed."""
    words = _english_words()
    return words is None or word.lower() in words


@lru_cache(maxsize=1)
def _english_word_list() -> tuple[str, ...]:
    return tuple(sorted(w for w in _english_words() or () if len(w) >= 5))


def typo_of_english_word(word: str) -> str | None:
    """The English word a word of six letters or more is one edit from ("prospct" -> "prospect"), or None: a
    coined word so close to a common one is more likely mistyped than a name ("halvorsen", "quillmark")."""
    if len(word) < 6:
        return None
    found = process.extractOne(word.lower(), _english_word_list(), scorer=OSA.distance, score_cutoff=1)
    return str(found[0]) if found else None


_THEIR_TEAM = re.compile(
    rf"\b(?:her|his|their)\s+(?:direct\s+)?(?:{'|'.join(TEAM_WORDS)})(?:['’]s?)?\b", re.I
)


def named_manager_pronoun(question: str, catalog: Catalog) -> tuple[str, str] | None:
    """The one manager a question names, when it then speaks of "her team" / "his reps" ("I'm meeting Priya on
    Friday - what's the sentiment on her team's calls?"): (their name, the name as typed)."""
    if not _THEIR_TEAM.search(question):
        return None
    found = {
        name: m.group(0)
        for alias, name in catalog.manager_aliases()
        if (m := re.search(rf"\b{re.escape(alias)}\b", question, re.I))
    }
    return next(iter(found.items())) if len(found) == 1 else None


def roster_aliases(catalog: Catalog) -> frozenset[str]:
    """Lower-cased full, first and last names of the people on the roster (managers, titled users): a name the
    question uses for one of them is no unknown account ("a retention review for Samuel")."""
    people = {*(name for name, _ in catalog.teams), *(name for name, _ in catalog.titles)}
    return frozenset(alias for alias, _ in _person_aliases(sorted(people)))


def _person_aliases(names) -> list[tuple[str, str]]:
    """(alias, name): each full name, and a first or last name that belongs to one of ``names`` only."""
    out: list[tuple[str, str]] = []
    firsts: dict[str, list[str]] = {}
    lasts: dict[str, list[str]] = {}
    for name in names:
        out.append((name.lower(), name))
        bits = name.split()
        if len(bits) >= 2:
            firsts.setdefault(bits[0].lower(), []).append(name)
            lasts.setdefault(bits[-1].lower(), []).append(name)
    for alias, owners in (*firsts.items(), *lasts.items()):
        if len(owners) == 1:
            out.append((alias, owners[0]))
    return out


# How sales teams shorten stage names ("disco calls", "in nego").
STAGE_SLANG: dict[str, tuple[str, ...]] = {
    "discovery": ("disco",),
    # (terms being argued over are the stage; "haggling over price" alone is a price objection, not a stage)
    "negotiation": (
        "nego",
        "negotiating",
        "negotiations",
        "haggling over terms",
        "haggling over the terms",
        "hammering out terms",
        "hammering out the terms",
    ),
    "demo": ("demos",),  # "# demos in nov": the calls at the Demo stage
}


def stage_abbreviations(stage: str) -> tuple[str, ...]:
    """How a one-word stage is cut short: its first four or five letters ("disc", "negot", "qual") and its
    first three before "stage" ("neg-stage deals"). Three letters alone are not enough ("neg" is also
    negative)."""
    name = stage.lower()
    if " " in name or len(name) < 6:
        return ()
    return (name[:4], name[:5], f"{name[:3]} stage")


# "rosas opps", "kofis calls": a possessive typed without its apostrophe, before what people own (at most one
# word between).
_OWNED = frozenset(
    [
        "opps",
        "opportunities",
        "deals",
        "calls",
        "pipeline",
        "pipe",
        "accounts",
        "accts",
        "book",
        "numbers",
        "meetings",
        "convos",
        "customers",
        "renewals",
        "quotes",
        "forecast",
    ]
)


def _ngrams(tokens: list[str], n_max: int = 6):
    for n in range(min(n_max, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            yield i, i + n, " ".join(tokens[i : i + n])


def find_entities(question: str, catalog: Catalog) -> tuple[list[Entity], list[tuple[int, int]]]:
    """Stored names found in ``question`` (longest phrase first) and the token spans they used."""
    # "negotiation-stage", "deal-desk": hyphenated words are read as separate words.
    question = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question, flags=re.I)
    tokens = [t.strip(".'").lower() for t in _WORD.findall(question)]
    tokens = [t.removesuffix("'s") for t in tokens]
    aliases = catalog.aliases()
    by_alias: dict[str, list[tuple[str, str]]] = {}
    for alias, kind, value in aliases:
        by_alias.setdefault(alias, []).append((kind, value))
    people = {alias for alias, kind, _ in aliases if kind == "rep"}
    typed = list(tokens)  # an entity's span is the words as typed
    original = [t.strip(".'") for t in _WORD.findall(question)]
    tokens = [
        t[:-1]
        if t.endswith("s")
        and t not in by_alias
        and t[:-1] in people
        and any(w in _OWNED for w in tokens[k + 1 : k + 3])  # ("kofis open opps": a word between)
        else t
        for k, t in enumerate(tokens)
    ]
    names = list(by_alias)
    used = [False] * len(tokens)
    found: list[Entity] = []
    spans: list[tuple[int, int]] = []
    for i, j, phrase in _ngrams(tokens):
        if any(used[i:j]) or (j - i == 1 and (phrase in STOP or len(phrase) < 3)):
            continue
        if (tokens[i] in STOP or tokens[j - 1] in STOP) and (j - i == 1 or phrase not in by_alias):
            continue  # "deal desk" is a product when typed in full
        match = process.extractOne(phrase, names, scorer=fuzz.ratio, score_cutoff=_cutoff(phrase))
        if match is None:
            match = _word_by_word(phrase, names)
        if match is None or (
            len(match[0].split()) < j - i
            and len(phrase.replace(" ", "")) - len(match[0].replace(" ", "")) >= 2
        ):
            # ("negotiation q4" is no longer name for "negotiation": the shorter phrase is read; "ever green
            # labs" is Evergreen Labs typed apart)
            continue
        alias, score, _ = match
        if j - i == 1 and i > 0 and _other_first_name(original[i - 1], alias, by_alias[alias]):
            continue  # "Mateo Castillo": someone else of that surname, not Victor Castillo
        if _another_name(phrase, alias):
            if j - i >= 2 and phrase.split()[0] == alias.split()[0]:
                for i2 in range(i, j):  # ("morgan larkin": someone else, not Morgan Larsen by her first name)
                    used[i2] = True
            continue
        hits = sorted(by_alias[alias])
        for kind, value in hits:
            found.append(Entity(kind, value, " ".join(typed[i:j]), score))
        for i2 in range(i, j):
            used[i2] = True
        spans.append((i, j))
    # A partial account name: "evergreen labs" for "Evergreen Labs Ltd", "polaris" for three accounts.
    for i, j, phrase in _ngrams(tokens, 3):
        if any(used[i:j]) or tokens[i] in STOP or tokens[j - 1] in STOP or len(phrase) < 4:
            continue
        prefixed = sorted(
            {(k, v) for a, k, v in aliases if k in ("account", "opportunity") and a.startswith(phrase + " ")}
        )
        accounts = [(k, v) for k, v in prefixed if k == "account"]
        if not accounts:
            continue
        for kind, value in accounts:
            found.append(Entity(kind, value, phrase, 90.0))
        for i2 in range(i, j):
            used[i2] = True
        spans.append((i, j))
    return found, spans


def _compound(word: str) -> bool:
    """Is ``word`` two English words of four letters or more run together ("falconbridge", "everlake")?"""
    return any(is_english_word(word[:k]) and is_english_word(word[k:]) for k in range(4, len(word) - 3))


def _other_first_name(before: str, alias: str, hits: list[tuple[str, str]]) -> bool:
    """``before`` is a capitalised first name of someone else, typed before a rep's surname ``alias``."""
    reps = [value for kind, value in hits if kind == "rep"]
    return (
        bool(reps)
        and len(before) >= 3
        and before[:1].isupper()
        and before.lower() not in STOP
        and not _CALENDAR_WORD.match(before)
        and all(
            len(r.split()) >= 2
            and r.split()[-1].lower() == alias
            and not r.lower().startswith(before.lower())
            for r in reps
        )
    )


def _another_name(typed: str, stored: str) -> bool:
    """A typed word of a name that differs from the stored one where both are two words run together
    ("falconbridge" beside "falconridge", "everlake" beside "everlane", "cedarwood" beside "cedarline"): another
    name written as meant, not a slip of the keyboard ("evergren", "thornten" are slips)."""
    words, stored_words = typed.split(), stored.split()
    if len(words) != len(stored_words):
        return False
    pairs = [(a, b) for a, b in zip(words, stored_words, strict=True) if a != b]
    # "rosa velasquez" beside "rosa vasquez", "morgan larkin" beside "morgan larsen": a word further from the
    # stored one than a slip goes (two edits below ten letters, three from ten), and no shortening of it
    if any(
        not a.startswith(b)
        and not b.startswith(a)
        and not is_english_word(a)  # ("evergreen labs left out": the next word of the question, no name)
        and OSA.distance(a, b) >= (3 if min(len(a), len(b)) >= 10 else 2)
        # ("sinclare" for "sinclair": the end of the word misheard, its length and most of it kept)
        and not (len(a) == len(b) and os.path.commonprefix([a, b]) == a[: len(a) - 2])
        for a, b in pairs
    ):
        return True
    if _english_words() is None:
        return False  # (without the vocabulary nothing is guessed)
    return any(len(a) >= 8 and len(b) >= 8 and _compound(a) and _compound(b) for a, b in pairs)


def _word_by_word(phrase: str, names: list[str]) -> tuple[str, float, int] | None:
    """A name of two or more words typed with a slip in each ("morgen larson" for "morgan larsen"): every word
    within one edit of the stored one, words of up to three letters exact. None unless exactly one name fits."""
    words = phrase.split()
    if len(words) < 2:
        return None
    fits = [
        (k, name)
        for k, name in enumerate(names)
        if len(stored := name.split()) == len(words)
        and all(
            a == b or (min(len(a), len(b)) > 3 and Levenshtein.distance(a, b) <= 1)
            for a, b in zip(words, stored, strict=True)
        )
    ]
    if len(fits) != 1:
        return None
    k, name = fits[0]
    return name, fuzz.ratio(phrase, name), k


def _cutoff(phrase: str) -> float:
    # Short words must match exactly ("kim" is not "tim"); longer phrases tolerate a typo or two.
    if len(phrase) <= 4:
        return 100
    if len(phrase) <= 7:
        return 90
    return MATCH_SCORE


def closest(value: str, choices: tuple[str, ...], limit: int = 3) -> list[str]:
    """The stored values nearest to ``value`` (for "no account matches 'Acme' — closest: ...")."""
    return [m[0] for m in process.extract(value, choices, scorer=fuzz.WRatio, limit=limit)]


# --- time --------------------------------------------------------------------------------------------------

_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "twenty-one": 21,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "couple": 2,
    "couple of": 2,
    "a couple of": 2,
    "few": 3,
}
_MONTH_SPELLINGS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTH_NAMES = tuple(names[0] for names in _MONTH_SPELLINGS)
_MONTHS = {m: i + 1 for i, names in enumerate(_MONTH_SPELLINGS) for m in names}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_UNIT = r"(day|days|d|week|weeks|wk|wks|month|months|mo|mos|quarter|quarters)"


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # exclusive
    label: str
    span: str


def _month_start(d: date, months: int = 0) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def fiscal_quarter(d: date, fy_start_month: int) -> tuple[date, int, int]:
    """(first day, quarter number 1..4, fiscal year as named by its ending year) of the quarter holding ``d``."""
    offset = (d.month - fy_start_month) % 12
    q = offset // 3 + 1
    start = _month_start(date(d.year, d.month, 1), -(offset % 3))
    fy_first = _month_start(date(d.year, d.month, 1), -offset)
    fy = fy_first.year + (1 if fy_start_month != 1 else 0)
    return start, q, fy


# An ISO calendar week by its number, as German and Nordic teams name weeks: "KW 47", "CW48", "week 47".
_CALENDAR_WEEK = re.compile(
    r"\b(?:kw|cw|kalenderwoche|calendar week|(?:iso )?(?:week|wk|woche|semaine|semana))\s*#?\s*(\d{1,2})\b"
    r"(?!\s*(?:of|days?|weeks?|months?|[/.:-]\d))",
    re.I,
)


def _calendar_week(q: str, today: date) -> Window | None:
    """The ISO week named by its number: the latest such week that has begun by ``today``."""
    m = _CALENDAR_WEEK.search(q)
    if m is None or not 1 <= (number := int(m.group(1))) <= 53:
        return None
    year = today.isocalendar().year
    for y in (year, year - 1):
        try:
            start = date.fromisocalendar(y, number, 1)
        except ValueError:
            continue
        if start <= today:
            return Window(start, start + timedelta(days=7), f"calendar week {number} of {y}", m.group(0))
    return None


def parse_window(question: str, today: date, fy_start_month: int = 1) -> Window | None:
    """The UTC day window a question names, or None (see the module docstring for what is understood)."""
    q = _shorthand(named_days(question.lower(), today))
    if m := _LONGER_AGO.search(q):
        # "more than 30 days ago", "older than 2 weeks", "over a month ago": every day before that one
        typed = (m.group("n") or m.group("n2")).lower()
        n = int(typed) if typed.isdigit() else _NUMBERS.get(typed, 1)  # ("an")
        unit = (m.group("unit") or m.group("unit2")).lower().rstrip("s")
        if unit == "month":
            back = _month_start(today, -n)
            cut = back.replace(day=min(today.day, (_month_start(back, 1) - timedelta(days=1)).day))
        else:
            cut = today - timedelta(days=n * (7 if unit == "week" else 1))
        return Window(OPEN_START, cut, f"before {cut}", m.group(0))
    window = _window(q, today, fy_start_month)
    if window and window.end <= today and re.search(rf"\bsince\s+(?:the\s+)?{re.escape(window.span)}", q):
        # "since last week", "since monday", "since yesterday": from that period on, through today
        return Window(window.start, today + timedelta(days=1), f"since {window.label}", window.span)
    if (
        window
        and window.start > OPEN_START
        and (
            bound := re.search(
                rf"\b(before|prior to|earlier than|until|till|up to)\s+(?:the\s+)?{re.escape(window.span)}", q
            )
        )
    ):
        # "calls before november", "prior to q4": every day before it; "until last week": through its end
        end = window.end if bound.group(1) in ("until", "till", "up to") else window.start
        return Window(
            OPEN_START, end, f"{'up to' if end == window.end else 'before'} {window.label}", bound.group(0)
        )
    return window


# "more than 30 days ago", "older than 2 weeks", "over a month ago", "at least three weeks back".
_AGO_N = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve"
_LONGER_AGO = re.compile(
    rf"\b(?:more than|over|at least|longer than)\s+(?P<n>{_AGO_N})\s+(?P<unit>days?|weeks?|months?)\s+(?:ago|back)\b|"
    rf"\bolder than\s+(?P<n2>{_AGO_N})\s+(?P<unit2>days?|weeks?|months?)(?:\s+(?:old|ago))?\b",
    re.I,
)


def _window(q: str, today: date, fy_start_month: int) -> Window | None:
    """``parse_window`` on the question already lower-cased, holidays dated and shorthand spelt out."""
    # "from oct 5 to today", "1 October 2026 through today": since that day (not today alone)
    q = TO_TODAY.sub(lambda m: f"since {m.group('day')}", q)
    q = AWAY_SINCE.sub(lambda m: f"since {m.group('day') or m.group('day2')}", q)
    if (m := AS_OF.search(q)) and (
        m.group("when") in ("today", "now", "right now") or (_day(m.group("when"), today) or today) >= today
    ):
        return parse_window(q[: m.start()] + " " + q[m.end() :], today, fy_start_month)
    if m := _LEAVE_OUT_CURRENT.search(q):
        # "since Nov 2nd, leave out this week": the rest of the question's window, ended where this period starts.
        cut = period_start(m.group("unit"), today, fy_start_month)
        rest = parse_window(q[: m.start()] + " " + q[m.end() :], today, fy_start_month)
        if rest is None:
            return Window(OPEN_START, cut, f"before this {m.group('unit')}", m.group(0))
        if rest.start < cut:
            return Window(
                rest.start,
                min(rest.end, cut),
                f"{rest.label}, without this {m.group('unit')}",
                f"{rest.span} {m.group(0)}",
            )
        return rest
    if (m := re.search(_QUARTER, q)) and m.group(3):
        return _quarter_window(m, today, fy_start_month)  # before "next year" is read as the whole year
    if week := _calendar_week(q, today):
        return week
    for compared, joined in (
        (QUARTERS_COMPARED, "to"),
        (_QUARTERS_SPANNED, "to"),
        (PERIODS_COMPARED, "and"),
        (_PERIODS_JOINED, "and"),
    ):
        # "Q3 vs Q4", "this month vs last month": both periods (and what lies between), for an answer split by them.
        if (m := compared.search(q)) is None:
            continue
        one = parse_window(m.group("a"), today, fy_start_month)
        other = parse_window(m.group("b"), today, fy_start_month)
        if one and other:
            start, end = min(one.start, other.start), max(one.end, other.end)
            return Window(start, end, f"{one.label} {joined} {other.label}", m.group(0))
    if part := _part_of_period(q, today, fy_start_month):
        return part
    num = rf"(\d{{1,3}}|a couple of|couple|few|a|{'|'.join(sorted((w for w in _NUMBERS if w[0] != 'a'), key=len, reverse=True))})"

    def n_of(s: str) -> int:
        return int(s) if s.isdigit() else _NUMBERS[s]

    tomorrow = today + timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    if m := re.search(
        rf"\b(?:last|past|previous|prior|most recent)\s+{num}\s+(?:full|whole|complete)\s+(weeks?|wks?|months?)\b",
        q,
    ):
        # "the last 4 full weeks": whole weeks (Monday to Sunday) or calendar months before the current one.
        n, unit = n_of(m.group(1)), m.group(2)
        if unit.startswith("w"):
            return Window(monday - timedelta(days=7 * n), monday, f"last {n} full weeks", m.group(0))
        first = today.replace(day=1)
        return Window(_month_start(first, -n), first, f"last {n} full months", m.group(0))
    if m := re.search(
        rf"\b(?:last|past|previous|prior|in the last|in the past)\s+{num}\s+(?:business|working|work)\s+days?\b",
        q,
    ):
        # "the last 3 business days": that many weekdays, today among them when it is one
        n, start = n_of(m.group(1)), today
        counted = 1 if today.weekday() < 5 else 0
        while counted < n:
            start -= timedelta(days=1)
            counted += start.weekday() < 5
        return Window(start, tomorrow, f"last {n} business days", m.group(0))
    if m := re.search(rf"\b(?:last|past|previous|prior|in the last|in the past)\s+{num}\s+{_UNIT}\b", q):
        n, unit = n_of(m.group(1)), m.group(2)
        if unit.startswith(("w",)):
            days = 7 * n
        elif unit.startswith("q"):
            days = 91 * n
        elif unit.startswith("mo"):
            start = today.replace(day=1)
            y, mo = divmod(today.month - 1 - n, 12)
            start = date(today.year + y, mo + 1, min(today.day, 28))
            return Window(start, tomorrow, f"last {n} months", m.group(0))
        else:
            days = n
        return Window(today - timedelta(days=days), tomorrow, f"last {n} {unit}", m.group(0))
    if m := re.search(rf"\b(?:in|within|over|during)?\s*the\s+(?:next|coming)\s+{num}\s+{_UNIT}\b", q):
        # "deals closing in the next 2 weeks": from today on (a deal's close date; calls end today).
        n, unit = n_of(m.group(1)), m.group(2)
        if unit.startswith("mo"):
            return Window(
                today, _month_start(today, n) + timedelta(days=today.day - 1), f"next {n} months", m.group(0)
            )
        days = n * (7 if unit.startswith("w") else 91 if unit.startswith("q") else 1)
        return Window(today, today + timedelta(days=days + 1), f"next {n} {unit}", m.group(0))
    if m := re.search(r"\b(?:next|coming|upcoming)\s+(week|month|quarter|year)\b", q):
        # Future periods (deals closing next month); calls are only recorded up to today.
        unit = m.group(1)
        if unit == "week":
            return Window(monday + timedelta(days=7), monday + timedelta(days=14), "next week", m.group(0))
        if unit == "month":
            start = _month_start(today, 1)
            return Window(start, _month_start(start, 1), "next month", m.group(0))
        if unit == "quarter":
            start, _, _ = fiscal_quarter(today, fy_start_month)
            nxt = _month_start(start, 3)
            _, qn, _ = fiscal_quarter(nxt, fy_start_month)
            return Window(nxt, _month_start(nxt, 3), f"next quarter (Q{qn})", m.group(0))
        return Window(date(today.year + 1, 1, 1), date(today.year + 2, 1, 1), "next year", m.group(0))
    if m := re.search(r"\b(?:last|previous|past)\s+(week|month|quarter|year)\b", q):
        unit = m.group(1)
        if unit == "week":
            return Window(monday - timedelta(days=7), monday, "last week", m.group(0))
        if unit == "month":
            first = today.replace(day=1)
            return Window(_month_start(first, -1), first, "last month", m.group(0))
        if unit == "quarter":
            start, _, _ = fiscal_quarter(today, fy_start_month)
            prev, qn, fy = fiscal_quarter(start - timedelta(days=1), fy_start_month)
            return Window(prev, start, f"last quarter (Q{qn})", m.group(0))
        return Window(date(today.year - 1, 1, 1), date(today.year, 1, 1), "last year", m.group(0))
    if m := _TO_DATE.search(q):
        # "mtd", "qtd", "year to date": from the period's first day through today.
        unit = m.group("unit") or _TO_DATE_UNITS[m.group("short")]
        return Window(period_start(unit, today, fy_start_month), tomorrow, f"{unit} to date", m.group(0))
    if m := re.search(
        r"\b(?:before|by|ahead of|until|till)\s+(?:the\s+)?(?:(year|quarter)[- ]?end|end of (?:the\s+)?(year|quarter)|"
        r"(eoy|eoq))\b",
        q,
    ):
        # "closing before year-end", "by the end of the quarter": the current period, which the end closes
        unit = m.group(1) or m.group(2) or {"eoy": "year", "eoq": "quarter"}[m.group(3)]
        if unit == "quarter":
            start, qn, _ = fiscal_quarter(today, fy_start_month)
            return Window(start, _month_start(start, 3), f"by the end of this quarter (Q{qn})", m.group(0))
        return Window(
            date(today.year, 1, 1), date(today.year + 1, 1, 1), "by the end of this year", m.group(0)
        )
    if m := re.search(r"\b(?:so far )?(?:this|current)\s+(week|month|quarter|year)\b|\bso far this\b", q):
        # ("what have we committed to them to date", "so far": all the calls up to now, no period)
        unit = m.group(1) or "month"
        # "This week/month/quarter" is the whole calendar period (no call lies after today anyway).
        if unit == "week":
            return Window(monday, monday + timedelta(days=7), "this week", m.group(0))
        if unit == "month":
            return Window(today.replace(day=1), _month_start(today, 1), "this month", m.group(0))
        if unit == "quarter":
            start, qn, _ = fiscal_quarter(today, fy_start_month)
            return Window(start, _month_start(start, 3), f"this quarter (Q{qn})", m.group(0))
        return Window(date(today.year, 1, 1), date(today.year + 1, 1, 1), "this year", m.group(0))
    if m := re.search(_QUARTER, q):
        return _quarter_window(m, today, fy_start_month)
    if m := re.search(
        rf"\b(?:from\s+|between\s+)?({_MONTH_RE})\.?(?:\s+\d{{4}})?\s*(-|–|to|through|thru|till|until|and|{_VERSUS})\s*({_MONTH_RE})\b(?:,?\s+(\d{{4}}))?(?!\.?\s*\d)",
        q,
    ):
        # "oct-nov", "from september to november": whole months, the first to the end of the last.
        first_month, last_month = _MONTHS[m.group(1)], _MONTHS[m.group(3)]
        if (
            0 < first_month - last_month < 6
            and not m.group(4)
            and re.fullmatch(rf"and|{_VERSUS}", m.group(2))
        ):
            # "nov vs oct": two months compared, each the latest of its name, in either order
            first, last = (date(today.year - (mo > today.month), mo, 1) for mo in (first_month, last_month))
            start, end = min(first, last), _month_start(max(first, last), 1)
            return Window(start, end, f"{start:%B} to {end - timedelta(days=1):%B %Y}", m.group(0))
        wraps = last_month < first_month  # "dec-jan"
        year = int(m.group(4)) - wraps if m.group(4) else today.year - (first_month > today.month)
        start = date(year, first_month, 1)
        end = _month_start(date(year + wraps, last_month, 1), 1)
        if start < end:
            return Window(start, end, f"{start:%B} to {end - timedelta(days=1):%B %Y}", m.group(0))
    if m := re.search(
        # ("monday pipeline review - which deals are in trouble?": the meeting the question is for, no day)
        rf"\b(?:(?:last|this past|past|on)\s+)?({_WEEKDAY_RE})\b(?!\w|\.\w)"
        r"(?!['’]?s?\s+((pipeline|forecast|deal|team|weekly|staff|sales)\s+)?(review|stand-?up|sync|huddle|prep)\b)",
        q,
    ):
        # "last friday", "on tuesday": the most recent such day before today.
        back = (today.weekday() - _WEEKDAYS[m.group(1)]) % 7 or 7
        day = today - timedelta(days=back)
        return Window(day, day + timedelta(days=1), f"{day:%A} {day}", m.group(0))
    if re.search(r"\byesterday\b", q):
        return Window(today - timedelta(days=1), today, "yesterday", "yesterday")
    if re.search(r"\btoday\b", q):
        return Window(today, tomorrow, "today", "today")
    explicit = _explicit(q, today)
    if explicit:
        return explicit
    if m := re.search(rf"\b(?:in|during|for|of|from)?\s*({_MONTH_RE})\b\.?(?:\s+(\d{{4}}))?", q):
        word = m.group(1)
        if word == "may" and not re.search(r"\b(in|during|for|of|since)\s+may\b", q):
            return None
        month = _MONTHS[word]
        year = int(m.group(2)) if m.group(2) else today.year - (1 if month > today.month else 0)
        start = date(year, month, 1)
        if re.search(rf"\bsince\s+({_MONTH_RE})\b", q):
            return Window(start, tomorrow, f"since {word}", m.group(0).strip())
        return Window(start, _month_start(start, 1), start.strftime("%B %Y"), m.group(0).strip())
    if re.search(r"\btomorrow\b", q):
        # Last, as the story around a question ("meeting their CFO tomorrow - how many calls since July?"):
        # "prep me for my call with bluewater tomorrow" is the asker's plan
        return Window(tomorrow, tomorrow + timedelta(days=1), "tomorrow", "tomorrow")
    return None


# --- parts of a period ("the first half of November", "late oct", "the last week of nov", "H2", "2 weeks ago") ---

_PART = (
    r"(?P<part>first half|1st half|front half|second half|2nd half|back half|latter half|early|earlier part|"
    r"beginning|start|mid|middle|late|latter part|later part|end|tail end|"
    r"(?P<which>first|1st|second|2nd|third|3rd|fourth|4th|last|final)\s+(?:(?P<n>\d|two|three)\s+)?weeks?)"
)
_MONTH_PART = re.compile(
    rf"\b(?:the\s+)?{_PART}[\s-]+(?:of\s+)?(?:the\s+month\s+of\s+)?"
    rf"(?P<month>(?:{_MONTH_RE})\b\.?(?:\s+(?P<year>\d{{4}}))?|last month|this month|(?:the\s+)?previous month)"
)
_PART_RANGE = re.compile(
    rf"(?P<a>{_MONTH_PART.pattern.replace('?P<', '?P<a_')})\s*(?:to|through|thru|until|till|-|–|and)\s*"
    rf"(?P<b>{_MONTH_PART.pattern.replace('?P<', '?P<b_')})"
)
_HALF_YEAR = re.compile(
    r"\b(?:(?:the\s+)?(?P<word>first|1st|second|2nd)\s+half\s+of\s+(?:the\s+|this\s+)?(?:fiscal\s+)?year|"
    r"(?:f(?:iscal\s+)?)?h(?P<h>[12])(?:\s*(?:fy)?\s*'?(?P<year>\d{2}|\d{4}))?)\b"
)
_AGO = re.compile(
    r"\b(?:(?P<n>\d{1,2}|a|one|two|three|four|five|six)\s+(?P<unit>days?|weeks?|months?)\s+(?:ago|back)|"
    r"the\s+(?P<before>day|week|month)\s+before\s+(?:last|yesterday))\b"
)
_WEEKEND = re.compile(r"\b(?:last|this past|past|over the)\s+weekend\b")


def _named_month(text: str, today: date) -> date | None:
    """The first day of the month ``text`` names ("nov", "november 2025", "last month")."""
    text = text.strip().rstrip(".")
    if text == "this month":
        return today.replace(day=1)
    if text.endswith(("last month", "previous month")):
        return _month_start(today, -1)
    m = re.match(rf"({_MONTH_RE})\.?(?:\s+(\d{{4}}))?$", text)
    if not m:
        return None
    month = _MONTHS[m.group(1)]
    year = int(m.group(2)) if m.group(2) else today.year - (month > today.month)
    return date(year, month, 1)


def _month_part(part: str, which: str | None, n: str | None, first: date) -> tuple[date, date]:
    """The days a part of the month names: halves split at the 16th, early / mid / late are thirds (1-10,
    11-20, 21 to the end), "the second week" is days 8-14 and "the last 2 weeks" the month's last 14 days."""
    end = _month_start(first, 1)
    if which:
        weeks = int(n) if n and n.isdigit() else _NUMBERS.get(n or "one", 1)
        if which in ("last", "final"):
            return end - timedelta(days=7 * weeks), end
        k = ("first", "second", "third", "fourth").index(
            {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}.get(which, which)
        )
        start = first + timedelta(days=7 * k)
        return start, min(end, start + timedelta(days=7 * weeks))
    if part in ("first half", "1st half", "front half"):
        return first, first.replace(day=16)
    if part in ("second half", "2nd half", "back half", "latter half"):
        return first.replace(day=16), end
    if part in ("early", "earlier part", "beginning", "start"):
        return first, first.replace(day=11)
    if part in ("mid", "middle"):
        return first.replace(day=11), first.replace(day=21)
    return first.replace(day=21), end


def _part_window(m: re.Match[str], today: date, prefix: str = "") -> Window | None:
    g = {k.removeprefix(prefix): v for k, v in m.groupdict().items() if k.startswith(prefix)}
    first = _named_month(g["month"], today)
    if first is None:
        return None
    start, end = _month_part(g["part"], g["which"], g["n"], first)
    return Window(start, end, f"{start} to {end - timedelta(days=1)}", m.group(0).strip())


def _part_of_period(q: str, today: date, fy_start_month: int) -> Window | None:
    """A window for a part of a month or fiscal year, a day or week some time ago, or a day with no other end."""
    tomorrow = today + timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    if m := _PART_RANGE.search(q):
        a, b = _part_window(m, today, "a_"), _part_window(m, today, "b_")
        if a and b and a.start < b.end:
            return Window(a.start, b.end, f"{a.start} to {b.end - timedelta(days=1)}", m.group(0).strip())
    for m in _MONTH_PART.finditer(q):
        part = _part_window(m, today)
        bound = re.search(
            r"\b(since|from|after|starting|before|until|till|through|thru|to|by)$", q[: m.start()].rstrip()
        )
        if part is None or (bound and bound.group(1) == "by"):
            continue  # "closing by the end of november": the month's deals
        words = f"{bound.group(0)} {part.span}" if bound else part.span
        onwards = re.match(r"\s*(?:on|onwards?|forwards?|till now|until now|to date)\b", q[m.end() :])
        if bound and (
            bound.group(1) in ("since", "after", "starting") or bound.group(1) == "from" and onwards
        ):
            # "since the end of october"; "from early oct through nov 15": up to the day named after it
            return _through_day(q, m.end(), part, words, today) or Window(
                part.start, tomorrow, f"since {part.start}", words
            )
        if bound and bound.group(1) == "from":
            # "calls from the first week of november": its calls; "from early oct through nov 15"
            return _through_day(q, m.end(), part, words, today) or part
        if (
            bound
            and bound.group(1) in ("to", "through", "thru", "until", "till")
            and (
                begun := re.search(
                    rf"\b(?:from|between)\s+(?P<day>{_DATE})\s*$", q[: m.start()].rstrip()[: bound.start()]
                )
            )
            and (first := _day(begun.group("day"), today))
            and first < part.end
        ):
            # "from mid oct to early nov" ("mid oct" already read as Oct 15): that day to the part's last day
            return Window(
                first, part.end, f"{first} to {part.end - timedelta(days=1)}", f"{begun.group(0)}{words}"
            )
        if bound:
            # "before mid-november", "until the end of october"; "before the end of jan": by its last day
            end = part.start if bound.group(1) == "before" and "end" not in m.group("part") else part.end
            return Window(OPEN_START, end, f"before {end}", words)
        # "early october through mid november" ("mid november" after "through" is read as Nov 15)
        return _through_day(q, m.end(), part, words, today) or part
    if m := _HALF_YEAR.search(q):
        half = 1 if (m.group("word") or m.group("h")) in ("first", "1st", "1") else 2
        quarter_start, quarter, _ = fiscal_quarter(today, fy_start_month)
        fy_first = _month_start(quarter_start, -3 * (quarter - 1))
        current_half = 1 if today < _month_start(fy_first, 6) else 2
        if year := m.group("year"):
            fy = int(year) + (2000 if len(year) == 2 else 0)
            fy_first = date(fy if fy_start_month == 1 else fy - 1, fy_start_month, 1)
        elif half > current_half:
            fy_first = _month_start(fy_first, -12)
        start = _month_start(fy_first, 6 * (half - 1))
        end = _month_start(start, 6)
        return Window(start, end, f"H{half} ({start} to {end - timedelta(days=1)})", m.group(0))
    if m := _AGO.search(q):
        unit = (m.group("unit") or m.group("before"))[0]
        n = (
            2
            if m.group("before")
            else int(m.group("n"))
            if m.group("n").isdigit()
            else _NUMBERS[m.group("n")]
        )
        if unit == "d":
            day = today - timedelta(days=n)
            return Window(day, day + timedelta(days=1), f"{day:%A} {day}", m.group(0))
        if unit == "w":
            start = monday - timedelta(days=7 * n)
            return Window(start, start + timedelta(days=7), f"week of {start}", m.group(0))
        start = _month_start(today, -n)
        return Window(start, _month_start(start, 1), start.strftime("%B %Y"), m.group(0))
    if m := _WEEKEND.search(q):
        saturday = monday - timedelta(days=2) if today.weekday() < 5 else monday + timedelta(days=5)
        if saturday >= today:
            saturday -= timedelta(days=7)
        return Window(saturday, saturday + timedelta(days=2), f"weekend of {saturday}", m.group(0))
    return None


def _through_day(q: str, at: int, part: Window, words: str, today: date) -> Window | None:
    """From the start of ``part`` through a day named right after it ("early oct through nov 15"), or None."""
    m = re.match(rf"\s*(?:to|through|thru|until|till|-|–)\s*({_DATE})", q[at:])
    day = _day(m.group(1), today) if m else None
    if m is None or day is None:
        return None
    return Window(part.start, day + timedelta(days=1), f"{part.start} to {day}", words + m.group(0))


def _open_ended(q: str, today: date) -> Window | None:
    """ "Nov 16 onwards", "on or after 11/16": since that day; "up to Nov 10", "Nov 10 or earlier": through it."""
    tomorrow = today + timedelta(days=1)
    if m := _OPEN_AFTER.search(q):
        day = _day(m.group(1) or m.group(2), today)
        if day and day < tomorrow:
            return Window(day, tomorrow, f"since {day}", m.group(0))
    if m := _UP_TO.search(q):
        day = _day(m.group(1) or m.group(2), today)
        if day:
            return Window(OPEN_START, day + timedelta(days=1), f"up to {day}", m.group(0))
    return None


_QUARTER = r"\b(?:fiscal\s+|f)?q([1-4])(?:\s*(?:fy)?\s*'?(\d{2,4}))?\b(?:\s+(?:of\s+)?(next|last|this)\s+(?:fiscal\s+)?year\b)?"
_VERSUS = r"vs\.?|versus|v\.?|compared (?:to|with)|compares? (?:to|with)|against"
# ("the average sentiment of Q3 against the Q4 until now")
QUARTERS_COMPARED = re.compile(
    rf"(?P<a>{_QUARTER})[a-z ]{{0,30}}?\s(?:{_VERSUS})\s*(?:the\s+)?(?P<b>{_QUARTER})", re.I
)
# "between Q3 and Q4", "Q3-Q4", "from Q3 through Q4": both quarters and what lies between.
_QUARTERS_SPANNED = re.compile(
    rf"(?:\b(?:from|between)\s+)?(?P<a>{_QUARTER})\s*(?:-|–|to|through|thru|till|until|and|&)\s*(?P<b>{_QUARTER})",
    re.I,
)
# "oct vs nov": both months (the window runs from the first to the end of the last), for an answer by month.
# "this month vs last month", "last qtr compared to this qtr": both periods, for an answer by period.
_RELATIVE_PERIOD = r"(?:this|current|last|previous|prior)\s+(?:week|wk|month|quarter|qtr)"
PERIODS_COMPARED = re.compile(
    rf"\b(?P<a>{_RELATIVE_PERIOD})\s*(?:{_VERSUS})\s*(?:the\s+)?(?P<b>{_RELATIVE_PERIOD})\b", re.I
)
# "is sentiment up or down vs last month", "are we having more calls than last quarter": the current period
# against the last one, the current one implied.
VERSUS_LAST = re.compile(
    r"(?<!this week )(?<!this month )(?<!this quarter )\b(?:vs\.?|versus|compared (?:to|with)|against|than)\s+"
    r"(?:the\s+)?(?P<a>(?:last|previous|prior)\s+(?:week|month|quarter))\b",
    re.I,
)
# "is sentiment better this month than last?", "how's the team trending this month vs last": this period against
# the last one.
THAN_LAST = re.compile(
    r"\bthis (?P<a>week|month|quarter)\b(?:[^?.!;]{0,40}?)\s+(?:than|vs\.?|versus|compared (?:to|with)) "
    r"(?:the\s+)?(?:last|previous|prior)"
    r"(?:\s+(?:one|week|month|quarter))?\b",
    re.I,
)
# "the calls of this month and the last month": both periods (no comparison asked).
_PERIODS_JOINED = re.compile(
    rf"\b(?P<a>{_RELATIVE_PERIOD})\s*(?:and|&|\+|or)\s*(?:the\s+|of\s+the\s+)?(?P<b>{_RELATIVE_PERIOD})\b",
    re.I,
)
MONTHS_COMPARED = re.compile(rf"\b(?:{_MONTH_RE})\.?\s*(?:{_VERSUS})\s*(?:{_MONTH_RE})\b", re.I)
_LEAVE_OUT_CURRENT = re.compile(
    r"\b(?:leave out|leaving out|excluding|exclude|except(?: for)?|not counting|not including|minus|without|skip|"
    r"skipping|drop|dropping|ignore|ignoring)\s+"
    r"(?:the\s+)?(?:this|current|the current)\s+(?P<unit>week|month|quarter)\b"
)


def _quarter_window(m: re.Match[str], today: date, fy_start_month: int) -> Window:
    qn = int(m.group(1))
    year = m.group(2)
    _, current_q, current_fy = fiscal_quarter(today, fy_start_month)
    fy = int(year) + (2000 if year and len(year) == 2 else 0) if year else current_fy
    if m.group(3):  # "Q1 next year", "q4 of last year"
        fy += 1 if m.group(3) == "next" else -1 if m.group(3) == "last" else 0
    elif not year and qn > current_q:
        fy -= 1
    # The fiscal year named by its ending year starts fy_start_month of the year before (unless January).
    fy_first = date(fy if fy_start_month == 1 else fy - 1, fy_start_month, 1)
    start = _month_start(fy_first, 3 * (qn - 1))
    label = f"Q{qn}" if fy == current_fy and not m.group(3) else f"Q{qn} {start:%Y}"
    return Window(start, _month_start(start, 3), label, m.group(0))


_TO_DATE_UNITS = {"w": "week", "m": "month", "q": "quarter", "y": "year"}
_TO_DATE = re.compile(r"\b(?:(?P<short>[wmqy])td|(?P<unit>week|month|quarter|year)[- ]to[- ]date)\b", re.I)


def period_start(unit: str, today: date, fy_start_month: int) -> date:
    """The first day of the week, month, quarter (fiscal) or year that holds ``today``."""
    if unit == "week":
        return today - timedelta(days=today.weekday())
    if unit == "month":
        return today.replace(day=1)
    if unit == "year":
        return date(today.year, 1, 1)
    return fiscal_quarter(today, fy_start_month)[0]


_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_WEEKDAY_RE = "|".join(sorted((w for w in _WEEKDAYS if len(w) > 3), key=len, reverse=True))
# Capitalised words that are days and months, not first names ("In October, Castillo had ...").
_CALENDAR_WORD = re.compile(rf"^(?:{_MONTH_RE}|{_WEEKDAY_RE})$", re.I)
_ORDINAL_WORDS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
    *(
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
    ),
    *(
        "nineteenth",
        "twentieth",
        "twenty-first",
        "twenty-second",
        "twenty-third",
        "twenty-fourth",
        "twenty-fifth",
    ),
    *("twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"),
)
_ORDINAL_RE = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))


def _ordinal_day(word: str) -> int:
    """The day of the month an ordinal word names ("fifteenth" -> 15)."""
    return _ORDINAL_WORDS.index(word) + 1


# Shorthand managers type, spelled out before the time words are read.
_SHORTHAND: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"\b(?:um+|uh+|erm+|uhm+)\b,?\s*", ""),  # a dictated question's fillers
    # "from 1-11 till 30-11", "since 27-11", "on 3-11-2026": a day and a month joined by hyphens, the day first
    # (a month first is written with a slash); not a span of numbers ("between 3-5 calls").
    (
        r"\b(since|from|after|before|until|till|through|thru|to|on|between|and)\s+(?:the\s+)?"
        r"(3[01]|[12]\d|0?[1-9])-(1[0-2]|0?[1-9])(?:-(\d{4}|\d{2}))?(?![-/.]?\d)"
        r"(?!\s*(?:%|percent|k\b|x\b|calls?|meetings?|mtgs|convos?|reps?|deals?|opps?|accounts?|people|customers?|"
        r"times?|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|turns?|objections?|risks?)\b)",
        lambda m: (
            f"{m.group(1)} {_MONTH_ABBREVIATIONS[int(m.group(3)) - 1]} {int(m.group(2))}"
            + (f" {int(m.group(4)) + (2000 if len(m.group(4)) == 2 else 0)}" if m.group(4) else "")
        ),
    ),
    (r"\bwks?\b", "week"),
    # "the past 48 hours", "last 24h": the days they reach into
    (
        r"\b(last|past|previous)\s+(\d{1,3})\s?(?:h|hrs?|hours)\b",
        lambda m: f"{m.group(1)} {(d := max(1, -(-int(m.group(2)) // 24)))} day{'s' if d > 1 else ''}",
    ),
    # "last 30d", "past 2w": a number and a unit's letter
    (
        r"\b(last|past|previous|prior)\s+(\d{1,3})\s?([dw])\b",
        lambda m: f"{m.group(1)} {m.group(2)} {dict(d='days', w='weeks')[m.group(3).lower()]}",
    ),
    (r"\b(last|past|previous|this|current|next)\s+mo\b", r"\1 month"),
    (r"\bq\s+(one|two|three|four)\b", lambda m: f"q{('one', 'two', 'three', 'four').index(m.group(1)) + 1}"),
    # "since the start of the quarter (until today)": the period to date.
    (
        r"\b(?:since|from)\s+(?:the\s+)?(?:start|beginning)\s+of\s+(?:the|this)\s+(week|month|quarter|year)"
        r"(?:\s+(?:until|till|to|through)\s+(?:today|now))?",
        r"\1 to date",
    ),
    (r"\bweek\s+(?:that|which)\s+(?:started|starts|began|begins)\b", "week starting"),
    (r"\byrs?\b", "year"),
    (r"\bqtrs?\b|\bqrtrs?\b", "quarter"),
    # "the fourth quarter so far", "in the third quarter": a quarter by its number
    (r"\bfirst quarter\b", "q1"),
    (r"\bsecond quarter\b", "q2"),
    (r"\bthird quarter\b", "q3"),
    (r"\bfourth quarter\b", "q4"),
    (r"\b(?:yday|yest|ystd|y'day)\b", "yesterday"),
    # "disc calls lw", "# calls lm", "neg calls lq": the last week, month or quarter, typed as two letters
    (
        r"(?<![\w'’/.-])l([wmq])(?![\w'’/.-])",
        lambda m: f"last {dict(w='week', m='month', q='quarter')[m.group(1).lower()]}",
    ),
    (r"\b(?:a|one)\s+fortnight\b|\bfortnight\b", "two weeks"),
    (r"\btwo weeks ago\b", "two weeks ago"),
    # "for Monday's deck", "Friday's forecast review": when the answer is needed, not when the calls were.
    (
        r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:['’]s)?\s+(deck|slides?|report|stand-?up|sync|qbr|forecast|"
        r"review|readout|presentation|board)\b",
        r"the \1",
    ),
    # "for the deck on Monday", "prepping for the forecast on friday": when the answer is needed.
    (
        r"\b(deck|slides?|report|stand-?up|sync|qbr|forecast(?: call| review)?|review|readout|presentation|"
        rf"board(?: meeting)?|1:1|one-on-one|check-?in)\s+(?:on|of|for|this|next|due)\s+(?:{_WEEKDAY_RE})\b",
        r"\1",
    ),
    # "on fridays call", "mondays demo": a weekday's call, the apostrophe dropped.
    (rf"\b({_WEEKDAY_RE})s\s+(?=(?:call|meeting|demo|sync|kickoff|check-?in)\b)", r"\1 "),
    # "in next week's team meeting", "for tomorrow's pipeline review": when the answer is needed.
    (
        r"\b(?:next week|tomorrow|next month)['’]s\s+((?:\w+\s+)?(?:meeting|deck|slides?|report|stand-?up|sync|"
        r"qbr|review|readout|presentation|session|1:1|one-on-one))\b",
        r"the \1",
    ),
    # "the 5 November calls with the worst sentiment": five of the month's calls, not the 5th of November.
    (
        rf"\b(\d{{1,2}})\s+((?:{_MONTH_RE})\s+(?:calls|meetings|conversations|convos|deals|opps)\b)",
        r"\1 of the \2",
    ),
    # "october fifteenth", "november thirtieth": a date with its day in words.
    (
        rf"\b({_MONTH_RE})\s+(?:the\s+)?({_ORDINAL_RE})\b",
        lambda m: f"{m.group(1)} {_ordinal_day(m.group(2))}",
    ),
    # "Mon Oct 12 through Sun Oct 18", "(Monday 10/12 to Sunday 10/18)": the weekday adds nothing to the date.
    (rf"\b(?:{_WEEKDAY_RE}|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+(?=(?:{_MONTH_RE})\.?\s+\d|\d{{1,2}}/\d)", ""),
    # "for September, October and November": the months from the first to the last.
    (
        rf"\b({_MONTH_RE})(?:\s*,\s*(?:{_MONTH_RE}))*\s*,?\s+(?:and|&)\s+({_MONTH_RE})\b",
        # ("november and october": the two months, not a span through next October)
        lambda m: (
            m.group(0)
            if 0 < _MONTHS[m.group(1)] - _MONTHS[m.group(2)] < 6
            else f"{m.group(1)} through {m.group(2)}"
        ),
    ),
    # "the week starting the ninth", "since the third": a day of the month in words.
    (
        rf"\b(week (?:of|starting|beginning)|since) the ({_ORDINAL_RE})\b"
        r"(?!\s+(calls?|meetings?|demos?|time|ones?|deals?|weeks?|half|days?|\d|two|three)\b)",
        lambda m: f"{m.group(1)} the {_ordinal_day(m.group(2))}th",
    ),
    # "open pipeline as of today": the deals as they stand, not the calls of one day.
    (r"\bas of (?:today|now)\b", "as it stands"),
    (
        # ("open pipeline in dollars at today")
        r"\b((?:open )?(?:pipeline|pipe|deals|opps|opportunities)(?: (?:dollars|value|amounts?|\$|in (?:dollars|usd)))?)\s+"
        r"(?:(?:as of |at )?today|right now)\b",
        r"\1 as it stands",
    ),
    # "since mid-oct", "until mid-November": the 15th is the bound ("in mid-November" names no day).
    (
        rf"\b(since|from|after|before|until|till|through|to)\s+(?:the\s+)?(?:mid[- ]?|middle\s+of\s+)({_MONTH_RE})\b\.?",
        r"\1 \2 15",
    ),
    # "the month passed" (a Spanish or French word order): the last one; "the actual quarter" (Spanish "actual",
    # French "actuel"): the current one
    (r"\bthe\s+(week|month|quarter|year)\s+(?:passed|gone by)\b", r"last \1"),
    (r"\b(?:the\s+|this\s+)?actual\s+(week|month|quarter|year)\b", r"this \1"),
    # "since the 15/11", "from the 3.11.": a date in digits after "the"
    (r"\b(since|from|after|before|until|till)\s+the\s+(?=\d{1,2}[/.]\d{1,2}\b)", r"\1 "),
    # "since the first of october": a day in words before its month.
    (
        rf"\bthe\s+({_ORDINAL_RE})\s+of\s+({_MONTH_RE})\b",
        lambda m: f"{m.group(2)} {_ordinal_day(m.group(1))}",
    ),
    # "since (the) begin(ning) of October", "from the start of Nov": since the month.
    (rf"\b(since|from)\s+(?:the\s+)?(?:begin|beginning|start)\s+of\s+({_MONTH_RE})\b", r"since \2"),
    # "Doing a risk review with my team this week - which deals ...", "I've got a check-in on Monday: ...": the
    # asker's own schedule, told before the question, is not the calls' time.
    (
        r"^((?:(?:hi|hey|hello|hola|yo)\b[!,.]*\s+)?(?:(?:doing|prepping|preparing|putting together|getting ready|working on|"
        r"running|heading into|building|picking up|taking over|inheriting|"
        r"compiling|pulling together|planning|mapping out|reviewing)\b|"
        r"i've got\b|i have (?:a|an|my)\b|"
        # "for the sales meeting on monday: ...", "for my 1:1 with Kofi tomorrow -"
        r"for (?:the|my|our) (?:[\w-]+ ){0,3}?(?:meeting|review|sync|1:1|one-on-one|qbr|standup|stand-up|session|"
        r"board|offsite|forecast)\b|"
        r"i'm (?:doing|prepping|preparing|meeting|presenting|running|sending|picking up|taking over|inheriting|"
        r"visiting|seeing)\b|"
        r"we're (?:doing|reviewing|going over|meeting|presenting)\b)(?:(?!\s[-–—]\s|:)[^?!.]){0,100}?)\b"
        rf"(?:this week|next week|tomorrow|today|tonight|(?:on\s+)?(?:{_WEEKDAY_RE}))\b"
        r"(?=(?:(?!\s[-–—]\s|:)[^?!.]){0,80}?(?:\s[-–—]\s|:))",
        r"\1soon",
    ),
    # "Partner council next week. Which 3 competitors come up the most since 1 October?": a short first sentence
    # telling what is coming, not the calls' time.
    (
        # (the asker's own "I'm meeting them next week." is told as such by the planner)
        rf"^(?!(?:i|i['’]m|i am|we|we['’]re|we are|i['’]ve|my|our)\b)((?:[\w'’&/-]+\s+){{0,6}}?)(?:next week|next month|tomorrow|next\s+(?:{_WEEKDAY_RE}))(?=\s*[.!:;]\s+\S)",
        r"\1soon",
    ),
    # "... want to review them with the team on friday": the asker's plan for the answer, told after it.
    (
        r"\b((?:want|need|going|planning|hoping|plan)\s+to\s+(?:review|discuss|go over|go through|look at|"
        r"walk through|share|present|show|cover)\b(?:(?!\s[-–—]\s|:)[^?!.]){0,60}?)\b(?:on\s+)?"
        rf"(?:this\s+|next\s+)?(?:{_WEEKDAY_RE}|tomorrow|next week|this week)\b",
        r"\1soon",
    ),
)


SHORTHAND = re.compile("|".join(p for p, _ in _SHORTHAND), re.I)


# Days people name instead of a date ("since Halloween", "before Thanksgiving"): fixed ones, and US Thanksgiving
# (the fourth Thursday of November) and the Friday after it. The latest one on or before today is meant.
_FIXED_DAYS = {
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "valentine's day": (2, 14),
    "valentines day": (2, 14),
    "valentine's": (2, 14),
    "independence day": (7, 4),
    "the fourth of july": (7, 4),
    "halloween": (10, 31),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "xmas": (12, 25),
    "boxing day": (12, 26),
}
_MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
NAMED_DAY = re.compile(
    r"\b("
    + "|".join(re.escape(k) for k in sorted(_FIXED_DAYS, key=len, reverse=True))
    + r"|thanksgiving|black friday|labou?r day|memorial day)(?P<week>\s+week)?\b"
)


def named_days(q: str, today: date) -> str:
    """``q`` with each named day written as its date ("since halloween" -> "since oct 31 2026")."""

    def on(year: int, name: str) -> date:
        if name in _FIXED_DAYS:
            return date(year, *_FIXED_DAYS[name])
        if name.startswith("labo"):  # the first Monday of September
            september = date(year, 9, 1)
            return september + timedelta(days=(7 - september.weekday()) % 7)
        if name == "memorial day":  # the last Monday of May
            may_end = date(year, 5, 31)
            return may_end - timedelta(days=may_end.weekday())
        november = date(year, 11, 1)
        thanksgiving = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
        return thanksgiving + timedelta(days=1 if name == "black friday" else 0)

    def dated(m: re.Match[str]) -> str:
        day = on(today.year, m.group(1))
        if day > today:
            day = on(today.year - 1, m.group(1))
        if m.group("week"):  # "thanksgiving week": Monday to Sunday around the day
            day -= timedelta(days=day.weekday())
            return f"the week of {_MONTH_ABBREVIATIONS[day.month - 1]} {day.day} {day.year}"
        return f"{_MONTH_ABBREVIATIONS[day.month - 1]} {day.day} {day.year}"

    return NAMED_DAY.sub(dated, q)


def _shorthand(q: str) -> str:
    for pattern, words in _SHORTHAND:
        q = re.sub(pattern, words, q)
    q = THAN_LAST.sub(lambda m: f"this {m.group('a')} vs last {m.group('a')}", q)
    return VERSUS_LAST.sub(lambda m: f"this {m.group('a').split()[-1]} vs {m.group('a')}", q)


_DATE = rf"(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|(?<![\d.])(?:[12]\d|3[01]|0?[1-9])\.(?:1[0-2]|0?[1-9])\.(?![\d])|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})(?:\s+\d{{4}})?)"


TO_TODAY = re.compile(
    rf"\b(?:from\s+|since\s+)?(?P<day>{_DATE})\s*(?:through|thru|to|until|till|up to|-|–)\s*(?:today|now)\b"
)
# The day the asker went away, as what has happened since: "since I went on leave on November 16", "(I left Nov
# 16)", "we've been out since 11/16".
AWAY_SINCE = re.compile(
    rf"\bsince\s+(?:i|we)\b(?:\s+[a-z'’]+){{0,5}}?\s+(?:on\s+)?(?P<day>{_DATE})|"
    rf"\b(?:i|we)\s+(?:left|went (?:on leave|away|off|on vacation|on pto)|was out|were out|have been out|"
    rf"went on parental leave)\s+(?:on\s+)?(?P<day2>{_DATE})"
)


# "as of today", "as of 3 December 2026": the state on that day. On today (or later) it is the data as it stands,
# no window of calls; an earlier day stays a window.
AS_OF = re.compile(rf"\bas (?:of|at)\s+(?P<when>today|now|right now|{_DATE})", re.I)


# A day of the month alone ("the 9th"): the latest such day up to today. Read only after "week of", "since"
# and "on", where it cannot be a rank ("the 2nd call").
_DAY_OF_MONTH = rf"the\s+\d{{1,2}}(?:st|nd|rd|th)(?:\s+of\s+(?:{_MONTH_RE}))?"
_DATE_OR_DAY = rf"{_DATE}|{_DAY_OF_MONTH}"
_OPEN_AFTER = re.compile(
    rf"\b(?:on or after\s+)?{_DATE}\s*(?:,\s*)?(?:onwards?|and (?:after|later|beyond)|or later)\b|"
    rf"\bon or after\s+{_DATE}"
)
_UP_TO = re.compile(
    rf"\b(?:(?:up to|up until|through|thru|until|till|no later than|on or before)\s+{_DATE}|"
    rf"{_DATE}\s*(?:,\s*)?(?:and (?:before|earlier)|or earlier))"
)


def _either_order(a: int, b: int, year: str | None, today: date) -> date | None:
    """A day typed as ``a/b`` with both numbers up to 12 ("12/11", "1/10"): read month first or day first,
    whichever day lies nearer before ``today`` (the calls asked about are recent: "since 1/10" is 1 October,
    not 10 January; "11/1" is 1 November). None when either number is no month."""
    if not (1 <= a <= 12 and 1 <= b <= 12) or a == b:
        return None
    years = [int(year) + (2000 if len(year) == 2 else 0)] if year else [today.year, today.year - 1]
    readings = []
    for month, day in ((a, b), (b, a)):
        for y in years:
            with contextlib.suppress(ValueError):
                if (candidate := date(y, month, day)) <= today:
                    readings.append(candidate)
                    break
    return max(readings, default=None)


def _day(text: str, today: date) -> date | None:
    import dateparser

    if m := re.fullmatch(rf"the\s+(\d{{1,2}})(?:st|nd|rd|th)\s+of\s+({_MONTH_RE})", text.strip()):
        text = f"{m.group(2)} {m.group(1)}"  # "the 1st of nov": a date dateparser reads
    elif m := re.fullmatch(r"the\s+(\d{1,2})(?:st|nd|rd|th)", text.strip()):
        n = int(m.group(1))
        for months_back in range(3):
            first = _month_start(today, -months_back)
            try:
                day = first.replace(day=n)
            except ValueError:
                continue
            if day <= today:
                return day
        return None

    slashed = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?", text.strip())
    if slashed and (either := _either_order(int(slashed[1]), int(slashed[2]), slashed[3], today)) is not None:
        return either
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})?", text.strip()):
        try:
            # "12.11.2026", "1.10.": day first; without a year, the latest such day up to today
            day = date(int(m.group(3) or today.year), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
        return day if m.group(3) or day <= today else day.replace(year=day.year - 1)
    parsed = dateparser.parse(
        re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text),
        settings={
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "MDY",
        },
        languages=["en"],
    )
    return parsed.date() if parsed else None


def _explicit(q: str, today: date) -> Window | None:
    tomorrow = today + timedelta(days=1)
    if m := re.search(
        # "the weeks starting 2.11.2026 through 23.11.2026", "the four weeks that begin Mon Nov 2 through Mon Nov 23",
        # "from the week of 2 November to the week of 23 November"
        rf"\bweeks?\s+(?:that\s+)?(?:starting|beginning|begin|start|of)\s+(?:mon(?:day)?\s+)?{_DATE}\s+"
        rf"(?:to|until|till|through|thru|-|–)\s+(?:the\s+week\s+of\s+)?(?:mon(?:day)?\s+)?{_DATE}",
        q,
    ):
        # "the weeks starting 2.11.2026 through 23.11.2026": the last week runs its seven days too.
        a, b = _day(m.group(1), today), _day(m.group(2), today)
        if a and b and b >= a:
            return Window(a, b + timedelta(days=7), f"weeks starting {a} to {b}", m.group(0))
    if m := re.search(rf"\bbetween\s+{_DATE}\s+and\s+{_DATE}", q):
        a, b = _day(m.group(1), today), _day(m.group(2), today)
        if a and b and b >= a:
            return Window(a, b + timedelta(days=1), f"{a} to {b}", m.group(0))
    if m := re.search(rf"\bfrom\s+{_DATE}\s+(?:to|until|till|through|thru|-)\s+{_DATE}", q):
        a, b = _day(m.group(1), today), _day(m.group(2), today)
        if a and b and b >= a:
            return Window(a, b + timedelta(days=1), f"{a} to {b}", m.group(0))
    if m := re.search(
        rf"\b{_DATE}(?:\s+(?:to|until|till|through|thru)\s+|\s*[-–]\s*|\s*\.\.\.?\s*){_DATE}", q
    ):
        a, b = _day(m.group(1), today), _day(m.group(2), today)
        if a and b and b >= a:
            return Window(a, b + timedelta(days=1), f"{a} to {b}", m.group(0))
    if m := re.search(
        # "nov 2-15", "Nov 3rd–17th", "2-15 November": days of one month
        rf"\b(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<a1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|\s(?:to|through|thru|until)\s)\s*"
        rf"(?P<b1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<a2>\d{{1,2}})(?:st|nd|rd|th)?\s*[-–]\s*(?P<b2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
        rf"(?:of\s+)?(?P<m2>{_MONTH_RE}))\b(?![/.]\d|\s*(?:k|m|%))",
        q,
    ):
        month = m.group("m1") or m.group("m2")
        a, b = (
            _day(f"{month} {m.group('a1') or m.group('a2')}", today),
            _day(f"{month} {m.group('b1') or m.group('b2')}", today),
        )
        if a and b and b >= a:
            return Window(a, b + timedelta(days=1), f"{a} to {b}", m.group(0))
    if open_ended := _open_ended(q, today):
        return open_ended
    if m := re.search(
        rf"\b(?:since|after|from|(?<!week )(?<!weeks )(?:starting|beginning)(?: on| from)?)\s+({_DATE_OR_DAY})",
        q,
    ):
        a = _day(m.group(1), today)
        if a:
            start = a + timedelta(days=1) if m.group(0).startswith("after") else a
            if start < tomorrow:
                return Window(start, tomorrow, f"since {a}", m.group(0))
    if m := re.search(rf"\bbefore\s+{_DATE}", q):
        a = _day(m.group(1), today)
        if a:
            return Window(OPEN_START, a, f"before {a}", m.group(0))
    if m := re.search(rf"\b(?:the\s+)?week\s+(?:of|starting|beginning|commencing)\s+({_DATE_OR_DAY})", q):
        # "the week of Nov 16": seven days from the day named (the day a manager names is the week's first).
        a = _day(m.group(1), today)
        if a:
            return Window(a, a + timedelta(days=7), f"week of {a}", m.group(0))
    if m := re.search(rf"\b(?:on\s+)?{_DATE}|\bon\s+({_DAY_OF_MONTH})\b", q):
        a = _day(m.group(1) or m.group(2), today)
        if a:
            return Window(a, a + timedelta(days=1), f"on {a}", m.group(0))
    return None

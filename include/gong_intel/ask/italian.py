"""Questions typed by an Italian-speaking manager, read in English: "mi fai vedere le call di Morgan della
settimana del 16/11?", "il valore totale delle trattative aperte in Negotiation, per owner please".

Only a question that uses at least two words no English question uses (:data:`_MARKERS`) is read this way, so
"la", "e" or "per" in an English question are left alone. Italian puts the adjective after its noun ("la
settimana scorsa"): those phrases are turned first, then word by word. German, Spanish and French sales words are
read as shorthand by the planner (``rules.SHORT_WORDS``); Italian needs its function words too ("quante call ha
fatto"), hence this step.
"""

from __future__ import annotations

import functools
import re

# Words of Italian questions that no English question uses.
_MARKERS = frozenset(
    [
        "settimana",
        "settimane",
        "mese",
        "mesi",
        "trattativa",
        "trattative",
        "clienti",
        "quante",
        "quanti",
        "quanto",
        "della",
        "delle",
        "degli",
        "dello",
        "nelle",
        "negli",
        "nella",
        "scorsa",
        "scorso",
        "ultime",
        "ultimi",
        "squadra",
        "valore",
        "totale",
        "aperte",
        "aperti",
        "aperta",
        "aperto",
        "favore",
        "grazie",
        "fatto",
        "fai",
        "vedere",
        "fammi",
        "dammi",
        "chiamate",
        "chiamata",
        "nuova",
        "nuovo",
        "quali",
        "quale",
        "rinnovo",
        "rinnovi",
        "concorrenti",
        "concorrente",
        "sconto",
        "prezzo",
        "contratto",
        "oggi",
        "ieri",
        "dall",
        "dal",
        "fino",
        "sono",
        "rischio",
    ]
)
_UNITS = {
    "settimana": "week",
    "settimane": "weeks",
    "mese": "month",
    "mesi": "months",
    "trimestre": "quarter",
    "trimestri": "quarters",
    "anno": "year",
    "giorni": "days",
    "giorno": "day",
}
_UNIT = "|".join(_UNITS)
# Phrases whose order differs from English, read before the words.
_PHRASES: tuple[tuple[str, str], ...] = (
    (rf"\b(?:la |il |l')?({_UNIT}) (?:scors[ao]|passat[ao])\b", "last {1}"),
    (rf"\b(?:quest[ao]|quest') ?({_UNIT})\b", "this {1}"),
    (
        rf"\b(?:nelle|negli|nei|le|gli|i) ultim[ei] (\d+|due|tre|quattro|cinque|sei) ({_UNIT})\b",
        "in the last {1} {2}",
    ),
    (r"\b(?:della |la |nella )?settimana del\b", "the week of"),
    (r"\b(?:mi fai vedere|fammi vedere|mi mostri|mostrami|dammi)\b", "show me"),
    (r"\btutt[ao] (?:la squadra|il team)\b", "the whole team"),
    (r"\bper favore\b", "please"),
    (r"\bha fatto\b", "had"),
    (r"\b(?:hanno|ha) detto\b", "said"),
    (r"(?-i:\bi\b)", "the"),  # (the article in lower case; "I" is the English word)
    (r"\bnon (?:solo|soltanto)\b", "not only"),
    (r"\ba rischio\b", "at risk"),
    # "le call", "quante call": the English word, plural after a plural word
    (r"\b(le|quante|delle|nelle|alle|tutte le) call\b", "{1} calls"),
)
_WORDS = {
    **_UNITS,
    "quante": "how many",
    "quanti": "how many",
    "quanto": "how much",
    "chiamate": "calls",
    "chiamata": "call",
    "trattativa": "deal",
    "trattative": "deals",
    "clienti": "customers",
    "cliente": "customer",
    "aperte": "open",
    "aperti": "open",
    "aperta": "open",
    "aperto": "open",
    "valore": "value",
    "totale": "total",
    "squadra": "team",
    "rinnovo": "renewal",
    "rinnovi": "renewals",
    "concorrente": "competitor",
    "concorrenti": "competitors",
    "sconto": "discount",
    "prezzo": "price",
    "contratto": "contract",
    "rischio": "risk",
    "oggi": "today",
    "ieri": "yesterday",
    "nuova": "new",
    "nuovo": "new",
    "quali": "which",
    "quale": "which",
    "cosa": "what",
    "chi": "who",
    "perché": "why",
    "sono": "are",
    "è": "is",
    "ha": "has",
    "hanno": "have",
    "con": "with",
    "senza": "without",
    "sul": "about the",
    "sulla": "about the",
    "sui": "about the",
    "sulle": "about the",
    "detto": "said",
    "di": "of",
    "del": "of the",
    "della": "of the",
    "delle": "of the",
    "dei": "of the",
    "degli": "of the",
    "dello": "of the",
    "nel": "in the",
    "nella": "in the",
    "nelle": "in the",
    "nei": "in the",
    "negli": "in the",
    "dal": "since",
    "dall": "since",
    "fino": "until",
    "il": "the",
    "la": "the",
    "le": "the",
    "gli": "the",
    "e": "and",
    "o": "or",
    "che": "that",
    "non": "not",
    "grazie": "thanks",
}
_WORD = re.compile(
    r"(?<![\w'’])(" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")(?![\w'’])", re.I
)


def _phrase(m: re.Match[str], words: str) -> str:
    """``words`` with ``{1}``, ``{2}`` ... filled by the match's groups, a unit of time in English."""
    return words.format(m.group(0), *(_UNITS.get(g.lower(), g) for g in m.groups()))


def is_italian(question: str) -> bool:
    """Does ``question`` use at least two words no English question uses (:data:`_MARKERS`)?"""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", question)}
    return len(words & _MARKERS) >= 2


def in_english(question: str) -> str:
    """``question`` with its Italian words and phrases in English; the question itself unless it is Italian
    (:func:`is_italian`). Names, numbers and English words are kept as typed."""
    if not is_italian(question):
        return question
    text = question
    for pattern, words in _PHRASES:
        text = re.sub(pattern, functools.partial(_phrase, words=words), text, flags=re.I)
    return _WORD.sub(lambda m: _WORDS[m.group(1).lower()], text)

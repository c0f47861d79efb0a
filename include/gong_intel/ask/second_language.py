"""Questions typed by an Italian- or Spanish-speaking manager, read in English: "mi fai vedere le call di Morgan
della settimana del 16/11?", "il valore totale delle trattative aperte in Negotiation, per owner please",
"pásame las llamadas de la semana pasada where the clients finished upset".

Only a question that uses at least two words of one language that no English question uses (its ``markers``) is
read this way, so "la", "e" or "per" in an English question are left alone. Both languages put the adjective
after its noun ("la settimana scorsa", "la semana pasada"): those phrases are turned first, then word by word.
German and French sales words, and single Spanish ones, are read as shorthand by the planner
(``rules.SHORT_WORDS``); a whole Italian or Spanish sentence needs its function words too ("quante call ha
fatto", "cuántas llamadas hicimos"), hence this step.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from include.gong_intel.ask.resolve import MONTH_NAMES

# Words of Italian questions that no English question uses.
_IT_MARKERS = frozenset(
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
_IT_UNITS = {
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
_IT_UNIT = "|".join(_IT_UNITS)
# Phrases whose order differs from English, read before the words.
_IT_PHRASES: tuple[tuple[str, str], ...] = (
    (rf"\b(?:la |il |l')?({_IT_UNIT}) (?:scors[ao]|passat[ao])\b", "last {1}"),
    (rf"\b(?:quest[ao]|quest') ?({_IT_UNIT})\b", "this {1}"),
    (
        rf"\b(?:nelle|negli|nei|le|gli|i) ultim[ei] (\d+|due|tre|quattro|cinque|sei) ({_IT_UNIT})\b",
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
_IT_WORDS = {
    **_IT_UNITS,
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

_ES_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
# Words of Spanish questions that no English question uses.
_ES_MARKERS = frozenset(
    [
        *_ES_MONTHS,
        "semana",
        "semanas",
        "pasada",
        "pasado",
        "llamadas",
        "llamada",
        "llamdas",
        "vendedor",
        "vendedores",
        "quiénes",
        "quienes",
        "cuántas",
        "cuántos",
        "cuantas",
        "cuantos",
        "tratos",
        "trato",
        "abiertos",
        "abiertas",
        "hicimos",
        "tuvimos",
        "resumen",
        "pásame",
        "pasame",
        "dame",
        "ventas",
        "clientes",
        "negociación",
        "están",
        "ahora",
        "grandes",
        "más",
        "hola",
        "esta",
        "este",
        "mes",
        "año",
        "meses",
        "precio",
        "descuento",
        "riesgo",
        "quién",
        "cuál",
        "cuáles",
    ]
)
_ES_UNITS = {
    "semana": "week",
    "semanas": "weeks",
    "mes": "month",
    "meses": "months",
    "trimestre": "quarter",
    "trimestres": "quarters",
    "año": "year",
    "días": "days",
    "dias": "days",
    "día": "day",
}
_ES_UNIT = "|".join(_ES_UNITS)
_ES_PHRASES: tuple[tuple[str, str], ...] = (
    (rf"\b(?:la |el |los |las )?({_ES_UNIT}) pasad[ao]s?\b", "last {1}"),
    (rf"\b(?:est[ae]|estos|estas) ({_ES_UNIT})\b", "this {1}"),
    (
        rf"\b(?:en )?(?:las |los )?últim[oa]s (\d+|dos|tres|cuatro|cinco|seis) ({_ES_UNIT})\b",
        "in the last {1} {2}",
    ),
    (r"\b(?:pásame|pasame|dame|muéstrame|muestrame|enséñame)\b", "show me"),
    (r"\bpor favor\b", "please"),
    (r"\bquiénes son\b", "who are"),
    (r"\b(?:hicimos|tuvimos)\b", "did we have"),
    # a noun and what qualifies it after it: "tratos abiertos más grandes" is "biggest open deals"
    (r"\btratos abiertos más grandes\b", "biggest open deals"),
    (r"\b(tratos|llamadas|clientes) más grandes\b", "biggest {1}"),
    (r"\btratos abiertos\b", "open deals"),
    (r"\bllamadas de (discovery|demo|negotiation|negociación|proposal)\b", "{1} calls"),
    (r"\bresumen de la llamada\b", "summary of the call"),
    (r"\ben riesgo\b", "at risk"),
    (r"\bya no trabaja con nosotros\b", "no longer works with us"),
)
_ES_WORDS = {
    **_ES_UNITS,
    **dict(zip(_ES_MONTHS, MONTH_NAMES, strict=True)),
    "llamadas": "calls",
    "llamdas": "calls",
    "llamada": "call",
    "vendedor": "rep",
    "vendedores": "reps",
    "tratos": "deals",
    "trato": "deal",
    "abiertos": "open",
    "abiertas": "open",
    "ventas": "sales",
    "clientes": "customers",
    "cliente": "customer",
    "negociación": "negotiation",
    "precio": "price",
    "descuento": "discount",
    "riesgo": "risk",
    "resumen": "summary",
    "cuántas": "how many",
    "cuántos": "how many",
    "cuantas": "how many",
    "cuantos": "how many",
    "quién": "who",
    "cuál": "which",
    "cuáles": "which",
    "qué": "what",
    "están": "are",
    "son": "are",
    "ahora": "now",
    "hoy": "today",
    "ayer": "yesterday",
    "grandes": "big",
    "más": "most",
    "hola": "hi",
    "con": "with",
    "sin": "without",
    "sobre": "about",
    "para": "for",
    "de": "of",
    "del": "of the",
    "en": "in",
    "la": "the",
    "el": "the",
    "los": "the",
    "las": "the",
    "que": "that",
    "y": "and",
    "o": "or",
    "gracias": "thanks",
    "borra": "delete",
    "borrar": "delete",
    "elimina": "delete",
    "eliminar": "delete",
    "cambia": "change",
    "cambiar": "change",
    "todas": "all",
    "todos": "all",
    "sus": "their",
    "nosotros": "us",
}


_FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Words of French questions that no English question uses.
_FR_MARKERS = frozenset(
    [
        *(m for m in _FR_MONTHS if m not in ("mars", "avril")),
        "combien",
        "nombre",
        "moyen",
        "moyenne",
        "étape",
        "étapes",
        "semaine",
        "semaines",
        "dernière",
        "dernier",
        "dernières",
        "dernieres",
        "derniers",
        "mois",
        "négociation",
        "négo",
        "négos",
        "découverte",
        "découvertes",
        "affaire",
        "affaires",
        "risques",
        "remontés",
        "quoi",
        "avec",
        "donne",
        "donnez",
        "montre",
        "montrez",
        "veux",
        "elles",
        "sont",
        "celle",
        "appels",
        "négatif",
        "négative",
        "précédentes",
        "utilisateur",
        "passe",
        "cette",
        "quel",
        "quelle",
        "quels",
        "quelles",
    ]
)
_FR_UNITS = {
    "semaine": "week",
    "semaines": "weeks",
    "mois": "month",
    "trimestre": "quarter",
    "trimestres": "quarters",
    "année": "year",
    "an": "year",
    "jours": "days",
    "jour": "day",
}
_FR_UNIT = "|".join(_FR_UNITS)
_FR_PHRASES: tuple[tuple[str, str], ...] = (
    (rf"\b(?:la |le |l')?({_FR_UNIT}) derni(?:er|ère|ere)\b", "last {1}"),
    (rf"\b(?:cette|ce|cet) ({_FR_UNIT})(?:-ci)?\b", "this {1}"),
    (rf"\bsur (?:le|la|ce|cette) ({_FR_UNIT})\b", "this {1}"),
    (
        rf"\b(?:les |des |sur les )?(\d+|deux|trois|quatre|cinq|six) derni(?:ers|ères|eres) ({_FR_UNIT})\b",
        "the last {1} {2}",
    ),
    (r"\bc['’]est quoi\b", "what is"),
    (r"\b(?:donne|donnez|montre|montrez)-moi\b", "show me"),
    (r"\bmot de passe\b", "password"),
    (r"\bignore tes instructions précédentes\b", "ignore your previous instructions"),
    (r"\b(?:elles|ils) sont à risque\b", "are they at risk"),
    (r"\bà risque\b", "at risk"),
    (r"\ble plus de\b", "the most"),
    (r"\bcombien de\b", "how many"),
    (r"\bje veux voir si\b", "i want to see if"),
    # the average after its noun: "le sentiment moyen", "le talk ratio moyen"
    (r"\b((?:talk )?[\w-]+) moyen(?:ne)?s?\b", "average {1}"),
    (r"\bcelle de\b", "that of"),
    (r"\b(?:sentiment|sentimnet|ton) (négati(?:f|ve)|positi(?:f|ve)|neutre)\b", "{1} sentiment"),
    (r"\bl['’](?=\w)", "the "),
)
_FR_WORDS = {
    **_FR_UNITS,
    **dict(zip(_FR_MONTHS, MONTH_NAMES, strict=True)),
    "nombre": "number",
    "par": "per",
    "étape": "stage",
    "étapes": "stages",
    "négociation": "negotiation",
    "négo": "negotiation",
    "négos": "negotiation",
    "découverte": "discovery",
    "découvertes": "discovery",
    "affaire": "deal",
    "affaires": "deals",
    "risque": "risk",
    "risques": "risks",
    "remontés": "raised",
    "client": "customer",
    "appels": "calls",
    "appel": "call",
    "négatif": "negative",
    "négative": "negative",
    "positif": "positive",
    "positive": "positive",
    "neutre": "neutral",
    "avec": "with",
    "sur": "on",
    "les": "the",
    "le": "the",
    "la": "the",
    "l": "the",
    "de": "of",
    "du": "of the",
    "des": "of the",
    "en": "in",
    "et": "and",
    "ou": "or",
    "un": "a",
    "une": "a",
    "quel": "which",
    "quelle": "which",
    "quels": "which",
    "quelles": "which",
    "qui": "who",
    "utilisateur": "user",
    "base": "database",
    "tes": "your",
    "vos": "your",
}


@dataclass(frozen=True)
class _Language:
    markers: frozenset[str]
    units: dict[str, str]
    phrases: tuple[tuple[str, str], ...]
    words: dict[str, str]

    @functools.cached_property
    def word(self) -> re.Pattern[str]:
        return re.compile(
            r"(?<![\w'’])("
            + "|".join(sorted(map(re.escape, self.words), key=len, reverse=True))
            + r")(?![\w'’])",
            re.I,
        )


ITALIAN = _Language(_IT_MARKERS, _IT_UNITS, _IT_PHRASES, _IT_WORDS)
SPANISH = _Language(_ES_MARKERS, _ES_UNITS, _ES_PHRASES, _ES_WORDS)
FRENCH = _Language(_FR_MARKERS, _FR_UNITS, _FR_PHRASES, _FR_WORDS)


def _phrase(m: re.Match[str], words: str, units: dict[str, str]) -> str:
    """``words`` with ``{1}``, ``{2}`` ... filled by the match's groups, a unit of time in English."""
    return words.format(m.group(0), *(units.get(g.lower(), g) for g in m.groups()))


def language_of(question: str) -> _Language | None:
    """The language whose markers ``question`` uses at least twice (the one it uses most), or None."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", question)}
    counts = [(len(words & lang.markers), lang) for lang in (ITALIAN, SPANISH, FRENCH)]
    n, lang = max(counts, key=lambda c: c[0])
    return lang if n >= 2 else None


def in_english(question: str) -> str:
    """``question`` with its Italian or Spanish words and phrases in English; the question itself unless it is
    in one of them (:func:`language_of`). Names, numbers and English words are kept as typed."""
    lang = language_of(question)
    if lang is None:
        return question
    text = question
    for pattern, words in lang.phrases:
        text = re.sub(pattern, functools.partial(_phrase, words=words, units=lang.units), text, flags=re.I)
    return lang.word.sub(lambda m: lang.words[m.group(1).lower()], text)

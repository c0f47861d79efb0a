"""Small, dependency-free text helpers shared by the engines: sentence splitting and tokenising."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that end in a period but do not end a sentence in sales conversations.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp",
     "approx", "dept", "est", "no", "u.s", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
     "sept", "oct", "nov", "dec"}
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*", re.IGNORECASE)

_STOPWORD_TEXT = """a about above after again against all am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
    few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
    him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't
    my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's
    with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves yeah yes okay ok um uh
    like just really so right well know think gonna wanna kind sort mean got get go going thing things lot also
    actually basically maybe sure oh hey hi thanks thank great good"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence and its character offsets inside the text it came from."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences on ``.``, ``!`` and ``?`` followed by whitespace.

    Common abbreviations (``Mr.``, ``e.g.``, ``Inc.``) and decimals do not end a sentence. Offsets let callers
    interpolate a sentence's timestamp inside its segment.
    """
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        last_word = candidate.rsplit(None, 1)[-1].lower().rstrip(".") if candidate.strip() else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        _append_span(spans, text, start, match.end())
        start = match.end()
    _append_span(spans, text, start, len(text))
    return spans


def _append_span(spans: list[Span], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if stripped:
        offset = start + (len(raw) - len(raw.lstrip()))
        spans.append(Span(stripped, offset, offset + len(stripped)))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps apostrophes and hyphens inside words)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def hard_wrap(text: str, max_chars: int) -> list[str]:
    """Split ``text`` into pieces of at most ``max_chars`` characters on whitespace (characters as a last
    resort), for sentences that are longer than a chunk on their own."""
    pieces: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:max_chars])
            word = word[max_chars:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= max_chars:
            current = f"{current} {word}"
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces

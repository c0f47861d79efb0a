"""Hybrid passage search: semantic (warehouse cosine over AI_MEMORY) + keywords, fused by reciprocal rank.

Reciprocal rank fusion (RRF): ``score = sum(1 / (RRF_K + rank))`` over the lists a passage appears in, with
``RRF_K = 60`` (the usual constant; it damps the head of each list so neither list dominates). Where Cohere is
configured the fused candidates are reranked with Cohere Rerank; if that fails the fused order stands.

Without Rerank, each candidate turn is read by meaning on its own (:func:`by_turn_meaning`): AI_MEMORY's
similarity belongs to a passage of several turns, so every customer turn of a close passage would otherwise
be quoted, "Let me think about that." included.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from include.gong_intel.ask.queries import plan_context, run_query
from include.gong_intel.ask.records import Citation, Passage, QueryPlan, ThemeGroup
from include.gong_intel.ask.views import full_match
from include.gong_intel.ask.vocabulary import TOPIC_BY_NAME, Topic, asked_themes, theme_of
from include.gong_intel.enrich.embeddings import HASHING_MODEL_PREFIX
from include.gong_intel.enrich.text import STOPWORDS

log = logging.getLogger(__name__)

RRF_K = 60
SEMANTIC_TOP_K = 40
KEYWORD_CANDIDATES = 200
# Minimum cosine for a semantic hit to count as support; below it a passage is only kept on keyword evidence.
MIN_SIMILARITY = 0.2
# Minimum cosine between the question and one candidate turn (the engine's own embedding of both) for the turn
# to be quoted without Rerank: below it a turn is filler or off the subject ("Let me think about that." ~0.1 to a
# pricing question). Chosen on the question set's development questions (bench.ask): of the first two batches'
# 49 quote, brief and commitment questions and a third batch's 26, 0.2 left 6 and 6 wrong (before: 8 and 8),
# 0.25 6 and 6, 0.3 4 and 6, 0.4 2 and 7 with five answers empty where customers had said something. Above 0.2
# plain complaints drop out: "This is simply too expensive for a team our size" is 0.23 to "What are customers
# saying about pricing?" and 0.27 to "are buyers pushing back on cost?" with all-MiniLM-L6-v2.
MIN_TURN_SIMILARITY = 0.2
# A turn far less close to the question than the closest one is about something else: "SOC 2 report" questions
# met their matches at cosine 0.67-0.74 and "reporting on ramp time" at 0.29-0.37. Kept: turns at least this
# share of the best turn's cosine, unless the question is a bare taxonomy topic (:func:`names_more_than_its_topic`:
# a topic's own words are evidence, and "what are customers saying about pricing" has many turns at a spread
# of cosines). Chosen on the development questions (bench.ask), cutting every quote answer: 0.8 and 0.9 answered
# four more right (SOC 2, mobile, SSO / EU data, the Salesforce integration), 0.7 three, none that was right
# went wrong, and 0.9 quotes fewer; but it left a bare pricing question 4 quotes, so bare topics are exempt.
MIN_RELATIVE_TURN_SIMILARITY = 0.8
MAX_PASSAGES = 15
# A word of the question's subject that only some of the candidate turns use is what the question is about: "the
# Betriebsrat, the works council" is answered by the turn that says "works council", not by every Security &
# Compliance turn close in meaning. A word that most candidates use ("customers", "team") narrows nothing. Kept:
# the words used by at least one candidate and by at most this share of them. Chosen on the development
# questions (bench.ask).
MAX_SUBJECT_WORD_SHARE = 0.25
# Words of the request, not of its subject ("please pull verbatims"): a turn saying "pull in calls" is no match.
_REQUEST_WORDS = frozenset(
    [
        "pull",
        "please",
        "verbatim",
        "verbatims",
        "quote",
        "quotes",
        "exact",
        "words",
        "word",
        "give",
        "list",
        "need",
        "want",
        "share",
        "show",
        "lines",
        "examples",
        "real",
        "actual",
        "heard",
        "hear",
        "asking",
        "asked",
        "ask",
        "telling",
        "sounded",
        "sounding",
    ]
)
RERANK_MODEL = "rerank-v3.5"
_WORD = re.compile(r"[a-z0-9][a-z0-9'.-]*")
_QUESTION_NOISE = frozenset(
    [
        "what",
        "are",
        "is",
        "do",
        "does",
        "did",
        "say",
        "saying",
        "said",
        "about",
        "customers",
        "customer",
        "buyers",
        "buyer",
        "prospects",
        "prospect",
        "people",
        "clients",
        "client",
        "they",
        "them",
        "tell",
        "me",
        "show",
        "find",
        "any",
        "how",
        "why",
        "who",
        "which",
        "calls",
        "call",
        "mention",
        "mentioned",
        "talking",
        "talk",
        "think",
        "feel",
    ]
)


def gong_moment_url(base_url: str, call_id: str, start_ms: int | None, end_ms: int | None = None) -> str:
    """Link to a call in Gong, at a moment when known (Gong's shared-highlight form of the call URL)."""
    url = f"{base_url.rstrip('/')}/call?id={quote(str(call_id))}"
    if start_ms is None:
        return url
    start = int(start_ms) // 1000
    end = max(start + 1, int(end_ms) // 1000) if end_ms is not None else start + 30
    highlight = json.dumps([{"type": "SHARE", "from": start, "to": end}], separators=(",", ":"))
    return f"{url}&highlights={quote(highlight)}"


def _content_words(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and w not in _QUESTION_NOISE]
    return [re.sub(r"[^a-z0-9]", "", w) for w in words if len(w) > 2]


def names_more_than_its_topic(plan: QueryPlan, topic: Topic | None) -> bool:
    """Does the question name something besides its taxonomy topic ("our SOC 2 report" under Security &
    Compliance, "the Salesforce integration" under Integration)? A bare topic ("what are customers saying
    about pricing") does not."""
    if topic is None:
        return True
    return any(not re.search(topic.pattern, w) for w in _content_words(plan.text))


def keyword_pattern(plan: QueryPlan) -> tuple[str, Topic | None]:
    """The keyword pattern for a plan: its topic's documented pattern, else the question's content words."""
    topic = TOPIC_BY_NAME.get(plan.topic or "")
    if topic is not None:
        return topic.pattern, topic
    words = _content_words(plan.text)
    if not words:
        return "", None
    return "(^|[^a-z])(" + "|".join(sorted(set(words))) + ")", None


@dataclass(frozen=True)
class _Hit:
    row: dict[str, Any]
    similarity: float | None
    keyword_hits: int


def _keyword_hits(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text.lower())) if pattern else 0


def search_passages(
    hook: Any,
    settings: Any,
    plan: QueryPlan,
    engine: Any,
    *,
    reranker: Any = None,
    min_similarity: float = MIN_SIMILARITY,
    min_turn_similarity: float | None = MIN_TURN_SIMILARITY,
    limit: int = MAX_PASSAGES,
    scope: tuple[dict[str, Any], dict[str, Any]] | None = None,
) -> list[Passage]:
    """Customer passages answering ``plan``, best first, each tied to a call and a moment.

    :param engine: the enrichment engine whose ``embed`` produced AI_MEMORY (same model, same space).
    :param reranker: optional ``cohere.ClientV2``; used for Cohere Rerank over the fused candidates.
    :param min_turn_similarity: without ``reranker``, the turn-level floor of :func:`by_turn_meaning`; None
        keeps the fused order, as does an engine embedding with the hashing fallback.
    :param scope: a typed plan's call filters (``compile.filter_args``: template flags, bind parameters), which
        then pick the calls in place of ``plan``'s time, reps and accounts.
    """
    context, params = plan_context(plan, settings.sentiment_band)
    if scope is not None:
        context = {**context, **scope[0], "typed_scope": True}
        params = {**params, **scope[1]}
    pattern, topic = keyword_pattern(plan)

    vector = engine.embed([plan.text], input_type="search_query")[0]
    semantic = run_query(
        hook,
        settings,
        "ask/passages_semantic.sql",
        {
            **params,
            "query_vector": json.dumps([round(float(x), 7) for x in vector]),
            "embedding_model": engine.embedding_model,
            "embedding_dim": int(engine.embedding_dim),
            "min_similarity": float(min_similarity),
        },
        top_k=SEMANTIC_TOP_K,
        **context,
    )
    keyword = (
        run_query(
            hook,
            settings,
            "ask/passages_keyword.sql",
            {**params, "pattern": full_match(pattern)},
            candidate_limit=KEYWORD_CANDIDATES,
            **context,
        )
        if pattern
        else []
    )
    hits: dict[str, _Hit] = {}
    for row in semantic:
        hits[row["TRANSCRIPT_ID"]] = _Hit(
            row, float(row["SIMILARITY"]), _keyword_hits(pattern, row["TRANSCRIPT_TEXT"])
        )
    for row in keyword:
        prior = hits.get(row["TRANSCRIPT_ID"])
        hits[row["TRANSCRIPT_ID"]] = _Hit(
            row, prior.similarity if prior else None, _keyword_hits(pattern, row["TRANSCRIPT_TEXT"])
        )
    if not hits:
        return []

    fused = rrf_scores(
        hits,
        sorted(
            (t for t, h in hits.items() if h.similarity is not None),
            key=lambda t: -(hits[t].similarity or 0.0),
        ),
        sorted((t for t, h in hits.items() if h.keyword_hits), key=lambda t: (-hits[t].keyword_hits, t)),
    )
    ranked = sorted(hits, key=lambda t: (-fused[t], t))
    competitors = tuple(getattr(settings, "competitors", ()))
    if topic and (asked := asked_themes(plan.question, topic)):
        # "who asked us for a bigger discount": the passages of the themes asked about, when there are any
        narrowed = [
            t for t in ranked if theme_of(hits[t].row["TRANSCRIPT_TEXT"], topic, competitors) in asked
        ]
        ranked = narrowed or ranked
    if names_more_than_its_topic(plan, topic):
        ranked = narrowed_by_subject_words(
            ranked, {t: h.row["TRANSCRIPT_TEXT"] for t, h in hits.items()}, plan, topic
        )
    order = ranked[: max(limit * 3, limit)]
    turn_similarity: dict[str, float] = {}
    if reranker is not None:
        order = _rerank(reranker, plan.text, order, hits)
    elif min_turn_similarity is not None and not str(engine.embedding_model).startswith(HASHING_MODEL_PREFIX):
        # (The hashing fallback's vectors share words, not meaning: its passages keep the fused order.)
        turn_similarity = by_turn_meaning(
            engine.embed([hits[t].row["TRANSCRIPT_TEXT"] for t in order], input_type="search_document"),
            vector,
            order,
            {t: hits[t].keyword_hits for t in order},
            min_turn_similarity,
            # A bare taxonomy topic's own words are evidence; a question that names more is cut to its closest.
            min_relative=MIN_RELATIVE_TURN_SIMILARITY if names_more_than_its_topic(plan, topic) else 0.0,
        )
        order = list(turn_similarity)
    passages = []
    for tid in order[:limit]:
        hit = hits[tid]
        row = hit.row
        passages.append(
            Passage(
                transcript_id=tid,
                citation=Citation(
                    call_id=row["CALL_ID"],
                    title=row["TITLE"],
                    call_datetime_utc=row["CALL_DATETIME_UTC"],
                    url=gong_moment_url(settings.gong_app_url, row["CALL_ID"], row["START_MS"]),
                    speaker=row["SPEAKER_NAME"],
                    # (A rep's own turns have no company: the account is the other side's.)
                    company=row["SPEAKER_COMPANY"] or (None if plan.speakers else row["ACCOUNT_NAME"]),
                    start_ms=row["START_MS"],
                    quote=row["TRANSCRIPT_TEXT"],
                ),
                account=row["ACCOUNT_NAME"],
                theme=theme_of(row["TRANSCRIPT_TEXT"], topic, competitors) if topic else "Related passages",
                score=round(fused[tid], 6),
                similarity=hit.similarity,
                keyword_hits=hit.keyword_hits,
                turn_similarity=turn_similarity.get(tid),
            )
        )
    return passages


def _stem_pattern(word: str) -> str:
    """A word's first five letters at the start of a word ("council" finds "councils"); a short word whole."""
    return rf"\b{re.escape(word[:5])}" if len(word) > 5 else rf"\b{re.escape(word)}\b"


def narrowed_by_subject_words(
    ranked: Sequence[str], texts: Mapping[str, str], plan: QueryPlan, topic: Topic | None
) -> list[str]:
    """``ranked`` cut to the turns using the words of the question's subject that few candidates use (see
    ``MAX_SUBJECT_WORD_SHARE``), at least two thirds as many of them as the turn using most; ``ranked`` itself
    when the question names no such word. The topic's own words and the accounts' names (their calls need not
    say them) are no such word."""
    named = " ".join(plan.accounts).lower()
    words = [
        w
        for w in dict.fromkeys(_content_words(plan.text.replace("-", " ")))
        if w not in _REQUEST_WORDS
        # (a short word only as an abbreviation written in capitals: "DPA", "SSO", not "now")
        and (len(w) >= 4 or re.search(rf"\b{re.escape(w.upper())}\b", plan.text))
        and not (topic is not None and re.search(topic.pattern, w))
        and not re.search(_stem_pattern(w), named)
    ]
    lowered = {t: texts[t].lower() for t in ranked}
    users_of = [{t for t in ranked if re.search(_stem_pattern(w), lowered[t])} for w in words]
    rare = [users for users in users_of if users and len(users) <= MAX_SUBJECT_WORD_SHARE * len(ranked)]
    used = {t: sum(t in users for users in rare) for t in ranked}
    most = max(used.values(), default=0)
    if not most:
        return list(ranked)
    # "data retention terms": the turns saying most of it, not every turn with "data" in it
    return [t for t in ranked if used[t] * 3 >= most * 2]


def unmentioned_words(subject: str, texts: Sequence[str]) -> list[str]:
    """The distinctive words of ``subject`` (four letters or more, not stopwords) that none of ``texts``
    uses, compared by their first five letters ("recordings" finds "recording"): a question about "API
    tokens" answered only by turns about "an API" has found nothing about its subject."""
    used = " ".join(texts).lower()
    words = [w for w in _content_words(subject) if len(w) >= 4]
    return [w for w in dict.fromkeys(words) if not re.search(rf"\b{re.escape(w[:5])}", used)]


def rrf_scores(ids: Iterable[str], *rankings: Sequence[str]) -> dict[str, float]:
    """Reciprocal rank fusion: each of ``ids`` scores ``1 / (RRF_K + rank)`` (rank from 1) in every ranking
    (a best-first list of ids) it appears in; an id in none scores 0."""
    ranks = [{tid: i for i, tid in enumerate(ranking)} for ranking in rankings]
    return {tid: sum(1.0 / (RRF_K + 1 + r[tid]) for r in ranks if tid in r) for tid in ids}


def by_turn_meaning(
    turn_vectors: Any,
    query_vector: Any,
    order: Sequence[str],
    keyword_hits: Mapping[str, int],
    min_similarity: float,
    min_relative: float = MIN_RELATIVE_TURN_SIMILARITY,
) -> dict[str, float]:
    """The candidate turns ``order`` whose own meaning is close to the question, best first (by reciprocal rank
    fusion of their cosine to the question and their keyword evidence), each with that cosine.

    A turn is kept at a cosine of at least ``min_similarity`` and of at least ``min_relative`` times the best
    candidate's: a question met closely by some turns is not answered by turns that only share its words.

    :param turn_vectors: one L2-normalised row per turn of ``order`` (the engine's ``embed``).
    :param query_vector: the question's L2-normalised embedding.
    """
    import numpy as np

    if not order:
        return {}
    cosines = np.asarray(turn_vectors, dtype=np.float64) @ np.asarray(query_vector, dtype=np.float64)
    similarity = {tid: float(c) for tid, c in zip(order, cosines, strict=True)}
    floor = max(min_similarity, min_relative * max(similarity.values()))
    kept = [tid for tid in order if similarity[tid] >= floor]
    fused = rrf_scores(
        kept,
        sorted(kept, key=lambda t: (-similarity[t], t)),
        sorted((t for t in kept if keyword_hits.get(t)), key=lambda t: (-keyword_hits[t], t)),
    )
    return {tid: similarity[tid] for tid in sorted(kept, key=lambda t: (-fused[t], t))}


# A question waits for the rerank: a slow provider should cost the better order, not the answer.
RERANK_TIMEOUT_S = 10.0


def _rerank(client: Any, query: str, order: Sequence[str], hits: dict[str, _Hit]) -> list[str]:
    """``order`` re-sorted by Cohere Rerank (``client.rerank``, v2); the fused order when that fails.

    Failure includes transport/API errors and a malformed answer (an index out of range or repeated): a
    reranker answer that cannot be mapped back onto the candidates is not trusted in part. Candidates the
    reranker leaves out keep their fused order after the ranked ones.
    """
    if not order:
        return []
    try:
        response = client.rerank(
            model=RERANK_MODEL,
            query=query,
            documents=[hits[t].row["TRANSCRIPT_TEXT"] for t in order],
            top_n=len(order),
            request_options={"timeout": RERANK_TIMEOUT_S, "max_retries": 0},
        )
        indices = [r.index for r in response.results]
        if len(set(indices)) != len(indices) or not all(
            isinstance(i, int) and 0 <= i < len(order) for i in indices
        ):
            raise ValueError(f"rerank indices {indices[:10]} do not map onto {len(order)} documents")
    except Exception as e:  # rerank improves order; without it the fused order is still a valid answer
        log.warning("Cohere rerank unavailable (%s); keeping the fused order", type(e).__name__)
        return list(order)
    ranked = [order[i] for i in indices]
    placed = set(ranked)
    return ranked + [t for t in order if t not in placed]


def group_by_theme(passages: Sequence[Passage]) -> tuple[ThemeGroup, ...]:
    """Themes ordered by size, then by their best passage; passages keep their rank order inside a theme."""
    groups: dict[str, list[Passage]] = {}
    for p in passages:
        groups.setdefault(p.theme, []).append(p)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), -max(p.score for p in kv[1]), kv[0]))
    return tuple(ThemeGroup(name, tuple(items)) for name, items in ordered)

"""Question -> :class:`QueryPlan`.

Two planners produce the same plan type:

* :func:`parse_question` — the documented deterministic parser (the default, offline). Rules, in order:
  1. Refuse anything that asks to change data (drop/delete/update/insert/truncate/alter/grant...), looks like
     SQL (statement separators, comments, ``select ... from``), asks for secrets (password, token, key...)
     or names a table outside the allow-list (raw/monitor schemas, information_schema, "users table").
  2. Intent: coaching words -> ``coaching``; deal/opportunity/pipeline + risk words -> ``deal_risk``;
     "saying/talking about", "mention", "pushing back", "feedback", "objections" -> ``passages``; "calls",
     "meetings", "conversations" -> ``calls``; anything else -> ``passages`` (semantic search).
  3. Time: "last week" is the LAST CALENDAR WEEK (Monday to Sunday before the current week, in
     ``settings.timezone``); also "this week", "today", "yesterday", "last/past N days|weeks", "last month",
     "this month", "last quarter", "this quarter".
  4. Sentiment words (negative, unhappy, frustrated... / positive, happy, excited...), risk words
     (:data:`vocabulary.RISK_WORDS`), a topic (:data:`vocabulary.TOPICS`), and rep/account names known to the
     warehouse (whole-word, case-insensitive).
* :class:`CoherePlanner` — Cohere chat with a JSON schema (production). Its output is validated by
  :func:`plan_from_mapping` against the same closed vocabularies; anything invalid falls back to the parser.

A plan never carries SQL: the compiler in ``queries.py`` maps its fields onto fixed, allow-listed templates.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from include.gong_intel.ask.records import INTENTS, Intent, QueryPlan, Sentiment, TimeRange
from include.gong_intel.ask.vocabulary import RISK_WORDS, TOPIC_BY_NAME, topic_for_words
from include.gong_intel.enrich.records import RISK_TYPES, preview

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
DEFAULT_LIMIT = 20

# A write verb aimed at data ("delete all calls", "update the records"); "drop"/"truncate"/"grant" always.
_WRITE = re.compile(
    r"\b(drop|truncate|grant|revoke)\b|\b(delete|insert|update|alter|create|merge|remove|erase|wipe|overwrite|"
    r"purge|clear)\s+(\w+\s+){0,2}?(tables?|all|every|calls?|data|rows?|records?|from|into|everything|"
    r"database|schemas?|views?|users?|transcripts?|deals?|the)\b",
    re.I,
)
_SQLISH = re.compile(
    r";|--|/\*|\*/|\bunion\s+select\b|\bselect\b.+\bfrom\b|\bexec(ute)?\b|\bcall\s+\w+\s*\(", re.I
)
_SECRETS = re.compile(
    r"\b(passwords?|passwd|secrets?|credentials?|api[ _-]?keys?|tokens?|private key|ssn|social security|"
    r"credit cards?)\b",
    re.I,
)
_FOREIGN_TABLES = re.compile(
    r"\b(raw_airbyte|pipeline_monitor|quarantine|watermarks?|information_schema|account_usage|"
    r"run_steps|dq_results|users? table|tables?\s+list|list\s+(all\s+)?tables|schemas?|database)\b",
    re.I,
)
# What coaching is about: rep skills and the metrics coached on (talk ratio, monologues), training.
_COACHING_SUBJECTS = re.compile(
    r"\b(coach(ing|able)?|training|talk(ing)? ratio|monolog(ue)?s?|monolouges?|improve(ment)?|skills?|rep performance|"
    r"feedback for (the )?reps?)\b",
    re.I,
)
# "How can the team get better?", "what could our sellers do better": the sellers themselves improving.
_SELLERS = re.compile(
    r"\b(reps?|sellers?|salespeople|sales ?(team|people|reps?)|aes?|sdrs?|account executives?)\b", re.I
)
_GET_BETTER = re.compile(
    r"\b((get|do|doing|be) better|work on|weak(ness(es)?|est|er)?|struggl\w*|mistakes?)\b", re.I
)
_DEAL = re.compile(r"\b(deals?|opportunit(y|ies)|pipeline|forecast)\b", re.I)
_RISKY = re.compile(
    r"\b(at[- ]risk|risk(s|y)?|slipping|in danger|jeopardy|trouble|troubled|stall(ed|ing)?|shaky|"
    r"(might|could|may|going to|about to|likely to) (lose|slip|fall through|die|stall)|"
    r"fall(ing)? through|worr(y|ied|ying)|endangered|lose|losing)\b",
    re.I,
)
_PASSAGES = re.compile(
    r"\b(say(ing)?|said|talk(ing)? about|mention(s|ed|ing)?|complain(ing|ts?)?|feedback|push(ing)? back|"
    r"objections?|concerns?|think(ing)? about|feel(ing)? about|asking about|raise[sd]?)\b",
    re.I,
)
_CALLS = re.compile(r"\b(calls?|meetings?|conversations?|demos?)\b", re.I)
_NEGATIVE = re.compile(
    r"\b(negative(ly)?|bad(ly)?|unhappy|angry|frustrat\w*|upset|poor(ly)?|tense|hostile|dissatisfied|sour(ed)?|"
    r"worst|rough|heated|went wrong|go(ne)? wrong|gloomy|annoyed|disappointed)\b",
    re.I,
)
_POSITIVE = re.compile(r"\b(positive|happy|good|great|excited|enthusiastic|upbeat|best|satisfied)\b", re.I)
_TOKEN = re.compile(r"[a-z0-9]+")


class PlanError(ValueError):
    """A plan (from a model or a caller) does not fit the closed vocabularies."""


@dataclass(frozen=True)
class Vocabulary:
    """Names known to the warehouse, so a question can filter on them (loaded by the engine)."""

    reps: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()


def refusal_reason(question: str) -> str | None:
    """Why a question is refused, or None. The query layer is read-only and limited to call data."""
    if len(question) > MAX_QUESTION_CHARS:
        return f"Questions are limited to {MAX_QUESTION_CHARS} characters."
    if _SQLISH.search(question) or _WRITE.search(question):
        return (
            "This is a read-only question interface over call data: it cannot run SQL or change, delete or "
            "create anything."
        )
    if _SECRETS.search(question):
        return "Credentials and other secrets are not part of the call data and cannot be queried."
    if _FOREIGN_TABLES.search(question):
        return (
            "Only call data can be queried here (calls, transcripts, reps, deals and their analysis); "
            "pipeline internals, raw tables and user records are out of scope."
        )
    return None


def last_calendar_week(today: date) -> tuple[date, date]:
    """Monday..next Monday (exclusive) of the calendar week before the one containing ``today``."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7), this_monday


def _first_of_quarter(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def parse_time_range(question: str, today: date, tz: str) -> TimeRange | None:
    """The calendar window a question names, converted from ``tz`` local days to naive UTC datetimes."""
    q = question.lower()
    window: tuple[date, date, str] | None = None
    if m := re.search(r"\b(?:last|past|previous)\s+(\d{1,3})\s+(day|week)s?\b", q):
        n = int(m.group(1)) * (7 if m.group(2) == "week" else 1)
        window = (today - timedelta(days=n - 1), today + timedelta(days=1), f"last {n} days")
    elif re.search(r"\b(last|previous|past)\s+week\b", q):
        start, end = last_calendar_week(today)
        window = (start, end, "last week")
    elif re.search(r"\bthis\s+week\b", q):
        start = today - timedelta(days=today.weekday())
        window = (start, today + timedelta(days=1), "this week")
    elif re.search(r"\byesterday\b", q):
        window = (today - timedelta(days=1), today, "yesterday")
    elif re.search(r"\btoday\b", q):
        window = (today, today + timedelta(days=1), "today")
    elif re.search(r"\b(last|previous|past)\s+month\b", q):
        first = today.replace(day=1)
        window = ((first - timedelta(days=1)).replace(day=1), first, "last month")
    elif re.search(r"\bthis\s+month\b", q):
        window = (today.replace(day=1), today + timedelta(days=1), "this month")
    elif re.search(r"\b(last|previous|past)\s+quarter\b", q):
        first = _first_of_quarter(today)
        window = (_first_of_quarter(first - timedelta(days=1)), first, "last quarter")
    elif re.search(r"\bthis\s+quarter\b", q):
        window = (_first_of_quarter(today), today + timedelta(days=1), "this quarter")
    if window is None:
        return None
    start, end, label = window
    return TimeRange(_local_midnight_utc(start, tz), _local_midnight_utc(end, tz), label)


def _local_midnight_utc(day: date, tz: str) -> datetime:
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _names_in(question: str, names: Iterable[str]) -> tuple[str, ...]:
    found = [n for n in names if n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", question, re.I)]
    # "Acme" inside a matched "Acme Corp" is the same mention, not a second name.
    return tuple(n for n in found if not any(n != o and n.lower() in o.lower() for o in found))


def _risk_types_in(question: str) -> tuple[str, ...]:
    q = question.lower()
    return tuple(rt for rt, words in RISK_WORDS.items() if any(w in q for w in words))


def parse_question(
    question: str, *, today: date, timezone: str = "UTC", vocabulary: Vocabulary = Vocabulary()
) -> QueryPlan:
    """Deterministic planner (see the module docstring for the rules).

    :param question: the user's question, as typed.
    :param today: the current date in ``timezone`` (injectable so tests are deterministic).
    :param timezone: IANA name in which calendar words ("last week") are read.
    :param vocabulary: rep and account names known to the warehouse.
    """
    question = " ".join(str(question).split())
    if not question:
        return QueryPlan(intent="refuse", question=question, refusal="Please type a question.")
    reason = refusal_reason(question)
    if reason:
        return QueryPlan(intent="refuse", question=question, refusal=reason)

    words = set(_TOKEN.findall(question.lower()))
    topic = topic_for_words(words)
    intent: Intent
    sentiment: Sentiment | None = (
        "negative" if _NEGATIVE.search(question) else "positive" if _POSITIVE.search(question) else None
    )
    if _COACHING_SUBJECTS.search(question) or (_SELLERS.search(question) and _GET_BETTER.search(question)):
        intent = "coaching"
    elif _DEAL.search(question) and (_RISKY.search(question) or sentiment == "negative"):
        intent = "deal_risk"
    elif _PASSAGES.search(question) or (topic and not _CALLS.search(question)):
        intent = "passages"
    elif _CALLS.search(question):
        intent = "calls"
    else:
        intent = "passages"
    risk_types = _risk_types_in(question) if intent in ("calls", "deal_risk") else ()
    return QueryPlan(
        intent=intent,
        question=question,
        time_range=parse_time_range(question, today, timezone),
        sentiment=sentiment if intent == "calls" else None,
        risk_types=risk_types,
        topic=topic.name if topic else None,
        reps=_names_in(question, vocabulary.reps),
        accounts=_names_in(question, vocabulary.accounts),
        text=question,
        limit=DEFAULT_LIMIT,
    )


# --- model-produced plans -------------------------------------------------------------------------------

PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "intent": {"type": "string", "enum": list(INTENTS)},
        "time_window": {
            "type": "string",
            "enum": [
                "none",
                "today",
                "yesterday",
                "this week",
                "last week",
                "this month",
                "last month",
                "this quarter",
                "last quarter",
                "last 7 days",
                "last 30 days",
                "last 90 days",
            ],
        },
        "sentiment": {"type": "string", "enum": ["none", "negative", "positive"]},
        "risk_types": {"type": "array", "items": {"type": "string", "enum": list(RISK_TYPES)}},
        "topic": {"type": "string", "enum": ["none", *TOPIC_BY_NAME]},
        "reps": {"type": "array", "items": {"type": "string"}},
        "accounts": {"type": "array", "items": {"type": "string"}},
        "search_text": {"type": "string"},
    },
    "required": ["intent", "time_window", "sentiment", "risk_types", "topic", "search_text"],
}

PLANNER_PROMPT = """You turn a sales leader's question about recorded sales calls into a JSON query plan.
Intents: "calls" (list calls matching filters), "passages" (what people said about something),
"coaching" (coaching opportunities for reps), "deal_risk" (which deals/opportunities are at risk),
"refuse" (anything that asks to change data, run SQL, or see data other than calls).
Only use names of reps and accounts that appear in the question. Answer with the JSON object only.
Question: {question}"""


def plan_from_mapping(
    raw: Mapping[str, Any], *, question: str, today: date, timezone: str, vocabulary: Vocabulary
) -> QueryPlan:
    """Validate a model's plan against the closed vocabularies; raise :class:`PlanError` if it does not fit.

    Names are kept only if they are known to the warehouse, so a model cannot smuggle values in.
    """
    if not isinstance(raw, Mapping):
        raise PlanError(f"plan must be an object, got {type(raw).__name__}")
    intent = raw.get("intent")
    if intent not in INTENTS:
        raise PlanError(f"unknown intent {intent!r}")
    window = str(raw.get("time_window") or "none")
    if window not in PLAN_SCHEMA["properties"]["time_window"]["enum"]:
        raise PlanError(f"unknown time_window {window!r}")
    sentiment = raw.get("sentiment") or "none"
    if sentiment not in ("none", "negative", "positive"):
        raise PlanError(f"unknown sentiment {sentiment!r}")
    risk_types = tuple(raw.get("risk_types") or ())
    if any(rt not in RISK_TYPES for rt in risk_types):
        raise PlanError(f"unknown risk types in {risk_types!r}")
    topic = raw.get("topic") or "none"
    if topic != "none" and topic not in TOPIC_BY_NAME:
        raise PlanError(f"unknown topic {topic!r}")
    known_reps = {r.lower(): r for r in vocabulary.reps}
    known_accounts = {a.lower(): a for a in vocabulary.accounts}
    text = str(raw.get("search_text") or question)[:MAX_QUESTION_CHARS]
    return QueryPlan(
        intent=cast(Intent, intent),
        question=question,
        time_range=None if window == "none" else parse_time_range(window, today, timezone),
        sentiment=None if sentiment == "none" else cast(Sentiment, sentiment),
        risk_types=risk_types,
        topic=None if topic == "none" else topic,
        reps=tuple(known_reps[r.lower()] for r in raw.get("reps") or () if str(r).lower() in known_reps),
        accounts=tuple(
            known_accounts[a.lower()] for a in raw.get("accounts") or () if str(a).lower() in known_accounts
        ),
        text=text,
        refusal="The question was declined by the planner." if intent == "refuse" else None,
        planner="cohere",
    )


class CoherePlanner:
    """Plans questions with Cohere chat (structured JSON output); falls back to :func:`parse_question`.

    The deterministic refusal rules run first and always win: the model never sees a refused question. A
    model plan is used only if it is safe and fits the closed vocabularies: no field outside
    :data:`PLAN_SCHEMA`, lists of strings where lists are expected, and no string (search text, rep or
    account names) that looks like SQL, a write, a secret or a table outside call data (the same rules as
    :func:`refusal_reason`). Anything else, and any transport or API error, yields the rule-based plan.

    :param client: a ``cohere.ClientV2`` (see ``enrich.engine.build_cohere_client``).
    :param model: chat model name.
    :param timeout_s: request timeout; one attempt, since the rules answer at once when the model cannot.
    """

    def __init__(self, client: Any, model: str, timeout_s: float = 15.0) -> None:
        self.client = client
        self.model = model
        self.timeout_s = timeout_s

    @staticmethod
    def check_safe(raw: Any) -> None:
        """Raise :class:`PlanError` unless ``raw`` is a plan object whose every field is safe to use."""
        if not isinstance(raw, Mapping):
            raise PlanError(f"plan must be an object, got {type(raw).__name__}")
        extra = sorted(set(raw) - set(PLAN_SCHEMA["properties"]))
        if extra:
            raise PlanError(f"unexpected plan fields {extra}")
        strings: list[tuple[str, Any]] = [("search_text", raw.get("search_text", ""))]
        for name in ("reps", "accounts", "risk_types"):
            values = raw.get(name) or []
            if not isinstance(values, list):
                raise PlanError(f"{name} must be a list of strings")
            strings += [(name, value) for value in values]
        for name, value in strings:
            if not isinstance(value, str):
                raise PlanError(f"{name} must hold strings, got {type(value).__name__}")
            reason = refusal_reason(value)
            if reason:
                raise PlanError(f"{name} {preview(value, 60)!r} is not allowed: {reason}")

    def plan(self, question: str, *, today: date, timezone: str, vocabulary: Vocabulary) -> QueryPlan:
        fallback = parse_question(question, today=today, timezone=timezone, vocabulary=vocabulary)
        if fallback.intent == "refuse":
            return fallback
        try:
            response = self.client.chat(
                model=self.model,
                messages=[{"role": "user", "content": PLANNER_PROMPT.format(question=fallback.question)}],
                response_format={"type": "json_object", "json_schema": PLAN_SCHEMA},
                temperature=0,
                request_options={"timeout": self.timeout_s, "max_retries": 0},
            )
            text = "".join(
                getattr(part, "text", "") or ""
                for part in (response.message.content or [])
                if part is not None
            )
            raw = json.loads(text)
            self.check_safe(raw)
            plan = plan_from_mapping(
                raw,
                question=fallback.question,
                today=today,
                timezone=timezone,
                vocabulary=vocabulary,
            )
        except (PlanError, ValueError, TypeError, AttributeError) as e:
            log.warning("Cohere plan unusable (%s); using the rule-based plan", preview(str(e), 160))
            return fallback
        except Exception as e:  # transport/SDK errors: answering with the rules beats failing the question
            log.warning("Cohere planner unavailable (%s); using the rule-based plan", type(e).__name__)
            return fallback
        # The model's text is only a search string: keep the rule-based filters it may have missed.
        return replace(plan, time_range=plan.time_range or fallback.time_range)

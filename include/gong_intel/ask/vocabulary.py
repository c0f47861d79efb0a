"""The documented vocabulary of the query layer: topics, their keywords and the themes passages are grouped by.

Patterns are POSIX-ERE compatible (no ``\\b``, no look-around) because the same strings are rendered into
the analyst views and evaluated by Snowflake's ``REGEXP_LIKE`` as well as by Python's ``re`` — one source for
both. A left word boundary is spelled ``(^|[^a-z])`` and matched against lower-cased text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from include.gong_intel.enrich.records import RISK_TYPES

# Left word boundary usable by both Snowflake (POSIX ERE) and Python.
_LB = "(^|[^a-z])"


def _any(*terms: str) -> str:
    return _LB + "(" + "|".join(terms) + ")"


@dataclass(frozen=True)
class Theme:
    """A named group of passages and the pattern (on lower-cased text) that puts a passage in it."""

    name: str
    pattern: str

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text.lower()) is not None


@dataclass(frozen=True)
class Topic:
    """A subject a question can be about: words that name it in a question, words that find it in a transcript."""

    name: str
    question_words: tuple[str, ...]
    pattern: str
    themes: tuple[Theme, ...]
    risk_types: tuple[str, ...] = ()


# Ordered most specific first: a passage goes to the first theme whose pattern matches.
PRICING_THEMES: tuple[Theme, ...] = (
    Theme(
        "Competitor pricing",
        _any("cheaper", "undercut", "lower price", "better price from", "quoted us", "other vendors?")
        + "|(chorus|clari|outreach|salesloft|revenue[.]io|people[.]ai).{0,60}(price|pric|cost|cheap|quote)",
    ),
    Theme(
        "Discount asks",
        _any(
            "discount",
            "better (deal|price|rate|number)",
            "come down",
            "coming down",
            "best (price|offer)",
            "negotiat",
            "sharpen (your|the) pencil",
            "match (the|their|that) price",
            "do better on",
            "price break",
            "concession",
        ),
    ),
    Theme(
        "Too expensive",
        _any(
            "too expensive",
            "expensive",
            "pricey",
            "costly",
            "steep",
            "sticker shock",
            "justify the (cost|price|spend)",
            "too much",
            "overpriced",
            "can'?t afford",
        ),
    ),
    Theme(
        "Budget constraints",
        _any("budget", "freeze", "frozen", "funding", "fiscal", "cfo", "spend approval", "cost[- ]cutting"),
    ),
    Theme(
        "Pricing model and terms",
        _any(
            "per[- ]seat",
            "licen[cs]e",
            "tier",
            "annual",
            "multi[- ]year",
            "payment terms",
            "billing",
            "invoice",
        ),
    ),
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "pricing",
        (
            "pricing",
            "price",
            "prices",
            "cost",
            "costs",
            "expensive",
            "discount",
            "discounts",
            "money",
            "spend",
        ),
        _any(
            "pric",
            "cost",
            "expensive",
            "pricey",
            "discount",
            "cheaper",
            "budget",
            "per[- ]seat",
            "licen[cs]e fees?",
            "quote",
            "afford",
            "sticker shock",
            "[$][0-9]",
            "[0-9]+k ",
        ),
        PRICING_THEMES,
        ("pricing_objection", "budget"),
    ),
    Topic(
        "budget",
        ("budget", "budgets", "funding", "freeze"),
        _any("budget", "freeze", "frozen", "funding", "fiscal", "spend"),
        (Theme("Budget", _any("budget", "freeze", "frozen", "funding", "fiscal", "spend")),),
        ("budget",),
    ),
    Topic(
        "competition",
        ("competitor", "competitors", "competition", "alternatives", "alternative", "vendors"),
        _any(
            "chorus",
            "clari",
            "outreach",
            "salesloft",
            "revenue[.]io",
            "people[.]ai",
            "competitor",
            "alternative",
            "other vendor",
        ),
        (),
        ("competitor",),
    ),
    Topic(
        "security",
        ("security", "compliance", "legal", "soc", "gdpr", "privacy", "dpa"),
        _any("security", "soc ?2", "gdpr", "dpa", "complian", "legal", "privacy", "infosec", "pen ?test"),
        (
            Theme(
                "Security and legal review",
                _any("security", "soc ?2", "gdpr", "dpa", "complian", "legal", "privacy"),
            ),
        ),
        ("legal_security",),
    ),
    Topic(
        "timeline",
        ("timeline", "timelines", "delay", "delays", "timing", "deadline"),
        _any("timeline", "delay", "push(ed)? (it|this|back)", "next quarter", "slip", "postpone", "deadline"),
        (
            Theme(
                "Timeline", _any("timeline", "delay", "push", "next quarter", "slip", "postpone", "deadline")
            ),
        ),
        ("timeline_slip",),
    ),
    Topic(
        "implementation",
        ("implementation", "onboarding", "integration", "integrations", "rollout", "setup"),
        _any("implement", "onboard", "integrat", "rollout", "roll out", "set ?up", "migration"),
        (
            Theme(
                "Implementation",
                _any("implement", "onboard", "integrat", "rollout", "roll out", "set ?up", "migration"),
            ),
        ),
    ),
)

TOPIC_BY_NAME = {t.name: t for t in TOPICS}

# Question words that name a risk type (for "calls with pricing objections", "deals with competitor risk").
RISK_WORDS: dict[str, tuple[str, ...]] = {
    "pricing_objection": ("pricing objection", "price objection", "pricing pushback", "too expensive"),
    "competitor": ("competitor", "competitive", "competition"),
    "budget": ("budget",),
    "timeline_slip": ("timeline slip", "delay", "slipping", "pushed out"),
    "churn_threat": ("churn", "cancel", "cancellation"),
    "legal_security": ("security", "legal", "compliance", "gdpr", "soc 2"),
    "no_next_steps": ("no next step", "without next step", "missing next step", "no follow"),
    "champion_loss": ("champion left", "champion loss", "lost our champion", "champion leaving"),
}
assert set(RISK_WORDS) == set(RISK_TYPES), "every risk type needs question words"


def topic_for_words(words: set[str]) -> Topic | None:
    """The first topic any of whose question words occurs among ``words`` (lower-cased tokens)."""
    for topic in TOPICS:
        if words & set(topic.question_words):
            return topic
    return None


def theme_of(text: str, topic: Topic, competitors: tuple[str, ...] = ()) -> str:
    """The theme a passage belongs to within ``topic``; competition passages group by competitor named."""
    lowered = text.lower()
    if topic.name == "competition":
        for name in competitors:
            if name.lower() in lowered:
                return name
        return "Other alternatives"
    for theme in topic.themes:
        if theme.matches(lowered):
            return theme.name
    return f"Other {topic.name} discussion"

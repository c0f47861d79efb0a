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


# Competitor names as they are written in transcripts (lower-cased), for "their price vs ours" passages.
_COMPETITOR_NAMES = (
    "(chorus|clari|outreach|salesloft|revenue[.]io|people[.]ai|other vendors?|the other vendor)"
)
_PRICE_WORDS = "(pric|cost|cheap|quote|offer|discount)"

# What a buyer means when pricing comes up, by concept. Ordered most specific first: a passage goes to the
# first theme whose pattern matches, so a discount asked for "if we sign a two-year term" is a discount
# request, not a contract question, and a price compared with a competitor's is about the competitor.
PRICING_THEMES: tuple[Theme, ...] = (
    Theme(
        "Price vs competitors",
        _any(
            "cheaper",
            "undercut",
            "lower price",
            "better price from",
            "quoted us",
            "aggressive (offer|price|pricing|deal|discount)",
            "more than we pay for",
            "less than we pay for",
            "price (match|comparison)",
        )
        + "|"
        + _COMPETITOR_NAMES
        + ".{0,60}"
        + _PRICE_WORDS
        + "|"
        + _PRICE_WORDS
        + ".{0,60}"
        + _COMPETITOR_NAMES,
    ),
    Theme(
        "Renewal pricing",
        _any(
            "renewal (pric|price|cost|rate|uplift|increase|quote)",
            "(price|pricing|cost|rate) (at|on|for) (the )?renewal",
            "after the first year",
            "(second|2nd|next) year('?s)? (price|pricing|cost|rate)",
            "year two",
            "uplift",
            "(price|cost) (increase|hike|goes up|go up)",
        ),
    ),
    Theme(
        "Discount requests",
        _any(
            "discount",
            "do better on",
            "better (deal|price|rate|number|offer)",
            "best (price|offer|deal)",
            "bring (it|that|the price|the cost|the number) down",
            "come down",
            "coming down",
            "flexib",
            "negotiat",
            "sharpen (your|the) pencil",
            "price break",
            "concession",
            "wiggle room",
            "any room on",
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
            "overpriced",
            "sticker shock",
            "too (much|high)",
            "(a lot|much|way|far) (higher|more) than (i|we) (thought|expected)",
            "higher than (i|we) (thought|expected)",
            "expecting something closer",
            "sticking point",
            "hard to justify",
            "justify (the|that|this) (cost|price|spend|number)",
            "(not|isn'?t|wasn'?t|if it'?s|whether it'?s|not sure it'?s) (really )?worth",
            "value for (the )?money",
        ),
    ),
    Theme(
        "Budget and approvals",
        _any(
            "budget",
            "freeze",
            "frozen",
            "funding",
            "fiscal",
            "cfo",
            "finance",
            "on hold",
            "sign[- ]off",
            "approv",
            "find the money",
            "afford",
            "spend",
            "cost[- ]cutting",
        ),
    ),
    Theme(
        "Contract and payment terms",
        _any(
            "contract",
            "(the|a|our|one|two|three|multi|annual)[- ]?(year )?term([^a-z]|s|$)",
            "payment",
            "pay (quarterly|annually|monthly|up ?front|yearly|in installments)",
            "quarterly",
            "annually",
            "multi[- ]year",
            "(two|three|2|3)[- ]year",
            "invoice",
            "billing",
            "procurement",
            "order form",
            "purchase order",
            "proposal",
        ),
    ),
    Theme(
        "Packaging and seats",
        _any(
            "per[- ](seat|user|license|rep)",
            "seats",
            "licen[cs]e",
            "tiers?",
            "includ",
            "(separate|extra|additional) (charge|cost|fee)",
            "add[- ]ons?",
            "bundle",
            "(which|what) plan",
            "minimum",
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
            "per[- ](seat|user)",
            "licen[cs]e fees?",
            "quote",
            "afford",
            "sticker shock",
            "(separate|extra|additional) charge",
            "pay (quarterly|annually|monthly|up ?front|yearly)",
            "payment terms",
            "invoice",
            "billing",
            "uplift",
            "[$€£][0-9]",
            "[0-9]+k([^a-z]|$)",
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


# The themes a question itself narrows a topic to, by the words it asks with ("which customers asked for a bigger
# discount": their discount requests, not every word on price). Matched on the lower-cased question.
ASKED_THEMES: tuple[tuple[str, str], ...] = (
    (
        "Discount requests",
        r"\b(discounts?|price (break|concessions?|cut|reductions?)|concessions?|lower (the )?price|better (price|deal|rate)|"
        r"(come|coming|bring|brings|bringing) (it |the price |us )?down|rabatt|descuentos?|remise)\b",
    ),
    (
        "Too expensive",
        r"\b(too expensive|too pricey|overpriced|sticker shock|too (much|high) (for|on) (the )?price)\b",
    ),
    ("Renewal pricing", r"\b(renewal (price|pricing|cost|uplift)|price (increase|hike|uplift)|uplift)\b"),
    (
        "Price vs competitors",
        r"\b(competitors?['’]? (price|pricing)|cheaper (alternative|competitor|vendor)s?)\b",
    ),
    ("Budget and approvals", r"\b(budget (approval|sign[- ]off)s?|(cfo|finance) (approval|sign[- ]off))\b"),
    (
        "Contract and payment terms",
        r"\b(payment terms|multi[- ]year|(two|three|2|3)[- ]year (term|deal|contract))\b",
    ),
)


def asked_themes(question: str, topic: Topic) -> frozenset[str]:
    """The themes of ``topic`` the question narrows it to (none: every passage of the topic)."""
    names = {theme.name for theme in topic.themes}
    lowered = question.lower()
    return frozenset(name for name, words in ASKED_THEMES if name in names and re.search(words, lowered))


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

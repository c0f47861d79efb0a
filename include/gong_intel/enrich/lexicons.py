"""Lexicons and regular expressions used by the local engine (and documented in README.md).

Bump ``LEXICON_VERSION`` whenever a pattern changes: it is part of the local engine's ``model_version``, so
re-enriched rows can be told apart from rows produced by older rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEXICON_VERSION = "2026.1"

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class RiskPattern:
    """One phrasing of a risk type. ``severity`` is the base severity; escalation words can raise it."""

    risk_type: str
    severity: str
    regex: re.Pattern[str]


def _p(risk_type: str, severity: str, *patterns: str) -> list[RiskPattern]:
    return [RiskPattern(risk_type, severity, re.compile(p, _I)) for p in patterns]


_PRICE = (
    r"(?:price|prices|pricing|cost|costs|quote|proposal|licen[cs]e fees?|per[- ]seat(?: price| cost)?|fees?)"
)

RISK_PATTERNS: tuple[RiskPattern, ...] = tuple(
    _p(
        "pricing_objection",
        "high",
        r"\b(?:way|much|far) too (?:expensive|pricey|costly|steep)\b",
        r"\bsticker shock\b",
        r"\b(?:can'?t|cannot|couldn'?t|hard to|difficult to) justify (?:the|this|that|your) (?:cost|price|pricing|spend|investment)\b",
        r"\b(?:way|well|significantly) (?:over|above|more than) (?:what we|we) (?:pay|paid|expected|can pay)\b",
    )
    + _p(
        "pricing_objection",
        "medium",
        r"\b(?:too|very|really|pretty|quite|so|a bit|a little) (?:expensive|pricey|costly|steep|high)\b",
        rf"\b{_PRICE}\b[^.?!,;]{{0,40}}?\b(?:is|are|seems?|looks?|feels?) (?:too |very |really |pretty |quite |a bit |a little )?(?:high|steep|expensive|a lot|out of (?:our )?range)\b",
        rf"\b(?:concerns?|worried|issues?|problems?|pushback|hesitant|hesitation) (?:about|with|around|on) (?:the |your )?{_PRICE}\b",
        r"\b(?:need|want|looking for|expect|hoping for|asking for) (?:a |some |an? (?:bigger|better|deeper) )?(?:discount|price (?:cut|reduction|break)|better (?:price|deal|rate))\b",
        r"\b(?:come|coming) down on (?:the )?(?:price|pricing|cost)\b",
        r"\b(?:cheaper|lower[- ]priced) (?:option|alternative|vendor|tool)\b",
        r"\bper[- ]seat\b[^.?!]{0,30}\b(?:over|above|more than)\b",
    )
    + _p(
        "competitor",
        "medium",
        r"\b(?:evaluating|looking at|talking to|considering|comparing|speaking with) (?:other|a few|several|multiple|some other|another|alternative) (?:vendors?|options?|solutions?|providers?|tools?|platforms?)\b",
        r"\b(?:other|another|alternative|competing) (?:vendors?|providers?|solutions?|platforms?)\b[^.?!]{0,40}\b(?:cheaper|offer(?:ed|ing)?|quoted|proposal|bid)\b",
        r"\b(?:competitive (?:bid|evaluation|process)|rfp|request for proposals?|bake[- ]off)\b",
    )
    + _p(
        "budget",
        "high",
        r"\b(?:budget|spending|hiring) (?:freeze|was frozen|is frozen|got frozen|has been frozen)\b",
        r"\b(?:no|zero) budget\b",
        r"\b(?:don'?t|do not|doesn'?t|does not) have (?:the |any |a )?budget\b",
        r"\bbudget (?:is|was|has been|got) (?:gone|cut|slashed|pulled|exhausted|spent|eliminated)\b",
        r"\bnot budgeted\b|\bunbudgeted\b",
    )
    + _p(
        "budget",
        "medium",
        r"\b(?:over|above|exceeds?|exceeding|outside|beyond|more than) (?:our|the|my|their) budget\b",
        r"\b(?:tight|limited|smaller|reduced|constrained) budgets?\b",
        r"\bbudget (?:cuts?|constraints?|pressure|concerns?|is (?:tight|limited|constrained))\b",
        r"\bcost[- ]cutting\b",
        r"\b(?:need|have) to (?:find|get|secure) (?:the )?budget\b",
    )
    + _p(
        "timeline_slip",
        "high",
        r"\b(?:put|putting|placed|is|are|be) (?:this |it |the project |everything )?on hold\b",
        r"\bback ?burner\b",
        r"\b(?:next|following) (?:fiscal )?year at the earliest\b",
        r"\b(?:not|isn'?t) (?:a )?priority (?:this|for this) (?:year|quarter)\b",
    )
    + _p(
        "timeline_slip",
        "medium",
        r"\b(?:push|pushed|pushing|slip|slipped|slipping|delay|delayed|delaying|postpone|postponed|defer|deferred|move|moved|moving|bump|bumped)\b(?: (?:it|this|that|things|the (?:start|launch|rollout|decision|signing|deal|project|go-live|kickoff|timeline|date)))? (?:back|out|to next (?:week|month|quarter|year)|into (?:next )?(?:q[1-4]|next (?:quarter|year)))\b",
        r"\b(?:not|won'?t|will not|can'?t|cannot) (?:be able to )?(?:sign|decide|start|commit|move forward|kick off)\b[^.?!]{0,30}\b(?:until|before|this quarter|this month)\b",
        r"\b(?:revisit|circle back on|pick this up) (?:this |it )?(?:later|next (?:quarter|year)|in (?:q[1-4]|the new year|a few months))\b",
        r"\b(?:timeline|go-live|launch|rollout|deadline) (?:is|has) (?:slipping|slipped|moved|at risk)\b",
        r"\b(?:delay|delays|slippage) (?:in|on|to) (?:the )?(?:timeline|decision|project|rollout|signing)\b",
    )
    + _p(
        "churn_threat",
        "high",
        r"\bcancel(?:l?ing|l?ed)? (?:our|the|my|this) (?:contract|subscription|account|renewal|licen[cs]es?|plan)\b",
        r"\b(?:not|won'?t|will not|don'?t plan to|do not plan to|aren'?t going to|not going to) (?:be )?renew(?:ing)?\b",
        r"\bterminat(?:e|ing) (?:the|our|this) (?:contract|agreement|subscription)\b",
        r"\b(?:switch|switching|move|moving|migrate|migrating) (?:away|off) (?:from )?(?:you|your|the platform|the product)\b",
        r"\b(?:replace|replacing|rip out|ripping out) (?:you|your (?:product|platform|tool)|the (?:product|platform|tool))\b",
        r"\b(?:looking|planning|going) to (?:leave|churn|replace)\b",
    )
    + _p(
        "churn_threat",
        "medium",
        r"\b(?:frustrated|unhappy|disappointed|fed up|not happy|not satisfied|dissatisfied) with (?:the |your )?(?:service|support|product|platform|tool|results|value|onboarding)\b",
        r"\b(?:not|aren'?t|isn'?t) (?:getting|seeing) (?:the |any |enough )?(?:value|roi|results)\b",
        r"\b(?:reconsider|re-evaluate|reevaluate|rethink)(?:ing)? (?:our|the) (?:contract|subscription|relationship|renewal)\b",
    )
    + _p(
        "legal_security",
        "medium",
        r"\b(?:security|infosec|legal|compliance|procurement|privacy) (?:review|questionnaire|assessment|sign[- ]?off|approval|team has concerns|concerns|requirements)\b",
        r"\b(?:soc ?2|iso ?27001|gdpr|hipaa|ccpa|fedramp|pen(?:etration)? test)\b",
        r"\b(?:data (?:residency|retention|processing agreement|privacy)|dpa|msa|redlines?|indemnit(?:y|ies|ification)|liability cap)\b",
    )
    + _p(
        "champion_loss",
        "high",
        r"\b(?:i'?m|i am|she'?s|he'?s|she is|he is|they'?re|they are) (?:leaving|departing|moving on)\b",
        r"\b(?:my|her|his|their) last day\b",
        r"\b(?:was|were|got|been|being) (?:laid off|let go|fired|reassigned|moved to another (?:team|role))\b",
        r"\bno longer (?:own|owns|owning|in charge|responsible|involved|the decision[- ]maker|with the company)\b",
        r"\b(?:left|is leaving|has left) (?:the company|the team|the organi[sz]ation)\b",
    )
    + _p(
        "champion_loss",
        "medium",
        r"\b(?:re-?org|reorgani[sz]ation|restructuring|leadership change)\b",
        r"\bnew (?:vp|cfo|cto|cio|ceo|head of \w+|director|manager|leadership|boss)\b[^.?!]{0,40}\b(?:coming in|joined|starting|started|taking over|will decide|wants to review)\b",
        r"\b(?:someone else|another team|a different team) (?:will|is going to|is) (?:own|take over|running)\b",
    )
)

# Words that raise a risk's severity one notch when they appear in the same sentence.
ESCALATION = re.compile(
    r"\b(?:blocker|blocking|blocked|deal[- ]?breaker|show[- ]?stopper|non[- ]negotiable|reject(?:ed)?|fail(?:ed)?|"
    r"won'?t (?:sign|approve)|can'?t (?:sign|proceed|move forward)|walk away|absolutely|definitely)\b",
    _I,
)

# Negation cue right before a match in the same clause: "no concerns about price", "not too expensive".
NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|zero|none|hardly|isn'?t|aren'?t|wasn'?t|don'?t|doesn'?t|didn'?t|won'?t|"
    r"no real|not really|nothing)\b(?:\W+\w+){0,2}\W*$",
    _I,
)
# Clause-level neutralisers: "price is not an issue", "budget is fine", "legal is all set".
NEUTRALIZER = re.compile(
    r"\b(?:(?:isn'?t|aren'?t|wasn'?t|won'?t be|shouldn'?t be|(?:is|are|was) not|not)\s+(?:really\s+)?"
    r"(?:an?\s+|the\s+)?(?:big\s+|real\s+|major\s+)?(?:issue|problem|concern|blocker|worry|dealbreaker)|"
    r"no (?:problem|issue|concerns?|worries)|not (?:a )?(?:worried|concerned)|"
    r"(?:is|are|seems?|looks?) (?:totally |perfectly )?(?:fine|ok(?:ay)?|reasonable|fair|competitive|all set|"
    r"approved|done|sorted|covered))\b",
    _I,
)
CLAUSE_SPLIT = re.compile(r"[,;:]|\s(?:but|although|though|however|except|whereas)\s|\s-\s", _I)

NEXT_STEP = re.compile(
    r"\b(?:next steps?|action items?|follow[- ]?up|follow up|"
    r"(?:i'?ll|we'?ll|i will|we will|let me|i can|we can|let'?s)\s+(?:\w+\s+){0,2}?(?:send|share|schedule|set up|"
    r"book|loop in|introduce|draft|prepare|circle back|get back|reconvene|regroup|sync|meet|touch base|"
    r"put together|follow)|"
    r"(?:send|share) (?:over |you )?(?:the |a )?(?:contract|proposal|quote|deck|recap|notes|pricing|order form|"
    r"agreement|invite|summary|msa|dpa)|"
    r"calendar invite|(?:schedule|set up|book) (?:a|the|another|some|our) (?:call|meeting|demo|session|time|"
    r"workshop|review)|kick[- ]?off (?:call|meeting|on|next)|"
    r"(?:talk|speak|meet|see you|connect) (?:again )?(?:on|next|this coming) (?:monday|tuesday|wednesday|"
    r"thursday|friday|week))\b",
    _I,
)
OUTCOME = re.compile(
    r"\b(?:agree[sd]?|sounds good|approved|move forward|moving forward|sign(?:ed)?|decided|decision|go ahead|"
    r"green light|verbal|commit(?:ted)?|let'?s do (?:it|this)|on board|makes sense)\b",
    _I,
)

# Topic label -> keywords (word-boundary, case-insensitive). Gong's own monologue topics are mapped the same way.
TOPIC_LEXICON: dict[str, tuple[str, ...]] = {
    "Pricing": ("price", "prices", "pricing", "cost", "costs", "quote", "discount", "per seat", "licen[cs]e fee",
                "list price", "invoice", "expensive", "cheaper", "dollars?", "payment terms"),
    "Competition": ("competitor", "competitors", "competition", "alternative", "other vendors?", "incumbent",
                    "bake[- ]off", "rfp", "switch from"),
    "Budget": ("budget", "budgets", "budgeted", "spend", "funding", "fiscal", "cost[- ]cutting"),
    "Timeline": ("timeline", "deadline", "go[- ]live", "launch", "by q[1-4]", "end of (?:the )?(?:quarter|year|month)",
                 "rollout date", "target date", "timeframe", "push(?:ed)? (?:back|out)", "delay", "on hold"),
    "Security & Compliance": ("security", "soc ?2", "iso ?27001", "gdpr", "hipaa", "compliance", "encryption",
                              "sso", "saml", "pen(?:etration)? test", "infosec", "data residency", "privacy"),
    "Legal & Procurement": ("legal", "contract", "msa", "dpa", "redlines?", "procurement", "terms", "liability",
                            "indemnit(?:y|ies|ification)", "signature", "order form"),
    "Implementation": ("implementation", "implement", "onboard(?:ing)? plan", "deploy(?:ment)?", "rollout",
                       "migration", "migrate", "setup", "set up", "configuration", "pilot", "proof of concept",
                       "poc"),
    "Integrations": ("integration", "integrations", "integrate", "api", "apis", "salesforce", "hubspot", "slack",
                     "zapier", "webhook", "connector", "sync(?:ing)? with", "snowflake"),
    "Renewal": ("renewal", "renew", "renewing", "contract end", "expir(?:e|es|ing|ation)", "upsell", "expansion",
                "churn"),
    "Product Demo": ("demo", "walk ?through", "show you", "let me share my screen", "screen share", "feature",
                     "features", "workflow"),
    "Product Feedback": ("feedback", "feature request", "roadmap", "bug", "bugs", "missing", "wish it",
                         "would love", "improvement"),
    "Support": ("support", "ticket", "tickets", "outage", "downtime", "sla", "response time", "escalation",
                "customer success"),
    "Reporting & Analytics": ("reporting", "analytics", "metrics", "kpis?", "insights", "dashboards?",
                              "forecast(?:ing)?"),
    "Onboarding & Training": ("training", "onboarding", "enablement", "ramp", "certification", "workshop",
                              "documentation"),
    "Next Steps": ("next steps?", "action items?", "follow[- ]?up", "calendar invite", "recap"),
}  # fmt: skip

TOPIC_PATTERNS: dict[str, re.Pattern[str]] = {
    label: re.compile(r"\b(?:" + "|".join(keywords) + r")\b", _I) for label, keywords in TOPIC_LEXICON.items()
}

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

MONEY = re.compile(
    r"(?:(?:[$€£]|\b(?:usd|eur|gbp)\s?)\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|mm|bn|b|thousand|million|billion)\b)?"
    r"(?:\s?(?:usd|eur|gbp)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:k|m|mm|bn|thousand|million|billion)?\s?(?:usd|eur|gbp|dollars|euros|pounds|bucks)\b"
    r"|\b\d{1,3}(?:\.\d+)?\s?k\b(?!\s?(?:users|seats|people|employees|reps|records|rows|calls|accounts|emails)))",
    _I,
)

DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?"
    rf"|(?:end|beginning|start|middle|mid) of (?:(?:the|this|next) )?(?:q[1-4](?:\s\d{{4}})?|quarter|month|year|{_MONTHS})"
    r"|q[1-4](?:\s?(?:fy)?'?\d{2,4})?"
    r"|(?:fy|fiscal year\s?)'?\d{2,4}"
    rf"|(?:next|this|last|this coming) (?:{_DAYS}|week|month|quarter|year)"
    rf"|(?:on|by|before|until|after) {_DAYS}"
    r"|tomorrow|today|yesterday|eoq|eoy|eom"
    r"|in (?:a|one|two|three|four|five|six|a few|a couple of|\d+) (?:days?|weeks?|months?))\b",
    _I,
)

# Company-name suffixes for pattern-based company detection ("Acme Corp", "Globex GmbH").
COMPANY_SUFFIX = re.compile(
    r"\b((?:[A-Z][\w&\-]+\s){0,3}[A-Z][\w&\-]+)\s(?:Inc|Corp|Corporation|LLC|Ltd|GmbH|AG|SA|PLC|Group|Labs)\b\.?"
)

# Sales-conversation additions to VADER's general-purpose lexicon (same -4..+4 valence scale). VADER does not
# know that "expensive" or "blocker" are bad news in a deal, or that "freeze" is not mildly positive.
SENTIMENT_LEXICON_UPDATES: dict[str, float] = {
    "expensive": -1.8,
    "pricey": -1.5,
    "overpriced": -2.2,
    "costly": -1.5,
    "steep": -1.0,
    "blocker": -1.8,
    "blocked": -1.6,
    "dealbreaker": -2.5,
    "showstopper": -2.3,
    "freeze": -1.4,
    "frozen": -1.2,
    "slipping": -1.2,
    "slipped": -1.2,
    "pushback": -1.2,
    "churn": -2.0,
    "concern": -1.0,
    "concerns": -1.0,
    "concerned": -1.2,
    "outage": -2.0,
    "downtime": -1.5,
    "buggy": -1.8,
    "unreliable": -1.9,
    "clunky": -1.5,
    "seamless": 1.8,
    "intuitive": 1.6,
    "roi": 1.0,
}

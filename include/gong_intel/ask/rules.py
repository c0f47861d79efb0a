"""The rule-based planner: a question as typed by a manager -> :class:`AskPlan`.

Rules, in order:

1. Names are resolved against the warehouse's own values (``resolve.find_entities``: reps, accounts,
   opportunities, stages, competitors, products; typo-tolerant). A phrase that looks like a name ("with Acme",
   a capitalised word) and matches nothing is listed as not understood, with the closest stored names.
2. Time words become a UTC day window (``resolve.parse_window``).
3. The answer kind: a request to change data or read other systems -> ``unanswerable`` (nothing could run
   it anyway: every plan compiles to one SELECT over allow-listed views); "summarize/recap ... call" ->
   ``call_brief``; "promise/commit/next steps/action items" -> ``commitments``; "how many" -> ``count``;
   "top N / rank / which rep has the most" -> ``ranking``; "average/total/by X/per X/trend" -> ``aggregate``;
   deals + risk words -> ``deals_at_risk``; "say/said/quotes/objections/pushback/complain" -> ``quotes``;
   coaching words -> ``coaching``; "calls/meetings" -> ``list_calls``; anything else -> ``quotes``.
4. Measure, group-by, sentiment, risk types, topics, amounts, sort and N from word lists below.
5. What was not understood: names that matched nothing, and every word no rule used (``accounting``). A rule's
   words count as used only when the plan shows the rule's effect: the planner notes what its patterns read as
   it decides (``used``, a ``Readings``), each with the check on the finished plan that shows the decision held;
   the vocabulary tables are matched and checked on the plan (``_word_rules``). Words that change meaning
   ("except", "not", "per", "more than", "vs", "only") count only then, even though they are short or filler;
   a word the typo correction rewrote and the plan then did not use is named as typed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from difflib import SequenceMatcher

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from include.gong_intel.ask.accounting import (
    Coverage,
    PlanCheck,
    Readings,
    WordRule,
    describe,
    is_meaning_word,
    leftover_words,
)
from include.gong_intel.ask.compile import MIN_DEAL_RISK_SCORE, is_deal_plan
from include.gong_intel.ask.half_sql import read_as_words
from include.gong_intel.ask.resolve import (
    AS_OF,
    MONTHS_COMPARED,
    MY_TEAM,
    NAMED_DAY,
    PERIODS_COMPARED,
    QUARTERS_COMPARED,
    RELAYED,
    SHORTHAND,
    STAGE_SLANG,
    STOP,
    TEAM_WORDS,
    THAN_LAST,
    TO_TODAY,
    VERSUS_LAST,
    Catalog,
    Entity,
    closest,
    find_entities,
    is_english_word,
    named_manager_pronoun,
    parse_window,
    period_start,
    role_groups,
    roster_aliases,
    self_named_manager,
    typo_of_english_word,
)
from include.gong_intel.ask.second_language import in_english
from include.gong_intel.ask.semantic import (
    AMOUNT_MEASURES,
    DEAL_MEASURES,
    LANGUAGES,
    NO_CUSTOMER,
    OBJECTION_TYPES,
    OPEN_START,
    AskPlan,
    Filters,
)
from include.gong_intel.ask.views import COACHING_THRESHOLDS
from include.gong_intel.enrich.acts import RISK_SUBJECT
from include.gong_intel.enrich.records import RISK_TYPES

MAX_QUESTION_CHARS = 500

# A request to change something: a write verb aimed at data. "update me on", "drop-off", "change in sentiment"
# are ordinary questions. Nothing could run a write anyway (one SELECT over allow-listed views is all a plan
# compiles to); this only lets the answer say so instead of answering something else.
_WRITE = re.compile(
    # (at the start of the request, or of a sentence after a preamble: "please execute this for me: UPDATE ...")
    r"(?:^|[:;!?]|\.\s)\s*(please\s+)?(drop|delete|truncate|insert|alter|grant|revoke|erase|wipe|purge)\s+"
    # "drop me a list of ...", "drop by", "drop in": a request to the asker ("grant me write access" is none)
    # ("truncate the list to 5 calls": the answer cut, nothing written)
    r"(?!off\b|(?<=drop )(me|us|by|in)\b|(?<=truncate )((the|this|that) )?(list|results?|answer|output|it)\b)\w|"
    r"(?:^|[:;!?]|\.\s)\s*(please\s+)?(update|change|set|modify|rename|overwrite|remove|create)\s+"
    r"(?!me\b|us\b|on\b|in\b)"
    r"(the\s+|all\s+|every\s+|this\s+|that\s+)?[\w'. ]{0,40}?\b(to|records?|rows?|tables?|data|stages?|amounts?|"
    r"sentiment|scores?|owners?|calls?|deals?|transcripts?|users?)\b|"
    r"\b(drop|truncate)\s+(table|database|schema|view)\b|"
    # ("wipe caleb's calls from the warehouse": someone's)
    r"\b(delete|remove|erase|wipe|purge)\s+((all|every|the|of|her|his|their|my|our|its|these|those|this|that|"
    r"[a-z]+['’]s?)\s+){1,3}(calls?|data|records?|rows?|tables?|transcripts?|recordings?)\b|"
    # a deal's stage changed on request: "can u flip the willow opp to closed won", "just mark it as lost"
    # ("Please go into the CRM, flip the opportunity to Closed Won": one request after another)
    r"(?:^|[:;!?,]\s*|\.\s+|\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+|just\s+)?|"
    r"\b(?:please|pls|plz|just|go ahead and)\s+)"
    r"(?:mark|flip|move|switch|set|change|update|bump)\s+(?:[\w'.&-]+\s+){0,8}?(?:to|as|into)\s+"
    r"(?:closed[ -]?(?:won|lost)|won|lost)\b|"
    # "... and mark it Closed Won", "bump Brightline to 450k": a deal's stage or amount changed on request
    # ("mark my zenith deal closed won")
    r"\b(?:mark|flip)\s+(?:it|them|(?:the|my|our|his|her|their|this|that)\s+[\w'.&-]+(?:\s+(?:deal|opp|opportunity))?)"
    r"\s+(?:as\s+)?closed[ -]?(?:won|lost)\b|"
    r"\bbump\s+(?:[\w'.&-]+\s+){1,4}?to\s+\$?\d[\d,.]*\s*(?:k|m)?\b|"
    # a stored figure changed on request: "bump mei's talk ratio numbers under 50% in the warehouse", "can you
    # lower the sentiment score in the system"
    r"(?:^|[:;!?,]\s*|\.\s+|\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+|just\s+)?|"
    r"\b(?:please|pls|plz|just|go ahead and)\s+)"
    r"(?:bump|raise|lower|push|edit|tweak|adjust|fudge|doctor|massage)\s+(?:[\w'.&%-]+\s+){1,8}?"
    r"(?:(?:under|below|above|over|to|down to|up to)\s+\$?\d|(?:in|inside|within)\s+(?:the\s+|our\s+)?"
    r"(?:warehouse|database|db|system|crm|tables?|records?)\b)",
    re.I,
)
# The order said outright: "sorted ascending", "ordered by talk ratio, lowest first", "sort desc".
_SORTED = re.compile(
    r"\b(?:sorted|sort|ordered|order|ranked|rank|listed|list)\b[^.?!;]{0,40}?\b(?P<order>ascending|asc|descending|"
    r"desc|(?:lowest|smallest|least|worst|highest|biggest|largest|most|best) first)\b",
    re.I,
)
# Words that open a sentence before a name, capitalised only for it: "On Kofi's deals", "For Mei's accounts".
_OPENERS = frozenset(
    {
        "on",
        "in",
        "for",
        "with",
        "at",
        "from",
        "by",
        "to",
        "and",
        "but",
        "so",
        "if",
        "of",
        "about",
        "across",
        "among",
        "between",
        "within",
        "inside",
        "over",
        "under",
        "behind",
    }
)
_COUNT_EACH = re.compile(r"\b(calls?|mentions?|count|#|how many)\s+(for\s+)?each\b", re.I)
# "churn? which accts": the accounts behind a risk (not "which customers are threatening to churn": what they said)
_WHICH_ACCOUNTS = re.compile(
    r"\bwhich (accts?|accounts?|logos?)\b(?!\s+(are|were|have|had|said|say|told|mentioned|raised|asked)\b)",
    re.I,
)
_CODE_JOIN = re.compile(r"(?<=[A-Za-z])_(?=[A-Za-z])")
# Conditions typed on the warehouse's columns, read as the words they stand for: "SENTIMENT_SCORE < -0.2" is
# the negative band (only at the band's own bound), "CALL_IDs" the calls.
_CODE_CONDITIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\bsentiment(?:_score)?\s*(?:<|<=|(?:is\s+)?(?:below|under|less than|lower than))\s*-\s*0?\.20?\b",
            re.I,
        ),
        "negative sentiment",
    ),
    (
        re.compile(
            r"\bsentiment(?:_score)?\s*(?:>|>=|(?:is\s+)?(?:above|over|more than|greater than|higher than))\s*\+?0?\.20?\b",
            re.I,
        ),
        "positive sentiment",
    ),
    (re.compile(r"\bcall_?ids?\b", re.I), "calls"),
)
# "did any customer ask us to delete their recordings?" asks about what was said, not for a change.
_ASKED_TO = re.compile(r"\b(ask\w*|want\w*|request\w*|wish\w*|like)\s+(\w+\s+)?to\s+$", re.I)


def _change_requested(question: str) -> bool:
    """A write verb aimed at data, unless the question asks whether someone asked for it."""
    return any(not _ASKED_TO.search(question[: m.start()]) for m in _WRITE.finditer(question))


# What the call data does not hold, and how the answer names it.
_NOT_IN_DATA: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b((database|db|admin|root|snowflake|warehouse|service|login|user|account|gong|salesforce|hubspot|slack|"
            r"airbyte|cohere|pulumi|aws|crm|zoom)\s+)?"
            r"(passwords?|credentials?|creds|api[ _-]?keys?|secrets?|(?:connection|conn)\.? strings?|private keys?|"
            r"(api|access|auth|bearer|oauth|refresh)[ _-]?tokens?)\b",
            re.I,
        ),
        "{match}: the warehouse's and any other system's credentials and secrets are never answered",
    ),
    (
        re.compile(r"[\w.]*\b(raw_airbyte|pipeline_monitor|information_schema|account_usage)\b[\w.]*", re.I),
        "{match} is outside the sales call data: system tables and other schemas are never read",
    ),
    (
        re.compile(
            r"\b(ssn|social security|credit cards?|salar(y|ies)(\s+(and|&|\+|und)\s+commissions?)?|"
            r"(reps?['’]?|sales|their|our)\s+commissions?|payroll)\b",
            re.I,
        ),
        "{match} is not in the call data",
    ),
    (
        # "die salaries aus Workday", "pull the tickets from Jira": another system's records
        re.compile(
            r"\b(?:from|in|out of|into|aus|via)\s+(workday|netsuite|bamboo ?hr|adp|jira|zendesk|servicenow)\b",
            re.I,
        ),
        "{match}: other systems' records are not read; only the call data here is",
    ),
    (
        # "log into clari's customer portal and pull their pipeline data"
        re.compile(
            r"\b(?:log ?in(?:to| to)?|sign in(?:to| to)?|access|scrape)\s+(?:[\w.-]+['’]s\s+)?(?:\w+\s+)?"
            r"(?:portal|system|crm|instance|tenant)\b",
            re.I,
        ),
        "{match}: another vendor's system and data are out of reach; only the call data here is read",
    ),
    (
        re.compile(r"\b((support|help ?desk|zendesk|jira|service)\s+)tickets?\b", re.I),
        "{match}: support tickets are not in the data (only calls are stored)",
    ),
    (
        re.compile(
            r"\b(open(ed|s)?|click(ed|s)?|read)\s+(the\s+|our\s+|my\s+|an?\s+|his\s+|her\s+)?(\w+\s+)?e-?mails?\b",
            re.I,
        ),
        "{match}: email opens and clicks are not tracked (only calls are stored)",
    ),
    (
        re.compile(
            r"\b(hit(ting)?|make|making|miss(ed|ing)?|beat(ing)?|tracking to|on track (for|to)|pacing to)\s+"
            r"(the|our|my|their)\s+((annual|yearly|quarterly|monthly|q[1-4])\s+)?(number|target|plan|goal)\b|"
            r"\bagainst\s+((the|our|my|their)\s+)?((annual|yearly|quarterly|monthly|q[1-4])\s+)?(plan|target|goal)s?\b",
            re.I,
        ),
        "{match}: sales targets are not in the data (they are kept in the CRM, not on calls)",
    ),
    (
        # "pull Chorus's list price per seat", "what's Clari's pricing": a price list is no call data
        re.compile(
            r"\b(?:pull|get|find|fetch|look up|give me|show me|what(?:['’]s| is| are))\s+(?:the\s+)?"
            r"(?!our\b|my\b|their\b|the\b)[a-z][\w.]*['’]s?\s+(?:list\s+price|price\s+list|pricing|rate\s+card|"
            r"price\s+per\s+(?:seat|user|licen[cs]e))(?:\s+per\s+(?:seat|user|licen[cs]e))?",
            re.I,
        ),
        "{match}: price lists (ours or a competitor's) are not in the data, only what was said on calls",
    ),
    (
        # "has a countersigned DPA come back", "did the signed MSA come back": documents' status is no call data
        re.compile(
            r"\b(?:counter-?signed|signed|executed)\s+(?:copy\s+of\s+(?:the\s+)?)?(?:dpa|msa|contract|order form|nda|"
            r"agreement|sow|paperwork)s?\b(?:\s+(?:has\s+|have\s+)?(?:come|came|been\s+(?:sent|returned))\s+back)?",
            re.I,
        ),
        "{match}: whether a document was signed or returned is not in the data (only what was said on calls)",
    ),
    (
        # "what average discount % did we give away", "discount rate by rep": the discounts granted
        re.compile(
            r"\b(?:(?:avg|average|mean|typical|median|total)\s+discount(?:s|\s*%|\s+percent(?:age)?s?|\s+rates?)?|"
            r"\bdiscount\s*(?:%|percent(?:age)?s?|rates?))"
            r"(?:\s+(?:did|do|have)\s+(?:we|you|they)\s+(?:give|gave|given|grant\w*)(?:\s+away)?)?|"
            r"\bdiscounts?\s+(?:did\s+)?(?:we|you|they)?\s*(?:gave|give|given|granted)"
            r"(?:\s+away)?",
            re.I,
        ),
        "{match}: the discounts granted (as amounts or percentages) are not in the data (no list prices or closed "
        "terms are stored), only what was said on calls",
    ),
    (
        # "did they open the QBR deck I emailed", "whether Dana read the proposal we sent over"
        re.compile(
            r"\b(?:did|whether|if|has|have)\s+(?:they|he|she|anyone|anybody|the\s+\w+|[a-z]+)\s+(?:ever\s+|even\s+)?"
            r"(?:open|opened|read|view|viewed|click|clicked|download|downloaded|look at|looked at|sign|signed)\s+"
            r"(?:the|my|our|that|this)\s+[^.?!,;]{0,40}?\b(?:i|we)\s+(?:e-?mailed|sent|shared|forwarded)\b(?:\s+over)?",
            re.I,
        ),
        "{match}: whether a document or email was opened or read is not tracked (only calls are stored)",
    ),
    (
        re.compile(
            r"\b((e-?mail|outbound|sequence)\s+)?(open|reply|response|click(-through)?|bounce|unsubscribe)\s+rates?\b",
            re.I,
        ),
        "{match}: email engagement (opens, replies, clicks) is not tracked (only calls are stored)",
    ),
    (
        re.compile(r"\b(outbound|e-?mail|sales|prospecting|nurture)\s+(sequences?|cadences?)\b", re.I),
        "{match}: sales sequences and cadences are not in the data (only calls are stored)",
    ),
    (
        # "put it into a csv and send it to my personal gmail": data taken out, wherever to
        re.compile(
            r"\b(?:send|e-?mail|mail|forward|export|dump|download|copy|upload)\b[^.?!]{0,60}?\b(?:to|into|in|as|onto)\s+"
            r"(?:a\s+|an\s+|my\s+|his\s+|her\s+|their\s+|our\s+)?(?:(?:personal|private|own|home)\s+"
            r"(?:inbox|e-?mail(?: address)?|address|account|drive|laptop|computer)|"
            r"(?:(?:personal|private|own|home)\s+)?(?:gmail|hotmail|yahoo|icloud|dropbox|usb(?: stick| drive)?))\b",
            re.I,
        ),
        "{match}: answers are only shown here, never exported or sent out to a personal address or device",
    ),
    (
        # "dump every participant's email + phone into a csv": people's details taken out in bulk
        re.compile(
            r"\b(?:dump|export|pull|download|extract|scrape|copy)\b[^.?!]{0,60}?\b(?:e-?mails?|phones?|contact (?:details|info))\b"
            r"[^.?!]{0,40}?\b(?:csv|excel|spreadsheet|file|sheet)\b",
            re.I,
        ),
        "{match}: contact details are never exported in bulk (answers show calls and what was said on them)",
    ),
    (
        re.compile(
            r"\b(?:(?:personal\s+)?(?:phone|cell|mobile)\s*(?:numbers?|nos?\b\.?|#)|(?:home|private)\s+address(?:es)?)",
            re.I,
        ),
        "{match}: contacts' personal data (phone numbers, home addresses) is not in the call data and is never exported",
    ),
    (
        # ("need it before i email them": the asker's own next step, nothing asked of emails)
        re.compile(
            r"(?<!\bi )(?<!\bwe )(?<!\bi'll )(?<!\bto )\b(e-?mail(s|ed|ing)?|slack messages?|text messages?|linkedin|dms?)\b"
            r"(?!\s+(?:them|him|her|the customer|the client|the buyer|back|out)\b)",
            re.I,
        ),
        "{match}: only calls are stored, not emails or messages",
    ),
    (
        re.compile(
            r"\b((revenue|bookings?|sales|pipeline|commit|arr|quarterly|q[1-4]|weighted|best[- ]case|worst[- ]case|win[- ]rate|"
            r"rolling|projected)\s+)?forecast(ed|ing|s)?\b"
            # "for the Dec forecast meeting": when the question is asked, not what it asks for
            r"(?! (category|calls?|meetings?|reviews?|prep|sync|deck|readout|session|miss(es|ed)?))|"
            # "Q1 2027 bookings projection?", "what bookings will land in Q1", "what will bookings come in at"
            r"\b(bookings?|revenue|pipeline|sales)\s+projections?\b|\bprojections?\s+(of|for)\s+(bookings?|revenue|sales)\b|"
            r"\bproject\s+what\b|\b(bookings?|revenue|deals?)\s+(will|would|do you expect us to|we expect to)\s+(land|come in|close)\b|"
            r"\bwill\s+(\w+\s+){0,4}(bookings?|revenue)\s+come\s+in\b|"
            # "what we're projecting next year in Q1"
            r"\bwhat\s+(we['’]re|we are|are we)\s+projecting\b",
            re.I,
        ),
        "{match}: a revenue forecast is not in the data",
    ),
    (
        # "who's gonna renew next year", "which customers will renew": a prediction, not what was said
        re.compile(
            r"\bwho(['’]s| is)?\s+(gonna|going to|will|is likely to|likely to)\s+renew\b|"
            r"\b(which|what)\s+(of\s+(our|my)\s+)?(customers|accounts|clients)\s+(are|will)\s+(gonna|going to|likely to)?\s*"
            r"renew(ing)?\b(?=[^?.]{0,30}\bnext (year|quarter|month)\b)|"
            r"\b(which|what)\s+(of\s+(our|my)\s+)?(customers|accounts|clients)\s+(are\s+)?(gonna|going to|will)\s+renew\b",
            re.I,
        ),
        "{match}: who will renew is a prediction the data does not hold (what customers said about renewing can be "
        "quoted)",
    ),
    (
        # "how many licenses they purchased in their most recent contract": the contract's terms, kept in the CRM
        re.compile(
            r"\bhow many (licen[cs]es|seats|users)\s+(\w+\s+){0,4}(purchased|bought|paid for|pay for|own|signed for|"
            r"are on|have on)\b|\b(seat|licen[cs]e) counts?\s+(in|on|of)\s+(their|the)\s+(\w+\s+){0,2}contract\b",
            re.I,
        ),
        "{match}: seat counts and contract terms are kept in the CRM and the contracts, not in the call data",
    ),
    (
        re.compile(
            r"\b(?:(?:poc|pilot|trial|sandbox|test)\s+(?:licen[cs]es?|environments?|instances?|accounts?|tenants?|"
            r"expir\w*|end dates?|usage)|sandbox(?:es)?|trial licen[cs]es?)\b",
            re.I,
        ),
        "{match}: trials and their licences' expiry dates, sandboxes and POC environments are not in the data (they "
        "are kept in the product's admin, not on calls)",
    ),
    (
        re.compile(
            # ("what do customers say about their win rate" asks what was said)
            r"\b(?:what['’]?s(?:\s+the|\s+our)?|our|my|the team['’]?s|team|overall|reps?['’]?|each rep['’]?s|his|her)\s+"
            r"(?:win|close|closing|conversion|win[- ]loss)\s+(?:rates?|ratios?)\b|"
            r"^\W*(?:the\s+)?(?:win|close|conversion|win[- ]loss)\s+(?:rates?|ratios?)\b|"
            r"\b(?:win|close|conversion)\s+rates?(?=\s+(?:this|last|by|per|in|q[1-4])\b)",
            re.I,
        ),
        "{match}: a win rate (overall, by rep or against a competitor) is not a measure here (it needs every closed "
        "deal from the CRM; the closed deals with calls can be listed)",
    ),
    (
        # "reps who completed the negotiation training", "who has passed the certification"
        re.compile(
            r"\b(?:completed|finished|took|taken|attended|passed|done|did)\s+(?:the\s+|their\s+|our\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:training|course|certification|bootcamp|enablement (?:module|program(?:me)?)|workshop series)\b",
            re.I,
        ),
        "{match}: who completed which training is not in the data (enablement records are kept in the learning "
        "system, not on calls)",
    ),
    (
        re.compile(
            r"\b(quota(s)?|attainment)(\s+(attainment|achievement|progress|retirement|coverage|target))?\b",
            re.I,
        ),
        "{match}: quotas and attainment against them are not in the data (they are kept in the CRM, not on calls)",
    ),
    (
        re.compile(
            r"\b(csat|nps|net promoter( score)?|customer satisfaction( scores?)?|survey (scores?|results?)|"
            r"g2( (review )?(ratings?|reviews?|scores?))?|capterra|trustradius|review[- ]site (ratings?|scores?))\b",
            re.I,
        ),
        "{match}: survey scores and review-site ratings are not in the data (call sentiment is not a survey)",
    ),
    (
        re.compile(
            r"\b(will|going to|likely to|predict\w*)\s+((we|they|it|he|she|you|\w+)\s+)?(renew|churn|close|sign|buy)\w*",
            re.I,
        ),
        "{match}: what will close, sign or renew is a prediction, not in the data (only what was said on calls)",
    ),
    (
        re.compile(
            r"\b(lead sources?|(campaign|marketing|source) attribution|utm\w*|paid (ads?|search|social)|"
            r"(which|what) (marketing )?campaigns? (sourced|generated|drove|brought|created)|"
            r"(came|come|coming) in (through|thru|via|from) (the |a |an |our )?([\w-]+ ){0,2}"
            r"(webinars?|ads?|campaigns?|events?|referrals?|inbound|outbound))\b",
            re.I,
        ),
        "{match}: lead sources and campaign attribution are not in the data (they are kept in the CRM and "
        "marketing tools, not on calls)",
    ),
    (
        # "win rate by segment": no customer segment is held on calls or deals (a call's segments are its turns)
        re.compile(
            r"\b(by|per|each|across|for every)\s+(customer\s+|market\s+|industry\s+)?segments?\b|"
            r"\b(customer|market|industry)\s+segments?\b|\bsegment\s+(breakdown|split)\b",
            re.I,
        ),
        "{match}: customer segments are not in the data (no segment is held on calls or deals)",
    ),
    (
        re.compile(
            r"\b(head ?count( plans?)?|capacity plan\w*|hiring plans?|(should|do|must|can) we (be )?(hire|hiring))\b",
            re.I,
        ),
        "{match}: hiring and headcount plans are not in the data (only what was said on calls)",
    ),
    (
        re.compile(
            r"\b(log(ged|s|ging)? ?(in|on)(to)? (the |our )?(product|app|platform|tool)|product (usage|logins?|adoption)|"
            r"usage (data|stats|statistics|metrics)|(daily|monthly|weekly) active users|dau|mau|feature adoption)\b",
            re.I,
        ),
        "{match}: product usage (logins, active users) is not in the data (only calls are stored)",
    ),
    (re.compile(r"\b(weather|stock price)\b", re.I), "{match} is not in the call data"),
    (
        re.compile(r"\b(how many|which|what|list|show)\s+(tables|schemas|databases)\b", re.I),
        "the warehouse's own tables are not part of the answers",
    ),
)
_FUTURE = re.compile(r"\bnext (year|quarter|month|week)\b", re.I)
_SQLISH = re.compile(
    r";\s*(select|drop|delete|insert|update|grant|revoke|alter|create|truncate|merge|call)\b|--|/\*|"
    r"\bunion\s+select\b|\bselect\s+[\w*,\s]+\s+from\s+\w|\bor\s+'?1'?\s*=\s*'?1|\b(grant|revoke)\s+\w+\s+on\b|"
    # a statement pasted as such: "UPDATE STG_GONG_CALLS SET SENTIMENT_SCORE = 0.5", "DELETE FROM x", "INSERT INTO y"
    r"\bupdate\s+[\w.\"]+\s+set\s+[\w.\"]+\s*=|"
    r"\b(delete\s+from|insert\s+into)\s+(?=[\w.\"]*[_.\"])[\w.\"]+",
    re.I,
)
_VERB = re.compile(
    r"\b(grant|revoke|drop|delete|truncate|insert|update|alter|create|merge|remove|erase|wipe|set)\b",
    re.I,
)
# A deal's stage or a stored figure changed on request, when no other change verb is said: "just mark the orchard
# deal as lost", "bump mei's talk ratio under 50% in the warehouse".
_STAGE_VERB = re.compile(
    r"\b(mark|flip|move|switch|bump|change|modify|rename|overwrite|raise|lower|push|edit|tweak|adjust|fudge|doctor|"
    r"massage)\b",
    re.I,
)
_BRIEF = re.compile(
    # ("I want their words, not a summary": no brief)
    r"(?<!\bnot a )(?<!\bno )(?<!\bnot )\b(summari[sz]e|summary|recap|brief( me)?|rundown|debrief|sum(med)? (it |this |that )?up|gist|lowdown|what (happened|went down|went on|was decided) (on|in|during|at)|what(['’]?s| is) happening (on|in|during|at)|how did .{0,40}"
    r"call go|"
    # "how did the demo with Lumen Bank go", "how did the orchard QBR go" (the call's own words name it)
    r"how did (the|our|my|their|his|her|that|this|[a-z]+['’]s) ([\w-]+ ){0,3}?[\w-]+( (with|for|at) [^?.,]{1,40})? go\b|"
    r"tl;?dr|what was (discussed|covered|said) (on|in|during)|what (was|got|were) (discussed|covered)|update (on|me on) the (latest|last|most recent|first)|what was talked about (on|in|during)|"
    r"fill (me|us) in on|(short|quick|condensed) version of|news (from|on|about) the (latest|last|most recent)|"
    r"how .{0,40}(call|meeting) (went|turned out)|"
    # "how was the orchard insurance meeting", "how was kofi's demo with lumen bank"
    r"how (was|were) (the|our|my|their|his|her|that|this|[a-z]+['’]s) ([\w-]+ ){0,3}?"
    r"(call|meeting|demo|conversation|convo)(?!s)( (with|for|at) [^?.,]{1,40})?(?= *(?:[?.!,]|$))|"
    r"walk (me|us) through (the|our|my|their|his|her) (latest|last|most recent|first)|"
    r"catch (me|us) up on (the|our|my|their|his|her) (latest|last|most recent) (\w+ )?(call|meeting|conversation|convo)|"
    # "quick readout of the last orchard meeting", "tell me about the evergreen call on nov 12"
    r"read-?out|tell (me|us) about (the|that|this|[a-z]+['’]s) ([\w-]+ ){0,3}(call|meeting|conversation|convo)(?!s)|"
    # "prep me for my call with bluewater", "what should I know before meeting evergreen": where things stand
    r"prep (me|us) (for|on)|what (should|do|does) (i|we|\w+) (need to )?(know|remember) (before|ahead of|going into)|"
    # "what came out of the orchard qbr"
    r"what (came|comes|come) out of (the|our|that|this|[a-z]+['’]s) |"
    r"(latest|last|most recent|first) (call|meeting|conversation|convo|chat|discussion) (with|of|for)(?! (each|every|all)\b))\b",
    re.I,
)
# Words of _BRIEF that only pick one call ("the last call with"), asking nothing of it.
_ONE_CALL_OF = re.compile(r"(latest|last|most recent|first) \w+ (with|of|for)", re.I)
# "a rundown of the conversations mei had this quarter": the calls listed, not one call's brief.
_BRIEF_OF_MANY = re.compile(
    r"\b(rundown|recap|summary|overview|list) of (the |all |my |our |[\w']+['’]s )?(\w+ ){0,2}"
    r"(calls|conversations|meetings|convos|convs)\b|"
    # "summary of every call with polaris media this month"
    r"\b(rundown|recap|summary|overview|list) of (every|each) (\w+ ){0,2}(call|conversation|meeting|convo)\b|"
    # "how did the demos go last week"
    r"\bhow did (the|our|my|their|[a-z]+['’]s) ([\w-]+ ){0,2}(calls|demos|meetings|conversations|convos|qbrs|kickoffs)"
    r"( (with|for|at) [^?.,]{1,40})? go\b",
    re.I,
)
# The asker's own write-up, told as context: "for the November recap I'm sending the team - which ...".
_OWN_DELIVERABLE = re.compile(
    r"\b(for|in|into) (the|my|our|a|an|this|next) ([\w-]+ ){0,2}(recap|summary|rundown|brief|update|report|deck|"
    r"newsletter)\s+(i'?m|i am|we'?re|we are|i'?ll|we'?ll|i need to|that i|to)\b|"
    r"\b(prepping|preparing|writing|drafting|building|putting together|doing|compiling|pulling together|assembling) "
    r"(the |my |our |a |an |[\w]+['’]s )?"
    r"([\w-]+ ){0,3}(recap|summary|rundown|brief|update|report|deck|newsletter)\b",
    re.I,
)
_COMMIT = re.compile(
    # ("looked really promising" promises nothing)
    r"\b(promis(e|es|ed)\b|promising\s+(to|that|them|us|him|her|you|anything)\b|commit(ted|ments?)?|next steps?|action items?|follow[- ]?ups?|agree(d|s)? to|owe|to-?dos?|"
    r"on the hook|sign(ed)? up (to|for)|said (they|he|she|we)( would|'d)|"
    r"deliverables?|"
    # "anything outstanding for evergreen from our side?", "what's on kofi's plate after his calls", "loose ends"
    r"(?:anything|what(?:['’]s| is)?|items?) (?:still )?outstanding\b(?=[^?.!]*\b(?:from|on) (?:our|my|his|her|their) "
    r"(?:side|end)\b)|(?:on|off) (?:his|her|their|my|our|[a-z]+['’]s) plate|loose ends|open items|"
    r"(?:ball|ball's|ball is) in our court|(?:still )?(?:needs?|has|have) to (?:send|deliver|get back)\b|"
    # "what are we waiting on from keystone", "who owes what after the highmark call"
    r"(?:are|is|am)\s+(?:we|i|they|you)\s+(?:still\s+)?waiting\s+(?:on|for)\b|\bowes?\b|\bowed\b)\b",
    re.I,
)
# ("how much of a discount did they ask for": what was said about it, no number)
# ("worried about how much work the rollout puts on them": an effort, nothing to add up)
_HOW_MUCH = (
    r"how much(?!\s+(?:of\s+)?(?:an?\s+)?discount)"
    r"(?!\s+(?:work|time|effort|bandwidth|lift|overhead|hassle|resourc\w*|headcount|disruption)\b)"
)
_COUNT = re.compile(
    # ("only count people with 3+ calls", "don't count the CSMs": which calls or people are counted, no count)
    rf"\b(how many|{_HOW_MUCH}|how often|number of|(?<!only )(?<!n't )(?<!not )(?<!don’t )count|tally|ct|no\. of|"
    r"total number|just (the|a) (number|count|total)|"
    r"only (the|a) (number|count|total))\b|"
    # "# of calls", "#calls"; not a chat channel ("pasting from #deal-desk", "Samuel in #renewals")
    # ("# closed-lost deals": a space after the sign is no channel's name)
    r"(?<!in )(?<!from )(?<!on )(?<!to )(?<![\w#])#(\s?of\b|\s+(?=[a-z])|(?=[a-z]+(?![\w-])))",
    re.I,
)
_RANK = re.compile(
    # "who's leading on sentiment", "which account is ahead on risks", "who leads the team in calls"
    r"\b(?:who|which \w+)(?:['’]s| is| was| are)? (?:leading|ahead|out front|in front|on top)\b|"
    r"\bwho leads (?:on|in|for|with|the (?:team|pack|way))\b|"
    r"\b(top|bottom|rank(ed|ing)?|leaderboard|best|worst|weakest|strongest|highest|lowest|most(?!\s+recent\b)|least|fewest|biggest|gloomiest|grimmest|grumpiest|crankiest|angriest|sourest|"
    r"happiest|unhappiest|cheeriest|toughest|roughest|chattiest|quietest|"
    r"largest|smallest|more than any other|(?<!customer )(?<!customers )(?<!client )(?<!clients )(?<!buyer )(?<!buyers )(?<!prospect )(?<!prospects )(?<!anyone )(?<!anybody )(?<!someone )who (has|had|talks?|talked)(?! (said|told|mentioned|asked|raised|complained|brought|threatened)\b)|who(['’]s| is| was) (hogging|dominating)|which (rep|account|deal|opportunit\w+|competitor|topic|"
    r"stage)s?\s+(has|had|have|is|are|was|were|got|get|talk|talked|raised|ran|saw|did)"
    # ("which deals are expected to close this quarter", "which deals are closing this month and over 100k": the
    # deals, none ranked)
    r"(?!\s+(expected|scheduled|due|slated|set|going|supposed|forecast|closing|still|over|above|under|below|worth)\b)"
    # ("which deals have no next step", "which deals have legal issues": the deals, none ranked; "which rep has
    # a higher talk ratio" compares)
    r"(?:(?<!ha[sd])(?<!have)(?<!got)(?<!get)|(?=\s+(an?\s+|the\s+)?(higher|lower|better|worse|bigger|larger|smaller|more|less|fewer|"
    r"most|least|\w+est)\b)))\b|"
    # "the 4 clients with more risks" (a comparative where English says "the most")
    r"^\W*(the\s+)?(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+(clients?|customers?|accounts?|reps?|deals?|opps?)\s+"
    r"(with|that have|having)\s+"
    r"(more|less|fewer)\b",
    re.I,
)
# "over time" as a value for each period, not after the words of a fall ("the tone getting worse over time").
_OVER_TIME = (
    r"(?<!worse )(?<!down )(?<!worsening )(?<!declining )(?<!dropping )(?<!falling )(?<!sliding )over time"
)
_AGG = re.compile(
    r"\b(average|avg|mean|typical|total|sum|combined|overall|breakdown|broken down|split|distribution|distributed|trend(ing)?|"
    rf"{_OVER_TIME}|week over week|month over month|by|per|each|across)\b",
    re.I,
)
# Any word of risk or worry about deals: a deal list without one is every open deal.
_RISK_ASKED = re.compile(
    r"\b(at[- ]risk|risk\w*|slip\w*|danger\w*|jeopardy|troubl\w*|stall\w*|shak\w*|worr\w*|los[et]\w*|losing|"
    r"fire|burning|sideways|wobbl\w*|scar\w*|red flags?|flag\w*|concern\w*|health\w*|weak\w*|worst|sick|bleeding|dying|dead|in doubt|"
    r"warning|alarm\w*|urgent|attention|problem\w*|issues?|cold|dark|quiet|sentiment|tone|mood|vibe|"
    r"strife|cooked|on the rocks|rocky|dodgy)\b",
    re.I,
)
_DEAL = re.compile(
    r"\b(deals?|opportunit(y|ies)|opps?|pipeline|forecast|renewals|negotiations)\b|"
    # "what's closing in the next 2 weeks": the deals
    r"\bwhat(['’]s| is| are)\s+(\w+\s+)?(closing|(due|set|slated|expected|going|supposed) to close)\b",
    re.I,
)
_RISKY = re.compile(
    r"\b(at[- ]risk|risk(s|y|iest)?|slipping|in danger|jeopardy|trouble\w*|stall(ed|ing)?|shak(y|ier|iest)|worr\w+|"
    r"on fire|burning|going sideways|wobbl(y|ing)|"
    r"scar(y|ier|iest)|in strife|cooked|on the rocks|rocky|dodgy|"
    r"(might|could|may|going to|about to|likely to) (lose|slip|fall through|die|stall)|fall(ing)? through|lose|losing)\b",
    re.I,
)
_QUOTES = re.compile(
    r"\b(say(ing|s)?|said|quotes?|talk(ing|ed)? about|mention(s|ed|ing)?|complain(ing|ts?|ed)?|"
    r"push(ing|ed)? back|pushback|objections?|objecting|concerns?|feedback|raise[sd]?|voiced|words|"
    r"telling us|told us|asking about|asked about|what do (customers|buyers|prospects)|why|"
    r"ask(ed|ing)? (us |me |the rep |our rep )?(to|if|whether|for|about))\b",
    re.I,
)
# "ended without anybody agreeing on what happens next", "nobody committed to what comes next"
_NOTHING_AGREED = (
    r"\b(without|w/o|never|nobody|no one|didn['’]t|did not)\s+(\w+\s+){0,3}?(agree\w*|settl\w*|commit\w*|decid\w*)\s+"
    r"(on\s+|to\s+)?(what (happens|comes|to do) next|anything next|a next step|the next step|a way forward)|"
    # "wrapped up with nothing agreed for next steps"
    r"\bnothing\s+(agreed|settled|decided|committed|booked|scheduled)\s+(on\s+|for\s+|as\s+)?(the\s+)?"
    r"(next steps?|a next step|follow[- ]?ups?)|"
    # "fizzled out with nothing agreed at the end", "petered out", "ended with no agreement on what's next"
    r"\b(fizzl\w*|petered|pettered)\s+out\b|"
    r"\b(nothing|no)\s+(agreed|settled|decided|booked|agreement|commitment)\s+(at|in|by)\s+the\s+(end|close)\b"
)
_NO_NEXT_STEPS = re.compile(
    # ("the last call wrapped up without any agreed next step": how it ended, read with it)
    r"\b((wrap(ped|s)?|wrapping)\s+up\s+|(end(ed|s)?|finish(ed|es)?)\s+)?"
    r"(no|without|w/o|missing|lack(ing)?( of)?)\s+(\w+\s+){0,8}?(next steps?|follow[- ]?ups?|action items?)|"
    # "calls where we dropped the ball on next steps"
    r"\b(dropped|drop|dropping|fumbled|fumble|botched|blew) (the ball on )?(the |our )?(next steps?|follow[- ]?ups?)|"
    + _NOTHING_AGREED,
    re.I,
)
_UNANSWERED = re.compile(
    r"\b(unanswered|unaddressed|dodged|ignored|not (been )?(answered|addressed)|"
    r"without (an? |any |a real )?(answer|reply|response)|no (answer|reply|response)|"
    r"(left|leaves?|leaving|let|lets|letting) (\w+ ){0,4}(hanging|unanswered|unaddressed|slide)\b)|"
    # "never responded to", "didn't respond to", "nobody answered", "without anyone on our side responding"
    r"(\bnever|\bnot|n't|\bnobody|\bno one|\bwithout anyone)\s+(\w+\s+){0,4}?(answer|respon(d|se)|repl(y|ied|ies)|ad+res+)\w*",
    re.I,
)
# "objections they handled", "only the ones they actually answered": objections the rep answered.
_ANSWERED = re.compile(
    r"(?<!have to )(?<!had to )(?<!has to )(?<!need to )(?<!needed to )\b(handl(e|ed|es|ing)|answer(ed|s|ing)?|address(ed|es|ing)?|respond(ed|s|ing)? to|repl(ied|ies|y) to|"
    r"overc[ao]me|overcoming|dealt with|deal with|counter(ed|s|ing)?|rebutt?(ed|s|ing)?)\b",
    re.I,
)
# Calls whose objections were all answered: "calls where every single objection got a real answer".
_EVERY_ANSWERED = re.compile(
    r"\b(?:every|all|each)\s+(?:single\s+)?(?:one\s+of\s+)?(?:the\s+|their\s+|its\s+)?"
    r"(?:objections?|push-?backs?|concerns?)\s+(?:got|was|were|had|received|getting)\s+(?:an?\s+)?"
    r"(?:real\s+|proper\s+|good\s+|actual\s+)?(?:answer(?:ed)?|handled|addressed|response|repl(?:y|ied))\b",
    re.I,
)
# Groups ranked by how many calls they had: "which reps have the most calls with ...", "who had the fewest calls".
_GROUPS_BY_MOST_CALLS = re.compile(
    r"\b(?:which|what)\s+(?:reps?|accounts?|customers?|sellers?)\s+(?:have|has|had|ran|did|got)\s+the\s+"
    r"(?:most|fewest|least|highest number of|lowest number of)\s+(?:calls|meetings|conversations)\b",
    re.I,
)
# Call scope: internal meetings (Gong's own scope), calls no customer attended, or calls with a customer on them.
_INTERNAL = re.compile(
    r"\binternal([- ]only)?\b|\b(only|solely) (by )?(our own (people|team|staff)|us|employees|colleagues)\b",
    re.I,
)
_NO_CUSTOMER = re.compile(
    r"\bno (customer|prospect|buyer|client)s? (on the (line|call)|participating|present|attending)\b|"
    # "calls with no external participant on the line"
    r"\b(no|zero|without (an?|any))\s+(external|outside)\s+(participants?|attendees?|people|parties|party|speakers?)\b|"
    # "calls that had nobody from the customer side on the line"
    r"\b(nobody|no one|no-one|noone|no body)\s+(from|on)\s+(the\s+)?(customer|client|prospect|buyer)(['’]?s)?"
    r"(\s+side)?\b(\s+(on the (line|call)|there|present|joining|attending))?",
    re.I,
)
_NOT_INTERNAL = re.compile(
    r"\b(skip(ping)?|exclud(e|ing)|without|leav(e|ing) out|ignor(e|ing)|drop(ping)?|minus|no|not counting|except|"
    r"(don['’]?t|do not) (want|need|include|count))\s+"
    r"(the\s+|any\s+|all\s+)?internal\b",
    re.I,
)
_NO_EXTERNAL = re.compile(r"\b(no|zero|without (an?|any))\s+(external|outside)\b", re.I)
# ("ext calls only", "ext. only": the abbreviation before calls or "only")
# ("who's doing all the talking on customer calls": the calls with a customer on the line)
_EXTERNAL = re.compile(
    r"\b(external|customer[- ]facing|ext\.?(?=\s+(calls?|mtgs?|meetings?|only)\b)|"
    r"(customer|client|prospect|buyer)[- ](?=(calls|meetings|conversations)\b)|"
    # "only count calls where a customer actually showed up", "calls with a customer on the line"
    r"(where|when|that|with)\s+(a|the|any)\s+(customer|client|prospect|buyer)s?\s+(actually\s+|really\s+)?"
    r"(showed up|show up|attended|joined|was there|was present|was on the (line|call)|on the (line|call))|"
    # "which reps let the customer do most of the talking": the calls with a customer to let talk
    r"(let|lets|letting)\s+(the\s+)?(customers?|clients?|prospects?|buyers?)\s+(do|talk|speak|get)\b)",
    re.I,
)
_DISTINCT = re.compile(
    # ("count distinct accts w/ legal flags": the verb, then the distinct noun)
    r"\b(how many|number of|count of|# ?of|count(?=\s+(the\s+)?(distinct|unique|different)\b))\s+"
    r"(of\s+(?:our|my|the|your)\s+|the\s+)?(different\s+|distinct\s+|unique\s+|separate\s+)?"
    r"(?P<noun>accounts|accts|customers|companies|logos|reps|sellers|competitors|stages|topics)\b",
    re.I,
)
_DISTINCT_GROUPS = (
    ("account", "account"),
    ("acct", "account"),
    ("customer", "account"),
    ("compan", "account"),
    ("logo", "account"),
    ("rep", "rep"),
    ("seller", "rep"),
    ("people", "rep"),
    ("competitor", "competitor"),
    ("stage", "stage"),
    ("topic", "topic"),
)
# Ways of saying a rep had calls with someone (read as calls, not as talk time).
_SPOKE_WITH = re.compile(r"\b(talk(ed)?|spoke|spoken|speak(ing)?|met|meet(ing)?)\s+(to|with)\b", re.I)
# A time named after "pushed to": "next quarter", "Q1", "january", "the end of the year".
_TIME_AHEAD = r"(next|the next|this|(the )?end of|early|late|q[1-4]|h[12]|\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)\b"
# (not "listen in on a few closes": closing calls, a noun)
_CLOSING = re.compile(
    r"\b(close dates?|close|closing|(?<!few )(?<!some )(?<!the )(?<!our )closes|due to close|"
    # "deals pushed to next quarter": the close date they moved to
    rf"(?<=\bpushed )(out |back )?(to|into|until|till)(?= {_TIME_AHEAD}))\b",
    re.I,
)


# Open deals whose expected close date is already behind them.
_PAST_CLOSE = re.compile(
    r"\b(past|overdue|slipped past|beyond|missed|over)\s+(its|their|the|our)?\s*(expected\s+|planned\s+)?close\s+dates?\b|"
    r"\bclose dates? (that |which )?(has |have )?(already )?(passed|gone by|in the past)\b|\boverdue (deals|opps|opportunities)\b",
    re.I,
)
_SEVERITY = re.compile(
    r"\b(?P<a>high|critical|severe|serious|major|medium|low)[- ](severity|sev)\b|"
    r"\b(?P<b>critical|severe|serious|major)\s+(risks?|red flags?|issues?)\b",
    re.I,
)
# A question about deals that lists them: "open opps where ...", "which deals had a pricing objection".
_DEAL_SUBJECT = re.compile(
    # (at the start, or after a preamble: "Prepping for the forecast call: show me open opps where ...")
    r"(^|[:;–—]|\s-\s|[.?!]\s)\W*((show|list|find|give|get|pull)\s+(me\s+)?)?"
    # ("wondering which open deals had ...", "can you tell me which opps ...")
    r"((i['’]?m\s+)?(wondering|curious)(\s+about)?\s+|(can|could)\s+you\s+(tell|show)\s+me\s+|"
    r"i(['’]d|\s+would)\s+like\s+to\s+(know|see)\s+)?((any|which|what|all|the|my|our)\s+)?"
    # ("which of his open deals have had ...", "which of kofi's deals ...")
    r"((of\s+)?(his|her|their|[a-z]+['’]s)\s+)?"
    r"((open|active|live|current)\s+)?([a-z]+\s+)?(deals|opps|opportunities)\s+"
    r"((currently|still|now)\s+)?((in|at)\s+(the\s+)?\w+(\s+stage)?\s+)?"
    r"(where|with|that|whose|w/o|w/|having|which|had|have|has|haven['’]t|hasn['’]t|without|missing|lacking)(?!\w)",
    re.I,
)
_LATEST_CALL = re.compile(r"\b(last|latest|most recent|newest)\s+call\b", re.I)
# When someone was last spoken to: "when did we last talk to lumen bank", "when was our last call with orchard"
# (their calls, the newest first, answer it; "what came up the last time we spoke" is the latest call's).
_LAST_CONTACT = re.compile(
    r"\bwhen\s+(did|have|had)\s+(we|i|you|the\s+team|[a-z]+)\s+last\s+(talk|spok|speak|meet|met|call|chat|hear|heard|"
    r"see|saw)\w*(\s+(to|with|from))?\b|"
    r"\bwhen\s+(was|were)\s+(our|the|my|their|[a-z]+['’]s)\s+last\s+(call|meeting|conversation|convo|touch ?point|"
    r"demo)s?\b",
    re.I,
)

# A risk needs a worry word ("security concerns"); a bare subject ("our soc2 report") is a topic.
_SUBJECT_ONLY_RISKS = frozenset({"legal_security"})
_WORRY = re.compile(
    r"\b(concerns?|worr\w+|objections?|issues?|risks?|push ?back|push(ed|ing|es) back|blockers?|problems?|(red )?flags?)\b",
    re.I,
)

# Words that make a subject the topic of a call: "calls that covered pricing", "where security came up".
_DISCUSSED = re.compile(
    r"\b(discuss(ed|es|ing|ions?)?|came up|come up|comes up|covered|cover(s|ing)?|mention\w*|talk(ed|ing)? about|"
    r"touch(ed|es|ing)? (on|upon)|topics?|br(ing|ings|inging|ought) up|rais(e|es|ed|ing)|"
    # "calls where the customer asked for a discount"
    r"ask(ed|s|ing)? (for|about)(?=\s+[a-z])|"
    # "calls where a discount was offered", "did anyone offer a discount"
    r"offer(ed|s|ing)?|g[ai]ve(n)?( away)?)\b",
    re.I,
)
# Calls that held something: "calls with discounts", "which calls had a discount", "meetings where training came up".
_CALLS_HAVING = re.compile(
    r"\b(calls?|meetings?|conversations?|convos?)\s+(with|w/|having|that\s+(had|has|have|included|involved)|"
    r"where|in\s+which)\b|\b(calls?|meetings?|conversations?|convos?)\s+(had|have|has|got|included|featured)\b",
    re.I,
)

# How a rep answered an objection, and who answered: the sellers' side of a reply.
_REPLIED = re.compile(
    r"\b(respond\w*|repl(y|ied|ies)|answer(ed|s|ing)?|handl(e|ed|es|ing)|deal(t|s)? with|counter(ed|s)?|"
    r"address(ed|es)?|rebut\w*|overc[oa]me)\b",
    re.I,
)
_SELLERS = re.compile(r"\b(we|our|reps?|sellers?|aes?|salespeople|the team)\b", re.I)
# "what did reps say when customers pushed back on price": the sellers' own words, after the objection
_SELLERS_SAID = re.compile(
    r"\b(did|do|does|should)\s+(the\s+|our\s+)?(reps?|sellers?|aes?|we|salespeople|the team)\s+"
    r"(say|tell (them|the customer|the buyer)|come back with)\b",
    re.I,
)

# "how's Priya's team doing on sentiment", "how is sentiment trending for Kofi": a measure's value, not quotes.
_MEASURE_NOUN = r"(senti\w*|mood|tone|talk[- ]?(ratio|time|share)|air ?time)"
# "how has sentiment changed over the last 3 months": the measure month by month
_MEASURE_CHANGED = (
    rf"\bhow (has|have|did) (the |our |their |\w+['’]s )?(\w+ )?{_MEASURE_NOUN} "
    r"(changed|evolved|shifted|moved|developed|change|evolve|shift|move|develop)\b|"
    # "did evergreen's sentiment get worse", "has our talk ratio gotten better": its course, month by month
    rf"\b(has|have|did|is|are) (the |our |their |\w+['’]s )?(\w+ )?{_MEASURE_NOUN} "
    r"(get|got|gotten|getting|gone|going|become|became) (any )?(worse|better|lower|higher)\b"
)
_HOW_MEASURE = re.compile(
    rf"\bhow(?:'s|\s+is|\s+are|\s+was|\s+were|\s+has|\s+have)?\b[^?.]{{0,60}}?\b(doing|trending|tracking|looking|"
    rf"going|holding up)\s+(on|with|for|in terms of)\s+(\w+\s+){{0,2}}{_MEASURE_NOUN}\b"
    rf"|\bhow(?:'s|\s+is|\s+was|\s+has)\s+(going\s+|trending\s+|doing\s+)?(the\s+|our\s+|their\s+)?(\w+\s+)?{_MEASURE_NOUN}\b",
    re.I,
)

# Verbs a question opens with, which a capitalised first word can be ("Summarize Zenith's review call").
_IMPERATIVES = frozenset(
    (
        *("summarize", "summarise", "recap", "show", "list", "give", "pull", "get", "find", "brief", "rank"),
        *("compare", "break", "tell", "count", "sum", "total", "sort", "order"),
    )
)
# Last words of company names: "Acme Corp", "Globex Industries" are accounts, not people.
_COMPANY_WORDS = frozenset(
    (
        *("corp", "corporation", "inc", "ltd", "llc", "gmbh", "co", "company", "industries", "labs", "bank"),
        *("group", "systems", "technologies", "tech", "solutions", "logistics", "media", "energy", "retail"),
        *("insurance", "partners", "holdings", "software", "payments", "robotics", "foods", "health"),
        *("biotech", "pharma", "pharmaceuticals", "therapeutics", "capital", "financial", "ventures"),
        *("consulting", "analytics", "networks", "motors", "airlines", "manufacturing", "plc"),
        *(
            "dental",
            "medical",
            "clinic",
            "hospital",
            "telecom",
            "freight",
            "aviation",
            "bio",
            "labs",
            "studio",
        ),
        *("studios", "bakery", "hotels", "realty", "builders", "construction", "legal", "law", "dynamics"),
        *("mining", "metals", "chemicals", "foods", "farms", "shipping", "transport", "utilities", "power"),
    )
)
# "competitor that shows up on the most calls", "... more than any other one": one, named in the singular.
_THE_ONE = re.compile(
    r"^\W*(the\s+)?(rep|seller|account|customer|client|competitor|rival|topic|stage|deal|opp|opportunity)\s+"
    r"(that|which|who|with)\b.*\bthe (most|least|fewest|highest|lowest)\b|\bmore than any other\b|"
    # "rep w/ most unanswered objections", "worst avg sentiment rep, Nov?"
    r"^\W*(rep|seller|account|customer|competitor|deal)\s+(w/|with)\s+(the\s+)?(most|least|fewest|highest|lowest)\b|"
    r"\b(worst|best|highest|lowest)\s+(\w+\s+){0,2}(rep|seller|account|customer)\b(?!s|['’])",
    re.I,
)
# A superlative before one of a kind asks for the one: "busiest rep past 10 days", "biggest account".
_MOST_NAMED = r"most (?:talked[- ]about|discussed|common|frequent|frequently (?:named|mentioned)|cited|named)"
_SUPERLATIVE_ONE = re.compile(
    rf"\b(\w+est|worst|top|{_MOST_NAMED}|most \w+|least \w+)\s+((?:open|active|current)\s+)?(rep|seller|ae|csm|account|customer|client|deal|opp|opportunity|"
    r"competitor|topic|stage|week|month|call|meeting|conversation|convo|demo|objection|concern|worry|complaint|"
    r"risk(?:\s+type(?!s))?(?!\s+types))\b(?!['’]?s\b)",
    re.I,
)

# The words for a group of reps: "Priya's team", "my reps", "Samuel's CSMs".
_TEAM_NOUNS = "|".join(TEAM_WORDS)
# A measure of a group of people: "my reps' talk ratio", "the team's mood", "Samuel's CSMs' sentiment".
_GROUP_MEASURE = re.compile(
    rf"\b(?P<who>{_TEAM_NOUNS})(?:'s|')?\s+(?:avg\s+|average\s+)?{_MEASURE_NOUN}\b",
    re.I,
)

# The language a call was held in: "calls in Spanish", "German-speaking calls", "anything not in English".
_LANGUAGE_WORDS = {
    "english": "English",
    "german": "German",
    "deutsch": "German",
    "spanish": "Spanish",
    "español": "Spanish",
    "espanol": "Spanish",
    "french": "French",
    "français": "French",
    "francais": "French",
    "portuguese": "Portuguese",
    "italian": "Italian",
    "dutch": "Dutch",
    "japanese": "Japanese",
}
assert set(_LANGUAGE_WORDS.values()) <= set(LANGUAGES)
_LANG = "|".join(_LANGUAGE_WORDS)
_LANGUAGE = re.compile(
    rf"(?:\b(?:(?P<neg>non[- ]?|not\s+(?:(?:held|conducted|spoken)\s+)?(?:in\s+)?|(?:languages?\s+)?other\s+than\s+)"
    rf"|in\s+)|(?P<neg_verb>n['’]t\s+(?:(?:held|conducted|spoken)\s+)?in\s+))(?P<lang>{_LANG})\b"
    rf"|\b(?P<named>{_LANG})(?:[- ](?:speaking|speakers?|language)\b"
    rf"|(?=(?:\s*(?:,|/|or|and)\s*(?:{_LANG}))*[- ](?:speaking|speakers?|language|calls?|conversations?|meetings?)\b))",
    re.I,
)


# "held in another language", "in a foreign language": any language but English.
_OTHER_LANGUAGE = re.compile(
    r"\bin (?:an?other|a different|a foreign|foreign|other|a non[- ]?english) languages?\b|\bnot (?:held )?in english\b|"
    r"\b(?:don['’]?t|do not|doesn['’]?t|does not|can['’]?t) speak english\b",
    re.I,
)


_AGAINST_OTHERS = re.compile(
    r"\b(?:stack(?:s|ed)? up\s+)?(?:against|vs\.?|versus|compared? (?:to|with)|next to|relative to|beside)\s+(?:the\s+|all\s+the\s+)?"
    r"(?:other|rest of the|fellow|remaining)\b",
    re.I,
)
_HOW_IT_WENT = re.compile(
    r"\bhow (?:did|does) (?:it|the call|the meeting|that|things) (?:end|finish|wrap(?: up)?|close|go|turn out|land)\b|"
    r"\bwhat (?:was|is) it about\b",
    re.I,
)
_INCLUDED_TOO = re.compile(r"[\w-]*\s+(?:ones?|calls?|lines?|mentions?)?\s*(?:too|as well|also)\b", re.I)


def _languages(q: str) -> tuple[tuple[str, ...], bool]:
    """Languages the question restricts calls to, and whether it excludes them instead."""
    if _OTHER_LANGUAGE.search(q) and not _LANGUAGE.search(_OTHER_LANGUAGE.sub(" ", q)):
        return ("English",), True
    names: list[str] = []
    excluded = False
    for m in _LANGUAGE.finditer(q):
        if _INCLUDED_TOO.match(q, m.end()):
            continue  # ("and count the German-language one too": included as well, no filter)
        word = (m.group("lang") or m.group("named")).lower()
        names.append(_LANGUAGE_WORDS[word])
        excluded = excluded or bool(m.group("neg") or m.group("neg_verb"))
    return tuple(dict.fromkeys(names)), excluded


_NO_TRANSCRIPT = re.compile(
    r"\b(no|without|missing|lack(ing)?)(\s+(a|any|the|their))?\s+transcripts?\b", re.I
)
_AT_RISK = re.compile(
    r"\b(at[- ]risk|in trouble|in danger|in jeopardy|in strife)\b(?!\s+score)|\b(risky|troubled)\s+(deals|opps|opportunities)\b",
    re.I,
)
# "negative sentiment", "a positive tone": calls in a sentiment band, not the measure.
_SENTIMENT_BAND = re.compile(
    r"\b(negative|neg|positive|pos|neutral|bad|good|poor|great|low|lousy)[\s-]+(senti\w*|mood|tone|vibes?)\b|"
    # "calls that scored negative on sentiment", "rated positive for mood"
    r"\b(?:scored|scoring|rated|came out|landed)\s+(negative|positive|neutral)\s+(?:on|for|in)\s+(?:the\s+)?(senti\w*|mood|tone)\b",
    re.I,
)
_GROUP_ADJECTIVE = re.compile(
    r"\b(by|per|each|every|across)(?:(?: the| their| its)(?: (?:current|present|latest|calendar|fiscal))?|"
    r" (?:current|present|latest|calendar|fiscal)|"
    # "open pipeline by expected close month": a deal's period is its close date (see _CLOSE_WORDS)
    r"(?: the| their)? (?:expected |projected |planned |forecast(?:ed)? )?(?:close|closing)(?: date)?)"
    r" (?=(?:deal |opportunity |opp )?(?:stages?|weeks?|months?|quarters?)\b)",
    re.I,
)
# "(risk score 40+)", "a risk score of 40 or more": the at-risk bar itself, said as a number; no measure.
_RISK_BAR = re.compile(
    rf"\(?\b(?:(?:deal )?risk )?scor(?:e|es|ing)\s+(?:of\s+|at\s+)?(?:>=?\s*|≥\s*)?{MIN_DEAL_RISK_SCORE:g}"
    r"(?:\s*\+|\s+(?:or|and)\s+(?:more|above|higher|over|up))?\b\)?",
    re.I,
)
# "calls over 40 min", "longer than an hour", "shorter than 10 minutes".
# Numbers of minutes or hours spelt out.
_SPELT_MINUTES = {
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "five": 5.0,
    "ten": 10.0,
    "fifteen": 15.0,
    "twenty": 20.0,
    "thirty": 30.0,
    "forty": 40.0,
    "forty-five": 45.0,
    "forty five": 45.0,
    "fifty": 50.0,
    "sixty": 60.0,
    "ninety": 90.0,
}
_DURATION = re.compile(
    r"(?P<op>[<>]=?|\b(?:over|above|more th[ae]n|longer (?:than|as|then)|at least|exceeding|under|below|less th[ae]n|"
    r"shorter (?:than|as|then)|at most))\s*"
    # ("calls longer than an hour", "over half an hour", "under thirty minutes")
    rf"(?P<n>\d+(?:\.\d+)?|half an?|an?|{'|'.join(sorted(_SPELT_MINUTES, key=len, reverse=True))})\s*"
    r"(?P<unit>minutes?|mins?|hrs?|hours?)\b(\s+long\b)?",
    re.I,
)


def _duration_minutes(m: re.Match[str]) -> float:
    """The minutes a ``_DURATION`` match says ("an hour" -> 60, "half an hour" -> 30, "90 mins" -> 90)."""
    n = m.group("n").lower()
    number = float(n) if n[0].isdigit() else 0.5 if n.startswith("half") else _SPELT_MINUTES.get(n, 1.0)
    return number * (60 if m.group("unit").lower().startswith("h") else 1)


_MONOLOGUE = re.compile(
    r"\b(?:(?P<long>long(?:est)?|lengthy)\s+)?(?:monolog|monoloug)\w*(?:\s+(?:of\s+|lasting\s+|running\s+)?"
    r"(?P<op>over|above|more than|longer than|exceeding|>)\s*(?P<n>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>minutes?|mins?|seconds?|secs?|s)\b)?",
    re.I,
)
_FALLING = re.compile(
    r"\b(sentiment|mood|tone)(\s+trend|\s+of (them|it)|\s+on (the |their )?calls|\s+that['’]s|\s+that is|\s+which is)?"
    r"\s+(is\s+|has been\s+|has\s+|have\s+|keeps\s+|kept\s+)?(dropp(ing|ed)|heading down|headed down|decreas(ing|ed)|slid(ing)?|fall(ing|en)|fell|"
    r"declin(ing|ed)|slipp(ing|ed)|worsen(ing|ed)|sour(ing|ed)|dipp(ing|ed)|tank(ing|ed)|"
    r"trending down|go(ing|ne) down|going downhill|went downhill|went down|getting worse|got worse)\b|\b(dropping|sliding|falling|declining|worsening) sentiment\b|"
    r"\b(drop|dip|decline|slide|fall)s?\s+in\s+(the\s+)?(sentiment|mood|tone)\b|\bsentiment\s+(drop|dip|decline|slide)s?\b|"
    # "the customer getting colder call over call"
    r"\b(customers?|buyers?|clients?|they|prospects?)\s+(is\s+|are\s+)?(getting|growing|going|turning)\s+"
    r"(colder|cooler|frostier|less (happy|warm|positive|engaged))\b|"
    # "the customer's cooling off", "buyers going cold"
    r"\b(customers?|buyers?|clients?|they|prospects?)(['’]s|['’]re|\s+is|\s+are)?\s+(cooling( off)?|going cold|gone cold|"
    r"losing interest)\b|"
    # "deals trending the wrong way", "opps heading in the wrong direction"
    r"\b(deals?|opps?|opportunit\w+|accounts?)\s+(that are\s+|that['’]re\s+|which are\s+)?(trending|heading|headed|going|"
    r"moving)\s+(down(ward)?|the wrong way|in the wrong direction)\b",
    re.I,
)
# Asking how someone can improve: a coaching answer (talk ratio and training are a measure and a topic here).
_IMPROVE_REQUEST = re.compile(
    r"\b(coach(ing|able)?|improve(ment)?|skills?|get better|do better|work on)\b", re.I
)
# Money booked: "Q4 bookings so far", "closed won $ by close date", "won revenue this quarter".
# "what did we book in q4", "how much have we booked this quarter": the amount won (not "what did we book with
# them": a meeting)
_BOOKED = (
    r"(?:what|how much)\s+(?:did|have|has)\s+(?:we|i|the team)\s+book(?:ed)?"
    r"(?=\s+(?:in|this|last|so far|during|for|over|q[1-4])\b|\s*[?.!]?\s*$)"
)
_BOOKINGS = re.compile(
    r"\b(bookings|bookigns|booking (?:numbers?|totals?|figures?|amounts?|\$)|closed[- ]won\s+(\$|dollars|revenue|amounts?|value|arr)|won\s+(revenue|dollars|arr)|"
    rf"{_BOOKED})(?!\w)",
    re.I,
)
# A measure said to change, no request to coach: "did kofi's talk ratio improve between Q3 and Q4".
_MEASURE_IMPROVED = re.compile(
    r"\b(talk[- ]?(ratio|time|share)|sentiment|tone|mood)\b[^?.!]{0,20}?\b(improv(e|ed|ing)|get(ting)? better|got better)\b",
    re.I,
)
_CALLS = re.compile(
    # (not the verb: "I'm meeting the Cedarline people next week")
    r"\b(calls?|(?<!i'm )(?<!im )(?<!i’m )(?<!we're )(?<!we’re )(?<!are )(?<!am )(?<!be )meetings?|mtgs?|"
    r"conversations?|demos?|convos?|convs?)\b",
    re.I,
)
# Kinds of meeting a brief is asked of by name: "tl;dr of the Globex kickoff", "recap the QBR".
_MEETING = re.compile(
    r"\b(kick-?offs?|qbrs?|syncs?|check-?ins?|workshops?|walkthroughs?|presentations?|reviews?|onsites?|"
    r"discovery|negotiations?)\b",
    re.I,
)
# "who's struggling", "who is doing best": a ranking, of a few.
_HARD_TIME = r"having (a )?(rough|hard|tough|difficult) time|having (difficult\w*|a hard go)"
_STRUGGLING = re.compile(
    rf"\bwho('s| is| are)\s+(struggl\w+|doing (best|worst|well|badly|poorly)|{_HARD_TIME})|"
    rf"\bwhich (reps?|sellers?|salespeople|aes?) (is|are)\s+(struggl\w+|{_HARD_TIME})",
    re.I,
)
# A ranking asked for without "top N": "rank the reps", "leaderboard", "busiest weeks", "who's struggling".
_RANK_KIND = re.compile(
    r"\b(rank(ed|ing)?|leaderboard)\b|\bsort(ed)?\b(?=.{0,80}\bby\b)|\border(ed)? (them |these |those )?by\b|\b(busiest|quietest|slowest)\b|"
    # "what are the main topics this month", "what was the main theme last week": the topics ranked by their calls
    r"\b(what|which)\s+(are|were|is|was)\s+the\s+main\s+(call\s+)?(topics?|themes?|subjects?)\b|"
    + _STRUGGLING.pattern,
    re.I,
)
# A sentiment ranking read from the bottom ("doing worst" is read whole: it says no more than "worst").
_DOING_BADLY = re.compile(
    rf"\b(worst|weakest|gloomiest|grimmest|grumpiest|crankiest|angriest|sourest|struggl\w*|doing (worst|badly|poorly)|{_HARD_TIME})\b",
    re.I,
)
# What a ranking groups by, named as its subject: "top 3 accounts ...", "which deal stage ...".
# A small count as typed: "5", "three".
_N = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten"
_RANKED_NOUNS = (
    r"(?:deal|opportunity|opp|sales|pipeline) stages?|(?:deal |opp |account )?owners?|reps?|accounts?|clients?|customers?|competitors?|topics?|opportunit\w+|deals?|opps?|stages?|weeks?|"
    r"months?|quarters?"
)
# ... or leading the question: "accounts w/ the most competitor mentions", "reps with the lowest sentiment".
_SUPERLATIVE = (
    r"top|bottom|best|worst|highest|lowest|longest|lengthiest|shortest|biggest|largest|smallest|riskiest|busiest|"
    r"quietest|slowest|happiest|unhappiest|gloomiest|grimmest|grumpiest|crankiest|angriest|sourest|cheeriest|weakest|strongest|"
    r"fattest|richest|greatest|hottest|coldest|warmest|toughest|hardest|fastest|"
    # ("the 3 scariest", "5 shakiest", "two flakiest")
    r"[a-z]{2,}iest"
)
_LEADING_RANKED = re.compile(
    # ("show me the accounts with the most risk flags": a request opening the question)
    r"^\W*(?:(?:can you |could you |pls |please )?(?:show|give|get|list|pull|find)(?: me| us)?\s+)?"
    rf"(?:the\s+|our\s+|my\s+)?(?:(?:top\s+)?(?:{_N}|a couple(?: of)?)\s+)?(?:open\s+)?(?P<noun>{_RANKED_NOUNS})\s+"
    # ("accounts we talked to the most last quarter")
    rf"(?:with\b|w/|that\b|having\b|who\b|where\b|we\b)"
    rf"[^?.]{{0,40}}?\b(?:most|least|fewest|{_SUPERLATIVE})\b",
    re.I,
)
# How long calls last: "avg call length by rep", "how long were Kofi's calls", "minutes per call".
_CALL_LENGTH = re.compile(
    r"\b(call|meeting|conversation)s?['’]?\s+(lengths?|durations?)\b|"
    r"\b(lengths?|durations?) of (the |our |their |his |her |each )?(calls|meetings|conversations)\b|"
    r"\bhow long (are|were|do|did|is|was) (the |our |their |his |her |\w+['’]s )?(calls?|meetings?)\b|"
    r"\b(average|avg|mean|typical) (call|meeting) (time|minutes)\b|\bminutes per (call|meeting)\b|"
    r"\b(longest|shortest) (calls|meetings) on average\b",
    re.I,
)
# The rep's longest monologue as a measure: "top 3 reps by avg longest monologue", "who rambles the most",
# "monologue length by rep" (a bound on it, "a monologue over 4 minutes", is a filter: see _MONOLOGUE).
_MONOLOGUE_LENGTH = re.compile(
    r"\b(?:avg|average|mean|typical|median)\s+(?:longest\s+)?(?:monolog|monoloug)\w*|"
    r"\blongest\s+(?:monolog|monoloug)\w*(?!\s+(?:over|above|more than|longer than|exceeding|>)\s*\d)|"
    r"\b(?:monolog|monoloug)\w*\s+(?:length|duration|time)s?\b|\brambl(?:es|ing|ed|er|ers)?\b|"
    r"\blong[- ]winded(?:ness)?\b|\bmost long[- ]winded\b",
    re.I,
)
_AGGREGATE_KIND = re.compile(
    r"\b(average|avg|mean|typical|total|sum|combined|add(s|ed)? up|averages? out|overall|breakdown|broken down|"
    r"break(s|ing)? (it |this |that )?(down|out)|distribution|distributed|(split|spread)( out)? (across|among|between|over)|volumes?|"
    rf"trend\w*|{_OVER_TIME}|{_HOW_MUCH})\b|" + _CALL_LENGTH.pattern,
    re.I,
)
# A measure's change between two months or quarters: "did call volume go up or down from oct to nov", "how did
# sentiment shift between Q3 and Q4".
_PERIOD_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|q[1-4]"
_CHANGED_BETWEEN = re.compile(
    r"\b(?:chang\w*|go(?:ne)? (?:up|down)|went (?:up|down)|up or down|down or up|ris(?:e|en)|rose|fall(?:en)?|fell|"
    r"drop(?:ped)?|gr[eo]w\w*|shift\w*|mov(?:e|ed)|improv\w*|worsen\w*|declin\w*|increas\w*|decreas\w*|"
    r"compar\w*|differ\w*)\b[^?.!]{0,60}?\b(?:from|between)\s+"
    rf"(?P<a>{_PERIOD_NAME})\s+(?:to|and|through|thru|vs\.?|into)\s+(?P<b>{_PERIOD_NAME})(?!\w)",
    re.I,
)
# Two names compared ("claire vs rahul - whose talk ratio is higher"): one value for each.
_COMPARED = re.compile(
    r"\b(vs\.?|versus|compared (to|with)|against|whose|compare|comparing|comparison of|side[- ]by[- ]side|"
    r"head[- ]to[- ]head)\b",
    re.I,
)
_EACH_OF_THEM = re.compile(
    r"\b(each of (them|those|these|the two|the three|the four)|each one|apiece|respectively)\b", re.I
)
# Statistics other than the average and the total.
_OTHER_STATISTIC = re.compile(
    r"\b(median|p\d{2}|\d{2}(?:st|nd|rd|th) percentile|percentiles?|quartiles?|std(?:\.|ev)?|standard deviation|"
    r"variance|mode)\b",
    re.I,
)
_COMPARATIVE = re.compile(r"\b(higher|lower|better|worse)\b", re.I)
# The nouns of each grouping. A question names its groups after "by", "per" or "for each", or joined to one ("by
# rep and month"): a plan groups by one of them, and says so when more were asked for ("calls by rep by week").
# The same nouns are used words when the plan groups that way ("the busiest 3 weeks", "which stages ...").
_GROUP_WORDS = {
    "rep": r"reps?|sellers?|aes?|salespeople",
    "account": r"accounts?|customers?|clients?|compan(?:y|ies)|logos?",
    "opportunity": r"deals?|opps?|opportunit(?:y|ies)",
    "stage": r"stages?",
    "week": r"weeks?|wk",
    "month": r"months?",
    "quarter": r"quarters?|qtrs?",
    "topic": r"topics?",
    "competitor": r"competitors?|vendors?",
    "risk_type": r"(?:risk|objection) types?|types? of (?:risks?|objections?)|kinds? of risks?|categor(?:y|ies)",
}
_GROUP_NOUN = "|".join(f"(?P<{g}>{nouns})" for g, nouns in _GROUP_WORDS.items())
_NAMED_GROUP = re.compile(
    rf"\b(?:by|per|for each|for every|(?<=\w)\s*(?:,|and|&|/))\s+(?:the\s+|each\s+)?(?:{_GROUP_NOUN})\b", re.I
)
# Words that only say a figure is wanted: an aggregate the other rules built needs nothing more from them.
_AGGREGATE_ONLY = re.compile(r"\b(overall|split)\b", re.I)
# "total pipeline", "deal size": a figure over deals is their amount.
_AVERAGE_AMOUNT = re.compile(
    r"\b(avg|average|mean|typical|median)\)?\s+(\(?\w+\)?\s+){0,2}(deal|opp|opportunity|contract)?\s*"
    r"(size|amount|value|acv|arr|worth)\b",
    re.I,
)
_PIPELINE_SUM = re.compile(r"\b(how much|total|sum of|combined)\s+(\w+\s+)?(pipeline|pipe)\b", re.I)
_SUM_OF_AMOUNTS = re.compile(r"\b(total|sum|combined|add(ed)? up|value|worth|size)\b", re.I)
_BETWEEN_AMOUNTS = re.compile(
    r"\bbetween\s+\$?(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(k|m|thousand|million)?\s+and\s+\$?"
    r"(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(k|m|thousand|million)?(?:\s*\(?inclusive\)?)?",
    re.I,
)
# Competitors as a risk: "competitor mentions", "was a competitor mentioned", "competitors in play".
_RIVALS = r"(?:competitors|rivals|rival (?:vendors|products|tools)|competing (?:vendors|products|tools))"
_COMPETITOR_MENTIONS = re.compile(
    r"\bcompetitor mentions\b|"
    # "which 2 accounts bring up competitors the most": the competitor flags of each, ranked
    r"\b(bring|brings|bringing|brought|raise|raises|raising|mention|mentions|mentioning|name|names|naming|cite|cites)"
    rf"\s+(up\s+)?{_RIVALS}(?=[^?.]{{0,20}}\b(most|least|more|less|fewest)\b)|"
    # "the accounts where rivals come up most often", "where the competitors are mentioned the most times"
    rf"\b{_RIVALS}\s+(?:are\s+|were\s+|get\s+|got\s+)?(?:come up|came up|coming up|mentioned|named|brought up|raised)"
    r"(?=[^?.]{0,20}\b(most|least|more|less|fewest)\b)",
    re.I,
)
_COMPETITOR_MENTIONED = re.compile(
    # ("a rival vendor was named", "a competitor was ever brought up")
    r"\b(competitors?|rivals?|rival (vendors?|products?|tools?)|competing (vendors?|products?|tools?)) (was |were )?(ever )?"
    r"(mentioned|named|brought up|raised|came up|come up|show(s|ed)? up|pop(s|ped)? up|turn(s|ed)? up)\b|"
    r"\bmention(s|ed|ing)? (of )?(a |any |other )?competitors?\b|"
    # "calls w/ any of the six named competitors", "run into competitors"
    r"\b(with|w/|w)\s+(any|one)\s+of\s+(the|our)\s+(\w+\s+){0,2}competitors\b|\b(ran|run|runs|running) into (a |any )?competitors?\b|"
    # "had a customer bring up a competitor", "where they raised any competitor"
    r"\b(bring|brings|bringing|brought|raise|raises|raising|raised|name|names|naming|named|cite|cites|cited)\s+"
    r"(up\s+)?(a |any |another |other )competitors?\b|"
    # "calls with a competitor", "how many deals did we lose to a competitor"
    r"\b(calls?|meetings?|conversations?|convos?)\s+(with|w/|having|that had)\s+(a|any)\s+competitors?\b(?!\s+(risk|flag))|"
    r"\b(lose|loses|losing|lost)\s+(it\s+|them\s+|out\s+)?to\s+(an?|another|other|the)\s+(competitors?|rivals?|competition)\b",
    re.I,
)
_COMPETITOR_IN_PLAY = re.compile(
    r"\b(competitors?|rivals?)\b.{0,20}\b(in play|involved|in the mix|in the picture|in the running|at the table|circling|"
    r"(has |have )?(been )?mentioned|came up)\b|"
    # "open deals where we're up against a competitor"
    r"\b(up against|competing with|competing against|fighting) (a |another |some )?(competitor|rival)s?\b",
    re.I,
)
# The customers' own words asked for: a quotes question whatever else it speaks of.
_WORDS_ASKED = re.compile(
    r"\b((exact|own|actual|precise|real|customer|buyer|prospect|client)s?['’]? (words|quotes|statements|remarks|wording|phrasing)|"
    r"verbatims?|word for word|quotes (from|on|in) (the )?(calls|meetings|conversations)|quotes,? please|"
    r"(customer|buyer|prospect|client|external) (turns|lines|utterances)|"
    r"in their words|what (exactly )?(they|customers|"
    r"buyers|prospects) (actually )?(said|told us|say)|what did (the )?(they|customers|buyers|prospects|clients) "
    r"(actually )?say|"
    # "what the reps have answered them", "how did our reps respond": the sellers' own replies
    r"(what|how) (did |have |has |do )?(the |our )?(reps?|sellers?|aes?|we) (have |has )?"
    r"(answered|responded|replied|answer|respond|reply))\b",
    re.I,
)
# Sentences told before the question, in the first person: "We had a tense call with Evergreen this week.", who
# passed it on ("Forwarding from Owen: ..."), and why it is asked ("Before I grant Daniel the extra coaching
# budget he asked for, ...").
_TOLD = re.compile(
    r"^\s*(?:(?:we|i|i['’]m|i['’]ve|our|my)\b[^.?!]*[.!]\s+|"
    # a sentence about the asker that asks for nothing: "One of my contacts emailed that their sponsor moved on."
    r"(?!\s*(?:show|list|give|pull|tell|find|get|send|share|compare|break|please|pls|can|could|would|what|which|"
    r"who|how|why|when|where|is|are|do|does|did)\b)"
    # (nor one that asks: "For the review I want to show what ... on Q4 calls.")
    r"(?![^.?!]*\b(?:want|need|show|see|list|pull|give|find|looking for|wondering|curious|tell)\b)"
    r"[^.?!:]*\b(?:i|my|me|we|our|us)\b[^.?!]*[.!]\s+|"
    rf"{RELAYED}\b[^:\n]{{0,80}}:\s*[\"“]?|"
    r"[\"“]?(?:before|after|because|while|when|once|ahead of)\s+(?:i|we)\b[^,.?!]{0,120},\s*)+(?=\S)",
    re.I,
)
_WHILE_AWAY = re.compile(
    r"\b(while|when) (i|we) (was|were) (away|out|off|gone|on leave|on vacation)|\bduring my (leave|absence|time off|"
    r"pto|vacation|holiday)|\bin my absence\b|\bsince (i|we) (left|got back|came back)\b|\b(did|have) (i|we) miss",
    re.I,
)
_PASSED_ON = re.compile(rf"\b{RELAYED}\s*$", re.I)
# What asks, after a story: a question mark, or a request ("I'd love to see how ...", "pull the ...").
_ASKS = re.compile(
    r"\?|\b(?:see|show|pull|give|list|tell|send|get|share|find|break down|compare)\b|\b(?:how|what|which|who)\b",
    re.I,
)
# The words of a quotes question that only frame it ("give me the customers' own words").
_QUOTE_FRAME = frozenset(
    (
        "quotes",
        "quote",
        "words",
        "own",
        "exact",
        "verbatim",
        "lines",
        "examples",
        "give",
        "show",
        "pull",
        "tell",
        *("saying", "says", "talking", "telling", "mentioning", "hearing", "heard"),
    )
)


def _asks_more(rest: str) -> bool:
    """Does ``rest`` (a question without its topic's calls) name a subject of its own ("feature requests")?"""
    words = re.findall(r"[a-z][a-z'’-]+", rest.lower())
    return any(
        w not in STOP
        and w not in _FILLER
        and w not in _QUOTE_FRAME
        and (w not in _KNOWN_WORDS or any(p.fullmatch(w) for _, p in TOPIC_PATTERNS))
        and parse_window(w, date(2000, 1, 1)) is None
        for w in words
    )


# A deal's size: "biggest 5 open deals", "the smallest opps in negotiation", "the biggest deal at risk"
_DEAL_SIZE = re.compile(
    r"\b(biggest|largest|smallest|fattest|juiciest|big(gest)?[- ]ticket)\s+(\d+\s+)?((?:open|active)\s+)?((at[- ]risk|risky)\s+)?"
    r"(deals?|opps?|opportunit\w+)\b",
    re.I,
)
# One open deal by a property: "our largest open deal", "the biggest opp", "our riskiest deal".
_ONE_DEAL = re.compile(
    r"\b(?:our|the|my)\s+(?:(?:single|one)\s+)?(?:largest|biggest|riskiest|most at[- ]risk)\s+(?:open\s+)?"
    r"(?:deal|opportunity|opp)\b(?!s)(?:['’]s)?",
    re.I,
)
# What a question asks of that one deal's calls.
_OF_ONE_DEAL = re.compile(
    r"\b(calls?|meetings?|conversations?|quotes?|said|say|promis\w*|commit\w*|next steps?|happened)\b", re.I
)
# Risk words of no one type: "anything scary said", "red flags", "what risks came up".
_ANY_RISK = re.compile(
    r"\b(scary|scariest|alarming|worrying|worrisome|red flags?|warning signs?|risks?)\b", re.I
)
# The order of calls asked for.
# ("her most recent discovery call", "the last renewal meeting": one word of what the call was between)
_LAST_CALL = re.compile(
    r"\b(last|latest|most recent) ([\w-]+ )?(call|meeting|conversation|convo|demo)\b(?!s)|"
    r"\b(the )?last time( (we|i|you|they) (spoke|talked|met|chatted|called))?\b",
    re.I,
)
# ("a rundown of their most recent call first?": first of all, not the first call)
_OLDEST = re.compile(
    r"\b(oldest|earliest|(?<=['’]s )first|first(?!\s*(?:[?.!,;:]|$|of all\b|thing\b|things\b))|initial|intro|"
    r"introductory)\b",
    re.I,
)
# Calls that open deals, in the plural ("which first calls ended with no next step"; not "the first call with
# Brightline", nor the asker's own "before my first calls"): the Discovery stage.
_FIRST_CALLS = re.compile(
    r"(?<!\bmy )\b(?:first|intro|introductory) (?:calls|meetings|mtgs|conversations|convos)\b(?!\s+(?:with|w/)\b)",
    re.I,
)
_FIRST_OF_ALL = re.compile(
    r"(?<!est )\bfirst(?=\s*(?:[?.!,;:]|$))|\bfirst of all\b|\bfirst things first\b", re.I
)
_MOST_NEGATIVE = re.compile(
    r"\b(most negative|worst|lowest sentiment|unhappiest|gloomiest|grimmest|grumpiest|crankiest|angriest|sourest|"
    r"less happy|least happy|unhappier|less satisfied|least satisfied)\b",
    re.I,
)
_MOST_POSITIVE = re.compile(r"\b(most positive|best|happiest|highest sentiment)\b", re.I)
_LONGEST = re.compile(r"\b(longest|lengthiest|shortest)\b", re.I)
# One call asked for by its length: "the longest call", "which was the shortest meeting" (not "calls").
_ONE_LONGEST = re.compile(
    r"\b(longest|lengthiest|shortest)\s+(call|meeting|conversation|convo|demo)\b(?!s)|"
    r"\b(call|meeting|conversation|convo)\s+(was|ran)\s+(the\s+)?(longest|shortest)\b",
    re.I,
)

_NEGATIVE = re.compile(
    r"\b(negative(ly)?|((went|go|gone|going|goes) )?(bad(ly)?|poor(ly)?)|unhappy|angry|frustrat\w*|upset|tense|hostile|"
    r"dissatisfied|sour(ed)?|"
    # "which rep had the most calls go sideways" (a deal going sideways is a deal at risk)
    r"(?<=calls )(that )?(went|go|gone|going|goes) sideways|"
    r"rough|heated|went wrong|go(ne)? wrong|gloomy|annoyed|disappointed|went south|not go well|"
    r"neg(?=[\s-]+(calls?|meetings?|convos?|convs?|conversations?|sentiment|only)\b)|(?<=\bonly )neg(?!\w)|"
    # "who's having the toughest calls lately" (not "tough questions")
    r"(tough|rough|hard|difficult)(er|est)?(?=\s+(calls?|meetings?|convos?|conversations?)\b))\b",
    re.I,
)
# A tone that picks the calls rather than a measure: "the conversations with a negative tone", "bad-mood calls".
_SENTIMENT_AS_FILTER = re.compile(
    r"\b(calls?|conversations?|meetings?|convos?|convs?)\s+(with|that had|which had|had|of)\s+(a\s+)?"
    r"(negative|positive|neutral|bad|good)\s+(tone|mood|sentiment|vibe|feel)\b|"
    r"\b(negative|positive|neutral|neg|pos|bad|good)[- ](tone|toned|mood|sentiment|vibes?)\s+(calls?|conversations?|meetings?)\b|"
    # "how many calls came out with negative sentiment"
    r"\b(came out|come out|ended( up)?|finished|landed|scored)\s+(with\s+)?(a\s+)?(negative|positive|neutral)\s+"
    r"(tone|mood|sentiment)\b|"
    # "calls ... where the mood was negative"
    r"\b(where|when|in which|with)\s+(the\s+)?(tone|mood|sentiment|vibes?)\s+(was|were|is|turned|went)\s+"
    r"(negative|positive|neutral|bad|good|sour)\b|"
    # "calls where the prospect was in a bad mood"
    r"\b(where|when|in which)\s+(the\s+)?(prospects?|customers?|clients?|buyers?)\s+(was|were|is|are)\s+in\s+an?\s+"
    r"(bad|good|foul|sour|great)\s+mood\b",
    re.I,
)
_POSITIVE = re.compile(
    r"\b(positive(ly)?|(?<!less )(?<!least )(?<!more )(happy|upbeat|satisfied)|excited|enthusiastic|favou?rable|"
    r"went well)\b|"
    # "good" and "great" say how a call went ("good calls", "calls that went great"), not "good listening habits"
    r"\b(good|great)\b(?=\s+(\w+\s+)?(calls?|meetings?|conversations?|convos?|convs?|demos?|vibes?|mood|tone|sentiment|ones?)\b)|"
    r"\b(was|were|went|felt|feel|looked|look|are|is|been)\s+((really|very|pretty|so)\s+)?(good|great)\b|"
    # "pos calls", "calls last month, pos only"
    r"\bpos(?=[\s-]+(calls?|meetings?|convos?|convs?|conversations?|sentiment|only)\b)|(?<=\bonly )pos(?!\w)|"
    # "what do customers like about us", "what do prospects love about the product": what they praise
    r"\bwhat\s+(do|did|does)\s+(?!(you|u|i|we)\b)([\w'’.&-]+\s+){1,3}?(really\s+)?(like|love|enjoy|appreciate|value|praise)\b",
    re.I,
)
_NEUTRAL = re.compile(r"\b(neutral|meh|so-so|lukewarm)\b", re.I)

MEASURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("avg_minutes", _CALL_LENGTH),
    ("monologue", _MONOLOGUE_LENGTH),
    (
        "talk_ratio",
        re.compile(
            r"\b(talk(ing)?[- ]?(ratio|time|share)|air ?time|talk(s|ed)? (the )?(most|least|more|less)|talk(s|ed)? too much|"
            # "hogging the conversation", "how much of the talking", "share of the talking", "do most of the talking"
            r"hog(s|ged|ging)? (the )?(conversation|call|mic|airtime|floor)|dominat\w* (the )?(conversation|call)s?|"
            r"(how much|share|portion|percentage|part) of the talking|(share|portion|percentage|part) of (the )?talk time|"
            r"(all|most) (of )?the talking|(get|gets|got|getting) a word in|"
            # "let prospects do the most talking"
            r"let(s|ting)? (the )?(customers?|buyers?|prospects?|clients?) do (the )?(most|least|more|less) (of the )?talking|"
            # "how much were our people talking vs the customer", "how much does Daniel talk on calls"
            r"talk(ing|ed)? (vs\.?|versus|compared (to|with)) (the |our )?(customers?|buyers?|prospects?|clients?|them)|"
            r"how much (does|do|did) (\w+ ){1,3}talk\b|"
            # (not "which calls should I listen to": a recording to play)
            r"talkative|chatt(y|ier|iest)|(biggest|top|worst|heaviest|best|quietest|smallest|least) talkers?|"
            r"(?:listen|listn|lisen)\w*(?!\s+to\s+(to|it|them|these|those|(the\s+)?(calls?|recordings?))\b|\s+to\s*([?.!,;]|$)|"
            # ("the listening library for new AEs": recordings to play)
            r"\s+back\b|\s+(library|libraries|list|playlist|session|sessions|queue|tour)\b))\b",
            re.I,
        ),
    ),
    (
        "avg_sentiment",
        re.compile(
            r"\b(senti\w*(?:\s+scores?)?|sentimnet|mood|humou?r|humeur|tone|vibes?|morale|temperature|happiest|unhappiest|gloomiest|grimmest|grumpiest|crankiest|angriest|sourest|"
            r"warmer|colder|warmest|coldest|warmth|"
            # ("the reps where the clients were less happy": how happy, compared)
            r"(less|least|more) (happy|satisfied|upbeat)|happier|unhappier|"
            rf"cheeriest|how (positive|negative)|struggl\w*|{_HARD_TIME}|"
            # "how's each account feeling", "how are our customers feeling about us"
            r"how(['’]s| is| are| were| was) (\w+ ){1,3}feeling|how (do|did|does) (\w+ ){1,4}(feel|felt)|"
            # "which call went worst this month"
            r"(went|go|goes|gone) (the )?(worst|best))\b",
            re.I,
        ),
    ),
    (
        "deal_risk_score",
        re.compile(
            # ("the most at-risk money" is an amount: the money of the deals at risk)
            r"\b(risk ?scores?|riskiest|risk levels?|most at[- ]risk(?!\s+(pipeline\s+)?(money|dollars?|amounts?|revenue|value|arr|acv|bookings|pipeline)\b)|"
            r"how risky|deal risk|avg risk|average risk)\b|"
            # "top 5 open deals by risk": deals ranked by their score
            r"\b(deals?|opps?|opportunit\w+) (ranked |sorted )?by (their )?risk\b(?![- ]*(types?|flags?|categor\w*|kinds?))|"
            # "the five open opps with the highest risk", "highest-risk deals": deals ranked by their score
            r"\b(highest|greatest|biggest|most)[- ]risk\s+(\w+\s+){0,2}(deals?|opps?|opportunit\w+)\b|"
            r"\b(deals?|opps?|opportunit\w+)\s+(\w+\s+){0,3}(the\s+)?(highest|greatest|biggest|most)[- ]risk\b"
            # "the most risk flags" counts flags
            r"(?!\s*(types?|flags?|indicators?|factors?|signals?|kinds?|categor\w*|items?)\b)",
            re.I,
        ),
    ),
    (
        "amount",
        re.compile(
            rf"\b({_BOOKED}|amounts?|money|revenue|value|worth|dollars?|pipeline (size|value)|arr|acv|bookings|open (pipeline|pipe)(?! (deals|opps))|"
            r"how much(?!\s+(\w+\s+){0,3}(push ?back|objections?|of the talking|talk\w*|risks?|churn|sentiment|discount\w*)\b)"
            # ("worried about how much work the rollout puts on them": an effort, no money)
            r"(?!\s+(work|time|effort|bandwidth|lift|overhead|hassle|resourc\w*|headcount|disruption)\b)|"
            r"riding on|at stake)\b|\$(?!\s*\d)|" + _DEAL_SIZE.pattern,
            re.I,
        ),
    ),
    ("objections", re.compile(r"\b(objections?|push ?backs?|pushed back|grief|flak)\b", re.I)),
    (
        "risks",
        re.compile(
            r"\b(risks?|(?:red |risk |warning )?flags?|warnings?|(warning|danger|risk) (signs?|signals?|indicators?))\b|"
            # "the biggest concerns from prospects", "top worries": the risks raised most
            r"\b(top|biggest|main|key|primary|most common|common|usual)\s+((customer|prospect|buyer|client)s?['’]?\s+)?"
            r"(concerns?|worr(y|ies))\b",
            re.I,
        ),
    ),
)
# A meeting or report held every period ("the monthly health report", "our weekly pipeline sync"): no grouping.
_EVENT = (
    r"(\w+ ){0,2}(reports?|reviews?|meetings?|decks?|recaps?|syncs?|updates?|newsletters?|readouts?|stats|"
    r"stand-?ups?|1:1s?|one-on-ones?|business reviews?|check-?ins?)\b"
)
_DEPARTMENTS = frozenset(
    (
        *(
            "enablement",
            "marketing",
            "ops",
            "revops",
            "operations",
            "finance",
            "legal",
            "product",
            "engineering",
        ),
        *(
            "support",
            "success",
            "leadership",
            "exec",
            "execs",
            "executive",
            "security",
            "procurement",
            "training",
        ),
        *("partnerships", "solutions", "sdr", "bdr", "csm", "cs", "sales", "it", "hr", "people", "analytics"),
    )
)
_EVENT_NOUN = re.compile(
    r"syncs?|sessions?|meetings?|reviews?|decks?|standups?|offsites?|workshops?|readouts?|huddles?|trainings?",
    re.I,
)
# "by rep", "which competitor", "which three competitors", "by the account": a group named.
_BY = (
    r"\b(by|per|each|which|what|across|in every|in each)( the)?( (\d+|two|three|four|five|six|seven|eight|nine|ten))?"
    r"( of (my|our|the|his|her|their|your|[a-z]+['’]s))? "  # "which 3 of my accounts", "which of claire's accounts"
)
# "how many calls a month": so many in each period ("calls a month ago" is a time).
_COUNTED_A = (
    r"\b(calls|meetings|mtgs|conversations|deals|opps|objections|risks|flags)\s+an?\s+{}\b"
    r"(?!\s+(ago|back|earlier|later|before|after|from|or)\b)"
)
GROUP_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "risk_type",
        re.compile(
            rf"{_BY}((different|various|individual) )?((risk|objection) )?(types?|kinds?|categor\w+)( of (risks?|objections?))?\b|"
            r"\b(risk|objection) types?\b",
            re.I,
        ),
    ),
    (
        "competitor",
        re.compile(
            rf"{_BY}(competitors?|rivals?|rival vendors?)\b|\b(competitors?|rivals?) (come up|mentioned) most\b|"
            r"\b(competitors?|rivals?)\s+(breakdown|split)\b|"
            # "the three competitors we hear about the most"
            rf"\b(top|the)\s+({_N})\s+(competitors|rivals)\b(?=[^?.]*\b(most|least)\b)|"
            # "leading 3 rival vendors by number of conversations"
            rf"\b(top|leading)\s+({_N})\s+(competitors|rivals|rival vendors|competing vendors)\b|"
            r"\bmost[- ]mentioned (competitors?|rivals?)\b|"
            r"^\W*(the\s+)?(competitors?|rivals?)\s+(that|which|who)\b|"
            # "competitors this qtr - calls each?": a count for each of them
            rf"^\W*(the\s+)?(competitors|rivals)\b[^?.]{{0,40}}{_COUNT_EACH.pattern}",
            re.I,
        ),
    ),
    (
        "topic",
        re.compile(
            rf"{_BY}(topics?|subjects?|themes?)\b|\b(topics?|subjects?|themes?)\b.{{0,20}}\b(most|least|top)\b|"
            # ("calls where pricing was a main topic": one topic said of calls, no ranking of topics)
            rf"(?<!\ba )\b(top|main|biggest|most (common|frequent|discussed|popular))\s+(({_N})\s+)?((call|meeting) )?"
            r"(topics?|subjects?|themes?)\b",
            re.I,
        ),
    ),
    (
        "opportunity",
        re.compile(
            # ("one amount per deal": how to count, not a group)
            rf"(?<!\bone amount )(?<!\bone row )(?<!\bone value )"
            rf"{_BY}(deal|opportunit\w+|opp)s?\b(?! stages?\b| owners?\b| is\b| sits\b| currently\b)|"
            rf"\b(top |the )({_N}) (deals|opportunities|opps)\b(?=[^?.]*\b(most|least|highest|lowest)\b"
            r"(?!\s+(at[- ]risk|risky)))",
            re.I,
        ),
    ),
    (
        "account",
        re.compile(
            rf"{_BY}(account|customer|client|compan(y|ies)|logo)s?\b|"
            rf"\b(top |the )({_N}) (accounts|customers|clients|companies|logos)\b|"
            # "calls per Orchard account": each account of a name
            r"\b(by|per|each)\s+(?-i:[A-Z][a-z]+)\s+(account|customer|client)\b|"
            # "of claire's accounts, which one has had the most calls"
            r"\bof\s+(my|our|his|her|their|[a-z]+['’]s)\s+(accounts|customers|clients)\W+which\s+(one|ones|\d+)\b",
            re.I,
        ),
    ),
    (
        "stage",
        re.compile(
            rf"{_BY}((current|latest|present|deal|opportunity|opp|sales|pipeline) )?stages?\b|"
            # "split by where each renewal sits in the pipeline"
            r"\b(by|per) where (each|every|the|they|it)( \w+)? (sits?|stands?|is|are) in the (pipeline|pipe|funnel)\b",
            re.I,
        ),
    ),
    (
        "week",
        re.compile(
            r"\b(by|per|each|every)( the)? (week|wk)\b|"
            + _COUNTED_A.format("week")
            + r"|\bweekly\b(?! "
            + _EVENT
            + r")|\bweek (over|to|by) week\b|\bwow\b|\bw/w\b|\bw-o-w\b|"
            # "from one week to the next", "for each of the last 4 full weeks"
            r"\bfrom one week to the next\b|\b(each|every) of the ((last|past) )?\w+ (full |whole )?(weeks|wks)\b|"
            rf"\b(top|bottom|busiest|quietest|best|worst|rank( the)?)\s+(({_N})\s+)?weeks\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(by|per|each|every)( the)? month\b|{_COUNTED_A.format('month')}|\bmonthly\b(?! {_EVENT})|\bmonth (over|to|by) month\b|\bmom\b|"
            rf"\b{_OVER_TIME}\b|"
            r"\bm/m\b|\bm-o-m\b|"
            rf"\btrend|\bfrom one month to the next\b|{_MEASURE_CHANGED}|\b(each|every) of the ((last|past) )?\w+ (full |whole )?months\b|"
            rf"{MONTHS_COMPARED.pattern}",  # "oct vs nov"
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(by|per|each|every)( the)? quarter\b|{_COUNTED_A.format('quarter')}|\b(each|every) of the ((last|past) )?\w+ quarters\b|\bquarterly\b(?! {_EVENT})|{QUARTERS_COMPARED.pattern}|"  # "Q3 vs Q4"
            # "open pipe by expected close qtr", "the value according to the quarter each one is slated to close"
            r"\bby (the )?(expected |projected |planned )?close (date )?(qtrs?|quarters?)\b|\baccording to (the )?quarter\b|"
            r"\b(quarter|qtr) (over|to|by) (quarter|qtr)\b|\bqoq\b|\bq/q\b|\bq-o-q\b",
            re.I,
        ),
    ),
    (
        "rep",
        re.compile(
            rf"\b(by|per|each|every|which|what|across|for all|(each|every one|all) of (my|our|the|his|her|their))( ({_N}))?( sales)? (reps?|sellers?|aes?|csms?|sdrs?|bdrs?|"
            r"salespeople|salesperson|people|person|team members?|(deal )?owners?)\b|"
            r"\b(reps?|sellers?|salespeople)\b.{0,80}\b(each|every one|all) of (them|those)\b|\bwho\b|\brep (leaderboard|ranking)\b|\bleaderboard\b|\breps?\b.{0,30}\b(most|least|highest|lowest|best|worst|top)\b|\b(top|bottom|best|worst) (\d+ )?reps?\b|"
            rf"\b(rank(ed|ing)?|sort(ed)?|order(ed)?) (the |my |our |\w+'s )?({_TEAM_NOUNS})\b",
            re.I,
        ),
    ),
)
RISK_WORD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pricing_objection",
        re.compile(
            r"\b(pric\w* objections?|price objections?|pricing push ?back|too expensive|"
            # "the customer said our price was too high"
            r"(price|pricing|cost)s?( was| is| were| are| being)? (too high|too steep|too much|way too high)|pric\w* concerns?|objections? (on|about|over) pric\w+|pric\w+ (issues?|complaints?)|"
            # "raised concerns about pricing", "complaints over the price"
            r"(concerns?|worries|complaints?|complain\w*|issues?) (about|over|on|regarding|with) (the |our |their )?(price|pricing|cost)s?|"
            r"(push ?back|push(ed|ing|es) back|grief|flak)( the most| most| the hardest| hardest| harder)? on (the |our )?(price|pricing|cost)|"
            r"object(s|ed|ing)? (to|on|about) (what we charge|(the |our )?(price|pricing|cost|fees?|rates?)))\b",
            re.I,
        ),
    ),
    (
        "competitor",
        re.compile(
            r"\b(competitor (risk|threat|pressure)s?|competitive (risk|threat|pressure)|competitor objections?|compet\w+ push ?back|"
            # "did anybody say they're going with a competitor", "switching to another vendor"
            r"(go|going|goes|went|gone|switch\w*|mov\w*|chose|choos\w*|pick\w*|sign\w*) (with|to|for) (a |another |some )?"
            r"(competitor|rival|other vendor|different vendor|other tool|different tool|someone else|(?<=another )vendor)|"
            # "what did the buyers say about competitors", "competitor quotes": what customers said of rivals
            r"(say|said|saying|says|think|thinks|thought|feel|feels|told us|tell us|complain\w*|comments?)\s+"
            r"(about|on|regarding|re)\s+(the\s+|our\s+)?(competitors?|competition|rivals?|other vendors?)|"
            r"(competitor|competition|competitive)\s+(quotes|verbatims|comments|talk|chatter)|"
            # "which prospects are locked into a contract w/ another vendor": the incumbent's contract
            r"(contract|agreement)s? (with|w/) (a |another |some |the |their |an )?(competitor|rival|other vendor|"
            r"different vendor|incumbent|current vendor|existing vendor|(?<=another )vendor))\b",
            re.I,
        ),
    ),
    (
        "budget",
        re.compile(
            r"\b(budget (risk|issues?|concerns?|constraints?|freeze|objections?|problems?)|no budget|budgets?|"
            r"(spend\w*|funding) (freeze|frozen|cuts?|on hold)|(freeze|frozen|cuts?) (on|in|to) (spend\w*|funding))\b",
            re.I,
        ),
    ),
    (
        "timeline_slip",
        re.compile(
            # "slip away", "slipping through our fingers": the deal lost, not late
            r"\b(timeline (slip|risk|issues?|push ?back|objections?|concerns?)|slipp\w+(?! away| through)|delay\w*|"
            r"pushed out|push(ed|ing)? (back|out) the (date|timeline)|slip(?! away| through)|"
            # "deals pushed to next quarter", "which deals got pushed"
            r"(deals?|opps?|opportunities|ones?)( that| which)?( got| were| was| have been| has been)? push(ed|ing)?"
            rf"( out| back)?( (to|into|until|till) {_TIME_AHEAD}|(?= *[?.,]| *$))|(got|been) pushed\b(?! (on|for|by|to))|"
            r"push(ed|ing)? ?back on (the |our |their )?(timelines?|dates?|schedule)|"
            r"resist\w* (against )?(the |our |their )?(timelines?|dates?|schedule)|"
            r"push(ed|ing)? (their |the |our )?((start|go-live|close|launch) )?(dates?|timelines?) (out|back)|"
            # "deals that moved their close date", "close dates that shifted"
            r"(mov|shift)(ed|ing)? (their |the |its |our )?(close|closing|go-live|start|launch) dates?(?! (up|forward|in))|"
            r"(close|closing|go-live|start|launch) dates? (that )?(moved|shifted|changed)(?! (up|forward|in))"
            r")\b",
            re.I,
        ),
    ),
    (
        "churn_threat",
        re.compile(
            r"\b(churn(( |-)(threats?|risks?|signals?|talk)|\w*)|cancel\w*|threat\w* (not )?to (leave|walk|go|switch|quit|renew)|"
            r"might leave|leaving us|not (to )?renew\w*|"
            r"walk(ing)? away|(walk|walking|walked) out|"
            # "they might walk at renewal", "could walk when the contract is up"
            r"(might|may|could|would|will|gonna|going to|threaten\w* to) (just )?walk)\b",
            re.I,
        ),
    ),
    (
        "legal_security",
        re.compile(
            r"\b(legal|security|compliance|gdpr|soc ?2|dpa|infosec|msa|redlines?|liability cap|"
            r"(data )?retention terms|data retention|privacy)\b",
            re.I,
        ),
    ),
    (
        "no_next_steps",
        re.compile(
            r"\b(no (agreed |clear |concrete |defined |firm |real )?next steps?|"
            r"(without|w/o|lacking) (\w+ ){0,8}?(next steps?|follow[- ]?ups?|action items?)|"
            r"missing next steps?|no follow[- ]?up)\b|" + _NO_NEXT_STEPS.pattern,
            re.I,
        ),
    ),
    (
        "champion_loss",
        re.compile(
            # (not "champions who'd go to bat for us": supporters sought, none lost)
            r"\b(champion\w*(?:-\w+)?(?!\s+(?:who|that)\s*(?:['’]d|would|will|could|can|might)\b)|(sponsor|advocate|contact|supporter|ally) (has |had )?(left|leaving|gone|walked|departed|quit|"
            r"resigned|moved on)|"
            r"(lost|losing) (our|the|their) (\w+ )?(champion|sponsor|contact|advocate|supporter|ally|backer)|"
            # "our inside supporter", "the internal advocate", "our man on the inside"
            r"(inside|internal|in-house|executive) (supporter|advocate|sponsor|ally|backer|coach)s?|"
            r"(man|woman|person|guy) on the inside)\b",
            re.I,
        ),
    ),
)
RISK_WORD_BY_TYPE = dict(RISK_WORD_PATTERNS)
# A champion or sponsor who walked out or left: champion loss, whatever words of leaving it takes.
_CHAMPION_GONE = re.compile(
    r"\b(?:champions?|sponsors?|advocates?)(?:\s+(?:or|and|/)\s+\w+)?\s+(?:\w+\s+){0,2}?"
    r"(?:walk(?:ed|ing|s)?\s+out|walk(?:ed|ing|s)?\s+away|left|leaving|leave|quit|gone)\b",
    re.I,
)
TOPIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Pricing", re.compile(r"\b(pric\w+|cost|discount\w*)\b", re.I)),
    ("Budget", re.compile(r"\bbudget\w*\b", re.I)),
    ("Implementation", re.compile(r"\b(implementation|implementing|rollout|roll-out)\b", re.I)),
    ("Integrations", re.compile(r"\bintegrat\w+\b", re.I)),
    ("Onboarding & Training", re.compile(r"\b(onboarding|training)\b", re.I)),
    (
        "Security & Compliance",
        re.compile(
            r"\b(security|compliance|sso|saml|soc ?2|gdpr|dpa|privacy|infosec|pen[- ]?test\w*|data residency|"
            r"data (in|stays? in|hosted in) the eu|(recording )?consent|works council)\b",
            re.I,
        ),
    ),
    (
        "Legal & Procurement",
        re.compile(
            r"\b(legal|procurement|contract(ual)? terms?|msa|master (services|subscription) agreement|redlin\w*|"
            r"liability( caps?)?|indemni\w*|terms and conditions|t&cs?|purchase orders?|order forms?|paperwork)\b",
            re.I,
        ),
    ),
    ("Renewal", re.compile(r"\b(renewals?|renew(s|ed|ing)?)\b", re.I)),
    ("Timeline", re.compile(r"\btimelines?\b", re.I)),
    ("Competition", re.compile(r"\bcompetition\b", re.I)),
    ("Reporting & Analytics", re.compile(r"\b(reporting|analytics|dashboards?)\b", re.I)),
    (
        "Product Feedback",
        re.compile(r"\b(product feedback|feature requests?|feature asks?|features? requested)\b", re.I),
    ),
    ("Support", re.compile(r"\bsupport\b", re.I)),
    ("Product Demo", re.compile(r"\bproduct demos?\b", re.I)),
)
# The topics whose names are two subjects, as typed in full ("Legal & Procurement", "legal and procurement",
# "legal/procurement"): such a name is the topic.
TOPIC_NAMES: dict[str, re.Pattern[str]] = {
    t: re.compile(r"\b" + r"\s*(?:&|and|/)?\s*".join(map(re.escape, t.lower().split(" & "))) + r"\b", re.I)
    for t, _ in TOPIC_PATTERNS
    if " & " in t
}

# A taxonomy topic named as the calls it labels: "the Product Feedback conversations", "pricing calls",
# "integration-heavy calls".
_TOPIC_CALLS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        t,
        re.compile(
            rf"(?:{p.pattern})(?:[- ](?:heavy|focused|related|centric))?\s+(?:calls|conversations|meetings|convos|convs|sessions)\b",
            re.I,
        ),
    )
    for t, p in TOPIC_PATTERNS
)


_NUMBER_WORDS = {
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
    "twelve": 12,
    "couple": 2,
}
# Groups past a bound on a count: "reps that had more than 5 calls", "accounts w/ at least 3 objections".
_GROUP_THRESHOLD = re.compile(
    # ("rank the reps by avg sentiment, only ones with 5+ calls": "ones" are the groups ranked)
    r"\b(?P<noun>reps?|sellers?|aes?|people|accounts?|customers?|compan(?:y|ies)|logos?|competitors?|stages?|topics?|"
    r"ones)\s+"
    r"(?:(?:that|who)\s+)?(?:(?:ended|wound)\s+up\s+)?(?:with|w/|having|had|have|has|ran|did|got|logged|held)\s+"
    r"(?:(?P<op>more than|over|above|at least|at most|fewer than|less than|under|below|>=|<=|>|<)\s*)?"
    # ("only count people with 3+ such calls": at least three)
    rf"(?P<n>\d{{1,4}}|{_N})(?P<plus>\s*\+)?\s+(?:such\s+)?"
    r"(?P<what>(?:negative\s+|positive\s+|neutral\s+)?(?:calls|meetings|objections|risks)|"
    # "which accounts have more than one open deal"
    r"(?:open\s+)?(?:deals?|opps?|opportunities))\b",
    re.I,
)
# "reps who average over 60% talk time", "sellers below 40%": reps past a talk-ratio bound.
_RATIO_THRESHOLD = re.compile(
    r"\b(?:reps|sellers|aes|people|who)\b[^?.]{0,40}?"
    r"(?P<op>over|above|more than|greater than|higher than|under|below|less than|lower than|>|<)\s*"
    r"(?P<n>\d{1,2}(?:\.\d+)?)\s*(?:%|percent|per cent)",
    re.I,
)
# A bar on the rep's share of a call's talk ("calls where the rep talked more than 70% of the time", "talk ratio
# under 0.3", "over 65% of the talking"): calls past it. A percentage, or a share written as a fraction.
_TALK_BAR = re.compile(
    r"\b(?:talk(?:s|ed|ing)?(?:[- ]?(?:ratio|time|share))?|spoke|speaking|air ?time)\b[^?.,;:]{0,24}?"
    r"\b(?P<op>more than|over|above|greater than|higher than|at least|less than|under|below|lower than|at most)\s*"
    r"(?P<n>\d{1,3}(?:\.\d+)?|half|a third|two thirds|a quarter|three quarters)\s*"
    r"(?:(?P<pct>%|percent\b|per cent\b|pct\b)?"
    r"(?:\s+(?:of\s+)?(?:the\s+)?(?:time|calls?|talking|talk|conversations?|meetings?)\b)?)?"
    r"|\b(?P<op2>more than|over|above|less than|under|below)\s*(?P<n2>\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per cent)\s+"
    r"(?:of\s+(?:the\s+)?)?(?:talk(?:ing)?(?:[- ]?(?:ratio|time|share))?|air ?time)\b",
    re.I,
)


def _talk_bar(q: str) -> tuple[re.Match[str], float, bool] | None:
    """The first bar on the rep's talk share in ``q``: (its words, the share 0..1, True for "above")."""
    for m in _TALK_BAR.finditer(q):
        if (fraction := _FRACTIONS.get((m["n"] or "").lower())) is not None:
            return m, fraction, (m["op"] or "").lower() not in _BELOW_WORDS  # "less than half the time"
        n = float(m["n"] or m["n2"])
        if m["n"] and not m["pct"] and n > 1:
            # "talk ratio above 70" is a percentage; "talked over 5 minutes" is no share
            unit = re.match(r"\s*(min|sec|hour|hr|call|day|week|k\b|m\b)", q[m.end() :], re.I)
            if unit or not re.search(r"ratio|share", m[0], re.I):
                continue
        share = n / 100 if m["pct"] or m["n2"] or n > 1 else n
        if 0 < share < 1:
            return m, share, (m["op"] or m["op2"]).lower() not in _BELOW_WORDS
    return None


def _absent_risks(q: str, used: Readings) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """The risk types ``q`` says the calls must not have (see _NEGATED_BEFORE), noted as read, and where."""
    said = [
        *((rt, p, m) for rt, p in RISK_WORD_PATTERNS if rt in _NEGATABLE_RISKS for m in p.finditer(q)),
        *(("any", _ANY_RISK_WORDS, m) for m in _ANY_RISK_WORDS.finditer(q)),
        *(("objections", _ANY_OBJECTION_WORDS, m) for m in _ANY_OBJECTION_WORDS.finditer(q)),
        *(("competitor", _COMPETITION_WORDS, m) for m in _COMPETITION_WORDS.finditer(q)),
    ]
    absent: list[str] = []
    spans: list[tuple[int, int]] = []
    typed = [m for what, _, m in said if what in _NEGATABLE_RISKS and what != "competitor"]
    for what, pattern, m in said:
        if what in ("any", "objections") and any(t.start() <= m.start() < t.end() for t in typed):
            continue  # ("pricing objections never came up": the type named, not every objection)
        negation = _NEGATED_BEFORE.search(q, max(0, m.start() - 60), m.start()) or _NEGATED_AFTER.match(
            q, m.end()
        )
        if negation is None:
            continue
        kept = _absent_kept
        used.note(pattern, m, kept)
        used.note(_NEGATED_BEFORE if negation.end() <= m.start() else _NEGATED_AFTER, negation, kept)
        used.note(_NEGATION_WORD, _NEGATION_WORD.search(q, negation.start(), negation.end()), kept)
        used.note(_COMES_UP, _COMES_UP.match(q, m.end()), kept)  # ("never had a competitor come up")
        used.note(_CONCERNS, _CONCERNS.match(q, m.end()), kept)  # ("didn't raise any legal concerns")
        absent += {"any": RISK_TYPES, "objections": OBJECTION_TYPES}.get(what, (what,))
        spans.append((min(m.start(), negation.start()), max(m.end(), negation.end())))
    return tuple(dict.fromkeys(absent)), spans


def _topic_matches(topic: str, q: str) -> list[re.Match[str]]:
    patterns = [p for t, p in TOPIC_PATTERNS if t == topic] + (
        [TOPIC_NAMES[topic]] if topic in TOPIC_NAMES else []
    )
    return [m for p in patterns for m in p.finditer(q)]


def _only_inside(matches: list[re.Match[str]], spans: list[tuple[int, int]]) -> bool:
    """Every one of ``matches`` (at least one) starts inside one of ``spans``."""
    return bool(matches) and all(any(a <= m.start() < b for a, b in spans) for m in matches)


# How often we spoke with a group, as a bound: "only ones we've talked to at least twice", "met more than 3 times".
_TALKED_TIMES = re.compile(
    r"\b(?:only\s+(?:the\s+)?(?:ones|those|accounts|customers|reps)\s+(?:(?:that|who)\s+)?(?:we['’]ve\s+|we\s+have\s+|we\s+|"
    r"i['’]ve\s+|i\s+)?)?(?:talked|spoken|spoke|met|called|been on (?:a )?calls?)\s+(?:to|with)?\s*(?:them\s+)?"
    rf"(?P<op>at least|more than|over)\s+(?P<n>twice|thrice|{_N})(?:\s+times)?\b",
    re.I,
)


def _absent_kept(plan: AskPlan) -> bool:
    return bool(plan.filters.no_risk_type)


def _bound_op(m: re.Match[str]) -> str:
    """The comparison of a _GROUP_THRESHOLD match ("3+ calls" is at least three)."""
    return " ".join((m.group("op") or "at least").lower().split())


def _talk_bar_kept(plan: AskPlan) -> bool:
    return plan.filters.min_talk_ratio is not None or plan.filters.max_talk_ratio is not None


_BELOW_WORDS = ("less than", "under", "below", "lower than", "at most")
_FRACTIONS = {"half": 0.5, "a third": 1 / 3, "two thirds": 2 / 3, "a quarter": 0.25, "three quarters": 0.75}


# A word that says what follows does not hold: "not", "never", "weren't".
_NOT = r"(?:not|never|\w+n['’]t)"
# Words that leave a period out: "except last week", "outside november", "not from last week".
_PERIOD_OUT = r"\b(?:except(?: for)?|excluding|outside(?: of)?|other than|apart from|besides|but not|not (?:from|in|during))\s+"
# A subject said not to hold: "calls not about pricing", "where pricing never came up".
_NOT_ABOUT = re.compile(
    rf"\b{_NOT}\s+(?:about|on|mention(?:ed|ing)?|discuss(?:ed|ing)?|cover(?:ed|ing)?|talk(?:ed)? about|"
    r"(?:bring|brought) up|rais(?:e|ed|ing))\s+(?:the\s+|any\s+|our\s+)?[\w&'-]+(?:\s+[\w&'-]+)?|"
    r"\b[\w&'-]+\s+never\s+(?:came|come|comes)\s+up\b",
    re.I,
)
_NOT_NEGATIVE = re.compile(
    rf"\b{_NOT}\s+(?:(?:very|too|so|that|really|all that)\s+)?"
    r"(?:negative|unhappy|upset|angry|bad|tense|hostile)\b",
    re.I,
)
# "deals that aren't at risk": the deals below the bar, which no filter picks
_NOT_AT_RISK = re.compile(rf"\b{_NOT}\s+(?:yet\s+|currently\s+)?(?:at[- ]risk|risky)\b", re.I)
# A good word said not to hold: "not happy", "wasn't very positive", "hardly thrilled".
_NOT_POSITIVE = re.compile(
    r"\b(?:not|never|hardly|barely|\w+n['’]t)\s+(?:(?:very|too|so|that|really|exactly|particularly|overly|all that)\s+)?"
    r"(?:happy|positive|good|great|satisfied|thrilled|pleased|excited|enthusiastic|upbeat)\b(?!\s+(?:at|job)\b)",
    re.I,
)


def _not_positive(q: str, start: int, used: Readings) -> bool:
    """A good word said not to hold from ``start`` on ("not happy"), noted with its negation as read."""
    m = _NOT_POSITIVE.search(q, start)
    if m is None:
        return False
    used.note(_NOT_POSITIVE, m, _negative_kept)
    used.note(_NEGATION_WORD, _NEGATION_WORD.match(q, m.start()), _negative_kept)
    return True


def _negative_kept(plan: AskPlan) -> bool:
    return plan.filters.sentiment == "negative" or plan.kind == "deals_at_risk"


_QUIET = re.compile(
    r"\b(gone|went|going) (quiet|dark|silent|cold)\b|"
    # "stale deals in negotiation", "dormant accounts"
    r"\b(stale|dormant|inactive)\s+((open|active)\s+)?(deals?|opps?|opportunities|accounts?|customers?)\b|"
    r"\b(?:dark|silent|quiet) for (over |more than )?\d+\+? days\b|"
    r"\b((no|zero|without( an?| any)?) (calls?|contact|activity|meetings?|conversations?)|(nobody|no one|we|have we not|haven['’]?t we)\s+(has\s+|have\s+|haven'?t\s+|hasn'?t\s+)?"
    # ("accounts we haven't talked to in 30 days": the account the question is about)
    r"(had|held|made|booked|(spoken|talked|met) (to|with)( (them|the (customer|client|buyer|account)s?))?)(\s+(an?|a single|any|one)\s+(call|meeting))?"
    r"(\s+with\s+(them|it|the \w+))?|"
    # "still open but haven't had a single call in 30 or more days"
    r"(have|has)(n['’]?t| not)\s+had\s+(a single|any|one|a)\s+(call|meeting))(\s+at\s+all)?(\s+with\s+(them|it|the\s+\w+))?"
    r"\s+(in|for|over|during)\s+(over\s+|more than\s+|the\s+(?:last|past)\s+)?"
    rf"(?P<n>{_N}|a|an)?(\s+or\s+more)?\s*(?P<unit>days?|weeks?|months?)\b|"
    # "which deals have had no call since nov 1", "accounts that haven't had a single call since Nov 1st"
    r"\b(?:(?:no|zero|without(?: an?| any)?)\s+(?:calls?|contact|activity|meetings?|conversations?)|"
    r"(?:have|has)(?:n['’]?t| not)\s+had\s+(?:a single|any|one|a)\s+(?:call|meeting)s?)(?:\s+at\s+all)?\s+(?P<since>since)\b|"
    # "deals with no activity this month": quiet since the period began
    r"\b(?:no|zero|without(?: an?| any)?)\s+(?:calls?|contact|activity|meetings?|conversations?)\s+"
    r"(?P<this>(?:so far )?this)\s+(?:week|month|quarter|year)\b",
    re.I,
)
_TOP_N = re.compile(
    rf"\b({_SUPERLATIVE}|which|what|leading)\s+({_N})\b(?!\s*(k|m|%|mins?|minutes|days)\b)|"
    rf"(?<![\w$.,])({_N})\s+(?:(?:open|closed|of the|of our|of my)\s+)?"
    r"(?:(?:reps|sellers|accounts|customers|deals|opps|opportunities|calls|conversations|meetings|weeks|months|"
    r"competitors|topics)\s+"
    r"(?:with|w/|by|having|carrying|showing)\s+(?:the\s+)?)?"
    rf"({_SUPERLATIVE}|most \w+)\b"
    # "who are the three reps hogging the call", "what were the 5 accounts with ..."
    rf"|\b(?:who|which|what) (?:are|were) the (?P<n_named>{_N}) (?=(?:reps|sellers|accounts|customers|deals|opps|"
    r"opportunities|competitors|topics)\b)"
    # "give me the 3 who dominate conversations the most"
    rf"|\bthe (?P<n_who>{_N}) who\b"
    # "the five risk types that come up the most", "the 3 accounts carrying the most open pipeline"
    rf"|\b(?:the (?P<n_the>{_N})|a (?P<n_couple>couple)(?: of)?) (?=(?:[a-z]+ )?(?:reps|sellers|accounts|customers|clients|deals|opps|opportunities|"
    r"competitors|topics|types|kinds|stages|calls|conversations|meetings)\b[^?.]*\b"
    rf"(?:most|least|fewest|{_SUPERLATIVE})\b)"
    # "the 4 clients with more risks": a comparative where English says "the most"
    rf"|^\W*the (?P<n_more>{_N}) (?=(?:reps|accounts|customers|clients|deals|opps) (?:with|that have|having) "
    r"(?:more|less|fewer)\b)",
    re.I,
)
# "how does Daniel's talk ratio compare to the team average", "Kofi vs the rest of the team": one rep's measure
# beside the same measure over every rep ("rest": every rep but the named).
_TEAM_BENCHMARK = re.compile(
    r"\b(?:compar\w*|vs\.?|versus|against|(?:(?:higher|lower|more|less|better|worse|above|below|bigger|smaller)"
    r"\s+(?:\w+\s+){0,2})?than|relative to|next to|stacks? up|measures? up|benchmark\w*)\b"
    r"[^?.!;]{0,40}?\b(?:"
    r"(?P<rest>(?:the )?rest of (?:the |my |our |his |her )?(?:team|reps|org|floor)|every(?:one|body) else|"
    r"(?:the |all )?other reps|(?:all )?(?:the )?others|(?:his |her |their )?peers)"
    r"|(?:the |our |my |his |her |their )?(?:team|org|company|floor)(?:['’]s|s['’])?"
    r"(?:\s+(?:avg|average|mean|norm|baseline|overall))?"
    r"|(?:the |an? )?(?:avg|average|typical) rep|every(?:one|body)|all (?:the )?reps)\b",
    re.I,
)
_AMOUNT = re.compile(
    # a word starts a word ("over", not "hangover"); a sign may follow one ("amt>100k")
    r"(?:(?<![\w$])(?=[a-z])|(?=[<>]))(?:(?P<low>over|above|more than|greater than|bigger than|larger than|more (?:big|large|high) than|"
    r"higher than|north of|upwards of|at least|>=?)|"
    r"(?P<high>under|below|less than|smaller than|lower than|south of|at most|<=?))\s*\$?\s*"
    # "100 000", "1,250,000": digits grouped by thousands
    r"(?P<value>\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>k|m|mm|thousand|million)?\b",
    re.I,
)
# "250k+ deals", "$1m+ opps": at least that amount.
_AMOUNT_PLUS = re.compile(r"(?<![\w.])\$?(\d+(?:[.,]\d+)?)\s*(k|m|mm|thousand|million)?\s*\+", re.I)
# "deals of $100k or more", "200k and up": at least that amount (inclusive).
_AMOUNT_OR_MORE = re.compile(
    r"(?<![\w.])\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m|mm|thousand|million)?\s+"
    r"(?:or\s+(?:more|above|higher|greater|bigger|over)|and\s+(?:up|above|over|higher))\b",
    re.I,
)


_LEAVING_OUT = (
    r"\b(?:other than|except(?: for)?|excluding|exclude|besides|apart from|but not|not including|"
    r"leav(?:e|ing) out|without|minus|ignoring|ignore|not counting|don['’]?t count|do not count|aside from|excl\.?|"
    r"w/o|forget(?:ting)?|(?:every(?:one|body)|any(?:one|body)|all(?: of them| reps)?) but|"
    rf"{_NOT} (?:with|in|about|mention(?:ed|ing)?|discuss(?:ed|ing)?|rais(?:e|ed|ing))|"
    r"nothing (?:from|with|by|on))\s+"
    r"(?:the\s+|any\s+|all\s+|of\s+)?"
)


# Talking too much: a high talk ratio is the bad end.
_TALKS_TOO_MUCH = re.compile(
    r"\btalk(s|ed|ing)? (too much|the most|over (the )?(customer|buyer|prospect)s?)|\bhog\w*|\bdominat\w*|"
    r"\b(?:monolog|monoloug)\w*|\bdon['’]?t let (the )?(customer|buyer|prospect)s? talk|\bwon['’]?t stop talking|"
    r"\b(isn|aren|wasn|weren)['’]?t lett?in\w* (the )?(customer|buyer|prospect)|\b(get|gets|got|getting) a word in",
    re.I,
)
_PERIOD_OVER_PERIOD = re.compile(
    r"\b(week|month|quarter) (over|to|by) (week|month|quarter)\b|\b(w/w|m/m|q/q|w-o-w|m-o-m|wow|mom|qoq)\b",
    re.I,
)
_WORST_DEALS = re.compile(
    r"\b(worst|shakiest|weakest|scariest|riskiest|most troubled|most endangered)\s+(\w+\s+){0,2}?"
    r"((open|at[- ]risk|risky)\s+)*(deals?|opps?|opportunit(y|ies)|ones)\b",
    re.I,
)
# The words that leave a name or a role out, as the plan's not_rep / not_account read them: the ones a name is
# left out with, and "drop" / "skip" before a group ("drop the SDRs").
_EXCLUDING = re.compile(
    rf"{_LEAVING_OUT}|\b(?:drop(?:ping)?|skip(?:ping)?|no)\s+"
    r"(?:the\s+|any\s+|all\s+)?",
    re.I,
)
# Where someone belongs: "joined Owen's team", "new in the team of Samuel".
_JOINED = r"\b(?:joined|join(?:s|ing)|new (?:in|on|to)|part of|moved (?:in)?to|belongs? to|transferred to)"


# Said after the name: "SDRs excluded", "Cedarline Bank left out".
_LEFT_OUT_AFTER = r"\s+(?:(?:are|is)\s+)?(?:excluded|removed|left out|taken out|filtered out|aside)\b"
# "Leave Driftwood out", "keep the CSMs out of it": the name between the verb and "out"
_LEAVE_OUT_AROUND = r"\b(?:leav(?:e|ing)|keep(?:ing)?|tak(?:e|ing)|cut(?:ting)?)\s+(?:the\s+)?{}(?:['’]s)?(?:\s+\w+){{0,2}}?\s+out\b"


def _role_left_out(question: str, typed: str) -> str | None:
    """The words that leave out the role group the question names as ``typed`` ("drop the SDRs", "without
    CSMs", "SDRs excluded"), or None."""
    m = re.search(
        rf"(?:{_EXCLUDING.pattern}){re.escape(typed)}\b|\b{re.escape(typed)}{_LEFT_OUT_AFTER}", question, re.I
    )
    return m.group(0) if m else None


def _left_out(question: str, span: str) -> str | None:
    """The words that leave a name's ``span`` out ("other than the driftwood", "evergreen excluded"), or None.

    (A name matched with the word after it, "evergreen labs left" for Evergreen Labs Ltd, is left out by it.)"""
    words = [re.escape(w) for w in span.split()]
    phrase = r"[\s-]+".join(words)
    head = r"[\s-]+".join(words[:-1] or words)
    m = re.search(
        rf"{_LEAVING_OUT}(?:[\w'-]+\s+){{0,2}}?{phrase}\b|\bnon[- ]?{phrase}\b|"
        rf"(?<!\w){head}(?:\s+[\w&'-]+){{0,2}}?{_LEFT_OUT_AFTER}|" + _LEAVE_OUT_AROUND.format(head),
        question,
        re.I,
    )
    return m.group(0) if m else None


# Phrases that usually introduce a name: "with Acme", "for Orchard", "at Polaris".
_CALL_NOUNS = r"(?:calls|meetings|mtgs|conversations|convos|convs)"
_CALL_VERB_WORDS = "ran|run|held|led|hosted|logged|booked|took|handled|recorded|conducted"
_CALL_VERBS = rf"(?:{_CALL_VERB_WORDS})\b"
# "anything new with Evergreen lately?": a name and nothing else asked of it.
# Catching up after time away: "what did I miss on Lumen Bank", "catch me up on orchard since the 16th".
_CATCH_UP = re.compile(
    r"\b(what (did|have) (i|we) miss(ed)?|catch (me|us) up|(bring|get) (me|us) up to speed|what['’]?s happened|"
    # "what happened with polaris this week", "what's the latest with evergreen": their calls, each summarised
    r"what (happened|has happened|went on) (with|at)|what['’]?s (been )?(going on|happening) (with|at)|"
    r"what['’]?s the latest (with|on|at)|where (do|does) (things|it|we) stand (with|on))\b",
    re.I,
)
_ANYTHING_WITH = re.compile(
    r"^\W*(?:anything|any news|what['’]?s new|whats new|news)\s+(?:new\s+)?(?:with|w/|from|on)\s+"
    r"(?P<who>[\w&.'’ -]+?)\s*(?:lately|recently|of late)?\W*$",
    re.I,
)
# "anything w harlow biotech": a lone "w" before a word is "with", as "w/" is.
_W_WITH = re.compile(r"\bw\b(?![/'’])(?=\s+[A-Za-z])", re.I)
_NAME_SLOT = re.compile(
    r"\b(?:with|w/|for|at|from|about|to|on|did(?!\s+(?:with|w/|for|at|from|about|to|on)\b))\s+"
    r"([A-Za-z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})"
)
# A name typed in lower case at the end of the question, after "with": "calls w/ ravenshaw dental?".
_LOWER_NAME_SLOT = re.compile(
    r"\b(?:with|w/)\s+(?P<name>[a-z][\w&.'-]*(?:\s+[a-z][\w&.'-]*){0,3})\s*[?.!]*\s*$"
)
# "is the stormcrest aviation deal in trouble": the words between "the" and a deal noun name its account.
_LOWER_DEAL_SLOT = re.compile(
    r"\bthe\s+(?P<name>[a-z][\w&.'-]*(?:\s+[a-z][\w&.'-]*){0,2})\s+(?:deal|opp|opportunity|account)s?\b"
)


def _inside(part: str, name: str) -> bool:
    """``name`` opens with the words of ``part`` and has more ("claire" of "claire hughes")."""
    return part != name and f"{name} ".startswith(f"{part} ")


def _unread_name_slot(text: str, unused: list[str]) -> re.Match[str] | None:
    """Where a name goes ("calls w/ ravenshaw dental", "the stormcrest aviation deal"), words no reading took."""
    for slot in (_LOWER_NAME_SLOT, _LOWER_DEAL_SLOT):
        if (m := slot.search(text)) and all(w in unused for w in m.group("name").split()):
            return m
    return None


# Words before a name: a preposition or "the" ("for jessica whitmore", "the halvorsen team"), and, for a
# competitor, a comparison ("vs avoma", "lost to gryphon").
# ("the calls of Thiago Ribeiro": a second language's word order)
_NAME_OPENER = re.compile(
    r"\b(?:with|w/|for|from|at|by|on|the|did|does|has|had|(?:calls|deals|meetings) of)\s+$", re.I
)
_RIVAL_OPENER = re.compile(
    r"\b(?:vs\.?|versus|against|mention(?:ed|s|ing)?|compared (?:to|with)|instead of|(?:lost|losing) to|"
    r"compar(?:e|es|ed|ing) (?:us|it|them|ourselves|our (?:product|price|pricing)) (?:to|with)|"
    r"switch(?:ed|ing)? to|(?:went|going) with|(?:run|running|ran|bump|bumping|bumped) into|up against|"
    # ("how many calls brought up avoma")
    r"(?<=calls )(?:brought|bring|bringing) up|(?<=calls )(?:that |which )?(?:brought|bring|bringing) up)\s+$",
    re.I,
)
# "where nooks came up", "had gryphon mentioned": spoken of as competitors are.
_CAME_UP_AFTER = re.compile(
    r"\s+(?:came|come|comes|coming) up\b|\s+(?:was|were|got|gets|get|is) mentioned\b", re.I
)
_OWNED_NOUN = re.compile(r"\s+(?:deal|deals|opp|opps|opportunity|account|acct|renewal|contract|team)\b", re.I)
_OPENER_WORDS = frozenset({"with", "for", "from", "at", "by", "on", "the", "vs", "versus", "against"})
# What follows a name: the question's end, a clause's end, whose people or deals ("the halvorsen team"), or when
# ("for jessica whitmore in november"). (Not more words of a subject: "the schema works but", "saml and".)
_NAME_CLOSER = re.compile(
    r"\s*(?:$|[?.!,;:)(]|(?:team|teams|deal|deals|opp|opps|opportunity|account|acct|folks|people|guys|calls?|"
    r"meetings?|renewal|contract|stakeholders|buyers|reps?)\b|(?:in|last|this|since|during|over|between|before|"
    r"after|from|on|lately|recently|yet|so far|so|came|come|comes|coming|was|were|got|gets|get|is)\b)",
    re.I,
)
_RUN_WORD = re.compile(r"[A-Za-z][\w&-]*(?:['’]s)?")


def unknown_name_run(
    text: str, unused: Sequence[str], known: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """Words no reading took, where a name goes, holding a word no English vocabulary has ("for jessica
    whitmore", "the halvorsen team", "vs avoma"): (``"rep"``, ``"account"`` or ``"competitor"``, the name).

    A word of a name the catalog or roster knows (``known``, lower case: "forwarding from priya") or one edit
    from an English word ("the prospct") is not coined. A run of one to three such words counts when a preposition, "the" or a comparison comes before it. Two words,
    the first an English word and the second not, are a person ("jessica whitmore"); after a comparison, a
    competitor; else a company. (Without the vocabulary every word is English, and nothing is guessed.)
    """
    left = set(unused) - _OPENER_WORDS
    words = [(m, m.group(0).lower().removesuffix("'s").removesuffix("’s")) for m in _RUN_WORD.finditer(text)]
    i = 0
    while i < len(words):
        if words[i][1] not in left:
            i += 1
            continue
        j = i
        while j < len(words) and words[j][1] in left and j - i < 3:
            j += 1
        run = [w for _, w in words[i:j]]
        before = text[: words[i][0].start()]
        coined = [
            w
            for w in run
            if len(w) >= 4
            and w.isalpha()
            and not is_english_word(w)
            and w not in known
            and not typo_of_english_word(w)
        ]
        if any(w in KEYWORDS or w in _KNOWN_WORDS for w in run):
            coined = []  # "the pricing walkthrough": a subject, no name
        if _EVENT_NOUN.fullmatch(run[-1]) or all(w in _DEPARTMENTS for w in run):
            # "for the exec sync", "prepping the enablement session": the asker's meeting; "for the enablement
            # team": a team of the asker's own company, no name
            coined = []
        after = words[j - 1][0].end()
        rival = _RIVAL_OPENER.search(before) is not None or _CAME_UP_AFTER.match(text, after) is not None
        # ("wexford mining deal ok??": a name opening the question, before what it owns)
        opens = not before.strip(" \"'“(-") and _OWNED_NOUN.match(text, after) is not None
        # (or a company by its last word there: "wexford mining deal")
        company = opens and len(run) >= 2 and run[-1] in _COMPANY_WORDS
        if (
            (coined or company)
            and (rival or opens or _NAME_OPENER.search(before))
            and _NAME_CLOSER.match(text, after)
        ):
            name = " ".join(run)
            if rival:
                return "competitor", name
            person = len(run) == 2 and is_english_word(run[0]) and run[1] in coined
            return ("rep" if person and run[1] not in _COMPANY_WORDS else "account"), name
        i = j
    return None


def _with_name(filters: Filters, field: str, name: str, keep: Sequence[str] = ()) -> Filters:
    """``filters`` with ``name`` as a rep, account or competitor (``field``), after the names in ``keep``."""
    if field == "rep":
        return replace(filters, rep=(*keep, name))
    if field == "competitor":
        return replace(filters, competitor=(*keep, name))
    return replace(filters, account=(*keep, name))


# A name set beside another: compared ("kofi vs brett") or listed ("Revenue.io and Dialpad").
_COMPARED_WITH = r"(?:vs\.?|versus|against|compared (?:to|with))"
_LISTED_WITH = r"(?:and|or|&|,)"


def _beside_known(text: str, known: Entity, unused: Sequence[str]) -> str | None:
    """The word set beside the known name ``known`` (an entity, by its span) that no reading took and that is
    a name: any such word when compared with it, a coined or capitalised word no English vocabulary has when
    listed with it. None when there is none."""
    m = re.search(
        rf"(?<!\w){re.escape(known.span)}(?:['’]s)?\s*(?:(?P<vs>{_COMPARED_WITH})|{_LISTED_WITH})\s*"
        r"(?P<other>[A-Za-z][\w'.-]*[A-Za-z])\b",
        text,
        re.I,
    )
    if m is None:
        return None
    # ("riley's and jono's deals": the name without its possessive)
    other = re.sub(r"['’]s$", "", m.group("other"))
    low = other.lower()
    if (
        m.group("other").lower() not in unused
        or low in _KNOWN_WORDS
        or low in STOP
        or low in KEYWORDS
        or len(low) < 3
    ):
        return None
    if m.group("vs") or not is_english_word(low) and (other[0].isupper() or len(low) >= 4):
        return other
    return None


def _name_words(catalog: Catalog) -> frozenset[str]:
    """Every lower-cased word of a name the catalog holds and of the roster's names."""
    names = (
        *catalog.reps,
        *catalog.accounts,
        *catalog.competitors,
        *catalog.products,
        *roster_aliases(catalog),
    )
    return frozenset(w for name in names for w in re.findall(r"[a-z]+", name.lower()))


_COMPETITOR_SLOT = re.compile(
    r"\b(?:lost to|losing to|switch(?:ed|ing)? to)\s+(?P<a>[A-Z][\w.]*[a-z][\w.]*)|"
    r"\b(?:mention(?:ed|s|ing)?|referenc(?:ed|es|ing)|brought up|bring(?:s|ing)? up|vs\.?|versus|compared (?:to|with)|"
    r"compar(?:e|es|ed|ing) (?:us|it|them|ourselves) (?:to|with))\s+"
    r"(?P<b>[A-Z][\w.]*[a-z][\w.]*)|"
    r"\b(?P<c>[A-Z][\w.]*[a-z][\w.]*)\s+(?:came|come|comes|coming) up\b|"
    # "do we run into avoma much?", "up against wingman lately": a name in lower case, where a rival goes
    r"\b(?i:run(?:s|ning)? into|ran into|up against|bump(?:s|ed|ing)? into)\s+(?P<d>[A-Za-z][\w.]*[a-z][\w.]*)"
    r"(?=\s+(?i:much|a lot|often|lately|anymore|recently|at all)\b|\s*[?.!,;]|\s*$)"
)
_CAME_UP = re.compile(r"\b(came|come|comes|coming) up\b", re.I)
_COMPETITION = re.compile(
    r"\b(compet\w*|rivals?|alternatives?|other vendors?|(vs\.?|versus|against|instead of|over) us|"
    r"compar(e|es|ed|ing) (us|it|them|ourselves) (to|with))\b",
    re.I,
)
_KNOWN_WORDS = STOP | {
    # what the answer is for ("need verbatims for the battlecard"), not an account
    "battlecard",
    "battlecards",
    "deck",
    "slides",
    "unanswered",
    "unresolved",
    "unaddressed",
    "sentiment",
    "negative",
    "positive",
    "neutral",
    "risk",
    "risks",
    "objections",
    "objection",
    "pricing",
    "price",
    "budget",
    "competitor",
    "competitors",
    "calls",
    "meetings",
    "customers",
    "customer",
    "prospects",
    "them",
    "it",
    "that",
    "those",
    "these",
    "team",
    "everyone",
    "anyone",
    "q1",
    "q2",
    "q3",
    "q4",
    "today",
    "yesterday",
}


# Objects of a change request, so the refusal names what was asked for ("drop table", "delete calls").
_WRITE_OBJECT = re.compile(
    r"\b(tables?|database|schema|views?|records?|rows?|data|stages?|amounts?|scores?|owners?|calls?|deals?|"
    r"transcripts?|users?|recordings?|accounts?|sentiment|permissions?|privileges?|roles?|access|opps?|talk ratios?|"
    r"numbers|figures|pipeline|"
    r"opportunit(?:y|ies)|closed[ -](?:won|lost))\b",
    re.I,
)
# How the refusal names an object typed in shorthand or as a value ("the zenith opp", "mark it closed won").
_OBJECT_NAMES = {"opp": "opportunity", "opps": "opportunities", "closed won": "stage", "closed lost": "stage"}


# Where a change request's own words end: "update all of X's calls to positive | before his QBR so ...".
# ("DELETE FROM STG_TRANSFORMED.STG_GONG_CALLS WHERE ...": a dot inside a name ends nothing)
_REQUEST_END = re.compile(
    r"[,;:!?]|\.(?!\w)|\s(?:so|before|because|since|then|and then|while|or else)\b", re.I
)


def _request_as_typed(question: str, verbs: re.Pattern[str] = _VERB) -> str | None:
    """The change the question asks for, in its own words (from the first change verb to the clause's end,
    at most 12 words), so the refusal restates exactly what was not done."""
    verb = verbs.search(question)
    if verb is None:
        return None
    end = _REQUEST_END.search(question, verb.end())
    words = question[verb.start() : end.start() if end else len(question)].split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def _requested_actions(question: str, verbs: re.Pattern[str] = _VERB) -> list[str]:
    """ "drop the STG_GONG_CALLS table" -> ["drop table"]: each change verb with the objects its clause names
    ("update the zenith opp amount to 90k and mark it closed won" -> ["update opportunity amount stage"])."""
    out = []
    for m in verbs.finditer(question):
        end = _REQUEST_END.search(question, m.end())
        clause = question[m.end() : min(end.start() if end else len(question), m.end() + 80)]
        table = re.compile(r"\b(tables?|database|schema|views?)\b", re.I).search(clause)
        found = [table] if table else list(_WRITE_OBJECT.finditer(clause))
        objects = dict.fromkeys(
            _OBJECT_NAMES.get(o.group(0).lower().replace("-", " "), o.group(0).lower()) for o in found
        )
        out.append(" ".join([m.group(0).lower(), *objects]))
    return list(dict.fromkeys(out))


# Words the rules look for, so a typo of one ("objectons", "action itmes", "sumarize") is read as the word.
# Names are never corrected here: they are resolved against the warehouse's own values.
KEYWORDS = frozenset(
    [
        "ratio",
        "objections",
        "objection",
        "action",
        "items",
        "summarize",
        "summarise",
        "summary",
        "pipeline",
        "riskiest",
        "sentiment",
        "negotiation",
        "discovery",
        "proposal",
        "competitor",
        "competitors",
        "competition",
        "competitive",
        "commitments",
        "promised",
        "average",
        "total",
        "meetings",
        "yesterday",
        "since",
        "quarter",
        "days",
        "weeks",
        "months",
        "biggest",
        "largest",
        "highest",
        "lowest",
        "negative",
        "positive",
        "renewal",
        "renewals",
        "churn",
        "first",
        "complaining",
        "unanswered",
        "pricing",
        "budget",
        "security",
        "integration",
        "integrations",
        "onboarding",
        "implementation",
        "timeline",
        "champion",
        "customers",
        "breakdown",
        "transcript",
        "accounts",
        "rundown",
        "happened",
        "latest",
        "recap",
        "topics",
        "conversations",
        "opportunities",
        "minutes",
        "initial",
        "account",
        "customer",
        "opportunity",
        "meeting",
        "conversation",
        "happiest",
        "unhappiest",
        "threatening",
        "danger",
        "trouble",
        "owner",
        "concerns",
        "worried",
        "between",
        "flags",
        "january",
        "february",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


# Shorthand a manager types, read as the word it stands for (one word for one, like a typo).
SHORT_WORDS = {
    "wek": "week",
    "weks": "weeks",
    "amt": "amount",
    "amts": "amounts",
    "acct": "account",
    "accts": "accounts",
    "ae": "rep",
    "aes": "reps",
    "pipe": "pipeline",
    "nxt": "next",
    "mtg": "meeting",
    "mtgs": "meetings",
    "stg": "stage",
    "stgs": "stages",
    "champ": "champion",
    "champs": "champions",
    "phase": "stage",
    "phases": "stages",
    "shld": "should",
    "abt": "about",
    "cnt": "count",
    "ovr": "over",
    # question words misspelt past one edit of a four-letter word
    "wich": "which",
    "whcih": "which",
    "wihch": "which",
    "waht": "what",
    # contractions typed without the apostrophe
    "whats": "what's",
    "hows": "how's",
    "whos": "who's",
    # a sales word in the German, Spanish or French a manager may slip into ("who is asking for Rabatt")
    "rabatt": "discount",
    "preis": "price",
    "preise": "prices",
    "vertrag": "contract",
    "betriebsrat": "works council",
    "angebot": "proposal",
    "wettbewerber": "competitor",
    "descuento": "discount",
    "descuentos": "discounts",
    "precio": "price",
    "precios": "prices",
    "contrato": "contract",
    "competidor": "competitor",
    "competidores": "competitors",
    "remise": "discount",
    "trimester": "quarter",  # (French "trimestre", Spanish "trimestre": three months)
    "trimestre": "quarter",
    "trimesters": "quarters",
    "prix": "price",
    "contrat": "contract",
    "kunde": "customer",
    "kunden": "customers",
    "stimmung": "sentiment",
    "umsatz": "revenue",
    "cliente": "customer",
    "clientes": "customers",
    "teh": "the",  # (three letters: past the typo correction's reach)
    "fortnite": "fortnight",  # (spelt as it sounds)
}


def _contraction(word: str) -> str | None:
    """The rule word a coined word is a contraction of ("sentmt" -> "sentiment"): its letters in order, the
    first the same, at least half of the word's; None unless exactly one rule word fits."""
    if len(word) < 4 or is_english_word(word):
        return None
    fits = [
        k
        for k in KEYWORDS
        if k[0] == word[0]
        and len(word) * 2 >= len(k) > len(word)
        and _in_order(word, k)
        and not k.endswith("s")
    ]
    return fits[0] if len(fits) == 1 else None


def _in_order(short: str, word: str) -> bool:
    letters = iter(word)
    return all(c in letters for c in short)


_SHORT_TIME_WORDS = ("days", "week", "year", "open", "deal", "call", "risk", "last", "next", "talk", "gdpr")


_KEYWORD_LIST = tuple(sorted(KEYWORDS))


def _closest_keyword(word: str) -> str | None:
    """The rule word ``word`` is one edit from (two from 10 letters), the same one on every run: among words
    as close, the one needing fewest letters added or dropped ("competitior" is "competitor" with an "i" too
    many, not "competition" with a letter changed), then the first in alphabetical order."""
    cutoff = 2 if len(word) >= 10 else 1
    found = process.extract(word, _KEYWORD_LIST, scorer=OSA.distance, score_cutoff=cutoff, limit=None)
    if not found:
        return None
    return min(found, key=lambda f: (f[1], Indel.distance(word, f[0]), f[0]))[0]


def correct_typos(question: str, names: str = "") -> str:
    """``question`` with each misspelt rule word replaced by the word (OSA edit distance 1, 2 from 10 letters)
    and each shorthand word (:data:`SHORT_WORDS`) spelt out.

    Inflections ("objection"/"objections") and words within resolved names (``names``) are left alone.
    """
    skip = set(names.lower().split())

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in SHORT_WORDS and low not in skip:
            return SHORT_WORDS[low]
        if len(low) == 4 and low not in skip:
            # A 4-letter word is one edit from too many others: only two swapped letters of a time word or a
            # word every question uses ("dyas", "opne") are read.
            swapped = next(
                (w for w in _SHORT_TIME_WORDS if sorted(w) == sorted(low) and OSA.distance(w, low) == 1), None
            )
            if swapped:
                return swapped
        if low.endswith("z") and f"{low[:-1]}s" in KEYWORDS and low not in skip:
            return f"{low[:-1]}s"  # chat plurals: "dayz", "callz"
        if len(low) < 4 or low in KEYWORDS or low in skip or low in _FILLER or low in STOP:
            return word
        best = _closest_keyword(low) if len(low) >= 5 else None
        if best is None or best.startswith(low) or low.startswith(best):
            return _contraction(low) or word
        return best

    # "avg sent by rep", "neg sent calls": sentiment cut short after a word of its measure or band
    spelt = _SENT_SHORT.sub(r"\1 sentiment", re.sub(r"[A-Za-z]+", fix, question))
    # numbers a dictating phone heard as words: "the last for weeks", "the top to reps"
    spelt = _HEARD_FOUR.sub(r"\1 four \2", spelt)
    return _HEARD_TWO.sub(r"\1 two \2", spelt)


_HEARD_FOUR = re.compile(r"\b(last|past|next|previous|first)\s+for\s+(days|weeks|months|quarters)\b", re.I)
_HEARD_TWO = re.compile(
    r"\b(top|bottom|last|first)\s+to\s+(reps|accounts|customers|deals|opps|calls|weeks|months|competitors)\b",
    re.I,
)


_SENT_SHORT = re.compile(
    r"\b(avg|average|mean|neg|negative|pos|positive|neutral|low|lowest|high|highest)\s+sent\b"
    r"(?!\s+(to|it|them|him|her|over|out|back|the|a|an|us|me|on|in|via|from)\b)",
    re.I,
)


# The words that name a risk type as a whole, before a word for risk ("pricing objections", "security
# concerns", "budget issues"): no narrower subject than the type. ("Pushback on price" keeps the moments that
# say it.)
_RISK_NOUN = re.compile(
    r"[\s-]+(objections?|concerns?|issues?|push-?back|worries|risks?|flags?|threats?)\b", re.I
)
# ... or after it: "objections to price or cost", "concerns about security".
_RISK_NOUN_BEFORE = re.compile(
    r"\b(objections?|concerns?|issues?|push-?back|worries|complaints?)\s+(to|about|on|over|around|regarding|re)\s+"
    r"(the\s+|our\s+)?(\w+\s+(or|and|/)\s+)?$",
    re.I,
)
# What a budget question says happened to the money: "budgets slashed", "a spending freeze", "funding on hold".
_BUDGET_TROUBLE = re.compile(
    r"\b(cut|cuts|slash\w*|trimm\w*|reduc\w*|tight\w*|squeez\w*|freez\w*|frozen|on hold|exhausted|used up)\b",
    re.I,
)
_TYPE_NAMES: dict[str, re.Pattern[str]] = {
    "pricing_objection": re.compile(r"pric\w*|costs?|expensive", re.I),
    "budget": re.compile(r"budget\w*|spend\w*|funding|funds?|money", re.I),
    "competitor": re.compile(
        r"competitors?|alternatives?|another vendor|other vendors?|different vendor|incumbent|rivals?", re.I
    ),
    "legal_security": re.compile(r"legal|security|compliance", re.I),
}


def _quote_words(q: str, risk_types: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """The words of the risks' subject the question names, as LIKE patterns on the quote, and as typed: "might
    not renew or cancel" -> ("%rene%", "%canc%"), "a SOC 2 report" -> ("%soc%2%",); a word of five letters or
    more without its last two, at least four ("price" finds "pricing", "infosec" finds "InfoSec", not
    "information")."""
    patterns: list[str] = []
    typed: list[str] = []
    for rt in risk_types:
        subject = RISK_SUBJECT.get(rt)
        found = list(subject.finditer(q)) if subject is not None else []
        if rt == "budget":
            # "budget got cut or frozen": the cut, not every budget
            found += list(_BUDGET_TROUBLE.finditer(q))
        if rt == "competitor":
            # "locked into a contract with another vendor": the moments that speak of that contract
            found += list(re.finditer(r"\bcontracts?\b", q, re.I))
        named: list[tuple[str, str]] = []  # the type's own name ("budget"), kept only when nothing narrows it
        own: list[tuple[str, str]] = []
        for m in sorted(found, key=lambda m: m.start()):
            if m.group(0).lower().startswith("quote"):
                continue  # "give me quotes": the answer asked for, not a price quote
            name = _TYPE_NAMES.get(rt)
            if (
                name is not None
                and name.fullmatch(m.group(0))
                and (_RISK_NOUN.match(q, m.end()) or _RISK_NOUN_BEFORE.search(q, 0, m.start()))
            ):
                continue  # "pricing objections", "objections to price or cost": the type itself, every moment
            parts = re.findall(r"\w+", m.group(0).lower())
            if len(parts) == 1 and _BUDGET_TROUBLE.fullmatch(parts[0]):
                stem = parts[0].removesuffix("s")[
                    :5
                ]  # "freeze" -> "freez" (not "free"), "frozen" -> "froze", "cuts" -> "cut"
                if stem in ("freez", "froze"):
                    # "budgets are frozen" finds "a budget freeze" too, and the other way round
                    own += [("%freez%", m.group(0)), ("%froze%", m.group(0))]
                    continue
            else:
                stem = "%".join(p[: max(4, len(p) - 2)] if len(parts) == 1 else p for p in parts)
            # a short word starts a word: "cut" is " cut", not the "cut" in "execute"
            pattern = f"% {stem}%" if len(stem) < 4 else f"%{stem}%"
            if stem and len(stem) >= 3:
                (named if name is not None and name.fullmatch(m.group(0)) else own).append(
                    (pattern, m.group(0))
                )
        # (a rival is rarely called "another vendor" by the customer: that name narrows nothing)
        patterns += [pattern for pattern, _ in own or (named if rt != "competitor" else [])]
        typed += [said for _, said in own + named]  # read either way
    return tuple(dict.fromkeys(patterns)), typed


# Words a person is the subject of when the question asks for their own words: "what did Kofi say", "has
# casey mentioned", "what Morgan told them", "Kofi's words on pricing".
_SAID = (
    r"(say|said|says|saying|tell|told|mention(?:ed|s)?|pitch(?:ed|es)?|explain(?:ed|s)?|talk(?:ed|s)? about|"
    r"br(?:ing|ought) up|raised?|describe[ds]?|position(?:ed|s)?)"
)


def _subject_text(question: str, spans: Sequence[str], names: Mapping[str, str] | None = None) -> str:
    """``question`` without the names and period it was filtered by ("what did Sam's customers say about pricing
    last week" -> "what did customers say about pricing"), and with the names it keeps as stored (``names``: as
    typed -> stored); the question itself when nothing else is left."""
    text = question
    for span in sorted(spans, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(span)}(?:['’]s?)?(?!\w)", " ", text, flags=re.I)
    for typed, stored in (names or {}).items():
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", stored.replace("\\", r"\\"), text, flags=re.I)
    text = " ".join(text.split())
    return text if re.search(r"[A-Za-z]{3}", text) else question


def _own_words(question: str, people: Sequence[Entity]) -> tuple[str, ...]:
    """The people named as the ones speaking: "what did <name> say", "<name> said", "<name>'s words"."""
    own: list[str] = []
    for e in people:
        name = re.escape(e.span)
        if re.search(
            rf"\b(did|does|do|has|have|had|is|was)\s+{name}\s+(\w+\s+)?{_SAID}\b|\b{name}\s+{_SAID}\b|"
            rf"\b{name}['’]s\s+(own\s+)?(words|pitch|talk track|answers?|replies)\b",
            question,
            re.I,
        ):
            own.append(e.value)
    return tuple(dict.fromkeys(own))


_DEAL_NOUN = r"(deal|opportunity|opp|expansion|renewal|new business|upsell)"
_KINDS_OF_RISK = re.compile(
    r"\b(what|which)\s+(kinds?|types?|sorts?|categor\w+)\s+of\s+(risks?|objections?|red flags?|warning signs?)\b|"
    # "what kinds of problems came up, and how often": counted by type only when a count is asked
    r"\b(what|which)\s+(kinds?|types?|sorts?|categor\w+)\s+of\s+(problems?|issues?|trouble)\b"
    r"(?=.*\b(how often|how many|count|number of|tally|break ?down|by type)\b)",
    re.I,
)
# Commitments still to do: "open action items", "outstanding follow-ups" (no title of a call).
_OPEN_ITEMS = re.compile(
    r"\b(open|outstanding|pending|unfinished)\s+(?=(commitments?|action items?|follow[- ]?ups?|next steps?|to-?dos?|"
    r"items?|promises?|deliverables?)\b)",
    re.I,
)
# "the most common objection", "most frequent risk type": the most of them.
_MOST_COMMON = re.compile(r"\bmost\s+(common(ly)?|frequent(ly)?|often)\b", re.I)
# A measure asked of calls described after it: "how are people feeling on calls where security comes up", "what's
# the sentiment on calls where pricing comes up".
_MEASURE_ON_CALLS = re.compile(
    r"^\W*(how\s+(are|were|do|did|does|is|was)\b[^?.]{0,40}?\b(feel|feeling|felt)\b|"
    r"what(['’]s|\s+is|\s+was|\s+are)\s+(the\s+)?(avg\s+|average\s+|overall\s+|typical\s+)?"
    r"(sentiment|mood|tone|talk ratio)\b)(?=[^?.]*\b(on|in|during|across|for)\s+(the\s+)?calls\b)",
    re.I,
)
# "risk breakdown", "break down the objections", "risks broken down": counted by type.
_BREAKDOWN = re.compile(r"\b(break ?down|broken down|breaking down|split)\b", re.I)
# A second question joined to the first: "... by stage + how many opps in each".
# Where a later question starts, after one that stands on its own: "...? and pull ...", ", and did they ...".
_LATER_ASK = re.compile(
    r"(?:[?!.]\s+|[,;]\s*|\s)(?:(?:and|also|plus|oh and|then)\s+)(?:also\s+)?"
    r"(?=(?:did|do|does|has|have|is|are|can|could|pull|get|find|give|show|tell|what|which|who|whether|when|"
    r"how (?:many|much|often))\b)|"
    r"[?!]\s+(?=\S)",
    re.I,
)
# Words said, taken from calls: "verbatim objections to price from calls with X", "quotes on calls with Y".
_SAID_ON_CALLS = re.compile(
    r"\b(verbatims?|quotes?|exact words|own words|objections?|complaints?|push ?backs?)\b[^?.]{0,60}?"
    r"\b(from|on|in|during)\s+(?:[\w'’-]+\s+){0,3}?(calls|conversations|meetings)\b",
    re.I,
)
# "who does most of the talking, us or them?": our side against theirs, no ranking of reps.
_US_OR_THEM = re.compile(
    r"\b(us or them|them or us|we or they|they or we|our side or theirs|us vs\.? them)\b", re.I
)
_SECOND_ASK = re.compile(
    r"\s\+\s+(?=(how|what|which|who|whats|what's|where|when|is|are|did|do|does|any|and|also|plus)\b)", re.I
)
# A manager asking whether an account needs their attention: "anything I should worry about", "should we be
# concerned", "anything to worry abt".
_SHOULD_WORRY = re.compile(
    r"\b((should|do|must|need to)\s+(i|we)|(i|we)\s+(should|must|need to))\s+(be\s+)?(worr(y|ied)|concerned)\b|"
    r"\banything\s+to\s+worry\b",
    re.I,
)


# The deals the question asks for, opening it: "which open deals ...", "list the opps ...".
_WHICH_DEALS = re.compile(
    # (after what the question is for: "Kofi one-on-one: which of his open deals ...")
    r"(?:^|[:–—]\s|\s-\s)\W*(which|what|list|show( me)?|any)\s+(of\s+)?((the|our|my|his|her|their|[a-z]+['’]s)\s+)?"
    r"((open|active|current)\s+)?"
    r"(deals|opps|opportunities)\b",
    re.I,
)


def _deal_kind(plan: AskPlan) -> bool:
    return plan.kind == "deals_at_risk"


# "how much deals I have open": a number of things counted, as typed by someone who counts in another language.
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {
    "": 0,
    "a": 1,
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: 10 * (i + 2) for i, w in enumerate(_TENS)},
}
_SPOKEN_AMOUNT = re.compile(
    rf"\b(?:(?P<h>a|{'|'.join(_UNITS)})\s+hundred(?:\s+and)?\s*)?"
    rf"(?:(?P<t>{'|'.join(_TENS)})(?:[- ](?P<u>{'|'.join(_UNITS)}))?\s*)?"
    r"(?P<unit>k|thousand|grand)\b",
    re.I,
)
# "$50K-$100K", "50k to 100k": a range of amounts, read as "between ... and ...".
_AMOUNT_RANGE = re.compile(
    r"\$?(\d+(?:[.,]\d+)?)\s*(k|m)\s*(?:-|–|to)\s*\$?(\d+(?:[.,]\d+)?)\s*(k|m)\b(?:\s*\(?inclusive\)?)?", re.I
)


def spell_amounts(q: str) -> str:
    """Amounts said in words ("a hundred fifty k", "two hundred fifty thousand") as digits ("150k"), and
    ranges of amounts as "between ... and ..."."""

    def digits(m: re.Match[str]) -> str:
        if not (m.group("h") or m.group("t")):
            return m.group(0)
        hundreds, tens, units = (_WORD_VALUES[(m.group(g) or "").lower()] for g in ("h", "t", "u"))
        return f"{hundreds * 100 + tens + units}k"

    grouped = _SPACED_THOUSANDS.sub(lambda m: m.group(0).replace(" ", "").replace("\u202f", ""), q)
    # "deals worth six figures or more", "a seven-figure deal": at least the smallest such amount
    grouped = _FIGURES.sub(lambda m: f">= {10 ** (_WORD_VALUES[m.group(1).lower()] - 1)}", grouped)
    # "50 grand", "fifty thou": thousands; "sub-50k deals": under that amount
    grouped = _SUB_AMOUNT.sub(r"under \1", _GRAND.sub(r"\1k", grouped))
    return _AMOUNT_RANGE.sub(r"between \1\2 and \3\4", _SPOKEN_AMOUNT.sub(digits, grouped))


_FIGURES = re.compile(
    r"\b(five|six|seven|eight)[- ]figures?\b(\s+or\s+(more|above|over|higher|bigger))?", re.I
)
_GRAND = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:grand|thou)\b", re.I)
_SUB_AMOUNT = re.compile(r"\bsub[- ]?(\$?\d+(?:\.\d+)?\s*(?:k|m|mm)\b)", re.I)
# "under 100 000", "500 000 €": thousands grouped with a space (or a narrow no-break space), as much of Europe
# writes them.
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u202f]\d{3})+(?![\d.,]?\d|[A-Za-z])")


_HOW_MUCH_OF_MANY = re.compile(
    r"\bhow much(?=\s+(\w+\s+)?(deals|calls|opps|opportunities|meetings|risks|objections|accounts|customers)\b)",
    re.I,
)
# Deals by how they closed: "deals we lost", "how many deals have we lost", "won deals", "opps lost to X".
_LOST_OR_WON = re.compile(
    r"\b(deals?|opps?|opportunities)\b(\s+\w+){0,3}?\s+(?P<a>lost|won)\b"
    # (not "deals that lost their champion", "lost momentum")
    r"(?!\s+(their|the|a|an|our|its|his|her|my|your|momentum|interest|track|touch|contact|steam|sight)\b)|"
    r"\b(?P<b>lost|won)\s+(deals?|opps?|opportunities)\b|"
    # ("how many deals did kofi lose": a rep's)
    r"\b(deals?|opps?|opportunities)\b(\s+\w+){0,2}?\s+did\s+(we|i|you|[a-z]+)\s+(?P<c>lose|win)\b|"
    # "on the opps we ended up losing", "the deals we wound up winning"
    r"\b(deals?|opps?|opportunities)\s+(that\s+)?(we|i)\s+(ended|wound|end|wind)\s+up\s+(?P<d>losing|winning)\b|"
    # "which competitors are we losing to", "who do we lose to most": the deals lost, and to whom
    r"\b(we|i)\s+(keep\s+)?(?P<e>lose|losing|lost)\s+((deals|business|the most)\s+)?to\b(?!\s+(them|it|this)\b)",
    re.I,
)
# Who deals are lost to: "which competitors are we losing to", "who do we lose to most".
_LOST_TO_WHOM = re.compile(
    r"\b(competitors?|rivals?|vendors?|who(m)?)\b[^?.]{0,20}?\b(are|do|did|have)\s+(we|i)\s+(keep\s+)?"
    r"(lose|lost|losing)\s+((deals|business)\s+)?to\b",
    re.I,
)
# What customers say most, asked of no group: "what do customers complain about most", "what do prospects ask
# about the most".
_WHAT_CUSTOMERS_MOST = re.compile(
    r"^\W*what\s+(do|did|does)\s+(our\s+|the\s+)?(customers?|prospects?|buyers?|clients?|they)\s+"
    r"(?:(?P<complain>complain|gripe|moan|push\s+back|object|worry)|ask|talk|bring|raise|mention)\w*"
    r"\b[^?.]{0,20}\bmost\b",
    re.I,
)
# Why deals are lost: "the top reasons we lose deals", "why are we losing deals", "why did we lose deals in q3".
_WHY_LOST = re.compile(
    r"\b((top|main|biggest|most common|common|usual)\s+)?(reasons?|why)\b[^?.]{0,30}?\b(lose|lost|losing)\s+(deals?|opps?|opportunities|business|customers|to)\b",
    re.I,
)
# Deals closed, either way: "deals that closed last week", "how many closed deals this quarter".
_CLOSED_DEALS = re.compile(
    r"\b(deals?|opps?|opportunities)\b(\s+(that|which|we|i|have|has|were|got)){0,2}\s+closed\b"
    r"(?![\s-]*(won|lost|dates?|out)\b)|"
    r"(?<![\w-])closed\s+(deals?|opps?|opportunities|business)\b",
    re.I,
)
# A risk the calls must not have: "at-risk deals that never had a single competitor come up", "calls with no
# risks", "without any pricing objections", "where legal concerns never came up". A negation, then only filler
# words, before the risk's words; or a negated "came up" after them. (Not budget, champion loss or next steps:
# "no budget", "no champion", "no next steps" are those risks.)
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|zero|without|never|not|none|nary|\w+n['’]t)\b"
    r"(?:\s+(?:had|have|has|got|gets|get|raise|raised|flag|flagged|mention|mentioned|see|saw|seen|hear|heard|hit|"
    r"voice|voiced|express|expressed|bring|brought|up|with|any|a|an|single|one|real|the|of|sign|signs|hint|mentions|"
    r"trace|kind|sort|type|even))*\s+$",
    re.I,
)
_NEGATED_AFTER = re.compile(
    r"\s+(?:[\w'’]+\s+){0,2}?(?:never|not|didn['’]t|did not|hasn['’]t|has not|haven['’]t|have not|wasn['’]t|"
    r"weren['’]t)\s+(?:once\s+|been\s+|ever\s+)?(?:come|came|coming|raised|mentioned|brought|show\w*|surfac\w*|"
    r"flagged|appear\w*|an issue|a problem)\b",
    re.I,
)
_ANY_RISK_WORDS = re.compile(
    r"(?<!at[- ])\b(?:risks|risk(?!\s*(?:scores?|levels?|of)\b)|red flags?|warning signs?|flags)\b", re.I
)
_ANY_OBJECTION_WORDS = re.compile(r"\b(?:objections?|push ?backs?)\b", re.I)
_COMPETITION_WORDS = re.compile(r"\b(?:competitors?|competition|rivals?)\b", re.I)
_NEGATION_WORD = re.compile(r"\b(?:no|zero|without|never|not|none|nary|\w+n['’]t)\b", re.I)
_CONCERNS = re.compile(r"\s+(?:concerns?|issues?|worries|problems?|questions?|risks?)\b", re.I)
_COMES_UP = re.compile(r"\s+(?:[\w'’]+\s+){0,3}?(?:come|came|coming|comes)\s+up\b", re.I)
_NEGATABLE_RISKS = ("pricing_objection", "competitor", "legal_security", "timeline_slip", "churn_threat")
# "the ones we won versus the ones we lost", "won vs lost", "win/loss": both closed stages, side by side.
_WON_AND_LOST = re.compile(
    r"\b(?:won|wins?)\b(?:\s+[\w'’]+){0,5}?\s*(?:vs\.?|versus|against|compared (?:to|with)|and|or|/|&)\s*"
    r"(?:[\w'’]+\s+){0,4}?(?:lost|lose|losses)\b|"
    r"\b(?:lost|lose|losses)\b(?:\s+[\w'’]+){0,5}?\s*(?:vs\.?|versus|against|compared (?:to|with)|and|or|/|&)\s*"
    r"(?:[\w'’]+\s+){0,4}?(?:won|wins?)\b",
    re.I,
)
# "pipeline by the quarter deals are expected to close": a deal's period is its close date.
_CLOSE_WORDS = re.compile(r"\b(expected|closes?|closing|close date)\b", re.I)


def _by_close_period(plan: AskPlan) -> bool:
    return plan.measure in DEAL_MEASURES and plan.group_by in ("week", "month", "quarter")


# What a rep owns is their deals: "anything kofi owns that's at risk", "what does mei own in negotiation".
_OWNS = re.compile(
    r"\b(anything|everything|what|stuff|which)\s+(\w+\s+){1,2}owns\b|\bdoes\s+\w+\s+(still\s+)?own\b", re.I
)
# What the asker is doing, told before the question: "Doing headcount reviews this week — what's the November call
# count for alex rivera?" (the headcount is the asker's task, not what is asked).
_DOING_FIRST = re.compile(
    r"^\W*(?:doing|prepping|preparing|reviewing|building|running|compiling|pulling together|putting together|"
    r"working on|planning)\b[^?!.:]{0,80}?(?:\s[-–—]\s|:\s)",
    re.I,
)
# A person or account named only to say when: "he started around the same time as mei".
_SAME_TIME_AS = re.compile(r"\b(?:(?:at|around|about|roughly)\s+)?the same time as\s+", re.I)


def _said_when(question: str, span: str) -> bool:
    return any(question[m.end() :].lower().startswith(span.lower()) for m in _SAME_TIME_AS.finditer(question))


# Where a question was relayed from, which asks nothing: "pasting from #deal-desk", "Samuel in #renewals".
_RELAYED = re.compile(
    r"(?<![\w#])#[a-z][\w-]*|\b(pasting|pasted|copying|copied|forwarding|forwarded)\b", re.I
)
_DEAL_COLUMNS = re.compile(r"\b(owners?|amounts?|opps?|opportunit(y|ies)|stages?|scores?)\b", re.I)
_INCLUSIVE = re.compile(r"\binclusive(?:ly)?\b|\b(?:both|all) (?:days|dates|ends) included\b", re.I)
# The other side of a rep's calls: "morgan's buyers", "Kofi's prospects", "customers on Mei's calls".
_THEIR_CUSTOMERS = re.compile(
    r"['’]s?\s+(buyers?|customers?|prospects?|clients?|contacts?|accounts?)\b|"
    r"\b(buyers?|customers?|prospects?|clients?)\s+(on|in|from)\s+\w+['’]s?\s+(calls?|deals?|meetings?)\b",
    re.I,
)
# A kind of deal named as the deals asked about: "renewals", "expansion deals", "new business opps".
_DEAL_TYPE = re.compile(
    r"\b(?P<a>renewal|expansion|upsell)s\b|\b(?P<b>renewal|expansion|new business|upsell)\s+"
    # ("avg sentiment on renewal calls": the calls on renewal deals)
    r"(?:deals?|opps?|opportunities|pipe(?:line)?|money|dollars|revenue|value|amounts?|arr|calls|meetings)\b",
    re.I,
)


# A kind of deal the question leaves out ("not counting renewals"): the words that leave a name out, just before it.
_DEAL_TYPE_OUT = re.compile(rf"(?:{_EXCLUDING.pattern})$", re.I)


def _name_abbreviations(words: Sequence[str], names: Sequence[str]) -> set[str]:
    """The ``words`` that shorten a word of a resolved name ("ins" of "Orchard Insurance")."""
    name_words = {w.lower() for name in names for w in re.findall(r"[\w'’-]+", name)}
    return {
        w
        for w in words
        if len(w) >= 3 and any(n.startswith(w.lower()) and len(n) > len(w) for n in name_words)
    }


def _own_opportunity(q: str, by_kind: dict[str, list[str]], catalog: Catalog) -> tuple[str, ...]:
    """The one opportunity of the account named, narrowed by the deal type and product words typed.

    "the Evergreen expansion", "orchard expansion" (of three Orchard accounts only one has an expansion): a deal
    type typed beside the name is the deal; without one, a deal word and an account with a single deal. A name
    several accounts share, with a deal type that several of them have ("the highmark renewal"), is each of
    those deals (the open ones among them answer for "at risk").
    """
    accounts = by_kind.get("account", [])
    if not accounts:
        return ()
    own = [o for o in catalog.opportunities if any(o.lower().startswith(a.lower() + " - ") for a in accounts)]
    words = [w for w in ("expansion", "renewal", "new business", "upsell") if w in q.lower()]
    typed_type = bool(words)
    words += [p.lower() for p in by_kind.get("product", [])]
    typed = [o for o in own if words and all(w in o.lower() for w in words)]
    if len(typed) == 1 and (typed_type or re.search(rf"\b{_DEAL_NOUN}\b", q, re.I)):
        return (typed[0],)
    if len(accounts) == 1 and len(own) == 1 and re.search(rf"\b{_DEAL_NOUN}\b", q, re.I):
        return (own[0],)
    if len(accounts) > 1 and typed_type and len(typed) > 1:
        return tuple(typed)
    return ()


_ABOUT = re.compile(
    # ("re" is the subject line's "re", not "they're new")
    r"\b(?:about|regarding|concerning|(?<!['’])re|brought up|bring up|bringing up|mention(?:s|ed|ing)?(?:\s+of)?|feedback on|"
    r"(?:any|no) talk of)\s+"
    r"(?:the\s+|our\s+|their\s+|its\s+|any\s+|an?\s+|some\s+)?([a-z][\w.-]*(?:\s+[a-z][\w.-]*){0,2}?)\s*"
    r"(?:\?|$|[,.;]|\b(?:in|from|during|since|last|this|over|on|for|with|except|excluding|but|not|without|"
    r"vs|versus|only|at all)\b)",
    re.I,
)


# What a customer asked the seller to do: "did any customer ask us to delete their call recordings?"
_ASKED_US_TO = re.compile(
    # ("customers asking for a pilot", "anyone ask for a free trial": what they asked for)
    r"\b(?:ask|request)(?:ed|ing|s)?\s+(?:(?:us|you|the reps?|our reps?|them)\s+(?:to|for)|for)\s+(?:an?\s+|some\s+|the\s+)?"
    r"([a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,5}?)\s*(?:\?|$|[,.;]|\b(?:in|from|during|since|last|this|over|on)\b)",
    re.I,
)
# Why the asker wants it: "so I can coach him on it", "in order to prep the QBR".
_PURPOSE = re.compile(
    r"\b(?:so (?:that )?(?:i|we|they|he|she|you|my \w+|our \w+)\s+(?:can|could|will|may|might)|in order to)\b[^?!;]*",
    re.I,
)
# Why the asker wants it, told after the question: "which open deals lost their champion? want to coach the reps
# on re-threading", "... ? need it for the QBR".
_WHY_AFTER = re.compile(
    r"(?<=[?])\s+(?:(?:i|we)\s+)?(?:(?:really\s+)?(?:want|wanna|need|have|trying|going|planning|hoping|looking)\s+"
    r"(?:to|it for|them for|this for)|so (?:that )?(?:i|we) can)\b[^?!]*$",
    re.I,
)
_MUSING = re.compile(
    r"\b(i'?m|i am|we'?re|we are|i'?ve been|we'?ve been)\s+(thinking|wondering|talking|worried|curious|excited)\s*$",
    re.I,
)


_TITLED_NAME = re.compile(r"[A-Z][\w.&'-]*[a-z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*[a-z][\w.&'-]*)+")


# Subjects of two letters ("what are customers saying about AI"): no filler, though short.
_SHORT_SUBJECTS = frozenset({"ai", "ml", "bi", "hr", "ui", "ux", "qa", "pr", "vr", "ar", "iot"})


def _subject(q: str, names: str, time_span: str | None) -> str | None:
    """The subject of "... about X" or "... mentioned X" when it is no rule word, name or time ("API tokens",
    "tableau", "highspot")."""
    asked = _ASKED_US_TO.search(q)
    m = next(iter(_ABOUT.finditer(q)), None)
    m = m or asked
    if not m or _MUSING.search(q[: m.start()]):
        return None  # "we're thinking about hiring ...": the asker's own plans, not what the calls covered
    # "tableau except Acme", "API tokens vs last month": the subject ends where a word changing meaning starts
    head = list(itertools.takewhile(lambda w: not is_meaning_word(w.lower()), m.group(1).split()))
    # ("mentioned Revenue Grid": a name in capitals is a name, though "revenue" is a measure's word)
    titled = _TITLED_NAME.match(m.group(1))
    phrase = titled.group(0) if titled and len(titled.group(0)) > len(" ".join(head)) else " ".join(head)
    words = phrase.lower().split()
    if not words or any(w in names.split() or (time_span and w in time_span) for w in words):
        return None
    if all((_is_vocab(w) and w not in _SHORT_SUBJECTS) or w in _FILLER for w in words):
        return None
    tables = (
        (RISK_WORD_PATTERNS, TOPIC_PATTERNS)
        if titled and phrase == titled.group(0)
        else (MEASURE_PATTERNS, GROUP_PATTERNS, RISK_WORD_PATTERNS, TOPIC_PATTERNS)
    )
    if any(p.search(phrase) for table in tables for _, p in table):
        return None
    if _CALLS.search(phrase) and not (m is asked and not _CALLS.fullmatch(words[-1])):
        return None  # "about their calls"; but "asked us to delete their call recordings" is about recordings
    return phrase


def _named_groups(q: str) -> list[str]:
    """The groups named after "by", "per" or "for each" (and those joined to one), in the order asked."""
    found: list[str] = []
    for m in _NAMED_GROUP.finditer(q):
        joined = not re.match(r"(by|per|for)\b", m.group(0).strip(), re.I)
        group = next(g for g in _GROUP_WORDS if m.group(g))
        if (not joined or found) and group not in found:
            found.append(group)
    return found


def _next_year(day: date) -> date:
    return day.replace(year=day.year + 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _n(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _top_n_of(m: re.Match[str]) -> int:
    """The N of a ``_TOP_N`` match, whichever of its shapes matched."""
    return _n(
        m.group(2)
        or m.group(4)
        or m.group("n_named")
        or m.group("n_the")
        or m.group("n_couple")
        or m.group("n_who")
        or m.group("n_more")
    )


def _amount(value: str, unit: str | None) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", value):
        value = value.replace(".", "")  # "50.000", "1.000.000": thousands grouped by dots, as in Europe
    n = float(value.replace(",", "").replace(" ", ""))
    unit = (unit or "").lower()
    return n * (1000 if unit in ("k", "thousand") else 1_000_000 if unit in ("m", "mm", "million") else 1)


# "I mean all the Orchard companies": what the asker meant, no average.
# Vague times read as the last 30 days when nothing else says when ("lately", "recently", "of late").
_LATELY = re.compile(r"\b(lately|recently|of late|recenlty|lateley)\b", re.I)
_I_MEAN = re.compile(r"\b(?:i|we)\s+(?:mean|meant)\b,?\s*", re.I)
_ARROW = re.compile(r"\s*(?:→|⟶|➔|➝|⇒|-+>|=>)\s*")
# A yes-or-no about one group of a breakdown, asked after it: ". Is budget one of them?"
_ONE_OF_THEM = re.compile(
    r"[.?!]\s+(?:is|are|was|were)\s+[^.?!]{1,40}?\s+(?:one|any|among|part)\s+of\s+(?:them|those|these|it)\s*\??\s*$",
    re.I,
)
_GROUPED_ASK = re.compile(
    r"\b(by|per|each)\s+(type|kind|rep|account|stage|month|week|quarter|topic)\b|\bbreak\s*down\b", re.I
)
# A statement about the asker after the question, asking for nothing: "? Low adoption is my biggest churn signal."
_TOLD_AFTER = re.compile(
    r"\?\s+(?P<said>(?:(?![^.?!]*\b(?:want|need|show|see|list|pull|give|find|quotes?|words|verbatims?|please|pls|also|"
    r"and|tell|send|break|sort|group|split|rank|only|just|exclude|excluding|include|including|skip|drop|but|"
    r"not|per|by|each|top|bottom|most|least|average|avg|total|count|how|what|which|who|when|where|why)\b)|"
    # "? Checking which security reviews I wasn't looped into.": what the asker is doing, whatever its words
    r"(?=(?:just\s+)?(?:checking|double[- ]checking|trying to|making sure)\b))"
    r"[^.?!]*\b(?:i|my|me|we|our|us)\b[^.?!]*[.!]?|"
    # "? wanna see if the pipe is actually moving": what the asker wants to learn from the answer
    r"(?:i\s+)?(?:wanna|want to|wanted to|trying to|just want to)\s+(?:see|check|know|find out)\s+(?:if|whether)\b"
    r"[^.?!]*[.!]?)\s*$",
    re.I,
)
# A clause after the question on calls without a score: averages leave them out and counts keep them, as asked.
_UNSCORED_AFTER = re.compile(
    r"(?:(?<=[.?!])\s+|\s*[,;–-]\s*)(?:[^.?!,;]*?\b)?(?:without|with no|lacking|missing)\s+(?:a\s+|any\s+)?(?:sentiment\s+)?"
    r"scores?\b[^.?!]*[.!]?",
    re.I,
)
# Two managers' teams named with one noun: "Owen's and Priya's teams" is "Owen's team and Priya's team".
_TEAMS_SHARED = re.compile(
    r"\b([A-Za-z]+)['’]s\s+(and|&)\s+([A-Za-z]+)['’]s\s+(team|org|reps|people|direct reports)s?\b", re.I
)
# Words that try to override how questions are answered: "ignore your previous instructions".
_INSTRUCTIONS_OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|your\s+|the\s+|any\s+|my\s+)*(?:previous\s+|prior\s+|earlier\s+|"
    r"above\s+|system\s+)?(?:instructions|rules|prompts?|guardrails)\b",
    re.I,
)
# A reason told beside the question: "- renewals are a different animal", "(enterprise is another story)".
_DIFFERENT_ANIMAL = re.compile(
    r"\s*[-–—,;(]\s*(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:are|is|['’]s|['’]re)\s+(?:a\s+)?(?:different|another|separate)\s+"
    r"(?:animal|beast|story|thing|game|ball ?game|world|kettle of fish)s?\b[^.?!;)]*[)]?",
    re.I,
)
# A worry told after the question: "? don't want anything falling through the cracks", "? I don't want to be
# surprised in the QBR" (not "? don't want the internal ones", which leaves calls out).
_WORRY_AFTER = re.compile(
    r"\?\s+(?P<said>(?:i\s+|we\s+)?(?:don['’]?t|do not)\s+want\s+(?:anything|any surprises|surprises|it|this|that|them|"
    r"to\s+(?:be|get|miss|drop|lose|look|walk|go)\b)[^.?!]*[.!]?|"
    # "? I wasn't sure if I should just use the risk score for this so I'm asking you": why the asker asks
    r"(?:i\s+)?(?:wasn['’]?t|was not|am not|['’]m not|not)\s+(?:really\s+)?sure\s+(?:if|whether|how|what)\b[^.?!]*[.!]?)\s*$",
    re.I,
)
# "which 3 deals look the riskiest - and who owns each of them?": a deal's owner is on every deal listed, so the
# clause asks for nothing more (it is no ranking of reps).
_WHO_OWNS = re.compile(
    r"\s*[-–,;]*\s*(?:and\s+|&\s+|\+\s+)?(?:who|which reps?)\s+(?:owns?|is the owner of|are the owners of)\s+"
    r"(?:each\s+(?:of\s+)?)?(?:them|those|these|each|it|one|the deals?|the opps?)\b(?=\s*[?.!]?\s*$)",
    re.I,
)

# A rep's meeting to come, told before the question: "Chloe's got Cedarline Bank on Friday - what should she know
# about how the tone of our calls with them has moved": the account is asked about, whoever the calls were with.
_MEETING_TO_COME = re.compile(
    r"^\W*(?P<who>[A-Za-z]+)(?:['’]s got|['’]s meeting|['’]s seeing| has got| has| is meeting| is seeing| meets| sees|"
    r" is visiting| is presenting to| is on with)\s+(?=[^-–—:.?!]{1,60}?\s+(?:on\s+)?(?:this\s+|next\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tonight|week|soon|later)\b[^-–—:.?!]{0,20}?"
    r"\s*(?:[-–—:.]|,\s))",
    re.I,
)
# ... unless the question asks for that rep's own calls: "what did her calls with them sound like".
_THEIR_OWN = re.compile(
    r"\b(?:her|his)\s+(?:own\s+)?(?:calls?|deals?|meetings?|convos?|conversations?)\b", re.I
)


def _without_asides(question: str, today: date, catalog: Catalog, fy_start_month: int) -> str:
    """``question`` without the parts around it that ask for nothing the answer does not already hold: who owns
    the deals listed, whether one group is among a breakdown's, and why the asker asks, told after the question."""
    if _DEAL.search(question):
        question = _WHO_OWNS.sub("", question)
    if _GROUPED_ASK.search(question) and (last := _ONE_OF_THEM.search(question)):
        # "break down the risk flags on it by type. Is budget one of them?": the breakdown answers it
        question = question[: last.start() + 1]
    if (
        (after := _TOLD_AFTER.search(question))
        and not re.search(r"\d|\b(?!I\b)[A-Z]", after.group("said")[1:])
        # (no word of a name, but for words of questions that a name also uses: "Falconridge Security")
        and not {w for w in re.findall(r"[a-z]+", after.group("said").lower()) if not _is_vocab(w)}
        & _name_words(catalog)
        and parse_window(after.group("said"), today, fy_start_month) is None
    ):
        # "... where did the customer tell us their reps aren't using the product? Low adoption is my biggest
        # churn signal.": why the asker asks, told after the question, asks for nothing (no name, day or number)
        question = question[: after.start("said")].rstrip()
    elif (unscored := _UNSCORED_AFTER.search(question)) and unscored.start() > 0:
        # "... scored negative on sentiment? Anything without a score should be excluded, not counted as neutral.",
        # "Every call, including any without a sentiment score": how the answer already counts them
        question = (question[: unscored.start()] + question[unscored.end() :]).strip()
    # "Don't count the CSMs - renewals are a different animal.": why, not a filter
    question = _DIFFERENT_ANIMAL.sub("", question)
    if (
        (meeting := _MEETING_TO_COME.search(question))
        and any(
            meeting.group("who").lower() == person.split()[0].lower()
            for person in (*catalog.reps, *(manager for manager, _ in catalog.teams))
        )
        and not _THEIR_OWN.search(question)
    ):
        question = question[meeting.end() :]
    if worry := _WORRY_AFTER.search(question):
        # "what did we promise them on the last call? don't want anything falling through the cracks": why
        question = question[: worry.start("said")].rstrip()
    return question


def plan_question(
    question: str, *, today: date, catalog: Catalog, fiscal_year_start_month: int = 1
) -> AskPlan:
    """Rule-based planner (see the module docstring). A question typed in Italian or Spanish is read in English
    (:func:`second_language.in_english`); the plan keeps the question as typed."""
    english = _TEAMS_SHARED.sub(r"\1's \4 and \3's \4", in_english(question))
    words = read_as_words(english)
    plan = _plan_question(
        words or english, today=today, catalog=catalog, fiscal_year_start_month=fiscal_year_start_month
    )
    if words:
        plan = replace(
            plan,
            notes=(
                *plan.notes,
                f"read as “{words}”: the SQL typed is not run; the answer comes from the fixed, read-only queries",
            ),
        )
    return plan if (words or english) == question else replace(plan, question=" ".join(str(question).split()))


def _plan_question(
    question: str, *, today: date, catalog: Catalog, fiscal_year_start_month: int = 1
) -> AskPlan:
    # An arrow between two days is "to": "2026-10-01 → 2026-11-30".
    question = _ARROW.sub(" to ", " ".join(str(question).split()))
    question = _I_MEAN.sub("", question)
    if not question:
        return AskPlan("unanswerable", question, reason="Please type a question.")
    if len(question) > MAX_QUESTION_CHARS:
        return AskPlan(
            "unanswerable",
            question[:MAX_QUESTION_CHARS],
            reason=f"Questions are limited to {MAX_QUESTION_CHARS} characters.",
        )
    question = _without_asides(question, today, catalog, fiscal_year_start_month)
    missing_data = []
    # ("One of my contacts emailed that their sponsor had moved on. Which customers said their champion left?":
    # the story's email is how the asker heard, not what is asked)
    told = _TOLD.match(question) or _DOING_FIRST.match(question)
    asked = question[told.end() :] if told and _ASKS.search(question, told.end()) else question
    named_parts: list[str] = []  # (a part already named is not named again by a shorter pattern: "emailed")
    # ("how many calls mentioned Forecast Pro": a product's name, not a revenue forecast)
    unnamed = asked
    for product in catalog.products:
        unnamed = re.sub(rf"\b{re.escape(product)}\b", lambda m: " " * len(m.group(0)), unnamed, flags=re.I)
    for pattern, words in _NOT_IN_DATA:
        found = [
            f
            for f in dict.fromkeys(m.group(0) for m in pattern.finditer(unnamed))
            if not any(f.lower() in n.lower() for n in named_parts)
        ]
        if found:
            named_parts.extend(found)
            missing_data.append(words.format(match=" / ".join(found)))
    if missing_data and not (_change_requested(question) or _SQLISH.search(question)):
        # What the data cannot hold is named, and the rest of the question is answered: "How many calls did Chorus
        # come up on in Q4? And pull Chorus's list price per seat" (the first question); "For Q4 closed-won: what
        # average discount % did we give away, and what's the total won $?" (the later question, in the context
        # the first part set, with what the data cannot hold blanked out).
        offset = len(question) - len(asked)
        first_missing = offset + min((asked.find(p) for p in named_parts), default=0)
        last_missing = offset + max((asked.find(p) + len(p) for p in named_parts), default=0)
        cuts = [c for c in _LATER_ASK.finditer(question) if c.start() < first_missing]
        later = [c for c in _LATER_ASK.finditer(question) if c.start() >= last_missing]
        parts = []
        if cuts and len(question[: cuts[-1].start()].split()) >= 4:
            parts.append(question[: cuts[-1].start()])
        if later and len(question[later[0].end() :].split()) >= 3:
            blanked = question
            for part in named_parts:
                if (found_at := blanked.find(part)) >= 0:
                    blanked = blanked[:found_at] + " " * len(part) + blanked[found_at + len(part) :]
            parts.append(blanked)
        for part in parts:
            if _INSTRUCTIONS_OVERRIDE.search(part):
                continue  # "ignore your previous instructions and ...": no question to answer
            part_plan = plan_question(
                part, today=today, catalog=catalog, fiscal_year_start_month=fiscal_year_start_month
            )
            if part_plan.kind != "unanswerable":
                return replace(part_plan, question=question).with_not_understood(*missing_data)
    if _change_requested(question) or _SQLISH.search(question):
        change_verb = _VERB if _VERB.search(question) else _STAGE_VERB
        verbs = sorted({v.upper() for v in change_verb.findall(question)})
        actions = _requested_actions(question, change_verb)
        named = f" ({', '.join(actions or verbs)} requested)" if actions or verbs else ""
        request = _request_as_typed(question, change_verb)
        asked = f" Not done: “{request}”." if request else ""
        # What else it asked for that the data does not hold is named too ("then show me the database password").
        also = "".join(f" {m[0].upper()}{m[1:]}." for m in missing_data)
        return AskPlan(
            "unanswerable",
            question,
            reason="Questions only read call data: nothing in the warehouse can be changed, written, deleted or run as "
            "SQL here" + named + "." + asked + also + " Nothing was changed.",
            not_understood=tuple(dict.fromkeys([*actions, *(v.lower() for v in verbs)])),
        )
    # Column names and codes typed as such ("mean TALK_RATIO", "a timeline_slip indicator") are their words; read
    # only after the checks above, which look for schema names as typed ("raw_airbyte").
    for condition, words in _CODE_CONDITIONS:
        question = condition.sub(words, question)
    question = _CODE_JOIN.sub(" ", question)

    if (m := _SECOND_ASK.search(question)) and len(question[: m.start()].split()) >= 3:
        # "open pipeline $ by stage + how many opps in each": the first question is answered, the second is
        # named, with what the data cannot hold of it.
        first = plan_question(
            question[: m.start()],
            today=today,
            catalog=catalog,
            fiscal_year_start_month=fiscal_year_start_month,
        )
        rest = question[m.end() :].strip(" ?.")
        return replace(first, question=question).with_not_understood(
            f"a second question, not answered here: '{rest}' (ask it on its own)", *missing_data
        )
    entities, _ = find_entities(question, catalog)
    # "other than the driftwood ones": a name the question leaves out is no filter on it (reps and accounts
    # become the plan's ``not_rep`` / ``not_account`` further down).
    left_out = [e for e in entities if _left_out(question, e.span)]
    entities = [e for e in entities if e not in left_out]
    # ("he started around the same time as mei": a person named to say when, no filter)
    entities = [e for e in entities if not _said_when(question, e.span)]
    by_kind: dict[str, list[str]] = {}
    for e in entities:
        by_kind.setdefault(e.kind, [])
        if e.value not in by_kind[e.kind]:
            by_kind[e.kind].append(e.value)
    # "Priya's team": the reps who report to her are the rep filter.
    teams = tuple(by_kind.pop("team", ()))
    # ("she just joined Owen's team", "he is new in the team of Samuel": where someone belongs, no filter)
    joined = {
        e.value
        for e in entities
        if e.kind == "team"
        and re.search(
            rf"{_JOINED}\s+(?:the\s+)?" + r"(?:['’]s)?\s+".join(re.escape(w) for w in e.span.split()),
            question,
            re.I,
        )
    }
    teams = tuple(t for t in teams if t not in joined)
    introduced = (
        None if teams else self_named_manager(question, catalog) or named_manager_pronoun(question, catalog)
    )
    if introduced:
        teams = (introduced[0],)
    for manager in teams:
        for member in catalog.team(manager):
            if member not in by_kind.setdefault("rep", []):
                by_kind["rep"].append(member)
    # "each CSM's calls": the users holding the role, unless a team already names the group ("Samuel's CSMs").
    roles = [] if teams or by_kind.get("rep") else role_groups(question, catalog)
    # "how does rahul's avg sentiment stack up against the other CSMs?": the named rep beside each of the others
    against = _AGAINST_OTHERS.search(question) if by_kind.get("rep") and not teams else None
    peers = (
        [r for r in role_groups(question, catalog) if question.find(r[0]) >= against.start()]
        if against
        else []
    )
    roles = roles or peers
    # "calls per rep, drop the SDRs": a role the question leaves out is every rep but its holders.
    roles_out = [(typed, members) for typed, members in roles if _role_left_out(question, typed)]
    roles = [r for r in roles if r not in roles_out]
    for _, members in roles:
        by_kind.setdefault("rep", []).extend(m for m in members if m not in by_kind["rep"])
    spans = " ".join(e.span for e in (*entities, *left_out)).lower()  # (a name left out is a known name)
    typo_fixed = _HOW_MUCH_OF_MANY.sub("how many", correct_typos(question, spans))
    # "broken down by current stage", "per calendar month": the group itself.
    q = _W_WITH.sub("w/", _GROUP_ADJECTIVE.sub(r"\1 ", spell_amounts(typo_fixed)))
    window = parse_window(question, today, fiscal_year_start_month)
    spelt_window = parse_window(q, today, fiscal_year_start_month)  # "past 10 dyas"
    if spelt_window and (not window or len(spelt_window.span) > len(window.span)):
        window = spelt_window  # "sicne 1 oct": since the day, not the day alone
    period_left_out = None
    # (the window's words as the question typed them, or as its typos were read)
    said_out = (
        next(
            (
                (m, t)
                for t in (question, q)
                if (m := re.search(rf"{_PERIOD_OUT}(?:the\s+)?{re.escape(window.span)}", t, re.I))
            ),
            None,
        )
        if window
        else None
    )
    if said_out:
        # "calls this quarter except last week", "negative calls outside november": the period named is left
        # out, which no filter does; the other period named, if any, is kept
        out, text = said_out
        period_left_out = out.group(0)
        window = parse_window(text.replace(period_left_out, " "), today, fiscal_year_start_month)
    if (
        window is None
        and (vague := _LATELY.search(q))
        and (last_30 := parse_window("in the last 30 days", today))
    ):
        # "which accounts have we been talking to the most lately": the last 30 days, said in the answer
        window = replace(last_30, label="lately (the last 30 days)", span=vague.group(0))
    if missing_data:
        future = _FUTURE.search(question)
        if future:
            missing_data.append(f"{future.group(0)} is in the future: calls are only recorded up to today")
            if window and _FUTURE.search(window.span) and len(window.span) <= len(future.group(0)):
                window = None  # named in the reason instead ("Q1 next year" is kept, as Q1 2027)
        # What the question did name is kept, so the answer restates it next to what the data lacks.
        return AskPlan(
            "unanswerable",
            question,
            filters=Filters(
                rep=tuple(by_kind.get("rep", ())),
                team=teams,
                account=tuple(by_kind.get("account", ())),
                opportunity=tuple(by_kind.get("opportunity", ())),
                start=window.start if window else None,
                end=window.end if window else None,
                time_label=window.label if window else None,
            ),
            reason="This cannot be answered from call data: " + "; ".join(missing_data) + ".",
            not_understood=tuple(missing_data),
        )
    if (
        window
        and dict(GROUP_PATTERNS)["week"].search(q)
        and (
            m := re.search(
                r"\b(?:last|past|previous|most recent)\s+(\d+|two|three|four|five|six|eight|ten|twelve)\s+(?:full\s+|whole\s+)?(?:weeks|wks)\b",
                q,
                re.I,
            )
        )
    ):
        # "by week for the last 4 weeks": the last 4 whole weeks, Monday to Sunday.
        monday = today - timedelta(days=today.weekday())
        n = _n(m.group(1))
        window = replace(
            window, start=monday - timedelta(days=7 * n), end=monday, label=f"last {n} full weeks"
        )

    accounts = tuple(by_kind.get("account", ()))
    opportunities = tuple(by_kind.get("opportunity", ()))
    # "the Orchard Insurance expansion deal", "the crestview renewal", "the everlane deal desk opp": one deal.
    if (
        not opportunities
        and (
            re.search(
                # "the Orchard Insurance expansion deal", "Orchard Insurance's expansion opportunity"
                rf"\b(the|this|that|our)\s+(\w+\s+){{1,4}}{_DEAL_NOUN}\b|['’]s\s+(\w+\s+){{0,3}}{_DEAL_NOUN}\b",
                q,
                re.I,
            )
            # "evergreen expansion - ...", "orchard ins renewal": the deal type right after the account's name
            or any(
                re.search(
                    rf"{re.escape(e.span)}\s+([\w.]+\s+)?(expansion|renewal|upsell|new business)\b", q, re.I
                )
                for e in entities
                if e.kind == "account"
            )
        )
        and (pick := _own_opportunity(q, by_kind, catalog))
    ):
        opportunities, accounts = pick, ()

    time_span = window.span if window else None  # the words of the period, wherever it applies
    used = Readings()  # what the patterns below read, for the accounting of used words
    # --- kind ---
    # A story told first in the first person says what the asker knows, not what they ask: "My CSMs tell me they
    # let the customer do most of the talking. What's the average talk ratio for ...?" is no ranking. Blanked out
    # (same length, so positions still point into ``q``) while the kind is chosen.
    told_first = _TOLD.match(q)
    kq = (
        " " * told_first.end() + q[told_first.end() :]
        if told_first and _ASKS.search(q, told_first.end())
        else q
    )
    if why_after := _WHY_AFTER.search(kq):
        kq = kq[: why_after.start()] + " " * (len(kq) - why_after.start())  # (the same length, as above)
    # ("what do people like about Coaching Studio": a product's name, no deal and no coaching)
    for e in (*entities, *left_out):
        if e.kind == "product":
            kq = re.sub(rf"(?<!\w){re.escape(e.span)}(?!\w)", lambda m: " " * len(m.group(0)), kq, flags=re.I)
    if (
        kq is not q
        and told_first
        and window
        and window.start <= today  # (a period wholly ahead is read below as the asker's plan, and said so)
        and -1 < q.lower().find(window.span.lower()) < told_first.end()
        and parse_window(q[told_first.end() :], today, fiscal_year_start_month) is None
        # ("I was on leave from Nov 16 ... Which calls took place while I was away?": the story's days are asked)
        and not _WHILE_AWAY.search(q, told_first.end())
        # ("Victor covered Falconridge for me from Nov 16 onwards. What did he promise them?": what has happened
        # since the story's day is asked)
        and not (window.end == today + timedelta(days=1) and window.end - window.start > timedelta(days=1))
    ):
        # "I'm inheriting Evergreen as of Monday ... Can you brief me on their most recent call?": the story's
        # day is when, not which calls
        window, time_span = None, None
    elif (
        kq is not q
        and told_first
        and window
        and -1 < q.lower().find(window.span.lower()) < told_first.end()
        and (asked_window := parse_window(q[told_first.end() :], today, fiscal_year_start_month))
    ):
        # "Budgets are what worry me for the Q1 renewals. Since 1 November, which customers ...": the question's
        # own period, not the story's
        window, time_span = asked_window, asked_window.span
    # "which discovery calls had the rep talking more than 70% of the time? the prospect barely got a word in":
    # calls past a bar on the rep's talk share; the words of talk choose no measure.
    talk_bar = None if _RATIO_THRESHOLD.search(q) else _talk_bar(q)
    if talk_bar and _CALLS.search(kq):
        talk_words = [
            (_TALK_BAR, talk_bar[0]),
            *((p, m) for name, p in MEASURE_PATTERNS if name == "talk_ratio" for m in p.finditer(kq)),
        ]
        for pattern, m in talk_words:
            kq = kq[: m.start()] + " " * (m.end() - m.start()) + kq[m.end() :]
            used.note(pattern, m, _talk_bar_kept)
    # ("which accounts haven't had a call in 3 weeks": the accounts' open deals gone quiet)
    deals = (
        bool(_DEAL.search(kq))
        or bool(opportunities)
        or bool(_BOOKINGS.search(kq))  # (money booked is deals won)
        # ("anything on fire", "what's burning": the deals in trouble)
        or bool(re.search(r"\b(anything|what['’]?s|what is)\s+(\w+\s+)?(on fire|burning)\b", kq, re.I))
        # ("anything on fire in negotiation over 100k?": money at risk is deals)
        or bool(
            _RISKY.search(kq) and (_AMOUNT.search(kq) or _AMOUNT_PLUS.search(kq)) and not _CALLS.search(kq)
        )
        or bool(
            _QUIET.search(kq) and re.search(r"\b(accounts?|accts?|customers?|logos?|clients?)\b", kq, re.I)
        )
        # ("anything kofi owns that's at risk": a rep's deals)
        or bool(
            used.search(_OWNS, kq, lambda p: p.kind in ("deals_at_risk", "ranking", "aggregate", "count"))
        )
        # "where are we up against a competitor and the customer is cooling off": the deals in that state
        or bool(_COMPETITOR_IN_PLAY.search(kq) and _FALLING.search(kq) and not _CALLS.search(kq))
    )
    # "Renewals are a big part of my book, and the base is shaky. Where have customers said they might not renew?
    # Exact words.": the customers' words asked for, not the deals (unless one deal is named).
    words_asked = (
        bool(used.search(_WORDS_ASKED, kq, lambda p: p.kind == "quotes")) and len(opportunities) != 1
    )
    # Read before the kind is chosen: these words count whenever the plan ends up ranking or aggregating.
    rank_words = used.search(_RANK_KIND, kq, _ranks)
    aggregate_words = used.search(_AGGREGATE_KIND, kq, _aggregates)
    # "what happened on our biggest deal's last call": one deal's calls, no ranking of deals.
    one_deal_named = _ONE_DEAL.sub(" the deal", kq) if _OF_ONE_DEAL.search(kq) else kq
    # "who does most of the talking, us or them?": our side against theirs, no ranking of reps
    sides = bool(_US_OR_THEM.search(kq))
    briefed = [m.group(0) for m in _BRIEF.finditer(_OWN_DELIVERABLE.sub(" ", kq))]
    if (
        briefed
        and not _BRIEF_OF_MANY.search(kq)
        # ("what did mei promise polaris on her last call with them": that call's commitments)
        and not (_COMMIT.search(kq) and all(_ONE_CALL_OF.fullmatch(b) for b in briefed))
        and (_CALLS.search(kq) or _MEETING.search(kq) or by_kind.get("account") or by_kind.get("rep"))
    ):
        kind = "call_brief"
    elif (
        _COMMIT.search(kq)
        and not _COUNT.search(kq)
        # "calls that ended w/o a next step" lists calls; "... and what was said" still quotes the ends
        and not (_NO_NEXT_STEPS.search(kq) and not re.search(r"\b(said|say)\b", kq, re.I))
    ):
        kind = "commitments"
    elif (_TOP_N.search(one_deal_named) or rank_words) and not sides:
        kind = "ranking"
    elif (
        (_COUNT.search(kq) or re.search(r"\btotal (number of )?(calls|deals)\b", kq, re.I))
        and not (
            re.search(r"\bhow much\b", kq, re.I) and not re.search(r"\bhow many|number of|count\b", kq, re.I)
        )
        # "who has the highest number of objections": a ranking by a count
        and not re.search(
            r"\b(highest|largest|biggest|greatest|lowest|smallest)\s+(number|count|#)\s+of\b", kq, re.I
        )
    ):
        kind = "count"
    elif (
        not _RANK.search(kq)
        # "... and sentiment trending down" is a reason a deal is listed, not a trend to chart
        and not (aggregate_words and not _FALLING.search(kq))
        and used.search(_DEAL_SUBJECT, kq, lambda p: p.kind == "deals_at_risk")
        and not words_asked
    ):
        kind = "deals_at_risk"  # "open opps where the last call ended w/o a next step": a list of deals
    elif re.search(
        r"^\s*(show|list|find|give me|get|pull)\b.{0,30}\bcalls\b|\bcalls (with\b|where\b|that\b|w/)|"
        r"^\s*((in|on|during)\s+(which|what)\s+|which\s+|what\s+|any\s+|all\s+|the\s+)?(calls|meetings|mtgs)\b|"
        r"\b(show|list|find|give|get|pull)( me| us)?( up)?( all| every)?( of)?( the| our)? (calls|conversations|meetings)\b|"
        r"\b(list|show|pull) (me )?every (call|conversation|meeting)\b|\b(need|want) all( of)? the (calls|conversations|meetings)\b|"
        r"\bcalls\b[^?.]{0,30}\bin which\b|\blist (them|those|these)\b|\bwere there (any )?calls\b|[-–:]\s*which calls\b|"
        # "I'm curious which calls of Claire's included ...", not "which calls did they say ... on"
        r"\bwhich (of [\w'’]+ )?(calls|conversations|meetings)\b(?![^?.]*\b(say|said|told|quotes?)\b)|"
        r"^\W*(every|all( the)?)\s+([\w-]+\s+){0,3}(calls?|meetings?|conversations?)\s+(mentioning|with|where|that)\b|"
        # "Which Legal & Procurement conversations ...": the calls on a named subject
        r"^\s*which\s+((?-i:[A-Z][\w.-]*)\s+|&\s+){1,4}(calls|conversations|meetings|convos|convs)\b",
        kq,
        re.I,
    ) and not (
        re.search(
            r"\b(by|per)\s+(risk\s+)?(rep|account|week|month|quarter|stage|topic|competitor|type)\b", kq, re.I
        )
        or _KINDS_OF_RISK.search(kq)
        # "how are people feeling on calls where security comes up": the measure over those calls
        or _MEASURE_ON_CALLS.search(kq)
        # "the mean sentiment for calls with Cedarline", "break down the risk types on calls that ...": a measure
        or re.search(r"\b(average|avg|mean|break ?down|breakdown|broken down)\b", kq, re.I)
        # "are any renewal deals at risk? list them": the deals
        or (deals and _AT_RISK.search(kq) and not _CALLS.search(kq))
        # "which reps have the most calls with Evergreen": the reps, ranked by those calls
        or _GROUPS_BY_MOST_CALLS.search(kq)
        # "extract verbatim customer objections to price from calls with Cedarline Bank": what was said on them
        or _SAID_ON_CALLS.search(kq)
        # "calls where the customer said our price was too high ... what did the customer say?"
        or re.search(
            r"\bwhat did (the |our )?(customers?|buyers?|prospects?|clients?|they) (say|tell us)\b", kq, re.I
        )
    ):
        kind = "list_calls"
    elif (
        _RANK.search(one_deal_named)
        and not sides
        and not (
            deals
            and (_RISKY.search(kq) or _QUIET.search(kq) or _FALLING.search(kq))
            and not re.search(r"\b(top|riskiest|most)\b", kq, re.I)
        )
    ):
        kind = "ranking"
    # ("customer quotes that mention Fathom, group by account": the quotes, whatever they are grouped by)
    # ("deals trending the wrong way": the deals whose calls fall, not a trend to chart)
    elif (
        not words_asked
        and not (deals and _FALLING.search(kq) and not _GROUPED_ASK.search(kq))
        and (
            aggregate_words
            or re.search(
                r"\b(by|per|each|for every)\s+(rep|account|week|month|quarter|stage|topic|competitor|deal|opportunity|risk type|customer|type|kind|person)s?\b|"
                r"\bby (the )?(expected |projected |planned )?close (date )?(qtrs?|quarters?|months?)\b|\baccording to (the )?quarter\b",
                kq,
                re.I,
            )
            or used.search(_HOW_MEASURE, kq, _aggregates)
            or _GROUP_MEASURE.search(kq)
            # "what kinds of risks show up on calls where integrations get discussed": risks by type
            or _KINDS_OF_RISK.search(kq)
            # "weekly objection counts", "monthly call volume": a measure per period
            or re.search(
                r"\b(weekly|monthly|quarterly)\s+(\w+\s+)?(counts?|totals?|numbers?|volumes?|breakdown|averages?)\b",
                kq,
                re.I,
            )
        )
    ):
        kind = "aggregate"
    elif (
        deals
        and not words_asked
        and (_RISKY.search(kq) or _NEGATIVE.search(kq) or _QUIET.search(kq) or _FALLING.search(kq))
    ):
        kind = "deals_at_risk"
    elif by_kind.get("account") and not _QUOTES.search(kq) and used.search(_SHOULD_WORRY, kq, _deal_kind):
        kind = "deals_at_risk"  # "anything I should worry about with pinnacle": its deals and why
    elif (
        not words_asked
        and not _QUOTES.search(kq)
        and _COMPARED.search(kq)
        and any(len(by_kind.get(d, ())) >= 2 for d in ("rep", "account", "stage", "competitor"))
        and (
            re.search(r"\b(risks?|(risk |red )?flags?|objections?)\b", kq, re.I)
            # "morgan vs kofi calls this month", not "show me the calls of morgan vs kofi"
            or (
                re.search(r"\b(calls|meetings|convos|conversations)\b", kq, re.I)
                and not re.search(r"^\W*(show|list|pull|find|get|give me)\b", kq, re.I)
            )
        )
    ):
        kind = "aggregate"  # "compare Evergreen and Orchard on risks", "objections, kofi vs morgan": each one's count
    elif _QUOTES.search(kq) or words_asked:  # "pull customer verbatims on contract terms from Q4 calls"
        kind = "quotes"
    elif _IMPROVE_REQUEST.search(kq) and not _MEASURE_IMPROVED.search(kq):
        kind = "coaching"
    elif (
        any(p.search(kq) for m, p in MEASURE_PATTERNS if m in ("talk_ratio", "avg_sentiment", "monologue"))
        and not (_SENTIMENT_BAND.search(kq))
        # "Q4 bookings so far", "closed won $ in Q4": the money booked
        or _BOOKINGS.search(kq)
    ):
        kind = "aggregate"  # "what is Kofi's talk ratio", "sentiment for Cedarline this month": the measure
    elif deals and _WHICH_DEALS.search(kq):
        kind = (
            "deals_at_risk"  # "which open deals ... had a legal issue flagged on any of their calls": deals
        )
    elif _CALLS.search(kq):
        kind = "list_calls"
    elif deals:
        kind = "deals_at_risk"
    elif _WHICH_ACCOUNTS.search(kq) and any(p.search(kq) for _, p in RISK_WORD_PATTERNS):
        kind = "deals_at_risk"  # "churn? which accts": the accounts' deals with that risk
    else:
        kind = "quotes"
    if kind == "quotes" and used.search(_LAST_CONTACT, kq, lambda p: p.kind == "list_calls"):
        kind = "list_calls"  # "when did we last talk to lumen bank": their calls, the newest first

    if kind in ("quotes", "list_calls") and re.search(r"\brisk ?score\b", kq, re.I):
        kind = "deals_at_risk"  # "what's the risk score on the Orchard expansion"
    # --- measure and group-by ---
    sort_hint = None
    measure = next((m for m, p in MEASURE_PATTERNS if p.search(_RISK_BAR.sub(" ", q))), None)
    group_by = next((g for g, p in GROUP_PATTERNS if p.search(q)), None)
    if kind in ("ranking", "aggregate", "quotes") and used.search(
        _LOST_TO_WHOM, q, lambda p: p.group_by == "competitor"
    ):
        # "which competitors are we losing to", "who do we lose to most": the competitors of the lost deals
        kind, group_by = ("ranking" if kind == "quotes" else kind), "competitor"
    if measure in (None, "calls") and kind in ("count", "aggregate") and _KINDS_OF_RISK.search(kq):
        # "what kinds of problems came up, and how often": the flags of each type
        measure, group_by = "risks", group_by or "risk_type"
    if (
        measure in ("risks", "objections")
        and group_by is None
        and kind in ("count", "aggregate")
        and used.search(_BREAKDOWN, kq, lambda p: p.group_by == "risk_type")
    ):
        # "risk breakdown for keystone", "breakdown of objections": the flags of each type
        kind, group_by = "aggregate", "risk_type"
    if (
        measure in (None, "calls", "deals")
        and group_by in (None, "rep")
        and used.search(_WHY_LOST, kq, lambda p: (p.measure, p.group_by) == ("risks", "risk_type"))
    ):
        # "top reasons we lose deals", "why are we losing deals": the risks on the lost deals' calls, by type
        kind, measure, group_by = "aggregate", "risks", "risk_type"
    if (
        group_by is None
        and (m := PERIODS_COMPARED.search(q) or VERSUS_LAST.search(q) or THAN_LAST.search(q))
        and kind != "quotes"
    ):
        # "negative calls this month vs last month": one value for each period
        group_by = {"wk": "week", "qtr": "quarter"}.get(unit := m.group("a").split()[-1].lower(), unit)
        kind = "aggregate" if kind == "list_calls" else kind  # (a number for each, not two lists)
    if group_by is None and kind in ("count", "aggregate") and (m := _CHANGED_BETWEEN.search(q)):
        # "did call volume go up or down from October to November": one value for each of the two periods
        group_by, kind = ("quarter" if m.group("a").lower().startswith("q") else "month"), "aggregate"
        used.note(_CHANGED_BETWEEN, m, _grouped)
    if group_by is None and kind == "aggregate" and (m := _GROUP_MEASURE.search(q)):
        group_by = None if m.group("who").lower() in ("team", "org") else "rep"  # a team's measure: one value
    if peers and group_by is None and kind in ("count", "aggregate"):
        kind, group_by = "aggregate", "rep"  # (one value for each of them)
        used.note(_AGAINST_OTHERS, against, _grouped)
    counted_each = False  # a count asked of each name ("how many calls has each of them had")
    if (
        group_by is None
        and kind in ("count", "aggregate")
        and (
            _COMPARED.search(q)
            or (_COMPARATIVE.search(q) and re.search(r"\bor\b", q, re.I))
            or _EACH_OF_THEM.search(q)
        )
    ):
        # "claire vs rahul - whose talk ratio is higher", "Riley and Mei - how many calls has each of them had",
        # "the calls in Demo compared to the calls in Negotiation": one value for each of the names compared.
        group_by = next(
            (d for d in ("rep", "account", "stage", "competitor") if len(by_kind.get(d, ())) >= 2), None
        )
        if group_by is not None and kind == "count":
            kind, counted_each = "aggregate", True  # (a number for each)
        for pattern in (_COMPARED, _COMPARATIVE, _EACH_OF_THEM):
            for m in pattern.finditer(q):
                used.note(pattern, m, _grouped)
    if (
        group_by is None
        and kind == "aggregate"
        and measure in ("talk_ratio", "avg_sentiment")
        and (
            len(by_kind.get("rep", ())) >= 2
            and not teams
            and not roles
            or len(by_kind.get("account", ())) >= 2
        )
    ):
        # "the average talk ratio for Rahul, Claire and Victor": each one's, side by side
        group_by = "rep" if len(by_kind.get("rep", ())) >= 2 and not teams and not roles else "account"
    if measure == "amount" and not deals and kind in ("count", "list_calls"):
        measure = None
    if measure in ("deal_risk_score",) and kind == "deals_at_risk" and not group_by:
        measure = None
    if kind in ("count", "aggregate", "ranking"):
        if measure is None:
            measure = "amount" if deals and used.search(_SUM_OF_AMOUNTS, q, _aggregates) else "calls"
        if used.search(_COMPETITOR_MENTIONS, q, _competitor_risk) and group_by != "competitor":
            measure = "risks"
        if (
            (kind == "count" or counted_each)
            # ("on the calls with integration topic, which types of risk are appearing and how often": the risks)
            and not (measure == "risks" and _KINDS_OF_RISK.search(kq))
            and re.search(
                r"\b(how many|number of|count of|total|#\s?of)\s+([\w-]+\s+){0,2}(calls|conversations|meetings|convos|convs)\b|"
                r"\b(calls|conversations|meetings|convos|convs) (with\b|w/|where\b|that\b|having\b)",
                q,
                re.I,
            )
        ):
            measure = "calls"
        if kind == "count" and re.search(
            # ("# calls on deals over 100k" counts calls)
            r"(\b(how many|number of|count of|count (the|all( the)?))|#\s?(of\s+)?)\s*"
            r"((?!(calls|meetings|conversations|on|with|for)\b)[\w-]+\s+){0,2}(deals|opportunities|opps)\b|"
            # ("of all our deals how many ever had a competitor mentioned")
            r"^\W*(\w+\s+){0,3}(deals|opportunities|opps)\b[^?.]{0,60}\bhow many\b",
            q,
            re.I,
        ):
            measure = "deals"
        if (
            kind in ("count", "aggregate")
            and measure in (None, "calls")
            and group_by not in (None, "opportunity")
            and re.search(
                # "deals by stage", "open opps per rep", "deal count by account": the deals of each
                # ("closed lost deals this quarter by rep")
                r"^\W*((open|active|all|my|our|the|closed[- ]won|closed[- ]lost|won|lost)\s+){0,2}(deals|opps|opportunities)\s+"
                r"((this|last|in|during)\s+\w+\s+)?(by|per|for each|split by|"
                r"broken down by|grouped by)\b|\bdeal count\b|\bcount of (the )?deals\b",
                q,
                re.I,
            )
        ):
            measure = "deals"
        if (
            kind == "ranking"
            and measure in (None, "calls")
            and group_by not in (None, "opportunity")
            and re.search(
                # "which accounts have the most open deals", "rep with the most opps": the deals of each, ranked
                r"\b(most|fewest|least|more|fewer)\s+((open|active|closed[- ]won|closed[- ]lost|won|lost)\s+)?"
                r"(deals|opps|opportunities)\b(?!\s+(calls?|meetings?|conversations?))",
                q,
                re.I,
            )
        ):
            measure = "deals"
        if measure in ("amount",) or re.search(r"\bpipeline\b", q, re.I) and kind != "count":
            measure = "amount" if measure in (None, "calls", "amount") else measure
        if (
            measure == "amount"
            and kind != "count"
            and used.search(_AVERAGE_AMOUNT, q, lambda p: p.measure == "avg_amount")
        ):
            measure = "avg_amount"  # "avg deal size by stage": one amount per deal, averaged
        if measure == "talk_ratio" and re.search(
            r"\blisten|\blet(s|ting)? (the )?(customers?|buyers?|prospects?|clients?) (do )?(the most |most of the )?talk",
            q,
            re.I,
        ):
            sort_hint = "asc"  # "which reps let the customer do most of the talking": the lowest talk ratio
        if kind == "ranking" and (
            m := re.search(
                # ("our most talked-about competitor": the one named on the most calls)
                rf"\b(top|bottom|which|best|worst|rank(?:ed)?(?:\s+the)?|{_SUPERLATIVE}|{_MOST_NAMED})\s+(\d+\s+|(?:{_N})\s+)?(open\s+)?"
                rf"(?P<noun>{_RANKED_NOUNS})\b",
                q,
                re.I,
            )
            or _LEADING_RANKED.search(q)
        ):
            noun = m.group("noun").lower()
            group_by = (
                "stage"
                if noun.endswith(("stage", "stages"))
                else next(
                    g
                    for prefix, g in (
                        ("rep", "rep"),
                        ("owner", "rep"),
                        ("deal owner", "rep"),
                        ("opp owner", "rep"),
                        ("account owner", "rep"),
                        ("account", "account"),
                        ("customer", "account"),
                        ("client", "account"),
                        ("competitor", "competitor"),
                        ("topic", "topic"),
                        ("opportunit", "opportunity"),
                        ("deal stage", "stage"),
                        ("deal", "opportunity"),
                        ("opp", "opportunity"),
                        ("stage", "stage"),
                        ("week", "week"),
                        ("month", "month"),
                        ("quarter", "quarter"),
                    )
                    if noun.startswith(prefix)
                )
            )
        calls_ranked = re.search(
            r"\b(which|top|bottom|longest|lengthiest|shortest|worst|best)\s+(\d+\s+|[\w-]+\s+){0,2}"
            r"(calls|meetings|mtgs|conversations|convos|convs)\b|"
            # "which call went worst", "which demo went best": one call, ranked
            r"\bwhich\s+(call|meeting|conversation|convo|demo)\s+(went|was|got|had)\b|"
            # "the most negative call last week", "our happiest call this quarter": one call, ranked
            r"\b(most\s+(negative|positive)|worst|best|happiest|unhappiest|toughest|roughest)\s+"
            r"(call|meeting|conversation|convo|demo)\b(?!s)|"
            rf"\b({_N})\s+(most\s+\w+|{_SUPERLATIVE})\s+(calls|meetings|mtgs|conversations|convos|convs)\b|"
            rf"\b({_N}|couple)\s+([\w-]+\s+)?(calls|meetings|mtgs|conversations|convos|convs)\s+(with|w/|having)\s+the\b",
            q,
            re.I,
        )
        if (
            kind == "ranking"
            and group_by == "rep"
            and calls_ranked
            and not re.search(
                r"\b(by|per|each|every)\s+reps?\b|\b(which|what|top|best|worst)\s+(\d+\s+|\w+\s+)?reps?\b|\bwho\b",
                q,
                re.I,
            )
        ):
            group_by = None  # "which three negotiation calls show how reps close": calls, the reps incidental
        if kind == "ranking" and group_by is None and calls_ranked:
            if re.search(
                r"\bmost (negative|positive)\b|\b(best|worst|happiest|unhappiest|toughest|roughest)\b",
                q,
                re.I,
            ) and not _LONGEST.search(q):
                # "the 5 most negative calls", "best calls": calls ranked by their sentiment
                measure = "avg_sentiment"
            elif measure == "calls":
                measure = None  # "longest 3 calls": by duration
        elif kind == "ranking" and group_by is None:
            if measure in ("deal_risk_score", *AMOUNT_MEASURES):
                group_by = "opportunity"
            elif measure == "talk_ratio" or re.search(r"\bwho\b", q, re.I):
                group_by = "rep"
            elif measure in ("risks", "objections") and not (
                len(by_kind.get("rep", ())) >= 2 and sum(1 for _, p in RISK_WORD_PATTERNS if p.search(q)) == 1
            ):
                group_by = "risk_type"  # (one risk type named for several reps: those reps ranked by it)
            elif m := used.search(_WHAT_CUSTOMERS_MOST, q, lambda p: p.group_by in ("risk_type", "topic")):
                # "what do customers complain about most": the kinds of risk raised most; "what do prospects
                # bring up most": the topics of the most calls
                measure, group_by = ("risks", "risk_type") if m.group("complain") else ("calls", "topic")
            else:
                group_by = "rep"
        if group_by == "rep" and sides and not re.search(r"\b(by|per|each)\s+reps?\b", q, re.I):
            group_by = None  # ("who does most of the talking, us or them?": the "who" is a side, not a rep)
        if (
            kind == "count"
            and group_by in ("week", "month", "quarter")
            and window
            # (a window within one period: a grouping by it would show one row)
            and period_start(group_by, window.start, fiscal_year_start_month)
            == period_start(group_by, window.end - timedelta(days=1), fiscal_year_start_month)
        ):
            # "total # of calls in Q3? need it for the QoQ slide": one period holds one number, not a table
            group_by = None
        if kind == "count" and group_by is not None:
            kind = "aggregate"
        if kind == "count" and (m := _DISTINCT.search(q)):
            # "how many different accounts has claire spoken with": the number of accounts on those calls.
            noun = m.group("noun").lower()
            group_by = next(g for prefix, g in _DISTINCT_GROUPS if noun.startswith(prefix))
            measure = "calls"
    elif kind not in ("quotes", "list_calls"):
        measure, group_by = None, None
    if kind == "list_calls" and group_by in ("week", "month", "quarter") and _PERIOD_OVER_PERIOD.search(q):
        kind, measure = "aggregate", "calls"  # "calls week over week in nov": a number for each week
    if kind == "list_calls" and group_by in ("week", "month", "quarter") and measure is None:
        group_by = None
    if kind in ("list_calls", "quotes") and group_by is not None and _COUNT_EACH.search(q):
        kind, measure = "aggregate", "calls"  # "competitors this qtr - calls each?": a count for each
    # "how many reps had more than 5 calls", "accounts with at least 3 objections": groups past a bound.
    min_value = max_value = None
    min_calls = None
    bound = _GROUP_THRESHOLD.search(q) if kind in ("count", "aggregate", "ranking", "list_calls") else None
    if bound and not (bound.group("op") or bound.group("plus")):
        bound = None  # ("reps with 3 calls" names no bound)
    if bound and bound.group("noun").lower() == "ones" and group_by is None:
        bound = None  # ("ones" are the groups of a grouping the question already made)
    if (
        measure in ("avg_sentiment", "talk_ratio")
        and group_by in ("rep", "account", "opportunity")
        and (times := used.search(_TALKED_TIMES, q, lambda p: p.filters.min_calls is not None))
    ):
        # "only ones we've talked to at least twice": a smallest sample of calls for each group
        n = {"twice": 2, "thrice": 3}.get(times.group("n").lower()) or _n(times.group("n"))
        min_calls = n if times.group("op").lower() == "at least" else n + 1
    elif (
        bound
        and measure in ("avg_sentiment", "talk_ratio")
        and bound.group("what").lower().split()[-1] in ("calls", "meetings")
        and _bound_op(bound) in ("at least", ">=", "more than", "over", "above", ">")
    ):
        # "bottom 3 reps on sentiment, only reps with at least 5 calls": a smallest sample, not the measure.
        used.search(_GROUP_THRESHOLD, q, lambda p: p.filters.min_calls is not None)
        n = _n(bound.group("n"))
        min_calls = n if _bound_op(bound) in ("at least", ">=") else n + 1
        noun = bound.group("noun").lower()
        group_by = next((g for prefix, g in _DISTINCT_GROUPS if noun.startswith(prefix)), group_by)
    elif bound and (
        m := used.search(
            _GROUP_THRESHOLD, q, lambda p: p.filters.min_value is not None or p.filters.max_value is not None
        )
    ):
        noun = m.group("noun").lower()
        group_by = next((g for prefix, g in _DISTINCT_GROUPS if noun.startswith(prefix)), group_by)
        measure = {"objections": "objections", "risks": "risks"}.get(
            m.group("what").lower().split()[-1], "calls"
        )
        if re.search(r"\b(deals?|opps?|opportunities)$", m.group("what"), re.I):
            measure = "deals"
        kind = "count" if kind == "count" else "aggregate"  # the groups past the bound, not a top few
        n, op = _n(m.group("n")), _bound_op(m)
        if op in ("more than", "over", "above", ">"):
            min_value = float(n)
        elif op in ("at least", ">="):
            min_value = float(n - 1)  # these measures are counts: at least 3 is more than 2
        elif op in ("at most", "<="):
            max_value = float(n + 1)
        else:
            max_value = float(n)
    if (
        measure == "talk_ratio"
        and kind in ("count", "aggregate", "ranking", "list_calls")
        and min_value is None
        and max_value is None
        and (
            m := used.search(
                _RATIO_THRESHOLD,
                q,
                lambda p: p.filters.min_value is not None or p.filters.max_value is not None,
            )
        )
    ):
        # "which reps average over 60% talk time": the reps past the bound, each with their talk ratio.
        share = float(m.group("n")) / 100
        if m.group("op").lower() in ("over", "above", "more than", "greater than", ">", "higher than"):
            min_value = share
        else:
            max_value = share
        kind, group_by = "aggregate", "rep"
    min_talk = max_talk = None
    if (
        talk_bar
        and min_value is None
        and max_value is None
        and not (measure == "talk_ratio" and group_by and kind in ("aggregate", "ranking"))
    ):
        used.note(_TALK_BAR, talk_bar[0], _talk_bar_kept)
        min_talk, max_talk = (talk_bar[1], None) if talk_bar[2] else (None, talk_bar[1])
        if measure == "talk_ratio" and kind in ("list_calls", "count"):
            measure = "calls"
    if (
        kind == "quotes"
        and (m := used.search(_ANYTHING_WITH, q, lambda p: p.kind == "list_calls"))
        and all(not (_is_vocab(w) or w in KEYWORDS) for w in m.group("who").lower().split())
    ):
        kind = "list_calls"  # "anything w/ evergreen lately": what happened with them is their calls
    if used.search(_CATCH_UP, q, lambda p: p.kind == "list_calls") and kind == "quotes":
        kind = "list_calls"  # "what did I miss on lumen bank since nov 16": the calls since, each summarised
    if kind in ("list_calls", "quotes", "call_brief", "commitments", "deals_at_risk", "coaching"):
        measure = {"list_calls": "calls", "deals_at_risk": "deal_risk_score"}.get(kind)
        group_by = None
    if (
        measure == "avg_sentiment"
        and _SENTIMENT_AS_FILTER.search(q)
        and not re.search(r"\b(average|avg|mean|overall)\b", q, re.I)
    ):
        measure = "calls"  # "topics on the conversations with a negative tone": calls of that tone, counted

    # --- filters ---
    # "We had a tense call with Evergreen this week. What did we promise them?": the story told before the
    # question says how a call felt, which is no filter on what is asked.
    asked = q[told_first.end() :] if told_first else q
    sentiment = None
    # ("calls this month that weren't negative": a band said not to hold, which no filter leaves out)
    not_negative = _NOT_NEGATIVE.search(asked)
    negative_said = _NEGATIVE.search(
        asked if not_negative is None else asked[: not_negative.start()] + asked[not_negative.end() :]
    )
    if _NEUTRAL.search(asked):
        sentiment = "neutral"
    elif (negative_said or _not_positive(q, len(q) - len(asked), used)) and (
        kind not in ("deals_at_risk",) and measure != "avg_sentiment"
    ):
        sentiment = "negative"
    elif (
        _POSITIVE.search(asked)
        and not _NOT_POSITIVE.search(asked)  # ("the customer was not happy in the last call")
        and measure != "avg_sentiment"
        and not re.search(r"\b(good|great) (at|job)\b", q, re.I)
    ):
        sentiment = "positive"
    tone = {"neutral": _NEUTRAL, "negative": _NEGATIVE, "positive": _POSITIVE}.get(sentiment or "")
    tone_span = m.group(0) if tone and (m := tone.search(asked)) else None  # not what passages are about
    if (
        kind == "call_brief"
        and tone_span
        and not re.search(
            rf"{re.escape(tone_span)}\s+(\w+\s+)?(calls?|meetings?|conversations?|convos?)\b", asked, re.I
        )
    ):
        # "the Crestview renewal went sideways on the most recent call? give me the gist": how it went is what
        # the brief tells, not which call ("the last negative call with them" picks one)
        sentiment = None
    # (the risks the question asks about; the story's only when the question names none: "a rough quarter with
    # budget cuts. What did customers say?")
    risk_types = tuple(rt for rt, p in RISK_WORD_PATTERNS if p.search(asked)) or (
        tuple(rt for rt, p in RISK_WORD_PATTERNS if p.search(q)) if kind == "quotes" else ()
    )
    if "churn_threat" in risk_types and not RISK_WORD_BY_TYPE["churn_threat"].search(
        _CHAMPION_GONE.sub(" ", asked)
    ):
        # "their champion or sponsor walk out the door": the champion leaves, not the customer
        risk_types = tuple(rt for rt in risk_types if rt != "churn_threat")
    if group_by == "competitor":
        # "which competitors come up the most": the competitors named on calls, not the competitor risk flag
        risk_types = tuple(rt for rt in risk_types if rt != "competitor")
    if (
        kind in ("count", "aggregate", "ranking")
        and used.search(_COMPETITOR_MENTIONS, q, _competitor_risk)
        and group_by != "competitor"
    ):
        measure, risk_types = "risks", ("competitor",)
    any_competitor: tuple[str, ...] = ()
    if (
        used.search(_COMPETITOR_MENTIONED, q, lambda p: _competitor_risk(p) or bool(p.filters.competitor))
        and not by_kind.get("competitor")
        and group_by != "competitor"
    ):
        if kind in ("count", "aggregate", "ranking", "list_calls") and catalog.competitors:
            # "calls where a competitor came up": the calls naming any of them (the competitor flag is a
            # customer weighing one up, on fewer calls)
            any_competitor = tuple(catalog.competitors)
        else:
            risk_types = tuple(dict.fromkeys((*risk_types, "competitor")))
    if kind == "quotes" and re.search(r"\bobjections?\b|push(ing|es|ed)? ?back", q, re.I) and not risk_types:
        risk_types = (
            ("pricing_objection",)
            if re.search(r"pric|cost|expensive", q, re.I)
            else ("pricing_objection", "competitor")
        )
    if (
        kind == "quotes"
        and not risk_types
        and not by_kind.get("competitor")
        and used.search(_ANY_RISK, q, lambda p: bool(p.filters.risk_type))
    ):
        # "anything scary said on the last call": every risk raised, in its words; "red flags on cost": the
        # risks of the subject named.
        subjects = [t for t, pattern in TOPIC_PATTERNS if pattern.search(q)]
        risk_types = (
            tuple(dict.fromkeys(rt for t in subjects for rt in _TOPIC_RISKS.get(t, ())))
            if subjects
            else RISK_TYPES
        )
    if (
        group_by == "risk_type"
        or measure in ("risks", "objections")
        and not re.search(r"\b(with|about|on)\b", q, re.I)
    ):
        risk_types = tuple(
            rt
            for rt in risk_types
            if rt not in ("legal_security", "budget") or re.search(rt.split("_")[0], q, re.I)
        )
    # A bare subject is a topic, a risk needs a worry word ("security concerns", "pricing objections"): what
    # customers said about "our soc2 report", or "calls that covered security & compliance".
    if risk_types and (
        set(risk_types) <= _SUBJECT_ONLY_RISKS
        and kind == "quotes"
        and not _WORRY.search(q)
        # ("how many calls touched on budget": the calls of the topic; what was said of it stays the risk's)
        or set(risk_types) <= _SUBJECT_ONLY_RISKS | {"budget"}
        and kind in ("list_calls", "count", "aggregate", "ranking")
        and used.search(_DISCUSSED, q, lambda p: bool(p.filters.topic or p.filters.risk_type))
        and not used.search(_WORRY, q, lambda p: bool(p.filters.risk_type))
    ):
        risk_types = ()
    # A topic typed by its own name ("Legal & Procurement calls", "security and compliance") is that topic,
    # not the risk type one of its words names.
    named_topics = tuple(t for t, name in TOPIC_NAMES.items() if name.search(q))
    if named_topics and kind != "quotes":
        rest = q
        for t in named_topics:
            rest = TOPIC_NAMES[t].sub(" ", rest)
        risk_types = tuple(rt for rt in risk_types if RISK_WORD_BY_TYPE[rt].search(rest))
    # ("which at-risk deals never had a single competitor come up": what their calls must not have)
    absent, absent_spans = _absent_risks(q, used)
    if absent:
        risk_types = tuple(rt for rt in risk_types if rt not in absent)
        any_competitor = () if "competitor" in absent else any_competitor
        if measure in ("risks", "objections"):
            measure = "deals" if deals else "calls"
    topics: tuple[str, ...] = ()
    # A topic beside a risk is kept unless the risk is the worry about it ("pricing calls without a next
    # step": both; "pricing objections": the risk alone).
    subject_risk = set(risk_types) - {"no_next_steps"}
    if named_topics and kind != "quotes" and not subject_risk:
        topics = named_topics
    elif (
        kind in ("list_calls", "count", "aggregate", "ranking")
        and not subject_risk
        and (
            used.search(_DISCUSSED, q, lambda p: bool(p.filters.topic))
            or re.search(r"\b(about|on)\b", q, re.I)
            or _CALLS_HAVING.search(q)
        )
    ):
        topics = tuple(t for t, p in TOPIC_PATTERNS if p.search(q))
    elif kind in ("list_calls", "count", "aggregate", "ranking") and not subject_risk:
        # "integration calls", "pricing-heavy conversations": the calls of that topic
        topics = tuple(t for t, p in _TOPIC_CALLS if used.search(p, q, _topic_kept(t)))
    if kind == "quotes":
        # The subject named first ("verbatims on contract terms (..., the DPA)": the contract terms).
        first_named = sorted((at.start(), t) for t, p in TOPIC_PATTERNS if (at := p.search(q)))
        topics = () if risk_types else tuple(t for _, t in first_named[:1])
    if "Renewal" in topics and opportunities and all("renewal" in o.lower() for o in opportunities):
        # "Cedarline Bank's renewal - break down the risk flags on it": the word picked the deal, no topic
        topics = tuple(t for t in topics if t != "Renewal")
    # "feature requests from the Product Feedback conversations": the calls of a topic, and something else
    # said on them. (With nothing else asked, "quotes from pricing calls", the topic is what was said.)
    topic_calls = None
    if kind == "quotes" and not risk_types:
        topic_calls = next(
            (
                (t, m)
                for t, pattern in _TOPIC_CALLS
                if (m := pattern.search(q)) and _asks_more(q[: m.start()] + " " + q[m.end() :])
            ),
            None,
        )
        if topic_calls:
            used.note(_TOPIC_CALLS[0][1], topic_calls[1], lambda p: p.filters.topic_calls)
            topics = (topic_calls[0],)
            for t, pattern in TOPIC_PATTERNS:  # another topic named is what the passages are about
                if t != topics[0]:
                    used.search(pattern, q, lambda p: p.filters.topic_calls)
    unknown_subject = None
    said_words: tuple[str, ...] = ()
    # ("what do customers say about Insights Cloud", "calls that mentioned Forecast Pro": a product no deal named is
    # what was said, in its words)
    subject_names = (
        " ".join(e.span for e in (*entities, *left_out) if e.kind != "product").lower()
        if not by_kind.get("account") and not opportunities
        else spans
    )
    if (
        kind in ("quotes", "list_calls", "count")
        and not topics
        and not risk_types
        and not by_kind.get("competitor")
        and (subject := _subject(q, subject_names, window.span if window else None))
    ):
        # "what do prospects say about tableau": a subject no topic names is kept as typed, its words searched, and
        # named in the answer; "how many calls mentioned highspot": the calls where someone said it.
        unknown_subject = subject
        if kind == "quotes":
            topics = (subject,)
        else:
            said_words = (subject,)
    # A stage word is a stage when used as one ("disco calls", "in negotiation", "proposal stage", "negotiation
    # pipe", "closed lost"), not "their reaction to the proposal" or "a product demo".
    stage_spans = "|".join(re.escape(e.span) for e in entities if e.kind == "stage") or "(?!)"
    stage = tuple(
        dict.fromkeys(
            e.value
            for e in entities
            if e.kind == "stage"
            and (
                e.value.lower().startswith("closed")
                # "# demos in nov": a stage's calls said in the plural
                or (e.span.endswith("s") and e.span.lower() in STAGE_SLANG.get(e.value.lower(), ()))
                or re.search(
                    rf"\b{re.escape(e.span)}\w*[\s-]+(stages?|calls?|meetings?|mtgs?|deals?|opps?|opportunit\w+|phase|pipe(line)?)\b|"
                    rf"\b(in|at|into|stage|hit|hits|reach|reaches|reached|enter|enters|entered)\s+(the\s+)?{re.escape(e.span)}\b|"
                    # "which deals moved to negotiation": the stage they are in now
                    rf"\b(moved|advanced|progressed|went|gone|got|made it|pushed)\s+(forward\s+)?to\s+(the\s+)?"
                    rf"{re.escape(e.span)}\b|"
                    # "in proposal and negotiation", "in demo, proposal or negotiation": the last of a list of stages
                    rf"\b(in|at|into)\s+(the\s+)?({stage_spans})(\s*(,|&|/|\+|\band\b|\bor\b)\s*({stage_spans}))*"
                    rf"\s*(,|&|/|\+|\band\b|\bor\b)\s*{re.escape(e.span)}\b|"
                    # "Demo + Proposal stages", "demo and proposal stage calls": one of a list before "stages"
                    rf"\b{re.escape(e.span)}(\s*(\+|&|/|,|\band\b|\bor\b)\s*\w+)+[\s-]+stages?\b|"
                    # "negotiation only", "only proposal": a stage the answer is cut to
                    rf"\b{re.escape(e.span)}\s+only\b|\bonly\s+{re.escape(e.span)}\b|"
                    # "Negotiation vs Proposal - how much open pipe sits in each": stages compared
                    rf"\b{re.escape(e.span)}\s+(vs\.?|versus|against)\s+|\b(vs\.?|versus|against)\s+{re.escape(e.span)}\b|"
                    # "every demo morgan ran in october": one of a stage's calls, counted
                    rf"\b(every|each|which)\s+{re.escape(e.span)}\b(?!\s+(feedback|question|request|video|"
                    r"environment|account|script|deck)s?\b)|"
                    # "who's weakest on discovery" (not "feedback on the demo")
                    rf"\bon\s+{re.escape(e.span)}\b(?!\s+(call|meeting)\b)|"
                    # "where the stage was demo or proposal", "stage is discovery, demo or proposal",
                    # "OPPORTUNITY_STAGE = 'Negotiation'", "OPPORTUNITY_STAGE in (Proposal, Negotiation)"
                    rf"(\b|_)stages?\s*(is|was|=|being|in)\s*\(?\s*['\"]?(\w+['\"]?\s*(,|or else|or|and)\s*['\"]?)*"
                    rf"{re.escape(e.span)}\b",
                    re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question.lower()),
                )
            )
        )
    )
    # "how many deals have we lost this quarter", "won deals by rep": the closed stage, in its close period.
    closed_by_words: tuple[str, ...] | None = None
    both_closed = tuple(n for n in ("Closed Won", "Closed Lost") if n in catalog.stages)
    if (
        not stage
        and len(both_closed) == 2
        and (deals or kind in ("count", "aggregate", "ranking"))
        and used.search(_WON_AND_LOST, q, lambda p: len(p.filters.closed_stages()) == 2)
    ):
        # "average deal size on the ones we won versus the ones we lost": one value for each
        stage = closed_by_words = both_closed
        if kind in ("count", "aggregate") and group_by is None:
            kind, group_by = "aggregate", "stage"
    elif not stage and (m := used.search(_LOST_OR_WON, q, lambda p: bool(p.filters.closed_stages()))):
        name = (
            "Closed Lost"
            if (m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")).lower()
            in ("lost", "lose", "losing")
            else "Closed Won"
        )
        if name in catalog.stages:
            stage = closed_by_words = (name,)
    elif (
        not stage
        and "Closed Lost" in catalog.stages
        and used.search(_WHY_LOST, q, lambda p: p.filters.stage == ("Closed Lost",))
    ):
        stage = closed_by_words = ("Closed Lost",)
    elif (
        not stage
        and len(both_closed) == 2
        and used.search(_CLOSED_DEALS, q, lambda p: len(p.filters.closed_stages()) == 2)
    ):
        stage = closed_by_words = both_closed  # "how many deals closed last month": won or lost, closed then
    if stage in ((), ("Closed Won",)) and "Closed Won" in catalog.stages and _BOOKINGS.search(q):
        stage = closed_by_words = ("Closed Won",)  # "Q4 bookings so far": deals won, in their close period
    if (
        stage
        and closed_by_words is None
        and all(s.startswith("Closed") for s in stage)
        and (deals or measure in (*AMOUNT_MEASURES, "deals"))
        and not _CALLS.search(q)
    ):
        closed_by_words = stage  # "closed-won deals in november", "how much did we close-won": closed then
    if (
        not stage
        and "Discovery" in catalog.stages
        and used.search(_FIRST_CALLS, q, lambda p: "Discovery" in p.filters.stage)
    ):
        stage = ("Discovery",)  # "who's hogging the mic on first calls": the calls that open a deal
    min_amount = max_amount = None
    if m := used.search(_BETWEEN_AMOUNTS, q, _between_amounts):
        # "between 50k and 100k" is inclusive: the bounds compile as > and <, so widen them by a cent.
        min_amount = _amount(m.group(1), m.group(2) or m.group(4)) - 0.01
        max_amount = _amount(m.group(3), m.group(4)) + 0.01
    for m in _AMOUNT.finditer(q):
        value = _amount(m["value"], m["unit"])
        if value < 1000 and not m["unit"]:
            continue  # "more than 5 calls" is not an amount
        if m["low"]:
            min_amount = value  # "over", "north of", ">=": the amount is a lower bound
        else:
            max_amount = value
    for m in _AMOUNT_PLUS.finditer(q):
        value = _amount(m.group(1), m.group(2))
        if value >= 1000:
            min_amount = value
    for m in _AMOUNT_OR_MORE.finditer(q):
        value = _amount(m.group(1), m.group(2))
        if value >= 1000 and (m.group(2) or "$" in m.group(0) or "," in m.group(1)):
            min_amount = value - 0.01  # (the bound compiles as ">": "or more" keeps the amount itself)
    reps = tuple(by_kind.get("rep", ()))
    if kind == "deals_at_risk" and not opportunities and (pick := _own_opportunity(q, by_kind, catalog)):
        opportunities, accounts = pick, ()  # "is the brightline payments deal at risk": that deal
    unknown_reps: list[str] = []
    unknown_accounts: list[str] = []
    speakers: tuple[str, ...] = ()
    # "what did Kofi say", "what Casey Bauer said": their own words, on any call; "pricing objections Kofi
    # heard", "morgan's buyers": the customers on the rep's calls.
    own = (
        _own_words(question, [e for e in entities if e.kind == "rep"])
        if kind == "quotes" and reps and not _THEIR_CUSTOMERS.search(q)
        else ()
    )
    # "how did Morgan respond when buyers pushed back on price", "what did Kofi say to pricing objections": the
    # objections with the rep's reply.
    replies = bool(
        kind == "quotes"
        and risk_types
        and set(risk_types) <= set(OBJECTION_TYPES)
        and (reps or _SELLERS.search(q))
        and (used.search(_REPLIED, q, lambda p: p.filters.replies) or own or _SELLERS_SAID.search(q))
    )
    if not risk_types:  # (a flagged risk is always the customer's words)
        speakers = own
        reps = tuple(r for r in reps if r not in own)
    # Reasons a deal is at risk, named instead of the score bar.
    trend = None
    quiet_since = None
    close_start = close_end = None
    if kind in ("deals_at_risk", "count", "aggregate", "ranking", "list_calls") and (
        deals or closed_by_words
    ):
        if _FALLING.search(q):
            trend, sentiment = "falling", None
        if quiet := list(_QUIET.finditer(q)):
            # ("gone dark ... haven't had a single call in the last 30 days": the one that says how long)
            m = next((x for x in quiet if x.group("unit")), quiet[0])
            n = _n(m.group("n")) if m.group("n") and m.group("n").lower() not in ("a", "an") else 1
            days = {"day": 1, "week": 7, "month": 30}.get((m.group("unit") or "month").rstrip("s"), 30)
            quiet_since = today - timedelta(days=n * days)
            if (m.group("since") or m.group("this")) and window and window.end >= today:
                # ("no call since nov 1", "no activity this month": quiet from that day on)
                quiet_since, window = window.start, None
            elif window and m.start() <= q.lower().find(window.span.lower()) < m.end():
                window = None  # ("no call in the last 30 days": how long they have been quiet, not when)
        if window and (_CLOSING.search(q) or closed_by_words):
            # "deals closing this month": the deals' close dates, not when their calls were. A period named
            # without a year that is already over ("closing in Q1" in December) is the coming one; deals lost
            # or won closed in the period named.
            close_start, close_end = window.start, window.end
            year = re.search(r"\b(19|20)\d\d\b|'\d\d\b", window.span)
            if close_end <= today and not closed_by_words and not (year and year.group(0) in q):
                # ("closing before christmas": the coming one, though the day's year was filled in as the last)
                close_start = close_start if close_start == OPEN_START else _next_year(close_start)
                close_end = _next_year(close_end)
            window = None
        elif close_start is None and _PAST_CLOSE.search(q):
            # "open deals past their close date": still open, expected to have closed before today
            close_start, close_end = OPEN_START, today
        if used.search(_COMPETITOR_IN_PLAY, q, _competitor_risk):
            risk_types = tuple(dict.fromkeys((*risk_types, "competitor")))
    schedule_note = None
    if window and window.start > today and close_start is None:
        # "I'm meeting the Cedarline people next week. What are they worried about?": calls are recorded up
        # to today, so a period wholly ahead is the asker's own plan, not a window of calls.
        schedule_note = f"'{window.span}' is read as your own plans: calls are recorded up to today"
        window = None
    unanswered = bool(_UNANSWERED.search(q))
    answered = (
        not unanswered
        and measure == "objections"
        and kind in ("count", "aggregate", "ranking")
        and bool(_ANSWERED.search(q))
    ) or (kind == "list_calls" and bool(used.search(_EVERY_ANSWERED, q, lambda p: p.filters.answered)))
    scope = (
        "External"  # ("skip the internal calls", "no internal-only ones": the calls with a customer on them)
        if (_EXTERNAL.search(q) and not _NO_EXTERNAL.search(q)) or _NOT_INTERNAL.search(q)
        else "Internal"
        if _INTERNAL.search(q)
        # "calls nobody from the customer side joined": none attended, whatever Gong's scope (a no-show is "External")
        else NO_CUSTOMER
        if _NO_CUSTOMER.search(q)
        else None
    )
    severity = None
    if m := _SEVERITY.search(q):
        word = (m.group("a") or m.group("b")).lower()
        severity = "high" if word in ("high", "critical", "severe", "serious", "major") else word
    has_transcript = False if _NO_TRANSCRIPT.search(q) else None
    languages, other_language = _languages(q)
    # "how many deals are at risk", "at-risk deals by rep", "$ at risk": deals at or above the risk bar.
    at_risk = bool(
        kind in ("count", "aggregate", "ranking")
        and (deals or measure in AMOUNT_MEASURES)
        and (_AT_RISK.search(q) or _RISK_BAR.search(q))
        and (
            measure in ("deals", "calls", *AMOUNT_MEASURES, None)
            # ("open opportunities with a risk score of 40 or above, ordered by risk score"): the bar itself
            or measure == "deal_risk_score"
            and bool(_RISK_BAR.search(q))
            or measure == "risks"
            and not re.search(r"\b(risks|red flags?|warning signs?)\b", q, re.I)
        )
    )
    if at_risk and kind == "ranking" and measure == "deal_risk_score" and group_by == "opportunity":
        # "open opportunities with a risk score of 40 or above, ordered by risk score": the deals at risk
        kind, group_by, at_risk = "deals_at_risk", None, False
    if at_risk and measure not in AMOUNT_MEASURES:
        # ("how much pipeline is at risk", "total pipe at risk": the amount those deals carry)
        measure = "amount" if kind == "aggregate" and _PIPELINE_SUM.search(q) else "deals"
    if measure in DEAL_MEASURES and group_by in ("risk_type", "topic", "competitor"):
        # (a deal measure has no grouping by what was said on calls: the deals themselves, when ranked)
        group_by = "opportunity" if kind == "ranking" else None
    if kind == "ranking" and at_risk and measure == "amount" and group_by == "opportunity":
        # "the five biggest open deals that are at risk": the deals at risk, largest first, with their reasons.
        kind, group_by, at_risk = "deals_at_risk", None, False
    min_minutes = max_minutes = None
    # "calls with a monologue over 2.5 minutes", "long monologues": the rep's longest turn, not the call's length.
    min_monologue_s = None
    # "Monologue check: ... a monologue over 2.5 minutes": every mention is read, the bound one decides.
    said = list(_MONOLOGUE.finditer(q))
    for m in said:
        used.note(_MONOLOGUE, m, lambda p: p.filters.min_monologue_s is not None)
    monologue = next((m for m in said if m.group("n")), None) or next(
        (m for m in said if m.group("long")), None
    )
    if monologue and monologue.group("n"):
        unit = 1 if monologue.group("unit").lower().startswith("s") else 60
        min_monologue_s = float(monologue.group("n")) * unit
    elif monologue and monologue.group("long") and measure != "monologue":
        min_monologue_s = float(COACHING_THRESHOLDS["monologue_max_s"])
    for m in _DURATION.finditer(q):
        if monologue and monologue.start() <= m.start() < monologue.end():
            continue
        minutes = _duration_minutes(m)
        if m.group("op").lower().startswith(("<", "under", "below", "less", "shorter", "at most")):
            max_minutes = minutes
        else:
            min_minutes = minutes
    # "which renewals are at risk", "expansion pipeline by rep": the deals whose name carries that kind.
    deal_type: tuple[str, ...] = ()
    not_deal_type: tuple[str, ...] = ()
    not_opportunities: tuple[str, ...] = ()
    typed_type = _DEAL_TYPE.search(q) if not opportunities else None
    if typed_type and kind == "quotes" and not _DEAL_TYPE_OUT.search(q[: typed_type.start()]):
        # (quotes "about renewals" are what was said of them; "leave out the renewals" leaves their deals out)
        typed_type = None
    if m := typed_type:
        word = (m.group("a") or m.group("b")).lower()
        of_type = tuple(o for o in catalog.opportunities if word in o.lower())
        if of_type and _DEAL_TYPE_OUT.search(q[: m.start()]):
            # "open pipeline by stage, not counting renewals": every deal but the renewals
            not_opportunities, not_deal_type = of_type, (word,)
        elif of_type:
            opportunities, deal_type = of_type, (word,)
        if of_type and word == "renewal":
            topics = tuple(
                t for t in topics if t != "Renewal"
            )  # "on our renewal deals": the word picked them
    quote_words, quote_words_typed = (
        _quote_words(q, risk_types) if kind == "quotes" and not replies else ((), [])
    )
    # "our largest open deal - what happened on its most recent call?": that one deal's calls.
    deal_pick = None
    if (
        kind in ("call_brief", "commitments", "quotes", "list_calls")
        and not opportunities
        and (m := used.search(_ONE_DEAL, q, lambda p: p.filters.deal_pick is not None))
    ):
        deal_pick = "riskiest" if re.search(r"risk", m.group(0), re.I) else "largest"
    if measure == "objections" and risk_types and not set(risk_types) <= set(OBJECTION_TYPES):
        # "the most security/legal objections": only pricing and competitor objections are recorded as such (with
        # the reply); the other types are counted as the risks flagged
        measure = "risks"
    if absent_spans:
        # ("calls where the customer didn't raise any legal concerns": no topic of the words said not to come up)
        topics = tuple(t for t in topics if not _only_inside(_topic_matches(t, q), absent_spans))
    # ("calls not about pricing", "where pricing never came up": a topic said not to hold, which no filter leaves out)
    topics_not = [
        t
        for t in topics
        if any(re.search(dict(TOPIC_PATTERNS)[t].pattern, m.group(0), re.I) for m in _NOT_ABOUT.finditer(q))
        and t in dict(TOPIC_PATTERNS)
    ]
    topics = tuple(t for t in topics if t not in topics_not)
    if by_kind.get("competitor"):
        # ("sizing up the competition: how many calls had chorus mentioned": the competitor named is the subject)
        topics = tuple(t for t in topics if t != "Competition")
    filters = Filters(
        # (and the objections quoted: "pricing objections left hanging - their exact words")
        unanswered=unanswered
        and (
            measure == "objections"
            # ("how many calls had at least one objection the rep never really answered": those calls, counted)
            or (
                kind == "list_calls"
                or kind in ("count", "aggregate", "ranking")
                and measure in ("calls", None)
            )
            and bool(re.search(r"\b(objections?|push-?backs?|concerns?)\b", q, re.I))
            or kind == "quotes"
            and bool(risk_types)
            and set(risk_types) <= set(OBJECTION_TYPES)
        ),
        min_calls=min_calls,
        answered=answered,
        rep=reps,
        team=teams if reps else (),
        account=accounts,
        opportunity=opportunities,
        deal_type=deal_type,
        not_opportunity=not_opportunities,
        not_deal_type=not_deal_type,
        no_risk_type=absent,
        stage=stage,
        start=window.start if window else None,
        end=window.end if window else None,
        time_label=window.label if window else None,
        sentiment=sentiment,
        risk_type=risk_types,
        topic=topics,
        said=said_words,
        competitor=tuple(by_kind.get("competitor", ())) or any_competitor,
        speaker=speakers,
        quote_words=quote_words,
        min_amount=min_amount,
        max_amount=max_amount,
        sentiment_trend=trend,
        scope=scope,
        risk_severity=severity,
        has_transcript=has_transcript,
        replies=replies,
        latest_call=bool(
            kind == "deals_at_risk"
            and risk_types
            and used.search(_LATEST_CALL, q, lambda p: p.filters.latest_call)
        ),
        language=languages,
        other_language=other_language,
        deal_pick=deal_pick,
        min_monologue_s=min_monologue_s,
        min_talk_ratio=min_talk,
        max_talk_ratio=max_talk,
        topic_calls=topic_calls is not None,
        at_risk=at_risk,
        min_value=min_value,
        max_value=max_value,
        min_minutes=min_minutes,
        max_minutes=max_minutes,
        quiet_since=quiet_since,
        close_start=close_start,
        close_end=close_end,
        # "kofis open deals", "deals closing this month": the deals asked for, not only those past the risk bar
        every_open=kind == "deals_at_risk"
        and (
            bool(_NOT_AT_RISK.search(q))
            or not (risk_types or trend or quiet_since or _RISK_ASKED.search(kq) or _NEGATIVE.search(kq))
        )
        and not any(s.startswith("Closed") for s in stage),
        # "top 3 open deals by number of price objections": a call measure over the deals still open
        open_deals=kind in ("ranking", "aggregate", "count", "list_calls")
        and measure not in DEAL_MEASURES
        and bool(_OPEN_DEALS.search(q))
        and not any(s.startswith("Closed") for s in stage),
    )
    if (
        group_by
        and getattr(filters, group_by, None)
        and group_by in ("rep", "account", "opportunity", "stage", "competitor")
    ):
        pass  # "sentiment for Morgan by week" keeps both
    sort = None
    top_n = None
    if (
        kind == "ranking"
        and group_by in ("rep", "account")
        and len(getattr(filters, group_by)) >= 2
        and not _TOP_N.search(q)
        and re.search(r"\bor\b|\bvs\.?\b|\bversus\b|\bbetween\b", q, re.I)
    ):
        kind = "aggregate"  # "who talks more, claire or rahul": each named one's value, side by side
    if m := _TOP_N.search(q):
        top_n = _top_n_of(m)
        word = (m.group(1) or m.group(5) or "top").lower()
        sort = "asc" if word in ("bottom", "worst", "lowest", "smallest", "quietest", "slowest") else "desc"
    if kind == "ranking":
        used.search(
            _MOST_COMMON, q, lambda p: p.kind == "ranking" and p.sort == "desc"
        )  # "the most common objection"
        # "ranked from most to fewest" names both ends: the order is the first one's
        order = re.sub(
            # (and "only ones we've talked to at least twice" is a bound, no order)
            r"\bfrom (most|highest|biggest|largest) to (least|fewest|lowest|smallest)\b|\bat least\b",
            "",
            q,
            flags=re.I,
        )
        if re.search(r"\b(least|lowest|fewest|bottom|worst|smallest|shortest|quietest)\b", order, re.I) or (
            measure == "avg_sentiment" and re.search(r"\b(most negative|unhappiest)\b", q, re.I)
        ):
            sort = "asc"  # "who had the most negative calls" counts them, highest first
        sort = sort_hint or sort or "desc"
        if measure == "avg_sentiment" and used.search(_DOING_BADLY, q, _ranks):
            sort = "asc"
        if (
            measure == "talk_ratio"
            and (hog := _TALKS_TOO_MUCH.search(q))
            and not re.match(r"\W+(\w+\W+){0,3}least\b", q[hog.end() :], re.I)
        ):
            # "who talks too much? worst 3": the worst are the highest talk ratios ("hogs the call the least": lowest)
            sort = "desc"
        if top_n is None and used.search(_STRUGGLING, q, _ranks):
            top_n = 3  # "who's struggling": the few at the bottom, not one
        if top_n is None and re.search(r"\bmain\s+(call\s+)?(topics|themes|subjects)\b", q, re.I):
            top_n = 3  # "what are the main topics": a few, as "the top topics" are
        if (
            top_n is None
            and (
                re.search(r"\b(which|who|what)\b", q, re.I)
                or _SUPERLATIVE_ONE.search(q)
                or _THE_ONE.search(q)
            )
            and not re.search(r"\brank|leaderboard\b", q, re.I)
        ):
            top_n = 1
    if (
        kind in ("ranking", "aggregate")
        and group_by
        and (m := used.search(_SORTED, q, lambda p: p.sort is not None))
    ):
        sort = (
            "asc"
            if m.group("order").lower().startswith(("asc", "low", "small", "least", "worst"))
            else "desc"
        )
    if kind == "ranking" and (worst := _WORST_DEALS.search(q)) and (deals or worst.group(0)[-4:] != "ones"):
        # "the three worst at-risk deals above $150k": deals ranked by their risk, the riskiest first.
        measure, group_by, sort = "deal_risk_score", "opportunity", "desc"
    if (
        kind == "ranking"
        and measure == "deal_risk_score"
        and group_by == "opportunity"
        and re.search(
            r"\b(riskiest|worst|shakiest|scariest|weakest|most troubled|most endangered|most at[- ]risk|"
            r"(highest|greatest|biggest|most)[- ]risk|(deals?|opps?|opportunit\w+) "
            r"(ranked |sorted )?by (their )?risk)\b"
            r"(?!\s*(types?|flags?|indicators?|factors?|signals?|kinds?|categor\w*|items?)\b)",
            q,
            re.I,
        )
    ):
        # "the riskiest 5 deals": open deals ranked by risk score, cut at N whatever their score.
        kind = "deals_at_risk"
    if kind == "deals_at_risk":
        sort = None if opportunities else "desc"
        if filters.deal_reason and not top_n:
            # "open deals where our champion walked": the deals with that reason, whatever their score.
            measure, sort = None, None
    if kind == "deals_at_risk" and (size := used.search(_DEAL_SIZE, q, lambda p: p.measure == "amount")):
        # "the biggest deal at risk", "smallest at-risk opps": the deals at risk by their amount
        measure, sort = "amount", "asc" if size.group(1).lower() == "smallest" else "desc"
        if top_n is None and re.fullmatch(r"deal|opp|opportunity", size.group(7), re.I):
            top_n = 1
    if (
        kind == "ranking"
        and top_n == 1
        and re.search(
            r"\bwhich (reps|accounts|customers|competitors|deals|opportunities)\b|"
            # ("which of our reps are the best listeners"; but "which of claire's accounts had the most": the one)
            r"\bwhich of (our|my|the|his|her|their|[a-z]+['’]s) (reps|accounts|customers|competitors|deals|"
            r"opportunities) (are|were|have)\b",
            q,
            re.I,
        )
    ):
        top_n = 3  # "which reps ...", "which of our reps ...": a few, not one
    if (
        kind == "ranking"
        and top_n is None
        and re.search(r"\btop (reps|accounts|customers|competitors|topics|deals|opportunities)\b", q, re.I)
    ):
        top_n = 3

    order = "newest"
    if (kind == "commitments" or kind == "quotes" and risk_types) and used.search(
        _LAST_CALL, q, _order_is("latest_call")
    ):
        order = "latest_call"  # what was promised or raised on the one call, the latest of those in scope
    # (read after the story told first: "First day back after two weeks off, and ... Give me the rundown of their
    # most recent call." asks for the latest)
    if kind == "call_brief" and used.search(_OLDEST, kq, _order_is("oldest")):
        order = "oldest"
    elif kind == "call_brief" and used.search(_MOST_NEGATIVE, kq, _order_is("sentiment")):
        order, sort = "sentiment", "asc"  # "lucas's worst call last month": the lowest scored
    elif kind == "call_brief" and used.search(_MOST_POSITIVE, kq, _order_is("sentiment")):
        order, sort = "sentiment", "desc"
    elif kind == "call_brief" and used.search(_LONGEST, kq, _order_is("duration")):
        order, sort = (
            "duration",
            "asc" if "shortest" in q.lower() else "desc",
        )  # "the longest call in november"
    elif kind == "call_brief":
        used.search(
            _LAST_CALL, kq, _order_is("newest")
        )  # "the last time we talked to them": the brief's own order
    if kind == "list_calls":
        if used.search(_MOST_NEGATIVE, kq, _order_is("sentiment")):
            order, sort = "sentiment", "asc"
        elif used.search(_MOST_POSITIVE, kq, _order_is("sentiment")):
            order, sort = "sentiment", "desc"
        elif used.search(_LONGEST, kq, _order_is("duration")):
            order, sort = "duration", "asc" if "shortest" in q.lower() else "desc"
        elif used.search(_OLDEST, kq, _order_is("oldest")):
            order = "oldest"
    if (
        kind == "list_calls"
        and order == "duration"
        and used.search(_ONE_LONGEST, kq, lambda p: p.kind == "ranking" and p.top_n == 1)
    ):
        # "what was our longest call in november": the one call, as "the 3 longest calls" are three
        kind, measure, top_n, order = "ranking", None, 1, "newest"
    if kind in ("count", "aggregate", "ranking") and group_by is not None and measure is None:
        measure = "calls"  # a grouped measure nothing named: the number of calls in each group
    plan = AskPlan(
        kind=kind,
        question=question,
        measure=measure,
        group_by=group_by,
        filters=filters,
        sort=sort,
        top_n=top_n,
        order=order,
        # What the passages are about: a rep and the period filter the calls; they are no meaning to match (a
        # rep's name would match greetings, "Hi Claire"). An account's name stays: its calls say it.
        # So are the words of the other call filters: a stage, the calls' tone, one deal picked by a property.
        search_text=_subject_text(
            question,
            [e.span for e in entities if e.kind == "rep" or e.kind == "stage" and e.value in filters.stage]
            + ([time_span] if time_span else [])
            + ([tone_span] if tone_span else [])
            + ([m.group(0) for m in _ONE_DEAL.finditer(question)] if deal_pick else [])
            + ([topic_calls[1].group(0)] if topic_calls else []),
            # (an account typed with a typo or in part is searched by its stored name: "falconridge insurence")
            {
                e.span: e.value
                for e in entities
                if e.kind == "account" and e.span.lower() not in e.value.lower()
            },
        ),
    )
    if schedule_note:
        plan = replace(plan, notes=(*plan.notes, schedule_note))
    benchmark = _TEAM_BENCHMARK.search(q)
    if (
        benchmark
        and plan.filters.rep
        and not plan.filters.team
        and plan.kind in ("count", "aggregate", "ranking")
        and plan.measure not in DEAL_MEASURES
        and plan.group_by in (None, "rep")
    ):
        # Each named rep's value, then the team's beside it.
        plan = replace(
            plan,
            kind="aggregate",
            group_by="rep",
            top_n=None,
            sort=None,
            benchmark="rest" if benchmark.group("rest") else "team",
        )
    # --- what was not understood ---
    # Reps and accounts the question leaves out are filtered out; other names cannot be, and the answer says so.
    plan = replace(
        plan,
        filters=replace(
            plan.filters,
            not_rep=tuple(
                dict.fromkeys(
                    [e.value for e in left_out if e.kind == "rep"] + [m for _, ms in roles_out for m in ms]
                )
            ),
            not_account=tuple(dict.fromkeys(e.value for e in left_out if e.kind == "account")),
        ),
    )
    missing: list[str] = [
        f"not left out: {kind} {value} (the answer includes it; leaving a {kind} out is not supported)"
        for kind, value in (
            *((e.kind, e.value) for e in dict.fromkeys(left_out) if e.kind not in ("rep", "account")),
            *(("topic", t) for t in topics_not),
        )
    ]
    if period_left_out:
        missing.append(f"not left out: '{period_left_out}' (leaving a period out is not supported)")
    if not_negative and plan.filters.sentiment != "negative":
        missing.append(
            f"not left out: negative calls ('{not_negative.group(0)}': the answer includes them; leaving a "
            "sentiment band out is not supported)"
        )
    if (said_not_at_risk := _NOT_AT_RISK.search(q)) and plan.kind == "deals_at_risk":
        missing.append(
            f"not left out: the deals at risk ('{said_not_at_risk.group(0)}': every open deal is listed with its "
            "risk score)"
        )
    stage_words = {"stage", "stages", *(st.lower() for st in catalog.stages)}
    lost_to = {m.group("a").rstrip(".") for m in _COMPETITOR_SLOT.finditer(question) if m.group("a")}
    # ("is anyone comparing us to Claap": a name we are compared with is a competitor's)
    lost_to |= {
        m.group("b").rstrip(".")
        for m in _COMPETITOR_SLOT.finditer(question)
        if m.group("b") and re.match(r"(vs|versus|compar)", m.group(0), re.I)
    }
    roster = roster_aliases(catalog)
    for m in _NAME_SLOT.finditer(q):
        if _PASSED_ON.search(q, 0, m.start()):
            continue  # "Forwarding from Owen": who passed the question on, a person, not an account
        phrase = m.group(1).strip(" .?!,")
        tokens: list[str] = re.findall(r"[\w&.'-]+", phrase)
        # Keep the name-like head: capitalised words, or the first word when it is no known word.
        head: list[str] = []
        for w in tokens:
            parts = [p for p in w.lower().split("-") if p]  # "Proposal-stage": a stage, no name
            if (
                w.lower() in _KNOWN_WORDS
                or all(p in _KNOWN_WORDS or p in stage_words for p in parts)
                # "Pricing-topic calls", "Security-related calls": a word of questions, then an English word
                or len(parts) > 1
                and (parts[0] in _KNOWN_WORDS or _is_vocab(parts[0]))
                and all(is_english_word(p) for p in parts[1:])
                or (head and not w[0].isupper())
            ):
                break
            head.append(w)
        name = " ".join(head)
        if name and (
            not name[0].isupper()
            or name.endswith("'s")
            or name.isupper()
            and (len(name) <= 4 or all(is_english_word(w) for w in name.split()))
        ):
            # lower-case words, possessives ("kofi's"), acronyms (SSO, API) and words in capitals ("AMOUNT >
            # 100000") are no names
            continue
        if not name or name.lower() in spans or any(name.lower() in s.lower() for s in spans.split(" ")):
            continue
        if not (name[0].isupper() or name.lower() not in _COMMON):
            continue
        if time_span and name.lower() in time_span.lower() or parse_window(name, today) is not None:
            continue  # a time word ("Monday" told as the asker's schedule) is no name
        if name.lower() in roster:
            continue  # a manager or user named ("a retention review for Samuel"), not an unknown account
        if _is_vocab(name) or name in lost_to:  # "deals lost to Gongly": a competitor, read below
            continue
        if len(head) == 1 and _is_subject_word(name):
            continue  # "approval from InfoSec": a subject's word, no account
        kind_guess = (
            "rep"
            if m.group(0).lower().startswith("did")
            and len(head) >= 2
            and head[-1].lower() not in _COMPANY_WORDS
            else "account"
        )
        # Two capitalised words after "with/for": a person as often as a company; a rep if it looks like one.
        person = any(head[0].lower() == r.split()[0].lower() for r in catalog.reps)
        two_words = len(head) == 2 and all(w[0].isupper() for w in head)
        if kind_guess == "account" and two_words and not accounts and person:
            kind_guess = "rep"
        pool = catalog.reps if kind_guess == "rep" else catalog.accounts
        near = closest(name, pool) if pool else []
        missing.append(
            f"no {kind_guess} matches '{name}'" + (f" — closest: {', '.join(near)}" if near else "")
        )
        (unknown_reps if kind_guess == "rep" else unknown_accounts).append(name)
    # A rep's first name with another surname, or the surname after another first name ("Kofi Thompson" beside
    # Kofi Thornton, "Victoria Castillo" beside Victor Castillo): someone the warehouse does not know, not the rep
    # the two share a word with. (One slip of the keyboard is still the rep: "Kofi Thornten".)
    for m in re.finditer(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b", question):
        name = m.group(0)
        if name.lower() in spans.lower() or name in unknown_reps:
            continue
        typed_words = [w.lower() for w in name.split()]
        if any(
            w in _KNOWN_WORDS or w in KEYWORDS or w in _FILLER or w in stage_words or parse_window(w, today)
            for w in typed_words
        ):
            continue
        for rep in catalog.reps:
            stored = rep.lower().split()
            if len(stored) != 2 or stored == typed_words:
                continue
            same = [a == b for a, b in zip(typed_words, stored, strict=True)]
            differs = same.index(False) if same.count(True) == 1 else None
            if differs is not None and OSA.distance(typed_words[differs], stored[differs]) > 1:
                missing.append(f"no rep matches '{name}' — closest: {rep}")
                unknown_reps.append(name)
                break
    # Two capitalised words after "did", a possessive of two ("Jordan Blake's calls"), or a name-shaped subject
    # the warehouse does not know: a rep's name.
    for m in re.finditer(
        r"\b(?:did|does|has|had|for|by|from)\s+([A-Z][a-z]+\s+[A-Z][a-z]+)\b|\b([A-Z][a-z]+\s+[A-Z][a-z]+)'s\b|"
        # lower case, before a verb of doing calls: "how many calls did alex rivera log" ("does rahul still have":
        # one name and an adverb)
        rf"\b(?:did|does|has|had)\s+(([a-z]+)\s+{_NOT_ADVERB}[a-z]+)\s+(?=(?:log|logged|run|ran|have|had|make|made|hold|held|take|took|"
        r"book|booked|do|get|got)\b)|"
        # ... or after the calls: "list the calls jordan whitfield ran last week", "calls that x y handled"
        rf"\b{_CALL_NOUNS}\s+(?:that\s+|which\s+)?(?P<after>[a-z]+\s+[a-z]+)\s+(?:has\s+|had\s+)?(?={_CALL_VERBS})|"
        # "alex rivera has logged how many calls", "calls recorded by alex rivera", "jordan whitfield's calls",
        # "hannah caldwell number of calls"
        # ("anything jordan pike owns": the deals of a rep)
        rf"\b(?P<doer>[A-Za-z]+\s+{_NOT_ADVERB}[A-Za-z]+)\s+(?:(?:has|have|had)\s+(?=(?:done|made|{_CALL_VERB_WORDS})\b)|"
        r"(?=owns\b))|"
        rf"\b{_CALL_VERBS}\s+by\s+(?P<by>[a-z]+\s+[a-z]+)\b|"
        # ("brooke ellison's discovery calls": a kind of call between)
        rf"\b(?P<owner>[a-z]+\s+[a-z]+)['’]s\s+(?=(?:[a-z]+\s+)?{_CALL_NOUNS})|"
        rf"\b(?P<counted>[a-z]+\s+[a-z]+)\s+(?=(?:#\s*(?:of\s+)?|(?:number|count|total|tally)\s+of\s+){_CALL_NOUNS})|"
        # "all the calls Jordan Blake did", "Jordan Blake calls in Nov?", "what Jordan Blake was up to"
        rf"\b{_CALL_NOUNS}\s+(?:that\s+|which\s+)?(?P<named_after>[A-Z][a-z]+\s+[A-Z][a-z]+)\s+"
        rf"(?:has\s+|had\s+)?(?=(?:did|had|made|{_CALL_VERB_WORDS})\b)|"
        r"^\W*(?P<lead>[A-Z][a-z]+\s+[A-Z][a-z]+)\s*[-–—:]?\s+(?=(?:#\s*(?:of\s+)?|number of\s+)?(?:calls|meetings|mtgs|convos|convs)\b)|"
        # ... in lower case, of words no question uses otherwise: "trevor blackwood calls last month"
        r"^\W*(?P<lead_lower>[a-z]+\s+[a-z]+)\s*[-–—:]?\s+(?=(?:calls|meetings|mtgs|convos|convs)\b)|"
        # a company in lower case by its last word, after "with": "anything w/ harlow biotech"
        rf"\b(?:with|w/|for|at|from)\s+(?P<lower_company>[a-z][a-z&'-]+(?:\s+[a-z][a-z&'-]+){{0,2}}\s+"
        rf"(?:{'|'.join(sorted(_COMPANY_WORDS))}))\b|"
        r"\b(?P<plural_owner>[A-Z][a-z]+\s+[A-Z][a-z]+s)['’](?=\s)|"
        r"\bwhat\s+(?P<what>[A-Z][a-z]+\s+[A-Z][a-z]+)\s+(?=(?:was|has been|is|did)\b)|"
        # a rep's slot: "rep Jaime Moreno", "owner = Jaime Moreno"
        r"\b(?:rep|seller|owner)\s+(?:=\s*)?(?P<rep_slot>[A-Z][a-z]+\s+[A-Z][a-z]+)\b|"
        # a person the question opens with: "Giulia Ferraro is new on the team, how many calls ..."
        r"^\W*(?P<opener>[A-Z][a-z]+\s+[A-Z][a-z]+)\s+(?=(?:is|was|has|just|joined|started)\b)|"
        # one capitalised word the warehouse does not know, said as a company: "what Initech has told us",
        # "Initech quotes on integrations?", "Globex kickoff tues"
        r"\bwhat\s+(?P<what_one>[A-Z][a-z]{2,})\s+(?=(?:has|had|did|said|told|was|is)\b)|"
        r"^\W*(?P<lead_one>[A-Z][a-z]{2,})\s+(?=(?:quotes|calls?|meetings?|kickoff|demo|qbr|renewal|contract|"
        r"commitments|promises|next steps|deals?|opps?|pipeline|objections|risks)\b)|"
        # the second of two people compared, in lower case: "compare ... for riley novak and sophie lindgren"
        r"\b(?:compare|between)\b[^?.]{0,60}?\s(?:and|&|vs\.?|versus)\s+(?P<also>[a-z]+\s+[a-z]+)"
        r"(?=\s*(?:[?.,]|$|(?:this|last|in|on|since|over|during|past)\b))|"
        # a company by its last word, anywhere: "Acme Logistics has an exec asking ..."
        r"\b(?P<company>[A-Z][a-z]+\s+[A-Z][a-z]+)\b",
        q,
    ):
        name = (
            m.group(1)
            or m.group(2)
            or m.group(3)
            or m.group("after")
            or m.group("named_after")
            or m.group("doer")
            or m.group("by")
            or m.group("owner")
            or m.group("counted")
            or m.group("plural_owner")
            or m.group("lead")
            or m.group("lead_lower")
            or m.group("lower_company")
            or m.group("what")
            or m.group("opener")
            or m.group("rep_slot")
            or m.group("what_one")
            or m.group("lead_one")
            or m.group("also")
            or m.group("company")
        )
        if name.split()[0].lower() in _IMPERATIVES:
            continue  # "Summarize Zenith's contract review": a verb, then an account
        if name.split()[0].lower() in _OPENERS:
            continue  # "On Kofi's and Mei's deals": a preposition starting the sentence, then a name
        if name.split()[0].lower() in (
            *("what", "which", "who", "whose", "where", "when", "why", "how"),
            *("anything", "everything", "something", "nothing", "ones", "one", "those", "these", "deals"),
        ):
            continue  # "What Quicksilver has said", "Which Legal & Procurement conversations": a question word
        if len(name.split()) == 1 and _is_subject_word(name):
            continue  # "sign-off from InfoSec": a subject's word, no account
        if name.lower() in spans or name in unknown_reps or name in unknown_accounts or _is_vocab(name):
            continue
        if name.lower() in stage_words:
            continue  # "who needs the most help with discovery": a stage, no account
        if (
            m.group(3)
            or m.group("after")
            or m.group("doer")
            or m.group("by")
            or m.group("owner")
            or m.group("counted")
        ) and any(w in _KNOWN_WORDS or _is_vocab(w) for w in name.lower().split()):
            continue  # "did we log", "did the team run": no name
        if (m.group("lead_lower") or m.group("lower_company") or m.group("also")) and any(
            _is_vocab(w) or w in KEYWORDS or w in _FILLER or w in stage_words or parse_window(w, today)
            for w in name.lower().split()[: None if m.group("lead_lower") else -1]
        ):
            continue  # "all negative calls", "with the pricing group": words of questions, no name
        if parse_window(name, today) is not None:
            continue
        if m.group("company") and (
            name.split()[-1].lower() not in _COMPANY_WORDS
            or any(a.lower().startswith(name.lower()) for a in catalog.accounts)  # a known one, left out
        ):
            continue
        one_word = bool(m.group("what_one") or m.group("lead_one"))
        if one_word and (
            is_english_word(name)
            or name.lower() in _KNOWN_WORDS
            or name.lower() in _COMMON
            or name.lower() in KEYWORDS
        ):
            continue  # "Customer quotes on pricing": a word, no name
        if one_word or name.split()[-1].lower() in _COMPANY_WORDS:
            near = closest(name, catalog.accounts) if catalog.accounts else []
            missing.append(
                f"no account matches '{name}'" + (f" — closest: {', '.join(near)}" if near else "")
            )
            unknown_accounts.append(name)  # "Acme Corp calls": a company, by its last word
            continue
        near = closest(name, catalog.reps) if catalog.reps else []
        users = {
            u.lower(): u
            for u in (*(n for n, _ in catalog.titles), *(m for _, ms in catalog.teams for m in ms))
        }
        if (user := users.get(name.lower())) is not None:
            missing.append(f"{user} is a user with no recorded calls")  # on the roster, never on a call
            name = user
        else:
            missing.append(f"no rep matches '{name}'" + (f" — closest: {', '.join(near)}" if near else ""))
        unknown_reps.append(name)
    # A name where a competitor is spoken of ("calls that mentioned Avoma", "deals lost to Gong") that no
    # catalog holds: a competitor the calls never named.
    unknown_competitors: list[str] = []
    for m in _COMPETITOR_SLOT.finditer(question):
        name = (m.group("a") or m.group("b") or m.group("c") or m.group("d")).rstrip(".")
        if m.group("d") and is_english_word(name):
            continue  # "do we run into trouble much": a word, no name
        if (
            not m.group("a")
            and not m.group("d")
            and not _COMPETITION.search(question)
            and (
                not m.group("c")
                # ("how many calls has Momentum come up on": a capitalised word asked about by name)
                or is_english_word(name)
                and not re.search(r"\b(has|have|had|did|does)\s+$", question[: m.start("c")], re.I)
            )
        ):
            # "calls that mentioned Salesforce": a name, but of what the question does not say. A word no
            # dictionary holds ("has Avoma come up") is a name the calls never said, whatever it names.
            continue
        if (
            name.lower() in spans.lower()
            or name in unknown_reps
            or name in unknown_accounts
            or _is_vocab(name)
            or name.lower() in _KNOWN_WORDS
            or parse_window(name, today) is not None
        ):
            continue
        near = closest(name, catalog.competitors) if catalog.competitors else []
        missing.append(f"no competitor matches '{name}'" + (f" — closest: {', '.join(near)}" if near else ""))
        unknown_competitors.append(name)
    if unknown_reps or unknown_accounts or unknown_competitors:
        # Kept as typed: the answer is then honestly "none", next to what did not match. A stored name read from
        # a part of the unknown one ("claire" of "claire hughes", "greyhawk" of "Greyhawk Logistics") is no
        # match: the unknown name says who or what was meant.
        unknown = [u.lower() for u in (*unknown_reps, *unknown_accounts)]
        named_entities = [e for e in entities if e.kind in ("rep", "account", "opportunity")]
        # ("the Pinnacle Logistics deal": not Pinnacle Health's deal, read from its first word; but "Lucas
        # Sinclair and Lucas Verhoeven" still names Lucas Sinclair in full)
        asked_lower = question.lower()

        def places(words: str) -> list[tuple[int, int]]:
            return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", asked_lower)]

        longer = [*unknown, *(e.span.lower() for e in named_entities)]

        def said_alone(span: str) -> bool:
            # (said somewhere not inside a longer name: "each of the Orchard accounts, plus Orchard Dental")
            covered = [p for name in longer if _inside(span, name) for p in places(name)]
            return any(not any(a <= s and e <= b for a, b in covered) for s, e in places(span))

        read_from_part = [
            any(_inside(e.span.lower(), u) for u in unknown) and not said_alone(e.span.lower())
            for e in named_entities
        ]
        partial = {e.value for e, part in zip(named_entities, read_from_part, strict=True) if part} - {
            e.value for e, part in zip(named_entities, read_from_part, strict=True) if not part
        }
        kept_deals = tuple(
            o for o in plan.filters.opportunity if o not in partial and o.split(" - ")[0] not in partial
        )
        plan = replace(
            plan,
            filters=replace(
                plan.filters,
                competitor=(*plan.filters.competitor, *unknown_competitors),
                rep=(*(r for r in plan.filters.rep if r not in partial), *unknown_reps),
                opportunity=kept_deals,
                account=(*(a for a in plan.filters.account if a not in partial), *unknown_accounts)
                if not kept_deals
                else plan.filters.account,
            ),
        )
    named_product = next(
        (p for p in catalog.products if unknown_subject and p.lower() == unknown_subject.lower()), None
    )
    if named_product:
        # A product's name is known, though no call field holds it: what was said is searched for it.
        how = "the calls where someone said it" if plan.filters.said else "the passages are searched for it"
        plan = replace(plan, notes=(*plan.notes, f"'{named_product}' is one of our products: {how}"))
    elif unknown_subject and plan.filters.said:
        missing.append(
            f"no topic or name matches '{unknown_subject}': these are the calls where someone said it"
        )
    elif unknown_subject:
        # Quotes still search its words, but no known topic holds it: the answer may quote something near it.
        missing.append(f"no topic matches '{unknown_subject}'")
    corrections = _corrections(question, typo_fixed)
    kept = [e.span for e in entities if _entity_used(e, plan.filters)]
    phrases = [
        *kept,
        *unknown_reps,
        *unknown_accounts,
        *unknown_competitors,
        *([unknown_subject] if unknown_subject else []),
        *([time_span] if time_span else []),
        *(m.group(0) for m in NAMED_DAY.finditer(question.lower()) if time_span),  # "since halloween"
        *(m.group(0) for m in TO_TODAY.finditer(question.lower()) if time_span),  # "from oct 5 to today"
        *(
            m.group(0) for m in VERSUS_LAST.finditer(question.lower()) if time_span
        ),  # "more calls than last month"
        *(_INCLUSIVE.findall(question) if time_span else []),  # "through Oct 19 inclusive": read as such
        *(m.group(0) for m in _RELAYED.finditer(question)),
        *(question[m.start() :].split(".")[0] for m in _SAME_TIME_AS.finditer(question)),
        *(m.group(0) for m in _WHY_AFTER.finditer(question)),  # why the asker wants it: no answer changes
        *([introduced[1]] if introduced else []),
        *(m.group(0) for m in MY_TEAM.finditer(question) if introduced),
        *(typed for typed, _ in roles),
        *(_role_left_out(question, typed) or typed for typed, _ in roles_out),
        *quote_words_typed,
        *(_left_out(question, e.span) or e.span for e in left_out),  # reported above
    ]
    unused = unused_words(q, plan, phrases, corrections, used)
    bare = question.replace(time_span, " ") if time_span else question
    if (
        unused
        and not (
            plan.filters.account or plan.filters.rep or plan.filters.opportunity or plan.filters.competitor
        )
        and kind != "unanswerable"
        and (m := _unread_name_slot(bare, unused))
        and m.group("name").lower() not in stage_words  # ("help with discovery": a stage, no account)
    ):
        # "calls w/ ravenshaw dental?": words no reading took, where a name goes, name an account the warehouse
        # does not know; the answer is then honestly "none" beside the closest accounts, not every call.
        name = m.group("name")
        near = closest(name, catalog.accounts) if catalog.accounts else []
        missing.append(f"no account matches '{name}'" + (f" — closest: {', '.join(near)}" if near else ""))
        plan = replace(plan, filters=replace(plan.filters, account=(name,)))
        unused = [w for w in unused if w not in name.split()]
    elif (
        unused
        and kind not in ("unanswerable", "call_brief", "commitments")  # (their titles are read below)
        and (run := unknown_name_run(bare, unused, _name_words(catalog)))
    ):
        # "calls for jessica whitmore", "what did the halvorsen team say", "has gong come up vs avoma": a coined
        # word no reading took, where a name goes, names someone or something the warehouse does not know.
        held, name = run  # (the filter field it goes in, as named)
        if not getattr(plan.filters, held):
            pool = {"rep": catalog.reps, "account": catalog.accounts, "competitor": catalog.competitors}[held]
            near = closest(name, pool) if pool else []
            missing.append(f"no {held} matches '{name}'" + (f" — closest: {', '.join(near)}" if near else ""))
            plan = replace(plan, filters=_with_name(plan.filters, held, name))
            unused = [w for w in unused if w not in name.split()]
    if unused and kind not in ("unanswerable", "call_brief", "commitments"):
        # "kofi vs brett", "Revenue.io and Dialpad": a name set beside a known one that no reading took.
        for e in entities:
            other = _beside_known(bare, e, unused)
            if other is None or e.kind not in ("rep", "competitor"):
                continue
            held = e.kind
            pool = catalog.reps if held == "rep" else catalog.competitors
            near = closest(other, pool) if pool else []
            missing.append(
                f"no {held} matches '{other}'" + (f" — closest: {', '.join(near)}" if near else "")
            )
            names = plan.filters.rep if held == "rep" else plan.filters.competitor
            plan = replace(plan, filters=_with_name(plan.filters, held, other, keep=names))
            unused = [w for w in unused if re.sub(r"['’]s$", "", w) != other.lower()]
    for field, known in (("rep", catalog.reps), ("account", catalog.accounts)):
        named = getattr(plan.filters, field)
        if (
            plan.group_by is None
            and plan.kind == "aggregate"
            and plan.measure in ("talk_ratio", "avg_sentiment")
            and len(named) >= 2
            and not set(named) <= set(known)
            and not plan.filters.team
        ):
            # "the talk ratio of Lucas Sinclair and Lucas Verhoeven", "kofi vs brett", "Harborview Telecom and
            # Harborview Energy, side by side": each one's, as for names all known (the unknown one with no value)
            plan = replace(plan, group_by=field)
    if kind in ("call_brief", "commitments"):
        # "the cedarline onsite workshop", "after the order form review": words naming the call by its title.
        # (not the asker's purpose: "summarise it so I can coach him on it"; nor a resolved name cut short:
        # "orchard ins expansion")
        purpose = {
            w.lower() for m in _PURPOSE.finditer(question) for w in re.findall(r"[\w'’-]+", m.group(0))
        }
        purpose |= _name_abbreviations(unused, (*plan.filters.account, *plan.filters.opportunity))
        # ("open action items for orchard": the items still to do, which every commitment listed is)
        purpose |= {m.group(1).lower() for m in _OPEN_ITEMS.finditer(question)}
        # (nor the story told first: "I'm inheriting Evergreen as of Monday, and the renewal has been bumpy.")
        story = (
            set(re.findall(r"[\w'’-]+", q[: told_first.end()].lower()))
            if kq is not q and told_first
            else set()
        )
        title = [
            w
            for w in unused
            if not is_meaning_word(w)
            and w not in corrections.values()
            and w not in purpose
            and w not in story
        ][:6]
        # A capitalised word no catalog holds ("the Globex kickoff") names an account the warehouse does not
        # know: the answer is honestly "none" beside the closest accounts, not another account's call.
        unknown_names = [
            w
            for w in title
            if not accounts
            and not _is_vocab(w)
            and not re.fullmatch(r"i('\w+)?", w, re.I)  # "I'd", "I'm": the pronoun, capitalised anywhere
            and w.lower().strip(".") not in spans.split()  # a name already resolved ("I'm Kofi.")
            and parse_window(w, today) is None  # "the November recap": a month, no name
            and re.search(rf"(?<![.?!]\s)(?<!^)\b{re.escape(w.capitalize())}\b", question.strip())
        ]
        if unknown_names:
            name = unknown_names[0].capitalize()
            near = closest(name, catalog.accounts) if catalog.accounts else []
            missing.append(
                f"no account matches '{name}'" + (f" — closest: {', '.join(near)}" if near else "")
            )
            plan = replace(plan, filters=replace(plan.filters, account=(name,)))
            title = [w for w in title if w != unknown_names[0]]
        if title:
            plan = replace(plan, filters=replace(plan.filters, title_words=tuple(title)))
        if title or unknown_names:
            unused = [
                w
                for w in unused_words(q, plan, [*phrases, *title, *unknown_names[:1]], corrections, used)
                if w not in title and w not in unknown_names[:1]
            ]
    if (stat := _OTHER_STATISTIC.search(question)) and kind in ("aggregate", "ranking", "count"):
        # "median deal size", "p90 talk ratio": said, not silently answered with the mean
        missing.append(
            f"{stat.group(0)}: the average is shown instead (medians, percentiles and spreads are not computed)"
        )
        unused = [w for w in unused if w not in stat.group(0).lower().split()]
    if plan.group_by in _GROUP_WORDS and kind in ("aggregate", "ranking", "count"):
        named_groups = _named_groups(q)
        if plan.group_by in named_groups and (others := [g for g in named_groups if g != plan.group_by]):
            # "calls by rep by week", "average sentiment by rep and month": one grouping, and the other named
            missing.append(f"grouped by {plan.group_by} only, not also by {' or '.join(others)}")
            unused = [
                w
                for w in unused
                if w not in ("by", "per", "and") and not any(re.fullmatch(_GROUP_WORDS[g], w) for g in others)
            ]
    if unused:
        typed = {fixed: word for word, fixed in corrections.items()}
        missing.append("words not used: " + describe(unused, typed))
    if missing:
        plan = plan.with_not_understood(*dict.fromkeys(missing))
    if kind == "deals_at_risk" and window is not None:
        within = (
            "deals whose risk was raised on a call in the time window"
            if plan.filters.risk_type
            else "deals with a call in the time window"
        )
        plan = replace(plan, notes=(*plan.notes, within))
    return plan


def _corrections(typed: str, corrected: str) -> dict[str, str]:
    """Each word the typo correction rewrote (lower-cased) -> the word it was read as."""
    a = [w.lower() for w in re.findall(r"[A-Za-z]+", typed)]
    b = [w.lower() for w in re.findall(r"[A-Za-z]+", corrected)]
    out: dict[str, str] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out.update(zip(a[i1:i2], b[j1:j2], strict=True))
        elif tag == "replace":  # ("betriebsrat" -> "works council")
            out[" ".join(a[i1:i2])] = " ".join(b[j1:j2])
    return out


def _entity_used(entity: Entity, filters: Filters) -> bool:
    """Did the plan keep this name (a product or account counts when it picked the deal)?"""
    kept = {
        "rep": filters.rep,
        "team": filters.team,
        "account": filters.account,
        "opportunity": filters.opportunity,
        "stage": filters.stage,
        "competitor": filters.competitor,
    }.get(entity.kind, ())
    if entity.value in kept or entity.kind == "rep" and entity.value in filters.speaker:
        return True
    if entity.kind in ("account", "product"):
        return any(entity.value.lower() in o.lower() for o in filters.opportunity)
    return False


_COMMON = frozenset(
    [
        "pricing",
        "price",
        "cost",
        "budget",
        "security",
        "legal",
        "timeline",
        "renewal",
        "churn",
        "competitors",
        "competitor",
        "risk",
        "risks",
        "objections",
        "deals",
        "deal",
        "calls",
        "call",
        "reps",
        "rep",
        "accounts",
        "account",
        "customers",
        "customer",
        "sentiment",
        "talk",
        "ratio",
        "week",
        "month",
        "quarter",
        "year",
        "team",
        "onboarding",
        "implementation",
        "integrations",
        "discount",
        "discounts",
        "negotiation",
        "proposal",
        "discovery",
        "demo",
        "next",
        "steps",
        "action",
        "items",
        "prospects",
        "them",
        "us",
        "everyone",
    ]
)


# Adverbs that follow a first name without being its second part ("does rahul still have").
_NOT_ADVERB = (
    r"(?!(?:still|ever|already|also|even|really|just|actually|always|never|yet|now|usually|typically)\b)"
)


def _is_subject_word(word: str) -> bool:
    """A topic's or a kind of risk's own word ("InfoSec", "pricing"): what a call is about, no name."""
    return any(p.fullmatch(word) for _, p in (*TOPIC_PATTERNS, *RISK_WORD_PATTERNS))


def _is_vocab(name: str) -> bool:
    low = name.lower()
    if low in _COMMON or low in _KNOWN_WORDS:
        return True
    return bool(re.fullmatch(r"(q[1-4]|\d+|[a-z]{1,2})", low))


# Words every question may carry without changing its meaning.
_FILLER = frozenset(
    [
        # "proposal and negotiation combined": the filters' values together, as every answer adds them
        "combined",
        # "calls flagged budget, filter to Demo": how the asker says a filter applies
        "flagged",
        "filter",
        "filtered",
        # "as a table", "one row per rep": how the answer is laid out, which it always is
        "table",
        "tables",
        "row",
        "rows",
        # "I'm Owen - ...": a self-introduction, read by the team rules
        "i'm",
        "im",
        # doing calls: "how many calls did Morgan log / run / hold"
        "log",
        "logged",
        "run",
        "ran",
        "hold",
        "held",
        "update",
        "anyone",
        "anybody",
        "someone",
        "everyone",
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
        "your",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "many",
        "much",
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "can",
        "could",
        "would",
        "should",
        "will",
        "show",
        "list",
        "give",
        "tell",
        "return",
        "extract",
        "quick",
        "get",
        "hear",
        "heard",
        "find",
        "pull",
        "see",
        "look",
        "need",
        "want",
        "know",
        "please",
        "just",
        "actually",
        "really",
        "also",
        "only",
        "ever",
        "there",
        "here",
        "that",
        "this",
        "these",
        "those",
        "it",
        "them",
        "they",
        "one",
        "ones",
        "some",
        "every",
        "each",
        "per",
        "vs",
        "versus",
        "than",
        "then",
        "so",
        "if",
        "as",
        "up",
        "out",
        "into",
        "over",
        "any",
        "anything",
        "where",
        "when",
        "calls",
        "call",
        "deals",
        "deal",
        "reps",
        "rep",
        "accounts",
        "account",
        "customers",
        "customer",
        "prospects",
        "people",
        "team",
        "sales",
        "our",
        "ones",
        "meeting",
        "meetings",
        "conversation",
        "conversations",
        "customer's",
        "rep's",
        "month's",
        "week's",
        "last",
        "this",
        "past",
        "next",
        "since",
        "between",
        "ago",
        "today",
        "yesterday",
        "ok",
        "okay",
        "hey",
        "hi",
        "thanks",
        "thx",
        "pls",
        "plz",
        "right",
        "now",
        "currently",
        "recent",
        "recently",
        "latest",
        "most",
        "least",
        "after",
        "before",
        "during",
        "regarding",
    ]
)


def _measure_used(name: str, plan: AskPlan) -> bool:
    """The plan measures ``name``, or filters on what the measure's words name."""
    f = plan.filters
    return plan.measure == name or {
        "avg_sentiment": bool(f.sentiment or f.sentiment_trend) or plan.order == "sentiment",
        "risks": bool(f.risk_type or f.risk_severity or f.at_risk) or plan.kind == "deals_at_risk",
        "objections": bool(f.risk_type or f.unanswered or f.answered),
        "deal_risk_score": f.at_risk or plan.kind == "deals_at_risk",
        "amount": f.min_amount is not None or f.max_amount is not None or plan.measure == "avg_amount",
    }.get(name, False)


def _holds_amount(plan: AskPlan, value: float) -> bool:
    return value in (plan.filters.min_amount, plan.filters.max_amount)


def _holds_minutes(m: re.Match[str], plan: AskPlan) -> bool:
    return _duration_minutes(m) in (plan.filters.min_minutes, plan.filters.max_minutes)


def _ranked(plan: AskPlan) -> bool:
    return plan.kind == "ranking" or plan.top_n is not None or plan.order != "newest"


def _said_about(plan: AskPlan) -> bool:
    f = plan.filters
    return (
        plan.kind == "quotes"
        or bool(f.topic or f.risk_type or f.competitor or f.speaker)
        or plan.group_by in ("competitor", "topic")
    )


def _open_deals(plan: AskPlan) -> bool:
    """Deal measures and deals at risk are over open deals (unless a closed stage is named)."""
    closed = bool(plan.filters.closed_stages())
    return (plan.kind == "deals_at_risk" or is_deal_plan(plan)) and not closed or plan.filters.open_deals


def _about_deals(plan: AskPlan) -> bool:
    """The plan reads deals: their measures, names, stages, amounts, close dates or risk reasons."""
    f = plan.filters
    return (
        plan.kind == "deals_at_risk"
        or is_deal_plan(plan)
        or plan.group_by in ("opportunity", "stage")
        or bool(f.opportunity or f.stage or f.at_risk or f.deal_reason)
        or any(v is not None for v in (f.min_amount, f.max_amount, f.close_start, f.quiet_since))
    )


def _topic_used(topic: str, plan: AskPlan) -> bool:
    """A topic's words are used by the topic filter, or by the risk type that is the worry about it."""
    return (
        topic in plan.filters.topic
        or bool(set(_TOPIC_RISKS.get(topic, ())) & set(plan.filters.risk_type))
        or (topic == "Competition" and bool(plan.filters.competitor))
    )


def _ranks(plan: AskPlan) -> bool:
    return plan.kind == "ranking"


def _grouped(plan: AskPlan) -> bool:
    return plan.group_by is not None


def _aggregates(plan: AskPlan) -> bool:
    return plan.kind in ("aggregate", "count", "ranking")


def _between_amounts(plan: AskPlan) -> bool:
    return plan.filters.min_amount is not None and plan.filters.max_amount is not None


def _competitor_risk(plan: AskPlan) -> bool:
    return "competitor" in plan.filters.risk_type or plan.group_by == "competitor"


def _topic_kept(topic: str) -> PlanCheck:
    return lambda plan: topic in plan.filters.topic


def _order_is(order: str) -> PlanCheck:
    return lambda plan: plan.order == order


def _word_rules() -> tuple[WordRule, ...]:
    """Each rule's words and the check on the plan that shows the rule was used (see ``accounting``)."""
    rules = [
        WordRule(_BRIEF, lambda p: p.kind == "call_brief"),
        WordRule(_COMMIT, lambda p: p.kind == "commitments"),
        WordRule(_OPEN_ITEMS, lambda p: p.kind == "commitments"),
        WordRule(_COUNT, lambda p: p.kind in ("count", "aggregate", "ranking")),
        WordRule(_RANK, _ranked),
        WordRule(_AGGREGATE_ONLY, _aggregates),
        WordRule(_DEAL, _about_deals),
        WordRule(_CALLS, lambda p: True),
        WordRule(
            _RISKY, lambda p: p.kind == "deals_at_risk" or p.filters.at_risk or bool(p.filters.risk_type)
        ),
        WordRule(_QUOTES, _said_about),
        WordRule(_IMPROVE_REQUEST, lambda p: p.kind == "coaching"),
        WordRule(_UNANSWERED, lambda p: p.filters.unanswered),
        WordRule(_ANSWERED, lambda p: p.filters.answered),
        WordRule(
            _CAME_UP,
            lambda p: (
                bool(p.filters.competitor or p.filters.topic or p.filters.risk_type)
                or p.kind in ("quotes", "list_calls", "count")
            ),
        ),
        WordRule(_TEAM_BENCHMARK, lambda p: p.benchmark is not None),
        WordRule(_INTERNAL, lambda p: p.filters.scope == "Internal"),
        WordRule(_NO_CUSTOMER, lambda p: p.filters.scope in ("Internal", NO_CUSTOMER)),
        WordRule(_EXTERNAL, lambda p: p.filters.scope == "External"),
        WordRule(_NOT_INTERNAL, lambda p: p.filters.scope == "External"),
        WordRule(_KINDS_OF_RISK, lambda p: p.group_by == "risk_type"),
        WordRule(_DISTINCT, lambda p: p.kind == "count" and p.group_by is not None),
        WordRule(_SPOKE_WITH, lambda p: bool(p.filters.rep or p.filters.account or p.filters.opportunity)),
        WordRule(_CLOSING, lambda p: p.filters.close_start is not None),
        WordRule(_BOOKINGS, lambda p: p.measure == "amount"),
        WordRule(re.compile(r"\bmention(?:s|ed|ing)?(?:\s+of)?\b", re.I), lambda p: bool(p.filters.said)),
        WordRule(
            re.compile(r"\bso far\b", re.I),
            lambda p: p.filters.start is not None or p.filters.close_start is not None,
        ),
        # "better this month than last? give me both numbers": one value for each period
        WordRule(
            re.compile(
                rf"{THAN_LAST.pattern}|\b(better|worse|more|fewer|less|higher|lower)\b(?=.{{0,60}}\bthan (the )?"
                r"(last|previous|prior)\b)|\bboth (numbers|figures|values|periods)\b",
                re.I,
            ),
            lambda p: p.group_by in ("week", "month", "quarter"),
        ),
        # "when is the Zenith deal expected to close", "who owns the Lumen Bank opp": a deal's card says both
        WordRule(
            re.compile(
                r"\bwhen\b[^?.]{0,40}\b(expected to close|slated to close|due to close|going to close|close|closing|"
                r"closes)\b|\bclose date\b|\bwho owns\b|\bowner\b",
                re.I,
            ),
            lambda p: p.kind == "deals_at_risk",
        ),
        # "all time", "all-time": every call, no window
        WordRule(re.compile(r"\ball[- ]time\b", re.I), lambda p: p.filters.start is None),
        # ("the deals that closed this quarter": the deals' close dates)
        WordRule(re.compile(r"\bclosed\b", re.I), lambda p: p.filters.close_start is not None),
        WordRule(_PAST_CLOSE, lambda p: p.filters.close_start is not None),
        WordRule(_SEVERITY, lambda p: p.filters.risk_severity is not None),
        WordRule(_NO_TRANSCRIPT, lambda p: p.filters.has_transcript is False),
        WordRule(_LANGUAGE, lambda p: bool(p.filters.language)),
        WordRule(_OTHER_LANGUAGE, lambda p: p.filters.other_language),
        WordRule(
            _EXCLUDING,
            lambda p: bool(p.filters.not_rep or p.filters.not_account or p.filters.not_opportunity),
        ),
        WordRule(_AT_RISK, lambda p: p.filters.at_risk or p.kind == "deals_at_risk"),
        WordRule(_RISK_BAR, lambda p: p.filters.at_risk or p.kind == "deals_at_risk"),
        WordRule(_DURATION, lambda p: True, _holds_minutes),
        WordRule(_FALLING, lambda p: p.filters.sentiment_trend is not None),
        WordRule(
            _NEGATIVE,
            lambda p: (
                p.filters.sentiment == "negative"
                or p.measure == "avg_sentiment"
                or p.order == "sentiment"
                or p.kind == "deals_at_risk"
            ),
        ),
        WordRule(
            _POSITIVE,
            lambda p: (
                p.filters.sentiment == "positive" or p.measure == "avg_sentiment" or p.order == "sentiment"
            ),
        ),
        WordRule(_NEUTRAL, lambda p: p.filters.sentiment == "neutral"),
        WordRule(_QUIET, lambda p: p.filters.quiet_since is not None),
        WordRule(_TOP_N, lambda p: p.top_n is not None, lambda m, p: _top_n_of(m) == p.top_n),
        WordRule(_AMOUNT, lambda p: True, lambda m, p: _holds_amount(p, _amount(m["value"], m["unit"]))),
        WordRule(
            _AMOUNT_PLUS, lambda p: True, lambda m, p: _holds_amount(p, _amount(m.group(1), m.group(2)))
        ),
        WordRule(
            _AMOUNT_OR_MORE,
            lambda p: True,
            lambda m, p: _holds_amount(p, _amount(m.group(1), m.group(2)) - 0.01),
        ),
        WordRule(AS_OF, lambda p: True),
        WordRule(SHORTHAND, lambda p: p.filters.start is not None or p.filters.close_start is not None),
        WordRule(_STAGE_WORD, lambda p: bool(p.filters.stage) or p.group_by == "stage"),
        WordRule(_DEAL_WORDS, lambda p: bool(p.filters.opportunity or p.filters.not_opportunity)),
        WordRule(_OPEN, _open_deals),
        WordRule(_SPEAKERS, lambda p: p.kind == "quotes"),
        WordRule(_CLOSE_WORDS, _by_close_period),
        # "need opp, owner, amount": the columns a deal list shows.
        WordRule(_DEAL_COLUMNS, lambda p: p.kind == "deals_at_risk"),
        # ("... their most recent call first?": first of all)
        WordRule(_FIRST_OF_ALL, lambda p: p.order != "oldest"),
        WordRule(_SENTIMENT_BAND, lambda p: p.filters.sentiment is not None),
        # ("a recap of the longest call - what was it about and how did it end?": what a brief tells)
        WordRule(_HOW_IT_WENT, lambda p: p.kind == "call_brief"),
        # ("calls that had at least one objection": any)
        WordRule(re.compile(r"\bat least (?:one|a single|an?)\b", re.I), lambda p: True),
        # ("only count people with 3+ such calls": how the asker frames what is counted; its words are read apart)
        WordRule(re.compile(r"\bonly count\b", re.I), lambda p: True),
    ]
    rules.append(
        WordRule(
            _LATEST,
            lambda p: (
                p.order in ("newest", "latest_call") and p.kind in ("call_brief", "commitments", "list_calls")
            ),
        )
    )
    rules += [_field_rule(p, "measure", m) for m, p in MEASURE_PATTERNS]
    rules += [_field_rule(p, "group_by", g) for g, p in GROUP_PATTERNS]
    rules += [_field_rule(p, "group_by", g) for g, p in _GROUP_NOUNS]
    rules += [_field_rule(p, "risk_type", r) for r, p in RISK_WORD_PATTERNS]
    rules += [_field_rule(p, "topic", t) for t, p in TOPIC_PATTERNS]
    return tuple(rules)


def _field_rule(pattern: re.Pattern[str], field: str, value: str) -> WordRule:
    """The words of ``pattern`` are used when the plan's ``field`` is (or holds) ``value``."""

    def used(plan: AskPlan) -> bool:
        if field == "measure":
            return _measure_used(value, plan)
        if field == "risk_type":
            return value in plan.filters.risk_type
        if field == "topic":
            return _topic_used(value, plan)
        return bool(getattr(plan, field) == value)

    return WordRule(pattern, used)


# The nouns next to a stage or deal name ("proposal stage", "the crestview renewal"): used when the plan kept a
# stage or deal, whichever way it was found (a name in the catalog, or the one deal of the account named).
_STAGE_WORD = re.compile(r"\b(stages?|phase)\b", re.I)
_DEAL_WORDS = re.compile(rf"\b{_DEAL_NOUN}s?\b", re.I)
# A superlative names what is ranked: it is used only when the plan ranks by that ("the longest 3 calls"
# ranked by how many calls each rep had did not read "longest").
_SUPERLATIVE_MEASURES: dict[str, Callable[[AskPlan], bool]] = {
    **dict.fromkeys(
        ("longest", "lengthiest", "shortest"),
        lambda p: (
            p.order == "duration"
            or p.measure == "monologue"
            or (p.kind == "ranking" and p.measure is None and p.group_by is None)
        ),
    ),
    "riskiest": lambda p: (
        p.measure == "deal_risk_score" or p.kind == "deals_at_risk" or p.filters.deal_pick is not None
    ),
    "quietest": lambda p: p.measure in ("calls", "talk_ratio"),  # ("the quietest talker")
    **dict.fromkeys(("busiest", "slowest"), lambda p: p.measure == "calls"),
    **dict.fromkeys(
        ("biggest", "largest", "smallest", "fattest", "juiciest"),
        lambda p: (
            # ("the biggest talkers", "the biggest concerns")
            p.measure in (*AMOUNT_MEASURES, "calls", "deals", "talk_ratio", "risks", "objections")
            or p.kind == "deals_at_risk"
            or p.filters.deal_pick is not None
        ),
    ),
}
# The noun of what a plan groups by is used when it groups that way.
_GROUP_NOUNS = tuple((g, re.compile(rf"\b({words})\b", re.I)) for g, words in _GROUP_WORDS.items())
_OPEN = re.compile(r"\bopen\b", re.I)
_OPEN_DEALS = re.compile(r"\bopen\s+(deals?|opps?|opportunit(y|ies)|renewals?|expansions?)\b", re.I)
# Who is quoted (customers' own words) and what they voiced, in a question asking what was said.
_SPEAKERS = re.compile(r"\b(buyers?|clients?|customers?|prospects?|worr\w+|issues?|problems?)\b", re.I)
_TOPIC_RISKS: dict[str, tuple[str, ...]] = {
    "Pricing": ("pricing_objection",),
    "Budget": ("budget",),
    "Security & Compliance": ("legal_security",),
    "Legal & Procurement": ("legal_security",),
    "Timeline": ("timeline_slip",),
    "Competition": ("competitor",),
}
_LATEST = re.compile(r"\b(last|latest|most recent|newest|recent)\b", re.I)


def unused_words(
    question: str,
    plan: AskPlan,
    phrases: list[str],
    corrections: dict[str, str] | None = None,
    readings: Readings | None = None,
) -> list[str]:
    """Words of ``question`` that no rule, name or period the plan used accounts for (listed in the answer).

    :param phrases: the names and the period the plan kept, as typed.
    :param corrections: typed word -> the word the typo correction read it as (``question`` is corrected).
    :param readings: what the planner's patterns read from ``question`` as they decided.
    """
    coverage = Coverage(question)
    coverage.add_rules(_WORD_RULES, plan)
    if readings is not None:
        coverage.add_readings(readings, plan)
    coverage.unmark_words(w for w, fits in _SUPERLATIVE_MEASURES.items() if not fits(plan))
    fixed = corrections or {}
    coverage.add_phrases([*phrases, *(fixed[w] for p in phrases for w in p.lower().split() if w in fixed)])
    return leftover_words(coverage, plan, _FILLER)


_WORD_RULES = _word_rules()

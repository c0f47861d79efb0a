"""Deterministic synthetic Gong tenant: users, accounts, opportunities and calls with transcripts and truth.

Generation happens in two steps:

1. A *plan* (cheap, all calls at once): the org chart, the book of accounts and opportunities, and for every
   call its time, account, opportunity stage, attendees, tone and scenarios. Decisions that need the whole
   picture live here: stage order along an opportunity's calls, pinned negative calls in the last week, the
   private-call quota, edge cases.
2. The *calls* (expensive, one at a time): each call's transcript and derived blocks, from an RNG seeded by
   the tenant seed and the call id. ``iter_calls`` streams them so 10k+ call tenants need little memory;
   ``generate_tenant`` collects them.

The same arguments always give byte-identical output; only ``end_date=None`` reads the clock (today, UTC).
The window is ``[end_date - days, end_date)`` in UTC: every call starts before ``end_date`` 00:00 UTC.
"""

from __future__ import annotations

import gc
import math
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from local_stack.tenant import catalog, intl
from local_stack.tenant.catalog import SELLER
from local_stack.tenant.content import build_content, build_interaction, stable_id
from local_stack.tenant.phrasebook import BI_TOOLS, CADENCES, CRMS, HEADCOUNTS
from local_stack.tenant.script import CallSpec, Evidence, write_call
from local_stack.tenant.transcript import Speaker

SCENARIOS: tuple[str, ...] = (
    "pricing_objection",
    "competitor",
    "budget",
    "timeline_slip",
    "churn_threat",
    "legal_security",
    "no_next_steps",
    "champion_loss",
    "enthusiastic_champion",
    "rep_monologue",
    "rep_no_questions",
    "positive_close",
)
#: Scenarios that are risks for the deal (the enrichment engine's RISK_TYPES).
RISK_SCENARIOS: frozenset[str] = frozenset(SCENARIOS[:8])
TONES: tuple[str, ...] = ("negative", "neutral", "positive")
EDGE_CASES: tuple[str, ...] = ("empty_transcript", "multi_hour", "duplicate_speaker", "no_external_party")
#: Tenants smaller than this get no edge-case calls, so tiny test tenants stay ordinary.
EDGE_CASE_MIN_CALLS = 20
PRIVATE_SHARE = 0.03


@dataclass(frozen=True)
class CallTruth:
    """What a call is really about, for tests of every later step.

    ``scenarios``, ``competitors``, ``products`` and ``amounts`` are exactly what the transcript contains
    (scanned from its text, not just intended). ``evidence`` holds the lines that carry each scenario.
    """

    scenarios: frozenset[str]
    customer_tone: str
    competitors: tuple[str, ...]
    products: tuple[str, ...]
    amounts: tuple[str, ...]
    edge_cases: frozenset[str] = frozenset()
    language: str = "eng"
    is_private: bool = False
    scope: str = "External"
    account_name: str | None = None
    opportunity_name: str | None = None
    rep_user_id: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class GeneratedCall:
    """One streamed call: the extensive-call item, its transcript monologues and its truth."""

    call: dict
    transcript: list[dict]
    truth: CallTruth

    @property
    def call_id(self) -> str:
        return self.call["metaData"]["id"]


@dataclass(frozen=True)
class Tenant:
    """A whole synthetic tenant. The first four fields are what the Gong peer serves."""

    users: list[dict]
    calls: list[dict]
    transcripts: dict[str, list[dict]]
    truth: dict[str, CallTruth]
    accounts: list[dict] = field(default_factory=list)
    edge_cases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    window_start: datetime | None = None
    window_end: datetime | None = None


# ---------------------------------------------------------------------------------------------------------------
# Internal plan records
# ---------------------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Person:
    first: str
    last: str
    email: str
    title: str
    phone: str | None
    sfdc_id: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(slots=True)
class _User:
    person: _Person
    role: str  # vp | manager | ae | sdr | se | csm
    user: dict
    languages: tuple[str, ...] = ("en",)
    leaves_at: datetime | None = None


@dataclass(slots=True)
class _Opp:
    sfdc_id: str
    name: str
    type: str  # New Business | Expansion | Renewal
    product: str
    seats: int
    amount: int
    outcome: str  # won | lost | open
    weight: float
    close_date: date | None = None


@dataclass(slots=True)
class _Account:
    name: str
    short: str
    domain: str
    industry: str
    region: str
    tz: ZoneInfo
    lang: str
    currency: str
    sfdc_id: str
    contacts: list[_Person]
    owner: _User
    sdr: _User
    se: _User
    csm: _User
    system: str
    competitors: tuple[str, ...]
    successor: _User
    crm: str
    bi: str
    headcount: str
    cadence: str
    opps: list[_Opp] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    start: datetime
    account: _Account
    opp: _Opp
    internal_call: bool = False
    pinned_negative: bool = False
    stage: str = "Discovery"
    stage_now: str = "Discovery"
    kind: str = "discovery"
    purpose: str = ""
    call_id: str = ""
    tone: str = "neutral"
    scenarios: frozenset[str] = frozenset()
    edge: str | None = None
    private: bool = False
    language: str = "eng"
    emoji: bool = False
    reps: tuple[_User, ...] = ()
    contacts: tuple[_Person, ...] = ()
    silent_invitee: _Person | None = None


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------
def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _sfdc_id(rng: random.Random, prefix: str) -> str:
    return prefix + "5g" + "".join(rng.choice(_B62) for _ in range(13))


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def _phone(rng: random.Random, region: str) -> str:
    if region.startswith("US"):
        return f"+1 {rng.choice(('212', '312', '415', '617', '512', '206'))}-555-01{rng.randrange(100):02d}"
    if region == "UK":
        return f"+44 20 7946 0{rng.randrange(1000):03d}"
    prefix = {"DE": "+49 30", "ES": "+34 91", "FR": "+33 1", "NL": "+31 20"}[region]
    return f"{prefix} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"


_ORD = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _date_phrase(rng: random.Random, d: date, language: str) -> str:
    if language == "spa":
        return f"{d.day} de {intl.MONTHS['spa'][d.month - 1]}"
    if language == "deu":
        return f"{d.day}. {intl.MONTHS['deu'][d.month - 1]}"
    ordinal = f"{d.day}{_ORD.get(d.day, 'th')}"
    roll = rng.random()
    if roll < 0.6:
        return f"{_MONTHS_EN[d.month - 1]} {ordinal}"
    if roll < 0.85:
        return f"{_MONTHS_EN[d.month - 1]} {d.day}"
    return f"the {ordinal} of {_MONTHS_EN[d.month - 1]}"


def _amount_phrase(rng: random.Random, amount: int, currency: str, language: str) -> str:
    if language in ("spa", "deu"):
        word = "Euro" if language == "deu" else "euros"
        return f"{amount:,}".replace(",", ".") + f" {word}"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}[currency]
    if amount >= 1_000_000:
        return f"{symbol}{amount / 1_000_000:.1f} million"
    roll = rng.random()
    if roll < 0.55 or amount % 1000:
        return f"{symbol}{amount:,}"
    if roll < 0.8:
        return f"{symbol}{amount // 1000}k"
    return f"{amount // 1000}k"


# ---------------------------------------------------------------------------------------------------------------
# Org chart and book of business
# ---------------------------------------------------------------------------------------------------------------
def _user_dict(
    rng: random.Random,
    person: _Person,
    manager_id: str | None,
    created: datetime,
    languages: tuple[str, ...],
    active: bool,
) -> dict:
    locale = {"en": "en-US", "de": "de-DE", "es": "es-ES"}
    first_ascii = _ascii(person.first)
    return {
        "id": _digits(rng, 19),
        "emailAddress": person.email,
        "created": _iso(created),
        "active": active,
        "emailAliases": [f"{first_ascii}@{SELLER.domain}"] if rng.random() < 0.3 else [],
        "trustedEmailAddress": person.email,
        "firstName": person.first,
        "lastName": person.last,
        "title": person.title,
        "phoneNumber": person.phone,
        "extension": None,
        "personalMeetingUrls": [f"https://northwind.zoom.us/j/{_digits(rng, 11)}"],
        "settings": {
            "webConferencesRecorded": True,
            "preventWebConferenceRecording": False,
            "telephonyCallsImported": rng.random() < 0.5,
            "emailsImported": True,
            "preventEmailImport": False,
            "nonRecordedMeetingsImported": True,
            "gongConnectEnabled": True,
        },
        "managerId": manager_id,
        "meetingConsentPageUrl": None,
        "spokenLanguages": [
            {"language": locale[lang], "primary": i == 0} for i, lang in enumerate(languages)
        ],
    }


def _build_org(rng: random.Random, window_start: datetime, window_end: datetime) -> list[_User]:
    # Distinct first and last names inside the seller's org keep emails and speaker names unambiguous.
    people = list(
        zip(rng.sample(catalog.FIRST_NAMES_EN, 30), rng.sample(catalog.LAST_NAMES_EN, 30), strict=True)
    )
    it = iter(people)

    def person(title: str) -> _Person:
        first, last = next(it)
        email = f"{_ascii(first)}.{_ascii(last)}@{SELLER.domain}"
        return _Person(first, last, email, title, _phone(rng, "US-West"))

    def created() -> datetime:
        return window_start - timedelta(days=60 + rng.randrange(1800), seconds=rng.randrange(86400))

    vp = person(catalog.VP_TITLE)
    users = [_User(vp, "vp", _user_dict(rng, vp, None, created(), ("en",), True))]
    vp_id = users[0].user["id"]
    managers = []
    for title in catalog.MANAGER_TITLES:
        p = person(title)
        managers.append(_User(p, "manager", _user_dict(rng, p, vp_id, created(), ("en",), True)))
    users += managers
    german_done = spanish_done = departed_done = False
    for i, (title, role) in enumerate(catalog.REP_TITLES):
        p = person(title)
        manager = managers[2] if role == "csm" else managers[i % 2]
        languages: tuple[str, ...] = ("en",)
        if role == "ae" and not german_done:
            languages, german_done = ("en", "de"), True
        elif role == "ae" and not spanish_done:
            languages, spanish_done = ("en", "es"), True
        leaves_at = None
        active = True
        # One AE left mid-window: their calls stop, the account moves to a colleague, the user is inactive.
        if role == "ae" and i == len(catalog.REP_TITLES) - 1 and not departed_done:
            departed_done, active = True, False
            leaves_at = window_start + (window_end - window_start) * 0.45
        users.append(
            _User(
                p,
                role,
                _user_dict(rng, p, manager.user["id"], created(), languages, active),
                languages,
                leaves_at,
            )
        )
    return users


def _n_accounts(n_calls: int) -> int:
    return 40 + min(20, n_calls // 15) + max(0, (n_calls - 1000) // 25)


def _build_accounts(rng: random.Random, n: int, users: list[_User]) -> list[_Account]:
    by_role: dict[str, list[_User]] = {}
    for u in users:
        by_role.setdefault(u.role, []).append(u)
    aes = [u for u in by_role["ae"] if u.leaves_at is None]
    departed = [u for u in by_role["ae"] if u.leaves_at is not None]
    german = next(u for u in aes if "de" in u.languages)
    spanish = next(u for u in aes if "es" in u.languages)
    pairs = [(p, s) for p in catalog.ACCOUNT_PREFIXES for s in catalog.ACCOUNT_SUFFIXES]
    rng.shuffle(pairs)
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} accounts can be generated, asked for {n}")
    region_weights = [r[4] for r in catalog.REGIONS]
    legal = {"DE": " GmbH", "ES": " S.L.", "UK": " Ltd", "FR": " SAS", "NL": " B.V."}
    name_pools = {
        "en": (catalog.FIRST_NAMES_EN, catalog.LAST_NAMES_EN),
        "de": (catalog.FIRST_NAMES_DE, catalog.LAST_NAMES_DE),
        "es": (catalog.FIRST_NAMES_ES, catalog.LAST_NAMES_ES),
        "fr": (catalog.FIRST_NAMES_FR, catalog.LAST_NAMES_FR),
    }
    systems = [s for s, _ in catalog.CONFERENCE_SYSTEMS]
    system_weights = [w for _, w in catalog.CONFERENCE_SYSTEMS]
    accounts = []
    for i in range(n):
        prefix, (suffix, industry) = pairs[i]
        region, tz, tld, lang, _ = _weighted(rng, list(catalog.REGIONS), region_weights)
        name = f"{prefix} {suffix}{legal.get(region, '')}"
        domain = f"{_ascii(prefix)}{_ascii(suffix)}.{tld}"
        firsts, lasts = name_pools[lang]
        contacts = []
        seen_emails: set[str] = set()
        for j in range(3 + rng.randrange(4)):
            first, last = rng.choice(firsts), rng.choice(lasts)
            email = f"{_ascii(first)}.{_ascii(last)}@{domain}"
            if email in seen_emails:
                email = f"{_ascii(first)}.{_ascii(last)}{j}@{domain}"
            seen_emails.add(email)
            title = rng.choice(catalog.BUYER_TITLES_SENIOR if j < 2 else catalog.BUYER_TITLES_PRACTITIONER)
            contacts.append(_Person(first, last, email, title, _phone(rng, region), _sfdc_id(rng, "003")))
        if region == "DE":
            owner = german
        elif region == "ES":
            owner = spanish
        elif departed and rng.random() < 0.12:
            owner = departed[0]
        else:
            owner = rng.choice(aes)
        accounts.append(
            _Account(
                name=name,
                short=prefix,
                domain=domain,
                industry=industry,
                region=region,
                tz=ZoneInfo(tz),
                lang={"de": "deu", "es": "spa"}.get(lang, "eng"),
                currency="USD" if region.startswith("US") else ("GBP" if region == "UK" else "EUR"),
                sfdc_id=_sfdc_id(rng, "001"),
                contacts=contacts,
                owner=owner,
                sdr=rng.choice(by_role["sdr"]),
                se=rng.choice(by_role["se"]),
                csm=rng.choice(by_role["csm"]),
                system=_weighted(rng, systems, system_weights),
                competitors=tuple(rng.sample(SELLER.competitors, 1 + (rng.random() < 0.4))),
                successor=rng.choice(aes),
                crm=rng.choice(CRMS),
                bi=rng.choice(BI_TOOLS),
                headcount=rng.choice(HEADCOUNTS),
                cadence=rng.choice(CADENCES),
            )
        )
        customer = rng.random() < 0.35
        types = ["Renewal"] if customer else ["New Business"]
        if rng.random() < 0.4:
            types.append("Expansion" if customer else "New Business")
        for k, opp_type in enumerate(types):
            product = rng.choice(SELLER.products)
            seats = int(math.exp(rng.uniform(math.log(15), math.log(450))))
            price = catalog.PRODUCT_SEAT_PRICE[product] * (1 - rng.uniform(0, 0.25))
            amount = max(5000, int(round(seats * price / 500.0)) * 500)
            outcome = _weighted(rng, ["won", "lost", "open"], [0.3, 0.25, 0.45])
            suffix_name = f" {k + 1}" if k and types[0] == opp_type else ""
            accounts[-1].opps.append(
                _Opp(
                    sfdc_id=_sfdc_id(rng, "006"),
                    name=f"{name} - {product} {opp_type}{suffix_name}",
                    type=opp_type,
                    product=product,
                    seats=seats,
                    amount=amount,
                    outcome=outcome,
                    weight=rng.uniform(0.4, 2.0),
                )
            )
    return accounts


# ---------------------------------------------------------------------------------------------------------------
# Call plan
# ---------------------------------------------------------------------------------------------------------------
_PURPOSES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("New Business", "Discovery"): (("Discovery call", "discovery"), ("Intro call", "discovery")),
    ("New Business", "Demo"): (
        ("Product demo", "demo"),
        ("Technical deep dive", "demo"),
        ("Security review", "security"),
    ),
    ("New Business", "Proposal"): (
        ("Pricing review", "pricing"),
        ("Proposal walkthrough", "pricing"),
        ("Business case review", "pricing"),
    ),
    ("New Business", "Negotiation"): (
        ("Negotiation", "negotiation"),
        ("Contract review", "negotiation"),
        ("Procurement sync", "negotiation"),
    ),
    ("Expansion", "Discovery"): (("Expansion discovery", "discovery"),),
    ("Expansion", "Demo"): (("{product} demo", "demo"), ("Security review", "security")),
    ("Expansion", "Proposal"): (("Expansion pricing", "pricing"),),
    ("Expansion", "Negotiation"): (("Order form review", "negotiation"),),
    ("Renewal", "Discovery"): (("Quarterly business review", "qbr"), ("Onboarding check-in", "kickoff")),
    ("Renewal", "Demo"): (("Executive business review", "qbr"), ("Roadmap session", "demo")),
    ("Renewal", "Proposal"): (("Renewal discussion", "qbr"),),
    ("Renewal", "Negotiation"): (("Renewal terms", "negotiation"),),
}
_TARGET_MINUTES: dict[str, tuple[float, float]] = {
    "discovery": (22, 45),
    "demo": (28, 52),
    "security": (25, 45),
    "pricing": (18, 40),
    "negotiation": (12, 35),
    "qbr": (25, 50),
    "kickoff": (25, 50),
    "phone": (5, 14),
    "internal": (10, 28),
    "workshop": (150, 200),
    "noshow": (4, 9),
}


def _weekdays(start: date, end: date) -> list[date]:
    out, d = [], start
    while d < end:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def _business_time(
    rng: random.Random, days: list[date], tz: ZoneInfo, lo: datetime, hi: datetime
) -> datetime:
    """A quarter-hour slot in local business hours on one of ``days``, inside [lo, hi) in UTC."""
    for _ in range(30):
        d = rng.choice(days)
        minutes = 8 * 60 + 15 * rng.randrange(38)  # 08:00 .. 17:15 local
        local = datetime.combine(d, time(minutes // 60, minutes % 60), tzinfo=tz)
        utc = local.astimezone(UTC)
        if lo <= utc < hi:
            return utc
    # Timezones far from UTC can push every slot across the boundary; fall back to midday UTC.
    d = max(lo.date(), min(days[-1], hi.date() - timedelta(days=1)))
    return max(lo, min(datetime.combine(d, time(12), tzinfo=UTC), hi - timedelta(hours=1)))


def _choose_scenarios(rng: random.Random, p: _Plan) -> tuple[str, frozenset[str]]:
    stage, opp = p.stage, p.opp
    late = stage in ("Proposal", "Negotiation")
    tone_w = {"negative": 0.3, "neutral": 0.4, "positive": 0.3}
    if opp.outcome == "lost":
        tone_w = {"negative": 0.5, "neutral": 0.35, "positive": 0.15}
    elif opp.outcome == "won":
        tone_w = {"negative": 0.18, "neutral": 0.37, "positive": 0.45}
    tone = "negative" if p.pinned_negative else _weighted(rng, list(tone_w), list(tone_w.values()))
    chosen: set[str] = set()
    if tone == "negative":
        weights = {
            "pricing_objection": 3.0 if late else 0.7,
            "competitor": 1.4,
            "budget": 1.4,
            "timeline_slip": 1.2 if stage != "Discovery" else 0.4,
            "churn_threat": 3.0 if opp.type == "Renewal" else 0.0,
            "legal_security": 1.6 if p.kind in ("security", "negotiation") else 0.6,
            "champion_loss": 0.6,
            "no_next_steps": 1.1,
        }
        k = _weighted(rng, [1, 2, 3], [0.45, 0.4, 0.15])
    elif tone == "neutral":
        weights = {
            "competitor": 1.5,
            "legal_security": 1.0,
            "timeline_slip": 0.6,
            "pricing_objection": 0.6 if late else 0.0,
            "budget": 0.4,
        }
        k = _weighted(rng, [0, 1, 2], [0.4, 0.45, 0.15])
    else:
        weights = {}
        k = 0
        if rng.random() < 0.65:
            chosen.add("enthusiastic_champion")
        if late and rng.random() < 0.7:
            chosen.add("positive_close")
        if rng.random() < 0.2:
            chosen.add("competitor")
    names = [n for n, w in weights.items() if w > 0]
    while k and names:
        pick = _weighted(rng, names, [weights[n] for n in names])
        names.remove(pick)
        chosen.add(pick)
        k -= 1
    if p.kind == "security":
        chosen.add("legal_security")
    roll = rng.random()
    if roll < 0.07:
        chosen.add("rep_monologue")
    elif roll < 0.14:
        chosen.add("rep_no_questions")
    if p.language != "eng":
        allowed = set(intl.SCENARIOS[p.language]) | {"no_next_steps", "rep_no_questions", "rep_monologue"}
        chosen &= allowed
    return tone, frozenset(chosen)


def _plan_calls(
    rng: random.Random,
    n_calls: int,
    accounts: list[_Account],
    users: list[_User],
    window_start: datetime,
    window_end: datetime,
) -> list[_Plan]:
    opps = [(a, o) for a in accounts for o in a.opps]
    weights = [o.weight for _, o in opps]
    days = _weekdays(window_start.date(), window_end.date()) or [window_start.date()]
    managers = [u for u in users if u.role == "manager"]
    plans: list[_Plan] = []
    n_internal = round(n_calls * 0.03)
    for i in range(n_calls):
        account, opp = _weighted(rng, opps, weights)
        start = _business_time(rng, days, account.tz, window_start, window_end)
        plans.append(_Plan(start=start, account=account, opp=opp, internal_call=i < n_internal))

    # Pin negative external calls into the last calendar week (Mon-Sun before end_date's week) and the last
    # seven days, so "negative calls from last week" has answers under either reading.
    end_day = window_end.date()
    last_week_start = end_day - timedelta(days=end_day.weekday() + 7)
    ranges = [(last_week_start, last_week_start + timedelta(days=7)), (end_day - timedelta(days=7), end_day)]
    n_pin = max(2, round(n_calls * 0.015))
    candidates = [p for p in plans if not p.internal_call]
    rng.shuffle(candidates)
    for lo_day, hi_day in ranges:
        lo = max(window_start, datetime.combine(lo_day, time(0), tzinfo=UTC))
        hi = min(window_end, datetime.combine(hi_day, time(0), tzinfo=UTC))
        pin_days = _weekdays(lo.date(), hi.date())
        if lo >= hi or not pin_days:
            continue
        for p in candidates[:n_pin]:
            p.start = _business_time(rng, pin_days, p.account.tz, lo, hi)
            p.pinned_negative = True
        candidates = candidates[n_pin:]

    plans.sort(key=lambda p: p.start)
    # Stages follow the calls of each opportunity in time order.
    per_opp: dict[str, list[_Plan]] = {}
    for p in plans:
        per_opp.setdefault(p.opp.sfdc_id, []).append(p)
    for opp_plans in per_opp.values():
        opp = opp_plans[0].opp
        k = len(opp_plans)
        path = catalog.OPEN_STAGES
        offset = rng.randrange(2) if k < 3 else 0
        for j, p in enumerate(opp_plans):
            p.stage = path[min(len(path) - 1, offset + j * len(path) // max(k, 1))]
        last = opp_plans[-1]
        close = last.start.date() + timedelta(days=3 + rng.randrange(25))
        opp.close_date = close
        if opp.outcome != "open" and close < window_end.date():
            final = catalog.CLOSED_WON if opp.outcome == "won" else catalog.CLOSED_LOST
        else:
            final = last.stage
            opp.close_date = window_end.date() + timedelta(days=10 + rng.randrange(110))
        for p in opp_plans:
            p.stage_now = final

    taken_ids: set[str] = set()
    for p in plans:
        cid = _digits(rng, 19 if rng.random() < 0.85 else 20)
        while cid in taken_ids:
            cid = _digits(rng, 19)
        taken_ids.add(cid)
        p.call_id = cid
        _assign_people_and_kind(rng, p, managers)

    # Edge cases and private calls are taken from ordinary external calls so pinned ones stay visible.
    ordinary = [p for p in plans if not p.internal_call and not p.pinned_negative and p.kind != "phone"]
    rng.shuffle(ordinary)
    if n_calls >= EDGE_CASE_MIN_CALLS and len(ordinary) > len(EDGE_CASES):
        for edge, p in zip(EDGE_CASES, ordinary, strict=False):
            p.edge = edge
        ordinary = ordinary[len(EDGE_CASES) :]
    for p in ordinary[: round(n_calls * PRIVATE_SHARE)]:
        p.private = True

    for p in plans:
        if (
            p.edge is None
            and not p.internal_call
            and p.account.lang != "eng"
            and rng.random() < 0.3
            and p.kind in ("discovery", "demo", "pricing", "negotiation", "security")
        ):
            p.language = p.account.lang
            if p.kind == "security" and p.language == "spa":
                p.kind = "demo"
        p.emoji = p.language == "eng" and not p.internal_call and rng.random() < 0.025
        if p.internal_call or p.edge in ("empty_transcript", "no_external_party"):
            p.tone, p.scenarios = "neutral", frozenset()
        else:
            p.tone, p.scenarios = _choose_scenarios(rng, p)
        if p.edge == "multi_hour":
            p.kind, p.purpose = "workshop", "Implementation workshop (onsite)"
            p.scenarios = p.scenarios - {"rep_monologue"}
        if p.edge == "no_external_party":
            p.contacts = ()
            p.silent_invitee = None
            p.kind = "noshow"
    return plans


def _assign_people_and_kind(rng: random.Random, p: _Plan, managers: list[_User]) -> None:
    acct, opp = p.account, p.opp
    owner = acct.owner
    if owner.leaves_at is not None and p.start >= owner.leaves_at:
        owner = acct.successor  # the account moved to a colleague when its AE left
    if p.internal_call:
        manager = next((m for m in managers if m.user["id"] == owner.user["managerId"]), managers[0])
        p.reps, p.kind = (owner, manager), "internal"
        p.purpose = rng.choice(("Deal review", "Pipeline review", "Deal strategy"))
        return
    options = _PURPOSES[(opp.type, p.stage)]
    purpose, kind = rng.choice(options)
    p.purpose, p.kind = purpose.format(product=opp.product), kind
    reps: list[_User] = [owner]
    if opp.type == "New Business" and p.stage == "Discovery" and rng.random() < 0.4:
        reps = [acct.sdr]
        if rng.random() < 0.5:
            p.kind, p.purpose = "phone", "Prospecting call"
    elif opp.type == "Renewal":
        reps = [acct.csm] + ([owner] if p.stage == "Negotiation" or rng.random() < 0.3 else [])
    if p.kind in ("demo", "security") and rng.random() < 0.7:
        reps.append(acct.se)
    if p.kind == "negotiation" and rng.random() < 0.25:
        reps.append(next((m for m in managers if m.user["id"] == owner.user["managerId"]), managers[0]))
    p.reps = tuple({u.user["id"]: u for u in reps}.values())  # de-duplicate, keep order
    n_contacts = 1 if p.kind == "phone" else _weighted(rng, [1, 2, 3], [0.45, 0.38, 0.17])
    p.contacts = tuple(rng.sample(acct.contacts, min(n_contacts, len(acct.contacts))))
    spare = [c for c in acct.contacts if c not in p.contacts]
    if spare and p.kind != "phone" and rng.random() < 0.15:
        p.silent_invitee = rng.choice(spare)


# ---------------------------------------------------------------------------------------------------------------
# One call
# ---------------------------------------------------------------------------------------------------------------
_BRIEF_LINES: dict[str, str] = {
    "pricing_objection": "{contact} pushed back on pricing and asked for a better per-seat rate.",
    "competitor": "The customer is also looking at {competitor}.",
    "budget": "Budget is constrained and new spend needs additional approval.",
    "timeline_slip": "The customer expects the timeline to slip.",
    "churn_threat": "The customer raised the possibility of not renewing.",
    "legal_security": "Security and legal review is required before the customer can sign.",
    "champion_loss": "The internal champion is leaving or has left, so the deal needs a new sponsor.",
    "enthusiastic_champion": "{contact} was enthusiastic about {product} and offered to champion it internally.",
    "positive_close": "The customer agreed to move forward with {product}.",
    "no_next_steps": "The call ended without agreed next steps.",
}
_KEY_POINTS: dict[str, str] = {
    "pricing_objection": "Pricing concerns on the proposed per-seat cost",
    "competitor": "Competitive evaluation in progress ({competitor})",
    "budget": "Budget constraints or freeze on the customer side",
    "timeline_slip": "Timeline is slipping",
    "churn_threat": "Renewal at risk",
    "legal_security": "Security / legal review needed (SOC 2, DPA, GDPR)",
    "champion_loss": "Champion change at the account",
    "enthusiastic_champion": "Strong champion enthusiasm for {product}",
    "positive_close": "Verbal commitment to proceed",
    "no_next_steps": "No next steps agreed",
}
_KIND_POINTS: dict[str, str] = {
    "discovery": "Reviewed the current sales process and pain points",
    "demo": "Demonstrated {product}",
    "security": "Walked through security and compliance posture",
    "pricing": "Reviewed the proposal for {product}",
    "negotiation": "Discussed commercial terms",
    "qbr": "Reviewed adoption and account health",
    "kickoff": "Planned implementation and onboarding",
    "phone": "Qualified interest in {product}",
    "internal": "Internal review of the deal and forecast",
    "workshop": "Full-day implementation workshop",
    "noshow": "Customer did not join",
}


def _meeting_url(rng: random.Random, system: str, rep: _User) -> str:
    if system == "Zoom":
        return f"https://northwind.zoom.us/j/{_digits(rng, 11)}"
    if system == "Google Meet":
        letters = "abcdefghijklmnopqrstuvwxyz"
        code = "-".join("".join(rng.choice(letters) for _ in range(n)) for n in (3, 4, 3))
        return f"https://meet.google.com/{code}"
    if system == "Microsoft Teams":
        return f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{_digits(rng, 16)}%40thread.v2/0"
    return f"https://northwind.webex.com/meet/{rep.person.email.split('@')[0]}"


def _title(rng: random.Random, p: _Plan) -> str:
    acct = p.account
    if p.internal_call:
        return f"{p.purpose}: {acct.short}"
    if p.kind == "phone":
        return f"Outbound call to {p.contacts[0].name}" if p.contacts else "Outbound call"
    roll = rng.random()
    base = (
        f"{acct.short} <> {SELLER.short_name} | {p.purpose}"
        if roll < 0.6
        else f"{SELLER.short_name} / {acct.name} - {p.purpose}"
        if roll < 0.85
        else f"{acct.name}: {p.purpose}"
    )
    if p.emoji and p.kind in ("kickoff", "qbr", "demo"):
        base += " 🚀"
    return base


def _quarter_phrase(rng: random.Random, d: date) -> str:
    q = (d.month - 1) // 3 + 1
    return rng.choice((f"Q{q}", f"the end of Q{q}", "next quarter", "the new fiscal year", f"Q{q} {d.year}"))


def _slots(rng: random.Random, p: _Plan) -> dict[str, str]:
    acct, opp = p.account, p.opp
    day = p.start.date()
    near = day + timedelta(days=5 + rng.randrange(25))
    later = day + timedelta(days=35 + rng.randrange(70))
    lang = p.language
    product = opp.product
    others = [c for c in acct.contacts if c not in p.contacts]
    champion = rng.choice(others or acct.contacts)
    small = max(1000, int(opp.amount * rng.uniform(0.55, 0.8)) // 1000 * 1000)
    weekday = rng.choice(_WEEKDAYS)
    return {
        "product": product,
        "feature": rng.choice(catalog.PRODUCT_FEATURES[product]),
        "competitor": rng.choice(acct.competitors),
        "amount": _amount_phrase(rng, opp.amount, acct.currency, lang),
        "amount_small": _amount_phrase(rng, small, acct.currency, lang),
        "seats": str(opp.seats),
        "date": _date_phrase(rng, near, lang),
        "later_date": _date_phrase(rng, later, lang)
        if rng.random() < 0.6
        else f"early {_MONTHS_EN[later.month - 1]}",
        "quarter": ("el Q" + str((later.month - 1) // 3 + 1))
        if lang == "spa"
        else _quarter_phrase(rng, later),
        "month": _MONTHS_EN[(day.month - 1 + rng.choice((-2, -1, 1, 2))) % 12],
        "weekday": rng.choice((weekday, f"next {weekday}", f"{weekday} afternoon", f"{weekday} morning")),
        "account": acct.name,
        "champion": champion.name,
        "rep": p.reps[0].person.first,
        "contact": p.contacts[0].first if p.contacts else "everyone",
        "crm": acct.crm,
        "bi": acct.bi,
        "n": acct.headcount,
        "cadence": acct.cadence,
    }


def _context(p: _Plan) -> list[dict]:
    acct, opp = p.account, p.opp
    close_at_call = opp.close_date if p.stage_now == p.stage else opp.close_date - timedelta(days=14)
    objects = [
        {
            "objectType": "Opportunity",
            "objectId": opp.sfdc_id,
            "timing": "TimeOfCall",
            "fields": [
                {"name": "Name", "value": opp.name},
                {"name": "StageName", "value": p.stage},
                {"name": "Amount", "value": opp.amount},
                {"name": "CloseDate", "value": close_at_call.isoformat()},
                {"name": "Type", "value": opp.type},
            ],
        },
        {
            "objectType": "Account",
            "objectId": acct.sfdc_id,
            "timing": "TimeOfCall",
            "fields": [
                {"name": "Name", "value": acct.name},
                {"name": "Industry", "value": acct.industry},
                {"name": "Website", "value": f"https://www.{acct.domain}"},
            ],
        },
    ]
    if p.stage_now != p.stage:
        objects.append(
            {
                "objectType": "Opportunity",
                "objectId": opp.sfdc_id,
                "timing": "Now",
                "fields": [
                    {"name": "Name", "value": opp.name},
                    {"name": "StageName", "value": p.stage_now},
                    {"name": "Amount", "value": opp.amount},
                    {"name": "CloseDate", "value": opp.close_date.isoformat()},
                    {"name": "Type", "value": opp.type},
                ],
            }
        )
    return [{"system": "Salesforce", "objects": objects}]


def _build_call(seed: int, p: _Plan) -> GeneratedCall:
    rng = random.Random(f"{seed}/{p.call_id}")
    acct = p.account
    parties: list[dict] = []
    speakers: dict[str, Speaker] = {}
    speaker_rows: list[tuple[str, str | None, bool]] = []
    internal_ids: list[str] = []
    external_ids: list[str] = []
    for u in p.reps:
        sid = _digits(rng, 19)
        speakers[sid] = Speaker(sid, True, rng.uniform(330, 450))
        speaker_rows.append((sid, u.user["id"], True))
        internal_ids.append(sid)
        parties.append(
            {
                "id": _digits(rng, 17),
                "name": u.person.name,
                "emailAddress": u.person.email,
                "title": u.person.title,
                "userId": u.user["id"],
                "speakerId": sid,
                "affiliation": "Internal",
                "methods": ["Invitee", "Attendee"],
                "phoneNumber": None,
                "context": [],
            }
        )
    alias: dict[str, str] = {}
    for c in p.contacts:
        sid = _digits(rng, 19)
        speakers[sid] = Speaker(sid, False, rng.uniform(340, 480))
        speaker_rows.append((sid, None, False))
        external_ids.append(sid)
        parties.append(_external_party(rng, c, sid, phone=p.kind == "phone"))
    if p.edge == "duplicate_speaker" and p.contacts:
        # The primary contact joined twice (video and a dial-in); Gong lists two parties, two speaker ids.
        sid = _digits(rng, 19)
        speakers[sid] = Speaker(sid, False, speakers[external_ids[0]].ms_per_word)
        speaker_rows.append((sid, None, False))
        alias[external_ids[0]] = sid
        dup = _external_party(rng, p.contacts[0], sid, phone=True)
        dup["methods"] = ["Attendee"]
        parties.append(dup)
    if p.silent_invitee is not None:
        party = _external_party(rng, p.silent_invitee, None, phone=False)
        party["methods"] = ["Invitee"]
        parties.append(party)

    lo, hi = _TARGET_MINUTES[p.kind]
    if p.kind not in ("phone", "workshop", "noshow") and rng.random() < 0.05:
        lo, hi = 5, 10
    target_ms = int(rng.uniform(lo, hi) * 60_000)
    slots = _slots(rng, p)
    if p.edge == "empty_transcript":
        # Recording failed: the call happened (metadata, parties) but nothing was transcribed.
        monologues, stats, evidence, actions = [], None, [], []
        duration = 60 + rng.randrange(600)
    else:
        spec = CallSpec(
            kind=p.kind,
            language=p.language,
            tone=p.tone,
            scenarios=p.scenarios,
            target_ms=target_ms,
            speakers=speakers,
            internal=internal_ids,
            external=external_ids,
            slots=slots,
            emoji=p.emoji,
            alias=alias,
        )
        result = write_call(rng, spec)
        monologues, stats, evidence, actions = (
            result.monologues,
            result.stats,
            result.evidence,
            result.action_items,
        )
        duration = math.ceil(stats.end_ms / 1000) + 2 + rng.randrange(25)

    # Truth reflects the text: customer scenarios need evidence, behaviours must show in the numbers.
    scenarios = {e.scenario for e in evidence}
    if stats is not None:
        if "rep_no_questions" in p.scenarios and stats.questions_internal == 0:
            scenarios.add("rep_no_questions")
        if "rep_monologue" in p.scenarios:
            scenarios.add("rep_monologue")
    competitors = tuple(dict.fromkeys(stats.competitors)) if stats else ()
    products = tuple(dict.fromkeys(stats.products)) if stats else ()
    amounts = tuple(dict.fromkeys(stats.amounts)) if stats else ()

    rep = p.reps[0]
    started = p.start + timedelta(seconds=rng.randrange(-60, 240))
    phone = p.kind == "phone"
    meta = {
        "id": p.call_id,
        "url": f"{catalog.GONG_APP_URL}{p.call_id}",
        "title": _title(rng, p),
        "scheduled": _iso(p.start),
        "started": _iso(started),
        "duration": duration,
        "primaryUserId": rep.user["id"],
        "direction": "Outbound" if phone else "Conference",
        "system": "Aircall" if phone else acct.system,
        "scope": "Internal" if p.internal_call else "External",
        "media": "Audio" if phone else "Video",
        "language": p.language,
        "workspaceId": catalog.WORKSPACE_ID,
        "sdrDisposition": "Connected" if phone else None,
        "clientUniqueId": None,
        "customData": None,
        "purpose": p.purpose,
        "meetingUrl": None if phone else _meeting_url(rng, acct.system, rep),
        "isPrivate": p.private,
        "calendarEventId": None
        if phone
        else f"{_digits(rng, 12)}{rng.choice('abcdefghijklmnopqrstuvwxyz')}{_digits(rng, 8)}@google.com",
    }
    contact_names = ", ".join(c.name for c in p.contacts) or "no customer attendees"
    brief_fill = {
        "contact": p.contacts[0].first if p.contacts else "The customer",
        "competitor": competitors[0] if competitors else slots["competitor"],
        "product": p.opp.product,
    }
    if p.internal_call:
        brief = (
            f"{rep.person.name} and {p.reps[1].person.name} reviewed the {acct.name} opportunity "
            f"({p.opp.name}), its stage and the forecast."
        )
    else:
        article = "an" if p.purpose[:1].lower() in "aeiou" else "a"
        brief = (
            f"{rep.person.name} from {SELLER.name} met with {contact_names} of {acct.name} "
            f"for {article} {p.purpose[:1].lower()}{p.purpose[1:]}."
        )
    brief_parts = [brief] + [
        _BRIEF_LINES[s].format(**brief_fill) for s in sorted(scenarios) if s in _BRIEF_LINES
    ]
    if actions:
        brief_parts.append(f"Next steps: {actions[0].snippet}")
    key_points = [_KIND_POINTS[p.kind].format(product=p.opp.product)]
    key_points += [_KEY_POINTS[s].format(**brief_fill) for s in sorted(scenarios) if s in _KEY_POINTS]
    if p.edge == "empty_transcript":
        brief_parts, key_points = [], []
    outcome = None
    if not p.internal_call:
        if "positive_close" in scenarios:
            category, name = "Positive", "Verbal commit"
        elif "no_next_steps" in scenarios:
            category, name = "Negative", "No next steps"
        elif "churn_threat" in scenarios:
            category, name = "Negative", "At risk"
        else:
            category = {"positive": "Positive", "neutral": "Neutral", "negative": "Negative"}[p.tone]
            name = "Next meeting booked" if actions else "Follow-up needed"
        outcome = {"id": stable_id("outcome", name), "category": category, "name": name}

    if stats is not None:
        content = build_content(
            stats,
            brief=" ".join(brief_parts),
            key_points=key_points,
            evidence=evidence,
            action_items=actions,
            call_outcome=outcome,
        )
        interaction = build_interaction(
            stats,
            speakers=speaker_rows,
            duration_s=duration,
            presentation_share=0.0 if phone else rng.uniform(0.1, 0.6),
        )
    else:
        content = {
            "brief": "",
            "topics": [],
            "trackers": [],
            "keyPoints": [],
            "outline": [],
            "highlights": [],
            "pointsOfInterest": {"actionItems": []},
            "callOutcome": None,
        }
        interaction = {
            "speakers": [],
            "interactionStats": [],
            "questions": {"companyCount": 0, "nonCompanyCount": 0},
            "video": [],
        }
    token = _digits(rng, 20)
    media = {
        "audioUrl": f"https://media.gong.io/calls/{p.call_id}/audio.mp3?Expires={_digits(rng, 10)}&Signature={token}",
        "videoUrl": None
        if phone
        else f"https://media.gong.io/calls/{p.call_id}/video.mp4?Expires={_digits(rng, 10)}&Signature={token}",
    }
    comments = []
    if p.tone == "negative" and evidence and rng.random() < 0.2:
        manager_id = rep.user["managerId"]
        comments.append(
            {
                "id": _digits(rng, 19),
                "audioStartTime": round(evidence[0].start_ms / 1000, 2),
                "audioEndTime": round(evidence[0].start_ms / 1000 + 8, 2),
                "commenterUserId": manager_id,
                "comment": "Let's talk about how to handle this one in our 1:1.",
                "posted": _iso(started + timedelta(days=1, hours=2)),
                "inReplyTo": None,
                "duringCall": False,
            }
        )
    call = {
        "metaData": meta,
        "context": _context(p),
        "parties": parties,
        "content": content,
        "interaction": interaction,
        "collaboration": {"publicComments": comments},
        "media": media,
    }
    truth = CallTruth(
        scenarios=frozenset(scenarios),
        customer_tone=p.tone,
        competitors=competitors,
        products=products,
        amounts=amounts,
        edge_cases=frozenset({p.edge} if p.edge else ()),
        language=p.language,
        is_private=p.private,
        scope=meta["scope"],
        account_name=acct.name,
        opportunity_name=p.opp.name,
        rep_user_id=rep.user["id"],
        evidence=tuple(evidence),
    )
    return GeneratedCall(call, monologues, truth)


def _external_party(rng: random.Random, c: _Person, speaker_id: str | None, phone: bool) -> dict:
    return {
        "id": _digits(rng, 17),
        "name": c.name,
        "emailAddress": c.email,
        "title": c.title,
        "speakerId": speaker_id,
        "affiliation": "External",
        "methods": ["Invitee", "Attendee"],
        "phoneNumber": c.phone if phone else None,
        "context": [
            {
                "system": "Salesforce",
                "objects": [
                    {
                        "objectType": "Contact",
                        "objectId": c.sfdc_id,
                        "fields": [{"name": "Email", "value": c.email}, {"name": "Title", "value": c.title}],
                    }
                ],
            }
        ],
    }


# ---------------------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TenantPlan:
    """The planned tenant before any transcript is written (users, accounts, window, call plans)."""

    seed: int
    users: list[dict]
    accounts: list[dict]
    window_start: datetime
    window_end: datetime
    _plans: list[_Plan]

    def __len__(self) -> int:
        return len(self._plans)

    def iter_calls(self) -> Iterator[GeneratedCall]:
        """Generate the calls one at a time, ordered by scheduled start."""
        for p in self._plans:
            yield _build_call(self.seed, p)


def _window(days: int, end_date: date | None) -> tuple[datetime, datetime]:
    if days < 1:
        raise ValueError(f"days must be >= 1, got {days}")
    end = end_date if end_date is not None else datetime.now(UTC).date()
    window_end = datetime.combine(end, time(0), tzinfo=UTC)
    return window_end - timedelta(days=days), window_end


def plan_tenant(
    seed: int = 7, n_calls: int = 300, days: int = 90, end_date: date | None = None
) -> TenantPlan:
    """Plan a tenant: org, accounts, opportunities and every call's who/when/what, without transcripts.

    :param seed: RNG seed; the same arguments always give the same tenant.
    :param n_calls: number of calls (private ones included; the Gong API hides those).
    :param days: length of the window in days.
    :param end_date: first day after the window (exclusive, UTC); defaults to today (UTC).
    """
    if n_calls < 0:
        raise ValueError(f"n_calls must be >= 0, got {n_calls}")
    window_start, window_end = _window(days, end_date)
    rng = random.Random(seed)
    org = _build_org(rng, window_start, window_end)
    accounts = _build_accounts(rng, _n_accounts(n_calls), org)
    plans = _plan_calls(rng, n_calls, accounts, org, window_start, window_end)
    account_rows = [
        {
            "name": a.name,
            "domain": a.domain,
            "industry": a.industry,
            "region": a.region,
            "timezone": a.tz.key,
            "language": a.lang,
            "currency": a.currency,
            "sfdcAccountId": a.sfdc_id,
            "ownerUserId": a.owner.user["id"],
            "competitors": list(a.competitors),
            "contacts": [{"name": c.name, "emailAddress": c.email, "title": c.title} for c in a.contacts],
            "opportunities": [
                {
                    "id": o.sfdc_id,
                    "name": o.name,
                    "type": o.type,
                    "product": o.product,
                    "seats": o.seats,
                    "amount": o.amount,
                    "outcome": o.outcome,
                    "closeDate": o.close_date.isoformat() if o.close_date else None,
                }
                for o in a.opps
            ],
        }
        for a in accounts
    ]
    return TenantPlan(seed, [u.user for u in org], account_rows, window_start, window_end, plans)


def iter_calls(
    seed: int = 7, n_calls: int = 300, days: int = 90, end_date: date | None = None
) -> Iterator[GeneratedCall]:
    """Stream the tenant's calls (ordered by scheduled start) without holding all transcripts in memory."""
    return plan_tenant(seed, n_calls, days, end_date).iter_calls()


def generate_users(
    seed: int = 7, n_calls: int = 300, days: int = 90, end_date: date | None = None
) -> list[dict]:
    """The tenant's Gong users (``GET /v2/users`` items) without generating any call."""
    return plan_tenant(seed, n_calls, days, end_date).users


def generate_tenant(
    seed: int = 7, n_calls: int = 300, days: int = 90, end_date: date | None = None
) -> Tenant:
    """Generate a whole tenant in memory (see ``plan_tenant`` for the arguments).

    300 calls take well under a second; for 10k+ calls prefer ``iter_calls`` (constant memory).
    """
    plan = plan_tenant(seed, n_calls, days, end_date)
    calls: list[dict] = []
    transcripts: dict[str, list[dict]] = {}
    truth: dict[str, CallTruth] = {}
    edges: dict[str, list[str]] = {}
    # Millions of small dicts that all stay alive: the cyclic GC would rescan them over and over (it made a
    # 10k-call tenant 50% slower). Pause it while collecting; anything collectable is freed once it resumes.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for generated in plan.iter_calls():
            cid = generated.call_id
            calls.append(generated.call)
            transcripts[cid] = generated.transcript
            truth[cid] = generated.truth
            for edge in sorted(generated.truth.edge_cases):
                edges.setdefault(edge, []).append(cid)
    finally:
        if gc_was_enabled:
            gc.enable()
    return Tenant(
        users=plan.users,
        calls=calls,
        transcripts=transcripts,
        truth=truth,
        accounts=plan.accounts,
        edge_cases={k: tuple(v) for k, v in sorted(edges.items())},
        window_start=plan.window_start,
        window_end=plan.window_end,
    )

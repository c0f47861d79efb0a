"""Write one call's conversation: phases of filler talk with scenario beats placed where they would happen.

The generator decides *what* a call is about (kind, tone, scenarios, who attends); this module decides how
it sounds, turn by turn, and returns the transcript with its statistics, the scenario evidence and the
action items said in the call.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from local_stack.tenant import intl, phrasebook
from local_stack.tenant.transcript import Speaker, TranscriptBuilder, TranscriptStats

# kind -> phases as (topic, mode, share of the call's target length). Closing talk is added after the phases.
KIND_PHASES: dict[str, tuple[tuple[str, str, float], ...]] = {
    "discovery": (
        ("Call Setup", "setup", 0.02),
        ("Small Talk", "smalltalk", 0.06),
        ("Agenda", "agenda", 0.03),
        ("Use Cases", "discovery", 0.55),
        ("Product Overview", "demo", 0.22),
        ("Implementation", "implementation", 0.07),
    ),
    "demo": (
        ("Call Setup", "setup", 0.02),
        ("Small Talk", "smalltalk", 0.05),
        ("Agenda", "agenda", 0.03),
        ("Use Cases", "discovery", 0.12),
        ("Product Demo", "demo", 0.62),
        ("Integrations", "integration", 0.1),
    ),
    "security": (
        ("Call Setup", "setup", 0.02),
        ("Small Talk", "smalltalk", 0.04),
        ("Agenda", "agenda", 0.03),
        ("Security", "security", 0.6),
        ("Integrations", "integration", 0.2),
    ),
    "pricing": (
        ("Call Setup", "setup", 0.02),
        ("Small Talk", "smalltalk", 0.05),
        ("Agenda", "agenda", 0.03),
        ("Recap", "discovery", 0.14),
        ("Pricing", "pricing", 0.4),
        ("Implementation", "implementation", 0.3),
    ),
    "negotiation": (
        ("Small Talk", "smalltalk", 0.05),
        ("Agenda", "agenda", 0.03),
        ("Pricing", "pricing", 0.45),
        ("Implementation", "implementation", 0.3),
        ("Legal", "security", 0.1),
    ),
    "qbr": (
        ("Call Setup", "setup", 0.02),
        ("Small Talk", "smalltalk", 0.06),
        ("Agenda", "agenda", 0.03),
        ("Account Review", "qbr", 0.5),
        ("Product Roadmap", "demo", 0.22),
        ("Renewal", "qbr", 0.12),
    ),
    "kickoff": (
        ("Call Setup", "setup", 0.02),
        ("Small Talk", "smalltalk", 0.05),
        ("Agenda", "agenda", 0.03),
        ("Implementation", "implementation", 0.55),
        ("Integrations", "integration", 0.2),
        ("Training", "demo", 0.1),
    ),
    "phone": (("Introductions", "smalltalk", 0.08), ("Use Cases", "discovery", 0.85)),
    "internal": (("Small Talk", "smalltalk", 0.06), ("Deal Review", "internal", 0.9)),
    "noshow": (("Call Setup", "noshow", 1.0),),
    "workshop": (
        ("Call Setup", "setup", 0.01),
        ("Small Talk", "smalltalk", 0.02),
        ("Agenda", "agenda", 0.01),
        ("Use Cases", "discovery", 0.3),
        ("Product Demo", "demo", 0.3),
        ("Implementation", "implementation", 0.2),
        ("Integrations", "integration", 0.1),
        ("Security", "security", 0.05),
    ),
}

SCENARIO_TOPIC: dict[str, str | None] = {
    "pricing_objection": "Pricing",
    "competitor": "Competition",
    "budget": "Budget",
    "timeline_slip": "Timeline",
    "churn_threat": "Renewal",
    "legal_security": "Security",
    "champion_loss": "Stakeholders",
    "enthusiastic_champion": None,
    "positive_close": "Next Steps",
}
# Where in a call each scenario tends to come up: the first phase whose mode is listed wins.
_SCENARIO_MODES: dict[str, tuple[str, ...]] = {
    "pricing_objection": ("pricing", "demo", "discovery", "qbr"),
    "competitor": ("discovery", "demo", "pricing", "qbr"),
    "budget": ("pricing", "discovery", "qbr", "implementation"),
    "timeline_slip": ("implementation", "pricing", "integration", "qbr", "discovery"),
    "churn_threat": ("qbr", "pricing", "discovery", "implementation"),
    "legal_security": ("security", "integration", "implementation", "pricing", "discovery"),
    "champion_loss": ("agenda", "discovery", "qbr", "pricing", "implementation"),
    "enthusiastic_champion": ("demo", "discovery", "implementation", "qbr"),
}
_REP_SECTIONS: dict[str, str] = {
    "setup": "setup_rep",
    "smalltalk": "smalltalk_rep",
    "agenda": "agenda_rep",
    "discovery": "discovery_q_rep",
    "demo": "demo_rep",
    "implementation": "implementation_rep",
    "integration": "integration_rep",
    "security": "security_rep",
    "pricing": "pricing_rep",
    "qbr": "qbr_rep",
    "internal": "internal_rep",
}
_CUST_SECTIONS: dict[str, str] = {
    "setup": "setup_cust",
    "smalltalk": "smalltalk_cust",
    "agenda": "ack_cust",
    "discovery": "discovery_a_cust",
    "demo": "demo_q_cust",
    "implementation": "implementation_cust",
    "integration": "integration_cust",
    "security": "security_cust",
    "pricing": "pricing_cust",
    "qbr": "qbr_cust",
    "internal": "internal_mgr",
}
# Sections the small non-English phrasebooks lack, mapped to ones they have (never fall back to English).
_INTL_FALLBACK = {"comment_rep": "ack_rep", "setup_rep": "smalltalk_rep", "setup_cust": "smalltalk_cust"}
NOSHOW_LINES = (
    "Looks like they're running a few minutes late.",
    "I'll ping them on email real quick.",
    "Their calendar shows they accepted the invite.",
    "Let's give it five more minutes.",
    "I'll check whether they sent a note to reschedule.",
    "Still nothing from their side.",
    "I'll try calling the main number.",
)
_INTL_MODES = {"setup": "setup", "smalltalk": "smalltalk", "agenda": "agenda", "discovery": "discovery"}
_REACTION_RATE = {"negative": 0.7, "positive": 0.45, "neutral": 0.22}
# Chance that a substantive customer turn also carries a tone line (pain or delight).
_TONE_LINE = {"negative": ("pain_cust", 0.8), "positive": ("delight_cust", 0.35)}


@dataclass(frozen=True)
class Evidence:
    """A line that carries a scenario: what was said, by whom, and when (ms from call start)."""

    scenario: str
    text: str
    start_ms: int
    speaker_id: str


@dataclass(frozen=True)
class ActionItem:
    snippet: str
    start_ms: int
    end_ms: int
    speaker_id: str


@dataclass
class CallSpec:
    """Everything the script needs to know about a call. Built by the generator.

    :param internal: internal speaker ids, primary rep first (for internal calls the second is the manager).
    :param external: external speaker ids, primary contact first; empty when no customer attended.
    :param slots: per-call template values (amount, date, competitor, product, names ...).
    """

    kind: str
    language: str
    tone: str
    scenarios: frozenset[str]
    target_ms: int
    speakers: dict[str, Speaker]
    internal: list[str]
    external: list[str]
    slots: dict[str, str]
    emoji: bool = False
    alias: dict[str, str] = field(default_factory=dict)  # speaker id -> second speaker id of the same person


@dataclass
class ScriptResult:
    monologues: list[dict]
    stats: TranscriptStats
    evidence: list[Evidence]
    action_items: list[ActionItem]


_FILTERED_CACHE: dict[tuple[str, str, str, bool, bool], tuple[tuple[str, int, str], ...]] = {}
# Commitments that read as next steps; calls that end without next steps must not contain them anywhere.
NEXT_STEP_HINT = re.compile(
    r"\b(?:I'll|we'll|let's|let me|I can|we can)\s+(?:\w+\s+){0,2}?(?:send|share|schedule|set up|follow|loop in|"
    r"get back|book|put together)\b|\bnext steps?\b|\bfollow[- ]?up\b|calendar invite",
    re.IGNORECASE,
)
# Phases that are a fixed handful of exchanges however long the call is (nobody does 10 minutes of setup).
_CAPPED_MODES = {"setup": (1, 1), "smalltalk": (1, 3), "agenda": (1, 1)}
_THIN_MODES = frozenset({"implementation", "integration", "security", "pricing", "qbr"})
_SUBSTANTIVE = frozenset({"discovery", "demo", "implementation", "integration", "security", "pricing", "qbr"})


class _Writer:
    def __init__(self, rng: random.Random, spec: CallSpec) -> None:
        self.rng = rng
        self.spec = spec
        self.b = TranscriptBuilder(rng, spec.speakers)
        self.lang = spec.language
        self.product = spec.slots["product"]
        self.en_pools = phrasebook.pools(self.product)
        self.pools = self.en_pools if self.lang == "eng" else intl.pools(self.lang)
        self.used: set[str] = set()
        self.noq = "rep_no_questions" in spec.scenarios
        self.rep_heavy = "rep_monologue" in spec.scenarios
        self.nns = "no_next_steps" in spec.scenarios
        self.evidence: list[Evidence] = []
        self.actions: list[ActionItem] = []
        self._noshow_line = -1

    # -- picking text --------------------------------------------------------------------------------------
    def pool(self, section: str, rep: bool = False) -> tuple[tuple[str, int, str], ...]:
        pool = self.pools.get(section)
        if pool is None:
            pool = self.pools[_INTL_FALLBACK[section]] if self.lang != "eng" else self.en_pools[section]
        noq = rep and self.noq
        if noq or self.nns:
            key = (self.lang, self.product, section, noq, self.nns)
            cached = _FILTERED_CACHE.get(key)
            if cached is None:
                cached = tuple(
                    e
                    for e in pool
                    if not (noq and "?" in e[0]) and not (self.nns and NEXT_STEP_HINT.search(e[0]))
                ) or (("Okay.", 1, "Okay."),)
                _FILTERED_CACHE[key] = cached
            pool = cached
        return pool

    def pick(self, section: str, n: int = 1, rep: bool = False) -> list[tuple[str, int]]:
        pool = self.pool(section, rep) if (rep and self.noq) or self.nns else self.pools.get(section)
        if pool is None:
            pool = self.pool(section, rep)
        r = self.rng.random
        size = len(pool)
        used = self.used
        out = []
        for _ in range(n):
            entry = pool[int(r() * size)]
            # Re-draw a few times to avoid the same sentence (template) twice in one call.
            for _ in range(4):
                if entry[2] not in used or size < 4:
                    break
                entry = pool[int(r() * size)]
            used.add(entry[2])
            text = entry[0]
            if "{" in text:
                text = text.format_map(self.spec.slots)
                out.append((text, text.count(" ") + 1))
            else:
                out.append((text, entry[1]))
        return out

    def fill(self, templates: tuple[str, ...], rep: bool = False) -> str:
        if rep and self.noq:
            templates = tuple(t for t in templates if "?" not in t) or templates[:1]
        if self.nns:
            templates = tuple(t for t in templates if not NEXT_STEP_HINT.search(t)) or templates
        template = self.rng.choice(templates)
        text = template.format(**self.spec.slots)
        if rep and self.noq and "?" in text:
            text = text.replace("?", ".")
        return text

    # -- who speaks ----------------------------------------------------------------------------------------
    def rep(self, second_share: float = 0.0) -> str:
        internal = self.spec.internal
        if len(internal) > 1 and self.rng.random() < second_share:
            return internal[1 + int(self.rng.random() * (len(internal) - 1))]
        return internal[0]

    def customer(self) -> str:
        ext = self.spec.external
        sid = (
            ext[0]
            if len(ext) == 1 or self.rng.random() < 0.62
            else ext[1 + int(self.rng.random() * (len(ext) - 1))]
        )
        alias = self.spec.alias.get(sid)
        # The same person dialled in twice; their words land on either speaker id.
        if alias and self.rng.random() < 0.4:
            return alias
        return sid

    # -- phases --------------------------------------------------------------------------------------------
    def run(self) -> ScriptResult:
        spec = self.spec
        phases = KIND_PHASES[spec.kind]
        if self.lang != "eng":
            phases = tuple(
                (topic, _INTL_MODES.get(mode, "demo" if mode in ("demo", "qbr") else "discovery"), share)
                for topic, mode, share in phases
            )
        beats = self._place_beats(phases)
        self._greeting()
        monologue_phase = None
        if "rep_monologue" in spec.scenarios:
            monologue_phase = next(
                (i for i, p in enumerate(phases) if p[1] == "demo"),
                max(range(len(phases)), key=lambda i: phases[i][2]),
            )
        total_share = sum(p[2] for p in phases)
        cumulative = 0.0
        for i, (topic, mode, share) in enumerate(phases):
            phase_start = self.b.t
            cumulative += share
            # Phase ends are cumulative, so time a short phase does not use carries over to the next one.
            phase_end = max(phase_start, int(spec.target_ms * cumulative / total_share))
            pending = sorted(beats.get(i, []), key=lambda b: b[0])
            pending_at = [(phase_start + int((phase_end - phase_start) * frac), s) for frac, s in pending]
            if monologue_phase == i:
                self._rep_monologue(topic)
            cap = _CAPPED_MODES.get(mode)
            exchanges = 0
            limit = cap[0] + int(self.rng.random() * (cap[1] - cap[0] + 1)) if cap else None
            while True:
                if pending_at and self.b.t >= pending_at[0][0]:
                    # One beat per exchange, so two concerns never come out in the same breath.
                    self._beat(pending_at.pop(0)[1], topic)
                if not pending_at and (self.b.t >= phase_end or (limit is not None and exchanges >= limit)):
                    break
                self._exchange(topic, mode)
                exchanges += 1
        self._closing()
        monologues, stats = self.b.finish()
        return ScriptResult(monologues, stats, self.evidence, self.actions)

    def _place_beats(self, phases: tuple[tuple[str, str, float], ...]) -> dict[int, list[tuple[float, str]]]:
        beats: dict[int, list[tuple[float, str]]] = {}
        modes = [p[1] for p in phases]
        main = max(range(len(phases)), key=lambda i: phases[i][2])
        for scenario in sorted(self.spec.scenarios):
            if scenario not in _SCENARIO_MODES or not self.spec.external:
                continue
            candidates = [modes.index(m) for m in _SCENARIO_MODES[scenario] if m in modes] or [main]
            repeats = 1
            if scenario == "enthusiastic_champion" or (
                self.spec.tone == "negative" and scenario != "champion_loss"
            ):
                repeats = 2
            for r in range(repeats):
                # A repeated concern comes back in a later part of the call when there is one.
                idx = candidates[min(r, len(candidates) - 1)]
                frac = 0.15 + 0.3 * self.rng.random() if r == 0 else 0.55 + 0.3 * self.rng.random()
                beats.setdefault(idx, []).append((frac, scenario))
        return beats

    # -- pieces of conversation ----------------------------------------------------------------------------
    def _greeting(self) -> None:
        spec = self.spec
        if self.lang == "eng":
            rep_line = self.fill(phrasebook.GREETING_REP, rep=True)
            cust_line = self.fill(phrasebook.GREETING_CUST)
        else:
            rep_line = self.fill(intl.FILLER[self.lang]["greeting_rep"], rep=True)
            cust_line = self.fill(intl.FILLER[self.lang]["greeting_cust"])
        topic = KIND_PHASES[spec.kind][0][0]
        self.b.say_text(self.rep(), topic, rep_line)
        if spec.external:
            self.b.say_text(spec.external[0], topic, cust_line)
        elif len(spec.internal) > 1:
            self.b.say_text(spec.internal[1], topic, "Hey, yeah, I'm here.")

    def _reaction(self, mode: str = "discovery") -> list[tuple[str, int]]:
        if mode not in _SUBSTANTIVE:
            return []
        out = []
        tone_line = _TONE_LINE.get(self.spec.tone)
        if tone_line and self.lang == "eng" and self.rng.random() < tone_line[1]:
            out += self.pick(tone_line[0])
        if self.rng.random() < _REACTION_RATE[self.spec.tone]:
            out += self.pick(f"reaction_{self.spec.tone}")
        return out

    def _exchange(self, topic: str, mode: str) -> None:
        rng = self.rng
        b = self.b
        if not self.spec.external:
            self._internal_exchange(topic, mode)
            return
        if self.rep_heavy and mode in _SUBSTANTIVE and rng.random() < 0.75:
            # A rep who monologues once tends to dominate the whole call.
            mode = "demo"
        elif mode in _THIN_MODES and rng.random() < 0.45:
            # Long implementation or pricing stretches drift back to use cases and the product, as real calls do.
            mode = "discovery" if rng.random() < 0.5 else "demo"
        if mode == "discovery":
            lines = self.pick("ack_rep", rep=True) if rng.random() < 0.35 else []
            if rng.random() < 0.6:
                lines += self.pick("comment_rep", 1 + (rng.random() < 0.4), rep=True)
            else:
                lines += self.pick("discovery_s_rep" if self.noq else "discovery_q_rep", rep=True)
            b.say(self.rep(0.1), topic, lines)
            b.say(
                self.customer(),
                topic,
                self.pick("discovery_a_cust", 2 + int(rng.random() * 4)) + self._reaction(),
            )
            if rng.random() < 0.3:
                b.say(self.rep(), topic, self.pick("comment_rep", rep=True))
                b.say(self.customer(), topic, self.pick("discovery_a_cust", 1 + int(rng.random() * 3)))
        elif mode == "demo":
            lines = self.pick("demo_rep", 2 + int(rng.random() * 5), rep=True)
            if rng.random() < 0.3:
                lines += self.pick("demo_check_s_rep" if self.noq else "demo_check_rep", rep=True)
            b.say(self.rep(0.25), topic, lines)
            roll = rng.random()
            if roll < 0.45:
                b.say(self.customer(), topic, self.pick("demo_q_cust") + self._reaction(mode))
                b.say(self.rep(0.3), topic, self.pick("demo_a_rep", 1 + (rng.random() < 0.4), rep=True))
            else:
                b.say(self.customer(), topic, self._reaction(mode) or self.pick("ack_cust"))
        else:
            n_rep = 1 if mode in _CAPPED_MODES else 1 + int(rng.random() * 3)
            b.say(self.rep(0.15), topic, self.pick(_REP_SECTIONS[mode], n_rep, rep=True))
            cust = self.pick(_CUST_SECTIONS[mode], 1 + (rng.random() < 0.35)) + self._reaction(mode)
            b.say(self.customer(), topic, cust)
            if rng.random() < 0.3:
                b.say(self.rep(), topic, self.pick("ack_rep", rep=True))

    def _internal_exchange(self, topic: str, mode: str) -> None:
        rng = self.rng
        internal = self.spec.internal
        if mode == "noshow":
            # Waiting for a customer who never joins: a remark, then silence.
            speaker = internal[int(rng.random() * len(internal))]
            if self._noshow_line < 0:
                self._noshow_line = int(rng.random() * len(NOSHOW_LINES))
            self._noshow_line += 1
            self.b.say_text(speaker, topic, NOSHOW_LINES[self._noshow_line % len(NOSHOW_LINES)])
            self.b.pause(20_000 + int(rng.random() * 70_000))
            return
        if mode == "smalltalk":
            self.b.say(internal[0], topic, self.pick("smalltalk_rep", rep=True))
            if len(internal) > 1:
                self.b.say(internal[1], topic, self.pick("smalltalk_cust"))
            return
        if len(internal) == 1:
            # Nobody else showed up: the rep waits, then talks to the recording.
            self.b.say(internal[0], topic, self.pick("demo_rep", 1 + int(rng.random() * 2), rep=True))
            return
        if mode == "internal":
            self.b.say(internal[1], topic, self.pick("internal_mgr" if rng.random() < 0.6 else "ack_rep"))
            self.b.say(internal[0], topic, self.pick("internal_rep", 2 + int(rng.random() * 3)))
        else:
            self.b.say(
                internal[0], topic, self.pick(_REP_SECTIONS.get(mode, "demo_rep"), 1 + int(rng.random() * 3))
            )
            self.b.say(internal[1], topic, self.pick("ack_rep"))

    def _rep_monologue(self, topic: str) -> None:
        opener = self.rng.choice(phrasebook.MONOLOGUE_OPENERS)
        target = 240_000 + int(self.rng.random() * 240_000)
        start = self.b.say_text(self.rep(), topic, opener)
        self.evidence.append(Evidence("rep_monologue", opener, start, self.spec.internal[0]))
        end = start + target
        while self.b.t < end:
            self.b.say(self.spec.internal[0], topic, self.pick("demo_rep", 6, rep=True))

    def _scenario_lines(self, scenario: str) -> dict[str, tuple[str, ...]]:
        if self.lang == "eng":
            return phrasebook.SCENARIOS[scenario]
        return intl.SCENARIOS[self.lang][scenario]

    def _customer_line(self, scenario: str) -> str:
        text = self.fill(self._scenario_lines(scenario)["customer"])
        if self.lang == "eng":
            hedge = self.rng.choice(phrasebook.HEDGES) if scenario != "enthusiastic_champion" else ""
            text = hedge + text if hedge else text[:1].upper() + text[1:]
        return text

    def _beat(self, scenario: str, phase_topic: str) -> None:
        topic = SCENARIO_TOPIC.get(scenario) or phase_topic
        speaker = self.customer()
        if scenario == "champion_loss" and "{champion}" not in "".join(
            self._scenario_lines(scenario)["customer"]
        ):
            speaker = self.spec.external[0]
        text = self._customer_line(scenario)
        start = self.b.say_text(speaker, topic, text)
        self.evidence.append(Evidence(scenario, text, start, speaker))
        self.b.say_text(self.rep(), topic, self.fill(self._scenario_lines(scenario)["rep"], rep=True))
        if self.rng.random() < (0.6 if self.spec.tone == "negative" else 0.3):
            speaker = self.customer()
            follow = self._customer_line(scenario)
            start = self.b.say_text(speaker, topic, follow)
            self.evidence.append(Evidence(scenario, follow, start, speaker))
            reaction = self._reaction()
            if reaction:
                self.b.say(speaker, topic, reaction)

    def _closing(self) -> None:
        spec = self.spec
        topic = "Next Steps"
        if not spec.external:
            self._internal_closing(topic)
            return
        if "positive_close" in spec.scenarios:
            self._beat("positive_close", topic)
        if "no_next_steps" in spec.scenarios:
            pool = phrasebook.NO_NEXT_STEPS_CUST if self.lang == "eng" else intl.NO_NEXT_STEPS[self.lang]
            speaker = self.customer()
            text = self.fill(pool)
            start = self.b.say_text(speaker, "Wrap-up", text)
            self.evidence.append(Evidence("no_next_steps", text, start, speaker))
            rep_pool = phrasebook.NO_NEXT_STEPS_REP if self.lang == "eng" else intl.CLOSING[self.lang]
            self.b.say_text(self.rep(), "Wrap-up", self.fill(rep_pool, rep=True))
        else:
            if self.lang == "eng":
                rep_pool, cust_pool = phrasebook.NEXT_STEPS_REP, phrasebook.NEXT_STEPS_CUST
            else:
                rep_pool, cust_pool = (
                    intl.NEXT_STEPS[self.lang]["rep"],
                    intl.NEXT_STEPS[self.lang]["customer"],
                )
            usable = tuple(t for t in rep_pool if not (self.noq and "?" in t))
            for template in self.rng.sample(usable, min(len(usable), 1 + (self.rng.random() < 0.5))):
                self._action(self.rep(), topic, template.format(**spec.slots))
            speaker = self.customer()
            text = self.fill(cust_pool)
            if text.startswith(("Okay, I'll", "Sounds good, I'll", "Works for me, I'll")):
                self._action(speaker, topic, text)
            else:
                self.b.say_text(speaker, topic, text)
        closing_rep = phrasebook.CLOSING_REP if self.lang == "eng" else intl.CLOSING[self.lang][:1]
        closing_cust = phrasebook.CLOSING_CUST if self.lang == "eng" else intl.CLOSING[self.lang][1:]
        self.b.say_text(self.rep(), "Wrap-up", self.fill(closing_rep, rep=True))
        last = self.fill(phrasebook.EMOJI_LINES) if spec.emoji else self.fill(closing_cust)
        self.b.say_text(spec.external[0], "Wrap-up", last)

    def _internal_closing(self, topic: str) -> None:
        internal = self.spec.internal
        if len(internal) > 1:
            self._action(
                internal[1],
                topic,
                f"Next step: update the close date and send me the plan by {self.spec.slots['date']}.",
            )
            self.b.say_text(internal[0], topic, "Will do, thanks.")
        else:
            self.b.say_text(
                internal[0], "Wrap-up", "Looks like they're not joining, I'll send a note to reschedule."
            )

    def _action(self, speaker: str, topic: str, text: str) -> None:
        start = self.b.say_text(speaker, topic, text)
        self.actions.append(ActionItem(text, start, self.b.t, speaker))


def write_call(rng: random.Random, spec: CallSpec) -> ScriptResult:
    """Write the conversation for ``spec`` using ``rng``; deterministic for a given RNG state."""
    return _Writer(rng, spec).run()

"""Prompts and JSON schemas for the Cohere chat model.

Bump ``PROMPT_VERSION`` on any change to wording or schema: it is part of the Cohere engine's
``model_version``, so rows analysed by different prompts can be told apart and re-enriched selectively.

Transcript lines use one fixed format (``render_line`` / ``parse_line``) so the model sees speakers, sides and
timestamps, and so quotes and ``start_ms`` in the answer can be traced back to the transcript.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from include.gong_intel.enrich.records import (
    RISK_TYPES,
    SEVERITIES,
    TOPIC_LABELS,
    CallContext,
    GongActionItem,
    GongSignals,
    Segment,
)

PROMPT_VERSION = "2026-12-v6"

TASK_CALL_ANALYSIS = "call_analysis"

RISK_DEFINITIONS = {
    "pricing_objection": "the customer pushes back on price, asks for discounts, or finds it too expensive",
    "competitor": "the customer mentions evaluating or preferring a competitor or alternative (its own systems "
    "in the call context are not competitors)",
    "budget": "no budget, budget cuts or freezes, or the deal exceeds the budget",
    "timeline_slip": "the decision, signature or start is delayed, on hold or pushed out",
    "churn_threat": "an existing customer threatens to cancel, not renew or switch away",
    "legal_security": "security, compliance, privacy or legal review could block or slow the deal",
    "no_next_steps": "the call ends without a concrete, agreed next step",
    "champion_loss": "the main contact or sponsor is leaving, re-assigned, or loses influence",
}

SYSTEM_PROMPT = (
    "You analyse B2B sales call transcripts for a revenue team. Answer with a single JSON object that follows "
    "the given JSON schema exactly: no prose, no markdown. Base every statement on the transcript; quotes must "
    "be copied verbatim from it. Sentiment is a number from -1 (very negative) to 1 (very positive) and "
    "reflects the customer side's (External speakers') attitude to the deal at the end of the call: "
    "politeness is not positivity, a friendly call where nothing moves is neutral (between -0.2 and 0.2), "
    "and the customer's substantive turns weigh most. Risks are what the customer side says; a negated "
    'mention ("price isn\'t a problem"), a hypothetical, a plain question, or an objection the customer later '
    "accepts as answered is not a risk. Never report no_next_steps when a next step was agreed."
)

# The brief every engine writes, one line each (the local engine's act_brief writes the same lines).
BRIEF_FORMAT = (
    "the first line names the call, the rep and the account; then one line each: "
    "'Outcome: advanced|stalled|lost — ' and why; "
    "'Customer objection — Name: “verbatim quote”' (the customer's key objection or concern, if any); "
    "'Decision — Name: “verbatim quote”' (if a decision was announced); "
    "'Next step — Name: “verbatim quote” (owner: Name; due: day or date)' for the step both sides agreed, or "
    "'Next steps: none agreed on the call.'; 'Risks: ...' listing open risk types; 'Topics: ...'. "
    "Gong's own signals, when the context lists them: if no turn agrees a next step but Gong lists an action "
    "item, the next step is the turn holding the last one, followed by the line "
    "'Source — Gong's action items (no turn read as agreeing a step).'; Gong's call outcome is named at the end "
    "of the Outcome line as 'Gong's call outcome: <outcome>.'"
)

ENTITY_FIELDS: tuple[str, ...] = ("people", "companies", "competitors", "products", "money", "dates")
_STR_LIST = {"type": "array", "items": {"type": "string"}}

# One request per call carries the call-level analysis AND every line's sentiment and entities. Output tokens,
# not input, bound how many lines fit in one answer, so the per-line part is compact: ``line_sentiments`` is one
# number per line in ``#id`` order (~4 tokens a line), and ``line_entities`` lists only the lines that name
# something, by ``#id``, with only the non-empty entity lists.
CALL_ANALYSIS_SCHEMA: dict = {
    "type": "object",
    "required": ["summary", "key_topics", "risks", "sentiment", "line_sentiments", "line_entities"],
    "properties": {
        "summary": {"type": "string"},
        "key_topics": {"type": "array", "items": {"type": "string", "enum": list(TOPIC_LABELS)}},
        "risks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "severity", "quote", "start_ms", "speaker_name"],
                "properties": {
                    "type": {"type": "string", "enum": list(RISK_TYPES)},
                    "severity": {"type": "string", "enum": list(SEVERITIES)},
                    "quote": {"type": "string"},
                    "start_ms": {"type": "integer"},
                    "speaker_name": {"type": "string"},
                },
            },
        },
        "sentiment": {"type": "number"},
        "line_sentiments": {"type": "array", "items": {"type": "number"}},
        "line_entities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer"}, **{name: _STR_LIST for name in ENTITY_FIELDS}},
            },
        },
    },
}


def response_format(schema: dict) -> dict:
    """The ``response_format`` argument for ``ClientV2.chat``: JSON mode constrained by ``schema``."""
    return {"type": "json_object", "json_schema": schema}


# ----------------------------------------------------------------------------------- transcript lines

_LINE = re.compile(
    r"^(?:#(?P<id>\d+) )?\[(?P<start>\d+)\] (?P<speaker>.+?) \((?P<aff>Internal|External|Unknown)"
    r"(?:, (?P<company>[^)]*))?\): (?P<text>.*)$"
)


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """A transcript line read back from a prompt (used by the local Cohere peer and in tests)."""

    id: int | None
    start_ms: int
    speaker: str
    affiliation: str
    company: str | None
    text: str


def render_line(segment: Segment, line_id: int | None = None) -> str:
    """``[start_ms] Speaker (Affiliation, Company): text`` — optionally prefixed by ``#id``."""
    company = f", {segment.company}" if segment.company else ""
    prefix = f"#{line_id} " if line_id is not None else ""
    text = " ".join(segment.text.split())
    return f"{prefix}[{segment.start_ms}] {segment.speaker_label} ({segment.affiliation}{company}): {text}"


def parse_line(line: str) -> ParsedLine | None:
    match = _LINE.match(line.strip())
    if not match:
        return None
    return ParsedLine(
        id=int(match["id"]) if match["id"] is not None else None,
        start_ms=int(match["start"]),
        speaker=match["speaker"],
        affiliation=match["aff"],
        company=match["company"] or None,
        text=match["text"],
    )


def transcript_block(prompt: str) -> list[ParsedLine]:
    """Parse the lines between ``<transcript>`` and ``</transcript>`` of a user prompt."""
    start = prompt.find("<transcript>")
    end = prompt.find("</transcript>")
    if start < 0 or end < start:
        return []
    lines = prompt[start + len("<transcript>") : end].splitlines()
    return [parsed for parsed in map(parse_line, lines) if parsed is not None]


def prompt_task(prompt: str) -> str | None:
    match = re.search(r"^Task: (\w+)$", prompt, re.MULTILINE)
    return match.group(1) if match else None


def prompt_list(prompt: str, label: str) -> tuple[str, ...]:
    """Read back a ``Label: a, b, c`` line of a prompt."""
    match = re.search(rf"^{re.escape(label)}: (.*)$", prompt, re.MULTILINE)
    if not match or match.group(1).strip() in ("", "(none)"):
        return ()
    return tuple(part.strip() for part in match.group(1).split(",") if part.strip())


# ----------------------------------------------------------------------------------- messages


def _context_block(
    ctx: CallContext, competitors: Sequence[str], products: Sequence[str], partners: Sequence[str] = ()
) -> str:
    participants = "; ".join(
        f"{p.name or 'unknown'} ({p.affiliation}{', ' + p.company if p.company else ''})"
        for p in ctx.participants
    )
    return "\n".join(
        [
            f"Call title: {ctx.title or '(none)'}",
            f"Call start: {ctx.started_at.isoformat() if ctx.started_at else '(unknown)'}",
            f"Sales rep: {ctx.rep_name or '(unknown)'}",
            f"Account: {ctx.account_name or '(unknown)'}",
            f"Opportunity: {ctx.opportunity_name or '(none)'}",
            f"Participants: {participants or '(unknown)'}",
            f"Known competitors: {', '.join(competitors) or '(none)'}",
            f"Our products: {', '.join(products) or '(none)'}",
            f"Customers' own systems: {', '.join(partners) or '(none)'}",
            f"Gong call outcome: {ctx.gong.call_outcome or '(none)'}",
            f"Gong action items: {json.dumps(_action_items(ctx), ensure_ascii=False)}",
        ]
    )


def _action_items(ctx: CallContext) -> list[dict]:
    """Gong's action items for the prompt: where each was said, by whom (named from the participants) and
    its words."""
    names = {p.speaker_id: p.name for p in ctx.participants if p.speaker_id and p.name}
    return [
        {"start_ms": item.start_ms, "speaker": names.get(item.speaker_id or ""), "snippet": item.snippet}
        for item in ctx.gong.action_items
    ]


def gong_signals(prompt: str) -> GongSignals:
    """Read back the Gong lines of a call-analysis prompt (:func:`_context_block`)."""
    outcome = re.search(r"^Gong call outcome: (.*)$", prompt, re.MULTILINE)
    items = re.search(r"^Gong action items: (.*)$", prompt, re.MULTILINE)
    return GongSignals(
        action_items=tuple(
            GongActionItem(snippet=i["snippet"], start_ms=i.get("start_ms"))
            for i in (json.loads(items.group(1)) if items else [])
        ),
        call_outcome=None if not outcome or outcome.group(1) == "(none)" else outcome.group(1),
    )


def call_analysis_messages(
    ctx: CallContext,
    lines: Sequence[str],
    part: int,
    parts: int,
    competitors: Sequence[str] = (),
    products: Sequence[str] = (),
    summary_so_far: str | None = None,
    partners: Sequence[str] = (),
) -> list[dict]:
    """Messages asking for the analysis of one transcript window: call level and per line, in one answer.

    :param lines: rendered with ``render_line(segment, i)``, ``i`` counting from 0 within this request.
    :param part: 1-based number of this window; ``parts`` windows in all (1 for a call that fits).
    :param summary_so_far: for ``part > 1``, the summary returned for the windows before this one. The model
        extends it, so the last window's summary covers the whole call without a separate merge request.
    """
    risk_lines = "\n".join(f"- {name}: {text}" for name, text in RISK_DEFINITIONS.items())
    if parts == 1:
        window = "This is the full transcript."
        summary_rule = (
            f"- summary: a brief for the sales manager, lines separated by newlines: {BRIEF_FORMAT};\n"
        )
    else:
        window = f"This is part {part} of {parts} of the transcript."
        summary_rule = (
            "- summary: a brief for the sales manager covering the call from its start to the end of this "
            f"part, lines separated by newlines: {BRIEF_FORMAT}. Build on the summary so far of the earlier "
            "parts, given below the instructions;\n"
        )
    earlier = (
        f"<summary_so_far>{json.dumps(summary_so_far)}</summary_so_far>\n"
        if summary_so_far is not None
        else ""
    )
    user = (
        f"Task: {TASK_CALL_ANALYSIS}\n"
        f"{_context_block(ctx, competitors, products, partners)}\n\n"
        "Produce a JSON object with:\n"
        f"{summary_rule}"
        f"- key_topics: up to 6 labels from this list only: {', '.join(TOPIC_LABELS)};\n"
        "- risks: deal risks, each with type, severity (low, medium or high), a verbatim quote, the start_ms "
        "of the quoted line and the speaker_name. Risk types:\n"
        f"{risk_lines}\n"
        "- sentiment: overall sentiment of the customer side in this transcript, from -1 to 1;\n"
        f"- line_sentiments: exactly {len(lines)} numbers, one per transcript line in order (#0 to "
        f"#{len(lines) - 1}): the line's sentiment from -1 to 1, 0 for a neutral line;\n"
        "- line_entities: one item for each line that mentions an entity, with the line's id and the entities "
        "it mentions, copied as written: people, companies, competitors (only from the known competitors), "
        "products (only our products), money (amounts) and dates (dates or time expressions). Leave out lines "
        "that mention none, and entity lists that would be empty.\n"
        f"{window} Each line is #id [start_ms] Speaker (Affiliation, Company): text.\n"
        f"{earlier}"
        "<transcript>\n" + "\n".join(lines) + "\n</transcript>"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def summary_so_far(prompt: str) -> str | None:
    """Read back the ``<summary_so_far>`` of a call-analysis prompt (None for a first or only window)."""
    match = re.search(r"^<summary_so_far>(.*?)</summary_so_far>$", prompt, re.DOTALL | re.MULTILINE)
    return json.loads(match.group(1)) if match else None


def repair_message(error: str) -> dict:
    """The follow-up user message after an invalid answer; quotes the validation error for the model."""
    return {
        "role": "user",
        "content": (
            f"Your previous answer was not valid: {error}. Reply again with only one JSON object that follows "
            "the schema exactly (sentiments between -1 and 1, risk types and topics from the given lists, a "
            "non-empty summary, exactly one line_sentiments number per transcript line, line_entities ids of existing lines)."
        ),
    }

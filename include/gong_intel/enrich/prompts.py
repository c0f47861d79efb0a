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

from include.gong_intel.enrich.records import RISK_TYPES, SEVERITIES, TOPIC_LABELS, CallContext, Segment

PROMPT_VERSION = "2026-03-v1"

TASK_CALL_ANALYSIS = "call_analysis"
TASK_SEGMENT_BATCH = "segment_batch"
TASK_SUMMARY_MERGE = "summary_merge"

RISK_DEFINITIONS = {
    "pricing_objection": "the customer pushes back on price, asks for discounts, or finds it too expensive",
    "competitor": "the customer mentions evaluating or preferring a competitor or alternative",
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
    "reflects mainly the customer side (External speakers)."
)

CALL_ANALYSIS_SCHEMA: dict = {
    "type": "object",
    "required": ["summary", "key_topics", "risks", "sentiment"],
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
    },
}

_STR_LIST = {"type": "array", "items": {"type": "string"}}
SEGMENT_BATCH_SCHEMA: dict = {
    "type": "object",
    "required": ["segments"],
    "properties": {
        "segments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "sentiment",
                    "people",
                    "companies",
                    "competitors",
                    "products",
                    "money",
                    "dates",
                ],
                "properties": {
                    "id": {"type": "integer"},
                    "sentiment": {"type": "number"},
                    "people": _STR_LIST,
                    "companies": _STR_LIST,
                    "competitors": _STR_LIST,
                    "products": _STR_LIST,
                    "money": _STR_LIST,
                    "dates": _STR_LIST,
                },
            },
        }
    },
}

SUMMARY_MERGE_SCHEMA: dict = {
    "type": "object",
    "required": ["summary"],
    "properties": {"summary": {"type": "string"}},
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


def _context_block(ctx: CallContext, competitors: Sequence[str], products: Sequence[str]) -> str:
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
        ]
    )


def call_analysis_messages(
    ctx: CallContext,
    lines: Sequence[str],
    part: int,
    parts: int,
    competitors: Sequence[str] = (),
    products: Sequence[str] = (),
) -> list[dict]:
    """Messages asking for the call-level analysis of one transcript window."""
    risk_lines = "\n".join(f"- {name}: {text}" for name, text in RISK_DEFINITIONS.items())
    window = (
        f"This is part {part} of {parts} of the transcript." if parts > 1 else "This is the full transcript."
    )
    user = (
        f"Task: {TASK_CALL_ANALYSIS}\n"
        f"{_context_block(ctx, competitors, products)}\n\n"
        "Produce a JSON object with:\n"
        "- summary: 3 to 6 sentences covering who took part (rep, account), what was discussed, the outcome "
        "and the agreed next steps;\n"
        f"- key_topics: up to 6 labels from this list only: {', '.join(TOPIC_LABELS)};\n"
        "- risks: deal risks, each with type, severity (low, medium or high), a verbatim quote, the start_ms "
        "of the quoted line and the speaker_name. Risk types:\n"
        f"{risk_lines}\n"
        "- sentiment: overall sentiment of the customer side, from -1 to 1.\n"
        f"{window} Each line is [start_ms] Speaker (Affiliation, Company): text.\n"
        "<transcript>\n" + "\n".join(lines) + "\n</transcript>"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def segment_batch_messages(
    ctx: CallContext, lines: Sequence[str], competitors: Sequence[str] = (), products: Sequence[str] = ()
) -> list[dict]:
    """Messages asking for per-line sentiment and entities; each line carries ``#id``."""
    user = (
        f"Task: {TASK_SEGMENT_BATCH}\n"
        f"{_context_block(ctx, competitors, products)}\n\n"
        "For every transcript line below return one item in `segments` with its id, its sentiment from -1 to 1, "
        "and the entities it mentions, copied as written: people, companies, competitors (only from the known "
        "competitors), products (only our products), money amounts and dates or time expressions. Use empty "
        "lists when nothing is mentioned. Each line is #id [start_ms] Speaker (Affiliation, Company): text.\n"
        "<transcript>\n" + "\n".join(lines) + "\n</transcript>"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def summary_merge_messages(ctx: CallContext, partial_summaries: Sequence[str]) -> list[dict]:
    """Messages asking to merge the summaries of consecutive transcript parts into one."""
    parts = "\n".join(f"<part>{json.dumps(text)}</part>" for text in partial_summaries)
    user = (
        f"Task: {TASK_SUMMARY_MERGE}\n"
        f"Call title: {ctx.title or '(none)'}\n"
        "These are summaries of consecutive parts of one sales call. Write one summary of 3 to 6 sentences "
        "covering who took part, what was discussed, the outcome and the agreed next steps. Return "
        '{"summary": "..."}.\n' + parts
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def partial_summaries(prompt: str) -> list[str]:
    """Read back the ``<part>`` summaries of a summary-merge prompt."""
    return [json.loads(raw) for raw in re.findall(r"<part>(.*?)</part>", prompt)]


def repair_message(error: str) -> dict:
    """The follow-up user message after an invalid answer; quotes the validation error for the model."""
    return {
        "role": "user",
        "content": (
            f"Your previous answer was not valid: {error}. Reply again with only one JSON object that follows "
            "the schema exactly (sentiments between -1 and 1, risk types and topics from the given lists, a "
            "non-empty summary)."
        ),
    }

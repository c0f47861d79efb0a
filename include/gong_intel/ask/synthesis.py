"""A short Cohere-written synthesis over the passages a search answer cites (production only).

The model sees the question and the numbered passages and nothing else; every statement must cite passage
numbers in square brackets (``[2]``, ``[1, 3]``). The answer is validated: a non-empty text of at most
:data:`MAX_SYNTHESIS_CHARS` characters, at least one citation, and every cited number is a passage that was
sent. Passage ``n`` is the n-th passage of the answer (themes in order, passages in rank order within a
theme), i.e. ``answer.citations[n - 1]`` for a search answer.

A synthesis is an extra, never a condition for an answer: a transport error or an invalid answer yields
``None`` (logged with a truncated preview) and the passages stand alone. No repair round trip is made: the
question is interactive, and a second request would double the wait for something optional.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from include.gong_intel.ask.records import Passage
from include.gong_intel.enrich.records import preview

log = logging.getLogger(__name__)

TASK_SYNTHESIS = "passage_synthesis"
SYNTHESIS_VERSION = "2026-11-v1"
MAX_PASSAGES = 12
MAX_QUOTE_CHARS = 600
MAX_SYNTHESIS_CHARS = 1200
DEFAULT_TIMEOUT_S = 20.0

SYNTHESIS_SCHEMA: dict = {
    "type": "object",
    "required": ["synthesis"],
    "properties": {"synthesis": {"type": "string"}},
}

SYSTEM_PROMPT = (
    "You summarise what customers said on recorded sales calls for a revenue team. Use only the numbered "
    "passages you are given, never other knowledge. Answer with a single JSON object that follows the given "
    "JSON schema exactly: no markdown."
)

_CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_PASSAGE = re.compile(r'<passage n="(\d+)">(.*?)</passage>', re.DOTALL)


class SynthesisError(ValueError):
    """The model's synthesis does not meet the rules (empty, too long, uncited, or citing unknown passages)."""


@dataclass(frozen=True, slots=True)
class Synthesis:
    """A validated synthesis; ``cited`` holds the 1-based passage numbers in order of first citation."""

    text: str
    cited: tuple[int, ...]
    model: str


def _passage_block(number: int, passage: Passage) -> str:
    c = passage.citation
    fields = {
        "speaker": c.speaker,
        "company": c.company or passage.account,
        "call": c.title or c.call_id,
        "date": f"{c.call_datetime_utc:%Y-%m-%d}" if c.call_datetime_utc else None,
        "quote": " ".join((c.quote or "").split())[:MAX_QUOTE_CHARS],
    }
    # "<" escaped so a quote can never close the passage tag early.
    payload = json.dumps(fields).replace("<", "\\u003c")
    return f'<passage n="{number}">{payload}</passage>'


def synthesis_messages(question: str, passages: Sequence[Passage]) -> list[dict]:
    """Chat messages asking for a cited synthesis of ``passages`` (numbered from 1) for ``question``."""
    blocks = "\n".join(_passage_block(i, p) for i, p in enumerate(passages, start=1))
    user = (
        f"Task: {TASK_SYNTHESIS}\n"
        f"Question: {' '.join(question.split())}\n"
        "Write 2 to 4 sentences that answer the question from these passages only: the main points customers "
        "made, most common first. Cite every statement with the numbers of the passages it rests on, in "
        "square brackets such as [1] or [2, 3]; cite only numbers listed below. If the passages do not answer "
        f'the question, say so. At most {MAX_SYNTHESIS_CHARS} characters. Return {{"synthesis": "..."}}.\n'
        f"{blocks}"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def passages_from_prompt(prompt: str) -> list[tuple[int, dict[str, Any]]]:
    """Read back the numbered passages of a synthesis prompt (used by the local Cohere peer and in tests)."""
    return [(int(n), json.loads(raw)) for n, raw in _PASSAGE.findall(prompt)]


def cited_numbers(text: str) -> tuple[int, ...]:
    """Passage numbers cited in ``text``, in order of first citation."""
    numbers = (int(n) for group in _CITATION.findall(text) for n in group.split(","))
    return tuple(dict.fromkeys(numbers))


def validate_synthesis(text: str, n_passages: int) -> tuple[str, tuple[int, ...]]:
    """Parse a synthesis answer; returns (text, cited numbers) or raises :class:`SynthesisError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SynthesisError(f"answer is not valid JSON ({e.msg})") from e
    synthesis = data.get("synthesis") if isinstance(data, dict) else None
    if not isinstance(synthesis, str) or not synthesis.strip():
        raise SynthesisError("synthesis must be a non-empty string")
    synthesis = " ".join(synthesis.split())
    if len(synthesis) > MAX_SYNTHESIS_CHARS:
        raise SynthesisError(f"synthesis is {len(synthesis)} characters, over {MAX_SYNTHESIS_CHARS}")
    cited = cited_numbers(synthesis)
    if not cited:
        raise SynthesisError("synthesis cites no passage")
    unknown = [n for n in cited if not 1 <= n <= n_passages]
    if unknown:
        raise SynthesisError(f"synthesis cites passages {unknown} but only 1 to {n_passages} exist")
    return synthesis, cited


def synthesize(
    client: Any,
    model: str,
    question: str,
    passages: Sequence[Passage],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> Synthesis | None:
    """A cited synthesis of the first :data:`MAX_PASSAGES` passages, or ``None`` when none can be had.

    :param client: a ``cohere.ClientV2`` (its own retries should be off: one attempt, the answer waits).
    :param model: chat model name.
    :param question: the user's question as asked.
    :param passages: the answer's passages in display order; citation ``[n]`` refers to ``passages[n - 1]``.
    :param timeout_s: request timeout; a slow provider costs the synthesis, not the answer.
    """
    passages = list(passages)[:MAX_PASSAGES]
    if not passages:
        return None
    try:
        response = client.chat(
            model=model,
            messages=synthesis_messages(question, passages),
            response_format={"type": "json_object", "json_schema": SYNTHESIS_SCHEMA},
            temperature=0.0,
            request_options={"timeout": timeout_s, "max_retries": 0},
        )
        content = getattr(getattr(response, "message", None), "content", None) or []
        text = "".join(getattr(part, "text", "") or "" for part in content)
    except Exception as e:  # transport/SDK errors: the answer stands without a synthesis
        log.warning("Cohere synthesis unavailable (%s); answering without one", type(e).__name__)
        return None
    try:
        synthesis, cited = validate_synthesis(text, len(passages))
    except SynthesisError as e:
        log.warning("Cohere synthesis rejected (%s): %r", e, preview(text))
        return None
    return Synthesis(synthesis, cited, model)

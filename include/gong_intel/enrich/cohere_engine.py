"""Production enrichment engine on Cohere's v2 API (chat with JSON schema output, embed).

Reliability rules, treated like any unreliable API:
- The SDK's own retries are switched off (``max_retries=0`` per request) so attempts are counted in one place:
  429, 5xx, 408/409 and timeouts/connection errors are retried here with tenacity, at most
  ``settings.max_retries`` times after the first attempt; a 429's ``Retry-After`` (or ``retry-after-ms``) is
  honoured, capped at ``settings.max_retry_wait_s``; other waits back off exponentially. Then
  :class:`EnrichmentError` is raised ``from`` the SDK error. Other 4xx are not retried.
- Every chat answer is parsed and validated; an invalid one gets ONE repair request that quotes the
  validation error, then :class:`InvalidModelOutput` is raised for the caller to quarantine the call.
- Only truncated previews of model output are logged; the API key is never logged or put in an exception.

Request economy: one chat request per call. The call-level analysis and every segment's sentiment and
entities come back in the same structured answer: one sentiment number per transcript line in order, and
entities only for the lines that name something, by the line's ``#id`` in the prompt.
Only a transcript over the context budget (``settings.max_chunk_chars`` characters or
``settings.max_segments_per_request`` segments) is split into windows, one request each; every window after the
first carries the summary so far, so the last window's summary covers the whole call and no merge request
is needed. Embeddings: one request per ``embed_batch_size`` (<= 96) texts, asked for as ``base64`` (each
vector's little-endian float32 bytes): the SDK builds its response model value by value, which for 96 float
vectors of 1,024 dimensions costs ~96 ms of CPU per request, against ~1 ms to decode 96 base64 strings.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from include.gong_intel.enrich import prompts
from include.gong_intel.enrich.local_engine import (
    check_segments,
    check_texts,
    empty_analysis,
    normalise_topic,
)
from include.gong_intel.enrich.records import (
    MAX_SEGMENTS_PER_REQUEST,
    RISK_TYPES,
    SEVERITIES,
    CallAnalysis,
    CallContext,
    EngineUsage,
    EnrichmentError,
    EnrichSettings,
    Entities,
    InvalidModelOutput,
    Risk,
    Segment,
    SegmentResult,
    preview,
)

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


class OutputValidationError(ValueError):
    """A model answer that does not match the agreed shape; the message is quoted in the repair prompt."""


# ----------------------------------------------------------------------------------- validation


def _load_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise OutputValidationError(f"answer is not valid JSON ({e.msg} at position {e.pos})") from e
    if not isinstance(data, dict):
        raise OutputValidationError(f"answer must be a JSON object, got {type(data).__name__}")
    return data


def _sentiment(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise OutputValidationError(f"{where} must be a number, got {value!r}")
    if not -1.0 <= value <= 1.0:
        raise OutputValidationError(f"{where} must be between -1 and 1, got {value!r}")
    return float(value)


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OutputValidationError(f"{where} must be a list of strings")
    return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))


@dataclass(frozen=True, slots=True)
class WindowAnalysis:
    """A validated answer for one transcript window; ``segments[i]`` is line ``#i``'s (sentiment, entities)."""

    summary: str
    key_topics: tuple[str, ...]
    risks: tuple[Risk, ...]
    sentiment: float
    segments: tuple[tuple[float, Entities], ...]


def _risks(raw_risks: Any) -> tuple[Risk, ...]:
    if not isinstance(raw_risks, list):
        raise OutputValidationError("risks must be a list")
    risks: list[Risk] = []
    for i, item in enumerate(raw_risks):
        if not isinstance(item, dict):
            raise OutputValidationError(f"risks[{i}] must be an object")
        if item.get("type") not in RISK_TYPES:
            raise OutputValidationError(
                f"risks[{i}].type {item.get('type')!r} is not one of {list(RISK_TYPES)}"
            )
        if item.get("severity") not in SEVERITIES:
            raise OutputValidationError(
                f"risks[{i}].severity {item.get('severity')!r} is not low/medium/high"
            )
        quote = item.get("quote")
        if not isinstance(quote, str):
            raise OutputValidationError(f"risks[{i}].quote must be a string")
        start = item.get("start_ms")
        if start is not None and (isinstance(start, bool) or not isinstance(start, int) or start < 0):
            raise OutputValidationError(f"risks[{i}].start_ms must be a non-negative integer")
        speaker = item.get("speaker_name")
        risks.append(Risk(item["type"], item["severity"], quote.strip(), start, speaker or None))
    return tuple(risks)


def _segments(sentiments: Any, entity_items: Any, n_lines: int) -> tuple[tuple[float, Entities], ...]:
    """One sentiment per line ``0..n_lines-1`` in [-1, 1], in order; entities by line id, lines without any left out."""
    if not isinstance(sentiments, list):
        raise OutputValidationError("line_sentiments must be a list")
    if len(sentiments) != n_lines:
        raise OutputValidationError(
            f"line_sentiments has {len(sentiments)} numbers for {n_lines} transcript lines (one per line)"
        )
    scores = [_sentiment(value, f"line_sentiments[{i}]") for i, value in enumerate(sentiments)]
    if not isinstance(entity_items, list):
        raise OutputValidationError("line_entities must be a list")
    entities: dict[int, Entities] = {}
    for i, item in enumerate(entity_items):
        if not isinstance(item, dict):
            raise OutputValidationError(f"line_entities[{i}] must be an object")
        line_id = item.get("id")
        if isinstance(line_id, bool) or not isinstance(line_id, int) or not 0 <= line_id < n_lines:
            raise OutputValidationError(
                f"line_entities[{i}].id {line_id!r} is not a transcript line id (0 to {n_lines - 1})"
            )
        if line_id in entities:
            raise OutputValidationError(f"line_entities[{i}].id {line_id} appears twice")
        entities[line_id] = Entities(
            **{f: _str_list(item.get(f, []), f"line_entities[{i}].{f}") for f in prompts.ENTITY_FIELDS}
        )
    return tuple((scores[i], entities.get(i, Entities())) for i in range(n_lines))


def validate_call_analysis(text: str, n_lines: int) -> WindowAnalysis:
    """Parse and check a call-analysis answer for a window of ``n_lines`` transcript lines.

    Topics outside the label set are normalised onto it when possible and dropped otherwise (a topic is not
    worth a repair round trip); everything else that is off raises :class:`OutputValidationError`.
    """
    data = _load_json(text)
    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise OutputValidationError("summary must be a non-empty string")
    sentiment = _sentiment(data.get("sentiment"), "sentiment")
    topics: list[str] = []
    for raw in _str_list(data.get("key_topics", []), "key_topics"):
        label = normalise_topic(raw)
        if label and label not in topics:
            topics.append(label)
    return WindowAnalysis(
        summary=summary.strip(),
        key_topics=tuple(topics),
        risks=_risks(data.get("risks", [])),
        sentiment=sentiment,
        segments=_segments(data.get("line_sentiments"), data.get("line_entities", []), n_lines),
    )


# ----------------------------------------------------------------------------------- engine


def _retry_after_s(error: BaseException) -> float | None:
    headers = {k.lower(): v for k, v in (getattr(error, "headers", None) or {}).items()}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            value = float(headers[name]) * scale
        except (KeyError, TypeError, ValueError):
            continue
        if value >= 0:
            return value
    return None


def _is_retryable(error: BaseException) -> bool:
    import httpx
    from cohere.core.api_error import ApiError

    if isinstance(error, ApiError):
        return error.status_code in RETRYABLE_STATUS
    return isinstance(error, (httpx.TimeoutException, httpx.TransportError))


def _describe(error: BaseException) -> str:
    from cohere.core.api_error import ApiError

    if isinstance(error, ApiError):
        # Only the body, truncated: the SDK's str() adds response headers we do not want in task logs.
        return f"HTTP {error.status_code}: {preview(error.body)}"
    return f"{type(error).__name__}: {preview(str(error))}"


def _fit(line: str, max_chars: int) -> str:
    # A single line over the budget is cut: the model's context is the hard limit, and a monologue's
    # sentiment and entities are then read from its first part.
    return line if len(line) <= max_chars else line[: max_chars - 1] + "…"


def plan_windows(
    segments: Sequence[Segment], max_chars: int, max_segments: int = MAX_SEGMENTS_PER_REQUEST
) -> list[list[Segment]]:
    """Split a call's segments into the fewest consecutive windows within the context budget.

    A window holds at most ``max_segments`` segments whose rendered lines (``#id`` included) total at most
    ``max_chars`` characters; a call within both limits is one window, i.e. one chat request.
    """
    windows: list[list[Segment]] = []
    size = 0
    for segment in segments:
        index = len(windows[-1]) if windows else 0
        length = len(_fit(prompts.render_line(segment, index), max_chars)) + 1
        if windows and len(windows[-1]) < max_segments and size + length <= max_chars + 1:
            windows[-1].append(segment)
            size += length
        else:
            windows.append([segment])
            size = len(_fit(prompts.render_line(segment, 0), max_chars)) + 1
    return windows


class CohereEngine:
    """:class:`~include.gong_intel.enrich.engine.EnrichmentEngine` backed by a ``cohere.ClientV2``.

    :param client: a ``cohere.ClientV2`` (or anything with the same ``chat``/``embed`` methods).
    :param settings: models, dimensions, batch sizes, timeouts and retry bounds.
    :param sleep: injectable sleep for tenacity waits (tests pass a recorder).
    """

    name = "cohere"

    def __init__(
        self,
        client: Any,
        settings: EnrichSettings,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._client = client
        self.settings = settings
        self.model_version = f"{settings.chat_model}+prompt-{prompts.PROMPT_VERSION}"
        self.embedding_model = settings.embed_model
        self.embedding_dim = settings.embedding_dim
        self.usage = EngineUsage()
        self._sleep = sleep

    # ------------------------------------------------------------------ transport

    def _request(self, operation: str, method: Callable[..., Any], **kwargs: Any) -> Any:
        """Call an SDK method with bounded retries; every attempt is counted in ``usage.requests``."""
        import tenacity

        settings = self.settings

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            backoff = min(
                settings.retry_backoff_s * 2 ** (state.attempt_number - 1), settings.max_retry_wait_s
            )
            if error is not None and getattr(error, "status_code", None) == 429:
                retry_after = _retry_after_s(error)
                seconds = min(retry_after, settings.max_retry_wait_s) if retry_after is not None else backoff
                self.usage = self.usage.plus(rate_limited_s=seconds)
                return seconds
            return backoff * random.uniform(0.8, 1.2)  # jitter so parallel tasks do not retry in lockstep

        def before_sleep(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            self.usage = self.usage.plus(retries=1)
            log.warning(
                "Cohere %s attempt %d failed (%s); retrying in %.2fs",
                operation,
                state.attempt_number,
                _describe(error) if error else "?",
                state.next_action.sleep if state.next_action else 0.0,
            )

        sleep: dict[str, Any] = {"sleep": self._sleep} if self._sleep else {}
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(settings.max_retries + 1),
            wait=wait,
            retry=tenacity.retry_if_exception(_is_retryable),
            before_sleep=before_sleep,
            reraise=True,
            **sleep,
        )
        options = {"max_retries": 0, "timeout": settings.request_timeout_s}
        try:
            for attempt in retrying:
                with attempt:
                    self.usage = self.usage.plus(requests=1)
                    return method(**kwargs, request_options=options)
        except Exception as e:
            attempts = retrying.statistics.get("attempt_number", 1)
            raise EnrichmentError(
                f"Cohere {operation} failed after {attempts} attempt(s): {_describe(e)}"
            ) from e
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    def _count_tokens(self, usage: Any) -> None:
        if usage is None:
            return
        billed = getattr(usage, "billed_units", None)
        tokens = getattr(usage, "tokens", None)
        source = billed if billed is not None and billed.input_tokens is not None else tokens
        if source is None:
            return
        self.usage = self.usage.plus(
            input_tokens=int(source.input_tokens or 0),
            output_tokens=int(getattr(source, "output_tokens", 0) or 0),
        )

    def _chat_text(self, operation: str, messages: list[dict], schema: dict) -> str:
        response = self._request(
            operation,
            self._client.chat,
            model=self.settings.chat_model,
            messages=messages,
            response_format=prompts.response_format(schema),
            temperature=0.0,
        )
        self._count_tokens(getattr(response, "usage", None))
        content = getattr(getattr(response, "message", None), "content", None) or []
        text = "".join(getattr(part, "text", "") or "" for part in content)
        if getattr(response, "finish_reason", None) == "MAX_TOKENS":
            # A cut answer cannot be repaired by asking again: the same window would be cut again.
            raise InvalidModelOutput(
                f"{operation}: the answer was cut at {self.settings.chat_model}'s output limit; lower "
                "max_segments_per_request so each window's answer fits",
                text,
            )
        return text

    def _chat_validated(
        self, operation: str, messages: list[dict], schema: dict, validate: Callable[[str], Any]
    ):
        """Chat, validate, and on failure repair once with the validation error quoted."""
        text = self._chat_text(operation, messages, schema)
        try:
            return validate(text)
        except OutputValidationError as first:
            log.warning(
                "Cohere %s answer invalid (%s); asking for a repair: %r", operation, first, preview(text)
            )
            repair = [
                *messages,
                {"role": "assistant", "content": text or "(empty)"},
                prompts.repair_message(str(first)),
            ]
            text = self._chat_text(f"{operation} repair", repair, schema)
            try:
                return validate(text)
            except OutputValidationError as second:
                raise InvalidModelOutput(
                    f"{operation}: {second} (after one repair attempt)", text
                ) from second

    # ------------------------------------------------------------------ API

    def analyze_call(self, ctx: CallContext, segments: Sequence[Segment]) -> CallAnalysis:
        """Analyse one call: one chat request, or one per window for a call over the context budget.

        :raises InvalidModelOutput: an answer stayed invalid after one repair; quarantine the call.
        :raises EnrichmentError: the API kept failing after bounded retries.
        """
        ordered = [s for s in check_segments(ctx, segments) if s.text.strip()]
        if not ordered:
            return empty_analysis(ctx.call_id, self.name, self.model_version)
        settings = self.settings
        windows = plan_windows(ordered, settings.max_chunk_chars, settings.max_segments_per_request)
        if len(windows) > 1:
            log.info(
                "Call %s: %d segments over the context budget; analysing %d windows",
                ctx.call_id,
                len(ordered),
                len(windows),
            )
        summary: str | None = None
        parts: list[tuple[int, WindowAnalysis]] = []
        for number, window in enumerate(windows, start=1):
            lines = [_fit(prompts.render_line(s, i), settings.max_chunk_chars) for i, s in enumerate(window)]
            messages = prompts.call_analysis_messages(
                ctx,
                lines,
                number,
                len(windows),
                settings.competitors,
                settings.products,
                summary_so_far=summary,
                partners=settings.partners,
            )
            operation = "call analysis" if len(windows) == 1 else f"call analysis {number}/{len(windows)}"
            result: WindowAnalysis = self._chat_validated(
                operation,
                messages,
                prompts.CALL_ANALYSIS_SCHEMA,
                functools.partial(validate_call_analysis, n_lines=len(lines)),
            )
            summary = result.summary
            parts.append((sum(len(line) for line in lines), result))

        total = sum(size for size, _ in parts)
        sentiment = sum(size * part.sentiment for size, part in parts) / total  # length-weighted
        per_segment = [item for _, part in parts for item in part.segments]
        return CallAnalysis(
            call_id=ctx.call_id,
            summary=parts[-1][1].summary,  # the rolling summary: it covers every window
            key_topics=tuple(dict.fromkeys(t for _, part in parts for t in part.key_topics))[:6],
            risks=tuple(dict.fromkeys(r for _, part in parts for r in part.risks)),
            sentiment=max(-1.0, min(1.0, round(sentiment, 4))),
            segments=tuple(
                SegmentResult(segment.transcript_id, seg_sentiment, entities)
                for segment, (seg_sentiment, entities) in zip(ordered, per_segment, strict=True)
            ),
            engine=self.name,
            model_version=self.model_version,
        )

    def embed(
        self, texts: Sequence[str], input_type: Literal["search_document", "search_query"]
    ) -> np.ndarray:
        """Embed texts with ``embed_model`` in batches of at most ``embed_batch_size`` (<= 96).

        :return: float32 array (len(texts), embedding_dim), rows L2-normalised.
        """
        import numpy as np

        check_texts(texts, input_type)
        dim = self.settings.embedding_dim
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        parts = []
        step = self.settings.embed_batch_size
        for offset in range(0, len(texts), step):
            batch = list(texts[offset : offset + step])
            response = self._request(
                "embed",
                self._client.embed,
                model=self.settings.embed_model,
                texts=batch,
                input_type=input_type,
                embedding_types=["base64"],
                output_dimension=dim,
            )
            matrix = embedding_matrix(getattr(response, "embeddings", None), len(batch), dim)
            meta = getattr(response, "meta", None)
            self._count_tokens(meta)
            self.usage = self.usage.plus(embed_texts=len(batch))
            parts.append(matrix)
        matrix = np.vstack(parts)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def embedding_matrix(embeddings: Any, n_texts: int, dim: int) -> np.ndarray:
    """The float32 matrix of an embed response's ``embeddings`` (``base64``, else ``float``), checked.

    ``base64`` vectors are each text's float32 values, little-endian, base64-encoded; a response that only
    carries ``float`` (asked for by an older deployment or a proxy that rewrites the request) is read too.

    :param embeddings: the SDK's ``EmbedByTypeResponseEmbeddings`` (or ``None``).
    :param n_texts: texts sent; one vector each, in order.
    :param dim: the requested ``output_dimension``.
    :raises EnrichmentError: a missing, undecodable, wrong-shaped or non-finite answer.
    """
    import base64
    import binascii

    import numpy as np

    encoded = getattr(embeddings, "base64", None)
    if encoded is not None:
        try:
            raw = b"".join(base64.b64decode(item, validate=True) for item in encoded)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise EnrichmentError(f"Cohere embed returned invalid base64 vectors: {exc}") from None
        if len(encoded) != n_texts or len(raw) != n_texts * dim * 4:
            raise EnrichmentError(
                f"Cohere embed returned {len(encoded)} base64 vectors of {len(raw)} bytes in all "
                f"for {n_texts} texts of dimension {dim} (expected {n_texts * dim * 4} bytes)"
            )
        matrix = np.frombuffer(raw, dtype="<f4").reshape(n_texts, dim).astype(np.float32)
    else:
        # The SDK exposes the wire field "float" as `float_` (a Python keyword clash).
        vectors = getattr(embeddings, "float_", None)
        matrix = np.asarray(vectors if vectors is not None else [], dtype=np.float32)
        if matrix.shape != (n_texts, dim):
            raise EnrichmentError(
                f"Cohere embed returned shape {matrix.shape} for {n_texts} texts of dimension {dim}"
            )
    if not np.isfinite(matrix).all():
        raise EnrichmentError("Cohere embed returned non-finite values")
    return matrix

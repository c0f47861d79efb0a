"""A local stand-in for Cohere's v2 API (POST /v2/chat, /v2/embed, /v2/rerank) on 127.0.0.1.

It speaks Cohere's wire format to the unmodified ``cohere`` SDK and fakes the models deterministically:
- ``/v2/embed`` returns L2-normalised hashed n-gram vectors of the requested ``output_dimension``
  (256/512/1024/1536, as embed-v4.0 accepts), at most 96 texts per request.
- ``/v2/chat`` answers, with ``usage`` {billed_units, tokens}:
  the call-analysis prompt (``Task: call_analysis``) with the offline engine's analysis of the transcript
  window in the prompt, one ``line_sentiments`` number per ``#id`` line and ``line_entities`` for the lines
  that name something (a window after the first extends the
  ``<summary_so_far>``); the ask planner (recognised by its response_format schema) with the rule-based
  parser's plan of the question; the passage synthesis (``Task: passage_synthesis``) with one cited sentence
  per passage, most relevant first.
- ``/v2/rerank`` scores each document by cosine similarity of hashed n-gram vectors with the query (scores
  in [0, 1], ``top_n`` honoured, at most 1,000 documents), see :func:`rerank_scores`.
- ``GET /v1/models/{model}`` describes the models this peer serves (:data:`MODELS`: name, ``endpoints``,
  ``context_length``); any other name is a 404, as for a model the key cannot use.
- ``Authorization: Bearer <key>`` is required (401 otherwise).
- Faults can be queued for the next requests: 429 (+Retry-After), 5xx, invalid JSON content, out-of-range
  sentiment, a bad segment id, a verbatim chat answer (``content``), a delay (to provoke client timeouts).
  Every request is logged for assertions.

Run standalone: ``python -m local_stack.cohere_peer --port 8089 --api-key local-key``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import math
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date
from http.server import BaseHTTPRequestHandler
from typing import Any

from include.gong_intel.ask import planner as ask_planner
from include.gong_intel.ask import synthesis as ask_synthesis
from include.gong_intel.enrich import local_engine as le
from include.gong_intel.enrich import prompts
from include.gong_intel.enrich.embeddings import HashingEmbedder
from include.gong_intel.enrich.records import CallContext, EnrichSettings, Segment
from local_stack.loopback import LoopbackServer

EMBED_DIMENSIONS = (256, 512, 1024, 1536)
MAX_EMBED_TEXTS = 96
# The embedding types this peer answers (Cohere also serves int8, uint8, binary and ubinary).
EMBEDDING_TYPES = ("float", "base64")
MAX_RERANK_DOCUMENTS = 1000
ROUTES = ("/v2/chat", "/v2/embed", "/v2/rerank")
# What GET /v1/models/{name} answers: the models the pipeline and the Ask page use, as Cohere describes them.
MODELS: dict[str, dict[str, Any]] = {
    "command-a-03-2025": {"endpoints": ["generate", "chat", "summarize"], "context_length": 256000},
    "command-r-plus-08-2024": {"endpoints": ["generate", "chat", "summarize"], "context_length": 128000},
    "embed-v4.0": {"endpoints": ["embed"], "context_length": 128000},
    "embed-english-v3.0": {"endpoints": ["embed", "classify"], "context_length": 512},
    "rerank-v3.5": {"endpoints": ["rerank"], "context_length": 4096},
}
# Output tokens one chat answer may hold (Cohere's model pages: 8k for Command A, 4k for Command R+).
MAX_OUTPUT_TOKENS: dict[str, int] = {"command-a-03-2025": 8_000, "command-r-plus-08-2024": 4_000}
FAULT_KINDS = ("429", "500", "503", "invalid_json", "bad_sentiment", "bad_segment_id", "content", "delay")
# The planner fake reads relative dates ("last week") against this day unless the peer is given another.
DEFAULT_TODAY = date(2026, 11, 25)


@dataclass(frozen=True)
class Fault:
    """One injected fault, consumed by the next matching request.

    :param kind: one of ``FAULT_KINDS``.
    :param path: only requests to this path consume it (``None``: any path).
    :param retry_after_s: Retry-After for 429 (sent as ``retry-after-ms`` and rounded-up ``Retry-After``).
    :param delay_s: for ``delay``: sleep before answering normally.
    :param content: for ``content``: the chat answer's text, verbatim (e.g. an unsafe plan).
    """

    kind: str
    path: str | None = None
    retry_after_s: float = 0.0
    delay_s: float = 0.0
    content: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"Unknown fault {self.kind!r}; expected one of {FAULT_KINDS}")


@dataclass
class LoggedRequest:
    path: str
    body: dict[str, Any]
    status: int
    fault: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


def _segments_from_prompt(lines: list[prompts.ParsedLine]) -> list[Segment]:
    out = []
    for i, line in enumerate(lines):
        end = (
            lines[i + 1].start_ms
            if i + 1 < len(lines) and lines[i + 1].start_ms >= line.start_ms
            else line.start_ms
        )
        out.append(
            Segment(
                transcript_id=str(line.id if line.id is not None else i),
                call_id="peer",
                ordinal=i,
                speaker_id=None,
                speaker_name=line.speaker,
                affiliation=line.affiliation,
                company=line.company,
                topic=None,
                start_ms=line.start_ms,
                end_ms=max(end, line.start_ms),
                text=line.text,
            )
        )
    return out


def _window_analysis(prompt: str, lines: list[prompts.ParsedLine]) -> dict[str, Any]:
    segments = _segments_from_prompt(lines)
    engine = le.LocalEngine(
        EnrichSettings(
            embedding_backend="hashing",
            competitors=prompts.prompt_list(prompt, "Known competitors"),
            partners=prompts.prompt_list(prompt, "Customers' own systems"),
        )
    )
    analysis = engine.analyze_call(CallContext(call_id="peer", gong=prompts.gong_signals(prompt)), segments)
    summary = analysis.summary
    earlier = prompts.summary_so_far(prompt)
    if earlier:
        # A rolling summary: the earlier parts' opening line, then what this part adds.
        summary = "\n".join([earlier.split("\n")[0], *summary.split("\n")[1:]])
    return {
        "summary": summary,
        "key_topics": list(analysis.key_topics),
        "risks": [
            {
                "type": r.type,
                "severity": r.severity,
                "quote": r.quote,
                "start_ms": r.start_ms or 0,
                "speaker_name": r.speaker_name or "",
            }
            for r in analysis.risks
        ],  # fmt: skip
        "sentiment": analysis.sentiment,
    }


def _line_items(prompt: str, lines: list[prompts.ParsedLine]) -> dict[str, list[Any]]:
    """``line_sentiments`` (one per line, in order) and ``line_entities`` (only lines naming something)."""
    extractor = le.EntityExtractor(
        CallContext(call_id="peer"),
        prompts.prompt_list(prompt, "Known competitors"),
        prompts.prompt_list(prompt, "Our products"),
        prompts.prompt_list(prompt, "Customers' own systems"),
    )
    sentiments: list[float] = []
    entity_items: list[dict[str, Any]] = []
    for line in lines:
        sentiments.append(round(le.sentiment_score(line.text), 4))
        entities = extractor.extract(line.text)
        # Like the model is asked to: lines without entities, and empty entity lists, are left out.
        named = {
            name: list(getattr(entities, name)) for name in prompts.ENTITY_FIELDS if getattr(entities, name)
        }
        if named:
            entity_items.append({"id": line.id, **named})
    return {"line_sentiments": sentiments, "line_entities": entity_items}


def answer_call_analysis(prompt: str) -> dict[str, Any]:
    """Deterministic analysis of the transcript window in ``prompt``, shaped like CALL_ANALYSIS_SCHEMA."""
    lines = prompts.transcript_block(prompt)
    if not lines:
        return {"summary": "The transcript part was empty.", "key_topics": [], "risks": [], "sentiment": 0.0,
                "line_sentiments": [], "line_entities": []}  # fmt: skip
    return {**_window_analysis(prompt, lines), **_line_items(prompt, lines)}


def _is_plan_request(body: dict[str, Any]) -> bool:
    schema = (body.get("response_format") or {}).get("json_schema") or {}
    return {"intent", "time_window", "search_text"} <= set(schema.get("properties") or {})


def answer_plan(prompt: str, today: date = DEFAULT_TODAY) -> dict[str, Any]:
    """A plan shaped like the planner's PLAN_SCHEMA: the rule-based parser's reading of the question."""
    match = re.search(r"^Question: (.*)$", prompt, re.MULTILINE)
    question = match.group(1) if match else ""
    plan = ask_planner.parse_question(question, today=today)
    windows = ask_planner.PLAN_SCHEMA["properties"]["time_window"]["enum"]
    label = plan.time_range.label if plan.time_range else "none"
    return {
        "intent": plan.intent,
        "time_window": label if label in windows else "none",
        "sentiment": plan.sentiment or "none",
        "risk_types": list(plan.risk_types),
        "topic": plan.topic or "none",
        "reps": [],
        "accounts": [],
        "search_text": plan.text or question,
    }


def _is_typed_plan_request(body: dict[str, Any]) -> bool:
    schema = (body.get("response_format") or {}).get("json_schema") or {}
    return {"kind", "measure", "group_by", "time_expression"} <= set(schema.get("properties") or {})


def answer_typed_plan(prompt: str, today: date = DEFAULT_TODAY) -> dict[str, Any]:
    """A typed plan shaped like semantic.PLAN_JSON_SCHEMA: the rules' reading of the question, names as typed."""
    from include.gong_intel.ask.resolve import Catalog, parse_window
    from include.gong_intel.ask.rules import plan_question

    match = re.search(r"^Question: (.*)$", prompt, re.MULTILINE)
    question = match.group(1) if match else ""
    day = re.search(r"Today is (\d{4}-\d{2}-\d{2})", prompt)
    today = date.fromisoformat(day.group(1)) if day else today
    plan = plan_question(question, today=today, catalog=Catalog())
    window = parse_window(question, today)
    return {
        "kind": plan.kind,
        "measure": plan.measure,
        "group_by": plan.group_by,
        "sort": plan.sort,
        "top_n": plan.top_n,
        "risk_types": list(plan.filters.risk_type),
        "sentiment": plan.filters.sentiment,
        "time_expression": window.span if window else "",
        "search_text": question,
    }


def answer_synthesis(prompt: str) -> dict[str, Any]:
    """One sentence per passage (at most three, most relevant to the question first), each cited."""
    match = re.search(r"^Question: (.*)$", prompt, re.MULTILINE)
    question = match.group(1) if match else ""
    passages = ask_synthesis.passages_from_prompt(prompt)
    if not passages:
        return {"synthesis": "The passages do not answer the question."}
    scores = rerank_scores(question, [p["quote"] for _, p in passages])
    ranked = sorted(range(len(passages)), key=lambda i: (-scores[i], i))[:3]
    sentences = []
    for i in ranked:
        number, fields_ = passages[i]
        speaker = fields_.get("speaker") or "A customer"
        company = f" ({fields_['company']})" if fields_.get("company") else ""
        sentences.append(f'{speaker}{company} said: "{fields_["quote"][:160]}" [{number}].')
    return {"synthesis": " ".join(sentences)}


def answer_chat(body: dict[str, Any], fault: Fault | None = None) -> tuple[str, dict[str, Any]]:
    """The text content and usage the peer returns for a chat request body."""
    kind = fault.kind if fault else None
    messages = body.get("messages") or []
    user_prompts = [m.get("content") for m in messages if m.get("role") == "user"]
    # The first user message holds the task; later ones are repair requests.
    prompt = user_prompts[0] if user_prompts and isinstance(user_prompts[0], str) else ""
    task = prompts.prompt_task(prompt)
    if task == prompts.TASK_CALL_ANALYSIS:
        answer = answer_call_analysis(prompt)
        if kind == "bad_sentiment":
            answer["sentiment"] = 3.5
        if kind == "bad_segment_id" and answer["line_sentiments"]:
            # An entity item for one line past the last.
            answer["line_entities"].append({"id": len(answer["line_sentiments"]), "people": ["Nobody"]})
    elif task == ask_synthesis.TASK_SYNTHESIS:
        answer = answer_synthesis(prompt)
    elif _is_plan_request(body):
        answer = answer_plan(prompt)
    elif _is_typed_plan_request(body):
        answer = answer_typed_plan(prompt)
    else:
        answer = {"text": "I can only answer the enrichment and ask tasks."}
    text = json.dumps(answer)
    if kind == "invalid_json":
        text = "Sure! Here is the analysis you asked for: {" + text[1:40]
    if kind == "content" and fault is not None:
        text = fault.content
    input_text = "".join(str(m.get("content", "")) for m in messages)
    usage = {
        "billed_units": {"input_tokens": _tokens(input_text), "output_tokens": _tokens(text)},
        "tokens": {"input_tokens": _tokens(input_text) + 12, "output_tokens": _tokens(text)},
    }
    return text, usage


def rerank_scores(query: str, documents: list[str]) -> list[float]:
    """The peer's relevance of each document to ``query``: cosine of hashed n-gram vectors, clipped to [0, 1]."""
    vectors = HashingEmbedder(256).encode([query, *documents])
    return [round(max(0.0, min(1.0, float(vectors[0] @ v))), 6) for v in vectors[1:]]


class _InFlight:
    """Counts requests being answered; a context manager around each one."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()

    def __enter__(self) -> None:
        with self._idle:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._idle:
            self._count -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._count == 0, timeout=timeout_s)


class _Handler(BaseHTTPRequestHandler):
    peer: CoherePeer  # set by LoopbackServer.start

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up (timeout)
            self.wfile.write(data)

    def do_POST(self) -> None:
        with self.peer._busy:
            self._post()

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        safe_headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        if self.headers.get("Authorization") != f"Bearer {self.peer.api_key}":
            self.peer._log(LoggedRequest(path, {}, 401, headers=safe_headers))
            self._send(401, {"message": "invalid api token"})
            return
        name = path[len("/v1/models/") :] if path.startswith("/v1/models/") else None
        if name is None or "/" in name:
            self.peer._log(LoggedRequest(path, {}, 404, headers=safe_headers))
            self._send(404, {"message": f"route {path} not found"})
            return
        if name not in MODELS:
            self.peer._log(LoggedRequest(path, {}, 404, headers=safe_headers))
            message = (
                f"model '{name}' not found, make sure the correct model ID was used and that you have "
                "access to the model."
            )
            self._send(404, {"id": str(uuid.uuid4()), "message": message})
            return
        self.peer._log(LoggedRequest(path, {}, 200, headers=safe_headers))
        self._send(200, {"name": name, "finetuned": False, "default_endpoints": [], **MODELS[name]})

    def _post(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0]
        safe_headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self.peer._log(LoggedRequest(path, {}, 400, headers=safe_headers))
            self._send(400, {"message": "invalid request: body is not JSON"})
            return
        if self.headers.get("Authorization") != f"Bearer {self.peer.api_key}":
            self.peer._log(LoggedRequest(path, body, 401, headers=safe_headers))
            self._send(401, {"message": "invalid api token"})
            return
        if path not in ROUTES:
            self.peer._log(LoggedRequest(path, body, 404, headers=safe_headers))
            self._send(404, {"message": f"route {path} not found"})
            return

        fault = self.peer._take_fault(path)
        kind = fault.kind if fault else None
        if kind == "429":
            self.peer._log(LoggedRequest(path, body, 429, kind, safe_headers))
            self._send(
                429,
                {"message": "You are using a Trial key, which is limited to 10 API calls / minute."},
                {
                    "Retry-After": str(math.ceil(fault.retry_after_s)),
                    "retry-after-ms": str(int(fault.retry_after_s * 1000)),
                },
            )
            return
        if kind in ("500", "503"):
            self.peer._log(LoggedRequest(path, body, int(kind), kind, safe_headers))
            self._send(int(kind), {"message": "internal server error"})
            return
        if kind == "delay":
            time.sleep(fault.delay_s)

        try:
            if path == "/v2/embed":
                status, payload = _embed_response(body)
            elif path == "/v2/rerank":
                status, payload = _rerank_response(body)
            else:
                status, payload = _chat_response(body, fault)
        except Exception as e:  # a bug in the fake model answers like a provider outage, visibly
            status, payload = 500, {"message": f"peer error: {type(e).__name__}: {e}"}
        self.peer._log(LoggedRequest(path, body, status, kind, safe_headers))
        self._send(status, payload)


class CoherePeer(LoopbackServer):
    """The HTTP server; use as a context manager or call :meth:`start` / :meth:`stop`.

    :param api_key: the only bearer token accepted.
    :param port: 0 picks a free ephemeral port (see :attr:`base_url`, once started).
    :param log_bodies: keep each request's body in :attr:`requests` (tests read them); a long benchmark run
        keeps only path, status and headers, or the log holds every transcript and passage it was sent.
    """

    _handler = _Handler
    _owner_attr = "peer"
    _thread_name = "cohere-peer"

    def __init__(
        self,
        api_key: str = "local-cohere-key",
        host: str = "127.0.0.1",
        port: int = 0,
        log_bodies: bool = True,
    ) -> None:
        self.api_key = api_key
        self.log_bodies = log_bodies
        self.requests: list[LoggedRequest] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._busy = _InFlight()
        self._host, self._port = host, port
        self._server = None
        self._thread = None

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    def inject(self, *faults: Fault) -> None:
        """Queue faults; each is consumed by the next request that matches its path."""
        with self._lock:
            self._faults.extend(faults)

    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def requests_to(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def reset(self, *, settle_s: float = 30.0) -> None:
        """Forget requests and faults, after waiting (up to ``settle_s``) for requests still being answered:
        a request a client gave up on (a timeout test) is logged when its delayed answer is sent, and must
        not land in the next test's log."""
        self._busy.wait_idle(settle_s)
        with self._lock:
            self.requests.clear()
            self._faults.clear()

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.path in (None, path):
                    del self._faults[i]
                    return fault
        return None

    def _log(self, entry: LoggedRequest) -> None:
        if not self.log_bodies:
            entry = replace(entry, body={})
        with self._lock:
            self.requests.append(entry)


def _embed_response(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    texts = body.get("texts")
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        return 400, {"message": "invalid request: texts must be a non-empty list of strings"}
    if len(texts) > MAX_EMBED_TEXTS:
        return 400, {"message": f"invalid request: texts cannot be more than {MAX_EMBED_TEXTS} elements"}
    if body.get("input_type") not in ("search_document", "search_query", "classification", "clustering"):
        return 400, {"message": "invalid request: valid input_type must be provided with embed-v3+ models"}
    dimension = body.get("output_dimension", 1536)
    if dimension not in EMBED_DIMENSIONS:
        return 400, {"message": f"invalid request: output_dimension must be one of {list(EMBED_DIMENSIONS)}"}
    types = body.get("embedding_types") or ["float"]
    unknown = [t for t in types if t not in EMBEDDING_TYPES]
    if unknown:
        return 400, {
            "message": f"invalid request: embedding_types {unknown} not served; use {EMBEDDING_TYPES}"
        }
    matrix = HashingEmbedder(dimension).encode(texts).astype("<f4")
    embeddings: dict[str, Any] = {}
    if "float" in types:
        embeddings["float"] = matrix.round(6).tolist()
    if "base64" in types:
        # Each vector's float32 bytes, little-endian, base64-encoded (Cohere's ``base64`` embedding type).
        embeddings["base64"] = [base64.b64encode(row.tobytes()).decode("ascii") for row in matrix]
    return 200, {
        "id": str(uuid.uuid4()),
        "embeddings": embeddings,
        "texts": texts,
        "meta": {
            "api_version": {"version": "2"},
            "billed_units": {"input_tokens": sum(_tokens(t) for t in texts)},
        },
        "response_type": "embeddings_by_type",
    }


def _rerank_response(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    query, documents, top_n = body.get("query"), body.get("documents"), body.get("top_n")
    if not body.get("model"):
        return 400, {"message": "invalid request: model is required"}
    if not isinstance(query, str) or not query.strip():
        return 400, {"message": "invalid request: query must be a non-empty string"}
    if not isinstance(documents, list) or not documents or not all(isinstance(d, str) for d in documents):
        return 400, {"message": "invalid request: documents must be a non-empty list of strings"}
    if len(documents) > MAX_RERANK_DOCUMENTS:
        return 400, {"message": f"invalid request: at most {MAX_RERANK_DOCUMENTS} documents"}
    if top_n is not None and (isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1):
        return 400, {"message": "invalid request: top_n must be a positive integer"}
    scores = rerank_scores(query, documents)
    order = sorted(range(len(documents)), key=lambda i: (-scores[i], i))[: top_n or len(documents)]
    return 200, {
        "id": str(uuid.uuid4()),
        "results": [{"index": i, "relevance_score": scores[i]} for i in order],
        "meta": {"api_version": {"version": "2"}, "billed_units": {"search_units": 1}},
    }


def _chat_response(body: dict[str, Any], fault: Fault | None) -> tuple[int, dict[str, Any]]:
    if not body.get("model") or not isinstance(body.get("messages"), list):
        return 400, {"message": "invalid request: model and messages are required"}
    text, usage = answer_chat(body, fault)
    # Like the service, an answer stops at the model's output limit (or the request's max_tokens, if lower):
    # the text is cut there and finish_reason says so.
    limit = MAX_OUTPUT_TOKENS.get(str(body["model"]), 4_000)
    if isinstance(body.get("max_tokens"), int) and body["max_tokens"] > 0:
        limit = min(limit, body["max_tokens"])
    finish_reason = "COMPLETE"
    if usage["billed_units"]["output_tokens"] > limit:
        text, finish_reason = text[: limit * 4], "MAX_TOKENS"
        usage["billed_units"]["output_tokens"] = usage["tokens"]["output_tokens"] = limit
    return 200, {
        "id": str(uuid.uuid4()),
        "finish_reason": finish_reason,
        "message": {"role": "assistant", "content": [{"type": "text", "text": text}]},
        "usage": usage,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", default="local-cohere-key")
    args = parser.parse_args(argv)
    peer = CoherePeer(api_key=args.api_key, host=args.host, port=args.port).start()
    print(f"Cohere peer listening on {peer.base_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        peer.stop()


if __name__ == "__main__":
    main()

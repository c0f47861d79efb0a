"""A local Gong API v2 peer on 127.0.0.1 for development and tests.

It serves a tenant (any object with ``users``, ``calls`` and ``transcripts`` attributes, shaped like Gong's
``/v2/users`` items, ``/v2/calls/extensive`` items and transcript monologues keyed by call id) with Gong's wire
format: Basic or Bearer auth, 100-record pages with an opaque cursor, the "no results" 404, a token-bucket rate
limit answered with 429 + ``Retry-After``, private calls never served, and a call's content returned only as far as
``contentSelector`` asks for it, as Gong documents: ``context`` "None" (the default) / "Basic" (CRM objects
without fields) / "Extended", ``contextTiming`` defaulting to ["Now"], tracker occurrences only with
``trackerOccurrences``. ``GET /v2/users`` honours ``limit``, ``cursor`` and ``fromDateTime``.

Tests drive failure modes through a thread-safe fault queue (``inject`` and its shorthands) and read the
request log (``requests``)::

    with GongPeer(tenant, access_key="key", secret="secret") as peer:
        peer.rate_limit(retry_after=1)
        ... GET f"{peer.url}/v2/users" ...
        assert len(peer.requests) == 2

Long-running local runs: ``python -m local_stack.gong_peer --port 8701 --seed 7 --calls 300``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import logging
import secrets
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from local_stack.loopback import LoopbackServer

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_TRANSCRIPT_CALL_IDS = 100
NO_CALLS_ERROR = "No calls found corresponding to the provided filters"
NO_USERS_ERROR = "No users found corresponding to the provided filters"

# contentSelector.exposedFields.<group>.<flag> -> key of the call object in the response. Gong renames a
# few on the way out (personInteractionStats -> interactionStats).
_CONTENT_FIELDS = {
    "brief": "brief",
    "outline": "outline",
    "highlights": "highlights",
    "callOutcome": "callOutcome",
    "keyPoints": "keyPoints",
    "pointsOfInterest": "pointsOfInterest",
    "trackers": "trackers",
    "topics": "topics",
    "structure": "structure",
}
_INTERACTION_FIELDS = {
    "speakers": "speakers",
    "video": "video",
    "personInteractionStats": "interactionStats",
    "questions": "questions",
}
_COLLABORATION_FIELDS = {"publicComments": "publicComments"}

FAULT_KINDS = frozenset({"rate_limit", "status", "delay", "malformed", "repeat_cursor"})


class TenantLike(Protocol):
    """What the peer serves; ``local_stack.tenant.Tenant`` satisfies it."""

    users: list[dict]
    calls: list[dict]
    transcripts: Mapping[str, list[dict]]


@dataclass(frozen=True)
class SimpleTenant:
    """A hand-made tenant for tests: Gong-shaped users, extensive calls and transcripts."""

    users: list[dict] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)
    transcripts: Mapping[str, list[dict]] = field(default_factory=dict)


class PendingTranscripts:
    """A tenant whose transcripts of some calls Gong has not finished yet: the calls are served, their
    transcripts are not, until :meth:`release` (Gong finishing them later). Both peers serve it.

    :param tenant: the tenant to serve.
    :param pending: ids of the calls whose transcript is not available yet.
    """

    def __init__(self, tenant: TenantLike, pending: Iterable[str]) -> None:
        self._tenant = tenant
        self._pending = {str(i) for i in pending}
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        # Only public attributes are delegated (truth, accounts, ...): copy/pickle probe private ones first.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._tenant, name)

    @property
    def users(self) -> list[dict]:
        return self._tenant.users

    @property
    def calls(self) -> list[dict]:
        return self._tenant.calls

    @property
    def transcripts(self) -> Mapping[str, list[dict]]:
        with self._lock:
            pending = set(self._pending)
        return {k: v for k, v in self._tenant.transcripts.items() if k not in pending}

    @property
    def pending(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._pending)

    def release(self, *call_ids: str) -> None:
        """Make the transcripts of these calls (all pending ones when none given) available."""
        with self._lock:
            if call_ids:
                self._pending -= {str(i) for i in call_ids}
            else:
                self._pending.clear()


@dataclass
class Fault:
    """One queued failure, applied to the next ``times`` matching requests.

    :param kind: ``rate_limit`` (429 + Retry-After), ``status`` (any HTTP status, e.g. 503), ``delay``
        (sleep before answering normally), ``malformed`` (truncated JSON body with status 200) or
        ``repeat_cursor`` (a normal page whose cursor is the one the client just sent; only matches requests
        that carry a cursor).
    :param path: only requests to this path match (``None``: any path).
    """

    kind: str
    times: int = 1
    path: str | None = None
    status: int = 503
    retry_after: int = 1
    seconds: float = 0.0

    def matches(self, path: str, cursor: str | None) -> bool:
        if self.path is not None and self.path != path:
            return False
        return not (self.kind == "repeat_cursor" and cursor is None)


@dataclass(frozen=True)
class RequestLogEntry:
    """One request as the peer saw it (the Authorization header itself is never kept)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    auth_ok: bool
    status: int
    at: float


class _TokenBucket:
    """Gong's per-company limit: ``rate`` requests per second, bursting up to ``rate``."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Take one token; return 0 when granted, else the seconds until one is available."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate


class _ApiError(Exception):
    def __init__(self, status: int, errors: list[str], headers: dict[str, str] | None = None) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = errors
        self.headers = headers or {}


def _parse_dt(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise _ApiError(400, [f"{name} must be an ISO-8601 date-time string"])
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _ApiError(400, [f"{name} is not a valid ISO-8601 date-time: {value!r}"]) from None
    if parsed.tzinfo is None:
        raise _ApiError(400, [f"{name} must include a time zone offset"])
    return parsed


def _call_id(call: Mapping[str, Any]) -> str | None:
    """The call's ``metaData.id`` as Gong's string id, or None when the record has none."""
    call_id = (call.get("metaData") or {}).get("id")
    return None if call_id is None else str(call_id)


_CONTEXT_LEVELS = ("None", "Basic", "Extended")
_CONTEXT_TIMINGS = ("Now", "TimeOfCall")


def _flags(value: Any, name: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _ApiError(400, [f"{name} must be an object"])
    return value


def _without_occurrences(trackers: Any) -> Any:
    """Trackers as Gong returns them without ``trackerOccurrences``: counts and phrases, no timings."""
    if not isinstance(trackers, list):
        return trackers
    out = []
    for tracker in trackers:
        if not isinstance(tracker, Mapping):
            out.append(tracker)
            continue
        slim = {k: v for k, v in tracker.items() if k != "occurrences"}
        if isinstance(slim.get("phrases"), list):
            slim["phrases"] = [
                {k: v for k, v in p.items() if k != "occurrences"} if isinstance(p, Mapping) else p
                for p in slim["phrases"]
            ]
        out.append(slim)
    return out


def _select_context(call: Mapping[str, Any], selector: Mapping[str, Any]) -> list[dict] | None:
    """CRM context as Gong serves it for ``contentSelector.context`` and ``contextTiming``.

    ``context`` defaults to "None" (no context at all); "Basic" names the CRM objects without their fields;
    "Extended" adds the fields. ``contextTiming`` defaults to ["Now"]: objects as of the call (TimeOfCall)
    are served only when asked for.
    """
    level = selector.get("context", "None")
    if level not in _CONTEXT_LEVELS:
        raise _ApiError(400, [f"contentSelector.context must be one of {list(_CONTEXT_LEVELS)}"])
    timings = selector.get("contextTiming")
    if timings is None:
        timings = ["Now"]
    if not isinstance(timings, list) or not timings or any(t not in _CONTEXT_TIMINGS for t in timings):
        raise _ApiError(400, [f"contentSelector.contextTiming must be a list of {list(_CONTEXT_TIMINGS)}"])
    if level == "None" or not isinstance(call.get("context"), list):
        return None
    out = []
    for system in call["context"]:
        objects = [
            obj if level == "Extended" else {k: v for k, v in obj.items() if k != "fields"}
            for obj in system.get("objects") or []
            if isinstance(obj, Mapping) and obj.get("timing", "Now") in timings
        ]
        out.append({**{k: v for k, v in system.items() if k != "objects"}, "objects": objects})
    return out


def _select_fields(call: dict, selector: Any) -> dict:
    """Project a full call onto what ``contentSelector`` asked for, as Gong does: nothing more."""
    selector = _flags(selector, "contentSelector")
    exposed = _flags(selector.get("exposedFields"), "contentSelector.exposedFields")
    out: dict[str, Any] = {"metaData": call["metaData"]}
    if exposed.get("parties") is True and "parties" in call:
        out["parties"] = call["parties"]
    for group, mapping in (
        ("content", _CONTENT_FIELDS),
        ("interaction", _INTERACTION_FIELDS),
        ("collaboration", _COLLABORATION_FIELDS),
    ):
        wanted = _flags(exposed.get(group), f"contentSelector.exposedFields.{group}")
        source = call.get(group) or {}
        picked = {
            out_key: source[out_key]
            for flag, out_key in mapping.items()
            if wanted.get(flag) is True and out_key in source
        }
        # Gong returns tracker occurrences (timing and speaker) only with content.trackerOccurrences.
        if "trackers" in picked and wanted.get("trackerOccurrences") is not True:
            picked["trackers"] = _without_occurrences(picked["trackers"])
        if picked:
            out[group] = picked
    context = _select_context(call, selector)
    if context is not None:
        out["context"] = context
    if exposed.get("media") is True and "media" in call:
        out["media"] = call["media"]
    return out


class GongPeer(LoopbackServer):
    """An in-process Gong API v2 server bound to 127.0.0.1.

    :param tenant: the data to serve (``users``, ``calls``, ``transcripts``).
    :param access_key: Basic-auth user name accepted by the peer.
    :param secret: Basic-auth password accepted by the peer.
    :param bearer_token: an OAuth token accepted as ``Authorization: Bearer``.
    :param port: TCP port; 0 picks a free one (see ``url``).
    :param rate_limit: requests per second before 429s; ``None`` disables the limit.
    :param serve_private: also serve private calls, as Gong may for an API key with wide scope; clients
        must then filter them (the Airbyte source does).
    """

    @property
    def _handler(self) -> type[BaseHTTPRequestHandler]:  # defined below the peer
        return _GongHandler

    _owner_attr = "gong_peer"
    _thread_name = "gong-peer"

    def __init__(
        self,
        tenant: TenantLike,
        *,
        access_key: str = "local-access-key",
        secret: str = "local-access-secret",
        bearer_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: float | None = 3.0,
        serve_private: bool = False,
    ) -> None:
        self.tenant = tenant
        self.serve_private = serve_private
        self._basic = "Basic " + base64.b64encode(f"{access_key}:{secret}".encode()).decode()
        self._bearer = f"Bearer {bearer_token}" if bearer_token else None
        self._bucket = _TokenBucket(rate_limit) if rate_limit else None
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._log: list[RequestLogEntry] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    # -- fault injection and request log ---------------------------------------------------------------
    def inject(self, kind: str, *, times: int = 1, path: str | None = None, **options: Any) -> None:
        """Queue a fault for the next ``times`` requests (to ``path`` if given); see :class:`Fault`."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._faults.append(Fault(kind=kind, times=times, path=path, **options))

    def rate_limit(self, retry_after: int = 1, *, times: int = 1, path: str | None = None) -> None:
        self.inject("rate_limit", times=times, path=path, retry_after=retry_after)

    def fail(self, status: int = 503, *, times: int = 1, path: str | None = None) -> None:
        self.inject("status", times=times, path=path, status=status)

    def delay(self, seconds: float, *, times: int = 1, path: str | None = None) -> None:
        self.inject("delay", times=times, path=path, seconds=seconds)

    def malformed(self, *, times: int = 1, path: str | None = None) -> None:
        self.inject("malformed", times=times, path=path)

    def repeat_cursor(self, *, times: int = 1, path: str | None = None) -> None:
        self.inject("repeat_cursor", times=times, path=path)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def requests(self) -> list[RequestLogEntry]:
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def _take_fault(self, path: str, cursor: str | None) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(path, cursor):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _record(self, entry: RequestLogEntry) -> None:
        with self._lock:
            self._log.append(entry)

    def _auth_ok(self, header: str | None) -> bool:
        if not header:
            return False
        if secrets.compare_digest(header.encode(), self._basic.encode()):
            return True
        return self._bearer is not None and secrets.compare_digest(header.encode(), self._bearer.encode())

    def _rate_limit_wait(self) -> float:
        return self._bucket.take() if self._bucket else 0.0

    # -- endpoints -------------------------------------------------------------------------------------
    def _visible_calls(self) -> list[dict]:
        calls = [
            c for c in self.tenant.calls if self.serve_private or not c.get("metaData", {}).get("isPrivate")
        ]
        # A malformed record (no id, an integer id) is served as it is, like Gong serves what it holds, so a
        # client's handling of it can be exercised; the tie-break compares ids as text for that reason.
        return sorted(
            calls, key=lambda c: (_parse_dt(c["metaData"]["started"], "started"), _call_id(c) or "")
        )

    def _filter_calls(self, flt: Mapping[str, Any]) -> list[dict]:
        calls = self._visible_calls()
        if flt.get("fromDateTime") is not None:
            start = _parse_dt(flt.get("fromDateTime"), "fromDateTime")
            calls = [c for c in calls if _parse_dt(c["metaData"]["started"], "started") >= start]
        if flt.get("toDateTime") is not None:
            end = _parse_dt(flt.get("toDateTime"), "toDateTime")
            calls = [c for c in calls if _parse_dt(c["metaData"]["started"], "started") < end]
        call_ids = flt.get("callIds")
        if call_ids is not None:
            if not isinstance(call_ids, list):
                raise _ApiError(400, ["filter.callIds must be a list of call ids"])
            wanted = {str(i) for i in call_ids}
            calls = [c for c in calls if _call_id(c) in wanted]
        return calls

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[str, dict]:
        """Answer one authenticated, un-faulted request: returns (items key, response body)."""
        if method == "GET" and path == "/v2/users":
            return "users", self._users(query)
        if method == "GET" and path == "/v2/calls":
            flt = {"fromDateTime": (query.get("fromDateTime") or [None])[0]}
            flt["toDateTime"] = (query.get("toDateTime") or [None])[0]
            calls = [c["metaData"] for c in self._filter_calls(flt)]
            return "calls", self._page("calls", calls, (query.get("cursor") or [None])[0], json.dumps(flt))
        if not isinstance(body, dict):
            raise _ApiError(400, ["Request body must be a JSON object"])
        flt = body.get("filter") or {}
        if not isinstance(flt, dict):
            raise _ApiError(400, ["filter must be an object"])
        fingerprint = json.dumps(flt, sort_keys=True)
        if method == "POST" and path == "/v2/calls/extensive":
            selector = body.get("contentSelector") or {}
            calls = [_select_fields(c, selector) for c in self._filter_calls(flt)]
            return "calls", self._page("calls", calls, body.get("cursor"), fingerprint)
        if method == "POST" and path == "/v2/calls/transcript":
            call_ids = flt.get("callIds")
            if isinstance(call_ids, list) and len(call_ids) > MAX_TRANSCRIPT_CALL_IDS:
                raise _ApiError(400, [f"filter.callIds accepts at most {MAX_TRANSCRIPT_CALL_IDS} ids"])
            transcripts = self.tenant.transcripts
            # A call without an id has no transcript anyone could ask for.
            ids = [_call_id(c) for c in self._filter_calls(flt)]
            items = [
                {"callId": i, "transcript": transcripts[i]} for i in ids if i is not None and i in transcripts
            ]
            return "callTranscripts", self._page("callTranscripts", items, body.get("cursor"), fingerprint)
        raise _ApiError(404, [f"No such endpoint: {method} {path}"])

    def _users(self, query: dict[str, list[str]]) -> dict:
        """``GET /v2/users``: ``limit`` (page size, 1..100), ``cursor``, and ``fromDateTime`` (users created
        at or after it)."""
        raw_limit = (query.get("limit") or [None])[0]
        limit = PAGE_SIZE
        if raw_limit is not None:
            if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= PAGE_SIZE:
                raise _ApiError(400, [f"limit must be an integer between 1 and {PAGE_SIZE}"])
            limit = int(raw_limit)
        users = list(self.tenant.users)
        since = (query.get("fromDateTime") or [None])[0]
        if since is not None:
            start = _parse_dt(since, "fromDateTime")
            users = [u for u in users if u.get("created") and _parse_dt(u["created"], "created") >= start]
        fingerprint = json.dumps({"fromDateTime": since, "limit": limit})
        return self._page("users", users, (query.get("cursor") or [None])[0], fingerprint, size=limit)

    def _page(
        self, key: str, items: list[dict], cursor: str | None, fingerprint: str, *, size: int = PAGE_SIZE
    ) -> dict:
        offset = _decode_cursor(cursor, fingerprint) if cursor else 0
        if not items:
            raise _ApiError(404, [NO_USERS_ERROR if key == "users" else NO_CALLS_ERROR])
        page = items[offset : offset + size]
        records: dict[str, Any] = {
            "totalRecords": len(items),
            "currentPageSize": len(page),
            "currentPageNumber": offset // size,
        }
        if offset + size < len(items):
            records["cursor"] = _encode_cursor(offset + size, fingerprint)
        return {"requestId": _request_id(), "records": records, key: page}


def _request_id() -> str:
    return uuid.uuid4().hex[:20]


def _encode_cursor(offset: int, fingerprint: str) -> str:
    # Opaque like Gong's: the offset plus a digest of the filter, so a cursor cannot be replayed on a
    # different query.
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "f": digest}).encode()).decode()


def _decode_cursor(cursor: str, fingerprint: str) -> int:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        offset, digest = int(decoded["o"]), decoded["f"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise _ApiError(400, ["Invalid cursor"]) from None
    if digest != hashlib.sha256(fingerprint.encode()).hexdigest()[:12] or offset < 0:
        raise _ApiError(400, ["Cursor does not belong to this request's filter"])
    return offset


class _GongHandler(BaseHTTPRequestHandler):
    gong_peer: GongPeer
    protocol_version = "HTTP/1.1"
    server_version = "GongLocalPeer/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("gong peer: " + format, *args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _send_json(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode(), headers)

    def _send_raw(self, status: int, data: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _dispatch(self, method: str) -> None:
        peer = self.gong_peer
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        query = parse_qs(parts.query)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body: Any = None
        body_error = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body_error = "Request body is not valid JSON"
        auth_ok = peer._auth_ok(self.headers.get("Authorization"))
        cursor = body.get("cursor") if isinstance(body, dict) else (query.get("cursor") or [None])[0]

        status, payload, headers, raw_out = self._answer(
            method, path, query, body, body_error, auth_ok, cursor
        )
        peer._record(RequestLogEntry(method, path, query, body, auth_ok, status, time.time()))
        if raw_out is not None:
            self._send_raw(status, raw_out, headers)
        else:
            self._send_json(status, payload, headers)

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Any,
        body_error: str | None,
        auth_ok: bool,
        cursor: str | None,
    ) -> tuple[int, Any, dict[str, str], bytes | None]:
        peer = self.gong_peer
        if not auth_ok:
            return 401, {"requestId": _request_id(), "errors": ["Unauthorized request"]}, {}, None
        wait = peer._rate_limit_wait()
        if wait > 0:
            retry_after = str(max(1, int(wait + 0.999)))
            body_429 = {"requestId": _request_id(), "errors": ["Too many requests"]}
            return 429, body_429, {"Retry-After": retry_after}, None
        fault = peer._take_fault(path, cursor)
        if fault is not None:
            if fault.kind == "rate_limit":
                body_429 = {"requestId": _request_id(), "errors": ["Too many requests"]}
                return 429, body_429, {"Retry-After": str(fault.retry_after)}, None
            if fault.kind == "status":
                errors = [f"Injected failure with status {fault.status}"]
                return fault.status, {"requestId": _request_id(), "errors": errors}, {}, None
            if fault.kind == "delay":
                time.sleep(fault.seconds)
        if body_error:
            return 400, {"requestId": _request_id(), "errors": [body_error]}, {}, None
        try:
            key, payload = peer.handle(method, path, query, body)
        except _ApiError as e:
            return e.status, {"requestId": _request_id(), "errors": e.errors}, e.headers, None
        if fault is not None and fault.kind == "repeat_cursor":
            payload["records"]["cursor"] = cursor
        if fault is not None and fault.kind == "malformed":
            encoded = json.dumps(payload).encode()
            return 200, None, {}, encoded[: max(1, len(encoded) // 2)]
        return 200, payload, {}, None


def main(argv: list[str] | None = None) -> None:
    """Serve a generated tenant until interrupted."""
    parser = argparse.ArgumentParser(description="Local Gong API v2 peer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--access-key", default="local-access-key")
    parser.add_argument("--secret", default="local-access-secret")
    parser.add_argument("--bearer-token", default=None)
    parser.add_argument("--rate-limit", type=float, default=3.0, help="requests/second; 0 disables")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    from local_stack.tenant import generate_tenant

    tenant = generate_tenant(seed=args.seed, n_calls=args.calls, days=args.days)
    peer = GongPeer(
        tenant,
        access_key=args.access_key,
        secret=args.secret,
        bearer_token=args.bearer_token,
        host=args.host,
        port=args.port,
        rate_limit=args.rate_limit or None,
    ).start()
    log.info("Gong peer serving %d calls and %d users on %s", len(tenant.calls), len(tenant.users), peer.url)
    # SIGTERM (process managers, `kill PID`) unwinds through `finally` like Ctrl-C, closing the socket.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        peer.stop()


if __name__ == "__main__":
    main()

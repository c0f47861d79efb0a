"""A local Pulumi ESC peer on 127.0.0.1: the part of the ESC HTTP API that ``pulumi-esc-sdk`` uses to read.

The SDK's ``EscClient`` takes the configured host, replaces its path with ``/api/esc`` and sends
``Authorization: token <access token>`` on every call. Reading an environment is two calls:

* ``POST /api/esc/environments/{org}/{project}/{env}/open[?duration=1h]`` -> ``200 {"id": "<session>"}``
* ``GET /api/esc/environments/{org}/{project}/{env}/open/{session}`` -> ``200 {"properties": {...}}`` where
  each property is a ``Value`` object ``{"value": ..., "secret": bool, "trace": {...}}`` and objects nest
  ``Value`` objects.

Errors answer as the Pulumi Cloud API does, with an ``Error`` body ``{"code": N, "message": "..."}``: a
missing, unknown or expired token is ``401``; an unknown organisation, project, environment or open session
is ``404`` (the API does not say which part is unknown); a malformed ``duration`` is ``400``. Nothing else is
served: any other path or method is ``404``.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from local_stack.loopback import LoopbackServer

UNAUTHORIZED = "Unauthorized: No credentials provided or are invalid."
_OPEN = re.compile(r"^/api/esc/environments/([^/]+)/([^/]+)/([^/]+)/open$")
_READ = re.compile(r"^/api/esc/environments/([^/]+)/([^/]+)/([^/]+)/open/([^/]+)$")
_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h))+$")
_UNIT_S = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
DEFAULT_OPEN_DURATION_S = 3600.0


def parse_duration(text: str) -> float:
    """A Go duration string (``"300ms"``, ``"1.5h"``, ``"2h45m"``) in seconds, as the API parses ``duration``."""
    if not _DURATION.match(text):
        raise ValueError(text)
    return sum(float(n) * _UNIT_S[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", text))


@dataclass
class LoggedRequest:
    method: str
    path: str
    status: int


def _value(raw: Any, env_ref: str, secret_keys: frozenset[str], key: str | None = None) -> dict[str, Any]:
    """One ESC ``Value``: objects and lists nest ``Value`` objects; ``secret`` marks ``fn::secret`` values."""
    if isinstance(raw, dict):
        inner: Any = {k: _value(v, env_ref, secret_keys, k) for k, v in raw.items()}
    elif isinstance(raw, list):
        inner = [_value(v, env_ref, secret_keys) for v in raw]
    else:
        inner = raw
    pos = {"line": 1, "column": 1, "byte": 0}
    out: dict[str, Any] = {
        "value": inner,
        "trace": {"def": {"environment": env_ref, "begin": pos, "end": pos}},
    }
    if key is not None and key in secret_keys:
        out["secret"] = True
    return out


class _Handler(BaseHTTPRequestHandler):
    peer: EscPeer  # set by LoopbackServer.start

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)
        with self.peer._lock:
            self.peer.requests.append(LoggedRequest(self.command, urlsplit(self.path).path, status))

    def _error(self, status: int, message: str) -> None:
        self._send(status, {"code": status, "message": message})

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme != "token" or not self.peer._token_valid(token.strip()):
            self._error(401, UNAUTHORIZED)
            return False
        return True

    def _drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)

    def do_POST(self) -> None:
        self._drain()
        url = urlsplit(self.path)
        match = _OPEN.match(url.path)
        if not match:
            self._error(404, "Not Found")
            return
        if not self._authorized():
            return
        ref = "/".join(unquote(p) for p in match.groups())
        if ref not in self.peer.environments:
            self._error(404, f"Environment '{ref}' not found")
            return
        duration = parse_qs(url.query).get("duration", [None])[0]
        try:
            ttl = parse_duration(duration) if duration else DEFAULT_OPEN_DURATION_S
        except ValueError:
            self._error(400, f"Bad Request: invalid duration {duration!r}")
            return
        self._send(200, {"id": self.peer._open(ref, ttl)})

    def do_GET(self) -> None:
        match = _READ.match(urlsplit(self.path).path)
        if not match:
            self._error(404, "Not Found")
            return
        if not self._authorized():
            return
        *parts, session = (unquote(p) for p in match.groups())
        ref = "/".join(parts)
        if ref not in self.peer.environments:
            self._error(404, f"Environment '{ref}' not found")
            return
        if not self.peer._session_valid(ref, session):
            self._error(404, f"Open session '{session}' not found")
            return
        env_ref = "/".join(parts[1:])
        secret_keys = self.peer.secret_keys.get(ref, frozenset())
        props = {k: _value(v, env_ref, secret_keys, k) for k, v in self.peer.environments[ref].items()}
        self._send(200, {"properties": props})

    def do_PUT(self) -> None:
        self._drain()
        self._error(404, "Not Found")

    do_PATCH = do_DELETE = do_PUT


class EscPeer(LoopbackServer):
    """The ESC API peer; use as a context manager or call :meth:`start` / :meth:`stop`.

    :param environments: ``"org/project/env"`` -> the environment's ``values`` (as opened: plain values).
    :param tokens: access tokens accepted, each with its lifetime in seconds (``None``: never expires).
    :param secret_keys: per environment, the top-level keys defined with ``fn::secret``.
    """

    _handler = _Handler
    _owner_attr = "peer"
    _thread_name = "esc-peer"

    def __init__(
        self,
        environments: dict[str, dict[str, Any]],
        tokens: dict[str, float | None] | None = None,
        secret_keys: dict[str, set[str]] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.environments = environments
        self.secret_keys = {k: frozenset(v) for k, v in (secret_keys or {}).items()}
        self.requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._tokens: dict[str, float | None] = {}
        self._sessions: dict[str, tuple[str, float]] = {}
        self._expire_after: dict[str, tuple[int, Callable[[], None] | None]] = {}
        for token, ttl in (tokens or {}).items():
            self.add_token(token, ttl)
        self._host, self._port = host, port
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        """What to give the SDK as its host (``PULUMI_BACKEND_URL``)."""
        return f"http://{self._host}:{self.port}"

    def add_token(self, token: str, ttl_s: float | None = None) -> None:
        with self._lock:
            self._tokens[token] = None if ttl_s is None else time.monotonic() + ttl_s

    def expire_token(self, token: str) -> None:
        """The token expires now; later calls with it answer 401."""
        with self._lock:
            self._tokens[token] = time.monotonic() - 1

    def expire_token_after(self, token: str, requests: int, then: Callable[[], None] | None = None) -> None:
        """The token expires once ``requests`` more calls have been authorised with it (e.g. 1: the next open
        succeeds and the read after it answers 401); ``then`` runs at that moment (e.g. rotating a token file)."""
        with self._lock:
            self._expire_after[token] = (requests, then)

    def expire_sessions(self) -> None:
        """Every open session ends now (as when its ``duration`` runs out)."""
        with self._lock:
            self._sessions.clear()

    def count(self, method: str, suffix: str = "") -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.method == method and r.path.endswith(suffix))

    def _token_valid(self, token: str) -> bool:
        then = None
        with self._lock:
            if token not in self._tokens:
                return False
            expiry = self._tokens[token]
            valid = expiry is None or time.monotonic() < expiry
            if valid and token in self._expire_after:
                left, hook = self._expire_after[token]
                if left <= 1:
                    del self._expire_after[token]
                    self._tokens[token] = time.monotonic() - 1
                    then = hook
                else:
                    self._expire_after[token] = (left - 1, hook)
        if then is not None:
            then()
        return valid

    def _open(self, ref: str, ttl_s: float) -> str:
        session = secrets.token_hex(16)
        with self._lock:
            self._sessions[session] = (ref, time.monotonic() + ttl_s)
        return session

    def _session_valid(self, ref: str, session: str) -> bool:
        with self._lock:
            entry = self._sessions.get(session)
            return entry is not None and entry[0] == ref and time.monotonic() < entry[1]

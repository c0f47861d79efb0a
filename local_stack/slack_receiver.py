"""A local Slack Incoming Webhook receiver on 127.0.0.1 for development and tests.

It accepts ``POST /services/T.../B.../...`` (and any other path) with Slack's webhook JSON
(``{"text", "blocks", ...}``), answers ``200 ok`` like Slack, and records each message: in memory
(thread-safe) and, optionally, appended to a JSONL file so that messages sent by other processes
(a scheduler, ``airflow dags test``) can be read afterwards.

Failure modes for tests: ``fail_next(status=500)`` answers with an error status, ``drop_next()`` closes the
connection without answering, ``delay_next(seconds)`` stalls the answer (for client timeouts)::

    with SlackReceiver() as slack:
        # connection: {"conn_type": "slackwebhook", "host": slack.url, "password": "T/B/X"}
        ...
        assert slack.messages[0].payload["blocks"][0]["type"] == "header"

CLI: ``python -m local_stack.slack_receiver --port 8704 --record .local/slack.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from local_stack.loopback import LoopbackServer

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True)
class ReceivedMessage:
    """One webhook POST as received."""

    path: str
    payload: dict[str, Any]
    received_at: str

    @property
    def text(self) -> str:
        return str(self.payload.get("text", ""))

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.payload.get("blocks") or [])

    def block_text(self) -> str:
        """All visible text of the blocks, concatenated: handy for assertions."""
        return "\n".join(_walk_text(self.blocks))


def _walk_text(node: Any) -> list[str]:
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            if key in ("text", "url") and isinstance(value, str):
                out.append(value)
            else:
                out.extend(_walk_text(value))
        return out
    if isinstance(node, list):
        return [t for item in node for t in _walk_text(item)]
    return []


@dataclass(frozen=True)
class _Fault:
    kind: str  # "status" | "drop" | "delay"
    status: int = 500
    seconds: float = 0.0


class SlackReceiver(LoopbackServer):
    """In-process webhook receiver.

    :param host: bind address (loopback only by default).
    :param port: TCP port; 0 picks a free one.
    :param record_path: optional JSONL file each accepted message is appended to.
    """

    @property
    def _handler(self) -> type[BaseHTTPRequestHandler]:  # defined below the peer
        return _SlackHandler

    _owner_attr = "owner"
    _thread_name = "slack-receiver"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, record_path: str | Path | None = None) -> None:
        self._host = host
        self._port = port
        self._record_path = Path(record_path) if record_path else None
        self._lock = threading.Lock()
        self._messages: list[ReceivedMessage] = []
        self._faults: deque[_Fault] = deque()
        self._attempts = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        """Base URL to use as the Slack connection's host."""
        return f"http://{self._host}:{self.port}"

    # ---------------------------------------------------------------- test controls

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self._messages)

    @property
    def attempts(self) -> int:
        """POSTs received, including those answered with a fault."""
        with self._lock:
            return self._attempts

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
            self._faults.clear()
            self._attempts = 0

    def fail_next(self, status: int = 500, *, times: int = 1) -> None:
        """Answer the next ``times`` POSTs with ``status`` (not recorded)."""
        self._push(_Fault("status", status=status), times)

    def drop_next(self, *, times: int = 1) -> None:
        """Close the connection without an answer on the next ``times`` POSTs."""
        self._push(_Fault("drop"), times)

    def delay_next(self, seconds: float, *, times: int = 1) -> None:
        """Wait ``seconds`` before answering the next ``times`` POSTs (the message is still recorded)."""
        self._push(_Fault("delay", seconds=seconds), times)

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Block until at least ``count`` messages arrived; raise TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages
            if len(messages) >= count:
                return messages
            time.sleep(0.02)
        raise TimeoutError(f"expected {count} Slack message(s), got {len(self.messages)}")

    def _push(self, fault: _Fault, times: int) -> None:
        with self._lock:
            self._faults.extend([fault] * times)

    # ---------------------------------------------------------------- request handling

    def _begin(self) -> _Fault | None:
        with self._lock:
            self._attempts += 1
            return self._faults.popleft() if self._faults else None

    def _accept(self, path: str, payload: dict[str, Any]) -> None:
        message = ReceivedMessage(path=path, payload=payload, received_at=datetime.now(UTC).isoformat())
        with self._lock:
            self._messages.append(message)
            if self._record_path is not None:
                self._record_path.parent.mkdir(parents=True, exist_ok=True)
                with self._record_path.open("a", encoding="utf-8") as f:
                    f.write(json.dumps({"path": path, "received_at": message.received_at, **payload}) + "\n")


class _SlackHandler(BaseHTTPRequestHandler):
    owner: SlackReceiver
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("slack receiver: " + format, *args)

    def _answer(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._answer(413, "request_too_large")
            return
        raw = self.rfile.read(length) if length else b""
        fault = self.owner._begin()
        if fault is not None and fault.kind == "drop":
            self.close_connection = True
            self.connection.close()
            return
        if fault is not None and fault.kind == "status":
            self._answer(fault.status, "internal_error" if fault.status >= 500 else "invalid_payload")
            return
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        # Slack's answers for malformed webhook bodies.
        try:
            payload = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._answer(400, "invalid_payload")
            return
        if not isinstance(payload, dict) or not (payload.get("text") or payload.get("blocks")):
            self._answer(400, "no_text")
            return
        self.owner._accept(self.path, payload)
        self._answer(200, "ok")

    def do_GET(self) -> None:
        # Not a Slack endpoint; handy to check the receiver is up.
        self._answer(200, f"slack receiver: {len(self.owner.messages)} message(s)")


def read_recorded(path: str | Path) -> list[dict[str, Any]]:
    """Messages appended to a JSONL record file (``[]`` when the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Slack Incoming Webhook receiver")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8704)
    parser.add_argument("--record", default=None, help="append received messages to this JSONL file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    receiver = SlackReceiver(args.host, args.port, record_path=args.record).start()
    print(f"Slack receiver listening on {receiver.url} (webhook path e.g. /services/T/B/X)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        receiver.stop()


if __name__ == "__main__":
    main()

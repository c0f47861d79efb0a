"""The peers' shared server: a bug in a handler answers 500 instead of dropping the connection."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import requests

from local_stack.loopback import LoopbackServer


class _Handler(BaseHTTPRequestHandler):
    owner: _Peer

    def do_GET(self) -> None:
        if self.path == "/boom":
            raise KeyError("missing field")
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Peer(LoopbackServer):
    _handler = _Handler

    def __init__(self) -> None:
        self._host, self._port = "127.0.0.1", 0
        self._server = None
        self._thread = None


def test_a_failing_handler_answers_500_and_the_server_keeps_serving():
    with _Peer() as peer:
        base = f"http://127.0.0.1:{peer.port}"
        failed = requests.get(f"{base}/boom", timeout=5)
        assert failed.status_code == 500
        healthy = requests.get(f"{base}/fine", timeout=5)
        assert (healthy.status_code, healthy.text) == (200, "ok")

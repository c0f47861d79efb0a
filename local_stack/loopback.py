"""The lifecycle every HTTP peer shares: a ThreadingHTTPServer on 127.0.0.1 in a daemon thread."""

from __future__ import annotations

import contextlib
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Self

log = logging.getLogger(__name__)


class _AnswersErrors(BaseHTTPRequestHandler):
    """A peer bug answers 500 (as a real API would) instead of dropping the connection.

    A dropped connection reads as a network fault to the client under test and triggers its retries, which
    would hide the bug in the peer behind retry behaviour the test did not ask for.
    """

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            raise
        except Exception:
            log.exception("%s failed on %s %s", type(self).__name__, self.command, self.path)
            with contextlib.suppress(Exception):
                self.send_error(500, "peer error")
            self.close_connection = True


class LoopbackServer:
    """Mixin for the peers. Subclasses set ``_handler`` (their request handler), ``_owner_attr`` (the handler
    attribute that points back at the peer) and ``_thread_name``, and assign ``_host``, ``_port``,
    ``_server = None`` and ``_thread = None`` in ``__init__``."""

    _handler: type[BaseHTTPRequestHandler]
    _owner_attr: ClassVar[str] = "owner"
    _thread_name: ClassVar[str] = "peer"
    _host: str
    _port: int
    _server: ThreadingHTTPServer | None
    _thread: threading.Thread | None

    def start(self) -> Self:
        handler = type(
            f"{type(self).__name__}Handler", (_AnswersErrors, self._handler), {self._owner_attr: self}
        )
        self._server = ThreadingHTTPServer((self._host, self._port), handler)
        self._server.daemon_threads = True
        # A short poll interval keeps stop() (and so every test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name=self._thread_name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return int(self._server.server_address[1])

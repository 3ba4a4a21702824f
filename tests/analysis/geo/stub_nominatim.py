"""A stand-in for Nominatim's ``/search`` on 127.0.0.1: a canned answer per query, and a record of every request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True, slots=True)
class Answer:
    """What the stub sends for one query: status, body, extra headers, and a delay before answering."""

    body: str = "[]"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the stub saw it; ``at`` is the stub's ``clock`` on arrival."""

    path: str
    params: tuple[tuple[str, str], ...]
    host: str
    user_agent: str
    at: float

    @property
    def q(self) -> str:
        return dict(self.params).get("q", "")


class StubNominatim:
    """A ThreadingHTTPServer on an ephemeral loopback port, serving ``answers`` by the ``q`` parameter. Arrival times
    are read from ``clock`` (``time.monotonic`` unless a test sets another)."""

    def __init__(self, answers: Mapping[str, Answer]) -> None:
        self.answers = answers
        self.requests: list[Request] = []
        self.clock: Callable[[], float] = time.monotonic
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self._server.server_address[1]
        # A short poll, so close() does not wait the default half second for serve_forever to notice.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def asked(self, q: str) -> int:
        """How many requests asked ``q``."""
        with self._lock:
            return sum(r.q == q for r in self.requests)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                request = Request(
                    path=url.path,
                    params=tuple(parse_qsl(url.query)),
                    host=self.headers.get("Host", ""),
                    user_agent=self.headers.get("User-Agent", ""),
                    at=stub.clock(),
                )
                with stub._lock:
                    stub.requests.append(request)
                # A query without a canned answer is a test mistake: make it fail loudly.
                answer = stub.answers.get(request.q, Answer(status=500, body="no canned answer"))
                time.sleep(answer.delay)
                body = answer.body.encode("utf-8")
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in answer.headers:
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow answer); that is the point of it

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the test asserts on ``stub.requests`` instead."""

        return Handler

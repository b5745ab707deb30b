"""Small stdlib HTTP servers that stand where a proxy in front of a store would:
they redirect, echo the request's headers in an error page, or forward to a
real store and lose its answer. The stores themselves are real (Oxigraph,
Virtuoso). Used by tests/test_endpoint.py and tests/faults/test_stores.py.
"""

from __future__ import annotations

import http.client
import http.server
import threading
from collections.abc import Callable
from contextlib import contextmanager
from urllib.parse import urlsplit


class Recorder(http.server.BaseHTTPRequestHandler):
    """Base of the fakes: records (method, path, Authorization) of every request, then answers via ``reply``."""

    seen: list[tuple[str, str, str | None]]

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.command, self.path, self.headers.get("Authorization")))
        self.reply(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def reply(self, body: bytes) -> None:
        self.send(404, b"nothing here")

    def send(self, status: int, content: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {"Content-Type": "text/plain"}).items():
            if key.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args) -> None:
        pass


class Redirector(Recorder):
    """Answers every request with ``status`` and a Location on ``target`` (another origin), the path kept."""

    status = 301
    target = ""

    def reply(self, body: bytes) -> None:
        self.send(self.status, b"moved", {"Location": self.target + self.path, "Content-Type": "text/plain"})


class HeaderEcho(Recorder):
    """A failing store whose error page shows the request as it came, headers and all."""

    def reply(self, body: bytes) -> None:
        echoed = "".join(f"{key}: {value}\n" for key, value in self.headers.items())
        page = f"<html><body><h1>500 Internal Error</h1><pre>{self.command} {self.path}\n{echoed}</pre></body></html>"
        self.send(500, page.encode(), {"Content-Type": "text/html"})


class Forwarder(Recorder):
    """Forwards every request to a real store; ``lose(body)`` says which answers to lose and how:
    "after" forwards the request and hangs up without the answer, "before" hangs up without forwarding."""

    upstream: tuple[str, int] = ("127.0.0.1", 0)
    lose: Callable[[bytes], str | None] = staticmethod(lambda body: None)

    def reply(self, body: bytes) -> None:
        losing = self.lose(body)
        if losing == "before":
            self.close_connection = True
            return
        status, content, headers = self.forward(body)
        if losing == "after":
            self.close_connection = True
            return
        self.send(status, content, headers)

    def forward(self, body: bytes) -> tuple[int, bytes, dict[str, str]]:
        """The request as it came, sent to ``upstream``: its answer's status, body and headers."""
        connection = http.client.HTTPConnection(*self.upstream, timeout=60)
        headers = {key: value for key, value in self.headers.items() if key.lower() not in ("host", "connection")}
        connection.request(self.command, self.path, body, headers)
        answer = connection.getresponse()
        content = answer.read()
        connection.close()
        return answer.status, content, dict(answer.getheaders())


@contextmanager
def serving(handler: type[Recorder], **attributes):
    """Run a fake on a free port of 127.0.0.1; yields (its handler class, its base URL)."""
    if "upstream" in attributes and isinstance(attributes["upstream"], str):
        parts = urlsplit(attributes["upstream"])
        attributes["upstream"] = (parts.hostname, parts.port)
    fake = type(handler.__name__, (handler,), {"seen": [], **attributes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), fake)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

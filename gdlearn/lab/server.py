"""The lab's web server, on 127.0.0.1 only: the page at /, the runs at /api/run.

    GET /            the page (see ``page``)
    GET /api/run?…   200 and the answer as JSON (see ``runs``), or 400 and {"error": "one line"}
    anything else    404 for another path, 405 for a method other than GET or HEAD, as JSON

Robust as a server:

- ``ThreadingHTTPServer``: each connection has its own thread, so one slow
  run never holds up the page or another request;
- at most ``MAX_RUNNING`` runs compute at once (a semaphore); a request that
  finds every slot taken waits up to ``WAIT`` seconds, then gets 429 (busy);
- every refusal is a 4xx with a one-line JSON error, including the ones
  ``http.server`` itself makes (a malformed request line, an unknown method);
  the server keeps answering after any of them;
- the Host header must name this server (127.0.0.1 or localhost with its
  port), once, and so must an absolute address (GET http://host/…), so a web
  page elsewhere cannot reach the lab by DNS rebinding; a request after
  HTTP/1.0 without a Host is refused, as HTTP/1.1 requires.

Nothing a client sends reaches the file system, ``eval`` or a shell: the path
picks one of two answers, and the query is matched against fixed tables and
number patterns (``queries``). A bug in the lab itself, were there one, is
logged on the server's standard error with its traceback and answered 500
with one line, never with the traceback.
"""

from __future__ import annotations

import errno
import json
import socketserver
import sys
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from ..errors import GDLearnError, ParameterError
from .page import page
from .queries import read
from .runs import answer

HOST = "127.0.0.1"
MAX_RUNNING = 2
"""Runs computing at the same time; the machine's cores, roughly (Python runs one thread at a time anyway)."""
WAIT = 30.0
"""Seconds a request waits for a free slot before it is answered 429."""


class LabServer(ThreadingHTTPServer):
    """The lab on 127.0.0.1:port (port 0: any free port; ``url`` says which)."""

    daemon_threads = True  # Ctrl-C does not wait for a run in progress

    def __init__(self, port: int) -> None:
        self.slots = threading.BoundedSemaphore(MAX_RUNNING)
        self.page, self.policy = page()
        super().__init__((HOST, port), LabHandler)

    def server_bind(self) -> None:
        """Bind, without HTTPServer's reverse DNS lookup of the host name."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.server_address[1]

    @property
    def url(self) -> str:
        """The address to open: http://127.0.0.1:PORT/."""
        return f"http://{HOST}:{self.server_port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is no news; anything else is logged, without stopping the server."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            traceback.print_exc(file=sys.stderr)


def open_server(port: int) -> LabServer:
    """The lab's server bound to 127.0.0.1:port, or a ``ParameterError`` that says what to do instead."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ParameterError(f"--port must be a port number from 0 to 65535 (0: any free port), got {port!r}")
    try:
        return LabServer(port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ParameterError(
                f"port {port} on {HOST} is in use (another lab?); choose another with --port N,"
                " or --port 0 for any free port"
            ) from None
        if error.errno == errno.EACCES:
            why = f"port {port} needs administrator rights; choose one from 1024 to 65535, or 0"
            raise ParameterError(why) from None
        raise ParameterError(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from None


class LabHandler(BaseHTTPRequestHandler):
    """One request: the page, a run, or a one-line JSON refusal."""

    server: LabServer
    server_version = "gdlearn-lab"
    sys_version = ""
    timeout = 30  # seconds a connection may sit idle before it is closed

    def do_GET(self) -> None:
        self.respond()

    def do_HEAD(self) -> None:
        self.respond()

    def respond(self) -> None:
        try:
            url = urlsplit(self.path)
        except ValueError:
            self.refuse(400, "the request's address cannot be read")
            return
        here = f"{HOST}:{self.server.server_port}"
        allowed = {here, f"localhost:{self.server.server_port}"}
        hosts = self.headers.get_all("Host") or []
        named = [*hosts, *([url.netloc] if url.netloc else [])]  # an absolute address names a host too
        if not hosts and self.request_version not in ("HTTP/0.9", "HTTP/1.0"):  # RFC 9112, 3.2
            self.refuse(400, f"an HTTP/1.1 request must name its host: Host: {here}")
        elif len(hosts) > 1 or any(host.lower() not in allowed for host in named):
            self.refuse(400, f"this lab answers requests for {here} only, named once")
        elif url.path == "/":
            headers = {"Content-Security-Policy": self.server.policy, "Referrer-Policy": "no-referrer"}
            self.send(200, "text/html; charset=utf-8", self.server.page.encode("utf-8"), headers)
        elif url.path == "/api/run":
            self.run(url.query)
        else:
            self.refuse(404, f"there is no {_quoted(url.path)} here; the lab has / and /api/run")

    def run(self, query_string: str) -> None:
        """Check the query, wait for a slot, compute; every failure a one-line JSON error."""
        try:
            query = read(query_string)
        except GDLearnError as error:
            self.refuse(400, str(error))
            return
        if not self.server.slots.acquire(timeout=WAIT):
            self.refuse(429, f"the lab is busy: {MAX_RUNNING} runs are computing; try again")
            return
        try:
            body = json.dumps(answer(query), allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        except GDLearnError as error:  # too much work, or data the maths refuses
            self.refuse(400, str(error))
            return
        except Exception:  # a bug in the lab: logged here in full, one line to the client
            traceback.print_exc(file=sys.stderr)
            self.refuse(500, "the lab failed on this request (a bug; the server's log has the details)")
            return
        finally:
            self.server.slots.release()
        self.send(200, "application/json; charset=utf-8", body.encode("utf-8"))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (bad request line, unknown method, …) as JSON, and never a 5xx:
        501 (unknown method) becomes 405, 505 (HTTP version) 400."""
        if code == HTTPStatus.NOT_IMPLEMENTED:
            method = _quoted(getattr(self, "command", None) or "")
            code, message = 405, f"the method {method} is not allowed; the lab answers GET"
        elif code >= 500:
            code, message = 400, f"{message or HTTPStatus(code).phrase}; the lab speaks HTTP/1.0 and 1.1"
        if self.request_version == "HTTP/0.9":  # an unreadable request line: still send a status line
            self.request_version = "HTTP/1.0"
        self.refuse(code, message or HTTPStatus(code).phrase)

    def refuse(self, code: int, message: str) -> None:
        """A 4xx (or 5xx) with {"error": message}: one line, as the page shows it."""
        line = " ".join(message.split())
        body = json.dumps({"error": line}, ensure_ascii=False).encode("utf-8")
        headers = {"Allow": "GET, HEAD"} if code == 405 else {}
        self.send(code, "application/json; charset=utf-8", body, headers)

    def send(self, code: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.close_connection = True
        try:
            self.send_response(code)
            for name, value in {
                "Content-Type": kind,
                "Content-Length": str(len(body)),
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
                "Connection": "close",
                **(headers or {}),
            }.items():
                self.send_header(name, value)
            self.end_headers()
            if getattr(self, "command", None) != "HEAD":
                self.wfile.write(body)
        except ConnectionError:  # the page gave up on this request (a newer one replaced it)
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the address and errors, not every request."""


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:60] + "…")

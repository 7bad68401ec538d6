"""A lab server on a free port of 127.0.0.1, in a thread of the test process, and a urllib client for it."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from gdlearn.lab.server import LabServer, open_server


@contextmanager
def running() -> Iterator[LabServer]:
    """The lab on port 0 (a free port), served from a thread; shut down and closed afterwards."""
    server = open_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Reply(NamedTuple):
    status: int
    content_type: str
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


def get(server: LabServer, path: str, timeout: float = 60.0) -> Reply:
    """GET http://127.0.0.1:port/path, whatever the status."""
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=timeout) as response:
            return Reply(response.status, response.headers["Content-Type"], response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers["Content-Type"], error.read().decode("utf-8"))

"""A loopback HTTP listener that records every request: the target of SSRF attempts."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["Listener", "listener", "SECRET"]

SECRET = b"TOP-SECRET-" * 1000  # about 10 kB, as in the issue


@dataclass
class Listener:
    url: str
    hits: list[str] = field(default_factory=list)


@contextmanager
def listener() -> Iterator[Listener]:
    """Serve ``SECRET`` to anyone on a free loopback port; ``hits`` lists the paths asked for."""
    record = Listener("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            record.hits.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(SECRET)))
            self.end_headers()
            self.wfile.write(SECRET)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    record.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()

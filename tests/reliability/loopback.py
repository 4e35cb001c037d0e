"""GET requests from chosen loopback addresses (127.0.0.2, 127.0.0.3 …): many clients on one machine."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

__all__ = ["Answer", "get"]


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]
    elapsed: float


def get(base_url: str, path: str, params: dict[str, str], *, client: str = "127.0.0.1",
        accept: str = "application/sparql-results+json", timeout: float = 60.0) -> Answer:
    """``GET base_url + path ? params`` sent from the address ``client``."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(client, 0))
    started = time.monotonic()
    try:
        connection.request("GET", f"{path}?{urlencode(params)}", headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return Answer(response.status, body, {k.lower(): v for k, v in response.getheaders()},
                      time.monotonic() - started)
    finally:
        connection.close()

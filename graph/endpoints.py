"""Where a standard SPARQL server takes queries, updates and Graph Store Protocol requests.

``nghiquyet publish --endpoint URL`` accepts the server's root or any one of its service URLs and
derives the others: Oxigraph serves ``/query``, ``/update`` and ``/store``; Virtuoso ``/sparql``
and, with credentials, ``/sparql-auth`` (updates) and ``/sparql-graph-crud-auth`` (graph store),
both behind HTTP digest authentication. Explicit URLs win over derived ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from nghiquyet.graph.errors import ConfigError

__all__ = ["Endpoints", "SERVER_KINDS", "redact"]

SERVER_KINDS = ("auto", "oxigraph", "virtuoso")
_SUFFIXES = {
    "oxigraph": ("/query", "/update", "/store"),
    "virtuoso": ("/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql-auth", "/sparql"),
}


@dataclass(frozen=True)
class Endpoints:
    """The three service URLs of one server and what kind of server it is."""

    kind: str
    query: str
    update: str
    store: str

    @classmethod
    def derive(cls, url: str, *, kind: str = "auto", query: str | None = None, update: str | None = None,
               store: str | None = None, authenticated: bool = False) -> "Endpoints":
        """Endpoints of the server at ``url`` (its root or one of its service URLs)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"--endpoint {redact(url)!r} is not an http(s) URL of a SPARQL server")
        if kind not in SERVER_KINDS:
            raise ConfigError(f"--server {kind!r}: must be one of {', '.join(SERVER_KINDS)}")
        path = parts.path.rstrip("/")
        found = next(((name, s) for name, suffixes in _SUFFIXES.items() for s in suffixes if path.endswith(s)), None)
        if kind == "auto":
            kind = found[0] if found else "oxigraph"
        if found and found[0] == kind:
            path = path[: -len(found[1])]
        root = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        if kind == "virtuoso":
            derived = (root + "/sparql", root + ("/sparql-auth" if authenticated else "/sparql"),
                       root + ("/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud"))
        else:
            derived = (root + "/query", root + "/update", root + "/store")
        return cls(kind, query or derived[0], update or derived[1], store or derived[2])


def redact(url: str) -> str:
    """``url`` without a password written into it (``http://user:secret@host`` → ``http://user@host``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"{parts.username}@{netloc}", parts.path, parts.query, parts.fragment))

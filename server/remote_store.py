"""A :class:`~nghiquyet.server.store.GraphStore` over any standard SPARQL 1.1 endpoint (SPARQLWrapper).

Lets a remote store (``oxigraph serve-read-only``, Fuseki, Virtuoso …) replace the embedded one.
The remote server enforces its own time limit; we also stop waiting after ``timeout`` seconds.
Bindings are substituted into the query the way the embedded store binds them
(:func:`~nghiquyet.server.substitution.substitute`: typed pyoxigraph terms in their N-Triples
form, never request text), so both stores give the same answers.
"""

from __future__ import annotations

import socket
import time
import urllib.error
from collections.abc import Mapping
from typing import Any

import pyoxigraph
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, QueryBadFormed, SPARQLWrapperException

from nghiquyet.graph.errors import Forbidden, QueryError, QueryTimeout, StoreError, TooManyRows
from nghiquyet.server.substitution import substitute
from nghiquyet.server.workers import Term

__all__ = ["RemoteSparqlStore"]

TSV = "text/tab-separated-values"
JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


class RemoteSparqlStore:
    """Query ``endpoint`` over HTTP with the same guards as the embedded store."""

    def __init__(self, endpoint: str, *, limits: Any = None, version_ttl: float = 60.0) -> None:
        from nghiquyet.server.store import Limits

        self.endpoint = endpoint
        self.limits = limits or Limits()
        self.version_ttl = version_ttl

    @property
    def version(self) -> str:
        """No standard change signal exists, so versions roll over every ``version_ttl`` seconds."""
        return f"remote-{int(time.time() // self.version_ttl)}"

    def _request(self, query: str, accept: str, timeout: float | None, default_graph: list[str] | None = None,
                 named_graphs: list[str] | None = None) -> tuple[bytes, str]:
        self.limits.check_query(query)
        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setQuery(query)
        client.addCustomHttpHeader("Accept", accept)
        client.setTimeout(max(1, round(self.limits.timeout(timeout))))
        for iri in default_graph or ():
            client.addDefaultGraph(iri)
        for iri in named_graphs or ():
            client.addNamedGraph(iri)
        try:
            response = client.query().response
            return response.read(), response.headers.get("Content-Type", accept).split(";")[0].strip()
        except QueryBadFormed as exc:
            raise QueryError(f"the store rejected the query: {_detail(exc)}") from None
        except (socket.timeout, TimeoutError):
            raise QueryTimeout("the query ran past its time limit") from None
        except urllib.error.HTTPError as exc:
            if exc.code in (503, 504):
                raise QueryTimeout("the remote store stopped the query (time limit)") from None
            if exc.code == 403:
                raise Forbidden("the remote store refused the query") from None
            raise StoreError(f"the remote store answered {exc.code}") from None
        except (EndPointNotFound, SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            if isinstance(getattr(exc, "reason", None), (socket.timeout, TimeoutError)):
                raise QueryTimeout("the query ran past its time limit") from None
            raise StoreError(f"the remote store is unavailable: {type(exc).__name__}") from None

    @staticmethod
    def _with_bindings(query: str, bindings: Mapping[str, Term] | None) -> str:
        return substitute(query, bindings)

    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
               max_rows: int | None = None) -> list[dict[str, Term]]:
        data, _ = self._request(self._with_bindings(query, bindings), TSV, timeout)
        solutions = pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.TSV)
        names = [v.value for v in solutions.variables]
        cap = self.limits.rows(max_rows)
        rows: list[dict[str, Term]] = []
        for solution in solutions:
            if len(rows) >= cap:
                raise TooManyRows(f"the result has more than {cap} rows (the cap on this endpoint)")
            rows.append({name: solution[name] for name in names if solution[name] is not None})
        return rows

    def ask(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        data, _ = self._request(self._with_bindings(query, bindings), JSON, timeout)
        return bool(pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.JSON))

    def construct(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
                  max_rows: int | None = None) -> list[pyoxigraph.Triple]:
        data, _ = self._request(self._with_bindings(query, bindings), NTRIPLES, timeout)
        triples = [quad.triple for quad in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES)]
        cap = self.limits.rows(max_rows)
        if len(triples) > cap:
            raise TooManyRows(f"the result has more than {cap} triples (the cap on this endpoint)")
        return triples

    def execute(self, query: str, *, result_format: str, default_graph: list[str] | None = None,
                named_graphs: list[str] | None = None, timeout: float | None = None,
                bindings: Mapping[str, Term] | None = None, base_iri: str | None = None) -> tuple[bytes, str]:
        """Forward to the remote endpoint (``base_iri`` is the remote's business)."""
        return self._request(self._with_bindings(query, bindings), result_format, timeout, default_graph,
                             named_graphs)

    def update(self, update: str, *, timeout: float | None = None) -> None:
        raise Forbidden("updates are not sent to a remote store")

    def close(self) -> None:
        """Nothing to release."""


def _detail(exc: Exception) -> str:
    text = str(exc)
    return text.split("Response:", 1)[-1].strip()[:300] or type(exc).__name__

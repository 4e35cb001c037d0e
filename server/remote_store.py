"""A :class:`~nghiquyet.server.store.GraphStore` over a standard SPARQL 1.1 server (``serve --store-url``).

Lets a remote store (Oxigraph's server, Virtuoso, Fuseki …) that ``nghiquyet publish`` filled
replace the embedded one, with the same answers:

* **Dataset.** The server's own default graph may hold more than our build (Virtuoso's system
  graphs; the staging graphs of a publish under way), so a query that names no dataset is sent
  with ``default-graph-uri`` and ``named-graph-uri`` set to the graphs the published build lists
  in its VoID graph (queries/store/published-graphs.rq), i.e. the union of our graphs, as the
  embedded store answers it. A server without that VoID graph is queried as it is.
* **Version.** The build's version (VoID ``dcterms:identifier``) read at most every
  ``version_ttl`` seconds, so ETags and caches change when a new build is switched in.
* **Results.** Fetched as SPARQL JSON results or N-Triples and serialised here by pyoxigraph in
  the format asked, so every server answers byte-for-byte like the embedded store (Virtuoso's
  blank-node labels ``nodeID://…`` are made valid labels).
* **Bindings** are substituted into the query (:func:`~nghiquyet.server.substitution.substitute`:
  typed terms in N-Triples form, never request text).

The remote server enforces its own time limit; we also stop waiting after the query's timeout.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Mapping
from typing import Any

import pyoxigraph
import requests

from nghiquyet.graph.errors import Forbidden, NotAcceptable, QueryError, QueryTimeout, StoreError, TooManyRows
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.resources import data_path
from nghiquyet.graph.settings import DEFAULT_BASE_IRI
from nghiquyet.server.formats import rdf_format, result_format
from nghiquyet.server.substitution import substitute
from nghiquyet.server.workers import Term

__all__ = ["RemoteSparqlStore"]

JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
_BAD_BNODE = re.compile(r"[^A-Za-z0-9_]")
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEAN_FORMS = {"1": "true", "0": "false"}  # the canonical form of each


class RemoteSparqlStore:
    """Query ``endpoint`` over HTTP with the same guards and answers as the embedded store."""

    def __init__(self, endpoint: str, *, limits: Any = None, version_ttl: float = 5.0,
                 base_iri: str = DEFAULT_BASE_IRI) -> None:
        from nghiquyet.server.store import Limits

        self.endpoint = endpoint
        self.limits = limits or Limits()
        self.version_ttl = version_ttl
        self.base_iri = base_iri
        self._published_query = substitute(query_text("store/published-graphs", data_path("queries")), {
            "void": pyoxigraph.NamedNode(base_iri + "graph/void"),
            "dataset": pyoxigraph.NamedNode(base_iri + "dataset")})
        self._state: tuple[float, str | None, tuple[str, ...] | None] = (-1e18, None, None)
        self._lock = threading.Lock()
        self._session = threading.local()

    # -- the published build ---------------------------------------------------------------
    def _published(self) -> tuple[str | None, tuple[str, ...] | None]:
        """(version, graphs) of the build on the server, re-read every ``version_ttl`` seconds."""
        fetched, version, graphs = self._state
        if time.monotonic() - fetched < self.version_ttl:
            return version, graphs
        with self._lock:
            fetched, version, graphs = self._state
            if time.monotonic() - fetched < self.version_ttl:
                return version, graphs
            data, _ = self._post(self._published_query, JSON, self.limits.query_timeout, None, None)
            rows = _json_rows(data)
            if rows:
                version = rows[0]["version"].value
                graphs = tuple(sorted({r["graph"].value for r in rows if "graph" in r} | {self.base_iri + "graph/void"}))
            else:
                version, graphs = None, None
            self._state = (time.monotonic(), version, graphs)
            return version, graphs

    @property
    def version(self) -> str:
        """The published build's version; without one, a value that rolls over every ``version_ttl`` s."""
        version, _ = self._published()
        return f"remote-{version[:16]}" if version else f"remote-t{int(time.time() // self.version_ttl)}"

    # -- HTTP ----------------------------------------------------------------------------
    def _http(self) -> requests.Session:
        session = getattr(self._session, "value", None)
        if session is None:
            session = self._session.value = requests.Session()
        return session

    def _post(self, query: str, accept: str, timeout: float, default_graph: list[str] | None,
              named_graphs: list[str] | None) -> tuple[bytes, str]:
        form: list[tuple[str, str]] = [("query", query)]
        form += [("default-graph-uri", iri) for iri in default_graph or ()]
        form += [("named-graph-uri", iri) for iri in named_graphs or ()]
        try:
            response = self._http().post(self.endpoint, data=form, headers={"Accept": accept},
                                         timeout=(min(10.0, timeout), timeout))
        except requests.Timeout:
            raise QueryTimeout("the query ran past its time limit") from None
        except requests.RequestException as exc:
            raise StoreError(f"the remote store is unavailable: {type(exc).__name__}") from None
        status = response.status_code
        if status == 400:
            raise QueryError(f"the store rejected the query: {_detail(response.text)}")
        if status in (503, 504):
            raise QueryTimeout("the remote store stopped the query (time limit)")
        if status in (401, 403):
            raise Forbidden("the remote store refused the query")
        if status >= 300:
            raise StoreError(f"the remote store answered {status}")
        return response.content, response.headers.get("Content-Type", accept).split(";")[0].strip()

    def _request(self, query: str, accept: str, timeout: float | None, default_graph: list[str] | None = None,
                 named_graphs: list[str] | None = None) -> bytes:
        info = self.limits.check_query(query)
        if default_graph is None and named_graphs is None and not info.has_dataset_clause:
            _, graphs = self._published()
            if graphs is not None:  # our build's graphs only, as the embedded store's union
                default_graph = named_graphs = list(graphs)
        data, _ = self._post(query, accept, self.limits.timeout(timeout), default_graph, named_graphs)
        return data

    # -- the GraphStore interface -------------------------------------------------------------
    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
               max_rows: int | None = None) -> list[dict[str, Term]]:
        rows = _json_rows(self._request(substitute(query, bindings), JSON, timeout))
        cap = self.limits.rows(max_rows)
        if len(rows) > cap:
            raise TooManyRows(f"the result has more than {cap} rows (the cap on this endpoint)")
        return rows

    def ask(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        return bool(_json_results(self._request(substitute(query, bindings), JSON, timeout)))

    def construct(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
                  max_rows: int | None = None) -> list[pyoxigraph.Triple]:
        triples = _triples(self._request(substitute(query, bindings), NTRIPLES, timeout))
        cap = self.limits.rows(max_rows)
        if len(triples) > cap:
            raise TooManyRows(f"the result has more than {cap} triples (the cap on this endpoint)")
        return triples

    def execute(self, query: str, *, result_format: str, default_graph: list[str] | None = None,
                named_graphs: list[str] | None = None, timeout: float | None = None,
                bindings: Mapping[str, Term] | None = None, base_iri: str | None = None) -> tuple[bytes, str]:
        """Run any query form remotely and serialise the answer here as ``result_format``."""
        query = substitute(query, bindings)
        form = (self.limits.check_query(query).form or "").upper()
        cap = self.limits.rows(None)
        if form in _GRAPH_FORMS:
            fmt = rdf_format(result_format)
            if fmt is None:
                raise NotAcceptable(f"{result_format} cannot represent an RDF graph")
            triples = _triples(self._request(query, NTRIPLES, timeout, default_graph, named_graphs))
            if len(triples) > cap:
                raise TooManyRows(f"the result has more than {cap} triples (the cap on this endpoint)")
            return pyoxigraph.serialize(triples, format=fmt) or b"", result_format
        fmt = result_format_of(result_format, form)
        results = _json_results(self._request(query, JSON, timeout, default_graph, named_graphs))
        if isinstance(results, pyoxigraph.QuerySolutions):
            data = results.serialize(format=pyoxigraph.QueryResultsFormat.TSV)
            if data.count(b"\n") - 1 > cap:
                raise TooManyRows(f"the result has more than {cap} rows (the cap on this endpoint)")
            results = pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.TSV)
        return results.serialize(format=fmt), result_format

    def update(self, update: str, *, timeout: float | None = None) -> None:
        raise Forbidden("updates are not sent to a remote store")

    def close(self) -> None:
        """Nothing to release."""


def result_format_of(media_type: str, form: str) -> pyoxigraph.QueryResultsFormat:
    fmt = result_format(media_type)
    if fmt is None:
        raise NotAcceptable(f"{media_type} cannot represent {'an ASK result' if form == 'ASK' else 'SELECT results'}")
    return fmt


def _json_results(data: bytes) -> Any:
    """Parse SPARQL JSON results, first giving blank nodes labels pyoxigraph accepts (Virtuoso's
    ``nodeID://b1`` → ``nodeIDb1``) and booleans their canonical form (Virtuoso's ``"1"``)."""
    try:
        document = json.loads(data)
        for row in document.get("results", {}).get("bindings", ()):
            for term in row.values():
                if term.get("type") == "bnode":
                    term["value"] = _BAD_BNODE.sub("", term["value"]) or "b"
                elif term.get("datatype") == _BOOLEAN and term.get("value") in _BOOLEAN_FORMS:
                    term["value"] = _BOOLEAN_FORMS[term["value"]]  # Virtuoso writes true as "1"
        payload = json.dumps(document).encode("utf-8")
        return pyoxigraph.parse_query_results(payload, pyoxigraph.QueryResultsFormat.JSON)
    except (ValueError, AttributeError, SyntaxError) as exc:
        raise StoreError(f"the remote store sent results that cannot be read: {exc}") from None


def _json_rows(data: bytes) -> list[dict[str, Term]]:
    solutions = _json_results(data)
    names = [v.value for v in solutions.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in solutions]


def _triples(data: bytes) -> list[pyoxigraph.Triple]:
    try:
        return [_canonical(quad.triple) for quad in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES)]
    except SyntaxError as exc:
        raise StoreError(f"the remote store sent triples that cannot be read: {exc}") from None


def _canonical(triple: pyoxigraph.Triple) -> pyoxigraph.Triple:
    """``triple`` with a boolean object in its canonical form (Virtuoso's ``"1"`` → ``"true"``)."""
    term = triple.object
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value == _BOOLEAN and term.value in _BOOLEAN_FORMS:
        return pyoxigraph.Triple(triple.subject, triple.predicate,
                                 pyoxigraph.Literal(_BOOLEAN_FORMS[term.value], datatype=term.datatype))
    return triple


def _detail(text: str) -> str:
    return " ".join(text.split())[:300] or "no reason given"

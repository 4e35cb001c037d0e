"""A :class:`~nghiquyet.server.store.GraphStore` over a standard SPARQL 1.1 server (``serve --store-url``).

Lets a remote store (Oxigraph's server, Virtuoso, Fuseki …) that ``nghiquyet publish`` filled
replace the embedded one, with the same answers:

* **Dataset.** ``nghiquyet publish`` stores each build under its own graph names and switches
  readers with one pointer (graph/publication.py). The current build is looked up at most every
  ``version_ttl`` seconds (queries/store/current-build.rq); a query that names no dataset is
  sent with ``default-graph-uri`` and ``named-graph-uri`` set to that build's graphs (the union
  of our graphs, as the embedded store answers it, never a mix of two builds, nor Virtuoso's
  system graphs). Graph names in the query (``FROM``, ``FROM NAMED``, ``GRAPH <…>``) and in the
  dataset parameters are turned into the stored names, and stored names in the answers back
  into the public ones. A server without a pointer is queried as it is.
* **Version.** The build's version (``dcterms:identifier``), so ETags and caches change when a
  new build is switched in.
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
from nghiquyet.graph.publication import DATASET, POINTER_GRAPH, Published, current_build, rename_graphs
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
        self._current_query = substitute(query_text("store/current-build", data_path("queries")), {
            "pointer": pyoxigraph.NamedNode(base_iri + POINTER_GRAPH),
            "dataset": pyoxigraph.NamedNode(base_iri + DATASET)})
        self._state: tuple[float, Published | None] = (-1e18, None)
        self._lock = threading.Lock()
        self._session = threading.local()

    # -- the published build ---------------------------------------------------------------
    def _published(self) -> Published | None:
        """The current build on the server, looked up again every ``version_ttl`` seconds."""
        fetched, published = self._state
        if time.monotonic() - fetched < self.version_ttl:
            return published
        with self._lock:
            fetched, published = self._state
            if time.monotonic() - fetched < self.version_ttl:
                return published
            data, _ = self._post(self._current_query, JSON, self.limits.query_timeout, None, None)
            rows = [{k: v.value for k, v in row.items()} for row in _json_rows(data)]
            published = current_build(self.base_iri, rows)
            self._state = (time.monotonic(), published)
            return published

    @property
    def version(self) -> str:
        """The published build's version; without one, a value that rolls over every ``version_ttl`` s."""
        published = self._published()
        if published and published.version:
            return f"remote-{published.version[:16]}"
        return f"remote-t{int(time.time() // max(self.version_ttl, 1e-3))}"

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
                 named_graphs: list[str] | None = None) -> tuple[bytes, Published | None]:
        """The server's answer to ``query`` over the current build, and that build."""
        info = self.limits.check_query(query)
        published = self._published()
        if published is not None:
            query = rename_graphs(query, published.graphs)
            if default_graph is None and named_graphs is None and not info.has_dataset_clause:
                default_graph = named_graphs = published.stored  # one build's graphs: the embedded store's union
            else:
                default_graph = None if default_graph is None else [published.stored_of(g) for g in default_graph]
                named_graphs = None if named_graphs is None else [published.stored_of(g) for g in named_graphs]
        data, _ = self._post(query, accept, self.limits.timeout(timeout), default_graph, named_graphs)
        return data, published

    # -- the GraphStore interface -------------------------------------------------------------
    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
               max_rows: int | None = None) -> list[dict[str, Term]]:
        rows = _json_rows(*self._request(substitute(query, bindings), JSON, timeout))
        cap = self.limits.rows(max_rows)
        if len(rows) > cap:
            raise TooManyRows(f"the result has more than {cap} rows (the cap on this endpoint)")
        return rows

    def ask(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        return bool(_json_results(*self._request(substitute(query, bindings), JSON, timeout)))

    def construct(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
                  max_rows: int | None = None) -> list[pyoxigraph.Triple]:
        triples = _triples(*self._request(substitute(query, bindings), NTRIPLES, timeout))
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
            triples = _triples(*self._request(query, NTRIPLES, timeout, default_graph, named_graphs))
            if len(triples) > cap:
                raise TooManyRows(f"the result has more than {cap} triples (the cap on this endpoint)")
            return pyoxigraph.serialize(triples, format=fmt) or b"", result_format
        fmt = result_format_of(result_format, form)
        results = _json_results(*self._request(query, JSON, timeout, default_graph, named_graphs))
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


def _json_results(data: bytes, published: Published | None = None) -> Any:
    """Parse SPARQL JSON results, first giving blank nodes labels pyoxigraph accepts (Virtuoso's
    ``nodeID://b1`` → ``nodeIDb1``), booleans their canonical form (Virtuoso's ``"1"``) and the
    stored graph names of ``published`` their public names."""
    try:
        document = json.loads(data)
        for row in document.get("results", {}).get("bindings", ()):
            for term in row.values():
                if term.get("type") == "uri" and published is not None:
                    term["value"] = published.public(term["value"])
                elif term.get("type") == "bnode":
                    term["value"] = _BAD_BNODE.sub("", term["value"]) or "b"
                elif term.get("datatype") == _BOOLEAN and term.get("value") in _BOOLEAN_FORMS:
                    term["value"] = _BOOLEAN_FORMS[term["value"]]  # Virtuoso writes true as "1"
        payload = json.dumps(document).encode("utf-8")
        return pyoxigraph.parse_query_results(payload, pyoxigraph.QueryResultsFormat.JSON)
    except (ValueError, AttributeError, SyntaxError) as exc:
        raise StoreError(f"the remote store sent results that cannot be read: {exc}") from None


def _json_rows(data: bytes, published: Published | None = None) -> list[dict[str, Term]]:
    solutions = _json_results(data, published)
    names = [v.value for v in solutions.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in solutions]


def _triples(data: bytes, published: Published | None = None) -> list[pyoxigraph.Triple]:
    try:
        return [_canonical(quad.triple, published) for quad in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES)]
    except SyntaxError as exc:
        raise StoreError(f"the remote store sent triples that cannot be read: {exc}") from None


def _canonical(triple: pyoxigraph.Triple, published: Published | None) -> pyoxigraph.Triple:
    """``triple`` with a boolean object in its canonical form (Virtuoso's ``"1"`` → ``"true"``) and
    stored graph names public."""
    subject, predicate, term = triple.subject, triple.predicate, triple.object
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value == _BOOLEAN and term.value in _BOOLEAN_FORMS:
        term = pyoxigraph.Literal(_BOOLEAN_FORMS[term.value], datatype=term.datatype)
    if published is not None:
        subject, term = (pyoxigraph.NamedNode(published.public(t.value)) if isinstance(t, pyoxigraph.NamedNode) else t
                         for t in (subject, term))
    return pyoxigraph.Triple(subject, predicate, term)


def _detail(text: str) -> str:
    return " ".join(text.split())[:300] or "no reason given"

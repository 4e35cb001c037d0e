"""``nghiquyet serve --store-url``: the session build published to real SPARQL servers and served
from there must answer like ``nghiquyet serve`` over the local store.

For each server (Oxigraph's, Virtuoso), ``nghiquyet publish`` uploads the build, then two live
servers run side by side: one over the local store, one with ``--store-url``. Every named query
(``/api/<name>``, all pages, without parameters and with the examples) and a table of SPARQL
protocol requests (query forms, content negotiation, dataset parameters, errors) go to both;
status, media type and the answer (rows as a multiset, graphs up to blank nodes) must agree.
Virtuoso keeps a whole ``xsd:decimal`` as an ``xsd:integer`` (``"5"^^xsd:decimal`` is read back as
``5``), so numbers are compared by value there (docs/deploy.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from quad_sets import differences
from server_fixtures import LiveServer, live_server
from sparql_servers import STARTERS, Target

from nghiquyet.graph.named_queries.loader import load_queries
from nghiquyet.graph.remote_publish import publish_to_endpoint
from repo_paths import PROJECT_ROOT

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
                                   "positiveInteger")}
NQ = "https://w3id.org/nghiquyet/ontology#"
BASE = "https://w3id.org/nghiquyet/id/"
DOC = BASE + "doc/lai-chau-2021-hoi-nghi-bch-lan-4"
QUERIES = load_queries(PROJECT_ROOT / "queries")


@pytest.fixture(scope="module")
def local(built_settings) -> Iterator[LiveServer]:
    with live_server(built_settings.store_dir, timeout=60, named_queries=True) as server:
        yield server


SERVERS = tuple(STARTERS)


@pytest.fixture(scope="module", params=SERVERS)
def remote(request: pytest.FixtureRequest, built_settings, tmp_path_factory) -> Iterator[tuple[str, LiveServer]]:
    with STARTERS[request.param](tmp_path_factory.mktemp(request.param)) as target:
        publish_to_endpoint(target.settings(built_settings), target.endpoints)
        with live_server(built_settings.store_dir, timeout=60, named_queries=True,
                         store_url=target.endpoints.query) as server:
            yield target.name, server


# ------------------------------------------------------------------------------ comparing answers
def _term(term: dict[str, str], by_value: bool) -> tuple[str, ...]:
    kind = term.get("type")
    if kind == "bnode":
        return ("bnode",)
    if kind == "uri":
        return ("uri", term["value"])
    datatype = term.get("datatype", "")
    if by_value and datatype in NUMERIC:
        try:
            return ("number", str(Decimal(term["value"]).normalize()))
        except InvalidOperation:
            pass
    return ("literal", term["value"], term.get("xml:lang", ""), "" if datatype == XSD + "string" else datatype)


def _rows(document: dict[str, Any], by_value: bool) -> Counter[str]:
    return Counter(json.dumps(sorted((name, _term(t, by_value)) for name, t in row.items()))
                   for row in document["results"]["bindings"])


def _pages(server: LiveServer, name: str, params: dict[str, str]) -> tuple[int, Any]:
    """Status and every row of /api/<name> (all pages; rows as one list)."""
    rows: list[Any] = []
    for page in range(1, 1000):
        response = requests.get(f"{server.url}/api/{name}", params={**params, "page": page, "per_page": 1000},
                                timeout=120)
        if response.status_code != 200:
            return response.status_code, response.json().get("error")
        bindings = response.json()["results"]["bindings"]
        rows += bindings
        if len(bindings) < 1000:
            return 200, {"results": {"bindings": rows}}
    raise AssertionError(f"{name}: more than 1000 pages")


def _examples(name: str) -> list[dict[str, str]]:
    query = QUERIES[name]
    examples = {p.name: p.example for p in query.parameters if p.example is not None}
    required = {p.name for p in query.parameters if getattr(p, "required", False)}
    cases = [] if required - set(examples) else [examples]
    return ([{}] if not required else []) + [c for c in cases if c]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_queries_answer_alike(local: LiveServer, remote: tuple[str, LiveServer], name: str) -> None:
    kind, server = remote
    cases = _examples(name)
    assert cases, f"{name}: no parameters to run it with"
    for params in cases:
        expected, answer = _pages(local, name, params), _pages(server, name, params)
        assert expected[0] == answer[0], (name, params, expected, answer)
        if expected[0] == 200:
            by_value = kind == "virtuoso"
            assert expected[1]["results"]["bindings"], (name, params, "the local store found nothing to compare")
            assert _rows(expected[1], by_value) == _rows(answer[1], by_value), (name, params)


# ------------------------------------------------------------------------------ SPARQL protocol
SELECT = f"PREFIX nq: <{NQ}> SELECT ?q ?v WHERE {{ ?q nq:value ?v ; nq:document <{DOC}> }}"
ASK = f"ASK {{ <{DOC}> ?p ?o }}"
CONSTRUCT = f"CONSTRUCT {{ <{DOC}> ?p ?o }} WHERE {{ <{DOC}> ?p ?o }}"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SHARED = BASE + "graph/shared"

PROTOCOL = [  # (id, method, query string / form, headers)
    ("select-json", "GET", {"query": SELECT}, {}),
    ("select-xml", "GET", {"query": SELECT}, {"Accept": "application/sparql-results+xml"}),
    ("select-csv", "GET", {"query": SELECT}, {"Accept": "text/csv"}),
    ("select-tsv", "GET", {"query": SELECT}, {"Accept": "text/tab-separated-values"}),
    ("select-q-values", "GET", {"query": SELECT}, {"Accept": "text/csv;q=0.5, text/tab-separated-values;q=0.9"}),
    ("select-not-acceptable", "GET", {"query": SELECT}, {"Accept": "text/turtle"}),
    ("select-post-form", "POST", {"query": SELECT}, {}),
    ("count-union", "GET", {"query": COUNT}, {}),
    ("graphs", "GET", {"query": GRAPHS}, {}),
    ("default-graph-uri", "GET", {"query": COUNT, "default-graph-uri": SHARED}, {}),
    ("named-graph-uri", "GET", {"query": GRAPHS, "named-graph-uri": SHARED}, {}),
    ("from", "GET", {"query": f"SELECT (COUNT(*) AS ?n) FROM <{SHARED}> WHERE {{ ?s ?p ?o }}"}, {}),
    ("ask-json", "GET", {"query": ASK}, {}),
    ("ask-xml", "GET", {"query": ASK}, {"Accept": "application/sparql-results+xml"}),
    ("construct-turtle", "GET", {"query": CONSTRUCT}, {}),
    ("construct-ntriples", "GET", {"query": CONSTRUCT}, {"Accept": "application/n-triples"}),
    ("construct-rdfxml", "GET", {"query": CONSTRUCT}, {"Accept": "application/rdf+xml"}),
    ("construct-not-acceptable", "GET", {"query": CONSTRUCT}, {"Accept": "application/sparql-results+json"}),
    ("syntax-error", "GET", {"query": "ASK {"}, {}),
    ("update-refused", "POST", {"update": "CLEAR ALL"}, {}),
    ("insert-as-query", "POST", {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}, {}),
    ("service-refused", "GET", {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, {}),
    ("put-not-allowed", "PUT", {"query": ASK}, {}),
]


def _answer(response: requests.Response, by_value: bool) -> Any:
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if response.status_code != 200:
        return response.status_code, media
    if media == "text/csv":  # lossy (no types): compared as lines, numbers by their text
        lines = response.content.decode("utf-8").splitlines()
        return 200, media, lines[:1], Counter(_csv_number(line) for line in lines[1:])
    if media in ("application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values"):
        fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}[media]
        results = ox.parse_query_results(response.content, fmt)
        if isinstance(results, ox.QueryBoolean):
            return 200, media, bool(results)
        as_json = json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))
        return 200, media, [as_json["head"]["vars"]], _rows(as_json, by_value)
    rdf = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/rdf+xml": ox.RdfFormat.RDF_XML}[media]
    return 200, media, list(ox.parse(response.content, rdf))


@pytest.mark.parametrize(("case", "method", "params", "headers"), PROTOCOL, ids=[p[0] for p in PROTOCOL])
def test_sparql_protocol_answers_alike(local: LiveServer, remote: tuple[str, LiveServer], case: str, method: str,
                                       params: dict[str, str], headers: dict[str, str]) -> None:
    kind, server = remote
    answers = []
    for target in (local, server):
        send = {"data": params} if method == "POST" else {"params": params}
        answers.append(_answer(requests.request(method, target.sparql, headers=headers, timeout=120, **send),
                               kind == "virtuoso"))
    expected, answer = answers
    if expected[0] == 200 and isinstance(expected[-1], list) and expected[-1] and isinstance(expected[-1][0], ox.Quad):
        assert expected[:2] == answer[:2], case
        if kind == "virtuoso":
            assert _numbers(expected[2]) == _numbers(answer[2]), case
        else:
            assert not differences(expected[2], answer[2]), case
        assert expected[2], f"{case}: the local store found nothing to compare"
    else:
        assert expected == answer, case


def _csv_number(line: str) -> str:
    cells = []
    for cell in line.split(","):
        try:
            cells.append(str(Decimal(cell).normalize()))
        except InvalidOperation:
            cells.append(cell)
    return ",".join(cells)


def _numbers(quads: list[ox.Quad]) -> Counter[str]:
    """Triples with numbers by value and blank nodes as one (Virtuoso's decimals come back as integers)."""
    def text(term: Any) -> str:
        if isinstance(term, ox.BlankNode):
            return "_"
        if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
            return "n:" + str(Decimal(term.value).normalize())
        return str(term)
    return Counter(" ".join(text(t) for t in (q.subject, q.predicate, q.object)) for q in quads)

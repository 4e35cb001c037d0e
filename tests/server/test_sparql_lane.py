"""The fast lane answers plain ``GET /sparql?query=…`` exactly as the Flask view does, and nothing else.

Every case runs twice on the same app, once through the lane (``app.wsgi_app``) and once straight
through Flask (``lane.flask``), and the status, headers and body must be the same; the cases
the lane must leave to Flask are checked to go there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from server_fixtures import EX, GRAPH_A, disk_store, example_quads, memory_store
from werkzeug.test import EnvironBuilder

from nghiquyet.graph.settings import Settings
from nghiquyet.server.app import create_app
from nghiquyet.server.sparql_lane import SparqlLane
from nghiquyet.server.store import OxigraphStore

LOOKUP = f"SELECT ?p ?o WHERE {{ <{EX}item/3> ?p ?o }}"
ALL = "SELECT * WHERE { ?s ?p ?o }"  # more rows than the cap of 50
AGGREGATE = f"SELECT ?c (COUNT(?s) AS ?n) WHERE {{ ?s a ?c ; <{EX}value> ?v }} GROUP BY ?c ORDER BY ?c"
JSON = "application/sparql-results+json"

# (id, query parameters, headers, method, path, the lane answers it)
CASES: list[tuple[str, dict[str, str] | str, dict[str, str], str, str, bool]] = [
    ("lookup-json", {"query": LOOKUP}, {"Accept": JSON}, "GET", "/sparql", True),
    ("lookup-xml", {"query": LOOKUP}, {"Accept": "application/sparql-results+xml"}, "GET", "/sparql", True),
    ("lookup-csv", {"query": LOOKUP}, {"Accept": "text/csv"}, "GET", "/sparql", True),
    ("lookup-tsv", {"query": LOOKUP}, {"Accept": "text/tab-separated-values"}, "GET", "/sparql", True),
    ("no-accept", {"query": LOOKUP}, {}, "GET", "/sparql", True),
    ("q-values", {"query": LOOKUP}, {"Accept": "*/*;q=0.5, text/csv"}, "GET", "/sparql", True),
    ("json-alias", {"query": LOOKUP}, {"Accept": "application/json"}, "GET", "/sparql", True),
    ("ask", {"query": "ASK { ?s ?p ?o }"}, {"Accept": JSON}, "GET", "/sparql", True),
    ("construct-turtle", {"query": f"CONSTRUCT WHERE {{ <{EX}item/1> ?p ?o }}"}, {"Accept": "text/turtle"},
     "GET", "/sparql", True),
    ("describe-jsonld", {"query": f"DESCRIBE <{EX}item/2>"}, {"Accept": "application/ld+json"}, "GET",
     "/sparql", True),
    ("aggregate", {"query": AGGREGATE}, {"Accept": JSON}, "GET", "/sparql", True),
    ("vietnamese-literal", {"query": 'SELECT ?s WHERE { ?s ?p "Chỉ tiêu số 4"@vi }'}, {"Accept": "text/csv"},
     "GET", "/sparql", True),
    ("relative-iri", {"query": "SELECT (<rel/x> AS ?x) WHERE {}"}, {"Accept": JSON, "Host": "example.net:8080"},
     "GET", "/sparql", True),
    ("relative-iri-other-host", {"query": "SELECT (<rel/x> AS ?x) WHERE {}"},  # the cached plan is per host
     {"Accept": JSON, "Host": "example.org:9090"}, "GET", "/sparql", True),
    ("unknown-parameter", {"query": LOOKUP, "lang": "vi"}, {"Accept": JSON}, "GET", "/sparql", True),
    ("syntax-error", {"query": "SELECT ?s WHERE { ?s ?p }"}, {"Accept": JSON}, "GET", "/sparql", True),
    ("syntax-error-plain", {"query": "SELECT ?s WHERE { ?s ?p }"}, {"Accept": "text/plain, */*;q=0.1"}, "GET",
     "/sparql", True),
    ("too-many-rows", {"query": ALL}, {"Accept": "text/csv"}, "GET", "/sparql", True),
    ("html-escape", {"query": 'SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}'}, {"Accept": "text/csv"},
     "GET", "/sparql", True),
    # left to Flask
    ("not-acceptable", {"query": LOOKUP}, {"Accept": "image/png"}, "GET", "/sparql", False),
    ("format-parameter", {"query": LOOKUP, "format": "csv"}, {}, "GET", "/sparql", False),
    ("dataset-parameter", {"query": LOOKUP, "default-graph-uri": GRAPH_A}, {"Accept": JSON}, "GET", "/sparql",
     False),
    ("timeout-parameter", {"query": LOOKUP, "timeout": "2"}, {"Accept": JSON}, "GET", "/sparql", False),
    ("repeated-query", "query=ASK%7B%7D&query=ASK%7B%7D", {"Accept": JSON}, "GET", "/sparql", False),
    ("conditional", {"query": LOOKUP}, {"Accept": JSON, "If-None-Match": '"x"'}, "GET", "/sparql", False),
    ("update-in-query", {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}, {}, "GET", "/sparql", False),
    ("service", {"query": "SELECT * WHERE { SERVICE <http://elsewhere.example/sparql> { ?s ?p ?o } }"}, {},
     "GET", "/sparql", False),
    ("service-description", {}, {"Accept": "text/turtle"}, "GET", "/sparql", False),
    ("head", {"query": LOOKUP}, {"Accept": JSON}, "HEAD", "/sparql", False),
    ("trailing-slash", {"query": LOOKUP}, {"Accept": JSON}, "GET", "/sparql/", False),
    ("not-a-query", {"query": "SELEKT * {}"}, {"Accept": JSON}, "GET", "/sparql", False),
    ("invalid-utf8", "query=%FF%FE", {"Accept": JSON}, "GET", "/sparql", False),
]


def _environ(params: dict[str, str] | str, headers: dict[str, str], method: str, path: str) -> dict[str, Any]:
    query_string = params if isinstance(params, str) else urlencode(params)
    return EnvironBuilder(path=path, method=method, query_string=query_string, headers=headers).get_environ()


def _call(wsgi: Any, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen.update(status=status, headers=headers)

    body = b"".join(wsgi(dict(environ), start_response))
    return seen["status"], sorted(seen["headers"]), body


@pytest.fixture(scope="module", params=["memory", "disk"])
def lane_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app over the example data: in memory, and on disk (streaming lookups here, the rest in
    query processes)."""
    folder = tmp_path_factory.mktemp(f"lane-{request.param}")
    settings = Settings.from_env(data_dir=folder, query_timeout=5.0, max_rows=50)
    if request.param == "memory":
        store = OxigraphStore.from_store(memory_store(example_quads()), settings)
    else:
        store = OxigraphStore.open(disk_store(folder / "store", example_quads()), settings)
    yield create_app(settings, store=store, test_config={"TESTING": True})
    store.close()


@pytest.mark.parametrize(("params", "headers", "method", "path", "in_lane"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_lane_answers_as_flask_does(lane_app: Any, params: dict[str, str] | str, headers: dict[str, str],
                                    method: str, path: str, in_lane: bool) -> None:
    lane = lane_app.wsgi_app
    assert isinstance(lane, SparqlLane)
    environ = _environ(params, headers, method, path)
    assert (lane.plan(dict(environ)) is not None) is in_lane
    assert _call(lane, environ) == _call(lane.flask, environ)


def test_lane_results_and_errors_are_what_the_protocol_says(lane_app: Any) -> None:
    lane = lane_app.wsgi_app
    status, headers, body = _call(lane, _environ({"query": LOOKUP}, {"Accept": "text/csv"}, "GET", "/sparql"))
    assert status == "200 OK" and ("Vary", "Accept") in headers
    assert ("Content-Type", "text/csv; charset=utf-8") in headers
    assert "Chỉ tiêu số 3".encode() in body and any(name == "ETag" for name, _ in headers)
    status, headers, body = _call(lane, _environ({"query": ALL}, {"Accept": JSON}, "GET", "/sparql"))
    assert status.startswith("400") and b"more than 50 rows" in body
    status, _, body = _call(lane, _environ({"query": "SELECT ?s WHERE { ?s ?p }"}, {"Accept": JSON}, "GET",
                                           "/sparql"))
    assert status.startswith("400") and b"syntax" in body.lower()


def test_lane_timeout_is_the_flask_503(tmp_path: Path) -> None:
    """A query killed at its deadline in a query process: the same 503 (with Retry-After) both ways."""
    settings = Settings.from_env(data_dir=tmp_path, query_timeout=0.3)
    store = OxigraphStore.open(disk_store(tmp_path / "store", example_quads()), settings)
    try:
        app = create_app(settings, store=store, test_config={"TESTING": True})
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
        environ = _environ({"query": runaway}, {"Accept": JSON}, "GET", "/sparql")
        assert app.wsgi_app.plan(dict(environ)) is not None
        through_lane = _call(app.wsgi_app, environ)
        assert through_lane[0].startswith("503") and ("Retry-After", "5") in through_lane[1]
        assert through_lane == _call(app.wsgi_app.flask, environ)
    finally:
        store.close()

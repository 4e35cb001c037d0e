"""Replay of the W3C SPARQL 1.1 Protocol tests against a real server on 127.0.0.1.

Reads ``../shared/w3c-sparql11-protocol/protocol/manifest.ttl`` with rdflib; each ``mf:ProtocolTest``
is a list of ``ht:Request``s sent as raw HTTP to ``/sparql/``; status class, result family and
ASK value are checked. data1-3.nt are loaded as the named graphs the tests expect. The public
endpoint is read-only, so positive update tests are reported as N/A (skipped with that reason).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
import requests
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from server_fixtures import LiveServer, disk_store, live_server

from repo_paths import PROJECT_ROOT

PROTOCOL_DIR = Path(os.environ.get("NGHIQUYET_SHARED", PROJECT_ROOT.parent / "shared")) / "w3c-sparql11-protocol" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
DATA_GRAPH = "http://kasei.us/2009/09/sparql/data/{name}.rdf"
FAMILIES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml"},
}
pytestmark = pytest.mark.shared


def _load_tests() -> list[Any]:
    manifest = PROTOCOL_DIR / "manifest.ttl"
    if not manifest.exists():
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason=f"needs {manifest} (../shared is absent)"),
                             id="w3c-manifest-absent")]
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    entries = next(graph.objects(None, MF.entries))
    params = []
    for test in Collection(graph, entries):
        requests_node = graph.value(graph.value(test, MF.action), HT.requests)
        steps = [_request(graph, node) for node in Collection(graph, requests_node)]
        name = str(test).rsplit("#", 1)[-1]
        params.append(pytest.param(name, str(graph.value(test, MF.name)), steps, id=name))
    return params


def _request(graph: Graph, node: URIRef) -> dict[str, Any]:
    headers = {}
    headers_list = graph.value(node, HT.headers)
    if headers_list is not None:
        for header in Collection(graph, headers_list):
            headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = {str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)}
    boolean = graph.value(response, MF.expectedBoolean)
    return {
        "method": str(graph.value(node, HT.methodName)),
        "path": str(graph.value(node, HT.absolutePath)),
        "headers": headers,
        "body": body,
        "statuses": statuses,
        "format": str(graph.value(response, MF.expectedFormat) or "") or None,
        "boolean": None if boolean is None else boolean.toPython(),
    }


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    quads = []
    for name in ("data1", "data2", "data3"):
        graph = pyoxigraph.NamedNode(DATA_GRAPH.format(name=name))
        for quad in pyoxigraph.parse(path=str(PROTOCOL_DIR / f"{name}.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES,
                                     base_iri=graph.value):
            quads.append(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, graph))
    path = disk_store(tmp_path_factory.mktemp("w3c") / "store", quads)
    with live_server(path) as server:
        yield server


def _is_update(step: dict[str, Any]) -> bool:
    content_type = step["headers"].get("content-type", "")
    body = step["body"] or b""
    return content_type.startswith("application/sparql-update") or (
        content_type.startswith("application/x-www-form-urlencoded") and body.startswith(b"update="))


def _check(step: dict[str, Any], response: requests.Response) -> None:
    status_class = f"StatusCode{response.status_code // 100}xx"
    assert status_class in step["statuses"], f"{response.status_code}: {response.text[:300]}"
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if step["format"]:
        assert media_type in FAMILIES[step["format"]], media_type
    if step["boolean"] is not None:
        if media_type == "application/sparql-results+json":
            value = json.loads(response.content)["boolean"]
        else:
            value = bool(pyoxigraph.parse_query_results(response.content, pyoxigraph.QueryResultsFormat.XML))
        assert value is step["boolean"]


@pytest.mark.parametrize(("name", "title", "steps"), _load_tests())
def test_w3c_protocol(w3c_server: LiveServer, name: str, title: str, steps: list[dict[str, Any]]) -> None:
    positive_update = any(_is_update(s) and s["statuses"] & {"StatusCode2xx", "StatusCode3xx"} for s in steps)
    if positive_update:
        pytest.skip("N/A: update test on the read-only public endpoint")
    for step in steps:
        response = requests.request(step["method"], w3c_server.url + step["path"], headers=step["headers"],
                                    data=step["body"], timeout=30, allow_redirects=False)
        _check(step, response)

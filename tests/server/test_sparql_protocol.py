"""/sparql through the Flask test client: protocol forms, conneg table, errors, CORS, caching."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from server_fixtures import EX, GRAPH_A, GRAPH_B

from nghiquyet.server.formats import negotiate

SELECT = f"SELECT ?s WHERE {{ ?s <{EX}value> 3 }}"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . FILTER(?s = <{EX}item/3>) }}"
ASK = "ASK { ?s ?p ?o }"


def get(client, query: str, accept: str | None = None, **params: str):
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", query_string={"query": query, **params}, headers=headers)


# -- content negotiation: (query, Accept) → (status, media type) ------------------------------
@pytest.mark.parametrize(
    ("query", "accept", "status", "media_type"),
    [
        (SELECT, None, 200, "application/sparql-results+json"),
        (SELECT, "*/*", 200, "application/sparql-results+json"),
        (SELECT, "application/json", 200, "application/sparql-results+json"),
        (SELECT, "application/sparql-results+xml", 200, "application/sparql-results+xml"),
        (SELECT, "text/csv", 200, "text/csv"),
        (SELECT, "text/tab-separated-values", 200, "text/tab-separated-values"),
        (SELECT, "text/csv;q=0.5, text/tab-separated-values;q=0.9", 200, "text/tab-separated-values"),
        (SELECT, "text/*", 200, "text/csv"),
        (SELECT, "application/sparql-results+json;q=0, */*;q=0.1", 200, "application/sparql-results+xml"),
        (SELECT, "text/turtle", 406, None),
        (SELECT, "image/png", 406, None),
        (ASK, "application/sparql-results+xml", 200, "application/sparql-results+xml"),
        (CONSTRUCT, None, 200, "text/turtle"),
        (CONSTRUCT, "application/n-triples", 200, "application/n-triples"),
        (CONSTRUCT, "application/ld+json", 200, "application/ld+json"),
        (CONSTRUCT, "application/rdf+xml", 200, "application/rdf+xml"),
        (CONSTRUCT, "application/trig", 200, "application/trig"),
        (CONSTRUCT, "application/n-quads", 200, "application/n-quads"),
        (CONSTRUCT, "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", 200,
         "application/rdf+xml"),
        (CONSTRUCT, "application/sparql-results+json", 406, None),
        (f"DESCRIBE <{EX}item/3>", "text/turtle", 200, "text/turtle"),
    ],
)
def test_conneg(client, query, accept, status, media_type) -> None:
    response = get(client, query, accept)
    assert response.status_code == status, response.data
    if media_type:
        assert response.mimetype == media_type
        assert "Accept" in response.headers.get("Vary", "")


def test_negotiate_table() -> None:
    offered = ["text/turtle", "application/ld+json", "application/n-triples"]
    assert negotiate(None, offered) == "text/turtle"
    assert negotiate("", offered) == "text/turtle"
    assert negotiate("application/ld+json;q=0.9, text/turtle;q=0.8", offered) == "application/ld+json"
    assert negotiate("application/*", offered) == "application/ld+json"
    assert negotiate("text/turtle;q=0, */*", offered) == "application/ld+json"
    assert negotiate("text/plain", offered) == "application/n-triples"  # alias
    assert negotiate("text/html", offered) is None
    assert negotiate("garbage", offered) == "text/turtle"  # unparsable = no preference


def test_format_parameter_overrides_accept(client) -> None:
    response = get(client, SELECT, "application/sparql-results+xml", format="csv")
    assert response.mimetype == "text/csv"
    response = get(client, CONSTRUCT, None, output="json")
    assert response.mimetype == "application/ld+json"


def test_results_are_correct_in_every_format(client) -> None:
    data = json.loads(get(client, SELECT).data)
    assert data["results"]["bindings"] == [{"s": {"type": "uri", "value": EX + "item/3"}}]
    assert get(client, SELECT, "text/csv").data.decode().split() == ["s", EX + "item/3"]
    assert json.loads(get(client, ASK).data)["boolean"] is True


# -- the three operation forms and the dataset parameters --------------------------------------
def test_post_form_and_direct(client) -> None:
    response = client.post("/sparql", data={"query": SELECT})
    assert response.status_code == 200 and EX + "item/3" in response.data.decode()
    response = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    assert response.status_code == 200 and EX + "item/3" in response.data.decode()
    response = client.post(f"/sparql?default-graph-uri={quote(GRAPH_B)}", data="SELECT ?s { ?s ?p ?o }",
                           content_type="application/sparql-query; charset=utf-8", headers={"Accept": "text/csv"})
    assert response.data.decode().split() == ["s", EX + "only-b"]


def test_dataset_parameters(client) -> None:
    query = "SELECT ?s { ?s ?p ?o }"
    only_b = get(client, query, "text/csv", **{"default-graph-uri": GRAPH_B})
    assert only_b.data.decode().split() == ["s", EX + "only-b"]
    named = get(client, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", "text/csv", **{"named-graph-uri": GRAPH_A})
    assert named.data.decode().split() == ["g", GRAPH_A]
    union = get(client, f"ASK {{ <{EX}only-b> ?p ?o . <{EX}only-default> ?q ?r }}")
    assert json.loads(union.data)["boolean"] is True
    from_clause = get(client, f"SELECT ?s FROM <{GRAPH_B}> {{ ?s ?p ?o }}", "text/csv")
    assert from_clause.data.decode().split() == ["s", EX + "only-b"]


# -- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "GET", "query_string": "query=ASK%20%7B"}, 400),  # syntax error
        ({"method": "GET", "query_string": "query=ASK%20%7B%7D&query=ASK%20%7B%7D"}, 400),  # repeated
        ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 400),  # wrong media type
        ({"method": "POST", "data": "query=ASK%20%7B%7D"}, 400),  # missing media type
        ({"method": "POST", "data": "ASK {}".encode("utf-16"),
          "content_type": "application/sparql-query; charset=UTF-16"}, 400),
        ({"method": "POST", "data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),
        ({"method": "POST", "query_string": "query=ASK%7B%7D", "data": "ASK {}",
          "content_type": "application/sparql-query"}, 400),
        ({"method": "GET", "query_string": "update=CLEAR%20ALL"}, 400),  # update via GET
        ({"method": "POST", "data": {"update": "CLEAR ALL"}}, 403),  # read-only endpoint
        ({"method": "POST", "data": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}}, 403),
        ({"method": "GET", "query_string": "query=SELECT%20*%20%7BSERVICE%20%3Chttp://127.0.0.1:9/%3E%20%7B%7D%7D"},
         403),
        ({"method": "GET", "query_string": "query=ASK%7B%7D&timeout=soon"}, 400),
        ({"method": "GET", "query_string": "query=ASK%7B%7D&default-graph-uri=not%20an%20iri"}, 400),
        ({"method": "PUT", "query_string": "query=ASK%7B%7D"}, 405),
        ({"method": "POST", "data": {"query": "x" * 1_100_000}}, 413),
    ],
)
def test_errors(client, request_kwargs, status) -> None:
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == status, response.data
    assert response.mimetype in ("text/plain", "application/json")
    assert b"<" not in response.data.split(b"\n", 1)[0]


def test_row_cap_is_explicit(client) -> None:  # settings.max_rows = 50 in the fixture
    response = get(client, "SELECT * { ?s ?p ?o }")
    assert response.status_code == 400
    assert b"rows" in response.data


def test_errors_do_not_echo_html(client) -> None:
    response = get(client, "SELECT <script>alert(1)</script>", "text/html,application/xml;q=0.9,*/*;q=0.8")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_json_errors_for_api_clients(client) -> None:
    response = get(client, "ASK {", "application/json")
    body = json.loads(response.data)
    assert body["status"] == 400 and "syntax" in body["message"]


# -- service description, HEAD, CORS, caching ---------------------------------------------------
def test_service_description(client) -> None:
    import rdflib

    response = client.get("/sparql")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (None, sd.name, rdflib.URIRef(GRAPH_A)) in graph
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"


def test_head_and_cors(client) -> None:
    head = client.head("/sparql", query_string={"query": ASK})
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={"Origin": "http://elsewhere.example",
                                                   "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    error = get(client, "ASK {")
    assert error.headers["Access-Control-Allow-Origin"] == "*"


def test_etag_and_304(client) -> None:
    first = get(client, SELECT)
    assert first.headers.get("ETag")
    again = client.get("/sparql", query_string={"query": SELECT}, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    other = get(client, SELECT, "text/csv")
    assert other.headers["ETag"] != first.headers["ETag"]


def test_client_may_lower_the_timeout(client) -> None:
    assert get(client, ASK, timeout="0.5").status_code == 200
    assert get(client, ASK, timeout="9999").status_code == 200  # clamped to the server limit

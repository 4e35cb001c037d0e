"""Real SPARQL clients against a live server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from server_fixtures import EX, GRAPH_A, LiveServer
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

SELECT = f"SELECT ?s ?label WHERE {{ GRAPH <{GRAPH_A}> {{ ?s <{EX}value> 7 ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}"


def test_sparqlwrapper_select_json_get_and_post(example_server: LiveServer) -> None:
    for method in ("GET", POST):
        client = SPARQLWrapper(example_server.sparql)
        client.setMethod(method)
        client.setQuery(SELECT)
        client.setReturnFormat(JSON)
        bindings = client.query().convert()["results"]["bindings"]
        assert bindings == [{"s": {"type": "uri", "value": EX + "item/7"},
                             "label": {"type": "literal", "value": "Chỉ tiêu số 7", "xml:lang": "vi"}}]


def test_sparqlwrapper_other_formats(example_server: LiveServer) -> None:
    client = SPARQLWrapper(example_server.sparql)
    client.setQuery(SELECT)
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("uri")[0].firstChild.data == EX + "item/7"
    client.setReturnFormat(CSV)
    assert (EX + "item/7").encode() in client.query().convert()
    client.setQuery(f"ASK {{ <{EX}item/7> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}item/7>) }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 3


def test_rdflib_sparqlstore(example_server: LiveServer) -> None:
    store = SPARQLStore(example_server.sparql, returnFormat="json")
    graph = rdflib.Graph(store)
    rows = list(graph.query(SELECT))
    assert rows == [(rdflib.URIRef(EX + "item/7"), rdflib.Literal("Chỉ tiêu số 7", lang="vi"))]
    assert bool(graph.query(f"ASK {{ <{EX}item/7> ?p ?o }}")) is True
    graph = rdflib.Graph(SPARQLStore(example_server.sparql))  # default returnFormat: xml + RDF/XML
    triples = list(graph.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}item/7>) }}"))
    assert len(triples) == 3


def test_rdflib_sparqlstore_sees_syntax_errors(example_server: LiveServer) -> None:
    import pytest
    from urllib.error import HTTPError

    graph = rdflib.Graph(SPARQLStore(example_server.sparql))
    with pytest.raises((HTTPError, Exception)):
        list(graph.query("SELECT * WHERE { ?s ?p }"))

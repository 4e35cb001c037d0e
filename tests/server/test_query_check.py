"""The protocol lexer: query forms, updates, SERVICE targets and which queries stream."""

from __future__ import annotations

import pytest

from nghiquyet.graph.errors import Forbidden
from nghiquyet.server.query_check import analyse, check_services

STREAMING = [
    "SELECT ?p ?o WHERE { <http://x/a> ?p ?o }",
    "PREFIX ex: <http://x/> SELECT * { ex:a ?p ?o . } LIMIT 10 OFFSET 5",
    "ASK { ?s a <http://x/C> }",
    "SELECT ?s { ?s ?p \"Lai Châu\" }",
    "SELECT ?s FROM <http://x/g> WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <http://x/a> <http://x/b>",
]
NOT_STREAMING = [
    "SELECT ?p ?o WHERE { <http://x/a> ?p ?o . ?o ?q ?r }",  # a join
    "SELECT ?s { ?s ?p ?o, ?x }",  # two patterns
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",  # an aggregate
    "SELECT ?o { ?s <http://x/p>/<http://x/q> ?o }",  # a property path
    "SELECT ?o { ?s <http://x/p>* ?o }",
    "SELECT ?o { ?s ?p ?o FILTER(?o > 1) }",
    "SELECT ?s { ?s ?p ?o } ORDER BY ?s",
    "SELECT DISTINCT ?s { ?s ?p ?o }",
    "SELECT ?s { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s { ?s ?p \"x\"@vi }",
    "SELECT ?s { ?s ?p 1 }",
    "SELECT ?s { { ?s ?p ?o } UNION { ?o ?p ?s } }",
    "SELECT ?s { ?s ?p ?o OPTIONAL { ?o ?q ?r } }",
    "SELECT ?s { SERVICE <http://x/sparql> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DESCRIBE ?s WHERE { ?s ?p ?o }",
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s",
]


@pytest.mark.parametrize("query", STREAMING)
def test_one_triple_pattern_streams(query: str) -> None:
    assert analyse(query).streams


@pytest.mark.parametrize("query", NOT_STREAMING)
def test_anything_more_does_not_stream(query: str) -> None:
    assert not analyse(query).streams


@pytest.mark.parametrize(("query", "form", "update"), [
    ("select * { ?s ?p ?o }", "SELECT", False),
    ("PREFIX ask: <http://x/> ASK { ask:a ?p ?o }", "ASK", False),
    ("# SELECT in a comment\nDELETE WHERE { ?s ?p ?o }", "DELETE", True),
    ("SELECT ?s { ?s ?p \"INSERT\" }", "SELECT", False),
])
def test_form_and_update(query: str, form: str, update: bool) -> None:
    info = analyse(query)
    assert (info.form, info.is_update) == (form, update)


def test_service_targets_resolve_prefixes_and_are_checked() -> None:
    info = analyse("PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE SILENT w:sparql { ?s ?p ?o } }")
    assert info.services == ("https://query.wikidata.org/sparql",)
    check_services(info, ("https://query.wikidata.org/sparql",))
    with pytest.raises(Forbidden, match="not in the allow-list"):
        check_services(info, ())
    with pytest.raises(Forbidden, match="variable"):
        check_services(analyse("SELECT * { SERVICE ?x { ?s ?p ?o } }"), ("https://query.wikidata.org/sparql",))


HIDDEN_SERVICES = [
    # issue 15, finding 1: "\#" is part of a prefixed name, not a comment
    "PREFIX ex: <http://example.org/>\nASK { BIND(ex:a\\# AS ?z) SERVICE <http://127.0.0.1:9/secret-path> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nASK { ?s ?p ex:a\\# . SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ?p ex:a\\#b . SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * { FILTER EXISTS { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } }",
    "SELECT * { { SELECT ?s { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } } }",
    "select * { service silent <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * { OPTIONAL { ?s ?p ?o } MINUS { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } }",
    "BASE <http://127.0.0.1:9/> SELECT * { SERVICE <x> { ?s ?p ?o } }",
    "SELECT * { SERVICE <relative> { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } # SERVICE <https://query.wikidata.org/sparql>",
]


@pytest.mark.parametrize("query", HIDDEN_SERVICES)
def test_no_service_call_hides_from_the_check(query: str) -> None:
    info = analyse(query)
    assert info.services and not info.streams
    with pytest.raises(Forbidden):
        check_services(info, ("https://query.wikidata.org/sparql",))


def test_an_escaped_hash_is_part_of_the_name() -> None:
    info = analyse("PREFIX ex: <http://example.org/>\nSELECT * { ?s ?p ex:a\\# }")
    assert info.form == "SELECT" and info.streams and not info.services


def test_service_in_a_string_or_iri_is_no_call() -> None:
    for query in ('SELECT ?x { BIND("SERVICE <http://evil/>" AS ?x) }', "SELECT * { ?s ?p <http://x/service> }",
                  "SELECT * { ?s ?p ?o } # SERVICE <http://evil/>"):
        assert analyse(query).services == ()


def test_unparseable_text_that_mentions_service_is_refused() -> None:
    info = analyse("SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o ")
    with pytest.raises(Forbidden, match="could not be checked"):
        check_services(info, ("http://127.0.0.1:9/x",))

"""Binding by substitution for remote stores: same answers as pyoxigraph's own, no injection."""

from __future__ import annotations

import pyoxigraph
import pytest

from nghiquyet.graph.errors import QueryError
from nghiquyet.server.substitution import substitute

EX = "http://example.org/"
XSD_INT = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for i in range(6):
        item = pyoxigraph.NamedNode(f"{EX}item/{i}")
        store.add(pyoxigraph.Quad(item, pyoxigraph.NamedNode(EX + "n"), pyoxigraph.Literal(str(i), datatype=XSD_INT)))
        if i % 2:
            store.add(pyoxigraph.Quad(item, pyoxigraph.NamedNode(EX + "odd"), pyoxigraph.Literal("yes")))
    return store


def _answer(store: pyoxigraph.Store, query: str, bindings: dict | None = None) -> list[tuple[str, ...]]:
    substitutions = {pyoxigraph.Variable(k): v for k, v in (bindings or {}).items()}
    result = store.query(query, substitutions=substitutions)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(s[n]) for n in names) for s in result)


QUERIES = [
    f"SELECT ?s ?x WHERE {{ ?s <{EX}n> ?n FILTER(?n >= ?x) }}",
    f"SELECT ?s ?x WHERE {{ ?s <{EX}n> ?n {{ FILTER(?n = ?x) }} }}",
    f"SELECT ?s ?x WHERE {{ ?s <{EX}n> ?n OPTIONAL {{ ?s <{EX}n> ?x }} }}",
    f"SELECT (COUNT(*) AS ?c) ?x WHERE {{ SELECT ?s ?x WHERE {{ ?s <{EX}n> ?n FILTER(?n < ?x) }} }} GROUP BY ?x",
    f"SELECT ?s ?x ?k WHERE {{ VALUES (?k ?x) {{ (1 3) (2 4) (3 UNDEF) }} ?s <{EX}n> ?n FILTER(?n > ?k) }} ORDER BY ?x ?s",
    f"PREFIX ex: <{EX}>\nSELECT ?s ?x # ?x in a comment, \"?x\" in a string: untouched\n"
    f"WHERE {{ ?s ex:n ?x ; ex:odd \"?x\"^^<http://www.w3.org/2001/XMLSchema#string> }}",
    f"ASK {{ ?s <{EX}n> ?x }}",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("value", [1, 3, 4])
def test_substituted_text_answers_as_pyoxigraph_binds(store: pyoxigraph.Store, query: str, value: int) -> None:
    bindings = {"x": pyoxigraph.Literal(str(value), datatype=XSD_INT)}
    if query.startswith("ASK"):
        assert bool(store.query(substitute(query, bindings))) == bool(store.query(query, substitutions={
            pyoxigraph.Variable("x"): bindings["x"]}))
        return
    assert _answer(store, substitute(query, bindings)) == _answer(store, query, bindings)


def test_hostile_literal_stays_one_literal(store: pyoxigraph.Store) -> None:
    hostile = pyoxigraph.Literal('x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #\n')
    text = substitute(f"SELECT ?x WHERE {{ BIND(STR(?x) AS ?text) }}", {"x": hostile})
    result = store.query(text)
    assert [v.value for v in result.variables] == ["x"]
    assert [solution["x"] for solution in result] == [hostile]


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT * WHERE { ?s ?p ?x }", "SELECT \\*"),
    ("SELECT ?x WHERE { BIND(1 AS ?x) }", "assign"),
    ("SELECT ?x WHERE { ?s ?p ?o } VALUES ?x { 1 }", "trailing VALUES"),
])
def test_what_cannot_be_bound_is_refused(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        substitute(query, {"x": pyoxigraph.Literal("1")})


def test_blank_nodes_and_bad_names_are_refused() -> None:
    with pytest.raises(QueryError, match="blank node"):
        substitute("SELECT ?x WHERE { ?x ?p ?o }", {"x": pyoxigraph.BlankNode()})
    with pytest.raises(ValueError):
        substitute("SELECT ?x WHERE { ?x ?p ?o }", {"x y": pyoxigraph.Literal("1")})

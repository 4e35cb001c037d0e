"""graph/publication.py: stored graph names of a build, the pointer rows, and graph names in queries."""

from __future__ import annotations

import pytest

from nghiquyet.graph.publication import Published, build_iri, current_build, rename_graphs, stored_name

BASE = "https://w3id.org/nghiquyet/id/"
SHARED = BASE + "graph/shared"


def test_stored_names_are_under_the_build() -> None:
    build = build_iri(BASE, "20261206T195000000000Z-abc-01")
    assert stored_name(BASE, "20261206T195000000000Z-abc-01", SHARED) == build + "/graph/shared"
    with pytest.raises(ValueError):
        stored_name(BASE, "t", "http://example.org/g")


def test_the_newest_pointed_build_wins() -> None:
    old, new = build_iri(BASE, "20261206T190000000000Z-a-01"), build_iri(BASE, "20261206T191000000000Z-b-02")
    rows = [{"build": old, "version": "a", "graph": old + "/graph/shared"},
            {"build": new, "version": "b", "graph": new + "/graph/shared"},
            {"build": new, "version": "b", "graph": new + "/graph/void"}]
    published = current_build(BASE, rows)
    assert published is not None and published.build == new and published.version == "b"
    assert published.graphs == {SHARED: new + "/graph/shared", BASE + "graph/void": new + "/graph/void"}
    assert published.public(old + "/graph/shared") == SHARED  # any build's stored names read back
    assert published.public(BASE + "doc/x") == BASE + "doc/x" and published.public(new) == new
    assert current_build(BASE, []) is None


def test_graph_names_in_queries_are_renamed_only_where_they_name_graphs() -> None:
    rename = {SHARED: "https://w3id.org/nghiquyet/id/build/t/graph/shared"}
    query = (f"PREFIX g: <{BASE}graph/>\nSELECT * FROM <{SHARED}> FROM NAMED g:shared "
             f"WHERE {{ GRAPH <{SHARED}> {{ ?s ?p <{SHARED}> }} GRAPH ?g {{ ?s ?p \"<{SHARED}>\" }} }} # <{SHARED}>")
    renamed = rename_graphs(query, rename)
    stored = "<https://w3id.org/nghiquyet/id/build/t/graph/shared>"
    assert renamed == (f"PREFIX g: <{BASE}graph/>\nSELECT * FROM {stored} FROM NAMED {stored} "
                       f"WHERE {{ GRAPH {stored} {{ ?s ?p <{SHARED}> }} GRAPH ?g {{ ?s ?p \"<{SHARED}>\" }} }} # <{SHARED}>")
    assert rename_graphs(query, {}) == query
    assert isinstance(Published(BASE, "b", "v").stored, list)

"""The data a validation of the streamed build reads, as an in-memory Oxigraph store, and its check.

:func:`data_store` loads N-Quads/N-Triples texts and files into a store (no rdflib on the way);
:func:`closure` adds what the shared graphs say about the IRIs the data points at, a few hops
deep; :func:`violations` validates the store's data with the shapes (the compiled SPARQL checks,
or pySHACL on an rdflib copy when ``validator`` is ``pyshacl``) and keeps the violations of the
focus nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Collection, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

__all__ = ["rdflib_term", "data_store", "closure", "violations", "iri_subjects", "CONTEXT_DEPTH"]

CONTEXT_DEPTH = 3  # hops from a document's nodes into the shared graphs (body → province → scheme)


def data_store(texts: Iterable[str] = (), files: Iterable[Path] = (), ntriples: Iterable[str] = ()) -> ox.Store:
    """A new in-memory store with the N-Quads ``texts`` and ``files`` and the N-Triples ``ntriples``
    (transactional loads: into a memory store a quarter faster than bulk loads)."""
    store = ox.Store()
    for text in texts:
        if text:
            store.load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
    for path in files:
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    for text in ntriples:
        if text:
            store.load(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def iri_subjects(nquads: str) -> set[str]:
    """The IRI subjects of an N-Quads text."""
    return {q.subject.value for q in ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)
            if isinstance(q.subject, ox.NamedNode)}


def closure(store: ox.Store, shared: ox.Store, depth: int = CONTEXT_DEPTH) -> None:
    """Add to ``store`` what ``shared`` says about the IRIs ``store`` points at, and about what those
    point at, up to ``depth`` hops."""
    seen: set[ox.NamedNode] = set()
    frontier = {q.object for q in store if isinstance(q.object, ox.NamedNode)}
    found_quads: list[ox.Quad] = []
    for _ in range(depth):
        frontier -= seen
        seen |= frontier
        found = set()
        for node in frontier:
            for quad in shared.quads_for_pattern(node, None, None):
                found_quads.append(ox.Quad(quad.subject, quad.predicate, quad.object))
                if isinstance(quad.object, ox.NamedNode):
                    found.add(quad.object)
        frontier = found
    store.extend(found_quads)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib parses one
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def violations(store: ox.Store, shapes: Graph, validator: str, focus: Collection[str]) -> list[dict[str, Any]]:
    """The violations of the ``focus`` nodes in ``store`` (every graph of it, with ``shapes``)."""
    from nghiquyet.graph.shacl_compile import compiled_for
    from nghiquyet.graph.shacl_sparql import add_shapes, run_checks
    from nghiquyet.graph.validate import validate_graph

    if not focus:
        return []
    if validator == "pyshacl":
        data = Graph()
        data.addN((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), data) for q in store)
        report = validate_graph(data, shapes=shapes, focus=[URIRef(iri) for iri in focus], engine="pyshacl")
        results = report.results
    else:
        add_shapes(store, shapes)
        kept = set(focus)
        results = [r for r in run_checks(store, compiled_for(shapes), union=True) if r["focus"] in kept]
    return [r for r in results if r["severity"] == "Violation"]

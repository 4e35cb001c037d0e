"""Compare RDF datasets as canonical quad sets: named graph by named graph, blank nodes up to isomorphism."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

__all__ = ["quad_sets", "dataset_quads", "store_quads", "differences"]


def store_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of a pyoxigraph store."""
    return list(store)


def dataset_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of an rdflib dataset as a pyoxigraph store keeps it (Oxigraph stores numbers by
    value: ``"5"^^xsd:nonNegativeInteger`` comes back as ``"5"^^xsd:integer``, ``"0.0"`` as ``"0"``)."""
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), ox.RdfFormat.N_QUADS)
    return list(store)


def quad_sets(quads: Iterable[ox.Quad]) -> dict[str, set[str]]:
    """``{graph IRI: {N-Triples line, …}}`` (the default graph under "")."""
    out: dict[str, set[str]] = defaultdict(set)
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        out[name].add(f"{quad.subject} {quad.predicate} {quad.object} .")
    return dict(out)


def _has_bnode(lines: set[str]) -> bool:
    return any("_:" in line for line in lines)


def differences(one: Iterable[ox.Quad], two: Iterable[ox.Quad], *, limit: int = 8) -> list[str]:
    """What tells ``one`` from ``two`` (empty when they are the same dataset up to blank-node labels)."""
    first, second = quad_sets(one), quad_sets(two)
    problems = [f"graph {g} only in the first" for g in sorted(set(first) - set(second))]
    problems += [f"graph {g} only in the second" for g in sorted(set(second) - set(first))]
    for name in sorted(set(first) & set(second)):
        a, b = first[name], second[name]
        if a == b:
            continue
        if _has_bnode(a) or _has_bnode(b):
            ga = Graph().parse(data="\n".join(a), format="nt")
            gb = Graph().parse(data="\n".join(b), format="nt")
            if isomorphic(ga, gb):
                continue
        only_a, only_b = sorted(a - b), sorted(b - a)
        problems.append(f"graph {name}: {len(only_a)} triples only in the first, e.g. {only_a[:limit]}; "
                        f"{len(only_b)} only in the second, e.g. {only_b[:limit]}")
    return problems

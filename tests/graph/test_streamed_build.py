"""The published build equals the reference: the whole-corpus, in-memory pipeline of ``assemble``.

``assemble`` keeps the original pipeline (every document mapped into one rdflib dataset, the
whole-graph steps run on it); the build itself streams. Both must give the same named graphs with
the same triples (blank nodes up to isomorphism), and the same VoID description.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from nghiquyet.graph.build import assemble
from nghiquyet.graph.publish import dataset_version, void_graph
from nghiquyet.graph.settings import Settings
from quad_sets import dataset_quads, differences, store_quads


@pytest.fixture(scope="module")
def reference(built_settings: Settings):
    """The reference dataset of corpus/ with its VoID graph, as pyoxigraph quads."""
    dataset, _, _ = assemble(built_settings)
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    void = void_graph(built_settings, dataset, dataset_version(dataset), graphs)
    target = dataset.graph(URIRef(built_settings.base_iri + "graph/void"))
    for triple in void:
        target.add(triple)
    return dataset_quads(dataset)


def test_the_build_equals_the_reference_pipeline(built_settings: Settings, reference) -> None:
    store = ox.Store.read_only(str(built_settings.store_dir))
    assert differences(store_quads(store), reference) == []


def test_the_comparison_sees_a_missing_and_a_changed_triple(reference) -> None:
    changed = list(reference)
    dropped = changed.pop(len(changed) // 2)
    assert differences(changed, reference)
    literal = next(q for q in reference if isinstance(q.object, ox.Literal) and q.object.language)
    altered = [ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + "!", language=q.object.language), q.graph_name)
               if q == literal else q for q in reference]
    assert differences(altered, reference)
    assert dropped is not None

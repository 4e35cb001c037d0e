"""The published build equals the reference: the whole-corpus, in-memory pipeline of ``assemble``.

``assemble`` keeps the original pipeline (every document mapped into one rdflib dataset, the
whole-graph steps run on it); the build itself streams (graph/build_stream.py). Both must give the
same named graphs with the same triples (blank nodes up to isomorphism), and the same VoID
description, in the store and in every dump — the dumps as written, datatypes and all
(``"5"^^xsd:nonNegativeInteger`` stays that, where the store keeps the number 5 as xsd:integer).
"""

from __future__ import annotations

import gzip

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from nghiquyet.graph.build import assemble
from nghiquyet.graph.publish import dataset_version, dump_name, void_graph
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


@pytest.fixture(scope="module")
def written(built_settings: Settings):
    """The reference dataset's quads as rdflib writes them (no store in between)."""
    dataset, _, _ = assemble(built_settings)
    return list(ox.parse(dataset.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def test_the_dumps_say_what_the_reference_says(built_settings: Settings, written) -> None:
    dumps = built_settings.dumps_dir
    with gzip.open(dumps / "dataset.nq.gz", "rb") as handle:
        nquads = list(ox.parse(handle.read(), format=ox.RdfFormat.N_QUADS))
    assert differences(nquads, written) == []
    assert differences(list(ox.parse(path=str(dumps / "dataset.trig"), format=ox.RdfFormat.TRIG)), written) == []
    typed = [q for q in nquads if isinstance(q.object, ox.Literal)
             and q.object.datatype.value.endswith("#nonNegativeInteger")]
    assert typed, "the dumps keep xsd:nonNegativeInteger"
    graphs = {q.graph_name.value for q in written}
    for graph in graphs:
        name = ox.NamedNode(graph)
        turtle = [ox.Quad(t.subject, t.predicate, t.object, name)
                  for t in ox.parse(path=str(dumps / dump_name(graph, built_settings.base_iri)), format=ox.RdfFormat.TURTLE)]
        assert differences(turtle, [q for q in written if q.graph_name == name]) == [], graph


def test_one_worker_builds_what_two_build(built_settings: Settings, tmp_path) -> None:
    from nghiquyet.graph.build import build_dataset

    settings = Settings.from_env(data_dir=tmp_path)
    result = build_dataset(settings, jobs=1)
    assert differences(store_quads(ox.Store.read_only(str(settings.store_dir))),
                       store_quads(ox.Store.read_only(str(built_settings.store_dir)))) == []
    assert result.version == (built_settings.store_dir / "VERSION").read_text().strip()

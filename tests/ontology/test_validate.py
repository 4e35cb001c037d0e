"""``graph.validate``: the report it returns, datasets, messages, speed."""

from __future__ import annotations

import time

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH, SKOS, XSD
from rdflib.term import Node

from nghiquyet.graph.settings import DEFAULT_BASE_IRI
from nghiquyet.graph.validate import ShapesError, ValidationReport, load_shapes, validate_graph

NQ = "https://w3id.org/nghiquyet/ontology#"
Q2 = URIRef(DEFAULT_BASE_IRI + "doc/test-resolution/quantity/2-3-2-ty-le-che-phu-rung")
RESULT_KEYS = {"focus", "path", "shape", "constraint", "message", "severity", "value"}


def _copy(graph: Graph) -> Graph:
    out = Graph()
    out += graph
    return out


def test_a_dataset_is_validated_as_one_graph(shapes: Graph, base_world: Graph) -> None:
    """Facts in a document graph may point at indicators and provinces in graph/shared."""
    dataset = Dataset()
    shared = dataset.graph(URIRef(DEFAULT_BASE_IRI + "graph/shared"))
    document = dataset.graph(URIRef(DEFAULT_BASE_IRI + "graph/test-resolution"))
    for s, p, o in base_world:
        (document if str(s).startswith(DEFAULT_BASE_IRI + "doc/") else shared).add((s, p, o))
    report = validate_graph(dataset, shapes=shapes)
    assert report.conforms, report.text


def test_results_carry_full_iris_and_filled_messages(shapes: Graph, base_world: Graph) -> None:
    graph = _copy(base_world)
    graph.remove((Q2, URIRef(NQ + "unit"), None))
    graph.set((Q2, URIRef(NQ + "value"), Literal("250", datatype=XSD.decimal)))
    report = validate_graph(graph, shapes=shapes)
    assert not report.conforms
    assert all(set(r) == RESULT_KEYS for r in report.results)
    (missing_unit,) = [r for r in report.results if r["path"] == NQ + "unit"]
    assert missing_unit["focus"] == str(Q2)
    assert missing_unit["shape"] == "https://w3id.org/nghiquyet/shapes#QuantityShape-unit"
    assert missing_unit["constraint"] == str(SH.MinCountConstraintComponent)
    assert missing_unit["severity"] == "Violation" and missing_unit["value"] is None
    assert missing_unit["message"] == (f"Quantity {Q2} must have exactly one nq:unit, an nq:Unit of nq:UnitScheme.")
    assert f"[Violation] Quantity {Q2} must have exactly one nq:unit" in report.text


def test_warnings_do_not_fail_the_gate(shapes: Graph, base_world: Graph) -> None:
    graph = _copy(base_world)
    body = URIRef(DEFAULT_BASE_IRI + "body/vn/bo-cong-thuong")
    graph.remove((body, SKOS.prefLabel, Literal("Ministry of Industry and Trade", lang="en")))
    report = validate_graph(graph, shapes=shapes)
    assert report.conforms and report.violations == []
    assert [r["severity"] for r in report.results] == ["Warning"]
    assert report.text.startswith("Conforms: True (0 violation(s), 1 warning(s)")


def test_the_report_text_is_stable(shapes: Graph, base_world: Graph) -> None:
    graph = _copy(base_world)
    graph.remove((Q2, None, None))
    graph.add((Q2, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(NQ + "Target")))
    first, second = validate_graph(graph, shapes=shapes), validate_graph(graph, shapes=shapes)
    assert first.text == second.text and first.results == second.results
    assert len(first.violations) > 5


def test_broken_shapes_raise(base_world: Graph) -> None:
    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
    """, format="turtle")
    with pytest.raises(ShapesError):
        validate_graph(base_world, shapes=broken)


def test_default_shapes_are_the_ontology_folder(base_world: Graph) -> None:
    assert isinstance(validate_graph(base_world), ValidationReport)
    assert len(load_shapes()) > 1000


def _renamed(node: Node, prefix: str, copy: int) -> Node:
    if isinstance(node, URIRef) and node.startswith(prefix):
        return URIRef(f"{prefix}c{copy}-{node[len(prefix):]}")
    return node


def _scaled(base_world: Graph, copies: int) -> Graph:
    """``copies`` renamed copies of the base world's documents and facts (shared nodes kept)."""
    prefix = DEFAULT_BASE_IRI + "doc/"
    out = Graph()
    for k in range(copies):
        out.addN((_renamed(s, prefix, k), p, _renamed(o, prefix, k), out) for s, p, o in base_world)
    return out


def test_validation_takes_seconds(shapes: Graph, base_world: Graph) -> None:
    """About 20k triples (1,200 facts with provenance) validate in seconds, not minutes.

    The bound is loose on purpose (shared CI machines). Without the SPARQL targets that pre-select
    failing nodes, pySHACL would parse the two SPARQL constraints once per annotation and quantity,
    about half a minute more at this size.
    """
    graph = _scaled(base_world, 60)
    assert len(graph) > 20_000
    started = time.perf_counter()
    report = validate_graph(graph, shapes=shapes)
    elapsed = time.perf_counter() - started
    assert report.conforms, report.text[:2000]
    assert elapsed < 60, f"validating {len(graph)} triples took {elapsed:.1f} s"

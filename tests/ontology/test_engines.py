"""The SPARQL validator (the shapes compiled to SPARQL, run by Oxigraph) against pySHACL, the reference.

Both engines must report the same results — focus node, shape, path, severity, constraint
component and value — on every shape case of tests/ontology/shapes and on the real build of
corpus/ (as built, and with faults put in). Constructs the compiler does not translate are refused
with a clear error, never skipped.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from nghiquyet.graph.errors import ShapesError, UnsupportedShape
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.shacl_compile import compile_shapes
from nghiquyet.graph.validate import load_shapes, validate_graph

from test_shapes import CASE_DIRS, load_case

NQ = "https://w3id.org/nghiquyet/ontology#"


def _findings(results: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    # Oxigraph keeps decimals as values ("0.0" reads "0"), so messages quoting a bound may differ in
    # the lexical form of a number: messages are compared by the message tests, not here.
    return {(r["focus"], r["shape"], r["path"], r["severity"], r["constraint"], r["value"]) for r in results}


def _same(data: Graph, shapes: Graph) -> tuple[set[tuple[Any, ...]], str]:
    reference = validate_graph(data, shapes=shapes, engine="pyshacl")
    compiled = validate_graph(data, shapes=shapes, engine="sparql")
    assert compiled.conforms == reference.conforms
    only_reference = _findings(reference.results) - _findings(compiled.results)
    only_compiled = _findings(compiled.results) - _findings(reference.results)
    problems = [f"pySHACL only: {f}" for f in sorted(only_reference, key=str)]
    problems += [f"SPARQL only: {f}" for f in sorted(only_compiled, key=str)]
    return _findings(reference.results), "\n".join(problems)


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_both_engines_agree_on_every_shape_case(case_dir: Path, shapes: Graph) -> None:
    case = load_case(case_dir)
    findings, problems = _same(case.graph, shapes)
    assert not problems, f"{case.name}:\n{problems}"
    assert case.conforms or findings  # a failing case fails in both


def _built_graph(settings: Settings) -> Graph:
    """Every triple of the build (its graphs merged) as its N-Quads dump writes them."""
    dataset = Dataset()
    with gzip.open(settings.dumps_dir / "dataset.nq.gz", "rt", encoding="utf-8") as handle:
        dataset.parse(data=handle.read(), format="nquads")
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads((None, None, None, None)))
    return graph


def test_both_engines_agree_on_the_real_build(built_settings: Settings) -> None:
    shapes = load_shapes(built_settings.ontology_dir)
    data = _built_graph(built_settings)
    assert len(data) > 5000
    findings, problems = _same(data, shapes)
    assert not problems, problems
    # faults: an implausible percentage, a quantity without document, a second comparator
    quantities = sorted(data.subjects(URIRef(NQ + "unit"), URIRef(built_settings.base_iri + "unit/percent")))
    assert len(quantities) >= 3
    first, second, third = quantities[:3]
    data.set((first, URIRef(NQ + "value"), Literal("250", datatype=XSD.decimal)))
    data.remove((second, URIRef(NQ + "statedIn"), None))
    data.add((third, URIRef(NQ + "comparator"), URIRef(NQ + "AtMost")))
    data.add((third, URIRef(NQ + "comparator"), URIRef(NQ + "Equal")))
    findings, problems = _same(data, shapes)
    assert not problems, problems
    assert {f[0] for f in findings if f[3] == "Violation"} >= {str(first), str(second), str(third)}


def test_unsupported_constructs_are_refused_by_name() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:closed true .
    """, format="turtle")
    with pytest.raises(UnsupportedShape, match=r"urn:s.*sh:closed"):
        compile_shapes(shapes)
    assert issubclass(UnsupportedShape, ShapesError)


def test_an_unknown_engine_is_a_configuration_error_naming_the_engines() -> None:
    from nghiquyet.graph.errors import ConfigError

    with pytest.raises(ConfigError, match=r"unknown validator 'jena' \(one of sparql, pyshacl\)"):
        validate_graph(Graph(), shapes=Graph(), engine="jena")

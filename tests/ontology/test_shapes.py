"""The SHACL shapes, tested both ways on fixture folders.

``tests/ontology/shapes/<case>/`` holds ``data.ttl`` (triples added), an optional ``remove.ttl``
(triples removed from ``base.ttl``) and ``expect.yaml``::

    description: a range whose upper bound is below its lower bound
    base: true             # start from tests/ontology/base.ttl (default)
    conforms: false
    violations:            # exactly these results: shape (local name), path (null = node-level), focus
      - {shape: QuantityShape-value, path: nq:value, focus: doc/test-resolution/quantity/…}
    warnings: []           # exactly these warnings (default: none)

Focus nodes are written relative to the data base IRI; paths and vocabulary terms with prefixes.
Two more tests keep the folders honest: the base world exercises every targeted shape, and every
shape that can report has at least one failing case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from nghiquyet.graph.settings import DEFAULT_BASE_IRI
from nghiquyet.graph.validate import ValidationReport, validate_graph

HERE = Path(__file__).resolve().parent
BASE_TTL = HERE / "base.ttl"
CASE_DIRS = sorted(p for p in (HERE / "shapes").iterdir() if (p / "expect.yaml").is_file())

PREFIXES = {
    "nq": "https://w3id.org/nghiquyet/ontology#",
    "nqsh": "https://w3id.org/nghiquyet/shapes#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "ex": "https://example.org/",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One result in the compact form of expect.yaml."""

    shape: str
    path: str | None
    focus: str

    def __str__(self) -> str:
        return f"{self.shape} · path {self.path} · focus {self.focus}"


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    graph: Graph
    conforms: bool
    violations: frozenset[Finding]
    warnings: frozenset[Finding]


def compact(iri: str | None) -> str | None:
    """Data IRIs relative to the base, vocabulary IRIs as ``prefix:local``, paths likewise."""
    if iri is None:
        return None
    if iri.startswith(("^", "(", "<")):
        return re.sub(r"<([^>]+)>", lambda m: compact(m.group(1)) or "", iri)
    if iri.startswith(DEFAULT_BASE_IRI):
        return iri[len(DEFAULT_BASE_IRI):]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def finding_of(result: dict[str, Any]) -> Finding:
    return Finding(result["shape"].rsplit("#", 1)[-1], compact(result["path"]), compact(result["focus"]) or "")


def _findings(entries: list[dict[str, Any]] | None) -> frozenset[Finding]:
    return frozenset(Finding(str(e["shape"]), e.get("path"), str(e["focus"])) for e in entries or [])


def load_case(case_dir: Path) -> Case:
    """The case graph (base − remove.ttl + data.ttl) and its expectations."""
    expect = yaml.safe_load((case_dir / "expect.yaml").read_text(encoding="utf-8")) or {}
    unknown = set(expect) - {"description", "base", "conforms", "violations", "warnings"}
    assert not unknown, f"{case_dir.name}/expect.yaml: unknown keys {sorted(unknown)}"
    graph = Graph()
    if expect.get("base", True):
        graph.parse(BASE_TTL, format="turtle")
    if (remove := case_dir / "remove.ttl").is_file():
        for triple in Graph().parse(remove, format="turtle"):
            assert triple in graph, f"{case_dir.name}/remove.ttl: {triple} is not in the base graph"
            graph.remove(triple)
    if (data := case_dir / "data.ttl").is_file():
        graph.parse(data, format="turtle")
    return Case(case_dir.name, str(expect.get("description", "")), graph, bool(expect["conforms"]),
                _findings(expect.get("violations")), _findings(expect.get("warnings")))


def _diff(label: str, expected: frozenset[Finding], actual: frozenset[Finding]) -> list[str]:
    lines = [f"  missing {label}: {f}" for f in sorted(expected - actual)]
    return lines + [f"  unexpected {label}: {f}" for f in sorted(actual - expected)]


@functools.lru_cache(maxsize=None)
def _validated(case_dir: Path, shapes: Graph) -> tuple[Case, ValidationReport]:
    """Each case is validated once per session (the message test reuses the reports)."""
    case = load_case(case_dir)
    return case, validate_graph(case.graph, shapes=shapes)


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_shape_case(case_dir: Path, shapes: Graph) -> None:
    case, report = _validated(case_dir, shapes)
    violations = frozenset(finding_of(r) for r in report.results if r["severity"] == "Violation")
    warnings = frozenset(finding_of(r) for r in report.results if r["severity"] == "Warning")
    problems = _diff("violation", case.violations, violations) + _diff("warning", case.warnings, warnings)
    if report.conforms != case.conforms:
        problems.insert(0, f"  conforms is {report.conforms}, expected {case.conforms}")
    assert not problems, f"{case.name}: {case.description}\n" + "\n".join(problems) + "\n\n" + report.text


def test_messages_name_the_focus_node(shapes: Graph) -> None:
    """Every reported message is filled in: no placeholder left, and it names the focus node."""
    for case_dir in CASE_DIRS:
        _, report = _validated(case_dir, shapes)
        for result in report.results:
            assert "{$" not in result["message"] and "{?" not in result["message"], result
            assert result["focus"] in result["message"], result


# --- the fixture folders cover the shapes ---------------------------------------------------------


def _reportable_shapes(shapes: Graph) -> set[str]:
    """Shapes that can be the sh:sourceShape of a result: property shapes of targeted node shapes,
    and targeted node shapes with constraints of their own."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    targeted = {s for p in targets for s in shapes.subjects(p, None)}
    reportable: set[str] = set()
    for node in targeted:
        reportable.update(str(p) for p in shapes.objects(node, SH.property))
        own = {SH["class"], SH.xone, SH["or"], SH["and"], SH["not"], SH.sparql, SH.closed, SH.node}
        if any((node, p, None) in shapes for p in own):
            reportable.add(str(node))
    return {iri.rsplit("#", 1)[-1] for iri in reportable}


def test_every_shape_has_a_failing_case(shapes: Graph) -> None:
    covered = set()
    for case_dir in CASE_DIRS:
        case = load_case(case_dir)
        covered.update(f.shape for f in case.violations | case.warnings)
    missing = sorted(_reportable_shapes(shapes) - covered)
    assert not missing, f"shapes without a failing case: {missing}"


def test_base_world_exercises_every_targeted_shape(shapes: Graph, base_world: Graph) -> None:
    """Each targeted node shape has at least one focus node in the (conforming) base world.

    Shapes whose SPARQL target pre-selects the failing nodes for their SPARQL constraint
    (QuantityConsistencyShape, ProvenanceQuoteShape) select nothing in a conforming graph by design.
    """
    world = base_world + shapes
    idle = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        focus: set[Any] = set()
        for cls in shapes.objects(shape, SH.targetClass):
            focus.update(world.query(
                "SELECT ?x WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }",
                initBindings={"c": cls}))
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            focus.update(world.subjects(prop, None))
        for target in shapes.objects(shape, SH.target):
            select = str(shapes.value(target, SH.select))
            focus.update(world.query(f"PREFIX nq: <{PREFIXES['nq']}> {select}"))
        targeted = any((shape, p, None) in shapes for p in (SH.targetClass, SH.targetSubjectsOf, SH.target))
        prefiltered = (shape, SH.target, None) in shapes and (shape, SH.sparql, None) in shapes
        if targeted and not prefiltered and not focus:
            idle.append(str(shape))
    assert not idle, f"targeted shapes with no focus node in base.ttl: {sorted(idle)}"


def test_base_world_conforms_without_warnings(shapes: Graph, base_world: Graph) -> None:
    report = validate_graph(base_world, shapes=shapes)
    assert report.conforms and not report.results, report.text


def test_compact_form() -> None:
    """The compact form expect.yaml uses for focus nodes and paths."""
    assert compact(str(URIRef(DEFAULT_BASE_IRI + "doc/x"))) == "doc/x"
    assert compact("^<https://w3id.org/nghiquyet/ontology#hasTask>") == "^nq:hasTask"

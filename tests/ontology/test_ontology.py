"""Invariants of the ontology, its vocabularies and shapes (in the spirit of Brick's ontology tests)."""

from __future__ import annotations

import csv
import importlib.metadata
import json
import sys
import types
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nghiquyet.graph.settings import DEFAULT_BASE_IRI
from repo_paths import PROJECT_ROOT

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
ONTOLOGY_TTL = ONTOLOGY_DIR / "nghiquyet.ttl"
CONTEXT = PROJECT_ROOT / "mappings" / "context.jsonld"
GOLD_CSV = PROJECT_ROOT / "tests" / "fixtures" / "gold" / "targets.csv"
NQ = Namespace("https://w3id.org/nghiquyet/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/nghiquyet/ontology")
UNIT = DEFAULT_BASE_IRI + "unit/"
PART_ROLE = DEFAULT_BASE_IRI + "part-role/"
ALL_TTL = sorted(ONTOLOGY_DIR.rglob("*.ttl"))
# Units that the devset gold uses beyond tests/fixtures/gold (see ../shared/devset/README.md).
DEVSET_UNITS = {"rank", "years", "index", "visit_per_year"}


def _ontology_graph() -> Graph:
    """What the build publishes as graph/ontology: ontology/*.ttl and ontology/vocab/*.ttl."""
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _ontology_graph()


# --- every file parses ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_TTL, ids=[str(p.relative_to(ONTOLOGY_DIR)) for p in ALL_TTL])
def test_file_parses(path: Path) -> None:
    """Each Turtle file parses; a failure names the file, line and column."""
    try:
        quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    except SyntaxError as error:
        pytest.fail(f"{path.relative_to(PROJECT_ROOT)}:{error.lineno}:{error.offset}: {error.msg}")
    assert quads, f"{path} is empty"


# --- the ontology header --------------------------------------------------------------------------


def test_exactly_one_versioned_ontology(ontology: Graph) -> None:
    ontologies = set(ontology.subjects(RDF.type, OWL.Ontology))
    assert ontologies == {ONTOLOGY_IRI}
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    version_info = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    assert version_iri is not None and version_info is not None
    assert str(version_iri) == f"{ONTOLOGY_IRI}/{version_info}"


def test_version_follows_the_package(ontology: Graph) -> None:
    """The ontology version is the project version (pyproject.toml)."""
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == project["version"]


# --- labels and definitions -----------------------------------------------------------------------

_TERM_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def _nq_terms(graph: Graph) -> set[URIRef]:
    return {s for t in _TERM_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef) and s.startswith(NQ)}


def test_every_class_and_property_has_bilingual_label_and_definition(ontology: Graph) -> None:
    problems = []
    for term in sorted(_nq_terms(ontology)):
        for predicate in (RDFS.label, SKOS.definition):
            languages = Counter(o.language for o in ontology.objects(term, predicate) if isinstance(o, Literal))
            for language in ("vi", "en"):
                if languages[language] != 1:
                    problems.append(f"{term.n3(ontology.namespace_manager)}: {languages[language]} {predicate.n3(ontology.namespace_manager)}@{language}")
    assert not problems, "\n".join(problems)


def test_classes_and_properties_are_defined_by_the_ontology(ontology: Graph) -> None:
    undefined = [t for t in _nq_terms(_ontology_only()) if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology]
    assert not undefined, sorted(undefined)


def _ontology_only() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


# --- every nq: term that is used is declared ------------------------------------------------------


def _context_terms(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _context_terms(key)
            yield from _context_terms(value)
    elif isinstance(node, list):
        for value in node:
            yield from _context_terms(value)
    elif isinstance(node, str) and node.startswith("nq:"):
        yield str(NQ) + node[3:]
    elif isinstance(node, str) and node.startswith(str(NQ)) and node != str(NQ):
        yield node


def _used_terms() -> dict[str, set[URIRef]]:
    """nq: IRIs used in the shapes, the vocabularies and the mapping context, by source."""
    used: dict[str, set[URIRef]] = {}
    for path in sorted((ONTOLOGY_DIR / "shapes").glob("*.ttl")) + sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        terms = {n for triple in graph for n in triple if isinstance(n, URIRef) and n.startswith(NQ)}
        used[str(path.relative_to(PROJECT_ROOT))] = terms
    if CONTEXT.is_file():
        context = json.loads(CONTEXT.read_text(encoding="utf-8"))
        used[str(CONTEXT.relative_to(PROJECT_ROOT))] = {URIRef(t) for t in _context_terms(context)}
    return used


def test_every_used_nq_term_is_declared(ontology: Graph) -> None:
    """A term is declared when the ontology or a vocabulary gives it an rdf:type."""
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    problems = [f"{source}: {term}" for source, terms in _used_terms().items() for term in sorted(terms - declared)]
    assert not problems, "undeclared nq: terms:\n" + "\n".join(problems)


# --- vocabularies ---------------------------------------------------------------------------------


def _notations(ontology: Graph, scheme: URIRef) -> dict[str, URIRef]:
    members = sorted(ontology.subjects(SKOS.inScheme, scheme))
    notations = [str(ontology.value(m, SKOS.notation)) for m in members]
    assert len(set(notations)) == len(notations), f"duplicate notations in {scheme}: {notations}"
    return dict(zip(notations, members))


def test_unit_iris_are_their_notations(ontology: Graph) -> None:
    units = _notations(ontology, NQ.UnitScheme)
    assert all(str(iri) == UNIT + notation for notation, iri in units.items())
    for notation, iri in units.items():
        assert ontology.value(iri, NQ.perYear) == Literal(notation.endswith("_per_year")), notation


def test_units_cover_the_gold_and_the_devset(ontology: Graph) -> None:
    with GOLD_CSV.open(encoding="utf-8", newline="") as handle:
        gold = {row["unit"] for row in csv.DictReader(handle)}
    missing = sorted((gold | DEVSET_UNITS) - set(_notations(ontology, NQ.UnitScheme)))
    assert not missing, f"units without a concept in vocab/units.ttl: {missing}"


def test_gold_values_are_plausible(ontology: Graph) -> None:
    """The plausibility bounds accept every hand-checked gold value (the gate must not reject them)."""
    units = _notations(ontology, NQ.UnitScheme)
    problems = []
    with GOLD_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            unit = units[row["unit"]]
            low, high = ontology.value(unit, NQ.minPlausible), ontology.value(unit, NQ.maxPlausible)
            for raw in filter(None, (row["value"], row["value_max"])):
                value = Decimal(raw)
                if (low is not None and value < low.toPython()) or (high is not None and value > high.toPython()):
                    problems.append(f"{row['doc']} {row['indicator']}: {raw} {row['unit']}")
            if row["unit"].endswith("_per_year") and row["annual"] != "yes":
                problems.append(f"{row['doc']} {row['indicator']}: per-year unit but annual = {row['annual']}")
    assert not problems, "\n".join(problems)


def _context() -> dict[str, Any]:
    return json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]


@pytest.mark.parametrize(("key", "scheme"), [("role", "RoleScheme"), ("comparator", "ComparatorScheme")])
def test_mapping_sends_each_notation_to_its_concept(ontology: Graph, key: str, scheme: str) -> None:
    """The context maps the record values (lead, >=, …) onto the concepts whose notation they are."""
    scoped = _context()[key]["@context"]
    concepts = _notations(ontology, NQ[scheme])
    mapped = {notation: URIRef(str(NQ) + iri[3:]) for notation, iri in scoped.items()}
    assert mapped == concepts


def test_part_role_iris_are_their_notations(ontology: Graph) -> None:
    """Part-role IRIs are <id/part-role/NAME>, what the context's @vocab makes of the record value."""
    roles = _notations(ontology, NQ.PartRoleScheme)
    assert all(str(iri) == PART_ROLE + notation for notation, iri in roles.items())


# --- shapes ---------------------------------------------------------------------------------------


def test_shapes_meta_validate() -> None:
    """The shapes graph conforms to SHACL-SHACL (pySHACL's meta_shacl)."""
    from nghiquyet.graph.validate import load_shapes

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(ONTOLOGY_DIR), meta_shacl=True,
                                         advanced=True, inference="none")
    assert conforms, text


# --- documentation --------------------------------------------------------------------------------


def _import_pylode() -> Any:
    """pyLODE 3.4.1's ``pylode.version`` reads a pyproject.toml that its wheel does not ship; give it
    the installed version instead (only when that module is missing or broken)."""
    try:
        import pylode.version  # noqa: F401
    except (FileNotFoundError, ModuleNotFoundError):
        sys.modules["pylode.version"] = types.SimpleNamespace(__version__=importlib.metadata.version("pylode"))
    import pylode

    return pylode


def test_pylode_documents_the_ontology() -> None:
    html = _import_pylode().OntPub(ontology=str(ONTOLOGY_TTL)).make_html()
    assert "<html" in html
    for label in ("Quantity", "Assignment", "Party congress", "indicator"):
        assert label.lower() in html.lower()

"""OWL 2 RL closure of the ontology, the reused vocabularies' axioms and the real build: no clash.

The closure (``owlrl``) runs over the ontology graph, the disjointness, domain, range and subclass
axioms of PROV-O, ORG, OA, OWL-Time, SKOS, QB, FOAF and DCTERMS (restated in
``tests/fixtures/owl/w3c-axioms.ttl``) and every triple of the session build of corpus/. A clash
is any inconsistency the OWL 2 RL rules report (cax-dw, cls-nothing2, prp-pdw …), any member of
owl:Nothing, or an individual in two classes declared disjoint. Hand-made graphs show that the
check does find the clashes it is there for.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, SKOS

from nghiquyet.graph.build import ontology_graph
from nghiquyet.graph.settings import Settings

owlrl = pytest.importorskip("owlrl", reason="the OWL-RL test needs the owlrl package (pip install -e '.[test]')")

AXIOMS = Path(__file__).resolve().parents[1] / "fixtures" / "owl" / "w3c-axioms.ttl"
NQ = Namespace("https://w3id.org/nghiquyet/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ERRORS = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


def closure(graph: Graph) -> Graph:
    """``graph`` expanded in place with the OWL 2 RL rules (no axiomatic or datatype triples)."""
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    return graph


def _disjoint_pairs(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    pairs = {(a, b) for a, b in graph.subject_objects(OWL.disjointWith)}
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(graph, graph.value(node, OWL.members)))
        pairs |= {(a, b) for i, a in enumerate(members) for b in members[i + 1:]}
    return pairs


def clashes(graph: Graph) -> list[str]:
    """Every clash in the closed ``graph``, as readable lines."""
    found = [str(message) for message in graph.objects(None, ERRORS)]
    found += [f"{member} is a member of owl:Nothing" for member in graph.subjects(RDF.type, OWL.Nothing)]
    for a, b in sorted(_disjoint_pairs(graph)):
        for member in set(graph.subjects(RDF.type, a)) & set(graph.subjects(RDF.type, b)):
            found.append(f"{member} is both {a} and {b}, which are disjoint")
    return sorted(set(found))


def tbox(settings: Settings) -> Graph:
    graph = ontology_graph(settings)
    graph.parse(AXIOMS, format="turtle")
    return graph


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="module")
def closed_build(built_settings: Settings) -> Graph:
    """Ontology + W3C axioms + every quad of the real build, closed under OWL 2 RL."""
    graph = tbox(built_settings)
    dataset = Dataset()
    with gzip.open(built_settings.dumps_dir / "dataset.nq.gz", "rt", encoding="utf-8") as handle:
        dataset.parse(data=handle.read(), format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return closure(graph)


def test_the_real_build_has_no_class_clash(closed_build: Graph) -> None:
    assert clashes(closed_build) == []


def test_conferences_stay_activities_and_sources_entities(closed_build: Graph) -> None:
    conferences = set(closed_build.subjects(RDF.type, NQ.Conference))
    assert conferences, "the build holds a conference"
    for conference in conferences:
        assert (conference, RDF.type, PROV.Activity) in closed_build
        assert (conference, RDF.type, PROV.Entity) not in closed_build
        assert any(closed_build.subjects(OA.hasBody, conference)), f"{conference} keeps its text span"


def test_provinces_are_not_wikidata_items(closed_build: Graph) -> None:
    provinces = set(closed_build.subjects(RDF.type, NQ.Province))
    assert provinces
    for province in provinces:
        same = {o for o in closed_build.objects(province, OWL.sameAs) if o != province}
        assert not same, f"{province} owl:sameAs {same}"


EX = Namespace("https://example.org/")


@pytest.mark.parametrize("case, triples, expected", [
    ("an activity derived from its text span (PROV-O: disjoint with entities)",
     [(EX.c, RDF.type, NQ.Conference), (EX.c, PROV.wasDerivedFrom, EX.span)], "disjoint"),
    ("a quantity that is a target and an actual value",
     [(EX.q, RDF.type, NQ.Target), (EX.q, RDF.type, NQ.ActualValue)], "disjoint"),
    ("a term whose beginning is itself an interval",
     [(EX.t, RDF.type, NQ.Term), (EX.t2, RDF.type, NQ.Term), (EX.t, URIRef("http://www.w3.org/2006/time#hasBeginning"), EX.t2)],
     "disjoint"),
    ("a label both preferred and alternative (SKOS S13)",
     [(EX.p, RDF.type, NQ.Province), (EX.p, SKOS.prefLabel, Literal("Huế", lang="vi")),
      (EX.p, SKOS.altLabel, Literal("Huế", lang="vi"))], "disjoint"),
    ("a scheme used as a concept",
     [(EX.s, RDF.type, SKOS.ConceptScheme), (EX.x, SKOS.broader, EX.s)], "disjoint"),
])
def test_the_check_finds_clashes(settings: Settings, case: str, triples: list, expected: str) -> None:
    graph = tbox(settings)
    for triple in triples:
        graph.add(triple)
    found = clashes(closure(graph))
    assert found, f"no clash found for {case}"
    assert any(expected in line.lower() for line in found), found


def test_the_ontology_alone_is_consistent(settings: Settings) -> None:
    assert clashes(closure(tbox(settings))) == []

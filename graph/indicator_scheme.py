"""The core indicator scheme as SKOS, built from ``mappings/core-indicators.csv`` at build time.

Every concept is ``{base}indicator/{id}``, a ``nq:CoreIndicator`` (⊑ ``nq:Indicator`` ⊑
``skos:Concept``) in ``{base}indicator/scheme``, with one ``skos:prefLabel`` per language,
``skos:definition`` (the CSV's measure), ``skos:notation`` (the id), ``skos:scopeNote`` (the
wordings and traps), ``nq:unitKind``, ``nq:direction`` and ``skos:closeMatch`` to the UN SDG
indicator when the CSV names one. The CSV is the only source: nothing here is hand-written data.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from nghiquyet.graph.core_indicators import CoreIndicator, load_core_indicators, sdg_iri
from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.graph.text import strip_accents

__all__ = ["scheme_graph", "direction_iri", "unit_kind_iri", "SCHEME_GRAPH"]

NQ = Namespace(ONTOLOGY_NS)
SCHEME_GRAPH = "graph/indicators"
_DIRECTIONS = {"higher": NQ.HigherIsBetter, "lower": NQ.LowerIsBetter, "none": NQ.NoPreferredDirection}


def direction_iri(direction: str) -> URIRef:
    """``nq:HigherIsBetter``, ``nq:LowerIsBetter`` or ``nq:NoPreferredDirection`` (ontology/vocab/indicator-kinds.ttl)."""
    return _DIRECTIONS[direction]


def unit_kind_iri(unit_kind: str) -> URIRef:
    """``percent_per_year`` → ``nq:UnitKindPercentPerYear`` (ontology/vocab/indicator-kinds.ttl)."""
    return NQ["UnitKind" + "".join(part.capitalize() for part in unit_kind.split("_"))]


def _concept(graph: Graph, concept: CoreIndicator, base: str, scheme: URIRef) -> None:
    node = URIRef(base + concept.iri)
    for kind in (NQ.CoreIndicator, NQ.Indicator, SKOS.Concept):
        graph.add((node, RDF.type, kind))
    graph.add((node, SKOS.inScheme, scheme))
    graph.add((node, SKOS.topConceptOf, scheme))
    graph.add((scheme, SKOS.hasTopConcept, node))
    graph.add((node, SKOS.notation, Literal(concept.id)))
    graph.add((node, SKOS.prefLabel, Literal(concept.label_vi, lang="vi")))
    graph.add((node, SKOS.prefLabel, Literal(concept.label_en, lang="en")))
    graph.add((node, SKOS.definition, Literal(concept.measure, lang="vi")))
    if concept.notes:
        graph.add((node, SKOS.scopeNote, Literal(concept.notes, lang="vi")))
    graph.add((node, NQ.unitKind, unit_kind_iri(concept.unit_kind)))
    graph.add((node, NQ.direction, direction_iri(concept.direction)))
    for code in concept.sdg:
        graph.add((node, SKOS.closeMatch, URIRef(sdg_iri(code))))
    search = " ".join([concept.label_vi, concept.label_en, concept.id])
    graph.add((node, NQ.searchText, Literal(strip_accents(search).lower())))


def scheme_graph(base_iri: str, mappings_dir: Path | None = None) -> Graph:
    """The concepts of the core indicator scheme under ``base_iri`` (the scheme itself is in vocab/schemes.ttl)."""
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("nq", NQ)
    scheme = URIRef(base_iri + "indicator/scheme")
    for concept in load_core_indicators(mappings_dir).values():
        _concept(graph, concept, base_iri, scheme)
    return graph

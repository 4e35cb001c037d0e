"""Places → RDF: every provincial unit as a concept of the province scheme, and the change events.

A unit is an ``nq:Province`` (and ``nq:CentrallyRunCity`` for a city) with its validity
(``nq:validFrom``/``nq:validUntil``), ``dcterms:replaces``/``dcterms:isReplacedBy`` between units,
and its verified codes. A change is an ``nq:ProvinceChange`` (a ``prov:Activity``): the former
units it used (``nq:formerUnit``), the unit it generated (``nq:resultingUnit``) or kept
(``nq:retainedUnit``), its date and legal basis, and its source: the page (``dcterms:source``) and
an annotation quoting it whose ``oa:hasBody`` is the change.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from nghiquyet.graph.places import Change, Places, Unit
from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.graph.text import strip_accents

__all__ = ["places_graph", "PLACES_GRAPH"]

NQ = Namespace(ONTOLOGY_NS)
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
PLACES_GRAPH = "graph/shared"


def _search(*texts: str) -> Literal:
    return Literal(" ".join(strip_accents(t).lower() for t in texts if t))


def _unit(graph: Graph, base: str, unit: Unit) -> None:
    node = URIRef(base + unit.iri)
    graph.add((node, RDF.type, NQ.Province))
    graph.add((node, RDF.type, SKOS.Concept))
    if unit.kind == "city":
        graph.add((node, RDF.type, NQ.CentrallyRunCity))
    graph.add((node, SKOS.inScheme, URIRef(base + "province/scheme")))
    graph.add((node, SKOS.prefLabel, Literal(unit.label_vi, lang="vi")))
    graph.add((node, SKOS.prefLabel, Literal(unit.label_en, lang="en")))
    for alt in unit.alt_labels:
        graph.add((node, SKOS.altLabel, Literal(alt, lang="vi")))
    graph.add((node, NQ.searchText, _search(unit.label_vi, *unit.alt_labels)))
    if unit.valid_from:
        graph.add((node, NQ.validFrom, Literal(unit.valid_from, datatype=XSD.date)))
    if unit.valid_until:
        graph.add((node, NQ.validUntil, Literal(unit.valid_until, datatype=XSD.date)))
    if unit.replaced_by:
        graph.add((node, DCTERMS.isReplacedBy, URIRef(f"{base}province/{unit.replaced_by}")))
    for former in unit.replaces:
        graph.add((node, DCTERMS.replaces, URIRef(f"{base}province/{former}")))
    if "gso" in unit.codes:
        graph.add((node, NQ.gsoCode, Literal(unit.codes["gso"])))
    if "iso" in unit.codes:
        graph.add((node, NQ.iso3166Code, Literal(unit.codes["iso"])))
    if "wikidata" in unit.codes:
        graph.add((node, SKOS.exactMatch, WD[unit.codes["wikidata"]]))


def _labels(places: Places, change: Change) -> tuple[str, str]:
    former = [places.units[s] for s in change.former]
    result = places.units[change.resulting]
    if change.retained:
        return (places.labels["retained_vi"].format(name=result.name, year=change.date[:4]),
                places.labels["retained_en"].format(name=result.label_en, year=change.date[:4]))
    return (f"{', '.join(u.name for u in former)} → {result.name} ({change.date})",
            f"{', '.join(strip_accents(u.name) for u in former)} → {result.label_en} ({change.date})")


def _change(graph: Graph, base: str, places: Places, change: Change) -> None:
    node = URIRef(f"{base}change/province/{change.slug}")
    graph.add((node, RDF.type, NQ.ProvinceChange))
    label_vi, label_en = _labels(places, change)
    graph.add((node, RDFS.label, Literal(label_vi, lang="vi")))
    graph.add((node, RDFS.label, Literal(label_en, lang="en")))
    graph.add((node, NQ.date, Literal(change.date, datatype=XSD.date)))
    if change.legal_basis:
        graph.add((node, NQ.legalBasis, Literal(change.legal_basis)))
    if change.note:
        graph.add((node, RDFS.comment, Literal(change.note, lang="en")))
    result = URIRef(f"{base}province/{change.resulting}")
    if change.retained:
        graph.add((node, NQ.retainedUnit, result))
    else:
        graph.add((node, NQ.resultingUnit, result))
        graph.add((result, PROV.wasGeneratedBy, node))
        for former in change.former:
            graph.add((node, NQ.formerUnit, URIRef(f"{base}province/{former}")))
    if change.source_url:
        page = URIRef(change.source_url)
        graph.add((node, DCTERMS.source, page))
        source, target, quote = (URIRef(f"{node}/source{suffix}") for suffix in ("", "/target", "/quote"))
        graph.add((source, RDF.type, OA.Annotation))
        graph.add((source, RDF.type, PROV.Entity))
        graph.add((source, OA.hasBody, node))
        graph.add((source, OA.motivatedBy, OA.identifying))
        graph.add((source, OA.hasTarget, target))
        graph.add((target, RDF.type, OA.SpecificResource))
        graph.add((target, OA.hasSource, page))
        graph.add((target, OA.hasSelector, quote))
        graph.add((quote, RDF.type, OA.TextQuoteSelector))
        graph.add((quote, OA.exact, Literal(change.source_quote)))


def places_graph(places: Places, base: str) -> Graph:
    """Every unit and change event of ``places`` (for ``graph/shared``)."""
    graph = Graph()
    graph.bind("nq", NQ)
    for unit in places.units.values():
        _unit(graph, base, unit)
    for change in places.changes:
        _change(graph, base, places, change)
    return graph

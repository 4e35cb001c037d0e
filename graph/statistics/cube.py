"""Observations → RDF Data Cube; lexicon → provinces, statistical indicators and alignments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.graph.statistics.lexicon import Series, StatisticsLexicon
from nghiquyet.graph.statistics.records import Observation
from nghiquyet.graph.text import slug

__all__ = ["NQ", "SDMX_DIM", "SDMX_MEASURE", "SDMX_ATTR", "SDMX_CODE", "OA", "WD",
           "cube_graph", "shared_graph", "series_graph", "decimal_lexical", "bind_prefixes"]

NQ = Namespace(ONTOLOGY_NS)
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
SDG = Namespace("http://metadata.un.org/sdg/")
STRUCTURE = NQ.ProvincialIndicatorsStructure


def bind_prefixes(graph: Graph, base: str) -> Graph:
    """Readable prefixes for dumps."""
    for prefix, namespace in {"nq": NQ, "qb": QB, "sdmx-dimension": SDMX_DIM, "sdmx-measure": SDMX_MEASURE,
                              "sdmx-attribute": SDMX_ATTR, "sdmx-code": SDMX_CODE, "oa": OA, "wd": WD,
                              "sdg": SDG, "id": Namespace(base)}.items():
        graph.bind(prefix, namespace)
    return graph


def decimal_lexical(value: Decimal) -> str:
    """Canonical xsd:decimal text: ``54.0`` and ``54`` both give ``54``; never exponents."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def _period(graph: Graph, base: str, observation: Observation) -> URIRef:
    period = URIRef(f"{base}period/{observation.period}")
    graph.add((period, RDF.type, NQ.ReferencePeriod))
    graph.add((period, RDFS.label, Literal(observation.period.replace("-", "–"))))
    graph.add((period, NQ.periodStart, Literal(str(observation.start), datatype=XSD.gYear)))
    graph.add((period, NQ.periodEnd, Literal(str(observation.end), datatype=XSD.gYear)))
    return period


def cube_graph(observations: Iterable[Observation], lexicon: StatisticsLexicon, base: str, dataset: str,
               metadata: dict[str, Any] | None = None) -> Graph:
    """One qb:DataSet ``statistics/dataset/<dataset>`` holding ``observations``."""
    graph = bind_prefixes(Graph(), base)
    ds = URIRef(f"{base}statistics/dataset/{slug(dataset)}")
    graph.add((ds, RDF.type, QB.DataSet))
    graph.add((ds, RDF.type, DCAT.Dataset))
    graph.add((ds, QB.structure, STRUCTURE))
    metadata = metadata or {}
    if metadata.get("title"):
        graph.add((ds, DCTERMS.title, Literal(" ".join(str(metadata["title"]).split()), lang="en")))
    if metadata.get("description"):
        graph.add((ds, DCTERMS.description, Literal(" ".join(str(metadata["description"]).split()), lang="en")))
    if metadata.get("licence"):
        graph.add((ds, DCTERMS.rights, Literal(" ".join(str(metadata["licence"]).split()), lang="en")))
    for publisher in metadata.get("publishers") or []:
        graph.add((ds, DCTERMS.publisher, Literal(str(publisher))))
    for observation in sorted(observations):
        area = lexicon.areas[observation.gso_code]
        series = lexicon.series[observation.series]
        obs = URIRef(f"{base}statistics/{slug(dataset)}/observation/{area.slug}/{slug(series.key)}/{observation.period}")
        graph.add((obs, RDF.type, QB.Observation))
        graph.add((obs, QB.dataSet, ds))
        graph.add((obs, SDMX_DIM.refArea, URIRef(base + area.iri)))
        graph.add((obs, NQ.statisticalIndicator, URIRef(base + series.iri)))
        graph.add((obs, SDMX_DIM.refPeriod, _period(graph, base, observation)))
        graph.add((obs, SDMX_MEASURE.obsValue, Literal(decimal_lexical(observation.value), datatype=XSD.decimal)))
        graph.add((obs, SDMX_ATTR.unitMeasure, URIRef(f"{base}unit/{observation.unit}")))
        graph.add((obs, SDMX_ATTR.obsStatus, SDMX_CODE[f"obsStatus-{observation.status}"]))
        graph.add((obs, DCTERMS.source, URIRef(observation.source_url)))
        if observation.note:
            graph.add((obs, RDFS.comment, Literal(observation.note, lang="en")))
        source, target, quote = (URIRef(f"{obs}/source{suffix}") for suffix in ("", "/target", "/quote"))
        graph.add((obs, PROV.wasDerivedFrom, source))
        graph.add((source, RDF.type, OA.Annotation))
        graph.add((source, RDF.type, PROV.Entity))
        graph.add((source, OA.motivatedBy, OA.identifying))
        graph.add((source, OA.hasTarget, target))
        graph.add((target, RDF.type, OA.SpecificResource))
        graph.add((target, OA.hasSource, URIRef(observation.source_url)))
        graph.add((target, OA.hasSelector, quote))
        graph.add((quote, RDF.type, OA.TextQuoteSelector))
        graph.add((quote, OA.exact, Literal(observation.source_quote)))
    return graph


def _series(graph: Graph, base: str, series: Series, scheme: URIRef) -> None:
    concept = URIRef(base + series.iri)
    graph.add((concept, RDF.type, NQ.StatisticalIndicator))
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.notation, Literal(series.key)))
    graph.add((concept, SKOS.prefLabel, Literal(series.label_en, lang="en")))
    graph.add((concept, SKOS.prefLabel, Literal(series.label_vi, lang="vi")))
    if series.note:
        graph.add((concept, SKOS.scopeNote, Literal(series.note, lang="en")))
    match = {"exact": SKOS.exactMatch, "close": SKOS.closeMatch}.get(series.match, SKOS.relatedMatch)
    for iri in series.indicator_iris:
        graph.add((concept, match, URIRef(base + iri)))
    for sdg, kind in series.sdg:
        graph.add((concept, SKOS.closeMatch if kind == "close" else SKOS.relatedMatch, URIRef(sdg)))


def series_graph(lexicon: StatisticsLexicon, base: str) -> Graph:
    """The scheme of statistical indicators with their alignments (goes with the cube)."""
    graph = bind_prefixes(Graph(), base)
    scheme = URIRef(f"{base}statistics/indicator/scheme")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("Statistical indicators of the provincial figures", lang="en")))
    graph.add((scheme, SKOS.prefLabel, Literal("Chỉ tiêu thống kê cấp tỉnh", lang="vi")))
    for series in lexicon.series.values():
        _series(graph, base, series, scheme)
    return graph


def shared_graph(lexicon: StatisticsLexicon, base: str) -> Graph:
    """Provinces as linked entities, and SDG alignments of the resolutions' indicators.

    The aligned resolution indicators are declared too (type, scheme and the canonical @vi label
    of indicators.yaml, the same triples the mapping writes) so that no alignment points at nothing.
    """
    graph = bind_prefixes(Graph(), base)
    scheme = URIRef(f"{base}province/scheme")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    # the scheme's preferred labels are declared once, in ontology/vocab/schemes.ttl
    graph.add((scheme, SKOS.altLabel, Literal("Provinces", lang="en")))
    graph.add((scheme, SKOS.altLabel, Literal("Tỉnh", lang="vi")))
    for area in lexicon.areas.values():
        province = URIRef(base + area.iri)
        for kind in (NQ.Province, SKOS.Concept):
            graph.add((province, RDF.type, kind))
        graph.add((province, SKOS.inScheme, scheme))
        graph.add((province, SKOS.prefLabel, Literal(area.label_vi, lang="vi")))
        graph.add((province, SKOS.prefLabel, Literal(area.label_en, lang="en")))
        graph.add((province, NQ.gsoCode, Literal(area.gso_code)))
        graph.add((province, NQ.iso3166Code, Literal(area.iso3166)))
        # our province concept is not Wikidata's item (owl:sameAs would merge them): a SKOS match
        graph.add((province, SKOS.exactMatch, WD[area.wikidata]))
    indicator_scheme = URIRef(f"{base}indicator/scheme")
    for series in lexicon.series.values():
        for iri, label in zip(series.indicator_iris, series.indicator_labels):
            indicator = URIRef(base + iri)
            graph.add((indicator, RDF.type, NQ.Indicator))
            graph.add((indicator, RDF.type, SKOS.Concept))
            graph.add((indicator, SKOS.inScheme, indicator_scheme))
            graph.add((indicator, SKOS.prefLabel, Literal(label, lang="vi")))
            if series.match == "exact":
                for sdg, kind in series.sdg:
                    graph.add((indicator, SKOS.closeMatch if kind == "close" else SKOS.relatedMatch, URIRef(sdg)))
    return graph

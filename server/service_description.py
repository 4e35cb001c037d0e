"""SPARQL 1.1 Service Description of ``/sparql`` (answered to a GET without a query)."""

from __future__ import annotations

from flask import Response, current_app, request
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from nghiquyet.graph.errors import NghiquyetError
from nghiquyet.server.formats import RDF_FORMATS, negotiate, rdf_format
from nghiquyet.server.store import GraphStore

__all__ = ["service_description", "description_triples"]

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_TITLE = NamedNode("http://purl.org/dc/terms/title")
VOID_DATASET = NamedNode("http://rdfs.org/ns/void#Dataset")
_FORMAT_IRIS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads",
)
_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } LIMIT 1000"
_CACHE_KEY = "nghiquyet.service_description"


def _sd(local: str) -> NamedNode:
    return NamedNode(SD + local)


def _named_graphs(store: GraphStore) -> list[NamedNode]:
    try:
        rows = store.select(_GRAPHS_QUERY, timeout=5.0)
    except NghiquyetError:
        current_app.logger.warning("service description: could not list the named graphs")
        return []
    return sorted((row["g"] for row in rows if isinstance(row.get("g"), NamedNode)), key=lambda n: n.value)


def description_triples(endpoint: str, graphs: list[NamedNode], *, update: bool, union: bool) -> list[Triple]:
    """The triples describing the endpoint at ``endpoint``."""
    service = NamedNode(endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, DCTERMS_TITLE, Literal("nghiquyet SPARQL endpoint", language="en")),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("defaultEntailmentRegime"), NamedNode("http://www.w3.org/ns/entailment/Simple")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, RDF_TYPE, VOID_DATASET),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    if update:
        triples.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if union:
        triples.append(Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    triples += [Triple(service, _sd("resultFormat"), NamedNode(FORMATS + name)) for name in _FORMAT_IRIS]
    for graph in graphs:
        node = BlankNode()
        triples += [
            Triple(dataset, _sd("namedGraph"), node),
            Triple(node, RDF_TYPE, _sd("NamedGraph")),
            Triple(node, _sd("name"), graph),
        ]
    return triples


def service_description(store: GraphStore) -> Response:
    """The negotiated Service Description response (Turtle by default)."""
    settings = current_app.config["NGHIQUYET"]
    media_type = negotiate(request.headers.get("Accept"), list(RDF_FORMATS)) or "text/turtle"
    cache = current_app.extensions.setdefault(_CACHE_KEY, {})
    key = (store.version, request.base_url)
    if key not in cache:
        cache.clear()
        cache[key] = description_triples(request.base_url, _named_graphs(store),
                                         update=settings.enable_update, union=settings.union_default_graph)
    fmt = rdf_format(media_type) or RdfFormat.TURTLE
    triples = cache[key]
    data = serialize(_as_quads(triples) if fmt.supports_datasets else triples, format=fmt,
                     prefixes={"sd": SD, "formats": FORMATS} if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None)
    response = Response(data or b"", status=200)
    response.headers["Content-Type"] = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _as_quads(triples: list[Triple]) -> list[Quad]:
    return [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]

"""Dataset version, dumps (N-Quads, TriG, Turtle per graph) and the VoID/DCAT description."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from nghiquyet.graph.settings import ONTOLOGY_NS, Settings
from nghiquyet.graph.text import slug

__all__ = ["dataset_version", "quads_sum", "version_of", "VoidCounts", "void_graph", "write_dumps", "dump_name"]

_BNODE = re.compile(r"_:\S+")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOCABULARIES = (
    ONTOLOGY_NS, "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/oa#", "http://purl.org/dc/terms/", "http://www.w3.org/2006/time#",
    "http://xmlns.com/foaf/0.1/", "http://purl.org/linked-data/cube#",
)


_MODULUS = 1 << 256


def quads_sum(nquads: str) -> tuple[int, int]:
    """(sum of the lines' SHA-256 values mod 2²⁵⁶, number of lines) of N-Quads text: an order-free
    digest, so that parts of a dataset hashed apart (one document each) add up to the whole's."""
    total = count = 0
    for line in nquads.splitlines():
        if line:
            total += int.from_bytes(hashlib.sha256(_BNODE.sub("_:b", line).encode("utf-8")).digest(), "big")
            count += 1
    return total % _MODULUS, count


def version_of(total: int, count: int) -> str:
    """The dataset version of a digest made by (adding up) :func:`quads_sum`."""
    return hashlib.sha256(f"{count}:{total % _MODULUS:064x}".encode("ascii")).hexdigest()


def dataset_version(dataset: Dataset) -> str:
    """A content hash that is the same for two builds of the same data (blank-node labels ignored)."""
    return version_of(*quads_sum(dataset.serialize(format="nquads")))


def dump_name(graph_iri: str, base_iri: str) -> str:
    """File name of a named graph's Turtle dump: ``graph/lai-chau-…`` → ``graph-lai-chau-….ttl``."""
    return slug(graph_iri.removeprefix(base_iri), 120) + ".ttl"


@dataclass(frozen=True)
class VoidCounts:
    """Distinct IRI subjects, properties and classes of a dataset (VoID's statistics)."""

    subjects: int
    properties: int
    classes: int


def void_graph(settings: Settings, dataset: Dataset | None, version: str, graphs: dict[str, int],
               counts: VoidCounts | None = None) -> Graph:
    """VoID + DCAT description of the dataset, its named graphs and its dumps (``counts`` if
    given, else counted in ``dataset``)."""
    root = settings.site_root
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    ds = URIRef(settings.base_iri + "dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("nghiquyet: nghị quyết đại hội Đảng bộ tỉnh", lang="vi")))
    g.add((ds, DCTERMS.title, Literal("nghiquyet: resolutions of Vietnam's provincial Party congresses", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Targets, programmes, tasks, responsible bodies and their provenance, extracted from the source "
        "texts of provincial Party congress resolutions, action programmes, plans and conference reports.", lang="en")))
    g.add((ds, DCTERMS.identifier, Literal(version)))
    g.add((ds, DCTERMS.hasVersion, Literal(version[:12])))
    g.add((ds, VOID.uriSpace, Literal(settings.base_iri)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    g.add((ds, VOID.triples, Literal(sum(graphs.values()), datatype=XSD.integer)))
    quads = list(dataset.quads((None, None, None, None))) if dataset is not None else []
    counts = counts or VoidCounts(subjects=len({q[0] for q in quads if isinstance(q[0], URIRef)}),
                                  properties=len({q[1] for q in quads}),
                                  classes=len({q[2] for q in quads if q[1] == RDF.type}))
    g.add((ds, VOID.entities, Literal(counts.subjects, datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(counts.subjects, datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(counts.properties, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(counts.classes, datatype=XSD.integer)))
    for vocabulary in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for name, media, fmt in (("dataset.nq.gz", "application/n-quads", "N-Quads"), ("dataset.trig", "application/trig", "TriG")):
        dist = URIRef(root + "dumps/" + name)
        g.add((ds, VOID.dataDump, dist))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, Literal(media)))
        g.add((dist, DCTERMS.format, Literal(fmt)))
    for graph_iri, count in sorted(graphs.items()):
        subset = URIRef(graph_iri)
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, SD.name, subset))
        g.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((subset, VOID.dataDump, URIRef(root + "dumps/" + dump_name(graph_iri, settings.base_iri))))
    return g


def write_dumps(directory: Path, dataset: Dataset, void: Graph, base_iri: str) -> list[Path]:
    """Write the dataset as gzipped N-Quads and TriG, each named graph as Turtle, and void.ttl."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    nquads = directory / "dataset.nq.gz"
    with gzip.open(nquads, "wt", encoding="utf-8") as handle:
        handle.write(dataset.serialize(format="nquads"))
    written.append(nquads)
    trig = directory / "dataset.trig"
    dataset.serialize(destination=str(trig), format="trig")
    written.append(trig)
    for graph in dataset.graphs():
        if not len(graph):
            continue
        path = directory / dump_name(str(graph.identifier), base_iri)
        graph.serialize(destination=str(path), format="turtle")
        written.append(path)
    void_path = directory / "void.ttl"
    void.serialize(destination=str(void_path), format="turtle")
    written.append(void_path)
    return written

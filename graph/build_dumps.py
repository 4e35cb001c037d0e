"""Dumps written by a streaming serializer: each named graph's N-Quads file in, Oxigraph's writers out.

The build keeps every named graph as an N-Quads file written by rdflib (one per document, one per
shared graph). The dumps are made from those files, not from the store: Oxigraph's store keeps
numbers by value (``"5"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``), and the dumps
must say exactly what the build said. Parsing and serializing is pyoxigraph's, one quad at a time,
so memory does not grow with the corpus.
"""

from __future__ import annotations

import gzip
import itertools
import shutil
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from nghiquyet.graph.publish import dump_name
from nghiquyet.graph.settings import ONTOLOGY_NS

__all__ = ["PREFIXES", "write_streamed_dumps", "quads_of"]

PREFIXES = {
    "nq": ONTOLOGY_NS, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#", "oa": "http://www.w3.org/ns/oa#", "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#", "time": "http://www.w3.org/2006/time#", "qb": "http://purl.org/linked-data/cube#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


def quads_of(path: Path) -> Iterator[ox.Quad]:
    """The quads of an N-Quads file, as written (datatypes and lexical forms kept)."""
    return ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)


def _prefixes(base_iri: str) -> dict[str, str]:
    return {**PREFIXES, "id": base_iri}


def write_streamed_dumps(directory: Path, graph_files: Iterable[tuple[str, Path]], void: Graph,
                         base_iri: str) -> list[Path]:
    """``dataset.nq.gz``, ``dataset.trig``, one Turtle file per named graph and ``void.ttl``.

    ``graph_files`` holds (graph IRI, N-Quads file of that graph alone); empty files are skipped.
    """
    directory.mkdir(parents=True, exist_ok=True)
    files = [(iri, path) for iri, path in sorted(graph_files) if path.stat().st_size]
    prefixes = _prefixes(base_iri)
    written = []
    nquads = directory / "dataset.nq.gz"
    with gzip.open(nquads, "wb", compresslevel=6) as handle:
        for _, path in files:
            with path.open("rb") as source:
                shutil.copyfileobj(source, handle)
    written.append(nquads)
    trig = directory / "dataset.trig"
    ox.serialize(itertools.chain.from_iterable(quads_of(path) for _, path in files), str(trig),
                 format=ox.RdfFormat.TRIG, prefixes=prefixes)
    written.append(trig)
    for iri, path in files:
        target = directory / dump_name(iri, base_iri)
        ox.serialize((quad.triple for quad in quads_of(path)), str(target), format=ox.RdfFormat.TURTLE,
                     prefixes=prefixes)
        written.append(target)
    void_path = directory / "void.ttl"
    void.serialize(destination=str(void_path), format="turtle")
    written.append(void_path)
    return written

"""Dumps written by a streaming serializer: each named graph's N-Quads file in, Oxigraph's writers out.

The build keeps every named graph as an N-Quads file written by rdflib (one per document, one per
shared graph). The dumps are made from those files, not from the store: Oxigraph's store keeps
numbers by value (``"5"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``), and the dumps
must say exactly what the build said. Parsing and serializing is pyoxigraph's, one quad at a time,
so memory does not grow with the corpus. Each graph's parts are made once (a document's are kept
with its cache entry) and the dumps joined from them, so an unchanged document costs a copy.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from nghiquyet.graph.publish import dump_name
from nghiquyet.graph.settings import ONTOLOGY_NS

__all__ = ["PREFIXES", "write_streamed_dumps", "graph_parts", "quads_of"]

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


_PARTS = ("graph.ttl", "graph.trig", "graph.nq.gz")


def graph_parts(iri: str, path: Path, folder: Path, prefixes: dict[str, str]) -> tuple[Path, Path, Path]:
    """The dumps' parts of one named graph, made from its N-Quads file ``path`` into ``folder``
    unless there already: its Turtle file, its TriG (prefix lines, then its block) and its N-Quads
    as one gzip member. Kept with a document's cache entry, they are made once per document."""
    turtle, trig, gz = (folder / name for name in _PARTS)
    if not all(part.is_file() for part in (turtle, trig, gz)):
        folder.mkdir(parents=True, exist_ok=True)
        scratch = [part.with_name(f".{part.name}.{os.getpid()}.tmp") for part in (turtle, trig, gz)]
        ox.serialize((quad.triple for quad in quads_of(path)), str(scratch[0]), format=ox.RdfFormat.TURTLE,
                     prefixes=prefixes)
        ox.serialize(quads_of(path), str(scratch[1]), format=ox.RdfFormat.TRIG, prefixes=prefixes)
        with path.open("rb") as source, scratch[2].open("wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=0) as handle:
            shutil.copyfileobj(source, handle)
        for tmp, part in zip(scratch, (turtle, trig, gz)):
            os.replace(tmp, part)
    return turtle, trig, gz


def _split_prefixes(data: bytes) -> tuple[bytes, bytes]:
    """(the ``@prefix`` lines, the rest) of a TriG text as Oxigraph writes it."""
    end = 0
    while data.startswith(b"@prefix", end):
        end = data.index(b"\n", end) + 1
    return data[:end], data[end:]


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_streamed_dumps(directory: Path, graph_files: Iterable[tuple[str, Path]], void: Graph,
                         base_iri: str, part_folders: dict[str, Path] | None = None) -> list[Path]:
    """``dataset.nq.gz``, ``dataset.trig``, one Turtle file per named graph and ``void.ttl``.

    ``graph_files`` holds (graph IRI, N-Quads file of that graph alone); empty files are skipped.
    Each graph's parts (:func:`graph_parts`) are kept in ``part_folders[iri]`` (a scratch folder
    for the others) and joined: gzip members one after the other, TriG blocks after one set of
    prefix lines (the bytes Oxigraph writes for all the graphs at once), Turtle files linked.
    """
    directory.mkdir(parents=True, exist_ok=True)
    files = [(iri, path) for iri, path in sorted(graph_files) if path.stat().st_size]
    prefixes = _prefixes(base_iri)
    folders = part_folders or {}
    trig_path, nquads_path = directory / "dataset.trig", directory / "dataset.nq.gz"
    written = [nquads_path, trig_path]
    with tempfile.TemporaryDirectory(prefix=".parts-", dir=directory) as scratch, \
            nquads_path.open("wb") as nquads, trig_path.open("wb") as trig:
        for index, (iri, path) in enumerate(files):
            turtle, trig_part, gz_part = graph_parts(iri, path, folders.get(iri, Path(scratch) / str(index)), prefixes)
            with gz_part.open("rb") as member:
                shutil.copyfileobj(member, nquads)
            head, block = _split_prefixes(trig_part.read_bytes())
            trig.write(head + block if index == 0 else block)
            target = directory / dump_name(iri, base_iri)
            _link_or_copy(turtle, target)
            written.append(target)
    void_path = directory / "void.ttl"
    void.serialize(destination=str(void_path), format="turtle")
    written.append(void_path)
    return written

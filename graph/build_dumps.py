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
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from nghiquyet.graph.publish import VoidCounts, dump_name
from nghiquyet.graph.settings import ONTOLOGY_NS

__all__ = ["PREFIXES", "GraphParts", "link_or_copy", "dump_parts", "dump_prefixes", "graph_parts", "graph_terms",
           "void_counts", "write_streamed_dumps", "quads_of", "joined_parts", "oxigraph_triples", "named_nquads"]

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


def dump_prefixes(base_iri: str) -> dict[str, str]:
    """The prefixes of the Turtle and TriG dumps."""
    return {**PREFIXES, "id": base_iri}


_PARTS = ("graph.ttl", "graph.trig", "graph.nq.gz", "terms.json")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class GraphParts:
    """One named graph's parts of the dumps, and the terms VoID counts (:func:`void_counts`)."""

    iri: str
    turtle: Path
    trig: Path
    nquads_gz: Path
    terms: Path


def graph_parts(iri: str, path: Path | None, folder: Path, prefixes: dict[str, str],
                source: Callable[[], Path] | None = None, quads: list[ox.Quad] | None = None) -> GraphParts:
    """The dumps' parts of one named graph, made from its N-Quads file ``path`` (or the one
    ``source()`` writes; ``quads``: its quads, when already parsed) into ``folder`` unless there
    already: its Turtle file, its TriG (prefix lines, then its block), its N-Quads as one gzip
    member and its IRI subjects, properties and classes (JSON). Kept with a document's cache entry,
    they are made once per document."""
    parts = GraphParts(iri, *(folder / name for name in _PARTS))
    final = (parts.turtle, parts.trig, parts.nquads_gz, parts.terms)
    if all(part.is_file() for part in final):
        return parts
    path = path if path is not None else source()  # type: ignore[misc]
    folder.mkdir(parents=True, exist_ok=True)
    scratch = [part.with_name(f".{part.name}.{os.getpid()}.tmp") for part in final]
    quads = quads if quads is not None else list(quads_of(path))
    ox.serialize([quad.triple for quad in quads], str(scratch[0]), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    ox.serialize(quads, str(scratch[1]), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    with path.open("rb") as source, scratch[2].open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=0) as handle:
        shutil.copyfileobj(source, handle)
    scratch[3].write_text(json.dumps(graph_terms(quads), ensure_ascii=False), encoding="utf-8")
    for tmp, part in zip(scratch, final):
        os.replace(tmp, part)
    return parts


def graph_terms(quads: Iterable[ox.Quad]) -> dict[str, list[str]]:
    """The IRI subjects, the properties and the classes of a graph's quads (sorted), as VoID counts them."""
    subjects = {quad.subject.value for quad in quads if isinstance(quad.subject, ox.NamedNode)}
    properties = {quad.predicate.value for quad in quads}
    classes = {str(quad.object) for quad in quads if quad.predicate == _RDF_TYPE}
    return {"subjects": sorted(subjects), "properties": sorted(properties), "classes": sorted(classes)}


def dump_parts(graph_files: Iterable[tuple[str, Path]], part_folders: dict[str, Path], scratch: Path,
               base_iri: str, pieces: dict[str, list[tuple[Callable[[], Path], Path]]] | None = None
               ) -> list[GraphParts]:
    """Every non-empty graph's parts, by graph IRI: in ``part_folders[iri]`` (a document's cache
    entry), else in a folder under ``scratch``. A graph in ``pieces`` is joined from the parts of
    its pieces instead (:func:`joined_parts`; each piece: a function writing its N-Quads file, called
    only when its parts folder is incomplete, and that folder)."""
    prefixes = dump_prefixes(base_iri)
    files = [(iri, path) for iri, path in sorted(graph_files) if path.stat().st_size]
    out = []
    for index, (iri, path) in enumerate(files):
        folder = part_folders.get(iri, scratch / str(index))
        if pieces and iri in pieces:
            made = [graph_parts(iri, None, place, prefixes, source) for source, place in pieces[iri]]
            out.append(joined_parts(iri, made, folder))
        else:
            out.append(graph_parts(iri, path, folder, prefixes))
    return out


def joined_parts(iri: str, pieces: list[GraphParts], folder: Path) -> GraphParts:
    """One graph's parts joined from those of pieces of it that have no subject in common, in
    order: one Turtle text (the prefix lines once), one TriG block, the gzip members one after the
    other, the terms' union."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = GraphParts(iri, *(folder / name for name in _PARTS))
    terms: dict[str, set[str]] = {"subjects": set(), "properties": set(), "classes": set()}
    with parts.turtle.open("wb") as turtle, parts.trig.open("wb") as trig, parts.nquads_gz.open("wb") as nquads:
        for index, piece in enumerate(pieces):
            head, body = _split_prefixes(piece.turtle.read_bytes())
            turtle.write(head + body if index == 0 else body)
            head, body = _split_prefixes(piece.trig.read_bytes())
            opening = body.index(b"\n") + 1  # "<graph> {" … "}"
            trig.write((head + body[:opening] if index == 0 else b"") + body[opening:body.rindex(b"}")])
            with piece.nquads_gz.open("rb") as member:
                shutil.copyfileobj(member, nquads)
            for name, values in json.loads(piece.terms.read_text(encoding="utf-8")).items():
                terms[name].update(values)
        if pieces:
            trig.write(b"}\n")
    parts.terms.write_text(json.dumps({k: sorted(v) for k, v in terms.items()}, ensure_ascii=False), encoding="utf-8")
    return parts


def void_counts(parts: Iterable[GraphParts]) -> VoidCounts:
    """Distinct IRI subjects, properties and classes over the graphs (the union of each one's)."""
    found: dict[str, set[str]] = {"subjects": set(), "properties": set(), "classes": set()}
    for part in parts:
        for name, values in json.loads(part.terms.read_text(encoding="utf-8")).items():
            found[name].update(values)
    return VoidCounts(subjects=len(found["subjects"]), properties=len(found["properties"]),
                      classes=len(found["classes"]))


def _split_prefixes(data: bytes) -> tuple[bytes, bytes]:
    """(the ``@prefix`` lines, the rest) of a TriG text as Oxigraph writes it."""
    end = 0
    while data.startswith(b"@prefix", end):
        end = data.index(b"\n", end) + 1
    return data[:end], data[end:]


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link at ``target`` to ``source`` (a copy on a file system without them)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph's (its serializers are many times faster)."""
    def term(value: Any) -> Any:
        if isinstance(value, URIRef):
            return ox.NamedNode(str(value))
        if isinstance(value, BNode):
            return ox.BlankNode(str(value))
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype))) if value.datatype else ox.Literal(str(value))

    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in graph]


def named_nquads(triples: Iterable[ox.Triple], iri: str) -> str:
    """N-Quads of ``triples`` in the named graph ``iri``, lines sorted."""
    name = f" <{iri}> .\n"
    return "".join(sorted({f"{t.subject} {t.predicate} {t.object}{name}" for t in triples}))


_VOID_PREFIXES = ("void", "dcat", "dcterms", "rdf", "rdfs", "xsd", "sd")


def write_streamed_dumps(directory: Path, parts: list[GraphParts], void: Graph, base_iri: str) -> list[Path]:
    """``dataset.nq.gz``, ``dataset.trig``, one Turtle file per named graph and ``void.ttl``, joined
    from the graphs' parts (:func:`dump_parts`): gzip members one after the other, TriG blocks after
    one set of prefix lines (the bytes Oxigraph writes for all the graphs at once), Turtle linked."""
    directory.mkdir(parents=True, exist_ok=True)
    trig_path, nquads_path = directory / "dataset.trig", directory / "dataset.nq.gz"
    written = [nquads_path, trig_path]
    with nquads_path.open("wb") as nquads, trig_path.open("wb") as trig:
        for index, part in enumerate(parts):
            with part.nquads_gz.open("rb") as member:
                shutil.copyfileobj(member, nquads)
            head, block = _split_prefixes(part.trig.read_bytes())
            trig.write(head + block if index == 0 else block)
            target = directory / dump_name(part.iri, base_iri)
            link_or_copy(part.turtle, target)
            written.append(target)
    void_path = directory / "void.ttl"
    prefixes = {prefix: str(namespace) for prefix, namespace in void.namespaces() if prefix in _VOID_PREFIXES}
    ox.serialize(oxigraph_triples(void), str(void_path), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    written.append(void_path)
    return written

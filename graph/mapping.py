"""Records → RDF through the declarative JSON-LD 1.1 context in ``mappings/context.jsonld``.

No mapping engine of our own: the records are JSON-LD nodes, the context says what every key
means, and a JSON-LD parser does the rest. This module only groups nodes into named graphs
(one per document, one for shared entities) and refuses keys the context does not define.
The build maps with Oxigraph's parser straight to N-Quads (:func:`document_nquads`,
:func:`shared_nquads`, ten times faster); :func:`map_records` and :func:`map_document` give the
same quads as rdflib datasets (tests compare the two).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox
from rdflib import Dataset

from nghiquyet.graph.errors import NghiquyetError
from nghiquyet.graph.settings import DEFAULT_BASE_IRI

__all__ = ["MappingError", "load_context", "document_nodes", "shared_nodes", "map_records", "map_document", "map_shared", "merge_shared",
           "document_nquads", "shared_nquads", "SHARED_KINDS", "RECORD_ONLY_KEYS"]

# Keys that records carry for the CSV output only; they have no RDF meaning of their own.
# ``indicator_id`` is the core concept's id, already in the quantity's ``indicator`` IRI and the concept's skos:notation.
RECORD_ONLY_KEYS = frozenset({"section", "quote", "indicator_id"})
SHARED_KINDS = ("province", "congress", "party_organisation", "terms", "indicators", "bodies", "changes", "people", "posts")
DOCUMENT_KINDS = ("document", "sections", "local_indicators", "quantities", "programmes", "objectives", "tasks", "assignments", "conference")


class MappingError(NghiquyetError):
    """A record holds a key the mapping does not define (an extractor and the context disagree)."""


def load_context(mappings_dir: Path, base_iri: str = DEFAULT_BASE_IRI) -> dict[str, Any]:
    """The JSON-LD context with every IRI under the default base moved to ``base_iri``."""
    raw = (Path(mappings_dir) / "context.jsonld").read_text(encoding="utf-8")
    return json.loads(raw.replace(DEFAULT_BASE_IRI, base_iri))["@context"]


def _nodes(records: dict[str, Any], kinds: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for kind in kinds:
        value = records.get(kind)
        if isinstance(value, list):
            out.extend(value)
        elif isinstance(value, dict):
            out.append(value)
    return out


def document_nodes(records: dict[str, Any]) -> list[dict[str, Any]]:
    """Nodes that belong to the document's own named graph."""
    return _nodes(records, DOCUMENT_KINDS)


def merge_shared(merged: dict[str, dict[str, Any]], records: dict[str, Any]) -> None:
    """Merge the shared entities of ``records`` into ``merged`` (by id; first value wins, lists united)."""
    for node in _nodes(records, SHARED_KINDS):
        current = merged.setdefault(node["id"], {})
        for key, value in node.items():
            if isinstance(value, list) and isinstance(current.get(key), list):
                current[key] = sorted(set(current[key]) | set(value), key=str)
            else:
                current.setdefault(key, value)


def shared_nodes(record_sets: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Shared entities of all documents merged by id (first value wins, lists are united)."""
    merged: dict[str, dict[str, Any]] = {}
    for records in record_sets:
        merge_shared(merged, records)
    return [merged[k] for k in sorted(merged)]


def _check_keys(node: dict[str, Any], context: dict[str, Any], where: str) -> None:
    for key, value in node.items():
        if key not in context and key not in RECORD_ONLY_KEYS:
            raise MappingError(f"{where}: record {node.get('id', '?')} has key {key!r} that mappings/context.jsonld does not define")
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, dict):
                _check_keys(child, context, where)


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in RECORD_ONLY_KEYS and v is not None}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def map_document(records: dict[str, Any], context: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    """The document's own named graph (``graph/<doc-id>``) as a dataset."""
    dataset = Dataset()
    dataset.parse(data=json.dumps(_document_payload(records, context)), format="json-ld", base=base_iri)
    return dataset


def _document_payload(records: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    doc_id = records["document"]["id"].removeprefix("doc/")
    nodes = document_nodes(records)
    for node in nodes:
        _check_keys(node, context, records["document"].get("file", doc_id))
    return {"@context": context, "@id": f"graph/{doc_id}", "@graph": _strip(nodes)}


def _nquads(payload: dict[str, Any], base_iri: str) -> str:
    """N-Quads of a JSON-LD payload (Oxigraph's parser and writer), lines sorted."""
    quads = ox.parse(json.dumps(payload), format=ox.RdfFormat.JSON_LD, base_iri=base_iri)
    lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
    return "".join(line + "\n" for line in sorted(lines) if line)


def document_nquads(records: dict[str, Any], context: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The document's own named graph (``graph/<doc-id>``) as N-Quads text, lines sorted
    (the quads of :func:`map_document`)."""
    return _nquads(_document_payload(records, context), base_iri)


def shared_nquads(shared: list[dict[str, Any]], context: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> str:
    """``graph/shared`` from merged shared nodes as N-Quads text, lines sorted (as :func:`map_shared`)."""
    for node in shared:
        _check_keys(node, context, "shared entities")
    return _nquads({"@context": context, "@id": "graph/shared", "@graph": _strip(shared)}, base_iri)


def map_shared(shared: list[dict[str, Any]], context: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI,
               dataset: Dataset | None = None) -> Dataset:
    """``graph/shared`` from merged shared nodes (:func:`shared_nodes`), into ``dataset`` if given."""
    dataset = dataset if dataset is not None else Dataset()
    for node in shared:
        _check_keys(node, context, "shared entities")
    payload = {"@context": context, "@id": "graph/shared", "@graph": _strip(shared)}
    dataset.parse(data=json.dumps(payload), format="json-ld", base=base_iri)
    return dataset


def map_records(record_sets: list[dict[str, Any]], context: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    """One named graph per document (``graph/<doc-id>``) and ``graph/shared`` for the rest."""
    dataset = Dataset()
    for records in record_sets:
        dataset.parse(data=json.dumps(_document_payload(records, context)), format="json-ld", base=base_iri)
    return map_shared(shared_nodes(record_sets), context, base_iri, dataset)

"""The per-document units of the streamed build, run in worker processes.

:func:`extract_unit` extracts one document and maps it to its named graph (or finds both in the
cache). :func:`validate_batch` validates documents' graphs (alone or a few together) with the shapes, focused on the
document's own nodes; the data around them is the document graph, the context the parent took
from the other graphs (``graph.build_check._contexts``) and what the graphs shared by all
documents say about the nodes they point at (``graph.build_validate.closure``). Workers are forked from the parent
after :func:`prepare` has loaded lexicons, context, shapes and shared graphs, so they share those
pages and load nothing themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from nghiquyet.graph.build_cache import BuildCache, document_key
from nghiquyet.graph.build_dumps import dump_prefixes, graph_parts
from nghiquyet.graph.corpus import DocumentMeta
from nghiquyet.graph.extract import document
from nghiquyet.graph.mapping import SHARED_KINDS, document_nquads
from nghiquyet.graph.publish import quads_sum

__all__ = ["UnitState", "cached_unit", "documents_by_province", "extract_unit", "foreign_objects", "prepare", "subjects_elsewhere",
           "validate_batch"]

@dataclass
class UnitState:
    """What every unit reads; set in the parent before the workers are forked."""

    cache: BuildCache
    fingerprint: str = ""
    base_iri: str = ""
    lexicons: Any = None
    context: dict[str, Any] = field(default_factory=dict)
    shapes: Graph | None = None
    shared: Any = None  # the graphs shared by all documents, one in-memory pyoxigraph store
    validation_salt: str = ""
    validator: str = "sparql"  # the SHACL engine (Settings.validator)


_STATE: UnitState | None = None


def prepare(state: UnitState) -> None:
    """Make ``state`` what the units of this process (and of the workers forked from it) read."""
    global _STATE
    _STATE = state


def _state() -> UnitState:
    if _STATE is None:
        raise RuntimeError("build units used before prepare()")
    return _STATE


def _counts(records: dict[str, Any]) -> dict[str, int]:
    return {kind: len(records.get(kind) or []) for kind in ("quantities", "programmes", "tasks", "assignments")}


def _iris(nquads: str, quads: list[Any] | None = None) -> tuple[set[str], set[str]]:
    """The IRI subjects and the IRI objects of an N-Quads text (``quads``: its quads, when parsed)."""
    quads = quads if quads is not None else list(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS))
    return ({q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)},
            {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)})


def foreign_objects(nquads: str, iris: tuple[set[str], set[str]] | None = None) -> list[str]:
    """The IRIs an N-Quads text has as objects but not as subjects (what the graph points at
    outside itself), sorted; ``iris`` is the text's :func:`_iris` when already parsed."""
    subjects, objects = iris or _iris(nquads)
    return sorted(objects - subjects)


def subjects_elsewhere(nquads: str, node: str, iris: tuple[set[str], set[str]] | None = None) -> list[str]:
    """The IRI subjects of an N-Quads text other than ``node`` and the IRIs under ``node/``
    (a document's graph describes its own nodes; any other it describes is listed), sorted."""
    return sorted(iri for iri in (iris or _iris(nquads))[0] if iri != node and not iri.startswith(node + "/"))


def cached_unit(meta: DocumentMeta) -> dict[str, Any] | None:
    """The summary of a document's cache entry (as :func:`extract_unit` returns it), or None."""
    state = _state()
    key = document_key(meta, state.fingerprint)
    entry = state.cache.entry(key)
    return {**entry.summary(), "key": key, "cached": True} if entry.exists() else None


def extract_unit(meta: DocumentMeta) -> dict[str, Any]:
    """Extract and map one document and make its graph's parts of the dumps, or read the entry from
    the cache; returns the entry's summary (``graph``, ``quads``, ``sum``, ``shared`` nodes,
    ``counts``, ``provinces`` its quantities are of, ``foreign`` IRIs it points at, the IRI subjects
    ``elsewhere`` than under its own IRI, ``key``, ``cached``)."""
    found = cached_unit(meta)
    if found is not None:
        return found
    state = _state()
    key = document_key(meta, state.fingerprint)
    records = document.extract_document(meta, state.lexicons)
    nquads = document_nquads(records, state.context, state.base_iri)
    total, count = quads_sum(nquads)
    quads = list(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS))  # parsed once for the lists and the parts
    iris = _iris(nquads, quads)
    doc_id = records["document"]["id"].removeprefix("doc/")
    summary = {
        "file": meta.file, "graph": f"{state.base_iri}graph/{doc_id}", "quads": count, "sum": str(total),
        "shared": {kind: records[kind] for kind in SHARED_KINDS if records.get(kind)},
        "counts": _counts(records),
        "provinces": sorted({state.base_iri + q["province"] for q in records.get("quantities") or [] if q.get("province")}),
        "foreign": foreign_objects(nquads, iris),
        "elsewhere": subjects_elsewhere(nquads, state.base_iri + records["document"]["id"], iris),
    }
    state.cache.store(key, records, nquads, summary)
    if nquads:  # the graph's parts of the dumps, made here in the worker (the publish step joins them)
        entry = state.cache.entry(key)
        graph_parts(summary["graph"], entry.nquads_path, entry.directory, dump_prefixes(state.base_iri), quads=quads)
    return {**summary, "key": key, "cached": False}


def documents_by_province(summaries: list[dict[str, Any]], files: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
    """Province IRI → (graph IRI, file) of each document stating quantities of it."""
    found: dict[str, list[tuple[str, Any]]] = {}
    for summary in summaries:
        for province in summary["provinces"]:
            found.setdefault(province, []).append((summary["graph"], files[summary["graph"]]))
    return found


def validate_batch(tasks: list[tuple[str, str, str, tuple[str, ...]]]) -> list[tuple[str, list[dict[str, Any]], bool]]:
    """Validate documents together: each task is (graph IRI, cache key, context N-Triples, the keys
    of its result by what its data is made from).

    Each document's result comes from the cache when its data (graph and context) and the shapes
    are unchanged; the others are validated in one store (their graphs, contexts and what the
    shared graphs say about the nodes they point at), each keeping the results of its own nodes.
    Every result is also stored under the task's last keys. Returns (graph IRI, violation results,
    whether they came from the cache) per task, in order.
    """
    from nghiquyet.graph.build_validate import closure, data_store, iri_subjects, violations

    state = _state()
    assert state.shared is not None
    out: dict[str, tuple[list[dict[str, Any]], bool]] = {}
    misses = []
    quick = {graph: quick_key for graph, _, _, quick_key in tasks}
    subjects: dict[str, Any] = {}
    for graph, key, context, _ in tasks:
        entry = state.cache.entry(key)
        nquads = entry.nquads_path.read_text(encoding="utf-8")
        validation_key = state.cache.validation_key(state.validation_salt, nquads, context)
        cached = state.cache.validation(validation_key)
        if cached is not None:
            out[graph] = (cached, True)
            for key in quick[graph]:
                state.cache.store_validation(key, cached)
        else:
            misses.append((graph, validation_key, nquads, context))
            terms = entry.directory / "terms.json"  # its IRI subjects, listed with its parts of the dumps
            subjects[graph] = json.loads(terms.read_text(encoding="utf-8"))["subjects"] if terms.is_file() \
                else iri_subjects(nquads)
    if misses:
        owners: dict[str, list[str]] = {}
        for graph, *_ in misses:
            for node in subjects[graph]:
                owners.setdefault(node, []).append(graph)
        store = data_store(texts=[m[2] for m in misses], ntriples=[m[3] for m in misses])
        closure(store, state.shared)
        found: dict[str, list[dict[str, Any]]] = {graph: [] for graph, *_ in misses}
        for row in violations(store, state.shapes, state.validator, owners):
            for graph in owners.get(row["focus"], []):
                found[graph].append(row)
        for graph, validation_key, _, _ in misses:
            for key in (validation_key, *quick[graph]):
                state.cache.store_validation(key, found[graph])
            out[graph] = (found[graph], False)
    return [(graph, *out[graph]) for graph, *_ in tasks]

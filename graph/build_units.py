"""The per-document units of the streamed build, run in worker processes.

:func:`extract_unit` extracts one document and maps it to its named graph (or finds both in the
cache). :func:`validate_unit` validates one document's graph with the shapes, focused on the
document's own nodes; the data around them is the document graph, the context the parent took
from the other graphs (``build_queries/document_context.rq``) and what the graphs shared by all
documents say about the nodes they point at (:func:`closure`). Workers are forked from the parent
after :func:`prepare` has loaded lexicons, context, shapes and shared graphs, so they share those
pages and load nothing themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from nghiquyet.graph.build_cache import BuildCache, document_key
from nghiquyet.graph.corpus import DocumentMeta
from nghiquyet.graph.extract import document
from nghiquyet.graph.mapping import SHARED_KINDS, document_nquads
from nghiquyet.graph.publish import quads_sum

__all__ = ["UnitState", "prepare", "extract_unit", "validate_unit", "closure", "CONTEXT_DEPTH"]

CONTEXT_DEPTH = 3  # hops from a document's nodes into the shared graphs (body → province → scheme)


@dataclass
class UnitState:
    """What every unit reads; set in the parent before the workers are forked."""

    cache: BuildCache
    fingerprint: str = ""
    base_iri: str = ""
    lexicons: Any = None
    context: dict[str, Any] = field(default_factory=dict)
    shapes: Graph | None = None
    shared: Graph | None = None  # the graphs shared by all documents, as one graph
    validation_salt: str = ""


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


def extract_unit(meta: DocumentMeta) -> dict[str, Any]:
    """Extract and map one document, or read both from the cache; returns the entry's summary
    (``graph``, ``quads``, ``sum``, ``shared`` nodes, ``counts``, ``provinces`` its quantities are of,
    ``key``, ``cached``)."""
    state = _state()
    key = document_key(meta, state.fingerprint)
    entry = state.cache.entry(key)
    if entry.exists():
        return {**entry.summary(), "key": key, "cached": True}
    records = document.extract_document(meta, state.lexicons)
    nquads = document_nquads(records, state.context, state.base_iri)
    total, count = quads_sum(nquads)
    doc_id = records["document"]["id"].removeprefix("doc/")
    summary = {
        "file": meta.file, "graph": f"{state.base_iri}graph/{doc_id}", "quads": count, "sum": str(total),
        "shared": {kind: records[kind] for kind in SHARED_KINDS if records.get(kind)},
        "counts": _counts(records),
        "provinces": sorted({state.base_iri + q["province"] for q in records.get("quantities") or [] if q.get("province")}),
    }
    state.cache.store(key, records, nquads, summary)
    return {**summary, "key": key, "cached": False}


def closure(data: Graph, shared: Graph, depth: int = CONTEXT_DEPTH) -> Graph:
    """What ``shared`` says about the IRIs ``data`` points at, and about what those point at, up to
    ``depth`` hops."""
    out = Graph()
    seen: set[URIRef] = set()
    frontier = {o for o in data.objects() if isinstance(o, URIRef)}
    for _ in range(depth):
        frontier -= seen
        seen |= frontier
        found = set()
        for node in frontier:
            for triple in shared.triples((node, None, None)):
                out.add(triple)
                if isinstance(triple[2], URIRef):
                    found.add(triple[2])
        frontier = found
    return out


def document_data(nquads: str, context_ntriples: str) -> tuple[Graph, set[URIRef]]:
    """The document's graph and context as one graph, and the document's own IRI subjects."""
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    data = Graph()
    data.addN((s, p, o, data) for s, p, o, _ in dataset.quads((None, None, None, None)))
    focus = {s for s in data.subjects() if isinstance(s, URIRef)}
    if context_ntriples:
        data.parse(data=context_ntriples, format="nt")
    return data, focus


def validate_unit(task: tuple[str, str, str]) -> tuple[str, list[dict[str, Any]], bool]:
    """Validate one document: ``task`` is (graph IRI, cache key, context N-Triples).

    Returns (graph IRI, violation results, whether they came from the cache).
    """
    from nghiquyet.graph.validate import validate_graph

    graph, key, context = task
    state = _state()
    nquads_path: Path = state.cache.entry(key).nquads_path
    nquads = nquads_path.read_text(encoding="utf-8")
    validation_key = state.cache.validation_key(state.validation_salt, nquads, context)
    cached = state.cache.validation(validation_key)
    if cached is not None:
        return graph, cached, True
    data, focus = document_data(nquads, context)
    assert state.shared is not None
    data += closure(data, state.shared)
    report = validate_graph(data, shapes=state.shapes, focus=focus)
    violations = [r for r in report.results if r["severity"] == "Violation"]
    state.cache.store_validation(validation_key, violations)
    return graph, violations, False

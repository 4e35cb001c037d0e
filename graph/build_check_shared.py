"""The SHACL gate's last step: the nodes of the graphs shared by all documents, and ``graph/progress``
one province's part at a time.

The nodes no document describes are validated here: those of the graphs every build has (with the
shared graphs as data), then those of ``graph/progress``, whose parts (one per province,
:mod:`~nghiquyet.graph.statistics.progress_parts`) have no subject in common and do not point at
each other's subjects, so each part is validated on its own (with the shared graphs and what the
documents say about the IRIs it points at) and a one-document change re-validates its provinces'
parts only. A part's results are cached twice: under a key of what its data is made from (its
part key, the keys of the documents its documents point into) looked up first without reading
the store, and under a key of the exact data validated. Missing parts are validated a few
(:data:`PART_BATCH`) to a store, each keeping the results of its own focus nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyoxigraph as ox

from nghiquyet.graph.build_cache import BuildCache
from nghiquyet.graph.build_validate import data_store, violations
from nghiquyet.graph.errors import StoreError

__all__ = ["ProgressPart", "SharedCheck", "check_common", "check_parts", "common_part", "describing", "doc_lines",
           "document_graphs", "lines_in", "maybe_described", "nt_line", "part_context"]


def nt_line(*terms: Any) -> str:
    """An N-Triples line (without its line end) of pyoxigraph terms."""
    return " ".join(str(t) for t in terms) + " ."


def describing(store: ox.Store, node: ox.NamedNode, documents: Iterable[str] | frozenset[str]) -> set[str]:
    """The graphs among ``documents`` that have ``node`` as a subject (one index lookup)."""
    return {q.graph_name.value for q in store.quads_for_pattern(node, None, None) if q.graph_name.value in documents}


@dataclass(frozen=True)
class SharedCheck:
    """What validating the shared graphs reads: the build's store, the documents' graph IRIs, the
    shared graphs' files (the data of every part), the cache and the salt of every key."""

    store: ox.Store
    documents: frozenset[str]
    shared: list[Path]
    cache: BuildCache
    salt: str
    shapes: Any
    validator: str
    elsewhere: frozenset[str] | None = None  # the documents' IRI subjects not under their own IRIs
    doc_space: str = ""  # the documents' IRIs start with it (with ``elsewhere``: a node can be described)
    graph_space: str = ""  # the documents' graph IRIs start with it (``<graph_space><id>`` is ``<doc_space><id>``'s)


@dataclass(frozen=True)
class ProgressPart:
    """One province's part of ``graph/progress``: its part key (its text is cached under it) and the
    key of its validation by what its data is made from (None: look at the data)."""

    province: str
    part_key: str
    quick_key: str | None


def document_graphs(check: SharedCheck, node: ox.NamedNode) -> set[str]:
    """The documents' graphs that have ``node`` as a subject. With the subjects the documents have
    elsewhere than under their own IRIs (``check.elsewhere``) and ``check.graph_space``, a node not
    among them is described only by the document whose IRI it is under: one lookup in that graph
    (not a pass over every graph's quads of the node)."""
    if check.elsewhere is None or not check.graph_space or node.value in check.elsewhere:
        return describing(check.store, node, check.documents)
    if not node.value.startswith(check.doc_space):
        return set()
    graph = check.graph_space + node.value[len(check.doc_space):].split("/", 1)[0]
    if graph in check.documents and next(iter(check.store.quads_for_pattern(node, None, None, ox.NamedNode(graph))),
                                         None) is not None:
        return {graph}
    return set()


def lines_in(store: ox.Store, node: ox.NamedNode, graph: str) -> list[str]:
    """What the graph ``graph`` says about ``node`` (N-Triples lines)."""
    return [nt_line(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(node, None, None, ox.NamedNode(graph))]


def doc_lines(check: SharedCheck, node: ox.NamedNode) -> list[str]:
    """What the documents' graphs say about ``node`` (N-Triples lines)."""
    return [line for graph in sorted(document_graphs(check, node)) for line in lines_in(check.store, node, graph)]


def maybe_described(check: SharedCheck, node: ox.NamedNode) -> bool:
    """False when no document's graph can have ``node`` as subject: it is neither a document's
    own IRI (under ``doc_space``) nor among the subjects the documents have elsewhere."""
    return check.elsewhere is None or node.value in check.elsewhere or node.value.startswith(check.doc_space)


def _described(check: SharedCheck, node: ox.NamedNode) -> bool:
    return maybe_described(check, node) and bool(document_graphs(check, node))


def common_part(check: SharedCheck, names: Iterable[str], progress: str | None) -> tuple[set[str], list[str]]:
    """What the documents say about the IRIs the graphs ``names`` point at (N-Triples lines), and
    the focus nodes of those graphs: their IRI subjects no document describes and ``graph/progress``
    (validated by part) does not state anything about. Two queries per graph, then index lookups."""
    from nghiquyet.graph.build_stream import query_text

    store = check.store
    lines: set[str] = set()
    subjects: set[str] = set()
    seen: set[str] = set()
    for name in sorted(names):
        graph = ox.NamedNode(name)
        for row in store.query(query_text("graph_objects"), default_graph=graph):
            if row["o"].value not in seen:
                seen.add(row["o"].value)
                if maybe_described(check, row["o"]):
                    lines.update(doc_lines(check, row["o"]))
        subjects.update(row["s"].value for row in store.query(query_text("graph_subjects"), default_graph=graph))
    progress_node = ox.NamedNode(progress) if progress else None
    focus = sorted(iri for iri in subjects if not _described(check, ox.NamedNode(iri)) and not (
        progress_node is not None and next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, progress_node)),
                                           None) is not None))
    return lines, focus


def part_context(check: SharedCheck, text: str) -> tuple[set[str], list[str]]:
    """What the documents say about the IRIs a part's rows (N-Triples) point at, and its focus
    nodes: its IRI subjects no document describes."""
    lines: set[str] = set()
    objects: set[ox.NamedNode] = set()
    subjects: set[ox.NamedNode] = set()
    for triple in ox.parse(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES):
        if isinstance(triple.subject, ox.NamedNode):
            subjects.add(triple.subject)
        if isinstance(triple.object, ox.NamedNode):
            objects.add(triple.object)
    for node in objects:
        lines.update(doc_lines(check, node))
    return lines, sorted(node.value for node in subjects if not _described(check, node))


def _text(lines: Iterable[str]) -> str:
    return "".join(line + "\n" for line in sorted(lines))


def check_common(check: SharedCheck, names: Iterable[str], progress: str | None) -> tuple[list[dict[str, Any]], str]:
    """The violations of the common graphs' own nodes (cached by the exact data), and their context
    (N-Triples; every progress part reads it too)."""
    lines, focus = common_part(check, names, progress)
    context = _text(lines)
    key = check.cache.validation_key("common", check.salt, context, "\n".join(focus))
    found = check.cache.validation(key)
    if found is None:
        found = violations(data_store(files=check.shared, ntriples=[context]), check.shapes, check.validator, focus)
        check.cache.store_validation(key, found)
    return found, context


def check_parts(check: SharedCheck, parts: list[ProgressPart], common: str, batch: int = 0, jobs: int = 1
                ) -> tuple[list[dict[str, Any]], int]:
    """The violations of the progress parts' own nodes (``common``: the common graphs' context,
    read by every part) and how many parts were validated anew, ``batch`` (:data:`PART_BATCH`) to a
    store, in ``jobs`` worker processes (the parts' contexts are read here meanwhile)."""
    from nghiquyet.graph.build_stream import run_units

    batch = batch or PART_BATCH
    cache = check.cache
    found_by: dict[int, list[dict[str, Any]]] = {}
    validated = 0

    def misses_in_batches() -> Iterator[list[tuple[int, ProgressPart, str, str, list[str], str]]]:
        nonlocal validated
        misses: list[tuple[int, ProgressPart, str, str, list[str], str]] = []
        for index, part in enumerate(parts):
            found = cache.validation(part.quick_key) if part.quick_key else None
            if found is not None:
                found_by[index] = found
                continue
            text = cache.part(part.part_key)
            if text is None:
                raise StoreError(f"the build cache lost the progress part of {part.province} "
                                 f"({cache.part_path(part.part_key)}); build again")
            lines, focus = part_context(check, text)
            context = _text(lines)
            exact = cache.validation_key("progress-part", check.salt, common, text, context, "\n".join(focus))
            found = cache.validation(exact)
            if found is not None:
                _store(cache, [part.quick_key], found)
                found_by[index] = found
                continue
            misses.append((index, part, text, context, focus, exact))
            if len(misses) == batch:
                validated += len(misses)
                yield misses
                misses = []
        if misses:
            validated += len(misses)
            yield misses

    global _PARTS
    _PARTS = (check, common)
    try:
        for done in run_units(_validate_parts, misses_in_batches(), jobs, count=-(-len(parts) // batch)):
            found_by.update(done)
    finally:
        _PARTS = None
    return [row for index in sorted(found_by) for row in found_by[index]], validated


PART_BATCH = 4  # parts validated in one store at most (all 63 of 1,000 documents at once: 1.3 GB; 8: ~130 MiB more)
_PARTS: tuple[SharedCheck, str] | None = None  # what check_parts' workers read: the check and the common context


def _validate_parts(misses: list[tuple[int, ProgressPart, str, str, list[str], str]]
                    ) -> dict[int, list[dict[str, Any]]]:
    """Validate parts together in one store, each keeping its focus nodes' results (cached); the
    results by the parts' indexes."""
    assert _PARTS is not None
    check, common = _PARTS
    data = data_store(files=check.shared, ntriples=[common, *(m[2] for m in misses), *(m[3] for m in misses)])
    owner = {iri: index for index, *_, focus, _ in misses for iri in focus}
    found_by: dict[int, list[dict[str, Any]]] = {index: [] for index, *_ in misses}
    for row in violations(data, check.shapes, check.validator, owner):
        found_by[owner[row["focus"]]].append(row)
    for index, part, *_, exact in misses:
        _store(check.cache, [exact, part.quick_key], found_by[index])
    return found_by


def _store(cache: BuildCache, keys: list[str | None], found: list[dict[str, Any]]) -> None:
    for key in keys:
        if key:
            cache.store_validation(key, found)

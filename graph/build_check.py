"""The SHACL gate of the streamed build: documents in small batches, then the graphs shared by all.

A document is validated focused on its own nodes (``graph/<doc>``'s IRI subjects), with the data
they point at: the shared graphs (what they say about those IRIs, a few hops deep), the progress
statements about the document's nodes and what other documents say about the nodes it points at
(:func:`_contexts`). Documents whose results are not cached are validated a few together,
in one in-memory store, each keeping the results of its own nodes. The shared graphs and
``graph/progress`` are validated last, focused on the nodes no document describes, with what the
documents say about the nodes they point at. The engine is ``Settings.validator``: the shapes
compiled to SPARQL (``graph.shacl_compile``, run by Oxigraph) or pySHACL. Results are cached by
the exact data validated, the shapes and the engine. A violation anywhere raises
:class:`ValidationFailed` with the readable report; nothing is published.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset

from nghiquyet.graph.build_cache import BuildCache, tree_fingerprint
from nghiquyet.graph.build_check_rows import RowsKeys
from nghiquyet.graph.build_check_shared import (ProgressPart, SharedCheck, check_common, check_parts, describing,
                                                document_graphs, lines_in, nt_line)
from nghiquyet.graph.build_units import UnitState, _state, documents_by_province, prepare, validate_batch
from nghiquyet.graph.build_validate import data_store
from nghiquyet.graph.errors import ValidationFailed
from nghiquyet.graph.report import explain_results
from nghiquyet.graph.settings import Settings

__all__ = ["check_streamed"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _contexts(store: ox.Store, summaries: list[dict[str, Any]], progress: ox.NamedNode,
              documents: set[str] | None = None, *, rows: Callable[[dict[str, Any]], Iterable[str]] | None = None,
              graphs_of: Callable[[ox.NamedNode], Iterable[str]] | None = None) -> dict[str, str]:
    """For each of ``summaries``' document graphs, N-Triples (sorted) of what its validation needs
    from the other documents (``documents``, by default those of ``summaries``) and
    ``graph/progress``: the statements of ``graph/progress`` about the document's typed nodes
    (nq:restates, nq:reportsOn), and what other documents say about the IRIs it points at outside
    itself (the summary's ``foreign`` IRIs) and those statements point at. Index lookups in the
    store from each document's typed nodes: no pass over the other graphs.

    ``rows(summary)``, when given, are the rows of ``graph/progress`` (N-Triples) among which those
    about the document's typed nodes are (each subject's type looked up in the document's graph,
    not every typed node's statements in ``graph/progress``); ``graphs_of(node)`` the documents'
    graphs describing a node (looked up in those graphs only)."""
    docs = documents if documents is not None else {s["graph"] for s in summaries}
    described: dict[ox.NamedNode, dict[str, list[str]]] = {}
    out: dict[str, str] = {}
    for summary in summaries:
        doc = summary["graph"]
        lines: set[str] = set()
        pointed = {ox.NamedNode(iri) for iri in summary.get("foreign", ())}
        for line, target in (_typed_rows(store, doc, rows(summary)) if rows is not None
                             else _typed_statements(store, doc, progress)):
            lines.add(line)
            if target is not None:
                pointed.add(target)
        for node in pointed:
            if node not in described:
                described[node] = _by_graph(store, node, docs, graphs_of)
            for graph, found in described[node].items():
                if graph != doc:
                    lines.update(found)
        out[doc] = "".join(line + "\n" for line in sorted(lines))
    return out


def _typed_statements(store: ox.Store, doc: str, progress: ox.NamedNode) -> Iterator[tuple[str, ox.NamedNode | None]]:
    """The statements of ``progress`` about the typed nodes of ``doc`` and the IRI each points at."""
    for subject in {q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, None, ox.NamedNode(doc))}:
        for quad in store.quads_for_pattern(subject, None, None, progress):
            yield nt_line(quad.subject, quad.predicate, quad.object), \
                quad.object if isinstance(quad.object, ox.NamedNode) else None


def _typed_rows(store: ox.Store, doc: str, rows: Iterable[str]) -> Iterator[tuple[str, ox.NamedNode | None]]:
    """The ``rows`` (N-Triples) whose subject is a typed node of ``doc``, and the IRI each points at."""
    graph = ox.NamedNode(doc)
    typed: dict[str, bool] = {}
    for row in rows:
        subject, _, term = row[:-2].split(" ", 2)
        if subject not in typed:
            node = ox.NamedNode(subject[1:-1]) if subject.startswith("<") else ox.BlankNode(subject[2:])
            typed[subject] = next(iter(store.quads_for_pattern(node, _RDF_TYPE, None, graph)), None) is not None
        if typed[subject]:
            yield row, ox.NamedNode(term[1:-1]) if term.startswith("<") else None


def _by_graph(store: ox.Store, node: ox.NamedNode, docs: set[str],
              graphs_of: Callable[[ox.NamedNode], Iterable[str]] | None) -> dict[str, list[str]]:
    """What each document's graph says about ``node`` (N-Triples lines, by graph IRI)."""
    if graphs_of is not None:
        return {graph: lines_in(store, node, graph) for graph in graphs_of(node)}
    by_graph: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(node, None, None):
        if quad.graph_name.value in docs:
            by_graph.setdefault(quad.graph_name.value, []).append(nt_line(quad.subject, quad.predicate, quad.object))
    return by_graph


def foreign_owners(store: ox.Store, summaries: list[dict[str, Any]], documents: set[str],
                   graphs_of: Callable[[ox.NamedNode], Iterable[str]] | None = None) -> dict[str, list[str]]:
    """For each document graph, the other document graphs describing an IRI it points at outside
    itself (its summary's ``foreign`` IRIs): one index lookup per distinct IRI (``graphs_of``, when
    given, finds them)."""
    owners: dict[str, set[str]] = {}
    out: dict[str, list[str]] = {}
    for summary in summaries:
        found: set[str] = set()
        for iri in summary.get("foreign", ()):
            if iri not in owners:
                node = ox.NamedNode(iri)
                owners[iri] = set(graphs_of(node)) if graphs_of else describing(store, node, documents)
            found |= owners[iri]
        found.discard(summary["graph"])
        out[summary["graph"]] = sorted(found)
    return out


WAVE = 200  # documents whose contexts are read from the store at a time, at most
BATCH = 20  # documents validated together at most: the checks cost ~20 ms per document with 10, 20 or 40
# to a store; batches of 40 held ~100 MiB more in the workers (1,000 documents: peak PSS 1,051 → 947 MiB)


def batch_size(count: int, jobs: int, validator: str) -> int:
    """Documents per batch of ``count`` to validate: a few batches per worker, at most
    :data:`BATCH` documents each (one per batch for pySHACL, whose cost is per triple)."""
    return 1 if validator == "pyshacl" else max(1, min(BATCH, -(-count // (4 * max(1, jobs)))))


def _engine_version(validator: str) -> str:
    """What validation results depend on besides the data and the shapes: the engine and its version."""
    if validator == "pyshacl":
        import pyshacl

        return f"pyshacl-{pyshacl.__version__}"
    from nghiquyet.graph.shacl_compile import COMPILER_VERSION

    return f"sparql-{COMPILER_VERSION}-{ox.__version__}"


def check_streamed(settings: Settings, store: ox.Store, summaries: list[dict[str, Any]], documents: dict[str, Path],
                   shared_files: dict[str, Path], cache: BuildCache, jobs: int, progress: Any) -> None:
    """Validate every document graph and the shared graphs; raise on violations.

    Each result is first looked up under a key of what its data is made from, without reading the
    store (a document: its cache key, the part keys of its provinces' ``graph/progress`` parts, the
    keys of the documents it points into; a part: its part key and its documents' such keys), then
    under a key of the exact data (the context read from the store), and validated when both miss.
    ``graph/progress``'s statements about a document's nodes are in its provinces' parts, and a
    part's rows point at its documents', their foreign IRIs' and the shared graphs' nodes only
    (tests/graph/test_build_check_shared.py checks both on the real build)."""
    from nghiquyet.graph.build_stream import run_units
    from nghiquyet.graph.statistics.progress_parts import part_keys
    from nghiquyet.graph.validate import load_shapes

    ontology = settings.base_iri + "graph/ontology"
    progress_iri = settings.base_iri + "graph/progress"
    derived = progress_iri if progress_iri in shared_files else None
    common = [iri for iri in shared_files if iri != progress_iri]
    shared_paths = [shared_files[iri] for iri in sorted(common) if iri != ontology]
    salt = tree_fingerprint(settings.ontology_dir) + _engine_version(settings.validator) + "".join(
        f"{iri}:{cache.quads_sum(shared_files[iri])}" for iri in sorted(common))
    shapes = load_shapes(settings.ontology_dir)
    state = _state()
    prepare(UnitState(cache=cache, base_iri=settings.base_iri, shapes=shapes, shared=data_store(files=shared_paths),
                      validation_salt=salt, fingerprint=state.fingerprint, validator=settings.validator))
    keys = {s["graph"]: s["key"] for s in summaries}
    graphs = set(documents)
    by_province = documents_by_province(summaries, documents)
    provinces = part_keys([shared_files[iri] for iri in common], by_province, settings, cache, keys) if derived else {}
    elsewhere = frozenset(i for s in summaries for i in s["elsewhere"]) if all("elsewhere" in s for s in summaries) \
        else None
    check = SharedCheck(store, frozenset(graphs), shared_paths, cache, salt, shapes, settings.validator, elsewhere,
                        settings.base_iri + "doc/", settings.base_iri + "graph/")
    graphs_of = functools.partial(document_graphs, check)
    owners = foreign_owners(store, summaries, graphs, graphs_of)
    files = {s["graph"]: s["file"] for s in summaries}
    failed: dict[str, list[dict[str, Any]]] = {}
    index = 0

    def report(graph: str, found: list[dict[str, Any]], cached: bool) -> None:
        nonlocal index
        index += 1
        if found:
            failed[graph] = found
        verdict = f"{len(found)} violation(s)" if found else "conforms"
        progress(f"[validate {index}/{len(summaries)}] {files[graph]}: {verdict}" + (" (cached)" if cached else ""))

    quick = {s["graph"]: [_document_key(cache, salt, s, provinces if derived else None, owners, keys)]
             for s in summaries}
    rows_keys = RowsKeys(check, salt, provinces, settings.base_iri, owners, keys)
    missing = []
    for summary in summaries:
        tried = quick[summary["graph"]]
        found = cache.validation(tried[0]) if tried[0] else None
        if found is None and tried[0] and derived:  # its provinces' parts changed: its own rows of them?
            tried.append(rows_keys.key(summary))
            found = cache.validation(tried[1])
            if found is not None:
                cache.store_validation(tried[0], found)
        if found is not None:
            report(summary["graph"], found, True)
        else:
            missing.append(summary)
    def batches() -> Iterator[list[tuple[str, str, str, tuple[str, ...]]]]:
        """The missing documents' batches, their contexts read a wave at a time (a batch per
        worker), drawn by the pool while the workers validate the wave before."""
        size = batch_size(len(missing), jobs, settings.validator)
        wave_size = min(WAVE, size * max(1, jobs))  # one batch per worker: the next wave is read meanwhile
        for start in range(0, len(missing), wave_size):
            wave = missing[start:start + wave_size]
            contexts = _contexts(store, wave, ox.NamedNode(progress_iri), graphs, graphs_of=graphs_of,
                                 rows=rows_keys.progress_rows if derived and elsewhere is not None else None)
            tasks = [(s["graph"], s["key"], contexts[s["graph"]], tuple(k for k in quick[s["graph"]] if k))
                     for s in wave]
            del contexts
            yield from (tasks[i:i + size] for i in range(0, len(tasks), size))

    for batch in run_units(validate_batch, batches(), jobs, count=len(missing)):
        for graph, found, cached in batch:
            report(graph, found, cached)
    rows_keys.release()
    shared_found, common_context = check_common(check, common, derived)
    parts = [ProgressPart(province, key, _part_key(cache, salt, key, common_context, by_province.get(province, ()),
                                                   owners, keys))
             for province, key in provinces.items() if key is not None]
    part_found, validated = check_parts(check, parts, common_context, jobs=jobs) if derived else ([], 0)
    shared_found += part_found
    progress(f"[validate] shared graphs and graph/progress ({len(parts)} parts, {validated} validated): "
             f"{f'{len(shared_found)} violation(s)' if shared_found else 'conforms'}")
    if failed or shared_found:
        results = [r for rows in failed.values() for r in rows] + shared_found
        dataset = Dataset()
        for path in [documents[g] for g in sorted(failed)] + list(shared_files.values()):
            dataset.parse(path, format="nquads")
        raise ValidationFailed(explain_results(results, dataset, settings.base_iri), results)


def _document_key(cache: BuildCache, salt: str, summary: dict[str, Any], provinces: dict[str, str | None] | None,
                  owners: dict[str, list[str]], keys: dict[str, str]) -> str | None:
    """A document's validation key by what its data is made from (None when a part key is missing)."""
    parts = [provinces.get(p) for p in summary["provinces"]] if provinces is not None else []
    if None in parts:
        return None
    return cache.validation_key("document", salt, summary["key"], *(str(p) for p in parts),
                                *(keys[o] for o in owners[summary["graph"]]))


def _part_key(cache: BuildCache, salt: str, part_key: str, common_context: str, graphs: Any,
              owners: dict[str, list[str]], keys: dict[str, str]) -> str:
    """A progress part's validation key by what its data is made from: its part key (its documents'
    keys among them), the common graphs' context and the keys of the documents its documents point into."""
    pointed = sorted({keys[o] for graph, _ in graphs for o in owners.get(graph, ())})
    return cache.validation_key("progress-part-from", salt, part_key, common_context, *pointed)

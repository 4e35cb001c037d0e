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

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from nghiquyet.graph.build_cache import BuildCache, tree_fingerprint
from nghiquyet.graph.build_validate import data_store, violations
from nghiquyet.graph.build_units import UnitState, _state, prepare, validate_batch
from nghiquyet.graph.errors import ValidationFailed
from nghiquyet.graph.publish import quads_sum
from nghiquyet.graph.report import explain_results
from nghiquyet.graph.settings import Settings

__all__ = ["check_streamed"]

def _line(*terms: Any) -> str:
    return " ".join(str(t) for t in terms) + " ."




_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _contexts(store: ox.Store, summaries: list[dict[str, Any]], progress: ox.NamedNode) -> dict[str, str]:
    """For each document graph, N-Triples (sorted) of what its validation needs from the other
    documents and ``graph/progress``: the statements of ``graph/progress`` about the document's typed
    nodes (nq:restates, nq:reportsOn), and what other documents say about the IRIs it points at
    outside itself (the summary's ``foreign`` IRIs) and those statements point at. Index lookups
    in the store, one per node: no pass over the documents' graphs."""
    from nghiquyet.graph.build_stream import query_text

    docs = {s["graph"] for s in summaries}
    lines: dict[str, set[str]] = {doc: set() for doc in docs}
    pointed: dict[str, set[str]] = {s["graph"]: set(s.get("foreign", ())) for s in summaries}
    for row in store.query(query_text("graph_subjects"), default_graph=progress):
        subject = row["s"]
        owners = {q.graph_name.value for q in store.quads_for_pattern(subject, _RDF_TYPE, None)} & docs
        if not owners:
            continue
        stated = list(store.quads_for_pattern(subject, None, None, progress))
        for doc in owners:
            for quad in stated:
                lines[doc].add(_line(quad.subject, quad.predicate, quad.object))
                if isinstance(quad.object, ox.NamedNode):
                    pointed[doc].add(quad.object.value)
    described: dict[str, dict[str, list[str]]] = {}
    for doc, nodes in pointed.items():
        for node in nodes:
            if node not in described:
                by_graph: dict[str, list[str]] = {}
                for quad in store.quads_for_pattern(ox.NamedNode(node), None, None):
                    if quad.graph_name.value in docs:
                        by_graph.setdefault(quad.graph_name.value, []).append(
                            _line(quad.subject, quad.predicate, quad.object))
                described[node] = by_graph
            for graph, found in described[node].items():
                if graph != doc:
                    lines[doc].update(found)
    return {doc: "".join(line + "\n" for line in sorted(found)) for doc, found in lines.items()}


BATCH = 40  # documents validated together at most (the SPARQL engine's cost per store is about 0.2 s)


def _batches(tasks: list[Any], jobs: int, validator: str) -> list[list[Any]]:
    """``tasks`` in batches: a few per worker, at most :data:`BATCH` documents each (one per batch
    for pySHACL, whose cost is per triple). A batch's cached documents cost nothing."""
    size = 1 if validator == "pyshacl" else max(1, min(BATCH, -(-len(tasks) // (4 * max(1, jobs)))))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _engine_version(validator: str) -> str:
    """What validation results depend on besides the data and the shapes: the engine and its version."""
    if validator == "pyshacl":
        import pyshacl

        return f"pyshacl-{pyshacl.__version__}"
    from nghiquyet.graph.shacl_compile import COMPILER_VERSION

    return f"sparql-{COMPILER_VERSION}-{ox.__version__}"


def check_streamed(settings: Settings, store: ox.Store, summaries: list[dict[str, Any]], documents: dict[str, Path],
                   shared_files: dict[str, Path], cache: BuildCache, jobs: int, progress: Any) -> None:
    """Validate every document graph and the shared graphs; raise on violations."""
    from nghiquyet.graph.build_stream import run_units
    from nghiquyet.graph.validate import load_shapes

    ontology = settings.base_iri + "graph/ontology"
    progress_iri = settings.base_iri + "graph/progress"
    common = sorted(iri for iri in shared_files if iri != progress_iri)
    progress_node = ox.NamedNode(progress_iri)
    shared_names = set(shared_files)
    shared_paths = [shared_files[iri] for iri in common if iri != ontology]
    shared = data_store(files=shared_paths)
    salt = tree_fingerprint(settings.ontology_dir) + _engine_version(settings.validator) + "".join(
        f"{iri}:{quads_sum(shared_files[iri].read_text(encoding='utf-8'))}" for iri in common)
    state = _state()
    prepare(UnitState(cache=cache, base_iri=settings.base_iri, shapes=load_shapes(settings.ontology_dir),
                      shared=shared, validation_salt=salt, fingerprint=state.fingerprint,
                      validator=settings.validator))
    contexts = _contexts(store, summaries, progress_node)
    tasks = [(s["graph"], s["key"], contexts[s["graph"]]) for s in summaries]
    files = {s["graph"]: s["file"] for s in summaries}
    failed: dict[str, list[dict[str, Any]]] = {}
    index = 0
    for batch in run_units(validate_batch, _batches(tasks, jobs, settings.validator), jobs):
        for graph, violations, cached in batch:
            index += 1
            if violations:
                failed[graph] = violations
            verdict = f"{len(violations)} violation(s)" if violations else "conforms"
            progress(f"[validate {index}/{len(tasks)}] {files[graph]}: {verdict}" + (" (cached)" if cached else ""))
    shared_violations = _check_shared(store, shared_names, set(documents), shared_paths, shared_files.get(progress_iri),
                                      cache, salt)
    progress(f"[validate] shared graphs and graph/progress: "
             f"{f'{len(shared_violations)} violation(s)' if shared_violations else 'conforms'}")
    if failed or shared_violations:
        results = [r for rows in failed.values() for r in rows] + shared_violations
        dataset = Dataset()
        for path in [documents[g] for g in sorted(failed)] + list(shared_files.values()):
            dataset.parse(path, format="nquads")
        raise ValidationFailed(explain_results(results, dataset, settings.base_iri), results)


def _check_shared(store: ox.Store, shared_names: set[str], documents: set[str], shared: list[Path],
                  progress_file: Path | None, cache: BuildCache, salt: str) -> list[dict[str, Any]]:
    """Validate the nodes of the shared graphs in two parts, each cached on its own: those of the
    graphs every build has (with the shared graphs as data), then those of ``graph/progress`` (with
    progress too), so that a change of figures re-validates the progress part alone."""
    common_lines, progress_lines, common_focus, derived_focus = _shared_parts(store, shared_names, documents)
    violations = _check_part(cache, ["common", salt], shared, None, common_lines, common_focus)
    derived = progress_file.read_text(encoding="utf-8") if progress_file else ""
    return violations + _check_part(cache, ["progress", salt, str(quads_sum(derived))], shared, progress_file,
                                    common_lines | progress_lines, derived_focus)


def _shared_parts(store: ox.Store, shared_names: set[str], documents: set[str]
                  ) -> tuple[set[str], set[str], list[str], list[str]]:
    """What the documents say about the IRIs the shared graphs point at (N-Triples lines: those of
    the graphs every build has, those of ``graph/progress``), and the focus nodes of each part: the
    IRI subjects of the shared graphs that no document describes (those of progress apart). The
    shared graphs' distinct IRIs by two queries each, then one index lookup per IRI."""
    from nghiquyet.graph.build_stream import query_text

    progress_iri = next((n for n in shared_names if n.endswith("graph/progress")), "")
    lines: dict[bool, set[str]] = {False: set(), True: set()}
    said: dict[str, list[str]] = {}
    homes: dict[str, set[str]] = {}
    for name in sorted(shared_names):
        graph = ox.NamedNode(name)
        for row in store.query(query_text("graph_objects"), default_graph=graph):
            node = row["o"]
            if node.value not in said:
                said[node.value] = [_line(q.subject, q.predicate, q.object)
                                    for q in store.quads_for_pattern(node, None, None) if q.graph_name.value in documents]
            lines[name == progress_iri].update(said[node.value])
        for row in store.query(query_text("graph_subjects"), default_graph=graph):
            homes.setdefault(row["s"].value, set()).add(name)
    own = {iri: graphs for iri, graphs in homes.items()
           if not any(q.graph_name.value in documents for q in store.quads_for_pattern(ox.NamedNode(iri), None, None))}
    common_focus = sorted(iri for iri, graphs in own.items() if progress_iri not in graphs)
    derived_focus = sorted(iri for iri, graphs in own.items() if progress_iri in graphs)
    return lines[False], lines[True], common_focus, derived_focus


def _check_part(cache: BuildCache, key_parts: list[str], shared: list[Path], progress_file: Path | None,
                lines: set[str], focus: list[str]) -> list[dict[str, Any]]:
    context = "".join(line + "\n" for line in sorted(lines))
    key = cache.validation_key(*key_parts, context, "\n".join(focus))
    cached = cache.validation(key)
    if cached is not None:
        return cached
    data = data_store(files=[*shared, *([progress_file] if progress_file is not None else [])], ntriples=[context])
    state = _state()
    found = violations(data, state.shapes, state.validator, focus)
    cache.store_validation(key, found)
    return found

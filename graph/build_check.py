"""The SHACL gate of the streamed build: each document on its own, then the graphs shared by all.

A document is validated focused on its own nodes (``graph/<doc>``'s IRI subjects), with the data
they point at: the shared graphs (what they say about those IRIs, a few hops deep), the progress
statements about the document's nodes and what other documents say about the nodes it points at
(``build_queries/document_context.rq``). The shared graphs and ``graph/progress`` are validated
last, focused on the nodes no document describes, with what the documents say about the nodes they
point at (``global_context.rq``). Results are cached by the exact data validated and the shapes.
A violation anywhere raises :class:`ValidationFailed` with the readable report; nothing is published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from nghiquyet.graph.build_cache import BuildCache, tree_fingerprint
from nghiquyet.graph.build_units import UnitState, _state, prepare, validate_unit
from nghiquyet.graph.errors import ValidationFailed
from nghiquyet.graph.publish import quads_sum
from nghiquyet.graph.report import explain_results
from nghiquyet.graph.settings import Settings

__all__ = ["check_streamed"]

def _line(*terms: Any) -> str:
    return " ".join(str(t) for t in terms) + " ."


def _document_context(store: ox.Store, query: str, doc: str, progress: ox.NamedNode, shared: set[str]) -> str:
    """N-Triples (sorted) of what ``doc``'s validation needs from other documents and ``graph/progress``."""
    lines = set()
    rows = store.query(query, substitutions={ox.Variable("doc"): ox.NamedNode(doc), ox.Variable("progress"): progress})
    for row in rows:
        if row["p"] is not None:
            lines.add(_line(row["s"], row["p"], row["o"]))
        graph = row["g"]
        if graph is not None and graph.value != doc and graph.value not in shared:
            lines.add(_line(row["o"], row["q"], row["v"]))
    return "".join(line + "\n" for line in sorted(lines))


def _parse(paths: list[Path], into: Graph) -> Graph:
    for path in paths:
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        into.addN((s, p, o, into) for s, p, o, _ in dataset.quads((None, None, None, None)))
    return into


def check_streamed(settings: Settings, store: ox.Store, summaries: list[dict[str, Any]], documents: dict[str, Path],
                   shared_files: dict[str, Path], cache: BuildCache, jobs: int, progress: Any) -> None:
    """Validate every document graph and the shared graphs; raise on violations."""
    from nghiquyet.graph.build_stream import query_text, run_units
    from nghiquyet.graph.validate import load_shapes

    ontology = settings.base_iri + "graph/ontology"
    progress_iri = settings.base_iri + "graph/progress"
    common = sorted(iri for iri in shared_files if iri != progress_iri)
    progress_node = ox.NamedNode(progress_iri)
    shared_names = set(shared_files)
    shared = _parse([shared_files[iri] for iri in common if iri != ontology], Graph())
    salt = tree_fingerprint(settings.ontology_dir) + "".join(
        f"{iri}:{quads_sum(shared_files[iri].read_text(encoding='utf-8'))}" for iri in common)
    state = _state()
    prepare(UnitState(cache=cache, base_iri=settings.base_iri, shapes=load_shapes(settings.ontology_dir),
                      shared=shared, validation_salt=salt, fingerprint=state.fingerprint))
    query = query_text("document_context")
    tasks = []
    for summary in summaries:
        context = _document_context(store, query, summary["graph"], progress_node, shared_names)
        tasks.append((summary["graph"], summary["key"], context))
    files = {s["graph"]: s["file"] for s in summaries}
    failed: dict[str, list[dict[str, Any]]] = {}
    for index, (graph, violations, cached) in enumerate(run_units(validate_unit, tasks, jobs), 1):
        if violations:
            failed[graph] = violations
        verdict = f"{len(violations)} violation(s)" if violations else "conforms"
        progress(f"[validate {index}/{len(tasks)}] {files[graph]}: {verdict}" + (" (cached)" if cached else ""))
    shared_violations = _check_shared(store, shared_names, shared, shared_files.get(progress_iri), cache, salt)
    progress(f"[validate] shared graphs and graph/progress: "
             f"{f'{len(shared_violations)} violation(s)' if shared_violations else 'conforms'}")
    if failed or shared_violations:
        results = [r for rows in failed.values() for r in rows] + shared_violations
        dataset = Dataset()
        for path in [documents[g] for g in sorted(failed)] + list(shared_files.values()):
            dataset.parse(path, format="nquads")
        raise ValidationFailed(explain_results(results, dataset, settings.base_iri), results)


def _check_shared(store: ox.Store, shared_names: set[str], shared: Graph, progress_file: Path | None,
                  cache: BuildCache, salt: str) -> list[dict[str, Any]]:
    """Validate the nodes of the shared graphs in two parts, each cached on its own: those of the
    graphs every build has (with the shared graphs as data), then those of ``graph/progress`` (with
    progress too), so that a change of figures re-validates the progress part alone."""
    from nghiquyet.graph.build_stream import query_text

    progress_iri = next((n for n in shared_names if n.endswith("graph/progress")), "")
    lines: dict[bool, set[str]] = {False: set(), True: set()}
    described: dict[str, set[str]] = {}
    for name in sorted(shared_names):
        graph = {ox.Variable("h"): ox.NamedNode(name)}
        for row in store.query(query_text("global_context"), substitutions=graph):
            if row["g"].value not in shared_names:
                lines[name == progress_iri].add(_line(row["o"], row["q"], row["v"]))
        for row in store.query(query_text("global_focus"), substitutions=graph):
            described.setdefault(row["s"].value, set()).add(row["g"].value)
    homes = {iri: graphs for iri, graphs in described.items() if graphs <= shared_names}
    common_focus = sorted(iri for iri, graphs in homes.items() if progress_iri not in graphs)
    derived_focus = sorted(iri for iri, graphs in homes.items() if progress_iri in graphs)
    violations = _check_part(cache, ["common", salt], shared, None, lines[False], common_focus)
    derived = progress_file.read_text(encoding="utf-8") if progress_file else ""
    return violations + _check_part(cache, ["progress", salt, str(quads_sum(derived))], shared, progress_file,
                                    lines[False] | lines[True], derived_focus)


def _check_part(cache: BuildCache, key_parts: list[str], shared: Graph, progress_file: Path | None,
                lines: set[str], focus: list[str]) -> list[dict[str, Any]]:
    from nghiquyet.graph.validate import validate_graph

    context = "".join(line + "\n" for line in sorted(lines))
    key = cache.validation_key(*key_parts, context, "\n".join(focus))
    cached = cache.validation(key)
    if cached is not None:
        return cached
    data = Graph()
    data += shared
    if progress_file is not None:
        _parse([progress_file], data)
    if context:
        data.parse(data=context, format="nt")
    report = validate_graph(data, shapes=_state().shapes, focus=[URIRef(iri) for iri in focus])
    violations = [r for r in report.results if r["severity"] == "Violation"]
    cache.store_validation(key, violations)
    return violations

"""The shared graphs' files of the streamed build: the common graphs, ``graph/shared`` and ``graph/progress``.

:func:`common_files` writes the graphs every build has (ontology, indicator scheme, places,
statistics: made once per :func:`~nghiquyet.graph.build_cache.common_key` and kept in the cache)
and ``graph/shared`` (the places' and the documents' merged shared nodes) as N-Quads files;
:func:`progress_file` computes ``graph/progress`` from those files and the documents', one province
at a time; :func:`progress_pieces` gives its dump pieces, one per province's part.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable

from rdflib import Dataset, URIRef

from nghiquyet.graph import build as base
from nghiquyet.graph.build_cache import BuildCache, common_key
from nghiquyet.graph.build_dumps import quads_of
from nghiquyet.graph.build_units import documents_by_province
from nghiquyet.graph.mapping import load_context, shared_nquads
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.text import slug

__all__ = ["Pieces", "common_files", "named_graph_nquads", "progress_file", "progress_pieces", "write_graph"]


def write_graph(directory: Path, iri: str, nquads: str) -> Path:
    path = directory / (slug(iri, 120) + ".nq")
    path.write_text(nquads, encoding="utf-8")
    return path


def common_files(settings: Settings, merged: dict[str, dict[str, Any]], directory: Path,
                  cache: BuildCache) -> dict[str, Path]:
    """The shared graphs as N-Quads files: those every build has (ontology, scheme, places,
    statistics; made once per :func:`common_key` and kept in the cache) and ``graph/shared``, whose
    lines are the places' and the documents' merged shared nodes' (mapped here, every build)."""
    folder = cache.common_dir(common_key(settings))
    if not (folder / "DONE").is_file():
        dataset = Dataset()
        base.add_common_graphs(settings, dataset)
        scratch = folder.with_name(f".{folder.name}.{os.getpid()}")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        for graph in dataset.graphs():
            if len(graph):
                write_graph(scratch, str(graph.identifier), named_graph_nquads(graph, str(graph.identifier)))
        (scratch / "DONE").write_text("", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        scratch.rename(folder)
    files = {next(quads_of(path)).graph_name.value: path for path in sorted(folder.glob("*.nq"))}
    shared_iri = settings.base_iri + "graph/shared"
    lines = set(shared_nquads([merged[k] for k in sorted(merged)],
                              load_context(settings.mappings_dir, settings.base_iri), settings.base_iri).splitlines())
    if shared_iri in files:
        lines |= set(files[shared_iri].read_text(encoding="utf-8").splitlines())
    lines.discard("")
    files[shared_iri] = write_graph(directory, shared_iri, "".join(line + "\n" for line in sorted(lines)))
    return files


def progress_file(settings: Settings, shared: dict[str, Path], summaries: list[dict[str, Any]],
                   documents: dict[str, Path], directory: Path) -> dict[str, Path]:
    """``graph/progress`` (and any other graph derived from all the others), computed from the
    graphs' files one province at a time (the documents stating quantities of it, the shared graphs)."""
    module = base._statistics()
    by_province = documents_by_province(summaries, documents)
    keys = {s["graph"]: s["key"] for s in summaries}
    cache = BuildCache(settings.data_dir / "cache")
    derived = module.derive_from_parts(list(shared.values()), by_province, settings, cache, keys) if module else {}
    return {settings.base_iri + name: write_graph(directory, settings.base_iri + name, nquads)
            for name, nquads in derived.items() if nquads}


Pieces = dict[str, list[tuple[Callable[[], Path], Path]]]


def progress_pieces(settings: Settings, common: dict[str, Path], summaries: list[dict[str, Any]],
                     documents: dict[str, Path], cache: BuildCache, derived: dict[str, Path], scratch: Path
                     ) -> tuple[Pieces, dict[str, tuple[int, int]]]:
    """``graph/progress``'s dump pieces, one per province's part (non-empty), each with the folder
    its parts are kept in (by its part key) and a function writing its N-Quads file: an edit of one
    document serializes its provinces' parts again, not the whole graph. And the graph's
    :func:`~nghiquyet.graph.publish.quads_sum`, added up from its parts' (which have no line in
    common), each kept by its part key."""
    from nghiquyet.graph.statistics.progress_parts import part_keys

    iri = settings.base_iri + "graph/progress"
    if iri not in derived:
        return {}, {}
    keys = {s["graph"]: s["key"] for s in summaries}
    provinces = part_keys(list(common.values()), documents_by_province(summaries, documents), settings, cache, keys)
    name = f" <{iri}> .\n"
    found: list[tuple[Callable[[], Path], Path]] = []
    total = count = 0
    for index, key in enumerate(provinces.values()):
        text = cache.part(key) if key is not None else None
        if text is None:
            return {}, {}  # not all parts in the cache: the graph's file is serialized whole
        if not text:
            continue
        def nquads(text: str = text) -> str:  # the part's N-Triples rows in the named graph
            return "".join(row[:-2] + name for row in text.splitlines())

        part_sum, part_count = cache.text_sum(f"{iri} {key}", nquads)
        total, count = total + part_sum, count + part_count

        def write(nquads: Callable[[], str] = nquads, path: Path = scratch / f"{index}.nq") -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(nquads(), encoding="utf-8")
            return path

        found.append((write, cache.graph_parts_dir(iri, settings.base_iri, key)))
    return {iri: found}, {iri: (total, count)}


def named_graph_nquads(graph: Any, iri: str) -> str:
    """N-Quads of ``graph``'s triples in the named graph ``iri``, lines sorted: rdflib's N-Triples
    rows with the graph's name added, as an rdflib dataset writes them (without copying one)."""
    name = f" {URIRef(iri).n3()} .\n"
    return "".join(row[:-2] + name for row in sorted(graph.serialize(format="nt").splitlines()) if row)

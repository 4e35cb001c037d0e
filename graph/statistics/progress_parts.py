"""``graph/progress`` from the build's N-Quads files, one province at a time, each province's part cached.

Progress is separable by province: a target is assessed against quantities of its own province
and indicator, a plan value or actual reports on a target of its province, a target restates one
of its province (:mod:`.links`), and a merged unit's combined figures (read from the shared graphs:
the former units' observations) belong to the new unit. So the graph is the union of one part per
province, each made from the shared graphs and that province's documents only.

A part is cached in the build cache (:meth:`~nghiquyet.graph.build_cache.BuildCache.part`) under a
key of the shared graphs' bytes, the province, its documents' cache keys, the two queries, the
unit table and the code version: a build after a one-document change computes the parts of that
document's provinces only. The store with the shared graphs is loaded only when a part is missing.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pyoxigraph as ox

from nghiquyet.graph.build_cache import file_digest
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.assessment import (PROGRESS_GRAPH, _combined_quantity, _term, assess_dataset,
                                                   quantities_from_rows, select_rows)
from nghiquyet.graph.statistics.former import CombinedFigure, combined_figures
from nghiquyet.graph.statistics.progress_lines import progress_rows
from nghiquyet.graph.statistics.units import UnitTable, load_units

__all__ = ["part_keys", "progress_nquads", "province_key"]

class _Shared:
    """The shared graphs in an in-memory store, loaded on first use, and what is read from them once."""

    def __init__(self, paths: Sequence[Path], settings: Settings, queries: tuple[str, str]) -> None:
        self._paths, self._settings = paths, settings
        self.query, self._former_query = queries
        self._store: ox.Store | None = None
        self._dump: bytes | None = None
        self._figures: list[CombinedFigure] | None = None
        self._names: dict[tuple[str, str], str] = {}
        self._units: UnitTable | None = None

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            self._store = ox.Store()
            for path in self._paths:
                self._store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return self._store

    def figures(self) -> list[CombinedFigure]:
        """The merged units' combined figures (from the shared graphs only, no document loaded)."""
        if self._figures is None:
            rows = select_rows(self.store, self._former_query)
            self._names = {(_term(r["former"]), lang): _term(r[column]) for r in rows
                           for lang, column in (("vi", "formerLabel"), ("en", "formerLabelEn")) if column in r}
            self._figures = combined_figures(rows)
        return self._figures

    def provinces(self) -> list[str]:
        """Provinces with published figures or combined figures (the documents add theirs)."""
        observed = {row["province"].value for row in select_rows(self.store, self.query)}
        return sorted(observed | {figure.province for figure in self.figures()})

    def part(self, province: str, graphs: Sequence[tuple[str, Path]]) -> list[str]:
        """The rows of ``province``: read from a new store of the shared graphs and its documents.
        (Removing the documents from one store again kept their memory: 10 MB per province.)"""
        figures = [f for f in self.figures() if f.province == province]
        if self._dump is None:
            self._dump = self.store.dump(format=ox.RdfFormat.N_QUADS)
        store = ox.Store()
        store.bulk_load(self._dump, format=ox.RdfFormat.N_QUADS)
        for _, path in graphs:  # a transactional load: faster than a bulk load into a memory store
            store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        rows = select_rows(store, self.query, province=ox.NamedNode(province))
        del store
        if self._units is None:
            self._units = load_units(self._settings.ontology_dir)
        quantities = [*quantities_from_rows(rows), *map(_combined_quantity, figures)]
        return sorted(progress_rows(*assess_dataset(quantities, self._units), figures, self._names))


def shared_key(cache: Any, shared: Iterable[Path], settings: Settings, queries: tuple[str, str]) -> str:
    """What every part reads besides its province's documents: the shared graphs (in any order),
    queries, unit table."""
    units = (Path(settings.ontology_dir) / "vocab" / "units.ttl").read_bytes()
    return cache.part_key("progress", *queries, units, *sorted(file_digest(path) for path in shared))


def province_key(cache: Any, common: str, province: str, document_keys: Iterable[str]) -> str:
    """The key of one province's part: :func:`shared_key`, the province, its documents' cache keys."""
    return cache.part_key(common, province, *sorted(document_keys))


def part_keys(shared: Sequence[Path], documents: Mapping[str, Sequence[tuple[str, Path]]], settings: Settings,
              cache: Any, keys: Mapping[str, str], queries: tuple[str, str] | None = None,
              context: _Shared | None = None) -> dict[str, str | None]:
    """The cache key of every province's part (None for a province with a document missing from
    ``keys``): the provinces the shared graphs have figures of (listed once per shared key) and
    those ``documents`` state quantities of. A part's text is a function of its key."""
    queries = queries or _queries(settings)
    common = shared_key(cache, shared, settings, queries)
    listed = cache.part_key(common, "provinces")
    known = cache.part(listed)  # the provinces the shared graphs have
    if known is None:
        context = context or _Shared(list(shared), settings, queries)
        known = "".join(p + "\n" for p in context.provinces())
        cache.store_part(listed, known)
    found: dict[str, str | None] = {}
    for province in sorted(set(known.split()) | set(documents)):
        graphs = documents.get(province, ())
        complete = all(iri in keys for iri, _ in graphs)
        found[province] = province_key(cache, common, province, (keys[iri] for iri, _ in graphs)) if complete else None
    return found


def _queries(settings: Settings) -> tuple[str, str]:
    from nghiquyet.graph.named_queries.loader import query_text

    return query_text("progress", settings.queries_dir), query_text("former-figures", settings.queries_dir)


def progress_nquads(shared: Sequence[Path], documents: Mapping[str, Sequence[tuple[str, Path]]],
                    settings: Settings, cache: Any = None, keys: Mapping[str, str] | None = None) -> str:
    """``graph/progress`` as N-Quads, lines sorted (as the build writes a named graph).

    ``shared`` are the files of the graphs every document reads, ``documents`` maps a province IRI
    to (graph IRI, file) of each document stating quantities of it. With a ``cache``
    (:class:`~nghiquyet.graph.build_cache.BuildCache`) and ``keys`` (document graph IRI → its
    cache key) parts are read from and written to the cache (:func:`part_keys`); a province with a
    document missing from ``keys`` is computed.
    """
    queries = _queries(settings)
    context = _Shared(list(shared), settings, queries)
    if cache is not None:
        provinces = part_keys(shared, documents, settings, cache, keys or {}, queries, context)
    else:
        provinces = dict.fromkeys(sorted(set(context.provinces()) | set(documents)))
    rows: list[str] = []
    for province, key in provinces.items():
        text = cache.part(key) if key is not None else None
        if text is None:
            text = "".join(row + "\n" for row in context.part(province, documents.get(province, ())))
            if key is not None:
                cache.store_part(key, text)
        rows += text.splitlines()
    rows.sort()  # sorted runs, one per province: merged, not sorted from scratch
    name = f" <{settings.base_iri}{PROGRESS_GRAPH}> .\n"
    return "".join(row[:-2] + name for row, _ in groupby(rows))  # a triple once, as in a graph

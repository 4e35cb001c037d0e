"""Build time: links between quantities and one published assessment per target (graph/progress).

The build hands over the assembled dataset; the rows of ``queries/progress.rq`` are read from an
in-memory Oxigraph copy of it, links are found (:mod:`.links`), every target is assessed
(:mod:`.progress`) and the result is one named graph. SPARQL, the API and the pages read it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Dataset, Graph, Namespace

from nghiquyet.graph.settings import ONTOLOGY_NS, Settings
from nghiquyet.graph.statistics.former import CombinedFigure, combined_figures
from nghiquyet.graph.statistics.links import Link, reports_on, restatements
from nghiquyet.graph.statistics.progress import Progress, assess_all
from nghiquyet.graph.statistics.quantity import Quantity, quantity_from_row
from nghiquyet.graph.statistics.units import UnitTable, load_units

__all__ = ["PROGRESS_GRAPH", "STATUS_CONCEPTS", "RULE_CONCEPTS", "progress_graph", "quantities_from_rows",
           "assess_dataset", "select_rows", "contribute_progress", "progress_from_store", "progress_from_parts"]

NQ = Namespace(ONTOLOGY_NS)
PROGRESS_GRAPH = "graph/progress"
STATUS_CONCEPTS = {"achieved": NQ.Achieved, "on track": NQ.OnTrack, "at risk": NQ.AtRisk,
                   "off track": NQ.OffTrack, "not achieved": NQ.NotAchieved, "no data": NQ.NoData}
RULE_CONCEPTS = {"no-data": NQ.RuleNoData, "reached": NQ.RuleReached, "deadline": NQ.RuleDeadline,
                 "trajectory": NQ.RuleTrajectory, "per-year-rate": NQ.RulePerYearRate, "gap": NQ.RuleGap,
                 "at-most-zero": NQ.RuleAtMostZero}


def select_rows(store: ox.Store, query: str, **bindings: ox.NamedNode) -> list[dict[str, Any]]:
    """Rows as dicts of terms over the union of the graphs."""
    result = store.query(query, use_default_graph_as_union=True,
                         substitutions={ox.Variable(k): v for k, v in bindings.items()})
    names = [v.value for v in result.variables]
    return [{name: term for name, term in zip(names, row) if term is not None} for row in result]


def quantities_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Quantity]:
    """One :class:`Quantity` per IRI: rows repeated for several implemented documents are merged."""
    merged: dict[str, Quantity] = {}
    for row in rows:
        quantity = quantity_from_row(row)
        known = merged.get(quantity.iri)
        if known is None:
            merged[quantity.iri] = quantity
        elif not set(quantity.implements) <= set(known.implements):
            merged[quantity.iri] = replace(known, implements=tuple(sorted({*known.implements, *quantity.implements})))
    return list(merged.values())


def assess_dataset(quantities: list[Quantity], units: UnitTable) -> tuple[list[Link], list[Link], list[Progress]]:
    """(restatements, reports-on links, assessments) of the quantities."""
    targets = [q for q in quantities if q.kind == "target"]
    restated = restatements(targets, units)
    reports = [q for q in quantities if q.kind in {"plan", "actual"}]
    return restated, reports_on(reports, targets, units, restated), assess_all(quantities, units)


def progress_graph(quantities: list[Quantity], units: UnitTable,
                   combined: Iterable[CombinedFigure] = (),
                   names: Mapping[tuple[str, str], str] | None = None) -> Graph:
    """The named graph of links and assessments for ``quantities`` (and the merged units' combined
    figures): the rows :func:`~.progress_lines.progress_rows` writes, read into a graph (one writer
    of these triples, for the streamed build and for this one)."""
    from nghiquyet.graph.statistics.progress_lines import progress_rows

    combined = list(combined)
    restated, reported, results = assess_dataset([*quantities, *map(_combined_quantity, combined)], units)
    graph = Graph()
    graph.bind("nq", NQ)
    rows = progress_rows(restated, reported, results, combined, names or {})
    graph.parse(data="".join(row + "\n" for row in sorted(rows)), format="nt")
    return graph


def contribute_progress(dataset: Dataset, settings: Settings) -> dict[str, Graph]:
    """``{"graph/progress": …}`` for the assembled ``dataset`` (called by the build after mapping)."""
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), ox.RdfFormat.N_QUADS)
    return progress_from_store(store, settings)


def progress_from_store(store: ox.Store, settings: Settings) -> dict[str, Graph]:
    """``{"graph/progress": …}`` computed from a store holding every other graph of the build."""
    from nghiquyet.graph.named_queries.loader import query_text

    query = query_text("progress", settings.queries_dir)
    quantities = quantities_from_rows(select_rows(store, query))
    former_rows = select_rows(store, query_text("former-figures", settings.queries_dir))
    return {PROGRESS_GRAPH: _progress(quantities, former_rows, settings)}


def progress_from_parts(shared: Iterable[Path], documents: Mapping[str, Sequence[tuple[str, Path]]],
                        settings: Settings, cache: Any = None, keys: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{"graph/progress": N-Quads}`` as :func:`progress_from_store` computes it, without the whole
    build in one store: N-Quads files in, one province at a time, each province's part cached in
    ``cache`` under its documents' ``keys`` (:func:`~.progress_parts.progress_nquads`)."""
    from nghiquyet.graph.statistics.progress_parts import progress_nquads

    return {PROGRESS_GRAPH: progress_nquads(list(shared), documents, settings, cache, keys)}


def _progress(quantities: list[Quantity], former_rows: list[dict[str, Any]], settings: Settings) -> Graph:
    names = {(_term(r["former"]), lang): _term(r[column]) for r in former_rows
             for lang, column in (("vi", "formerLabel"), ("en", "formerLabelEn")) if column in r}
    return progress_graph(quantities, load_units(settings.ontology_dir), combined_figures(former_rows), names)


def _term(term: Any) -> str:
    return str(getattr(term, "value", term))


def _combined_quantity(figure: CombinedFigure) -> Quantity:
    """A combined figure as the quantity progress reads (kind ``combined``: a baseline, never evidence)."""
    return Quantity(kind="combined", province=figure.province, indicator=figure.indicator,
                    unit=figure.unit.rstrip("/").rsplit("/", 1)[-1], value=figure.value, start=figure.year,
                    end=figure.year, status=figure.status, iri=figure.iri)

"""Build time: links between quantities and one published assessment per target (graph/progress).

The build hands over the assembled dataset; the rows of ``queries/progress.rq`` are read from an
in-memory Oxigraph copy of it, links are found (:mod:`.links`), every target is assessed
(:mod:`.progress`) and the result is one named graph. SPARQL, the API and the pages read it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from nghiquyet.graph.settings import ONTOLOGY_NS, Settings
from nghiquyet.graph.statistics.cube import decimal_lexical
from nghiquyet.graph.statistics.former import CombinedFigure, add_combined_figures, combined_figures
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


def _decimal(value: Decimal) -> Literal:
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def _assessment(graph: Graph, progress: Progress) -> None:
    target = progress.target
    node = URIRef(target.iri + "/progress")
    label = target.indicator_label or target.indicator.rsplit("/", 1)[-1]
    graph.add((node, RDF.type, NQ.ProgressAssessment))
    graph.add((node, RDFS.label, Literal(f"Đánh giá tiến độ: {label} ({target.period})", lang="vi")))
    graph.add((node, RDFS.label, Literal(f"Progress: {label} ({target.period})", lang="en")))
    graph.add((node, NQ.assesses, URIRef(target.iri)))
    graph.add((node, NQ.progressStatus, STATUS_CONCEPTS[progress.status]))
    graph.add((node, NQ.progressRule, RULE_CONCEPTS[progress.rule]))
    graph.add((node, NQ.betterDirection, Literal(progress.direction)))
    for lang, reason in (progress.reasons or {"en": progress.reason}).items():
        graph.add((node, RDFS.comment, Literal(reason, lang=lang)))
    if progress.bound is not None:
        graph.add((node, NQ.bound, _decimal(progress.bound)))
    for evidence in progress.evidence:
        graph.add((node, NQ.evidence, URIRef(evidence.iri)))
    if progress.latest is not None:
        graph.add((node, NQ.latestActual, URIRef(progress.latest.iri)))
        graph.add((node, NQ.latestValue, _decimal(progress.latest.value)))
    if progress.baseline is not None:
        graph.add((node, NQ.baseline, URIRef(progress.baseline.iri)))
        graph.add((node, NQ.baselineValue, _decimal(progress.baseline.value)))
    if progress.expected is not None:
        graph.add((node, NQ.expectedValue, _decimal(progress.expected.quantize(Decimal("0.01")))))
        graph.add((node, NQ.expectedYear, Literal(str(progress.expected_year), datatype=XSD.gYear)))


def progress_graph(quantities: list[Quantity], units: UnitTable,
                   combined: Iterable[CombinedFigure] = (),
                   names: Mapping[tuple[str, str], str] | None = None) -> Graph:
    """The named graph of links and assessments for ``quantities`` (and the merged units' combined figures)."""
    combined = list(combined)
    restated, reported, results = assess_dataset([*quantities, *map(_combined_quantity, combined)], units)
    graph = Graph()
    graph.bind("nq", NQ)
    add_combined_figures(graph, combined, names or {})
    for subject, target in restated:
        graph.add((URIRef(subject), NQ.restates, URIRef(target)))
    for subject, target in reported:
        graph.add((URIRef(subject), NQ.reportsOn, URIRef(target)))
    for progress in results:
        _assessment(graph, progress)
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

"""Read the published assessments back (queries/progress-status.rq + progress.rq + target-links.rq).

The status, rule, reason, bound, deciding actual, baseline and expected value come from the graph
as the build published them; the quantities only supply what the table and the charts show
(values of the linked plan values and of the actuals, in the target's unit).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Iterable, Mapping

from nghiquyet.graph.statistics.links import in_target_unit, within_period
from nghiquyet.graph.statistics.progress import Progress
from nghiquyet.graph.statistics.quantity import Quantity, baseline_year
from nghiquyet.graph.statistics.units import UnitTable

__all__ = ["published_progress"]

REPORTS_ON = "https://w3id.org/nghiquyet/ontology#reportsOn"


def _text(term: Any) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _decimal(term: Any) -> Decimal | None:
    text = _text(term)
    return Decimal(text) if text else None


def _shown(target: Quantity, quantity: Quantity | None, value: Decimal | None, units: UnitTable) -> Quantity | None:
    """``quantity`` in the target's unit, with the value the graph published when there is one."""
    if quantity is None:
        return None
    converted = in_target_unit(target, quantity, units) or quantity
    return replace(converted, value=value) if value is not None else converted


def published_progress(quantities: Iterable[Quantity], status_rows: Iterable[Mapping[str, Any]],
                       link_rows: Iterable[Mapping[str, Any]], units: UnitTable) -> list[Progress]:
    """One :class:`Progress` per published assessment, ordered like :func:`progress.assess_all`."""
    by_iri = {q.iri: q for q in quantities}
    plans: dict[str, list[str]] = {}
    for row in link_rows:
        if _text(row.get("link")) == REPORTS_ON and _text(row.get("reportKind")) == "plan":
            plans.setdefault(_text(row.get("target")), []).append(_text(row.get("report")))
    results = []
    for row in status_rows:
        target = by_iri.get(_text(row.get("target")))
        if target is None:
            continue  # a target without value or unit is assessed but cannot be drawn
        evidence = [by_iri[iri] for iri in _text(row.get("evidence")).split() if iri in by_iri]
        latest = _shown(target, by_iri.get(_text(row.get("latest"))), _decimal(row.get("latestValue")), units)
        baseline = _shown(target, by_iri.get(_text(row.get("baseline"))), _decimal(row.get("baselineValue")), units)
        linked = [_shown(target, by_iri[iri], None, units) for iri in plans.get(target.iri, []) if iri in by_iri]
        expected_year = _text(row.get("expectedYear"))
        progress = Progress(
            target, _text(row.get("status")), _text(row.get("reason")), _text(row.get("rule")),
            _text(row.get("direction")), _decimal(row.get("bound")), baseline, latest,
            _decimal(row.get("expectedValue")), int(expected_year[:4]) if expected_year else None,
            plans=sorted((q for q in linked if q is not None), key=lambda q: q.end),
            evidence=[_shown(target, q, None, units) for q in evidence])
        progress.reasons = {lang: text for lang, text in (("vi", _text(row.get("reasonVi"))), ("en", progress.reason)) if text}
        progress.actuals = _chart_actuals(target, by_iri.values(), units, progress)
        results.append(progress)
    return sorted(results, key=lambda p: (p.target.province, p.target.indicator_label, p.target.end, p.target.iri))


def _chart_actuals(target: Quantity, quantities: Iterable[Quantity], units: UnitTable, progress: Progress) -> list[Quantity]:
    """What the chart draws: the evidence, and the forecasts of the same period (shown, never counted)."""
    shown = {q.iri: q for q in progress.evidence}
    for quantity in quantities:
        if quantity.forecast and quantity.iri not in shown:
            converted = in_target_unit(target, quantity, units)
            if converted is not None and within_period(target, converted):
                shown[quantity.iri] = converted
    if progress.baseline is not None and progress.baseline.end <= baseline_year(target):
        shown.setdefault(progress.baseline.iri, progress.baseline)
    return sorted(shown.values(), key=lambda q: (q.end, q.start))

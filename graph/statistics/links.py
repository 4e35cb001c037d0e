"""Links between quantities: what a plan value or actual reports on, what a target restates.

* A plan value, reported actual or observation **reports on** a target of the same province and
  indicator concept when its unit is the target's, a multiple of it (tỷ / nghìn tỷ / triệu đồng,
  USD / triệu USD), or the yearly form of a per-year target's unit (9 % in 2024 is one year of
  9–10 %/năm over 2021–2025), and its period lies inside the target's: after the baseline year
  and not after the target's year, and for a period target not before the period starts.
* A target of a document that ``nq:implements`` another **restates** that document's target of the
  same province and indicator, with a convertible unit and the same deadline and period shape;
  among several, the closest value wins.

:func:`in_target_unit` gives the other quantity expressed in the target's unit, which is also
what the progress rules compare.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from nghiquyet.graph.statistics.quantity import Quantity, baseline_year
from nghiquyet.graph.statistics.units import UnitTable

__all__ = ["in_target_unit", "within_period", "reports_on", "restatements", "Link"]

Link = tuple[str, str]  # (subject IRI, target IRI)


def in_target_unit(target: Quantity, other: Quantity, units: UnitTable) -> Quantity | None:
    """``other`` with its value in the target's unit, or None when it is not about the target's quantity."""
    if not target.indicator or other.province != target.province or other.indicator != target.indicator:
        return None
    factor = units.factor(other.unit, target.unit)
    if factor is not None:
        return _scaled(other, units, other.unit, target.unit)
    yearly = units.yearly_form(target.unit)
    if yearly and target.is_span and target.per_year and not other.is_span and units.factor(other.unit, yearly):
        return replace(_scaled(other, units, other.unit, yearly), unit=target.unit, per_year=True)
    return None


def _scaled(other: Quantity, units: UnitTable, source: str, unit: str) -> Quantity:
    value = units.convert(other.value, source, unit)
    value_max = None if other.value_max is None else units.convert(other.value_max, source, unit)
    return replace(other, value=value, value_max=value_max, unit=unit)


def within_period(target: Quantity, other: Quantity) -> bool:
    """``other`` falls after the baseline year, not after the target's year, inside a target period."""
    if other.end > target.end or other.end <= baseline_year(target):
        return False
    return other.start >= target.start if target.is_span else not other.is_span


def restatements(targets: Iterable[Quantity], units: UnitTable) -> list[Link]:
    """(restating target, restated target) pairs."""
    targets = list(targets)
    by_source: dict[str, list[Quantity]] = {}
    for target in targets:
        by_source.setdefault(target.source, []).append(target)
    links = []
    for target in targets:
        candidates = []
        for document in target.implements:
            for original in by_source.get(document, []):
                if original.end != target.end or original.is_span != target.is_span:
                    continue
                mine = in_target_unit(original, target, units)
                if mine is not None and units.factor(target.unit, original.unit) is not None:
                    candidates.append((abs(mine.value - original.value), original.iri))
        if candidates:
            links.append((target.iri, min(candidates)[1]))
    return links


def reports_on(reports: Iterable[Quantity], targets: Iterable[Quantity], units: UnitTable,
               restated: Iterable[Link] = ()) -> list[Link]:
    """(plan value or actual, target) pairs; a target that restates another is not linked again."""
    restating = {subject for subject, _ in restated}
    originals: dict[tuple[str, str], list[Quantity]] = {}  # in_target_unit: same province and indicator
    for target in targets:
        if target.iri not in restating:
            originals.setdefault((target.province, target.indicator), []).append(target)
    links = []
    for report in reports:
        for target in originals.get((report.province, report.indicator), []):
            if report.source and report.source == target.source:
                continue  # a document's own results describe the term before its targets
            shown = in_target_unit(target, report, units)
            if shown is not None and within_period(target, shown):
                links.append((report.iri, target.iri))
    return links

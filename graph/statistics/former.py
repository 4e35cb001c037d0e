"""Figures of a merged unit made from its former units' figures (issue: progress across mergers).

Since 1 July 2025 a new provincial unit may have no published figure of its own yet. Where an
indicator is additive (a total such as budget revenue: ``nq:additive true`` on its series), the
sum of its former units' preferred figures for one year is a fair figure of the new unit for that
year: the build publishes it as an ``nq:CombinedFigure`` (derived from each former figure) and
progress may use it as the baseline of the new unit's targets. Rates are never summed or averaged;
a year where one former unit has no figure, or units differ, gives no combined figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping



__all__ = ["CombinedFigure", "combine", "combined_figures", "STATUS_ORDER"]

#: SDMX observation statuses from the most to the least final: a sum is as final as its least final part.
STATUS_ORDER = ("A", "P", "E")
#: The label of a combined figure, per language.
STRINGS = {"label": ("Cộng các tỉnh cũ {formers} ({year})", "Sum of the former provinces {formers} ({year})")}


@dataclass(frozen=True)
class CombinedFigure:
    """The sum of every former unit's figure on one additive series for one year."""

    iri: str
    province: str
    indicator: str
    series: str
    period: str
    year: int
    unit: str
    value: Decimal
    status: str
    parts: tuple[str, ...]
    formers: tuple[str, ...]


def combine(values: Mapping[str, Decimal], former_count: int) -> Decimal | None:
    """The sum of one value per former unit, or None unless there are at least two and all are there."""
    if former_count < 2 or len(values) != former_count:
        return None
    return sum(values.values(), Decimal(0))


def _text(term: Any) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _status(code: str) -> str:
    return code.rsplit("obsStatus-", 1)[-1]


def _least_final(statuses: Iterable[str]) -> str:
    ranked = [s for s in statuses if s in STATUS_ORDER]
    return max(ranked, key=STATUS_ORDER.index, default="E")


def combined_figures(rows: Iterable[Mapping[str, Any]]) -> list[CombinedFigure]:
    """One figure per (new unit, series, year, unit) where every former unit has exactly one figure."""
    groups: dict[tuple[str, str, str, str, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        if _text(row.get("periodStart")) != _text(row.get("periodEnd")):
            continue  # single years only: a sum of multi-year averages means nothing
        key = tuple(_text(row.get(name)) for name in ("province", "series", "period", "unit", "indicator"))
        groups.setdefault(key, []).append(row)
    figures = []
    for (province, series, period, unit, indicator), members in sorted(groups.items()):
        by_former: dict[str, list[Mapping[str, Any]]] = {}
        for row in members:
            by_former.setdefault(_text(row["former"]), []).append(row)
        if any(len({_text(r["value"]) for r in found}) != 1 for found in by_former.values()):
            continue  # a former unit with two different chosen figures: no sum
        values = {former: Decimal(_text(found[0]["value"])) for former, found in by_former.items()}
        total = combine(values, int(_text(members[0]["formerCount"]) or 0))
        if total is None:
            continue
        year = int(_text(members[0]["periodEnd"])[:4])
        figures.append(CombinedFigure(
            iri=f"{province}/combined/{indicator.rstrip('/').rsplit('/', 1)[-1]}/{year}",
            province=province, indicator=indicator, series=series, period=period, year=year, unit=unit,
            value=total, status=_least_final(_status(_text(r["obsStatus"])) for r in members),
            parts=tuple(sorted(_text(found[0]["quantity"]) for found in by_former.values())),
            formers=tuple(sorted(by_former))))
    return figures

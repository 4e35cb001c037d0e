"""Progress of targets: baseline, plan values, latest actual and a status (docs/progress.md).

Pure functions over rows of ``queries/progress.rq`` (or rows built by hand): no store, no I/O.
Statuses: ``achieved``, ``on track``, ``at risk``, ``off track``, ``no data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterable, Mapping

__all__ = ["Quantity", "Progress", "quantity_from_row", "assess", "assess_rows", "STATUSES",
           "AT_RISK_SHARE", "NEAR_MISS", "APPROXIMATE"]

STATUSES = ("achieved", "on track", "at risk", "off track", "no data")
AT_RISK_SHARE = Decimal("0.75")  # at risk: at least 75 % of the progress the trajectory expects
NEAR_MISS = Decimal("0.10")      # at risk without a trajectory: within 10 % of the bound
APPROXIMATE = Decimal("0.02")    # "khoảng" (~): within 2 % counts as reached
COMPARATORS = {"Equal": "=", "AtLeast": ">=", "GreaterThan": ">", "AtMost": "<=", "LessThan": "<",
               "Approximately": "~", "Range": "range"}
STATUS_RANK = {"A": 0, "P": 1, "E": 2, "I": 3, "B": 4, "": 0}


@dataclass(frozen=True)
class Quantity:
    """A target, plan value, reported actual or published observation of one indicator."""

    kind: str  # target | plan | actual | observation
    province: str
    indicator: str
    unit: str
    value: Decimal
    start: int
    end: int
    comparator: str = "="
    value_max: Decimal | None = None
    per_year: bool = False
    status: str = ""  # SDMX observation status letter (observations only)
    indicator_label: str = ""
    iri: str = ""
    source: str = ""
    quote: str = ""
    term_start: int | None = None

    @property
    def period(self) -> str:
        """``2024`` or ``2021–2025``."""
        return str(self.end) if self.start == self.end else f"{self.start}–{self.end}"

    @property
    def is_span(self) -> bool:
        """A multi-year period rather than one year."""
        return self.end > self.start

    @property
    def forecast(self) -> bool:
        """A projection, not an actual value."""
        return self.status == "F"


@dataclass
class Progress:
    """One target assessed against the values around it."""

    target: Quantity
    status: str
    reason: str
    baseline: Quantity | None = None
    latest: Quantity | None = None
    expected: Decimal | None = None
    plans: list[Quantity] = field(default_factory=list)
    actuals: list[Quantity] = field(default_factory=list)  # every comparable actual, forecasts included


def _text(term: Any) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def _local(term: Any) -> str:
    return re.split(r"[/#]", _text(term).rstrip("/"))[-1]


def _year(term: Any) -> int | None:
    match = re.match(r"^-?(\d{4})", _text(term))
    return int(match.group(1)) if match else None


def quantity_from_row(row: Mapping[str, Any]) -> Quantity:
    """A row of ``progress.rq`` (pyoxigraph/rdflib terms or plain values) → :class:`Quantity`."""
    start, end = _year(row.get("periodStart")), _year(row.get("periodEnd"))
    start = start if start is not None else end
    end = end if end is not None else start
    comparator = _local(row.get("comparator")) or "Equal"
    value_max = _text(row.get("valueMax"))
    status = _local(row.get("obsStatus"))
    return Quantity(
        kind=_text(row.get("kind")), province=_text(row.get("province")), indicator=_text(row.get("indicator")),
        unit=_local(row.get("unit")), value=Decimal(_text(row.get("value"))), start=start or 0, end=end or 0,
        comparator=COMPARATORS.get(comparator, comparator), value_max=Decimal(value_max) if value_max else None,
        per_year=_text(row.get("perYear")).lower() in {"true", "1"},
        status=status.rsplit("obsStatus-", 1)[-1] if status else "",
        indicator_label=_text(row.get("indicatorLabel")), iri=_text(row.get("quantity")),
        source=_text(row.get("source")), quote=_text(row.get("quote")), term_start=_year(row.get("termStart")),
    )


def _baseline_year(target: Quantity) -> int:
    if target.term_start:
        return target.term_start
    return target.start - 1 if target.is_span else target.end - 5


def _goes_down(target: Quantity, baseline: Quantity | None) -> bool:
    if target.comparator in {"<", "<="}:
        return True
    if target.comparator in {">", ">="} or baseline is None:
        return False
    upper = target.value_max if target.comparator == "range" and target.value_max is not None else target.value
    return baseline.value > upper


def _bound(target: Quantity, down: bool) -> Decimal:
    """The value that must be reached: the lower end of a range going up, the upper going down."""
    if target.comparator == "range" and target.value_max is not None and down:
        return target.value_max
    return target.value


def _meets(value: Decimal, target: Quantity, down: bool) -> bool:
    bound = _bound(target, down)
    if target.comparator == ">":
        return value > bound
    if target.comparator == "<":
        return value < bound
    if target.comparator == "~":
        slack = abs(bound) * APPROXIMATE
        return value <= bound + slack if down else value >= bound - slack
    return value <= bound if down else value >= bound


def _comparable(target: Quantity, other: Quantity) -> bool:
    return (other.kind in {"actual", "observation"} and other.province == target.province
            and other.indicator == target.indicator and other.unit == target.unit)


def _in_window(target: Quantity, actual: Quantity) -> bool:
    """Values that say how far the target is reached (after the baseline year)."""
    if actual.end > target.end or actual.end <= _baseline_year(target):
        return False
    if target.is_span:
        if actual.start == target.start:
            return True  # an average or total over the elapsed part of the period
        return target.per_year and not target.unit.endswith("_per_year") and not actual.is_span
    return not actual.is_span


def _latest(candidates: list[Quantity]) -> Quantity | None:
    usable = [q for q in candidates if not q.forecast]
    return max(usable, key=lambda q: (q.end, -STATUS_RANK.get(q.status, 5), q.kind == "observation"), default=None)


def assess(target: Quantity, others: Iterable[Quantity]) -> Progress:
    """Assess one target against the other quantities (the rules of docs/progress.md)."""
    others = [q for q in others if q is not target]
    comparable = sorted((q for q in others if _comparable(target, q)), key=lambda q: (q.end, q.start))
    base_year = _baseline_year(target)
    before = [q for q in comparable if q.end <= base_year and not q.forecast and q.is_span == target.is_span]
    baseline = max(before, key=lambda q: (q.end, -STATUS_RANK.get(q.status, 5)), default=None)
    window = [q for q in comparable if _in_window(target, q)]
    plans = sorted((q for q in others if q.kind == "plan" and q.province == target.province
                    and q.indicator == target.indicator and q.unit == target.unit
                    and base_year < q.end <= target.end), key=lambda q: q.end)
    progress = Progress(target, "no data", "no actual value after the baseline year", baseline,
                        plans=plans, actuals=[q for q in comparable if q.end > base_year or q is baseline])
    latest = progress.latest = _latest(window)
    if latest is None:
        return progress
    down = _goes_down(target, baseline)
    bound = _bound(target, down)
    if _meets(latest.value, target, down):
        complete = not target.per_year or latest.end >= target.end
        progress.status = "achieved" if complete else "on track"
        progress.reason = (f"{latest.value} ({latest.period}) reaches {bound}" if complete
                           else f"{latest.value} per year so far ({latest.period}) meets {bound}")
        return progress
    if latest.end >= target.end:
        progress.status, progress.reason = "off track", f"{latest.value} ({latest.period}) misses {bound} at the deadline"
        return progress
    if baseline is not None and not target.per_year and bound != baseline.value:
        elapsed = Decimal(latest.end - base_year) / Decimal(target.end - base_year)
        expected = progress.expected = baseline.value + (bound - baseline.value) * elapsed
        done = (latest.value - baseline.value) / (bound - baseline.value)
        if _meets(latest.value, replace(target, value=expected, value_max=expected), down):
            progress.status = "on track"
        else:
            progress.status = "at risk" if done >= AT_RISK_SHARE * elapsed else "off track"
        progress.reason = (f"{latest.value} ({latest.period}) against {expected:.2f} on the straight line from "
                           f"{baseline.value} ({baseline.period}) to {bound} ({target.end})")
        return progress
    gap = abs(bound - latest.value) / abs(bound) if bound else Decimal(1)
    progress.status = "at risk" if gap <= NEAR_MISS else "off track"
    progress.reason = f"{latest.value} ({latest.period}) is {gap:.0%} short of {bound}; no baseline to draw a trajectory"
    return progress


def assess_rows(rows: Iterable[Mapping[str, Any]]) -> list[Progress]:
    """Every target in ``rows`` assessed, ordered by province, indicator label and deadline."""
    quantities = [quantity_from_row(row) for row in rows]
    targets = [q for q in quantities if q.kind == "target"]
    results = [assess(target, quantities) for target in targets]
    return sorted(results, key=lambda p: (p.target.province, p.target.indicator_label, p.target.end, p.target.iri))

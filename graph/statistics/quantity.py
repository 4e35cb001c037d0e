"""One target, plan value, reported actual or published observation, read from ``queries/progress.rq``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

__all__ = ["Quantity", "quantity_from_row", "baseline_year", "COMPARATORS", "DIRECTIONS"]

COMPARATORS = {"Equal": "=", "AtLeast": ">=", "GreaterThan": ">", "AtMost": "<=", "LessThan": "<",
               "Approximately": "~", "Range": "range"}
DIRECTIONS = ("higher", "lower", "none")


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
    source: str = ""  # the document (nq:statedIn) or the web page (dcterms:source)
    quote: str = ""
    term_start: int | None = None
    direction: str = ""  # better direction of the indicator concept: higher | lower | none | "" (unknown)
    implements: tuple[str, ...] = ()  # documents the source document implements

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


def _text(term: Any) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def _local(term: Any) -> str:
    return re.split(r"[/#]", _text(term).rstrip("/"))[-1]


def _year(term: Any) -> int | None:
    match = re.match(r"^-?(\d{4})", _text(term))
    return int(match.group(1)) if match else None


def _direction(term: Any) -> str:
    """``higher``/``lower``/``none`` from a literal or a concept IRI (…/higher, …#HigherIsBetter)."""
    text = _local(term).lower()
    for name in DIRECTIONS:
        if text.startswith(name):
            return name
    return ""


def quantity_from_row(row: Mapping[str, Any]) -> Quantity:
    """A row of ``progress.rq`` (pyoxigraph/rdflib terms or plain values) → :class:`Quantity`."""
    start, end = _year(row.get("periodStart")), _year(row.get("periodEnd"))
    start = start if start is not None else end
    end = end if end is not None else start
    comparator = _local(row.get("comparator")) or "Equal"
    value_max = _text(row.get("valueMax"))
    status = _local(row.get("obsStatus"))
    implements = tuple(sorted(filter(None, _text(row.get("implements")).split()))) if row.get("implements") else ()
    return Quantity(
        kind=_text(row.get("kind")), province=_text(row.get("province")), indicator=_text(row.get("indicator")),
        unit=_local(row.get("unit")), value=Decimal(_text(row.get("value"))), start=start or 0, end=end or 0,
        comparator=COMPARATORS.get(comparator, comparator), value_max=Decimal(value_max) if value_max else None,
        per_year=_text(row.get("perYear")).lower() in {"true", "1"},
        status=status.rsplit("obsStatus-", 1)[-1] if status else "",
        indicator_label=_text(row.get("indicatorLabel")), iri=_text(row.get("quantity")),
        source=_text(row.get("source")), quote=_text(row.get("quote")), term_start=_year(row.get("termStart")),
        direction=_direction(row.get("direction")), implements=implements,
    )


def baseline_year(target: Quantity) -> int:
    """*B*: the start of the congress term, else the year before a period, else five years before."""
    if target.term_start:
        return target.term_start
    return target.start - 1 if target.is_span else target.end - 5

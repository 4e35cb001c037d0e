"""CSV export of assessed targets (one row per target)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Iterable

from nghiquyet.graph.statistics.progress import Progress

__all__ = ["progress_csv", "CSV_COLUMNS"]

CSV_COLUMNS = ("province", "indicator", "indicator_label", "target", "comparator", "value", "value_max", "unit",
               "period", "per_year", "baseline_value", "baseline_period", "plan_values", "latest_value",
               "latest_period", "latest_obs_status", "latest_source", "expected_value", "expected_year", "direction",
               "rule", "status", "reason")


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def progress_csv(results: Iterable[Progress]) -> str:
    """UTF-8 CSV text (RFC 4180, CRLF) with :data:`CSV_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in results:
        t, base, last = p.target, p.baseline, p.latest
        writer.writerow([
            t.province, t.indicator, t.indicator_label, t.iri, t.comparator, _num(t.value), _num(t.value_max),
            t.unit, t.period, "yes" if t.per_year else "no",
            _num(base.value) if base else "", base.period if base else "",
            "; ".join(f"{q.period}: {_num(q.value)}" for q in p.plans),
            _num(last.value) if last else "", last.period if last else "", last.status if last else "",
            last.source if last else "", "" if p.expected is None else f"{p.expected:.2f}",
            p.expected_year or "", p.direction, p.rule, p.status, p.reason,
        ])
    return buffer.getvalue()

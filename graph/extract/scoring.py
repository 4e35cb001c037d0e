"""Score extracted quantities against a gold standard (shared by the tests and the benchmark).

Matching is one-to-one per document. *Lenient* pairs rows that agree on value, value_max, unit and
comparator (values compared numerically); *strict* also requires kind, year and annual to agree;
*indicator* requires the lenient fields and the core indicator concept (``indicator_id``, empty =
no concept) to agree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

__all__ = ["Score", "lenient_key", "strict_key", "indicator_key", "METRICS", "match", "score", "read_gold"]


def _number(text: str | None) -> Decimal | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        return Decimal(str(text).strip()).normalize()
    except InvalidOperation:
        return None


def lenient_key(row: dict) -> tuple:
    """The fields a lenient match compares."""
    return (_number(row.get("value")), _number(row.get("value_max")), row.get("unit", ""), row.get("comparator", ""))


def strict_key(row: dict) -> tuple:
    """The lenient fields plus kind, year and annual."""
    return lenient_key(row) + (row.get("kind", ""), str(row.get("year") or ""), row.get("annual", ""))


def indicator_key(row: dict) -> tuple:
    """The lenient fields plus the core indicator id."""
    return lenient_key(row) + ((row.get("indicator_id") or "").strip(),)


# The three metrics by name, as the benchmarks and tests report them.
METRICS = {"lenient": lenient_key, "strict": strict_key, "indicator": indicator_key}


@dataclass
class Score:
    """Counts and derived precision / recall / F1; ``missed`` and ``spurious`` list unmatched rows."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        """Accumulate another score (micro-average)."""
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold
        self.missed += other.missed
        self.spurious += other.spurious

    def line(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"({self.matched}/{self.predicted} predicted, {self.matched}/{self.gold} gold)")


def match(predicted: list[dict], gold: list[dict], *, strict: bool = False, metric: str | None = None) -> Score:
    """One-to-one matching of ``predicted`` against ``gold`` rows of one document.

    ``metric`` is ``lenient``, ``strict`` or ``indicator`` (default: ``strict`` when ``strict`` is set).
    """
    name = metric or ("strict" if strict else "lenient")
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; expected one of {', '.join(METRICS)}")
    key = METRICS[name]
    pool: dict[tuple, list[dict]] = {}
    for row in predicted:
        pool.setdefault(key(row), []).append(row)
    result = Score(predicted=len(predicted), gold=len(gold))
    for row in gold:
        candidates = pool.get(key(row))
        if candidates:
            # prefer the candidate that also agrees on the other metrics' fields, then on the quote
            candidates.sort(key=lambda c: (strict_key(c) != strict_key(row), indicator_key(c) != indicator_key(row),
                                           c.get("quote") != row.get("quote")))
            candidates.pop(0)
            result.matched += 1
        else:
            result.missed.append(row)
    result.spurious = [row for rows in pool.values() for row in rows]
    return result


def score(predicted: Iterable[dict], gold: Iterable[dict], *, strict: bool = False,
          metric: str | None = None) -> tuple[Score, dict[str, Score]]:
    """Overall (micro) score and per-document scores; rows are grouped by their ``doc`` column."""
    by_doc: dict[str, tuple[list[dict], list[dict]]] = {}
    for row in predicted:
        by_doc.setdefault(row["doc"], ([], []))[0].append(row)
    for row in gold:
        by_doc.setdefault(row["doc"], ([], []))[1].append(row)
    total, per_doc = Score(), {}
    for doc in sorted(by_doc):
        result = match(*by_doc[doc], strict=strict, metric=metric)
        per_doc[doc] = result
        total.add(result)
    return total, per_doc


def read_gold(path: str | Path) -> list[dict]:
    """Rows of a gold CSV (``targets.csv`` schema)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))

"""One checked observation per input row, whatever the file format.

Every reader hands raw text fields to :func:`make_observation`, which checks them against the
lexicon and raises :class:`StatisticsInputError` naming the file, the row and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping

from nghiquyet.graph.errors import InputError
from nghiquyet.graph.statistics.lexicon import StatisticsLexicon
from nghiquyet.graph.text import fold

__all__ = ["Observation", "StatisticsInputError", "make_observation", "check_unique", "STATUSES"]

# SDMX observation status codes accepted on input (sdmx-code:obsStatus-<letter>).
STATUSES = {"A": "normal", "B": "break", "E": "estimated", "F": "forecast", "I": "imputed",
            "P": "provisional"}
_UNIT = re.compile(r"^[a-z][a-z0-9_]*$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class StatisticsInputError(InputError):
    """A statistics file that cannot be imported; names the file, the row and the field."""

    def __init__(self, file: str | Path, row: int | str | None, field: str | None, message: str) -> None:
        self.file, self.row, self.field, self.message = str(file), row, field, message
        where = [self.file]
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True, order=True)
class Observation:
    """A published value of one series for one province and one year or span."""

    gso_code: str
    series: str
    start: int
    end: int
    value: Decimal
    unit: str
    status: str
    source_url: str
    source_quote: str
    note: str = ""

    @property
    def period(self) -> str:
        """``2024`` or ``2021-2023``."""
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def key(self) -> tuple[str, str, str]:
        """The cube dimensions: area, series, period."""
        return (self.gso_code, self.series, self.period)


def _decimal(text: str) -> Decimal | None:
    text = text.strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        return None


def make_observation(raw: Mapping[str, str | None], lexicon: StatisticsLexicon, *, file: str | Path,
                     row: int | str, units: Iterable[str] | None = None) -> Observation:
    """Check one row of raw text fields and return its :class:`Observation`.

    Expected fields: ``area`` (code, ISO code, Wikidata id or name), ``indicator`` (series key),
    ``period``, ``value``, ``unit``, ``status``, ``source_url``, ``source_quote``; optional
    ``note`` and ``province`` (a name that must agree with ``area``).
    """
    def text(name: str) -> str:
        return (raw.get(name) or "").strip()

    def fail(name: str, message: str) -> StatisticsInputError:
        return StatisticsInputError(file, row, name, message)

    area = lexicon.area(text("area")) if text("area") else None
    if area is None:
        raise fail("area", f"unknown province code {text('area')!r} (known: {', '.join(sorted(lexicon.areas))})")
    if text("province") and lexicon.area(text("province")) is not area:
        raise fail("province", f"{text('province')!r} does not name the province with code {area.gso_code}")
    series = lexicon.series_for(text("indicator")) if text("indicator") else None
    if series is None:
        raise fail("indicator", f"unknown indicator {text('indicator')!r}; add it to "
                                "mappings/lexicons/statistical-indicators.yaml first")
    period = _PERIOD.match(text("period"))
    if not period:
        raise fail("period", f"{text('period')!r} is not a year (2024) or a span (2021-2023)")
    start = int(period.group(1))
    end = int(period.group(2) or start)
    if end <= start and period.group(2):
        raise fail("period", f"span {text('period')!r} must end after it starts")
    value = _decimal(text("value"))
    if value is None:
        raise fail("value", f"{text('value')!r} is not a plain decimal number (use a dot, no separators)")
    unit = text("unit")
    allowed = set(units) if units else None
    if not _UNIT.match(unit) or (allowed is not None and unit not in allowed):
        raise fail("unit", f"{unit!r} is not a known unit name")
    status = text("status").upper() or "A"
    if status not in STATUSES:
        raise fail("status", f"{status!r} is not an SDMX observation status ({', '.join(STATUSES)})")
    url = text("source_url")
    if not _URL.match(url):
        raise fail("source_url", f"{url!r} is not an http(s) URL; every figure needs its source")
    quote = " ".join(text("source_quote").split())
    if not quote:
        raise fail("source_quote", "empty; every figure needs a quote from its source")
    return Observation(area.gso_code, series.key, start, end, value, unit, status, url, quote,
                       " ".join(text("note").split()))


def check_unique(observations: list[tuple[int | str, Observation]], file: str | Path) -> None:
    """Refuse two rows with the same area, series and period (a cube cell holds one value)."""
    seen: dict[tuple[str, str, str], int | str] = {}
    for row, observation in observations:
        if observation.key in seen:
            raise StatisticsInputError(
                file, row, "period",
                f"duplicate of row {seen[observation.key]} (province {observation.gso_code}, "
                f"indicator {observation.series}, period {observation.period})")
        seen[observation.key] = row


def same_text(a: str, b: str) -> bool:
    """Labels equal after folding (tone placement, case, spaces)."""
    return fold(a) == fold(b)

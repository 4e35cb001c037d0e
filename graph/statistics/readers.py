"""Readers for tidy CSV and SDMX-CSV files (pandas), dispatching PC-Axis to :mod:`.px`.

Each reader returns ``[(row, Observation), …]``; rows count data rows from 1 (the header is not
a row). Nothing is returned unless every row is good.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from nghiquyet.graph.statistics.lexicon import StatisticsLexicon
from nghiquyet.graph.statistics.records import Observation, StatisticsInputError, check_unique, make_observation

__all__ = ["read_file", "read_tidy_csv", "read_sdmx_csv", "file_kind", "dataset_id", "SUFFIXES"]

Rows = list[tuple[int | str, Observation]]
TIDY_REQUIRED = ("gso_code", "indicator", "period", "value", "unit", "status", "source_url", "source_quote")
SDMX_REQUIRED = ("REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS",
                 "SOURCE_URL", "SOURCE_QUOTE")
SUFFIXES = (".csv", ".px")
_TIME_RANGE = re.compile(r"^(\d{4})-01-01(?:T00:00:00)?/P(\d+)Y$")
_REPORTING_YEAR = re.compile(r"^(\d{4})(?:-A1)?$")


def _frame(path: Path):
    import pandas as pd

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # pandas parser errors are ValueErrors
        raise StatisticsInputError(path, None, None, f"cannot read as CSV: {exc}") from exc


def file_kind(path: Path) -> str:
    """``px``, ``sdmx-csv`` or ``csv`` (from the suffix and, for CSV, the header)."""
    if path.suffix.lower() == ".px":
        return "px"
    try:
        with open(path, encoding="utf-8-sig") as handle:
            header = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise StatisticsInputError(path, None, None, f"cannot read: {exc}") from exc
    first = header.split(",", 1)[0].strip().strip('"').upper()
    return "sdmx-csv" if first in {"DATAFLOW", "STRUCTURE"} else "csv"


def dataset_id(path: Path) -> str:
    """The dataset's identity: the file name up to its first dot (``figures.sdmx.csv`` → ``figures``)."""
    return path.name.split(".", 1)[0]


def _missing(path: Path, frame, required: tuple[str, ...]) -> None:
    absent = [name for name in required if name not in frame.columns]
    if absent:
        raise StatisticsInputError(path, None, absent[0], f"missing column(s) {', '.join(absent)}; "
                                   f"the header has {', '.join(map(str, frame.columns))}")


def read_tidy_csv(path: Path, lexicon: StatisticsLexicon, units: set[str] | None = None) -> Rows:
    """A tidy CSV with the columns of ``corpus/statistics/provincial-figures.csv``."""
    frame = _frame(path)
    _missing(path, frame, TIDY_REQUIRED)
    rows: Rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        raw = {**record, "area": record.get("gso_code", "")}
        rows.append((number, make_observation(raw, lexicon, file=path, row=number, units=units)))
    check_unique(rows, path)
    return rows


def _code(text: str) -> str:
    """SDMX-CSV may carry ``code: label``; keep the code."""
    return text.split(":", 1)[0].strip() if ": " in text else text.strip()


def sdmx_period(text: str) -> str | None:
    """``2024``, ``2024-A1`` or a time range ``2021-01-01/P3Y`` → ``2024`` / ``2021-2023``."""
    text = text.strip()
    if match := _REPORTING_YEAR.match(text):
        return match.group(1)
    if match := _TIME_RANGE.match(text):
        start, years = int(match.group(1)), int(match.group(2))
        return str(start) if years == 1 else f"{start}-{start + years - 1}"
    return None


def read_sdmx_csv(path: Path, lexicon: StatisticsLexicon, units: set[str] | None = None) -> Rows:
    """SDMX-CSV (1.0 ``DATAFLOW`` or 2.0 ``STRUCTURE``/``STRUCTURE_ID``) with the columns above."""
    frame = _frame(path)
    _missing(path, frame, SDMX_REQUIRED)
    rows: Rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        if record.get("ACTION", "I").strip().upper() in {"D"}:
            raise StatisticsInputError(path, number, "ACTION", "deletions are not supported")
        period = sdmx_period(record["TIME_PERIOD"])
        if period is None:
            raise StatisticsInputError(path, number, "TIME_PERIOD",
                                       f"{record['TIME_PERIOD']!r} is not a year or a yearly time range")
        raw = {
            "area": _code(record["REF_AREA"]), "indicator": _code(record["INDICATOR"]), "period": period,
            "value": record["OBS_VALUE"], "unit": _code(record["UNIT_MEASURE"]),
            "status": _code(record["OBS_STATUS"]), "source_url": record["SOURCE_URL"],
            "source_quote": record["SOURCE_QUOTE"], "note": record.get("OBS_COMMENT", ""),
        }
        try:
            rows.append((number, make_observation(raw, lexicon, file=path, row=number, units=units)))
        except StatisticsInputError as exc:
            column = {"area": "REF_AREA", "indicator": "INDICATOR", "period": "TIME_PERIOD", "value": "OBS_VALUE",
                      "unit": "UNIT_MEASURE", "status": "OBS_STATUS", "source_url": "SOURCE_URL",
                      "source_quote": "SOURCE_QUOTE", "note": "OBS_COMMENT"}.get(exc.field or "", exc.field)
            raise StatisticsInputError(path, number, column, exc.message) from None
    check_unique(rows, path)
    return rows


def read_file(path: Path, lexicon: StatisticsLexicon, units: set[str] | None = None) -> Rows:
    """Read any supported statistics file."""
    from nghiquyet.graph.statistics.px import read_px

    readers: dict[str, Callable[..., Rows]] = {"csv": read_tidy_csv, "sdmx-csv": read_sdmx_csv, "px": read_px}
    if not path.is_file():
        raise StatisticsInputError(path, None, None, "no such file")
    return readers[file_kind(path)](path, lexicon, units)

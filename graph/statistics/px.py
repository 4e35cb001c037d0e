"""PC-Axis (``.px``) tables, parsed with pyaxis, read into observations.

Convention (what a PX-Web export of a provincial table carries, plus the source):

* three variables in ``STUB``/``HEADING``: the province (values are names; ``CODES`` are the
  official province codes), the indicator (``CONTVARIABLE``; ``CODES`` are the series keys of
  ``statistical-indicators.yaml``) and the year or span (``TIMEVAL`` or values like ``2024``,
  ``2021-2023``, ``Sơ bộ 2024``);
* ``UNITS("<indicator value>")`` (or the table's ``UNITS``) is a unit name of the gold standard;
* ``SOURCE("<indicator value>")`` (or the table's ``SOURCE``) is the URL of the source;
* ``CELLNOTE(<province>,<indicator>,<period>)`` (``"*"`` allowed) is the quote from the source;
* ``DATANOTECELL(<province>,<indicator>,<period>)`` is the SDMX observation status (``A``, ``E``,
  ``F``, ``P``…); without it a year label "Sơ bộ" means ``P``, "Ước tính" ``E``, "Dự báo" ``F``.
* missing cells are written ``".."``, ``"."``, ``"..."`` or ``"-"`` and produce no observation.

Cell "rows" in error messages are 1-based positions in the ``DATA`` block.
"""

from __future__ import annotations

import itertools
import logging
import re
from pathlib import Path

from nghiquyet.graph.statistics.lexicon import StatisticsLexicon
from nghiquyet.graph.statistics.records import Observation, StatisticsInputError, check_unique, make_observation
from nghiquyet.graph.text import fold

__all__ = ["read_px"]

_CODEPAGE = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"')
_PERIOD = re.compile(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?\s*$")
_MISSING = {"", ".", "..", "...", "....", ".....", "......", "-", "nan"}


def _encoding(path: Path) -> str:
    head = path.read_bytes()[:4096]
    match = _CODEPAGE.search(head)
    return match.group(1).decode("ascii", "replace") if match else "iso-8859-1"


def _parse(path: Path) -> tuple[dict, object]:
    from pyaxis import pyaxis

    logging.getLogger("pyaxis").setLevel(logging.WARNING)
    try:
        parsed = pyaxis.parse(str(path), encoding=_encoding(path))
    except (OSError, UnicodeDecodeError, LookupError, ValueError, KeyError) as exc:
        raise StatisticsInputError(path, None, None, f"cannot read as PC-Axis: {exc!r}") from exc
    return parsed["METADATA"], parsed["DATA"]


def _one(metadata: dict, key: str) -> str:
    value = metadata.get(key, "")
    return "".join(value) if isinstance(value, list) else str(value).strip().strip('"')


def _roles(path: Path, metadata: dict, names: list[str], lexicon: StatisticsLexicon) -> dict[str, str]:
    """Which variable is the area, the indicator and the period."""
    roles: dict[str, str] = {}
    content = _one(metadata, "CONTVARIABLE")
    for name in names:
        members = metadata.get(f"CODES({name})") or metadata.get(f"VALUES({name})") or []
        if name == content or all(lexicon.series_for(m) for m in members):
            roles["indicator"] = name
        elif f"TIMEVAL({name})" in metadata or all(_PERIOD.search(m) for m in members):
            roles["period"] = name
        elif all(lexicon.area(m) for m in members):
            roles["area"] = name
    for role in ("area", "indicator", "period"):
        if role not in roles:
            raise StatisticsInputError(path, None, "STUB/HEADING", f"no variable holds the {role} "
                                       f"(variables: {', '.join(names)})")
    return roles


def _cell_keyword(metadata: dict, keyword: str, values: list[str]) -> str:
    """A cell keyword such as ``CELLNOTE("a","b","c")``, with ``*`` wildcards."""
    for combo in itertools.product(*[(value, "*") for value in values]):
        key = f"{keyword}({','.join(combo)})"
        if key in metadata:
            return _one(metadata, key)
    return ""


def _period(label: str, lexicon: StatisticsLexicon) -> tuple[str, str]:
    """``Sơ bộ 2024`` → (``2024``, ``P``); ``2021-2023`` → (``2021-2023``, ``""``)."""
    match = _PERIOD.search(label)
    if not match:
        return label, ""
    period = match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")
    prefix = fold(label[: match.start()].strip(" :,"))
    return period, lexicon.status_labels.get(prefix, "")


def read_px(path: Path, lexicon: StatisticsLexicon, units: set[str] | None = None) -> list[tuple[int | str, Observation]]:
    """Read a PC-Axis file following the convention in the module docstring."""
    metadata, frame = _parse(path)
    names = [*metadata.get("STUB", []), *metadata.get("HEADING", [])]
    expected = 1
    for name in names:
        expected *= len(metadata.get(f"VALUES({name})", []))
    if len(frame) != expected or len(names) != 3:
        raise StatisticsInputError(path, None, "DATA", f"expected 3 variables and {expected} cells, "
                                   f"found {len(names)} variables and {len(frame)} cells")
    roles = _roles(path, metadata, names, lexicon)
    codes = {name: dict(zip(metadata[f"VALUES({name})"], metadata.get(f"CODES({name})") or metadata[f"VALUES({name})"]))
             for name in names}
    rows: list[tuple[int | str, Observation]] = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        value = str(record["DATA"]).strip().strip('"')
        if value in _MISSING:
            continue
        labels = [record[name] for name in names]
        indicator_label = record[roles["indicator"]]
        period, label_status = _period(codes[roles["period"]][record[roles["period"]]], lexicon)
        raw = {
            "area": codes[roles["area"]][record[roles["area"]]],
            "province": record[roles["area"]],
            "indicator": codes[roles["indicator"]][indicator_label],
            "period": period,
            "value": value,
            "unit": _one(metadata, f"UNITS({indicator_label})") or _one(metadata, "UNITS"),
            "status": _cell_keyword(metadata, "DATANOTECELL", labels) or label_status or "A",
            "source_url": _one(metadata, f"SOURCE({indicator_label})") or _one(metadata, "SOURCE"),
            "source_quote": _cell_keyword(metadata, "CELLNOTE", labels),
        }
        cell = f"{number} ({', '.join(labels)})"
        rows.append((cell, make_observation(raw, lexicon, file=path, row=cell, units=units)))
    check_unique(rows, path)
    return rows

"""The core indicator concepts: ``mappings/core-indicators.csv``, the project's one source of truth.

Each row is one concept of the indicator scheme (``{base}indicator/{id}``): preferred labels,
definition, unit kind, direction (which way is better), SDG close match and notes on wordings and
traps. The extractor files quantities under these ids (:mod:`nghiquyet.graph.extract.indicator_match`),
the build publishes them as SKOS (:mod:`nghiquyet.graph.indicator_scheme`), and statistics and
progress read the direction from here.

>>> core = load_core_indicators()
>>> core["forest-cover"].direction, core["forest-cover"].sdg
('higher', ('15.1.1',))
>>> sdg_iri("3.c.1")
'http://metadata.un.org/sdg/C030c01'
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.resources import data_path

__all__ = ["CoreIndicator", "load_core_indicators", "indicator_iri", "sdg_iri", "CSV_NAME", "COLUMNS",
           "UNIT_KINDS", "DIRECTIONS", "SDG_NS"]

CSV_NAME = "core-indicators.csv"
COLUMNS = ("id", "label_vi", "label_en", "measure", "unit_kind", "direction", "sdg", "notes")
UNIT_KINDS = ("percent", "percent_per_year", "percentage_points", "money", "money_per_capita", "count", "area",
              "ratio_per_population", "rank", "index", "other")
DIRECTIONS = ("higher", "lower", "none")
# UN SDG KOS (UNStats LOD4Stats, docs/indicators.md): indicator IRIs are C + goal, target, indicator
# numbers padded to two characters each (15.1.1 → C150101, 3.c.1 → C030c01).
SDG_NS = "http://metadata.un.org/sdg/"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SDG = re.compile(r"(\d{1,2})\.([0-9a-z]{1,2})\.(\d{1,2})")


@dataclass(frozen=True)
class CoreIndicator:
    """One concept of the core indicator scheme (a row of ``core-indicators.csv``)."""

    id: str
    label_vi: str
    label_en: str
    measure: str
    unit_kind: str
    direction: str
    sdg: tuple[str, ...]
    notes: str

    @property
    def iri(self) -> str:
        """The concept's IRI relative to the base: ``indicator/<id>``."""
        return indicator_iri(self.id)


def indicator_iri(indicator_id: str) -> str:
    """``indicator/<id>``: the base-relative IRI of a core concept (shared with statistics and progress)."""
    return f"indicator/{indicator_id}"


def sdg_iri(code: str) -> str:
    """The UN SDG KOS IRI of a global indicator code such as ``15.1.1``."""
    match = _SDG.fullmatch(code.strip())
    if not match:
        raise ValueError(f"not an SDG indicator code: {code!r} (expected goal.target.indicator, e.g. 15.1.1)")
    goal, target, number = match.groups()
    return f"{SDG_NS}C{int(goal):02d}{target.zfill(2)}{int(number):02d}"


def _row(path: Path, line: int, row: dict[str, str]) -> CoreIndicator:
    where = f"{path}: line {line}"
    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if not _ID.fullmatch(values["id"]):
        raise DocumentError(f"{where}: id {values['id']!r} is not ASCII kebab-case")
    for key in ("label_vi", "label_en", "measure"):
        if not values[key]:
            raise DocumentError(f"{where}: concept {values['id']!r} has an empty {key}")
    if values["unit_kind"] not in UNIT_KINDS:
        raise DocumentError(f"{where}: concept {values['id']!r}: unit_kind {values['unit_kind']!r} is not one of {', '.join(UNIT_KINDS)}")
    if values["direction"] not in DIRECTIONS:
        raise DocumentError(f"{where}: concept {values['id']!r}: direction {values['direction']!r} is not one of {', '.join(DIRECTIONS)}")
    codes = tuple(c.strip() for c in values["sdg"].replace(";", " ").split() if c.strip())
    for code in codes:
        try:
            sdg_iri(code)
        except ValueError as error:
            raise DocumentError(f"{where}: concept {values['id']!r}: {error}") from None
    return CoreIndicator(values["id"], values["label_vi"], values["label_en"], values["measure"],
                         values["unit_kind"], values["direction"], codes, values["notes"])


@functools.lru_cache(maxsize=4)
def load_core_indicators(mappings_dir: Path | None = None) -> dict[str, CoreIndicator]:
    """The concepts of ``<mappings_dir>/core-indicators.csv`` by id, in file order.

    Raises :class:`~nghiquyet.graph.errors.DocumentError` naming the file, line and field of a bad row.
    """
    path = Path(mappings_dir or data_path("mappings")) / CSV_NAME
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DocumentError(f"{path}: missing column(s) {', '.join(missing)}")
        concepts: dict[str, CoreIndicator] = {}
        for line, row in enumerate(reader, start=2):
            concept = _row(path, line, row)
            if concept.id in concepts:
                raise DocumentError(f"{path}: line {line}: id {concept.id!r} appears twice")
            concepts[concept.id] = concept
    return concepts

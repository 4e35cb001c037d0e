"""File a quantity under the core indicator concept that fits, or none.

The wordings live in ``mappings/lexicons/core-indicators.yaml`` (keyed by concept id), the concepts
in ``mappings/core-indicators.csv``. A concept is a candidate when one of its wordings matches the
quantity's label (or the list lead joined to the label), none of its ``not`` patterns match, and
the quantity's unit is one the concept's unit kind accepts; the longest matching wording wins.

>>> match_indicator("Tỷ lệ che phủ rừng", "percent")
'forest-cover'
>>> match_indicator("Thu ngân sách trên địa bàn tăng", "percent_per_year")
'state-budget-revenue-growth'
>>> match_indicator("Xã đạt chuẩn nông thôn mới", "percent"), match_indicator("Xã đạt chuẩn nông thôn mới", "commune")
('new-rural-communes-share', 'new-rural-communes')
>>> match_indicator("Dịch vụ", "percent", lead="Cơ cấu kinh tế")
'economic-structure-services'
>>> match_indicator("Diện tích cây chè", "hectare")
''
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.text import fold

__all__ = ["CoreWording", "compile_core_wordings", "core_wordings", "match_indicator"]

LEXICON = "core-indicators.yaml"


@dataclass(frozen=True)
class CoreWording:
    """How texts word one core concept: compiled wordings, exclusions and the units it accepts."""

    id: str
    wordings: tuple[re.Pattern[str], ...]
    excluded: tuple[re.Pattern[str], ...]
    units: frozenset[str]


def _compile(concept: str, patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(fold(pattern)))
        except re.error as error:
            raise DocumentError(f"lexicon {LEXICON}: {concept}: bad pattern {pattern!r}: {error}") from None
    return tuple(compiled)


def compile_core_wordings(table: Mapping[str, Any], concepts: Mapping[str, Any]) -> tuple[CoreWording, ...]:
    """The ``indicators`` of ``core-indicators.yaml`` compiled, checked against the CSV's concept ids."""
    unit_kinds = {k: frozenset(v) for k, v in table["unit_kinds"].items()}
    out = []
    for concept, entry in table["indicators"].items():
        if concept not in concepts:
            raise DocumentError(f"lexicon {LEXICON}: {concept!r} is not an id of mappings/core-indicators.csv")
        kind = concepts[concept].unit_kind
        if not entry.get("units") and kind not in unit_kinds:
            raise DocumentError(f"lexicon {LEXICON}: unit_kinds has no entry {kind!r} (needed by {concept!r})")
        units = frozenset(entry["units"]) if entry.get("units") else unit_kinds[kind]
        out.append(CoreWording(concept, _compile(concept, entry["wordings"]), _compile(concept, entry.get("not", ())), units))
    return tuple(out)


def core_wordings(lexicon: Lexicons | None = None) -> tuple[CoreWording, ...]:
    """The compiled wordings of the core concepts."""
    return or_packaged(lexicon).core_wordings


def _best(text: str, unit: str, wordings: tuple[CoreWording, ...]) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for entry in wordings:
        if unit not in entry.units or any(p.search(text) for p in entry.excluded):
            continue
        for pattern in entry.wordings:
            found = pattern.search(text)
            if found and (best is None or len(found.group()) > best[0]):
                best = (len(found.group()), entry.id)
    return best


def match_indicator(label: str, unit: str, *, lead: str = "", lexicon: Lexicons | None = None) -> str:
    """The core concept id of a quantity worded ``label`` in ``unit``, or ``""``.

    ``lead`` is the list lead the label hangs on ("Cơ cấu kinh tế", "Tỷ lệ huy động … đến trường"),
    tried joined to the label when the label alone names no concept.
    """
    wordings = core_wordings(lexicon)
    folded = fold(label).strip(" ,;:.-–")
    if folded:
        best = _best(folded, unit, wordings)
        if best:
            return best[1]
    if lead:
        best = _best(f"{fold(lead).strip(' ,;:.-–')}: {folded}", unit, wordings)
        if best:
            return best[1]
    return ""

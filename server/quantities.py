"""Quantities as people read them: "ít nhất 54,5 %", "2021–2025", numbers in the interface language.

Unit and comparator words are the labels of their concepts in the graph (ontology/vocab/units.ttl,
comparators.ttl), never raw codes such as ``vnd_million``.
"""

from __future__ import annotations


from nghiquyet.graph.numbers import number
from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.server.html import label_of

__all__ = ["number", "amount", "period", "unit_word"]

_SILENT = {ONTOLOGY_NS + "Equal", ONTOLOGY_NS + "Range"}


def unit_word(unit: str | None, lang: str) -> str:
    """The unit's label in ``lang`` (its last path segment when it has none)."""
    if not unit:
        return ""
    return label_of(unit, lang) or unit.rsplit("/", 1)[-1]


def amount(comparator: str | None, value: str | None, value_max: str | None, unit: str | None, lang: str) -> str:
    """``[comparator word] value[–max] unit`` in ``lang``."""
    words = []
    if comparator and comparator not in _SILENT:
        words.append(label_of(comparator, lang) or comparator.rsplit("#", 1)[-1])
    shown = number(value, lang)
    if value_max is not None and value_max != value:
        shown += "–" + number(value_max, lang)
    words.append(shown)
    if unit:
        words.append(unit_word(unit, lang))
    return " ".join(w for w in words if w)


def period(year: str | None, start: str | None = None, end: str | None = None) -> str:
    """``2025`` or ``2021–2025``."""
    if year:
        return str(year)
    if start and end and start != end:
        return f"{start}–{end}"
    return str(start or end or "")

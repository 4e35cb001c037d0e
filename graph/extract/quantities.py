"""Extract every quantity (target, single-year plan value, reported actual) from a Vietnamese text.

Pipeline: page clutter is blanked out (:mod:`clutter`), quantity mentions are found where a unit
follows a number (:mod:`quantity_match`), each mention gets its context — kind, year, per-year unit —
(:mod:`quantity_context`) and an indicator label (:mod:`quantity_indicator`); restatements of the same
quantity (a headline repeating the body, the same figure said twice) are merged.

Rows have the columns of ``tests/fixtures/gold/targets.csv`` plus ``start``/``end``: the offsets of
``quote`` in the NFC text (``text[start:end] == quote``).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from nghiquyet.graph.extract.clutter import clutter_spans
from nghiquyet.graph.extract.fragments import is_fragment
from nghiquyet.graph.extract.indicator_match import match_indicator
from nghiquyet.graph.extract.indicators import canonical_indicator
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.numbers import plain
from nghiquyet.graph.extract.quantity_context import document_frame, context_of
from nghiquyet.graph.extract.quantity_indicator import list_lead, quote_noun
from nghiquyet.graph.extract.quantity_label import Labeller
from nghiquyet.graph.extract.indicator_context import file_by_context
from nghiquyet.graph.extract.quantity_match import Mention, find_mentions
from nghiquyet.graph.extract.structure import section_at
from nghiquyet.graph.text import fold, normalise

__all__ = ["extract_quantities", "COLUMNS"]

COLUMNS = ["doc", "province", "kind", "section", "item", "indicator", "comparator", "value", "value_max",
           "unit", "year", "annual", "quote", "indicator_id"]


def _parse_sections() -> Callable[..., list[Any]]:
    """The section parser: ``nghiquyet.graph.extract.structure`` when present, else a minimal heading reader."""
    try:
        from nghiquyet.graph.extract.structure import parse_sections
        return parse_sections
    except ImportError:  # the structure module is optional for the quantity extractor
        return _fallback_sections


class _Heading:
    def __init__(self, number: str, heading: str, start: int, end: int, parent: "_Heading | None") -> None:
        self.number, self.heading, self.start, self.end, self.parent = number, heading, start, end, parent
        self.level = 1 if parent is None else parent.level + 1
        self.role = None


def _fallback_sections(text: str, lexicon: Lexicons | None = None) -> list[Any]:
    """Numbered headings at line starts (``I.``, ``2.3.``, ``(1)``) as flat, nested-by-depth sections."""
    found: list[_Heading] = []
    pattern = re.compile(r"^\s*(?P<num>[IVX]+(?=[.\-–])|\d+(?:\.\d{1,2})*(?=[.\s])|\(\d+\))[.\-–]?\s*(?P<head>[^\n]{0,160})",
                         re.M)
    for match in pattern.finditer(text):
        found.append(_Heading(match.group("num"), match.group("head"), match.start("num"), len(text), None))
    for index, heading in enumerate(found):
        if index + 1 < len(found):
            heading.end = found[index + 1].start
    return found


def _ancestors(node: Any | None) -> list[Any]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def _below(section: Any, article: Any) -> Any:
    """``section`` as if ``article`` were not there: the section seen from inside its article."""
    import dataclasses

    if section.parent is article:
        return dataclasses.replace(section, parent=None)
    return dataclasses.replace(section, parent=_below(section.parent, article))


def _section_item(section: Any | None, lexicon: Lexicons) -> tuple[str, str]:
    if section is None:
        return "intro", ""
    number = (section.number or "").strip()
    parent = section.parent
    article = next((node for node in _ancestors(parent) if getattr(node, "style", "") == "article"), None)
    if article is not None and number:  # "Điều 2 / 1": an item keeps its article's number
        inner, _ = _section_item(_below(section, article), lexicon)
        return f"{article.number} / {inner}", ""
    if re.fullmatch(r"\(\d+\)", number) and parent is not None:
        if getattr(section, "role", None) == "indicator-group" or getattr(parent, "role", None) == "targets":
            return parent.number or parent.heading, number
        return f"{parent.number} {number}".strip(), ""
    if not number:
        heading = section.heading.strip(" :.")
        node = parent
        programme = tuple(fold(w) for w in lexicon.headings["programme"]["words"])
        while node is not None and not fold(node.number or "").startswith(programme):
            node = node.parent
        return (f"{node.number} / {heading}" if node is not None else heading), ""
    return number, ""


def _masked(text: str, lexicon: Lexicons) -> str:
    chars = list(text)
    for start, end in clutter_spans(text, lexicon):
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _line_is_headline(text: str, pos: int, reach: int = 1000) -> bool:
    left = text.rfind("\n", max(0, pos - reach), pos) + 1
    right = text.find("\n", pos, pos + reach)
    if (left == 0 and pos > reach) or (right == -1 and pos + reach < len(text)):
        return False  # a line longer than ``reach`` is no headline
    line = text[left:right if right != -1 else len(text)].strip()
    return len(line) <= 200 and not line.endswith((".", ";", ":", "…", ","))


def _words(label: str) -> set[str]:
    return set(re.findall(r"\w+", fold(label)))


def _same_quantity(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["indicator_key"] == b["indicator_key"] and not a["indicator_key_fallback"]:
        return True
    small, large = sorted((_words(a["indicator"]), _words(b["indicator"])), key=len)
    return len(small) >= 3 and small <= large


def _merge_restatements(rows: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["value"], row["value_max"], row["unit"], row["comparator"])
        groups.setdefault(key, []).append(row)
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        bodies = {id(r) for r in group if not _line_is_headline(text, r["start"])}
        for row in group:
            if bodies and id(row) not in bodies:
                dropped.add(id(row))
        kept: list[dict[str, Any]] = []
        for row in group:
            if id(row) in dropped:
                continue
            if any(k["kind"] == row["kind"] and k["year"] == row["year"] and _same_quantity(k, row) for k in kept):
                dropped.add(id(row))
            else:
                kept.append(row)
    return [r for r in rows if id(r) not in dropped]


def extract_quantities(text: str, sections: list | None = None, *, doc: str = "", province: str = "",
                       default_year: str | None = None, lexicon: Lexicons | None = None) -> list[dict]:
    """Quantities of ``text`` as gold-standard rows plus ``start``/``end`` offsets of ``quote``.

    ``sections`` are :func:`nghiquyet.graph.extract.structure.parse_sections` results (parsed here when None);
    ``default_year`` is a known single plan year (e.g. ``plan_year`` of the metadata), if any;
    ``lexicon`` defaults to the packaged lexicons.
    """
    lexicon = or_packaged(lexicon)
    text = normalise(text)
    masked = _masked(text, lexicon)
    if sections is None:
        sections = _parse_sections()(text, lexicon)
    frame = document_frame(masked, default_year, lexicon)
    bound_words = _bound_words(lexicon)
    rows: list[dict[str, Any]] = []
    history: list = []
    labeller = Labeller(masked, lexicon, lambda label: is_fragment(label, lexicon))
    for mention in find_mentions(masked, lexicon=lexicon):
        section = section_at(sections, mention.start)
        context = context_of(masked, mention, frame, section, history=history, lexicon=lexicon)
        history.append((mention, context))
        counted = context.unit in lexicon.label_rules.counted_units
        labeller.label(mention.start, mention.end,
                       quote_noun(text[mention.start:mention.end], bound_words, lexicon.label_rules.quote_drop)
                       if counted else "", context.unit,
                       zero=mention.value == 0 and not masked[mention.number_start].isdigit(),
                       multiple=context.unit == "times")
        section_label, item = _section_item(section, lexicon)
        rows.append(_row(text, mention, doc, province, context, section_label, item))
    for row, label in zip(rows, labeller.labels):
        key, _, label_en = canonical_indicator(label, lexicon) if label else ("", "", None)
        row.update(indicator=label, indicator_key=key, indicator_key_fallback=label_en is None,
                   indicator_id=match_indicator(label, row["unit"], lead=list_lead(masked, row["start"]), lexicon=lexicon))
    for part, whole in labeller.narrowed.items():  # a part with words of its own is not its whole
        if whole >= 0 and rows[part]["indicator_id"] == rows[whole]["indicator_id"]:
            rows[part]["indicator_id"] = ""
    file_by_context(rows, masked, lexicon)
    return [{k: v for k, v in row.items() if not k.startswith("indicator_key")}
            for row in _merge_restatements(rows, masked)]


def _row(text: str, mention: Mention, doc: str, province: str, context: Any, section: str, item: str) -> dict[str, Any]:
    return {
        "doc": doc, "province": province, "kind": context.kind, "section": section, "item": item,
        "indicator": "", "comparator": mention.comparator, "value": plain(mention.value),
        "value_max": plain(mention.value_max), "unit": context.unit, "year": context.year,
        "annual": "yes" if context.annual else "no", "quote": text[mention.start:mention.end],
        "start": mention.start, "end": mention.end,
    }


def _bound_words(lexicon: Lexicons) -> list[str]:
    """Comparator and bound words (``không còn``, ``tối thiểu`` …) that are not part of a noun."""
    cues = lexicon.quantity_cues
    words = [w for group in ("comparators_before", "comparators_after") for ws in cues[group].values() for w in ws]
    return words + list(lexicon.quantity.label.noun_bound_words)

"""Canonical indicators: map an indicator label written in a text to one shared key.

>>> canonical_indicator("Độ che phủ rừng")[0] == canonical_indicator("Tỷ lệ che phủ của rừng")[0]
True
>>> canonical_indicator("Số sáng kiến được công nhận")[0]
'so-sang-kien-duoc-cong-nhan'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.text import fold, slug

__all__ = ["IndicatorEntry", "canonical_indicator", "compile_indicators", "indicator_table"]


@dataclass(frozen=True)
class IndicatorEntry:
    """One entry of ``indicators.yaml``: shared key, labels, and its folded variants compiled."""

    key: str
    vi: str
    en: str | None
    patterns: tuple[re.Pattern[str], ...]


def compile_indicators(table: Mapping[str, Any]) -> tuple[IndicatorEntry, ...]:
    """The entries of the ``indicators.yaml`` table with their variants compiled."""
    return tuple(IndicatorEntry(entry["key"], entry["vi"], entry.get("en"),
                                tuple(re.compile(fold(v)) for v in entry["variants"]))
                 for entry in table["indicators"])


def indicator_table(lexicon: Lexicons | None = None) -> tuple[IndicatorEntry, ...]:
    """The compiled entries of ``mappings/lexicons/indicators.yaml``."""
    return or_packaged(lexicon).indicator_patterns


def canonical_indicator(label: str, lexicon: Lexicons | None = None) -> tuple[str, str, str | None]:
    """``(key slug, Vietnamese label, English label or None)`` for a written indicator label.

    The entry whose variant matches the longest stretch of the folded label wins; a label no
    entry matches keeps its own wording (key = slug of the label).
    """
    folded = fold(label)
    best: tuple[int, IndicatorEntry] | None = None
    for entry in indicator_table(lexicon):
        for pattern in entry.patterns:
            match = pattern.search(folded)
            if match and (best is None or len(match.group()) > best[0]):
                best = (len(match.group()), entry)
    if best is None:
        clean = label.strip()
        return slug(clean, 60), clean[:1].upper() + clean[1:], None
    entry = best[1]
    return entry.key, entry.vi, entry.en

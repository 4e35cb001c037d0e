"""Canonical indicators: map an indicator label written in a text to one shared key.

>>> canonical_indicator("Độ che phủ rừng")[0] == canonical_indicator("Tỷ lệ che phủ của rừng")[0]
True
>>> canonical_indicator("Số sáng kiến được công nhận")[0]
'so-sang-kien-duoc-cong-nhan'
"""

from __future__ import annotations

import functools
import re

import yaml

from nghiquyet.graph.extract.quantity_lexicon import LEXICON_DIR
from nghiquyet.graph.text import fold, slug

__all__ = ["canonical_indicator", "indicator_table"]


@functools.lru_cache(maxsize=1)
def indicator_table() -> list[dict]:
    """The entries of ``mappings/lexicons/indicators.yaml`` with compiled ``patterns``."""
    with open(LEXICON_DIR / "indicators.yaml", encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["indicators"]
    for entry in entries:
        entry["patterns"] = [re.compile(fold(v)) for v in entry["variants"]]
    return entries


def canonical_indicator(label: str) -> tuple[str, str, str | None]:
    """``(key slug, Vietnamese label, English label or None)`` for a written indicator label.

    The entry whose variant matches the longest stretch of the folded label wins; a label no
    entry matches keeps its own wording (key = slug of the label).
    """
    folded = fold(label)
    best: tuple[int, dict] | None = None
    for entry in indicator_table():
        for pattern in entry["patterns"]:
            match = pattern.search(folded)
            if match and (best is None or len(match.group()) > best[0]):
                best = (len(match.group()), entry)
    if best is None:
        clean = label.strip()
        return slug(clean, 60), clean[:1].upper() + clean[1:], None
    entry = best[1]
    return entry["key"], entry["vi"], entry.get("en")

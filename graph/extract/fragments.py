"""When an indicator label is a sentence fragment, which must never name a concept.

The rules and word lists are in ``mappings/lexicons/core-indicators.yaml`` (``fragments``):

>>> [is_fragment(x) for x in ("Bác dân", "KV", "Xã", "Thêm", "Xử lý", "16,49%", "Nhiệm vụ trở")]
[True, True, True, True, True, True, True]
>>> [is_fragment(x) for x in ("Diện tích cây chè", "Buồng lưu trú", "Tỷ lệ che phủ rừng")]
[False, False, False]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.text import fold

__all__ = ["FragmentRules", "compile_fragments", "is_fragment"]


@dataclass(frozen=True)
class FragmentRules:
    """The compiled ``fragments`` section: syllable floor, abbreviation form, function words at either end."""

    min_syllables: int
    abbreviation: re.Pattern[str]
    opening: re.Pattern[str]
    closing: re.Pattern[str]
    core_labels: frozenset[str]


def compile_fragments(table: Mapping[str, Any], concepts: Mapping[str, Any]) -> FragmentRules:
    """The ``fragments`` rules of ``core-indicators.yaml``; the core concepts' labels are never fragments."""
    rules = table["fragments"]
    words = sorted((fold(w) for w in rules["function_words"]), key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return FragmentRules(int(rules["min_syllables"]), re.compile(rules["abbreviation"]),
                         re.compile(rf"^(?:{body})(?!\w)"), re.compile(rf"(?<!\w)(?:{body})$"),
                         frozenset(fold(c.label_vi) for c in concepts.values()))


def is_fragment(label: str, lexicon: Lexicons | None = None) -> bool:
    """True when ``label`` cannot stand as an indicator's name.

    A fragment is empty, has no letter or is only a number ("16,49%"), is an abbreviation alone
    ("KV"), has unbalanced brackets, has fewer than ``min_syllables`` syllables, or begins or ends
    with a function word ("… cho", "Thêm …") — unless it is a core concept's own label.
    """
    rules = or_packaged(lexicon).fragment_rules
    text = " ".join(label.split()).strip(" ,;:.-–")
    folded = fold(text)
    if folded in rules.core_labels:
        return False
    if not re.search(r"[^\W\d_]", text) or re.fullmatch(r"[\d\s.,%‰/–-]+", text):
        return True
    if text.isupper() and rules.abbreviation.fullmatch(folded.replace(" ", "")):
        return True
    if text.count("(") != text.count(")") or text.startswith(")"):
        return True
    if len(re.findall(r"[^\W\d_]+", text)) < rules.min_syllables:
        return True
    return bool(rules.opening.search(folded) or rules.closing.search(folded))

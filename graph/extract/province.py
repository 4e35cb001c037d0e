"""Detect the province a text is about, for texts that come without metadata.

Names and variants come from ``mappings/lexicons/provinces.yaml`` (63 pre-2025 and 34 post-July-2025
units). Matching ignores case and tone-mark placement (Hoà/Hòa, "ỦY BAN NHÂN DÂN TỈNH HÀ NAM"), but
a name written all in lower case counts only right after a word of ``name_prefixes`` ("tỉnh hòa bình";
"hoà bình", peace, is no province), and so does one whose later words are not capitalised ("Hòa
bình"). Mentions in the title line and after ``name_prefixes`` words weigh more; clutter is ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping

from nghiquyet.graph.extract.clutter import content_mask
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.text import canonical_tones, normalise, strip_accents

__all__ = ["detect_province", "province_table", "canonical_province", "compile_provinces", "compile_province_prefix"]

def province_table(lexicon: Lexicons | None = None) -> tuple[Mapping[str, Any], ...]:
    """The province entries of ``provinces.yaml``."""
    return or_packaged(lexicon).provinces["provinces"]


def compile_provinces(table: Mapping[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(canonical name, regex of its name and variants) for each entry of the ``provinces.yaml`` table."""
    out = []
    for entry in table["provinces"]:
        names = [entry["name"], *entry.get("variants", [])]
        alternation = "|".join(sorted((re.escape(canonical_tones(n)).replace(r"\ ", r"\s+") for n in names),
                                      key=len, reverse=True))
        out.append((entry["name"], re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)))
    return tuple(out)


def compile_province_prefix(table: Mapping[str, Any]) -> re.Pattern[str]:
    """A regex for text that ends in one of the ``name_prefixes`` ("tỉnh", "TỈNH", "thành phố" …), any case."""
    words = sorted((re.escape(canonical_tones(w)).replace(r"\ ", r"\s+") for w in table["name_prefixes"]),
                   key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")\s*$", re.IGNORECASE)


def _written_as_name(written: str) -> bool:
    """Every word capitalised (or the whole name in capitals), as a proper name is written."""
    words = re.findall(r"[^\W\d_]+", written)
    return bool(words) and all(w[0].isupper() for w in words)


def canonical_province(name: str, lexicon: Lexicons | None = None) -> str | None:
    """The canonical name for a written province name or variant, or None."""
    text = canonical_tones(normalise(name)).strip()
    for canonical, pattern in or_packaged(lexicon).province_matchers:
        if pattern.fullmatch(text):
            return canonical
    return None


def detect_province(text: str, lexicon: Lexicons | None = None) -> str | None:
    """The province most prominently named in ``text`` (canonical Vietnamese name), or None."""
    lexicon = or_packaged(lexicon)
    text = canonical_tones(normalise(text))
    content = " \n".join(text[a:b] for a, b in content_mask(text, lexicon))
    title_end = next((m.end() for m in re.finditer(r"\S[^\n]{10,}", content)), 0)
    scores: Counter[str] = Counter()
    prefix = lexicon.province_prefix
    for canonical, pattern in lexicon.province_matchers:
        for match in pattern.finditer(content):
            cued = prefix.search(content[max(0, match.start() - 20):match.start()]) is not None
            if not cued and not _written_as_name(match.group()):
                continue
            weight = 1
            if match.start() < title_end:
                weight += 2
            if cued:
                weight += 1
            scores[canonical] += weight
    for domain in re.findall(r"(?<![\w.])([A-Za-z]{4,})[A-Za-z]*\.(?:gov\.vn|com\.vn|org\.vn|vn)\b", content):
        for entry in province_table(lexicon):
            if strip_accents(entry["name"]).lower().replace(" ", "") in domain.lower():
                scores[entry["name"]] += 2
    if not scores:
        return None
    best, score = scores.most_common(1)[0]
    return best if score >= 2 else None

"""Page clutter that is not article content: share buttons, ratings, counters, teasers, bylines.

API:

* :func:`clutter_spans(text)` → ``[(start, end), …]`` character spans of clutter in the NFC text;
* :func:`content_mask(text)` → the complementary spans, i.e. the article content;
* :func:`is_content(spans, offset)` → whether an offset lies in one of the content spans.

Clutter is recognised line by line from the patterns in ``mappings/lexicons/clutter.yaml``;
a line that marks the end of the article ("Bình luận", "Tin liên quan", "Ý kiến ()" …) makes
everything after it clutter (related-news teasers); a block of short headlines separated by lines
holding only "-" is a teaser list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged

__all__ = ["ClutterPatterns", "compile_clutter", "clutter_spans", "content_mask", "is_content"]


@dataclass(frozen=True)
class ClutterPatterns:
    """``clutter.yaml`` compiled: one regex for clutter lines, one for end-of-article lines."""

    line: re.Pattern[str]
    tail: re.Pattern[str]


def compile_clutter(table: Mapping[str, Any]) -> ClutterPatterns:
    """The compiled patterns of the ``clutter.yaml`` table."""
    line = re.compile("|".join(f"(?:{p})" for p in table["line_patterns"]), re.IGNORECASE)
    tail = re.compile("|".join(f"(?:{p})" for p in table["end_of_article"]), re.IGNORECASE)
    return ClutterPatterns(line, tail)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _is_headline(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 160 and not stripped.endswith((".", ";", ":", "…"))


def clutter_spans(text: str, lexicon: Lexicons | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` that are page furniture rather than article content."""
    patterns = or_packaged(lexicon).clutter_patterns
    line_re, tail_re = patterns.line, patterns.tail
    lines = _lines(text)
    spans: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        stripped = line.strip()
        if tail_re.fullmatch(stripped) and index > len(lines) // 3:
            spans.append((start, len(text)))
            break
        if stripped and line_re.search(stripped):
            spans.append((start, end))
            continue
        # teaser lists: short headlines separated by lines holding only "-" (or ending with " -")
        previous = text[lines[index - 1][0]:lines[index - 1][1]].strip() if index else ""
        following = text[lines[index + 1][0]:lines[index + 1][1]].strip() if index + 1 < len(lines) else ""
        if stripped in ("-", "•") or (_is_headline(line) and (previous in ("-", "•") or previous.endswith(" -"))
                                        and (following in ("-", "•") or stripped.endswith(" -")
                                             or following.endswith(" -"))):
            spans.append((start, end))
    return spans


def content_mask(text: str, lexicon: Lexicons | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` that are article content (the complement of :func:`clutter_spans`)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for start, end in sorted(clutter_spans(text, lexicon)):
        if start > cursor:
            spans.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(text):
        spans.append((cursor, len(text)))
    return spans


def is_content(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of the content ``spans``."""
    return any(start <= offset < end for start, end in spans)

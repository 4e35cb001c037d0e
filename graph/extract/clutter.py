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

import functools
import re

import yaml

from nghiquyet.graph.extract.quantity_lexicon import LEXICON_DIR

__all__ = ["clutter_spans", "content_mask", "is_content"]


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    with open(LEXICON_DIR / "clutter.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    line = re.compile("|".join(f"(?:{p})" for p in data["line_patterns"]), re.IGNORECASE)
    tail = re.compile("|".join(f"(?:{p})" for p in data["end_of_article"]), re.IGNORECASE)
    return line, tail


def _lines(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _is_headline(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 160 and not stripped.endswith((".", ";", ":", "…"))


def clutter_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are page furniture rather than article content."""
    line_re, tail_re = _patterns()
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


def content_mask(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are article content (the complement of :func:`clutter_spans`)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for start, end in sorted(clutter_spans(text)):
        if start > cursor:
            spans.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(text):
        spans.append((cursor, len(text)))
    return spans


def is_content(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of the content ``spans``."""
    return any(start <= offset < end for start, end in spans)

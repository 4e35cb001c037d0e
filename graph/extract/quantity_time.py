"""Time expressions of a text and its time frame: term, plan year, the last year it can report on.

A *time expression* is a year ("năm 2025", "đến 2030") or a period ("giai đoạn 2021–2025",
"nhiệm kỳ 2020–2025", "kế hoạch 5 năm 2006–2010") as written; one right after a comparison word
("so với năm 2015", "gấp 1,3 lần năm 2015", "chuẩn nghèo giai đoạn …") is a *base* and one after a
vision word ("tầm nhìn đến năm 2050") is a *vision*: neither dates a quantity. The *frame* of a
document is its term or plan period, its single plan year (an annual plan or resolution) and its
*present*: the last year whose figures it can report as results. Every word comes from the
``time`` table of ``mappings/lexicons/quantity-cues.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

__all__ = ["TimePatterns", "TimeExpr", "Frame", "compile_time", "time_expressions", "document_frame", "span"]

_YEAR = r"(?:19|20)\d{2}"
_HEAD_LINES, _HEAD_CHARS = 12, 1200  # the title block: header table, "Căn cứ …" lines, the title


def _words(words: Any) -> str:
    return "|".join(sorted((str(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class TimePatterns:
    """The compiled ``time`` table."""

    period: re.Pattern[str]  # group 1: the frame word, groups 2/3: the two years
    year: re.Pattern[str]  # group 1 or 2: the year
    base_before: re.Pattern[str]
    vision_before: re.Pattern[str]
    term_words: re.Pattern[str]
    horizon_leads: re.Pattern[str]
    elapsed_before: re.Pattern[str]


def compile_time(table: Mapping[str, Any]) -> TimePatterns:
    """Compile the ``time`` table of ``quantity-cues.yaml``."""
    joiner = _words(table["range_joiners"])
    year_lead = _words(table["year_leads"])
    word = table["year_word"]
    period = re.compile(rf"(?<!\w)({_words(table['period_words'])})\s*(?:{word}\s+)?({_YEAR})\s*(?:{joiner})\s*"
                        rf"(?:{word}\s+)?({_YEAR})(?!\d)", re.I)
    year = re.compile(rf"(?<!\w)(?:(?P<lead>{year_lead})\s+)?{word}\s+(?P<y1>{_YEAR})(?!\d)"
                      rf"(?!\s*(?:{joiner})\s*{_YEAR})|(?<!\w)(?P<bare>{_words(table['bare_year_leads'])})\s+"
                      rf"(?P<y2>{_YEAR})(?!\d)(?!\s*(?:{joiner})\s*{_YEAR})", re.I)
    return TimePatterns(
        period=period, year=year,
        base_before=re.compile(rf"(?<!\w)(?:{_words(table['base_before'])})\s*$", re.I),
        vision_before=re.compile(rf"(?<!\w)(?:{_words(table['vision_before'])})\s*$", re.I),
        term_words=re.compile(rf"^(?:{_words(table['term_words'])})$", re.I),
        horizon_leads=re.compile(rf"^(?:{_words(table['horizon_leads'])})$", re.I),
        elapsed_before=re.compile(rf"(?<!\w)(?:{_words(table['elapsed_before'])})\s*(?:{word})?\s*$", re.I),
    )


@dataclass(frozen=True)
class TimeExpr:
    """A year (``first == last``) or period as written at ``text[start:end]``."""

    start: int
    end: int
    first: int
    last: int
    is_period: bool
    role: str  # "anchor" (dates a quantity), "base" (comparison, standard) or "vision"
    term: bool = False  # written as a term of office ("nhiệm kỳ …")
    horizon: bool = False  # a year reached by ("đến năm 2030", "tới 2030")
    elapsed: bool = False  # the elapsed part of a year ("6 tháng đầu năm 2024"): results


def span(first: int, last: int) -> str:
    """A period as written in the gold standard: a five-year term 2020–2025 is 2021-2025."""
    return f"{first + 1}-{last}" if last - first == 5 else f"{first}-{last}"


def time_expressions(text: str, start: int, end: int, patterns: TimePatterns) -> list[TimeExpr]:
    """Time expressions inside ``text[start:end]`` in order (periods win over the years inside them)."""
    found: list[TimeExpr] = []
    for match in patterns.period.finditer(text, start, end):
        a, b = int(match.group(2)), int(match.group(3))
        if 0 < b - a <= 10:
            found.append(_expr(text, match.start(), match.end(), a, b, True, patterns,
                               bool(patterns.term_words.match(match.group(1).strip()))))
    periods = len(found)  # in text order, not overlapping: only the last one starting before can hold a year
    for match in patterns.year.finditer(text, start, end):
        before = bisect.bisect_right(found, match.start(0), hi=periods, key=lambda e: e.start) - 1
        if before >= 0 and match.start(0) < found[before].end:
            continue
        year = int(match.group("y1") or match.group("y2"))
        lead = re.sub(r"\s+", " ", (match.group("lead") or match.group("bare") or "").strip())
        found.append(_expr(text, match.start(), match.end(), year, year, False, patterns,
                           horizon=bool(lead and patterns.horizon_leads.match(lead))))
    return sorted(found, key=lambda e: e.start)


def _expr(text: str, start: int, end: int, first: int, last: int, is_period: bool, patterns: TimePatterns,
          term: bool = False, horizon: bool = False) -> TimeExpr:
    before = text[max(0, start - 30):start]
    role = "base" if patterns.base_before.search(before) else "vision" if patterns.vision_before.search(before) \
        else "anchor"
    elapsed = bool(patterns.elapsed_before.search(before))
    return TimeExpr(start, end, first, last, is_period, role, term, horizon, elapsed)


@dataclass(frozen=True)
class Frame:
    """The time frame of a document (see the module docstring)."""

    term: tuple[int, int] | None
    plan_year: int | None
    present: int | None
    guessed: bool = False  # the plan year is only the latest year written (no title names it)


def document_frame(text: str, patterns: TimePatterns, single_year_openers: tuple[re.Pattern[str], ...] | list,
                   default_year: str | None = None) -> Frame:
    """The frame of ``text``: the latest term of office written in it (else the latest plan period),
    the single plan year (``default_year`` from metadata, else a title or opening on "năm 2024") and
    the present (the year before the plan year or before the term's first year)."""
    anchors = [e for e in time_expressions(text, 0, len(text), patterns) if e.role == "anchor"]
    term = _latest([e for e in anchors if e.is_period and e.term]) or _latest([e for e in anchors if e.is_period])
    horizons = [e.last for e in anchors if e.horizon]
    if term is None and horizons:
        term = (max(horizons) - 5, max(horizons))
    plan_year = int(default_year) if default_year and re.fullmatch(r"\d{4}", default_year) else None
    if plan_year is None:
        head = "\n".join([line for line in text.split("\n") if line.strip()][:_HEAD_LINES])[:_HEAD_CHARS]
        matches = [m for m in (pattern.search(head) for pattern in single_year_openers) if m]
        if matches:  # the first one written: a title before the review of the past year
            plan_year = int(min(matches, key=lambda m: m.start()).group(1))
    guessed = False
    if plan_year is None and term is None:
        years = [e.last for e in anchors if not e.is_period]
        plan_year = max(years) if years else None
        guessed = plan_year is not None
    if plan_year is not None:
        present = plan_year - 1
    elif term is not None:
        present = int(span(*term).split("-")[0]) - 1
    else:
        present = None
    return Frame(term, plan_year, present, guessed)


def _latest(periods: list[TimeExpr]) -> tuple[int, int] | None:
    """The period ending last (ties: the most often written, then the longest)."""
    if not periods:
        return None
    counts = Counter((e.first, e.last) for e in periods)
    return max(counts, key=lambda p: (p[1], counts[p], p[1] - p[0]))

"""Context of a quantity mention: kind (target / plan / actual), year or period, per-year unit.

The document frame (term of office or single plan year) is read once per text; each mention then
looks at its clause, sentence, paragraph and section for cues listed in ``quantity-cues.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.quantity_lexicon import QuantityLexicon
from nghiquyet.graph.extract.quantity_match import Mention

__all__ = ["Frame", "document_frame", "Context", "context_of"]

_YEAR = r"(?:19|20)\d{2}"
_TERM = re.compile(rf"nhiệm kỳ\s*({_YEAR})\s*[-–—]\s*({_YEAR})", re.I)
_PERIOD = re.compile(rf"(?<!chuẩn )(?<!tiêu chí )(?:giai đoạn|thời kỳ|kế hoạch|5 năm|năm năm)\s*({_YEAR})\s*[-–—]\s*({_YEAR})", re.I)
_BY_YEAR = re.compile(rf"(?:đến|tới)\s+(?:năm\s+)?({_YEAR})\b", re.I)
_NAM_YEAR = re.compile(rf"(?<!so với )(?<!so sánh )\bnăm\s+({_YEAR})\b", re.I)


@dataclass(frozen=True)
class Frame:
    """The time frame of a document: a term ``(start, end)`` and/or a single plan year."""

    term: tuple[int, int] | None
    plan_year: int | None


def _span(a: int, b: int) -> str:
    """A period as written in the gold standard: a five-year term 2020–2025 is 2021-2025."""
    return f"{a + 1}-{b}" if b - a == 5 else f"{a}-{b}"


def document_frame(text: str, default_year: str | None = None, lexicon: Lexicons | None = None) -> Frame:
    """Term and plan year of ``text`` (``default_year`` = a known single plan year, e.g. from metadata)."""
    lex = or_packaged(lexicon).quantity
    terms = Counter((int(a), int(b)) for a, b in _TERM.findall(text) if 0 < int(b) - int(a) <= 10)
    periods = Counter((int(a), int(b)) for a, b in _PERIOD.findall(text) if 0 < int(b) - int(a) <= 10)
    targets = [int(y) for y in _BY_YEAR.findall(text)]
    term = None
    if terms:
        term = max(terms.items(), key=lambda item: (item[1], item[0][1]))[0]
    elif periods:
        term = max(periods.items(), key=lambda item: (item[1], item[0][1]))[0]
    elif targets:
        end = max(targets)
        term = (end - 5, end)
    plan_year = int(default_year) if default_year and re.fullmatch(r"\d{4}", default_year) else None
    if plan_year is None:
        head = "\n".join(line for line in text.split("\n")[:6] if line.strip())[:400]
        for pattern in lex.single_year_openers:
            match = pattern.search(head)
            if match:
                plan_year = int(match.group(1))
                break
    if plan_year is None and term is None:
        years = [int(y) for y in _NAM_YEAR.findall(text)]
        plan_year = max(years) if years else None
    return Frame(term, plan_year)


@dataclass
class Context:
    """What a mention's surroundings say: kind, year, unit and per-year flag."""

    kind: str
    year: str
    unit: str
    annual: bool


def _clause_before(text: str, start: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ",;:\n")
    left = max(left, text.rfind(". ", 0, start))
    clause = text[left + 1:start]
    if clause.count(")") > clause.count("("):
        opening = text.rfind("(", 0, left + 1)
        if opening != -1:
            return _clause_before(text, opening) + text[opening:start]
    return clause


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("… ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("… ", end), text.find("\n", end)) if i != -1]
    return left, min(right_candidates) if right_candidates else len(text)


def _paragraph(text: str, start: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", start)
    return text[left:right if right != -1 else len(text)]


def _explicit_year(text: str, mention: Mention, seg_start: int, seg_end: int) -> tuple[str | None, bool]:
    """(year or period, is_period) stated in the mention's clause: right after the quote first, then before."""
    tail = text[mention.end:seg_end]
    after = re.match(rf"\s*(?:(?:vào|trong)\s+)?năm\s+({_YEAR})\b(?!\s*[-–—]\s*{_YEAR})", tail, re.I)
    if after:
        return after.group(1), False
    period_after = re.match(r"(?:[^,;.(\n]|\.(?=\d)){0,70}?" + _PERIOD.pattern, tail, re.I)
    if period_after:
        return _span(int(period_after.group(1)), int(period_after.group(2))), True
    before = text[seg_start:mention.start]
    found: list[tuple[int, str, bool]] = []
    for match in _PERIOD.finditer(before):
        found.append((match.end(), _span(int(match.group(1)), int(match.group(2))), True))
    for match in re.finditer(rf"(?<!so với )(?<!so sánh )(?<!chuẩn )(?:(?:đến|tới|vào|trong|cuối)\s+)?năm\s+({_YEAR})\b"
                             rf"(?!\s*[-–—]\s*{_YEAR})|(?:đến|tới)\s+({_YEAR})\b", before, re.I):
        found.append((match.end(), match.group(1) or match.group(2), False))
    if not found:
        return None, False
    _, value, is_period = max(found)
    return value, is_period


_LEVEL_UNITS = {"percent", "permille", "per_10000_people", "rank", "times", "percentage_points"}


def _heading_chain(section: object | None) -> str:
    parts = []
    while section is not None:
        parts.append(getattr(section, "heading", "") or "")
        section = getattr(section, "parent", None)
    return " | ".join(parts)


def _in_review(section: object | None) -> bool:
    node = section
    while node is not None:
        if getattr(node, "role", None) == "review":
            return True
        node = getattr(node, "parent", None)
    return False


def _unit(mention: Mention, lex: QuantityLexicon, clause: str, segment: str, sentence_head: str,
          growth_frame: bool) -> tuple[str, bool]:
    cues = lex.cues
    unit = mention.unit
    cue = bool(cues["per_year_cues"].search(clause)) or bool(
        re.match(r"\s*(?:[-–•*]\s*)?(?:hằng|hàng|mỗi) năm\b", sentence_head, re.I))
    change = bool(cues["change_words"].search(clause))
    if unit in ("percent", "permille"):
        level = mention.comparator in ("<", "<=") or bool(
            re.search(r"(?:" + cues["level_words"].pattern + r")\s*$", clause, re.I))
        subject = cues["permille_subjects"] if unit == "permille" else cues["percentage_point_subjects"]
        points = unit == "percent" and not level and bool(subject.search(segment)) and bool(
            cues["change_words"].search(segment))
        growth = growth_frame and bool(cues["growth_words"].search(clause))
        if mention.per_year_suffix or (cue and change) or growth:
            if unit == "permille":
                return "permille_per_year", True
            return ("percentage_points_per_year" if points else "percent_per_year"), True
        if points:
            return "percentage_points", cue
        return unit, cue
    if unit in lex.per_year and (mention.per_year_suffix or cue):
        return lex.per_year[unit], True
    return lex.fallback_units.get(unit, unit), cue


def context_of(text: str, mention: Mention, frame: Frame, section: object | None = None,
               lexicon: Lexicons | None = None) -> Context:
    """Kind, year, unit and per-year flag of ``mention`` in ``text``."""
    lex = or_packaged(lexicon).quantity
    sent_start, sent_end = _sentence(text, mention.start, mention.end)
    sentence = text[sent_start:sent_end]
    seg_start = max(sent_start, text.rfind(";", 0, mention.start) + 1)
    seg_end = min([i for i in (text.find(";", mention.end), sent_end) if i != -1] or [sent_end])
    paragraph = _paragraph(text, mention.start)
    cues = lex.cues
    future = frame.term is not None and any(int(y) >= frame.term[1] for y in re.findall(rf"\b{_YEAR}\b", sentence))
    target_cue = bool(cues["target_cues"].search(sentence)) or future
    actual = _in_review(section) or (not target_cue and (
        bool(cues["actual_cues"].search(sentence)) or
        bool(re.search(r"(?:5|năm) năm qua|nhiệm kỳ qua|những năm qua", paragraph, re.I))))
    plan_year = frame.plan_year
    opener = re.match(rf"\s*(?:trong\s+)?năm\s+({_YEAR})\s*,", paragraph, re.I)
    if opener:
        plan_year = int(opener.group(1))
    kind = "actual" if actual else ("plan" if plan_year else "target")
    clause = _clause_before(text, mention.start)
    growth_frame = kind == "target" and frame.term is not None
    unit, annual = _unit(mention, lex, clause, text[seg_start:mention.start], text[sent_start:mention.start],
                         growth_frame)
    explicit, is_period = _explicit_year(text, mention, seg_start, seg_end)
    if explicit and annual and not is_period:
        explicit = None
    if explicit is None and kind == "target" and seg_start > sent_start:
        explicit, is_period = _explicit_year(text, mention, sent_start, seg_start)
        if explicit and annual and not is_period:
            explicit = None
    if explicit is None and kind == "target" and not annual and unit not in _LEVEL_UNITS:
        framed = _PERIOD.search(text[sent_start:mention.start])
        if framed:
            explicit = _span(int(framed.group(1)), int(framed.group(2)))
        elif cues["period_total_cues"].search(text[seg_start:mention.start]) and frame.term:
            explicit = _span(*frame.term)
    if explicit:
        year = explicit
    elif kind == "actual":
        heading = _heading_chain(section)
        limit = frame.term[0] if frame.term else 9999
        stated = next((m for source in (heading, paragraph) for rx in (_PERIOD, _TERM) for m in rx.finditer(source)
                       if int(m.group(2)) <= limit), None)
        if stated:
            a, b = int(stated.group(1)), int(stated.group(2))
        elif frame.term:
            a, b = frame.term[0] - 5, frame.term[0]
        else:
            a = b = 0
        year = (_span(a, b) if annual else str(b)) if b else ""
    elif kind == "plan":
        year = str(plan_year)
    elif frame.term:
        a, b = frame.term
        year = _span(a, b) if annual else str(b)
    else:
        year = ""
    return Context(kind, year, unit, annual)

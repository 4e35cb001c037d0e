"""Context of a quantity mention: kind (target / plan / actual), year or period, per-year unit.

The document frame (:mod:`quantity_time`: term, plan year, present) is read once per text. Each
mention is then dated by the nearest time expression that governs it — right after the quote, in
its clause, joined to the quantity before it ("…, đạt 101,6% so với dự toán"), in its ``;``
segment, sentence, paragraph or section heading — and that date decides the kind: a year up to the
document's present is a result (actual), a later one a target or single-year plan value. Without a
date, the cue words of ``quantity-cues.yaml`` decide (review section, "ước đạt", "5 năm qua" …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.quantity_lexicon import QuantityLexicon
from nghiquyet.graph.extract.quantity_match import Mention
from nghiquyet.graph.extract.quantity_time import Frame, TimeExpr, span, time_expressions
from nghiquyet.graph.extract.quantity_time import document_frame as _frame

__all__ = ["Frame", "document_frame", "Context", "context_of"]

# A vision year dates a quantity written in its own clause ("tầm nhìn đến năm 2050 đạt 70%"), never others.
_OWN_ROLES = ("anchor", "vision")
_LEVEL_UNITS = {"percent", "permille", "per_10000_people", "rank", "times", "percentage_points", "usd", "vnd_million",
                "child_per_woman"}


def document_frame(text: str, default_year: str | None = None, lexicon: Lexicons | None = None) -> Frame:
    """Term, plan year and present of ``text`` (``default_year`` = a known single plan year).

    A text titled as a report ("Tổng kết nhiệm kỳ 2015 - 2020 …") that sets no target anywhere is a
    report on its term: its present is the term's last year."""
    lex = or_packaged(lexicon).quantity
    frame = _frame(text, lex.time, lex.single_year_openers, default_year)
    cues = lex.cues
    title = next((line for line in text.split("\n") if line.strip()), "")
    if frame.term is not None and frame.plan_year is None and cues["report_titles"].search(title) and \
            not cues["target_cues"].search(cues["target_nouns"].sub(" ", text)):
        return replace(frame, present=frame.term[1])
    return frame


@dataclass
class Context:
    """What a mention's surroundings say: kind, year, unit and per-year flag (``time``: what dated it)."""

    kind: str
    year: str
    unit: str
    annual: bool
    time: TimeExpr | None = None


# A mention's context (clause, sentence, paragraph) reaches at most this far from it: a sentence or
# paragraph longer than that is cut, so extraction stays linear on texts written as one long line.
WINDOW = 4000


def _rfind(text: str, sub: str, start: int) -> int:
    """``text.rfind(sub, 0, start)`` within the window; the window's edge counts as a hit."""
    floor = max(0, start - WINDOW)
    found = text.rfind(sub, floor, start)
    return found if found != -1 or floor == 0 else floor - 1


def _find(text: str, sub: str, end: int) -> int:
    """``text.find(sub, end)`` within the window; the window's edge counts as a hit."""
    ceiling = end + WINDOW
    found = text.find(sub, end, ceiling)
    return found if found != -1 or ceiling >= len(text) else ceiling


def _clause_start(text: str, start: int) -> int:
    left = max(_rfind(text, c, start) for c in ",;:\n")
    left = max(left, _rfind(text, ". ", start))
    if text[left + 1:start].count(")") > text[left + 1:start].count("("):
        opening = text.rfind("(", max(0, left + 1 - WINDOW), left + 1)
        if opening != -1:
            return _clause_start(text, opening)
    return left + 1


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(_rfind(text, ". ", start) + 2, _rfind(text, "… ", start) + 2, _rfind(text, "\n", start) + 1, 0)
    right_candidates = [i for i in (_find(text, ". ", end), _find(text, "… ", end), _find(text, "\n", end)) if i != -1]
    return left, min(right_candidates) if right_candidates else len(text)


def _paragraph_start(text: str, start: int) -> int:
    return _rfind(text, "\n", start) + 1


def _last_anchor(text: str, start: int, end: int, lex: QuantityLexicon,
                 roles: tuple[str, ...] = ("anchor",)) -> TimeExpr | None:
    anchors = [e for e in time_expressions(text, start, end, lex.time) if e.role in roles and e.end <= end]
    return anchors[-1] if anchors else None


def _frame_adverbial(text: str, start: int, end: int, lex: QuantityLexicon) -> TimeExpr | None:
    """The last sentence of ``text[start:end]`` that opens on a dated clause ("Riêng 3 quý đầu năm 2020, …")."""
    found = None
    for expr in time_expressions(text, start, end, lex.time):
        if expr.role != "anchor":
            continue
        opening = _sentence(text, expr.start, expr.end)[0]
        if expr.start - opening <= 40 and re.match(r"[^,;.]*,", text[expr.end:end]) and \
                "," not in text[opening:expr.start]:
            found = expr
    return found


def _time_after(text: str, mention: Mention, seg_end: int, lex: QuantityLexicon) -> TimeExpr | None:
    """A year or period written right after the quote ("… 40% đến năm 2030", "… 45% vào năm 2025")."""
    found = [e for e in time_expressions(text, mention.end, seg_end, lex.time) if e.role in _OWN_ROLES]
    if not found:
        return None
    first = found[0]
    gap = text[mention.end:first.start]
    if first.is_period and re.fullmatch(r"(?:[^,;.(\n]|\.(?=\d)){0,70}", gap):
        return first
    return first if re.fullmatch(r"\s*", gap) else None


def _gloss_time(text: str, mention: Mention, clause_start: int, lex: QuantityLexicon) -> TimeExpr | None:
    """"… gấp 1,3 lần năm 2015 (5.104 USD)": a parenthesised amount takes the year it glosses."""
    opening = mention.start  # the end of text[:mention.start].rstrip()
    while opening > 0 and text[opening - 1].isspace():
        opening -= 1
    if opening == 0 or text[opening - 1] != "(":
        return None
    found = time_expressions(text, max(0, opening - 40), opening - 1, lex.time)
    return found[-1] if found and not text[found[-1].end:opening - 1].strip() else None


def _chained(text: str, mention: Mention, previous: tuple[Mention, Context] | None, sent_start: int,
             lex: QuantityLexicon) -> Context | None:
    """The context of the quantity this one continues, if only joining words stand between them."""
    if previous is None or previous[0].end <= sent_start:
        return None
    between = re.sub(r"\([^()]*\)", " ", text[previous[0].end:mention.start])
    between = _drop_comparisons(between, lex)
    rest = lex.cues["chain_words"].sub(" ", between)
    return previous[1] if re.fullmatch(r"[\s,]*", rest) and between.strip() != "" else None


def _drop_comparisons(text: str, lex: QuantityLexicon) -> str:
    """Remove "so với <base>" phrases (up to the next joining word or comma)."""
    pattern = lex.cues["comparison_words"].pattern + r"[^,;]*?(?=(?:" + lex.cues["chain_words"].pattern + r")|,|$)"
    return re.sub(pattern, " ", text, flags=re.I)


def _period_subject(text: str, mention: Mention, segment: str, lex: QuantityLexicon) -> bool:
    """A period-total subject ("vốn đầu tư") with a period written in its sentence or in the sentence
    before that names the same subject."""
    subject = lex.cues["period_total_subjects"].search(segment)
    if not subject:
        return False
    sent_start, _ = _sentence(text, mention.start, mention.end)
    prev_start = _sentence(text, max(0, sent_start - 2), max(0, sent_start - 2))[0] if sent_start > 1 else sent_start
    for a, b, needs_subject in ((sent_start, mention.start, False), (prev_start, sent_start, True)):
        periods = [e for e in time_expressions(text, a, b, lex.time) if e.is_period and e.role == "anchor"]
        if periods and (not needs_subject or subject.group(0).lower() in text[a:b].lower()):
            return True
    return False


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
          growth_frame: bool, quote: str) -> tuple[str, bool]:
    cues = lex.cues
    unit = mention.unit
    cue = (bool(cues["per_year_cues"].search(clause)) and not cues["per_capita_cues"].search(quote)) or bool(
        cues["per_year_openers"].match(sentence_head))
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


def _kind_of_time(time: TimeExpr, frame: Frame) -> str:
    """Kind implied by a date: up to the present → actual; the plan year or a single year inside
    the term → plan; otherwise (a horizon, a period, the term's end) → target."""
    if time.elapsed or (frame.present is not None and time.last <= frame.present):
        return "actual"
    if not time.is_period and not time.horizon:
        if frame.plan_year is not None and time.last == frame.plan_year:
            return "plan"
        if frame.plan_year is None and frame.term is not None and time.last < frame.term[1]:
            return "plan"
    if frame.plan_year is not None and not time.is_period and time.last == frame.plan_year:
        return "plan"
    return "target"


def _component_of(text: str, mention: Mention, history: list[tuple[Mention, Context]], sent_start: int,
                  para_start: int, lex: QuantityLexicon) -> Context | None:
    """"… tổng thu … hơn 1,85 triệu tỉ đồng. Trong đó, thu nội địa là hơn 1,21 triệu tỉ đồng": the
    context of the last quantity in the same unit before a sentence that opens on a part."""
    if not re.match(r"\s*(?:" + lex.cues["component_openers"].pattern + r")", text[sent_start:mention.start], re.I):
        return None
    for earlier, context in reversed(history):
        if earlier.start < para_start:
            break
        if earlier.end <= sent_start and earlier.unit == mention.unit:
            return context
    return None


def context_of(text: str, mention: Mention, frame: Frame, section: object | None = None,
               previous: tuple[Mention, Context] | None = None,
               history: list[tuple[Mention, Context]] | None = None, lexicon: Lexicons | None = None) -> Context:
    """Kind, year, unit and per-year flag of ``mention`` in ``text`` (``previous``: the mention before
    it with its context, for quantities that continue it; ``history``: every mention before it)."""
    lex = or_packaged(lexicon).quantity
    cues = lex.cues
    sent_start, sent_end = _sentence(text, mention.start, mention.end)
    sentence = text[sent_start:sent_end]
    seg_start = max(sent_start, _rfind(text, ";", mention.start) + 1)
    seg_end = min([i for i in (_find(text, ";", mention.end), sent_end) if i != -1] or [sent_end])
    clause_start = max(_clause_start(text, mention.start), seg_start)
    para_start = _paragraph_start(text, mention.start)
    quote = text[mention.start:mention.end]
    target_cue = bool(cues["target_cues"].search(sentence))

    if previous is None and history:
        previous = history[-1]
    chained = _chained(text, mention, previous, sent_start, lex) or \
        _component_of(text, mention, history or [], sent_start, para_start, lex)
    own = (_time_after(text, mention, seg_end, lex) or _last_anchor(text, clause_start, mention.start, lex, _OWN_ROLES)
           or _gloss_time(text, mention, clause_start, lex))
    source, time = ("own", own) if own else ("chain", chained.time) if chained else (None, None)
    if time is None:
        for name, (a, b) in (("segment", (seg_start, clause_start)), ("sentence", (sent_start, seg_start)),
                             ("paragraph", (para_start, sent_start))):
            if name == "paragraph" and target_cue:
                break
            found = _frame_adverbial(text, a, b, lex) if name == "paragraph" else _last_anchor(text, a, b, lex)
            if found and not (name != "segment" and cues["target_cues"].search(text[found.end:mention.start])
                              and _kind_of_time(found, frame) == "actual"):
                source, time = name, found
                break

    if _in_review(section):
        kind = "actual"
    elif source == "chain" and chained is not None:
        kind = chained.kind
    elif time is not None and frame.present is not None:
        kind = _kind_of_time(time, frame)
        if kind == "plan" and (time.last != frame.plan_year or frame.guessed) and not target_cue and (
                cues["actual_cues"].search(sentence) or cues["estimate_cues"].search(sentence)):
            kind = "actual"  # a mid-term report: "năm 2023 ước đạt 7%" in a 2020–2025 term
    else:
        future = frame.term is not None and any(
            e.last >= frame.term[1] for e in time_expressions(text, sent_start, sent_end, lex.time) if e.role == "anchor")
        past = bool(cues["actual_cues"].search(sentence)) or (
            (frame.plan_year is None or frame.guessed) and bool(cues["estimate_cues"].search(sentence))) or bool(
            cues["past_cues"].search(text[para_start:sent_end]))
        nouns_only = target_cue and not cues["target_cues"].search(cues["target_nouns"].sub(" ", sentence))
        kind = "actual" if past and not future and (not target_cue or nouns_only) else (
            "plan" if frame.plan_year else "target")

    clause = text[clause_start:mention.start]
    growth_frame = kind == "target" and frame.term is not None and not (source == "own" and not time.is_period)
    unit, annual = _unit(mention, lex, clause, text[seg_start:mention.start], text[sent_start:mention.start],
                         growth_frame, text[mention.start:min(len(text), mention.end + 12)])
    year = _year(text, mention, frame, kind, unit, annual, source, time, chained, section, seg_start, para_start, lex)
    return Context(kind, year, unit, annual, time)


def _year(text: str, mention: Mention, frame: Frame, kind: str, unit: str, annual: bool, source: str | None,
          time: TimeExpr | None, chained: Context | None, section: object | None, seg_start: int, para_start: int,
          lex: QuantityLexicon) -> str:
    cues = lex.cues
    segment = text[seg_start:mention.start]
    level = unit in _LEVEL_UNITS or bool(cues["level_subjects"].search(segment))
    after = re.split(r"[,;\n]|\.(?!\d)", text[mention.end:mention.end + 60], maxsplit=1)[0]
    total = (bool(cues["period_total_cues"].search(segment + " " + after)) and not level) or \
        bool(cues["period_total_verbs"].search(segment)) or _period_subject(text, mention, segment, lex)
    if source == "chain" and chained is not None and not annual:
        return chained.year
    if total and time is not None and not time.is_period and source not in ("own", "chain"):
        time = None  # "…; tổng vốn đầu tư cả giai đoạn đạt …" after "đến năm 2030": a total, not a level
    if time is not None and time.is_period:
        if annual or total or source in ("own", "chain") or (source == "segment" and not level):
            return span(time.first, time.last)
        return str(time.last)
    if time is not None and not annual:
        return str(time.last)
    if kind == "actual":
        if not level and not total and time is None:  # "Sau 5 năm thực hiện …, đạt và vượt 18/20 chỉ tiêu"
            before = text[para_start:mention.start]
            total = bool(cues["period_total_cues"].search(before) or cues["past_cues"].search(before))
        heading = _heading_chain(section)
        limit = frame.term[0] if frame.term else 9999
        stated = next((e for source_text in (heading, text[para_start:mention.start])
                       for e in time_expressions(source_text, 0, len(source_text), lex.time)
                       if e.is_period and e.role == "anchor" and e.last <= limit), None)
        if stated:
            return span(stated.first, stated.last) if annual or total else str(stated.last)
        if frame.present is None:
            return ""
        return f"{frame.present - 4}-{frame.present}" if annual or total else str(frame.present)
    if kind == "plan":
        return str(frame.plan_year) if frame.plan_year else (str(time.last) if time else "")
    if frame.term:
        a, b = frame.term
        return span(a, b) if annual or total else str(b)
    return ""

"""Find quantity mentions in text: number or range, scale word, unit, comparator words, quote span.

A mention is only kept when a unit from ``units.yaml`` follows the number (or a zero / rank
pattern matches): bare numbers — ordinals, dates, document numbers, counts of items — are
dropped by construction. Context (kind, year, per-year units) is added by
:mod:`nghiquyet.graph.extract.quantity_context`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from nghiquyet.graph.extract.numbers import find_numbers, parse_number
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.quantity_lexicon import QuantityLexicon, UnitRule

__all__ = ["Mention", "find_mentions"]

_FRACTION = re.compile(r"/(?P<den>\d+)(?![\d/])")


@dataclass
class Mention:
    """One quantity as written: ``text[start:end]`` is the quote, the number sits at ``number_start``."""

    start: int
    end: int
    number_start: int
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: str
    per_year_suffix: bool = False
    number_end: int = -1


def _best_unit(text: str, pos: int, rules: tuple[UnitRule, ...], before: str) -> tuple[UnitRule, re.Match[str]] | None:
    best: tuple[UnitRule, re.Match[str]] | None = None
    for rule in rules:
        match = rule.pattern.match(text, pos)
        if not match or not match.group("unit"):
            continue
        if rule.requires_before and not re.search(
                r"(?:" + "|".join(rule.requires_before) + r")\s*$", before, re.IGNORECASE):
            continue
        if best is None or match.end() > best[1].end():
            best = (rule, match)
    return best


def _clause_window(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ";.\n")
    right_candidates = [i for i in (text.find(c, end) for c in ";\n") if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:start] + " " + text[end:right]


def _comparator_before(text: str, number_start: int, lex: QuantityLexicon) -> tuple[str, int] | None:
    head = text[max(0, number_start - 30):number_start]
    for comparator, word in lex.comparators_before:
        match = re.search(r"(?<![\w])" + re.escape(word) + r"\s*$", head, re.IGNORECASE)
        if match:
            return comparator, number_start - (len(head) - match.start())
    return None


def _excluded(text: str, number_start: int, number_end: int, lex: QuantityLexicon) -> bool:
    head = text[max(0, number_start - 25):number_start]
    if re.search(r"(?:" + lex.cues["excluded_before"].pattern + r")\s*$", head, re.IGNORECASE):
        return True
    tail = text[number_end:number_end + 25]
    return bool(re.match(r"\s*(?:" + lex.cues["excluded_after"].pattern + r")", tail, re.IGNORECASE))


def _special(text: str, lex: QuantityLexicon) -> list[Mention]:
    """Zero targets ("không còn xã dưới 15 tiêu chí") and ranks ("nhóm 10 tỉnh")."""
    found = []
    for unit, pattern in lex.zero_patterns:
        for match in pattern.finditer(text):
            before = _comparator_before(text, match.start(), lex)  # "cơ bản không còn hộ nghèo": about zero
            comparator, start = (before[0], before[1]) if before and before[0] == "~" else ("=", match.start())
            found.append(Mention(start, match.end(), match.start(), Decimal(0), None, unit, comparator))
    for comparator, pattern in lex.rank_patterns:
        for match in pattern.finditer(text):
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            found.append(Mention(start, match.end(), match.start(1), Decimal(match.group(1)), None, "rank",
                                 comparator))
    return found


def _read_at(text: str, start: int, end: int, value: Decimal, lex: QuantityLexicon) -> Mention | None:
    """The mention whose number is ``text[start:end]``, or None if no unit follows."""
    before = text[max(0, start - 20):start]
    value_max: Decimal | None = None
    pos = end
    first_unit = _best_unit(text, pos, lex.units, before)
    ranged = lex.range_next.match(text, pos)
    if not ranged and first_unit:
        ranged = lex.range_next.match(text, first_unit[1].end())
        if ranged:
            second_unit = _best_unit(text, ranged.end(), lex.units, before)
            if not second_unit or second_unit[0].unit != first_unit[0].unit:
                ranged = None
    if ranged:
        high = parse_number(ranged.group("num"))
        if high > value:
            value_max, pos = high, ranged.end()
    fraction = None if value_max is not None else _FRACTION.match(text, pos)
    if fraction:
        found = _best_unit(text, fraction.end(), lex.units + lex.fraction_units, before)
        if not found:
            return None
        pos = fraction.end()
    else:
        found = _best_unit(text, pos, lex.units, before)
    if not found:
        return None
    rule, match = found
    unit = rule.unit
    if rule.per_10000:
        if not lex.per_10000_marker.search(_clause_window(text, start, match.end())):
            return None
        unit = "per_10000_people"
        tail = lex.per_10000_tail.match(text[match.end():match.end() + 60])
        quote_end = match.end() + (tail.end() if tail else 0)
    else:
        quote_end = match.end()
    factor = rule.factor
    scale = match.groupdict().get("scale")
    low = value * lex.scale_factor(scale) * factor
    high = value_max * lex.scale_factor(scale) * factor if value_max is not None else None
    suffix = lex.per_year_suffix.match(text, quote_end)
    if suffix:
        quote_end = suffix.end()
    per_year = bool(suffix) or match.group("unit").rstrip().endswith(lex.per_year_unit_ending)
    comparator = "range" if high is not None else "="
    quote_start = start
    after = re.match(r"\s*(?:" + "|".join(re.escape(w) for _, w in lex.comparators_after) + r")(?![\w])",
                     text[quote_end:quote_end + 20], re.IGNORECASE)
    before_cmp = _comparator_before(text, start, lex)
    if after and high is None:
        comparator = next(c for c, w in lex.comparators_after if after.group().strip().lower() == w)
        quote_end += after.end()
        from_word = re.search(r"(?<![\w])" + lex.from_word + r"\s*$", text[max(0, start - 10):start], re.I)
        if from_word:
            quote_start = start - (min(start, 10) - from_word.start())
    elif before_cmp:
        quote_start = before_cmp[1]
        if high is None:
            comparator = before_cmp[0]
    elif high is None:
        opened = _open_from(text, start, quote_end, lex)
        if opened is not None:  # "thu ngân sách tăng từ 10%": at least 10%
            comparator, quote_start = ">=", opened
    return Mention(quote_start, quote_end, start, low, high, unit, comparator, per_year, pos)


def _open_from(text: str, start: int, end: int, lex: QuantityLexicon) -> int | None:
    """Offset of "từ" right before the number when no "lên/đến …" closes it in the clause ("từ 10%")."""
    from_word = re.search(r"(?<![\w])" + lex.from_word + r"\s*$", text[max(0, start - 10):start], re.I)
    if not from_word:
        return None
    rest = re.split(r"[,;.\n(]", text[end:end + 80], maxsplit=1)[0]
    if lex.cues["from_word_closers"].search(rest):
        return None
    return start - (min(start, 10) - from_word.start())


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of ``spans`` as sorted, disjoint spans."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def find_mentions(text: str, spans: list[tuple[int, int]] | None = None,
                  lexicon: Lexicons | None = None) -> list[Mention]:
    """Every quantity mention of ``text`` inside the content ``spans`` (default: all text), in order."""
    lex = or_packaged(lexicon).quantity
    spans = spans or [(0, len(text))]

    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    mentions = [m for m in _special(text, lex) if inside(m.number_start)]
    special = _union([(m.start, m.end) for m in mentions])
    special_starts = [a for a, _ in special]
    last: tuple[int, int] = (0, 0)  # numbers come in text order: only the last one read can hold the next

    def taken(pos: int) -> bool:
        index = bisect.bisect_right(special_starts, pos) - 1
        return (index >= 0 and pos < special[index][1]) or last[0] <= pos < last[1]

    for start, end, value in find_numbers(text):
        if not inside(start) or taken(start):
            continue
        if _excluded(text, start, end, lex):
            continue
        mention = _read_at(text, start, end, value, lex)
        if mention is None:
            continue
        mentions.append(mention)
        last = (mention.number_start, mention.number_end)
    mentions.sort(key=lambda m: m.start)
    return mentions

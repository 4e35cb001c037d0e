"""Indicator labels of a text's quantities, read in order: where the noun follows the number.

:func:`~nghiquyet.graph.extract.quantity_indicator.indicator_label` reads the words before a
number. When those are missing or only a head verb, the indicator is written after the number
("57,5% xã đạt chuẩn nông thôn mới", "trồng mới 4.000 ha cây mắc ca, 5.000 ha cây quế"); a
:class:`Labeller` then takes the trailing noun phrase, keeps the series' head in front of it,
gives earlier items of the series the predicate the last one states ("86% hộ gia đình, 75% thôn …
đạt tiêu chuẩn văn hóa"), and moves the next quantity's floor past the words it used, so labels
never shift by one item. The words are in ``mappings/lexicons/indicator-labels.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from nghiquyet.graph.extract.quantity_indicator import before_phrase, clean_phrase, indicator_label
from nghiquyet.graph.text import fold

__all__ = ["LabelRules", "compile_label_rules", "Labeller"]

_HARD = re.compile(r"[;\n:]|\.(?=\s|$)")


def _words(words: tuple[str, ...]) -> str:
    return "|".join(sorted((fold(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class LabelRules:
    """The compiled ``indicator-labels.yaml``."""

    heads: re.Pattern[str]
    head_ending: re.Pattern[str]
    possession: re.Pattern[str]
    predicate: re.Pattern[str]
    stop: re.Pattern[str]
    multiple_heads: re.Pattern[str]
    counted_units: frozenset[str]
    inner_number: re.Pattern[str]
    part_marker: re.Pattern[str]
    list_joiner: re.Pattern[str]
    next_item: re.Pattern[str]  # the next quantity of a list: a comma or joiner, a few words, a digit
    ends_at_once: re.Pattern[str]  # a comma or joiner right after the quote
    quote_drop: re.Pattern[str]
    zero_lead: re.Pattern[str]
    compared_with: re.Pattern[str]
    dangling: re.Pattern[str]  # a label ending in a word that needs the counted noun after it


def compile_label_rules(table: Mapping[str, Any]) -> LabelRules:
    """Compile the word lists of ``indicator-labels.yaml``."""
    return LabelRules(
        heads=re.compile(rf"(?:{_words(table['heads'])})"),
        head_ending=re.compile(rf"(?:^|(?<=[\s,]))(?:{_words(table['heads'])})$"),
        possession=re.compile(rf"(?<!\w)(?:{_words(table['possession'])})$"),
        predicate=re.compile(rf"(?<!\w)(?:{_words(table['predicates'])})(?!\w)"),
        stop=re.compile(rf"(?<!\w)(?:{_words(table['stops'])})(?!\w)|\("),
        multiple_heads=re.compile(rf"(?:{_words(table['multiple_heads'])})"),
        counted_units=frozenset(table["counted_units"]),
        inner_number=re.compile("|".join(f"(?:{fold(p)})" for p in table["inner_numbers"])),
        part_marker=re.compile("|".join(f"(?:{fold(p)})" for p in table["part_markers"])),
        list_joiner=re.compile(rf"(?:{_words(table['list_joiners'])})"),
        next_item=re.compile(rf"\s*(?:,|\s(?:{_words(table['list_joiners'])})\s)\s*(?:[^\W\d]+\s+){{0,5}}\d"),
        ends_at_once=re.compile(rf"\s*(?:,|(?:{_words(table['list_joiners'])})\s)"),
        quote_drop=re.compile("|".join(f"(?:{p})" for p in table["quote_drops"]), re.I),
        zero_lead=re.compile(table["zero_lead"], re.I),
        compared_with=re.compile(table["compared_with"], re.I),
        dangling=re.compile(rf"(?<!\w)(?:{_words(table['dangling_endings'])})$"),
    )


def _trailing(text: str, end: int, rules: LabelRules) -> tuple[str, int]:
    """The noun phrase after a quote, up to the clause end, the next list item or a stop word."""
    window = text[end:end + 240]
    if rules.ends_at_once.match(window) or window.lstrip().startswith(")"):  # its clause ends, or it is a bracketed value
        return "", end
    hard = _HARD.search(window)
    limit = hard.start() if hard else len(window)
    item = rules.next_item.search(window, 0, limit)
    if item:
        limit = item.start()
    for digit in re.finditer(r"\d", window[:limit]):
        if not rules.inner_number.match(fold(window[digit.start():limit])) and not (
                digit.start() and window[digit.start() - 1].isdigit()):
            limit = digit.start()
            break
    phrase = window[:limit]
    stop = rules.stop.search(fold(phrase))
    if stop:
        phrase = phrase[:stop.start()]
    phrase = " ".join(phrase.split()).strip(" ,;:-–.…")
    return (phrase, end + limit) if re.search(r"[^\W\d_]", phrase) else ("", end)


@dataclass
class _Item:
    index: int
    head: str
    noun: str
    has_predicate: bool
    tail_end: int


@dataclass
class Labeller:
    """Labels the quantities of one (masked) text in reading order."""

    text: str
    lexicon: Any  # lexicon.Lexicons
    is_fragment: Callable[[str], bool]
    labels: list[str] = field(default_factory=list)
    _floor: int = 0
    _series: list[_Item] = field(default_factory=list)
    _quotes: list[tuple[int, int, str]] = field(default_factory=list)
    narrowed: dict[int, int] = field(default_factory=dict)  # a part's index → the index of its whole

    def label(self, start: int, end: int, counted_noun: str, unit: str, *, zero: bool = False,
              multiple: bool = False) -> str:
        """Label of the quote ``text[start:end]`` in ``unit``; ``counted_noun`` is the noun inside the quote ("xã")."""
        text, rules = self.text, self.lexicon.label_rules
        floor = self._floor
        if self._series and _HARD.search(text, self._series[-1].tail_end, start):
            self._series = []
        raw = " ".join(text[floor:start].split())
        before = before_phrase(text, start, floor, self.lexicon.quantity.label, rules.list_joiner)
        trailing, tail_end = _trailing(text, end, rules)
        folded = fold(before)
        label = ""
        if zero:
            self._series, self._floor = [], end
            label = rules.zero_lead.sub("", " ".join(text[start:end].split()))
        elif multiple and self.labels and (not before or rules.multiple_heads.fullmatch(folded)):
            after = " ".join(text[end:end + 40].split())
            compared = rules.compared_with.match(after)
            if compared:
                label = f"{self.labels[-1]} {compared.group()}"
                self._series, self._floor = [], end
        elif (self.labels and before and rules.multiple_heads.fullmatch(folded) and self._quotes
              and not _HARD.search(text, self._quotes[-1][1], start)):
            label = f"{self.labels[-1]} {before}"
            self._series, self._floor = [], end
        elif trailing or counted_noun:
            possessive = bool(rules.possession.search(fold(raw)))
            ending = rules.head_ending.search(folded)  # "…, trồng mới" ends in a head of its own
            head_only = not before or bool(ending)
            if head_only or possessive:
                head = "" if possessive or not before else " ".join(before.split()[-len(ending.group().split()):])
                if not head and self._series:
                    head = self._series[-1].head
                noun = " ".join(p for p in (counted_noun, trailing) if p)
                label = " ".join(p for p in (head, noun) if p)
                self._add_to_series(len(self.labels), head, noun, tail_end)
                self._floor = max(end, tail_end)
        if not label:
            self._series = []
            self._floor = end
            no_wording = not before or self.is_fragment(before)
            label = "" if no_wording and self._is_part(start, unit) else \
                indicator_label(text, start, end, floor=floor, unit_words=counted_noun, lexicon=self.lexicon)
            if not label or (no_wording and self._is_part(start, unit)):
                whole = self._previous_in_unit(start, unit)
                own = self._own_words(before)
                if whole and own and no_wording and self._is_part(start, unit):
                    # "… 3,8%, riêng các huyện nghèo giảm 5,4%": the part narrows the whole
                    self.narrowed[len(self.labels)] = self._quotes_index(whole, start, unit)
                    label = f"{whole}: {own}"
                else:
                    label = whole or label
            if label and counted_noun and rules.dangling.search(fold(label)):
                label = f"{label} {counted_noun}"  # "Giải quyết việc làm cho" + "8.920 lao động"
        label = label[:1].upper() + label[1:] if label else ""
        self.labels.append(label)
        self._quotes.append((start, end, unit))
        return label

    def _is_part(self, start: int, unit: str) -> bool:
        """A part marker ("trong đó", "(") between the previous quantity in ``unit`` and ``start``."""
        for (s, e, u) in reversed(self._quotes):
            if u == unit:
                between = fold(self.text[e:start])
                own = fold(self.text[self._quotes[-1][1]:start]).rstrip(" (")
                if not self.lexicon.context_rules.filler.match(own.lstrip(" )")):  # "… dịch vụ (34,11%)": words of its own
                    between = between.rstrip(" (")
                return bool(self.lexicon.label_rules.part_marker.search(between)) and not re.search(r"\n|\.(?=\s)", between)
        return False

    def _own_words(self, before: str) -> str:
        """``before`` without its part marker, or ``""`` when only filler words are left."""
        rules = self.lexicon.label_rules
        own = rules.part_marker.sub(" ", fold(before))
        own = " ".join(own.split()).strip(" ,;:()")
        if not own or self.lexicon.context_rules.filler.match(own):
            return ""
        return " ".join(before.split()[-len(own.split()):]).strip(" ,;:()")

    def _quotes_index(self, label: str, start: int, unit: str) -> int:
        for index in range(len(self._quotes) - 1, -1, -1):
            if self._quotes[index][2] == unit and self.labels[index] == label:
                return index
        return -1

    def _previous_in_unit(self, start: int, unit: str) -> str:
        """The label of the previous quantity in ``unit`` in the same sentence, if any."""
        for index in range(len(self._quotes) - 1, -1, -1):
            s, e, u = self._quotes[index]
            if re.search(r"\n|\.(?=\s)", self.text[e:start]):
                return ""
            if u == unit and self.labels[index]:
                return self.labels[index]
        return ""

    def _add_to_series(self, index: int, head: str, noun: str, tail_end: int) -> None:
        predicate = self.lexicon.label_rules.predicate.search(fold(noun))
        item = _Item(index, head, noun, bool(predicate), tail_end)
        if predicate:
            shared = noun[predicate.start():]
            for earlier in self._series:
                if not earlier.has_predicate:
                    self.labels[earlier.index] = f"{self.labels[earlier.index]} {shared}"
                    earlier.has_predicate = True
        self._series.append(item)

"""The core concept a quantity's sentence implies when its own label names none.

A label is read from the words next to the number; some quantities have no words of their own and
take their meaning from the quantity before them in the same sentence:

- a continuation: only time, bound or restatement words lie between the two ("… bình quân đạt
  7,16%/năm, riêng năm 2019 đạt hơn 10%"; "tăng từ 919.000 tỷ đồng năm 2015 lên 1,49 triệu tỷ đồng";
  "700.000 lao động (bình quân 140.000 lao động/năm)") — the same concept, when it accepts the unit;
- a remainder ("giảm nghèo bình quân 4,75%/năm, năm 2020 còn 16,49%") — the level the reduced
  concept is the change of (``level_of``);
- a share ("… đạt 246.600 tỷ đồng, chiếm 36,0%/GRDP") — the earlier wording with the share word;
- a qualifier ("thu gom rác thải đô thị đạt 96%; khu vực nông thôn đạt 80%") — the earlier wording
  with the qualifier.

Failing those, the label's last comma part ("Về quy mô, GRDP thành phố"), the label with the quote
("Tổng vốn đầu tư xã hội" + "khoảng 35% GRDP") and the whole clause before the number are tried;
a concept the whole label rules out (its ``not`` patterns) is never taken.
The words are ``context`` in ``mappings/lexicons/core-indicators.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from nghiquyet.graph.extract.indicator_match import match_indicator
from nghiquyet.graph.extract.lexicon import Lexicons
from nghiquyet.graph.extract.quantity_indicator import clause_start
from nghiquyet.graph.text import fold

__all__ = ["ContextRules", "compile_context_rules", "file_by_context"]

_SENTENCE_END = re.compile(r"\n|\.(?=\s)")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class ContextRules:
    """The compiled ``context`` of ``core-indicators.yaml``."""

    filler: re.Pattern[str]  # matches a between-text made only of time, bound and restatement words
    remaining: re.Pattern[str]  # … of those plus one remaining word ("còn")
    share: re.Pattern[str]  # … of those plus one share word ("chiếm"); group 1 is the word
    qualifier: re.Pattern[str]  # a label that opens with a qualifier ("khu vực nông thôn")
    level_of: Mapping[str, str]  # change concept → the level it changes


def compile_context_rules(table: Mapping[str, Any]) -> ContextRules:
    """Compile ``core-indicators.yaml``'s ``context`` entry."""
    entry = table["context"]
    filler = rf"(?:\s|[,:()\-–]|\d+|(?<!\w)(?:{_alternation(entry['filler_words'])})(?!\w))*"
    return ContextRules(
        filler=re.compile(rf"{filler}$"),
        remaining=re.compile(rf"{filler}(?<!\w)(?:{_alternation(entry['remaining_words'])})\s*$"),
        share=re.compile(rf"{filler}(?<!\w)({_alternation(entry['share_words'])})\s*$"),
        qualifier=re.compile(rf"^(?:{_alternation(entry['qualifier_starts'])})(?!\w)"),
        level_of=dict(entry["level_of"]),
    )


def _accepts(lexicon: Lexicons, concept: str, unit: str) -> bool:
    return any(w.id == concept and unit in w.units for w in lexicon.core_wordings)


def _names_its_noun(row: dict[str, Any], text: str, rules: ContextRules) -> bool:
    """The label is a noun written right after the number ("75% số xã …"), not filler words."""
    label = fold(row["indicator"]).strip()
    if not label or rules.filler.match(label):
        return False
    after = fold(text[row["end"]:row["end"] + 60]).lstrip()
    return bool(after) and after.split()[0] == label.split()[0]


def _from_previous(row: dict[str, Any], previous: dict[str, Any], text: str, lexicon: Lexicons) -> str:
    rules: ContextRules = lexicon.context_rules
    unit, before = row["unit"], previous.get("indicator_id", "")
    between = fold(text[previous["end"]:row["start"]])
    if before and rules.filler.match(between) and _accepts(lexicon, before, unit) and not _names_its_noun(row, text, rules):
        return before
    if before and rules.remaining.match(between):
        level = rules.level_of.get(before, "")
        if level and _accepts(lexicon, level, unit):
            return level
    share = rules.share.match(between)
    if share and previous["indicator"]:
        found = match_indicator(f"{previous['indicator']} {share.group(1)}", unit, lexicon=lexicon)
        if found:
            return found
    label = fold(row["indicator"]).strip()
    if label and previous["indicator"] and rules.qualifier.match(label):
        found = match_indicator(f"{previous['indicator']} {row['indicator']}", unit, lexicon=lexicon)
        if found and found != before:
            return found
    return ""


def _excluded_by(label: str, concept: str, lexicon: Lexicons) -> bool:
    """``concept`` is one the quantity's whole label rules out (its ``not`` patterns)."""
    folded = fold(label)
    return any(w.id == concept and any(p.search(folded) for p in w.excluded) for w in lexicon.core_wordings)


def _from_own_words(row: dict[str, Any], text: str, floor: int, lexicon: Lexicons) -> str:
    label, unit = row["indicator"], row["unit"]
    left = clause_start(text, row["start"], floor)
    tries = [label.rsplit(",", 1)[1]] if "," in label else []
    tries += [f"{label} {row['quote']}", text[left:row["start"]]]
    for words in tries:
        found = match_indicator(words, unit, lexicon=lexicon)
        if found and not _excluded_by(label, found, lexicon):
            return found
    return ""


def file_by_context(rows: list[dict[str, Any]], text: str, lexicon: Lexicons) -> None:
    """Fill ``indicator_id`` of the ``rows`` (in text order, with offsets into ``text``) that have none."""
    for index, row in enumerate(rows):
        if row.get("indicator_id"):
            continue
        previous = rows[index - 1] if index else None
        floor = previous["end"] if previous and previous["end"] <= row["start"] else 0
        found = ""
        if previous and floor and not _SENTENCE_END.search(text, floor, row["start"]):
            found = _from_previous(row, previous, text, lexicon)
        row["indicator_id"] = found or _from_own_words(row, text, floor, lexicon)

"""Load the quantity lexicons (``mappings/lexicons/units.yaml``, ``quantity-cues.yaml``) as compiled regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from nghiquyet.graph.extract.quantity_time import TimePatterns, compile_time

__all__ = ["UnitRule", "LabelPatterns", "QuantityLexicon", "compile_quantity_lexicon", "lexicon", "words_pattern"]


@dataclass(frozen=True)
class UnitRule:
    """One unit entry: compiled pattern (anchored right after the number) and how to read it."""

    unit: str
    pattern: re.Pattern[str]
    factor: Decimal = Decimal(1)
    scalable: bool = False
    requires_before: tuple[str, ...] = ()
    per_10000: bool = False


@dataclass(frozen=True)
class LabelPatterns:
    """The ``indicator_label`` section compiled: how an indicator label is cut from the text."""

    intro: re.Pattern[str]  # the last lead-in of the window ends it
    split: re.Pattern[str]  # parts of the window
    lead: re.Pattern[str]  # trimmed from the start
    tail: re.Pattern[str]  # trimmed from the end
    after_stop: re.Pattern[str]  # a label read after the number ends here
    noun_bound_words: tuple[str, ...]


def _label_patterns(section: Mapping[str, Any], linking_words: Iterable[str]) -> LabelPatterns:
    joiners = "|".join(section["clause_joiners"])
    return LabelPatterns(
        intro=re.compile(r"(?:" + "|".join(section["intro_cues"]) + r")\s*:?\s*", re.I),
        split=re.compile(r";|,(?![^()]*\))|:(?=\s)|(?<!\w)(?:" + joiners + r")\s"),
        lead=re.compile(r"^(?:[\s\-–•*+]|\(\d+\)|\d+\.|" + "|".join(section["lead_words"]) + r")+", re.I),
        tail=re.compile(r"(?:\s|,|:|" + "|".join([*linking_words, *section["tail_words"]]) + r")+$", re.I),
        after_stop=re.compile(r"\s(?:" + "|".join(section["after_stops"]) + r")\s|\s\d"),
        noun_bound_words=tuple(section["noun_bound_words"]),
    )


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything the quantity extractor reads from ``units.yaml`` and ``quantity-cues.yaml``, compiled."""

    units: tuple[UnitRule, ...]
    fraction_units: tuple[UnitRule, ...]
    rank_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    zero_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    per_year: Mapping[str, str]
    per_year_suffix: re.Pattern[str]
    fallback_units: Mapping[str, str]
    comparators_before: tuple[tuple[str, str], ...]
    comparators_after: tuple[tuple[str, str], ...]
    from_word: str
    label: LabelPatterns
    cues: Mapping[str, re.Pattern[str]] = field(default_factory=lambda: MappingProxyType({}))
    single_year_openers: tuple[re.Pattern[str], ...] = ()
    time: TimePatterns | None = None
    scale_words: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    range_separator: re.Pattern[str] = re.compile(r"\s*(?:-|–|—)\s*")
    range_next: re.Pattern[str] = re.compile(r"(?!)")
    per_year_unit_ending: str = ""
    per_10000_marker: re.Pattern[str] = re.compile(r"(?!)")
    per_10000_tail: re.Pattern[str] = re.compile(r"(?!)")

    def scale_factor(self, word: str | None) -> Decimal:
        """The factor of a scale word (any case and spacing); 1 for none; ValueError if unknown."""
        if not word:
            return Decimal(1)
        factor = self.scale_words.get(" ".join(word.lower().split()))
        if factor is None:
            raise ValueError(f"unknown scale word: {word!r}")
        return factor


def words_pattern(words: Iterable[str], *, boundary: bool = True) -> re.Pattern[str]:
    """One case-insensitive alternation of ``words`` (regex fragments), longest first."""
    ordered = sorted(words, key=len, reverse=True)
    body = "|".join(f"(?:{w})" for w in ordered)
    if boundary:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    return re.compile(body, re.IGNORECASE)


def _phrase(words: Iterable[str]) -> str:
    """An alternation of literal ``words`` (spaces match any run of spaces), longest first."""
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


def _unit_rules(entries: Iterable[Mapping[str, Any]], scale: str) -> tuple[UnitRule, ...]:
    rules = []
    for entry in entries:
        for pattern in entry["patterns"]:
            prefix = rf"(?:(?P<scale>{scale})\s+)?" if entry.get("scalable") else ""
            rules.append(UnitRule(
                unit=entry["unit"],
                # on the number's line, and a whole word: "120 hội viên" and "3 hộp" are not "hộ"
                pattern=re.compile(rf"[^\S\n]*{prefix}(?P<unit>{pattern})(?![^\W\d_])", re.IGNORECASE),
                factor=Decimal(str(entry.get("factor", 1))),
                scalable=bool(entry.get("scalable")),
                requires_before=tuple(entry.get("requires_before", ())),
                per_10000=bool(entry.get("per_10000")),
            ))
    return tuple(rules)


def compile_quantity_lexicon(units: Mapping[str, Any], cues: Mapping[str, Any]) -> QuantityLexicon:
    """The compiled quantity lexicon of the ``units.yaml`` and ``quantity-cues.yaml`` tables."""
    comparators_before = [(c, w) for c, ws in cues["comparators_before"].items() for w in ws]
    comparators_before.sort(key=lambda item: len(item[1]), reverse=True)
    comparators_after = tuple((c, w) for c, ws in cues["comparators_after"].items() for w in ws)
    cue_patterns = {
        key: words_pattern(cues[key])
        for key in ("actual_cues", "target_cues", "per_year_cues", "change_words",
                    "growth_words", "level_words", "excluded_before", "excluded_after", "period_total_cues",
                    "period_total_subjects", "period_total_verbs", "estimate_cues", "level_subjects", "past_cues",
                    "chain_words", "comparison_words", "from_word_closers", "component_openers", "target_nouns", "report_titles")
    }
    cue_patterns["percentage_point_subjects"] = words_pattern(cues["percentage_point_subjects"], boundary=False)
    cue_patterns["permille_subjects"] = words_pattern(cues["permille_subjects"])
    cue_patterns["per_capita_cues"] = words_pattern(cues["per_capita_cues"], boundary=False)
    cue_patterns["per_year_openers"] = re.compile(
        r"\s*(?:[-–•*]\s*)?(?:" + "|".join(cues["per_year_openers"]) + r")(?!\w)", re.IGNORECASE)
    scale_words = MappingProxyType({" ".join(str(w).lower().split()): Decimal(str(v))
                                    for w, v in units["scale_words"].items()})
    scale = f"(?:{_phrase(scale_words)})"
    dash = "-|–|—|" + _phrase(cues["range_words"])
    return QuantityLexicon(
        units=_unit_rules(units["units"], scale),
        fraction_units=_unit_rules(units["fraction_units"], scale),
        rank_patterns=tuple((e["comparator"], re.compile(e["pattern"], re.IGNORECASE)) for e in units["rank_patterns"]),
        zero_patterns=tuple((e["unit"], re.compile(e["pattern"], re.IGNORECASE)) for e in units["zero_patterns"]),
        per_year=MappingProxyType(dict(units["per_year"])),
        per_year_suffix=re.compile(units["per_year_suffix"], re.IGNORECASE),
        fallback_units=MappingProxyType(dict(units["fallback_units"])),
        comparators_before=tuple(comparators_before),
        comparators_after=comparators_after,
        from_word=cues["from_word"],
        label=_label_patterns(cues["indicator_label"], cues["linking_words"]),
        cues=MappingProxyType(cue_patterns),
        single_year_openers=tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in cues["single_year_openers"]),
        time=compile_time(cues["time"]),
        scale_words=scale_words,
        per_year_unit_ending=units["per_year_unit_ending"],
        per_10000_marker=re.compile(units["per_10000_marker"], re.IGNORECASE),
        per_10000_tail=re.compile(units["per_10000_list"] + units["per_10000_marker"], re.IGNORECASE),
        range_separator=re.compile(rf"\s*(?:{dash})\s*"),
        range_next=re.compile(rf"[ \t]*(?:{dash})[ \t]*(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d])"),
    )


def lexicon() -> QuantityLexicon:
    """The compiled quantity lexicon of the packaged lexicons (extractors take ``lexicon=`` instead)."""
    from nghiquyet.graph.extract.lexicon import packaged_lexicons

    return packaged_lexicons().quantity

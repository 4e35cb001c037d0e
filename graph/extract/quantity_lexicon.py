"""Load the quantity lexicons (``mappings/lexicons/units.yaml``, ``quantity-cues.yaml``) as compiled regexes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LEXICON_DIR", "UnitRule", "QuantityLexicon", "lexicon", "words_pattern"]

LEXICON_DIR = Path(__file__).resolve().parents[2] / "mappings" / "lexicons"

_SCALE = r"(?:(?:nghìn|ngàn)\s+t[ỷỉ]|t[ỷỉ]|triệu|nghìn|ngàn|vạn)"


@dataclass(frozen=True)
class UnitRule:
    """One unit entry: compiled pattern (anchored right after the number) and how to read it."""

    unit: str
    pattern: re.Pattern[str]
    factor: Decimal = Decimal(1)
    scalable: bool = False
    requires_before: tuple[str, ...] = ()
    per_10000: bool = False


@dataclass
class QuantityLexicon:
    """Everything the quantity extractor reads from YAML."""

    units: list[UnitRule]
    fraction_units: list[UnitRule]
    rank_patterns: list[tuple[str, re.Pattern[str]]]
    zero_patterns: list[tuple[str, re.Pattern[str]]]
    per_year: dict[str, str]
    per_year_suffix: re.Pattern[str]
    fallback_units: dict[str, str]
    comparators_before: list[tuple[str, str]]
    comparators_after: list[tuple[str, str]]
    from_word: str
    linking_words: list[str]
    cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    year_period: re.Pattern[str] | None = None
    year_single: re.Pattern[str] | None = None
    single_year_openers: list[re.Pattern[str]] = field(default_factory=list)
    scale_pattern: str = _SCALE


def words_pattern(words: list[str], *, boundary: bool = True) -> re.Pattern[str]:
    """One case-insensitive alternation of ``words`` (regex fragments), longest first."""
    ordered = sorted(words, key=len, reverse=True)
    body = "|".join(f"(?:{w})" for w in ordered)
    if boundary:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    return re.compile(body, re.IGNORECASE)


def _load(name: str) -> dict[str, Any]:
    with open(LEXICON_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _unit_rules(entries: list[dict[str, Any]]) -> list[UnitRule]:
    rules = []
    for entry in entries:
        for pattern in entry["patterns"]:
            prefix = rf"(?:(?P<scale>{_SCALE})\s+)?" if entry.get("scalable") else ""
            rules.append(UnitRule(
                unit=entry["unit"],
                pattern=re.compile(rf"\s*{prefix}(?P<unit>{pattern})", re.IGNORECASE),
                factor=Decimal(str(entry.get("factor", 1))),
                scalable=bool(entry.get("scalable")),
                requires_before=tuple(entry.get("requires_before", ())),
                per_10000=bool(entry.get("per_10000")),
            ))
    return rules


@functools.lru_cache(maxsize=1)
def lexicon() -> QuantityLexicon:
    """The compiled lexicon (loaded once)."""
    units = _load("units.yaml")
    cues = _load("quantity-cues.yaml")
    comparators_before = [(c, w) for c, ws in cues["comparators_before"].items() for w in ws]
    comparators_before.sort(key=lambda item: len(item[1]), reverse=True)
    comparators_after = [(c, w) for c, ws in cues["comparators_after"].items() for w in ws]
    cue_patterns = {
        key: words_pattern(cues[key])
        for key in ("actual_cues", "target_cues", "review_heading_cues", "per_year_cues", "change_words",
                    "growth_words", "level_words", "excluded_before", "excluded_after", "period_total_cues")
    }
    cue_patterns["percentage_point_subjects"] = words_pattern(cues["percentage_point_subjects"], boundary=False)
    cue_patterns["permille_subjects"] = words_pattern(cues["permille_subjects"])
    years = cues["year_phrases"]
    return QuantityLexicon(
        units=_unit_rules(units["units"]),
        fraction_units=_unit_rules(units["fraction_units"]),
        rank_patterns=[(e["comparator"], re.compile(e["pattern"], re.IGNORECASE)) for e in units["rank_patterns"]],
        zero_patterns=[(e["unit"], re.compile(e["pattern"], re.IGNORECASE)) for e in units["zero_patterns"]],
        per_year=dict(units["per_year"]),
        per_year_suffix=re.compile(units["per_year_suffix"], re.IGNORECASE),
        fallback_units=dict(units["fallback_units"]),
        comparators_before=comparators_before,
        comparators_after=comparators_after,
        from_word=cues["from_word"],
        linking_words=list(cues["linking_words"]),
        cues=cue_patterns,
        year_period=re.compile(years["period"], re.IGNORECASE),
        year_single=re.compile(years["year"], re.IGNORECASE),
        single_year_openers=[re.compile(p, re.IGNORECASE | re.MULTILINE) for p in cues["single_year_openers"]],
    )

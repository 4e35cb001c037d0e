"""Why a target got its status, in Vietnamese and English (published as rdfs:comment @vi and @en).

:mod:`.progress` names the reason and its figures; this module words it. English keeps the plain
decimal notation of the graph; Vietnamese writes numbers the Vietnamese way (2.365; 3,91).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nghiquyet.graph.numbers import number

__all__ = ["REASONS", "LANGUAGES", "reason_texts"]

LANGUAGES = ("vi", "en")

#: reason key → {language: template}; the fields are numbers, periods and percentages.
REASONS: dict[str, dict[str, str]] = {
    "no-data": {"vi": "chưa có số liệu thực hiện sau năm gốc",
                "en": "no actual value after the baseline year"},
    "no-data-baseline": {"vi": "chưa có số liệu thực hiện sau năm gốc; giá trị gốc {baseline} ({baseline_period}) là {baseline_label}",
                         "en": "no actual value after the baseline year; the baseline {baseline} ({baseline_period}) is the {baseline_label}"},
    "reached": {"vi": "{latest} ({period}) đạt mức {bound}", "en": "{latest} ({period}) reaches {bound}"},
    "rate-met": {"vi": "{latest} mỗi năm tính đến nay ({period}) đạt mức {bound}",
                 "en": "{latest} per year so far ({period}) meets {bound}"},
    "deadline": {"vi": "{latest} ({period}) không đạt mức {bound} khi hết hạn",
                 "en": "{latest} ({period}) misses {bound} at the deadline"},
    "trajectory": {"vi": "{latest} ({period}) so với {expected} trên đường thẳng từ {baseline} ({baseline_period}) đến {bound} ({end})",
                   "en": "{latest} ({period}) against {expected} on the straight line from {baseline} ({baseline_period}) to {bound} ({end})"},
    "gap": {"vi": "{latest} ({period}) còn cách mức {bound} {gap}; không có quỹ đạo để so sánh",
            "en": "{latest} ({period}) is {gap} away from {bound}; no trajectory to compare with"},
    "per-year": {"vi": "{latest} mỗi năm ({period}) thấp hơn {gap} so với mức {bound} mỗi năm",
                 "en": "{latest} per year ({period}) is {gap} short of {bound} per year"},
    "per-year-needed": {"vi": "{latest} mỗi năm ({period}) thấp hơn {gap} so với mức {bound} mỗi năm; cần {expected} mỗi năm trong {years} năm còn lại",
                        "en": "{latest} per year ({period}) is {gap} short of {bound} per year; {expected} a year is needed over {years} remaining year(s)"},
}

#: The words for a combined baseline (graph/statistics/former.py).
COMBINED = {"vi": "tổng của các tỉnh cũ", "en": "sum of the former provinces"}


def _word(value: Any, lang: str, name: str) -> str:
    if name == "gap" and isinstance(value, Decimal):
        percent = f"{value:.0%}"
        return percent if lang == "en" else percent.replace(".", ",")
    if name == "expected" and isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))
    if name == "baseline_label":
        return COMBINED[lang]
    if isinstance(value, Decimal):
        return str(value) if lang == "en" else number(str(value), lang)
    return str(value)


def reason_texts(key: str, **values: Any) -> dict[str, str]:
    """``{"vi": …, "en": …}`` for the reason ``key`` with its figures."""
    return {lang: REASONS[key][lang].format(**{name: _word(v, lang, name) for name, v in values.items()})
            for lang in LANGUAGES}

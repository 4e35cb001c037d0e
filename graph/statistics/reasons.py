"""Why a target got its status, in Vietnamese and English (published as rdfs:comment @vi and @en).

:mod:`.progress` names the reason and its figures; this module words it. English keeps the plain
decimal notation of the graph; Vietnamese writes numbers the Vietnamese way (2.365; 3,91).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nghiquyet.graph.numbers import number

__all__ = ["STRINGS", "LANGUAGES", "reason_texts"]

LANGUAGES = ("vi", "en")

#: reason key → {language: template}; the fields are numbers, periods and percentages.
STRINGS: dict[str, tuple[str, str]] = {  # key -> (Vietnamese, English) reason templates
    'no-data': ('chưa có số liệu thực hiện sau năm gốc',
        'no actual value after the baseline year'),
    'no-data-baseline': ('chưa có số liệu thực hiện sau năm gốc; giá trị gốc {baseline} ({baseline_period}) là {baseline_label}',
        'no actual value after the baseline year; the baseline {baseline} ({baseline_period}) is the {baseline_label}'),
    'reached': ('{latest} ({period}) đạt mức {bound}',
        '{latest} ({period}) reaches {bound}'),
    'rate-met': ('{latest} mỗi năm tính đến nay ({period}) đạt mức {bound}',
        '{latest} per year so far ({period}) meets {bound}'),
    'deadline': ('{latest} ({period}) không đạt mức {bound} khi hết hạn',
        '{latest} ({period}) misses {bound} at the deadline'),
    'trajectory': ('{latest} ({period}) so với {expected} trên đường thẳng từ {baseline} ({baseline_period}) đến {bound} ({end})',
        '{latest} ({period}) against {expected} on the straight line from {baseline} ({baseline_period}) to {bound} ({end})'),
    'gap': ('{latest} ({period}) còn cách mức {bound} {gap}; không có quỹ đạo để so sánh',
        '{latest} ({period}) is {gap} away from {bound}; no trajectory to compare with'),
    'per-year': ('{latest} mỗi năm ({period}) thấp hơn {gap} so với mức {bound} mỗi năm',
        '{latest} per year ({period}) is {gap} short of {bound} per year'),
    'per-year-needed': ('{latest} mỗi năm ({period}) thấp hơn {gap} so với mức {bound} mỗi năm; cần {expected} mỗi năm trong {years} năm còn lại',
        '{latest} per year ({period}) is {gap} short of {bound} per year; {expected} a year is needed over {years} remaining year(s)'),
    # the words for a combined baseline (graph/statistics/former.py)
    'combined': ('tổng của các tỉnh cũ', 'sum of the former provinces'),
}


def _word(value: Any, lang: str, name: str) -> str:
    if name == "gap" and isinstance(value, Decimal):
        percent = f"{value:.0%}"
        return percent if lang == "en" else percent.replace(".", ",")
    if name == "expected" and isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))
    if name == "baseline_label":
        return STRINGS["combined"][LANGUAGES.index(lang)]
    if isinstance(value, Decimal):
        return str(value) if lang == "en" else number(str(value), lang)
    return str(value)


def reason_texts(key: str, **values: Any) -> dict[str, str]:
    """``{"vi": …, "en": …}`` for the reason ``key`` with its figures."""
    return {lang: STRINGS[key][LANGUAGES.index(lang)].format(**{name: _word(v, lang, name) for name, v in values.items()})
            for lang in LANGUAGES}

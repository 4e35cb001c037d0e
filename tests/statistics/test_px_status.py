"""Status words before a period in PC-Axis time labels come from the statistics lexicon."""

from __future__ import annotations

import pytest

from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.lexicon import load_lexicon
from nghiquyet.graph.statistics.px import _period


@pytest.mark.parametrize("label, expected", [
    ("Sơ bộ 2024", ("2024", "P")), ("SƠ BỘ 2024", ("2024", "P")), ("Ước tính 2025", ("2025", "E")),
    ("Dự báo: 2030", ("2030", "F")), ("2021-2023", ("2021-2023", "")), ("Chính thức 2022", ("2022", "")),
])
def test_period_status_words(label: str, expected: tuple[str, str]) -> None:
    assert _period(label, load_lexicon(Settings().mappings_dir)) == expected

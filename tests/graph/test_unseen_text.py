"""A text the extractor has never seen, from a province absent from the corpus, with no metadata.

The paragraph is written for this test (not taken from any source): it uses the bound words,
units and number formats of the genre in combinations the corpus does not have.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nghiquyet.graph.commands.extract import quantity_rows
from nghiquyet.graph.extract import extract_path

TEXT = Path(__file__).resolve().parent / "fixtures" / "unseen" / "made-up-province-resolution.txt"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return quantity_rows(extract_path(TEXT))


EXPECTED = [  # (quote, comparator, value, value_max, unit, kind)
    ("từ 8% trở lên", ">=", "8", "", "percent_per_year", "target"),
    ("trên 150 triệu đồng", ">", "150", "", "vnd_million", "target"),
    ("25 nghìn tỷ đồng", "=", "25", "", "vnd_thousand_billion", "target"),
    ("1,5%/năm", "=", "1.5", "", "percentage_points_per_year", "target"),
    ("không còn hộ nghèo", "=", "0", "", "count", "target"),
    ("khoảng 45%", "~", "45", "", "percent", "target"),
    ("xuống dưới 3%", "<", "3", "", "percent", "target"),
    ("tối thiểu 12 bác sĩ/vạn dân", ">=", "12", "", "per_10000_people", "target"),
    ("350.000 tỷ đồng", "=", "350000", "", "vnd_billion", "target"),
    ("50% - 52%", "range", "50", "52", "percent", "target"),
    ("2 tỷ USD", "=", "2000", "", "usd_million", "target"),
    ("ít nhất 80%", ">=", "80", "", "percent", "target"),
    ("7,2%", "=", "7.2", "", "percent", "actual"),
    ("85 triệu đồng", "=", "85", "", "vnd_million", "actual"),
]


def test_the_province_is_detected_without_metadata(rows: list[dict[str, str]]) -> None:
    assert {r["province"] for r in rows} == {"Quảng Trị"}


@pytest.mark.parametrize(("quote", "comparator", "value", "value_max", "unit", "kind"), EXPECTED)
def test_every_quantity_is_read(rows, quote, comparator, value, value_max, unit, kind) -> None:
    found = [r for r in rows if r["quote"] == quote]
    assert found, f"{quote!r} not extracted"
    row = found[0]
    assert (row["comparator"], row["value"], row["value_max"], row["unit"], row["kind"]) == \
        (comparator, value, value_max, unit, kind)
    assert row["indicator"], "every quantity names what it measures"


def test_nothing_else_is_extracted(rows) -> None:
    assert {r["quote"] for r in rows} <= {e[0] for e in EXPECTED} | {"5,5 triệu lượt khách du lịch"}

"""Quantity extraction against the gold standard (tests/fixtures/gold/targets.csv) and the devset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nghiquyet.graph.extract.indicators import canonical_indicator
from nghiquyet.graph.extract.province import detect_province
from nghiquyet.graph.extract.quantities import COLUMNS, extract_quantities
from nghiquyet.graph.extract.scoring import read_gold, score
from nghiquyet.graph.text import read_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "gold" / "targets.csv"
CORPUS = ROOT / "corpus"
DEVSET = Path(os.environ.get("NGHIQUYET_SHARED", ROOT.parent / "shared")) / "devset"


@pytest.fixture(scope="module")
def predicted() -> list[dict]:
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = read_text(path)
        found = extract_quantities(text, doc=path.name, province=detect_province(text) or "")
        for row in found:
            assert text[row["start"]:row["end"]] == row["quote"]
            assert set(COLUMNS) <= set(row)
        rows += found
    return rows


def test_gold_lenient(predicted: list[dict]) -> None:
    total, per_doc = score(predicted, read_gold(GOLD))
    strict, _ = score(predicted, read_gold(GOLD), strict=True)
    print(f"\ngold lenient: {total.line()}\ngold strict:  {strict.line()}")
    for doc, result in per_doc.items():
        print(f"  {doc}: {result.line()}")
    assert total.recall >= 0.95 and total.precision >= 0.95


def test_gold_strict_reported(predicted: list[dict]) -> None:
    strict, _ = score(predicted, read_gold(GOLD), strict=True)
    print(f"\ngold strict: {strict.line()}")
    assert strict.f1 >= 0.85


def test_provinces_of_corpus() -> None:
    found = {path.name[:3]: detect_province(read_text(path)) for path in sorted(CORPUS.glob("*.txt"))}
    assert found["000"] == "Lai Châu" and found["002"] == "Lạng Sơn" and found["004"] == "Lạng Sơn"


def test_indicator_variants_share_a_key() -> None:
    assert canonical_indicator("Độ che phủ rừng")[0] == canonical_indicator("Tỷ lệ che phủ của rừng")[0]
    assert canonical_indicator("Tăng trưởng kinh tế (GRDP)")[0] == canonical_indicator("Tốc độ tăng trưởng GRDP")[0]


@pytest.mark.parametrize("text, kind, year, annual", [
    ("Năm 2024, phấn đấu tỷ lệ che phủ rừng đạt 50%.", "plan", "2024", "no"),
    ("Nhiệm kỳ 2025-2030, phấn đấu tăng trưởng kinh tế bình quân 9%/năm.", "target", "2026-2030", "yes"),
    ("Nhiệm kỳ 2025-2030: đến năm 2030 tỷ lệ đô thị hóa đạt 40%.", "target", "2030", "no"),
    ("Nhiệm kỳ 2020-2025. 5 năm qua, tốc độ tăng trưởng kinh tế bình quân đạt 7%/năm.", "actual", "2016-2020", "yes"),
])
def test_kind_year_annual(text: str, kind: str, year: str, annual: str) -> None:
    rows = extract_quantities(text)
    assert [(r["kind"], r["year"], r["annual"]) for r in rows] == [(kind, year, annual)]


@pytest.mark.skipif(not (DEVSET / "gold.csv").exists(), reason=f"needs the devset at {DEVSET} (../shared is not part of the repository)")
def test_devset_generalisation() -> None:
    predicted = []
    for path in sorted(DEVSET.glob("*.txt")):
        predicted += extract_quantities(read_text(path), doc=path.name)
    total, _ = score(predicted, read_gold(DEVSET / "gold.csv"))
    strict, _ = score(predicted, read_gold(DEVSET / "gold.csv"), strict=True)
    print(f"\ndevset lenient: {total.line()}\ndevset strict:  {strict.line()}")
    assert total.f1 >= 0.85

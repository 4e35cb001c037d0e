"""Every quantity gets the core concept that fits, or none: the failure classes of issue 12, on
sentences written for the test (the wordings of any province), and the figures on the gold sets."""

from __future__ import annotations

import pytest

from nghiquyet.graph.extract.indicator_match import match_indicator
from nghiquyet.graph.extract.province import detect_province
from nghiquyet.graph.extract.quantities import extract_quantities
from nghiquyet.graph.extract.scoring import read_gold, score
from nghiquyet.graph.text import read_text
from tests.repo_paths import PROJECT_ROOT, SHARED


def _filed(text: str) -> list[tuple[str, str, str]]:
    return [(r["quote"], r["indicator"], r["indicator_id"]) for r in extract_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("Đến năm 2030 đạt 12 bác sỹ/1vạn dân.", [("12 bác sỹ/1vạn dân", "doctors-per-10k")]),
    ("Phấn đấu đạt 10,5 bác sĩ và 30 giường bệnh trên 1 vạn dân.",
     [("10,5 bác sĩ và 30 giường bệnh trên 1 vạn dân", "doctors-per-10k"), ("30 giường bệnh trên 1 vạn dân", "hospital-beds-per-10k")]),
    ("Năm 2025 tốc độ tăng trưởng đàn gia súc 4,2%; tốc độ tăng trưởng kinh tế 7%.",
     [("4,2%", "livestock-herd-growth"), ("7%", "grdp-growth")]),
    ("Đến năm 2025, 60% xã đạt chuẩn nông thôn mới, không còn xã dưới 15 tiêu chí, 03 huyện nông thôn mới.",
     [("60%", "new-rural-communes-share"), ("không còn xã dưới 15 tiêu chí", ""), ("03 huyện", "new-rural-districts")]),
    ("Năm 2024 có thêm 07 xã đạt chuẩn nông thôn mới.", [("07 xã", "new-rural-communes-added")]),
    ("Đến năm 2025, có 120/150 xã đạt chuẩn nông thôn mới, 30 xã đạt chuẩn nông thôn mới nâng cao, 10 xã đạt nông thôn mới kiểu mẫu.",
     [("120/150 xã", "new-rural-communes"), ("30 xã", "advanced-new-rural-communes"), ("10 xã", "model-new-rural-communes")]),
    ("Cơ cấu kinh tế: Nông, lâm nghiệp, thủy sản 15%; Công nghiệp, xây dựng 40%; Dịch vụ 38%; thuế sản phẩm trừ trợ cấp sản phẩm 7%.",
     [("15%", "economic-structure-agriculture"), ("40%", "economic-structure-industry-construction"),
      ("38%", "economic-structure-services"), ("7%", "economic-structure-product-taxes")]),
    ("Dịch vụ tăng 9%/năm.", [("9%/năm", "services-value-added-growth")]),
    ("85% hộ gia đình, 70% thôn, bản, khu phố, 95% cơ quan, đơn vị, doanh nghiệp đạt tiêu chuẩn văn hóa.",
     [("85%", "cultural-family-rate"), ("70%", "cultural-village-rate"), ("95%", "cultural-agency-rate")]),
    ("Thu ngân sách trên địa bàn năm 2020 đạt 3.500 tỷ đồng, tăng 2 lần so với năm 2015.",
     [("3.500 tỷ đồng", "state-budget-revenue"), ("2 lần", "state-budget-revenue-growth")]),
    ("Tỷ lệ huy động học sinh trong độ tuổi đến trường: Mẫu giáo đạt 97%, Tiểu học đạt 99%.",
     [("97%", "enrolment-rate-preschool"), ("99%", "enrolment-rate-primary")]),
    ("Hoàn thành lưới điện truyền tải 220 KV và 110 KV; tổng công suất các dự án điện trên 1.000 MW.",
     [("220 KV", ""), ("110 KV", ""), ("trên 1.000 MW", "")]),
])
def test_failure_classes(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q, i) for q, _, i in _filed(text)] == expected


def test_labels_do_not_shift_when_the_noun_follows_the_number() -> None:
    rows = _filed("Mở rộng vùng cây ăn quả, trồng mới 3.000 ha cây mắc ca, 4.500 ha cây quế, 1.200 ha cây ăn quả; phát triển chăn nuôi.")
    assert [label for _, label, _ in rows] == ["Trồng mới cây mắc ca", "Trồng mới cây quế", "Trồng mới cây ăn quả"]
    assert {i for _, _, i in rows} == {""}
    shared = _filed("Trên 85% đảng bộ trực thuộc, 92% trở lên tổ chức cơ sở đảng, 92% trở lên đảng viên hoàn thành tốt nhiệm vụ.")
    assert [label for _, label, _ in shared] == ["Đảng bộ trực thuộc hoàn thành tốt nhiệm vụ",
                                                 "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", "Đảng viên hoàn thành tốt nhiệm vụ"]
    assert [i for _, _, i in shared] == ["", "party-base-organisations-good-rating", "party-members-good-rating"]


def test_the_unit_tells_a_level_from_its_change_and_a_count_from_a_share() -> None:
    assert match_indicator("GRDP bình quân đầu người", "vnd_million") == "grdp-per-capita"
    assert match_indicator("GRDP bình quân đầu người so với năm 2015", "times") == "grdp-per-capita-growth"
    assert match_indicator("Tỷ lệ hộ nghèo giảm", "percentage_points_per_year") == "poverty-rate-reduction"
    assert match_indicator("Giảm tỷ lệ hộ nghèo", "percent") == "poverty-rate"
    assert match_indicator("Số trường học đạt chuẩn quốc gia", "school") == "national-standard-schools"
    assert match_indicator("Tỷ lệ trường chuẩn quốc gia", "percent") == "national-standard-schools-share"
    assert match_indicator("Diện tích cây chè", "hectare") == ""


# --- the gold sets (../shared) -------------------------------------------------------------------

SETS = {
    "seeds": (PROJECT_ROOT / "corpus", SHARED / "gold" / "targets.csv", 0.95),
    "devset": (SHARED / "devset", SHARED / "devset" / "gold.csv", 0.90),
    "devset2": (SHARED / "devset2", SHARED / "devset2" / "gold.csv", 0.90),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_indicator_f1_on_the_gold_sets(name: str) -> None:
    texts, gold_path, floor = SETS[name]
    if not gold_path.exists():
        pytest.skip(f"needs {gold_path} (../shared is not part of the repository)")
    predicted = []
    for path in sorted(texts.glob("*.txt")):
        text = read_text(path)
        predicted += extract_quantities(text, doc=path.name, province=detect_province(text) or "")
    gold = read_gold(gold_path)
    indicator, _ = score(predicted, gold, metric="indicator")
    lenient, _ = score(predicted, gold)
    print(f"\n{name}: lenient {lenient.line()}\n{name}: indicator {indicator.line()}")
    assert indicator.f1 >= floor
    assert indicator.f1 <= lenient.f1

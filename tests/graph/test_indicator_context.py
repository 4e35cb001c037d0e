"""A quantity with no wording of its own takes the concept its sentence implies (graph/extract/indicator_context.py),
and a part with words of its own is never its whole: sentences written for the test, in the wordings
of any province."""

from __future__ import annotations

import pytest

from nghiquyet.graph.extract.quantities import extract_quantities


def _filed(text: str) -> list[tuple[str, str]]:
    return [(r["quote"], r["indicator_id"]) for r in extract_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    # continuation: only time, bound and restatement words between the two values
    ("Giai đoạn 2016 - 2020, nền kinh tế của tỉnh duy trì mức tăng trưởng khá, bình quân đạt 6,8%/năm, riêng năm 2019 đạt hơn 9%.",
     [("6,8%/năm", "grdp-growth"), ("hơn 9%", "grdp-growth")]),
    ("Quy mô GRDP của tỉnh tăng từ 42.000 tỷ đồng năm 2015 lên 61.500 tỷ đồng năm 2020.",
     [("42.000 tỷ đồng", "grdp"), ("61.500 tỷ đồng", "grdp")]),
    ("Trong 5 năm giải quyết việc làm cho 90.000 lao động (bình quân 18.000 lao động/năm), tỷ lệ thất nghiệp khu vực thành thị dưới 3%.",
     [("90.000 lao động", "jobs-created"), ("18.000 lao động/năm", "jobs-created"), ("dưới 3%", "urban-unemployment-rate")]),
    ("Kinh tế số chiếm khoảng 20% trong GRDP đến năm 2025, 30% đến năm 2030.",
     [("khoảng 20%", "digital-economy-share"), ("30%", "digital-economy-share")]),
    # remainder: the level of the reduced concept
    ("Công tác giảm nghèo đạt kết quả tốt, tỷ lệ hộ nghèo giảm bình quân 3,2%/năm, đến cuối năm 2020 còn 8,5%.",
     [("3,2%/năm", "poverty-rate-reduction"), ("8,5%", "poverty-rate")]),
    # share: the earlier wording with the share word
    ("Tổng vốn đầu tư toàn xã hội 5 năm đạt 120.000 tỷ đồng, chiếm 33%/GRDP.",
     [("120.000 tỷ đồng", "total-social-investment"), ("33%/GRDP", "total-social-investment-to-grdp")]),
    # qualifier: the earlier wording narrowed
    ("Tỷ lệ thu gom chất thải rắn sinh hoạt đô thị đạt 95%; khu vực nông thôn đạt 70%.",
     [("95%", "urban-solid-waste-collection-rate"), ("70%", "rural-solid-waste-collection-rate")]),
    # a part with words of its own narrows its whole; one with only a year restates it
    ("Tỷ lệ hộ nghèo giảm 2,5%, riêng các huyện nghèo giảm 4,5%.",
     [("2,5%", "poverty-rate-reduction"), ("4,5%", "poverty-rate-reduction-poor-areas")]),
    ("Kim ngạch xuất nhập khẩu qua các cửa khẩu đạt 5.000 triệu USD, trong đó xuất khẩu 2.900 triệu USD.",
     [("5.000 triệu USD", "border-gate-trade-value"), ("2.900 triệu USD", "")]),
    ("Thu ngân sách trên địa bàn giai đoạn 2021 - 2025 đạt 30.000 tỷ đồng; trong đó, năm 2025 đạt 7.000 tỷ đồng.",
     [("30.000 tỷ đồng", "state-budget-revenue"), ("7.000 tỷ đồng", "state-budget-revenue")]),
    # a bracketed value after its own wording is that wording's, not the previous one's
    ("Cơ cấu kinh tế chuyển dịch đúng hướng, giảm tỷ trọng nông nghiệp (30,1%), tăng tỷ trọng công nghiệp - xây dựng (25,4%) và dịch vụ (38,2%).",
     [("30,1%", "economic-structure-agriculture"), ("25,4%", "economic-structure-industry-construction"),
      ("38,2%", "economic-structure-services")]),
    # the last comma part of a label, and the whole clause when the label lost its head
    ("Về quy mô, GRDP của tỉnh năm 2026 đạt trên 95.000 tỷ đồng.", [("trên 95.000 tỷ đồng", "grdp")]),
    ("Tỷ lệ đảng viên là cán bộ lãnh đạo, quản lý các cấp hoàn thành tốt nhiệm vụ trở lên hằng năm đạt 92%.",
     [("92%", "party-leader-members-good-rating")]),
])
def test_the_sentence_gives_the_concept(text: str, expected: list[tuple[str, str]]) -> None:
    assert _filed(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a value followed by its own noun keeps its own meaning, whatever came before
    ("Tỷ lệ đảng viên kết nạp mới tối thiểu 3%/năm; trên 85% tổ chức đảng hoàn thành tốt nhiệm vụ.",
     [("tối thiểu 3%/năm", "party-admission-rate"), ("trên 85%", "")]),
    # a concept the whole label rules out is never taken from a part of it
    ("Trên 90% chất thải rắn sinh hoạt đô thị được thu gom, 70% số xã, phường, thị trấn tại các huyện được thu gom, xử lý rác thải.",
     [("Trên 90%", "urban-solid-waste-collection-rate"), ("70%", "")]),
    # a different measure after a share word is not the earlier one
    ("Diện tích cây chè đạt 9.000 ha, trồng mới 1.500 ha.", [("9.000 ha", ""), ("1.500 ha", "")]),
])
def test_own_words_are_not_overridden(text: str, expected: list[tuple[str, str]]) -> None:
    assert _filed(text) == expected


def test_a_label_ending_in_a_preposition_takes_the_counted_noun() -> None:
    rows = extract_quantities("Năm 2026 giải quyết việc làm cho 12.000 lao động; đào tạo nghề cho 9.500 lao động.")
    assert [(r["indicator"], r["indicator_id"]) for r in rows] == [
        ("Giải quyết việc làm cho lao động", "jobs-created"), ("Đào tạo nghề cho lao động", "workers-trained")]

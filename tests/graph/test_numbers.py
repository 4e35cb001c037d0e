"""Vietnamese number parsing, comparators, units and clutter (focused unit tests)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nghiquyet.graph.extract.clutter import clutter_spans, content_mask
from nghiquyet.graph.extract.numbers import parse_number, parse_range, plain, scaled
from nghiquyet.graph.extract.quantities import extract_quantities


@pytest.mark.parametrize("token, expected", [
    ("3.000", "3000"), ("11,55", "11.55"), ("02", "2"), ("4.400.000", "4400000"), ("0,4", "0.4"),
    ("166", "166"), ("7,0", "7"), ("1.000.000", "1000000"),
])
def test_parse_number(token: str, expected: str) -> None:
    assert plain(parse_number(token)) == expected


@pytest.mark.parametrize("token, low, high", [
    ("9-10", "9", "10"), ("7 – 7,5", "7", "7.5"), ("1.500 đến 1.600", "1500", "1600"), ("12", "12", ""),
])
def test_parse_range(token: str, low: str, high: str) -> None:
    a, b = parse_range(token)
    assert (plain(a), plain(b)) == (low, high)


@pytest.mark.parametrize("value, word, expected", [
    ("225,5", "nghìn", "225500"), ("4,4", "triệu", "4400000"), ("17", "tỷ", "17000000000"),
    ("1", "nghìn tỷ", "1000000000000"),
])
def test_scale_words(value: str, word: str, expected: str) -> None:
    assert plain(scaled(parse_number(value), word)) == expected


def _one(text: str) -> dict:
    rows = extract_quantities(text)
    assert len(rows) == 1, rows
    assert text[rows[0]["start"]:rows[0]["end"]] == rows[0]["quote"]
    return rows[0]


@pytest.mark.parametrize("phrase, comparator, value, value_max", [
    ("tỷ lệ hộ nghèo dưới 2%", "<", "2", ""),
    ("tỷ lệ che phủ rừng đạt trên 60%", ">", "60", ""),
    ("tỷ lệ bao phủ đạt khoảng 95%", "~", "95", ""),
    ("tỷ lệ lao động qua đào tạo gần 70%", "~", "70", ""),
    ("thu hút hơn 2.000 lao động", ">", "2000", ""),
    ("kết nạp từ 500 đảng viên trở lên", ">=", "500", ""),
    ("tỷ lệ gia đình văn hóa đạt 85% trở lên", ">=", "85", ""),
    ("thu ngân sách ít nhất 9.000 tỷ đồng", ">=", "9000", ""),
    ("tỷ trọng kinh tế số tối thiểu 25% GRDP", ">=", "25", ""),
    ("tỷ lệ thất nghiệp ≤ 3%", "<=", "3", ""),
    ("tỷ lệ hộ nghèo < 1,5%", "<", "1.5", ""),
    ("tăng trưởng GRDP đạt 8 – 8,5%", "range", "8", "8.5"),
    ("quy mô khoảng 10 - 12 ha", "range", "10", "12"),
    ("doanh thu từ 75-80 triệu đồng", "range", "75", "80"),
])
def test_comparators(phrase: str, comparator: str, value: str, value_max: str) -> None:
    row = _one(f"Đến năm 2030, {phrase}.")
    assert (row["comparator"], row["value"], row["value_max"]) == (comparator, value, value_max)


@pytest.mark.parametrize("phrase, unit, value", [
    ("thu ngân sách đạt 5.000 tỷ đồng", "vnd_billion", "5000"),
    ("thu ngân sách đạt 5.000 tỉ đồng", "vnd_billion", "5000"),
    ("tổng vốn đầu tư 120 nghìn tỷ đồng", "vnd_thousand_billion", "120"),
    ("thu nhập bình quân 90 triệu đồng/người", "vnd_million", "90"),
    ("kim ngạch xuất khẩu 2,5 tỷ USD", "usd_million", "2500"),
    ("kim ngạch xuất khẩu 800 triệu USD", "usd_million", "800"),
    ("GRDP bình quân đầu người 5.000 USD", "usd", "5000"),
    ("sản lượng lương thực 300 nghìn tấn", "tonne", "300000"),
    ("đón 3,2 triệu lượt khách", "visit", "3200000"),
    ("có 120 xã đạt chuẩn nông thôn mới", "commune", "120"),
    ("có 25 bác sĩ/vạn dân", "per_10000_people", "25"),
    ("tổng công suất 500 MW", "megawatt", "500"),
    ("trồng rừng mới 3.000 ha/năm", "hectare_per_year", "3000"),
    ("giải quyết việc làm cho 20.000 lao động/năm", "person_per_year", "20000"),
    ("tăng trưởng kinh tế bình quân 9%/năm", "percent_per_year", "9"),
    ("tỷ lệ hộ nghèo giảm bình quân 2%/năm", "percentage_points_per_year", "2"),
    ("mức giảm tỷ suất sinh 0,2‰/năm", "permille_per_year", "0.2"),
    ("thu ngân sách tăng 2 lần", "times", "2"),
    ("không còn hộ nghèo", "count", "0"),
    ("thuộc nhóm 15 tỉnh dẫn đầu cả nước", "rank", "15"),
])
def test_units(phrase: str, unit: str, value: str) -> None:
    row = _one(f"Phấn đấu đến năm 2030, {phrase}.")
    assert (row["unit"], row["value"]) == (unit, value)


@pytest.mark.parametrize("sentence", [
    "Đại hội lần thứ 15 diễn ra trong 3 ngày.",
    "Thực hiện Nghị quyết số 18-NQ/TU ngày 20/4/2023 của Tỉnh ủy.",
    "Đại hội đề ra 22 chỉ tiêu chủ yếu, 6 nhiệm vụ trọng tâm và 3 khâu đột phá.",
    "Chăm sóc trẻ em dưới 5 tuổi; nâng cấp Quốc lộ 4B đoạn Km3 đến Km18.",
    "Bầu Ban Chấp hành gồm 53 đồng chí, 18 đại biểu chính thức.",
    "Hoàn thành giai đoạn 2 dự án; xây dựng đô thị loại II.",
])
def test_non_quantities(sentence: str) -> None:
    assert extract_quantities(sentence) == []


def test_clutter_counter_and_share_lines() -> None:
    text = "A- A A+ | Chia sẻ bài viết lên facebook\nBài viết.\nThống kê truy cập\nHôm nay : 7.165\nTổng số : 82.941.213"
    spans = clutter_spans(text)
    covered = "".join(text[a:b] for a, b in spans)
    assert "7.165" in covered and "Chia sẻ" in covered and "Bài viết." not in covered
    assert extract_quantities(text) == []


def test_clutter_related_news_after_comments() -> None:
    body = "Nghị quyết.\n" * 5 + "Tỷ lệ che phủ rừng đạt 60%.\n"
    teaser = "Bình luận\n\nViết bình luận\n\nHuyện X được giao chỉ tiêu trồng 325ha rừng.\n"
    text = body + teaser
    mask = content_mask(text)
    assert mask[-1][1] <= len(body) + 1
    assert [r["value"] for r in extract_quantities(text)] == ["60"]


def test_teaser_list_between_dashes() -> None:
    text = "\n-\nGiảm 30% tổng mức chi\n-\nTin khác ngắn\nBài viết: tỷ lệ lao động qua đào tạo đạt 70%.\n"
    assert [r["value"] for r in extract_quantities(text)] == ["70"]

"""Kind (target / plan / actual), year or period and the per-year flag, read from the document's time frame.

Every text here is written for the test (none is taken from a source); each case is one failure
class seen on texts of other provinces: the vision year of a master plan, a new term's targets dated
to the past term, past-term results read as targets, term totals dated as one year, "trong đó năm
2025", annual resolutions, per-year averages. The last tests read the real build of corpus/.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nghiquyet.graph.extract.quantities import extract_quantities
from nghiquyet.graph.extract.quantity_context import document_frame
from nghiquyet.graph.settings import Settings

MASTER_PLAN = ("Quy hoạch tỉnh Hưng Yên thời kỳ 2021 – 2030, tầm nhìn đến năm 2050 được phê duyệt.\n"
               "Tầm nhìn đến năm 2050, tỉnh phấn đấu tỷ lệ đô thị hóa đạt khoảng 55%; thu nhập bình quân đầu người "
               "đạt 180 triệu đồng. Tốc độ tăng trưởng GRDP bình quân đạt 9%/năm.\n")
NEW_TERM = ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025 – 2030.\n"
            "Đánh giá nhiệm kỳ 2020 – 2025: trong nhiệm kỳ 2020 – 2025 tăng trưởng kinh tế bình quân đạt 6,5%/năm.\n"
            "Mục tiêu đến năm 2030: tỷ lệ che phủ rừng đạt 62%; tăng trưởng kinh tế bình quân 8%/năm.\n")
RESULTS = ("Đại hội Đảng bộ tỉnh nhiệm kỳ 2020 – 2025.\n"
           "Giai đoạn 2016 – 2020, tốc độ tăng trưởng kinh tế bình quân đạt 7,2%/năm; thu ngân sách năm 2020 "
           "ước đạt 2.100 tỷ đồng, gấp 1,8 lần năm 2015.\n"
           "Giai đoạn 2021 – 2025 phấn đấu tăng trưởng kinh tế 8%/năm; thu nhập bình quân đầu người đạt 70 triệu "
           "đồng.\n")
TOTALS = ("Nghị quyết Đại hội nhiệm kỳ 2020 – 2025.\n"
          "Trong nhiệm kỳ, trồng mới 5.000 ha rừng. Tổng thu ngân sách 5 năm đạt 20.000 tỷ đồng, trong đó năm 2025 "
          "đạt 5.000 tỷ đồng. Tăng trưởng kinh tế bình quân 8%/năm, trong đó năm 2025 tăng 9%.\n")
ANNUAL = ("NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội năm 2027\n"
          "Điều 1. Đánh giá tình hình thực hiện năm 2026\n"
          "Năm 2026, tổng sản phẩm trên địa bàn tăng 7,1% so với năm 2025.\n"
          "Điều 2. Các chỉ tiêu chủ yếu năm 2027\n"
          "Tốc độ tăng trưởng GRDP ước đạt 8%; thu ngân sách trên địa bàn đạt 3.000 tỷ đồng; "
          "GRDP bình quân đầu người khoảng 95 triệu đồng.\n")
PER_YEAR = ("Kế hoạch 5 năm 2021 – 2025 của tỉnh.\n"
            "Tốc độ tăng năng suất lao động bình quân hằng năm khoảng 6%. Hằng năm tạo việc làm cho 20.000 lao động. "
            "Giảm tỷ lệ hộ nghèo bình quân 2%/năm. Tổng vốn đầu tư toàn xã hội giai đoạn 2021 – 2025 đạt 90.000 tỷ "
            "đồng.\n")
CITY_TERM = ("Đại hội đại biểu Đảng bộ thành phố lần thứ XVII, nhiệm kỳ 2025 - 2030\n"
             "Báo cáo chính trị đánh giá nhiệm kỳ 2020 - 2025, GRDP tăng bình quân 6,1%/năm, thu ngân sách đạt 60.000 "
             "tỷ đồng trong cả nhiệm kỳ. Nhiệm kỳ 2025 - 2030, thành phố phấn đấu tăng trưởng GRDP bình quân từ 10%/năm "
             "trở lên; đến năm 2030, tỷ lệ đô thị hóa đạt 70%; tổng vốn đầu tư toàn xã hội cả giai đoạn đạt 500 nghìn "
             "tỷ đồng.\n")
VISION = ("Quy hoạch tỉnh thời kỳ 2021-2030, tầm nhìn đến năm 2050.\n"
          "Tỷ lệ đô thị hóa đến năm 2030 đạt 50%, tầm nhìn đến năm 2050 đạt 70%.\n")
MID_TERM = ("Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020 - 2025\n"
            "Năm 2023, tăng trưởng kinh tế ước đạt 7,5%; 6 tháng đầu năm 2024, GRDP tăng 6,2%.\n"
            "Phấn đấu đến năm 2025 tỷ lệ hộ nghèo dưới 2%.\n")
RESULTS_NEWS = ("Kinh tế tỉnh năm 2023 tăng trưởng khá\n"
                "Năm 2023, tốc độ tăng trưởng kinh tế của tỉnh ước đạt 7,8%; thu ngân sách nhà nước trên địa bàn đạt "
                "6.500 tỷ đồng.\n")
COUNCIL = ("HỘI ĐỒNG NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH X | Độc lập - Tự do - Hạnh phúc |\n"
           "Số: 12/NQ-HĐND | ngày 10 tháng 12 năm 2023 |\nNGHỊ QUYẾT\n"
           "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
           "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;\n"
           "Xét Tờ trình của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của các Ban Hội đồng nhân dân tỉnh.\n"
           "VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2024\nQUYẾT NGHỊ:\n"
           "Điều 1. Mục tiêu, chỉ tiêu chủ yếu\n"
           "Tốc độ tăng trưởng GRDP đạt 7%; thu ngân sách đạt 800 tỷ đồng; đến năm 2025 tỷ lệ che phủ rừng đạt 73%.\n")
TERM_REVIEW = ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025\n"
               "Sau 5 năm thực hiện Nghị quyết Đại hội lần thứ XVI, tỉnh đã đạt nhiều kết quả. Hoàn thành 15/18 chỉ "
               "tiêu chủ yếu; thu nhập bình quân đầu người đạt 48 triệu đồng.\n"
               "Phấn đấu đến năm 2025, thu nhập bình quân đầu người đạt 70 triệu đồng.\n")
REPORT = ("Tổng kết nhiệm kỳ 2015 - 2020: kinh tế tỉnh tăng trưởng khá\n"
          "Trong nhiệm kỳ 2015 - 2020, tốc độ tăng trưởng kinh tế bình quân đạt 7,5%/năm. Năm 2019, thu ngân sách đạt "
          "5.200 tỷ đồng; đến năm 2020, tỷ lệ hộ nghèo còn 4,2%.\n")

CASES = [  # (text, quote, kind, year, annual)
    (MASTER_PLAN, "khoảng 55%", "target", "2030", "no"),
    (MASTER_PLAN, "180 triệu đồng", "target", "2030", "no"),
    (MASTER_PLAN, "9%/năm", "target", "2021-2030", "yes"),
    (NEW_TERM, "6,5%/năm", "actual", "2021-2025", "yes"),
    (NEW_TERM, "62%", "target", "2030", "no"),
    (NEW_TERM, "8%/năm", "target", "2026-2030", "yes"),
    (RESULTS, "7,2%/năm", "actual", "2016-2020", "yes"),
    (RESULTS, "2.100 tỷ đồng", "actual", "2020", "no"),
    (RESULTS, "1,8 lần", "actual", "2020", "no"),
    (RESULTS, "8%/năm", "target", "2021-2025", "yes"),
    (RESULTS, "70 triệu đồng", "target", "2025", "no"),
    (TOTALS, "5.000 ha", "target", "2021-2025", "no"),
    (TOTALS, "20.000 tỷ đồng", "target", "2021-2025", "no"),
    (TOTALS, "5.000 tỷ đồng", "target", "2025", "no"),
    (TOTALS, "8%/năm", "target", "2021-2025", "yes"),
    (TOTALS, "9%", "target", "2025", "no"),
    (ANNUAL, "7,1%", "actual", "2026", "no"),
    (ANNUAL, "8%", "plan", "2027", "no"),
    (ANNUAL, "3.000 tỷ đồng", "plan", "2027", "no"),
    (ANNUAL, "khoảng 95 triệu đồng", "plan", "2027", "no"),
    (PER_YEAR, "khoảng 6%", "target", "2021-2025", "yes"),
    (PER_YEAR, "20.000 lao động", "target", "2021-2025", "yes"),
    (PER_YEAR, "2%/năm", "target", "2021-2025", "yes"),
    (PER_YEAR, "90.000 tỷ đồng", "target", "2021-2025", "no"),
    (CITY_TERM, "6,1%/năm", "actual", "2021-2025", "yes"),
    (CITY_TERM, "60.000 tỷ đồng", "actual", "2021-2025", "no"),
    (CITY_TERM, "từ 10%/năm trở lên", "target", "2026-2030", "yes"),
    (CITY_TERM, "70%", "target", "2030", "no"),
    (CITY_TERM, "500 nghìn tỷ đồng", "target", "2026-2030", "no"),
    (VISION, "50%", "target", "2030", "no"),
    (VISION, "70%", "target", "2050", "no"),
    (MID_TERM, "7,5%", "actual", "2023", "no"),
    (MID_TERM, "6,2%", "actual", "2024", "no"),
    (MID_TERM, "dưới 2%", "target", "2025", "no"),
    (RESULTS_NEWS, "7,8%", "actual", "2023", "no"),
    (RESULTS_NEWS, "6.500 tỷ đồng", "actual", "2023", "no"),
    (COUNCIL, "7%", "plan", "2024", "no"),
    (COUNCIL, "800 tỷ đồng", "plan", "2024", "no"),
    (COUNCIL, "73%", "target", "2025", "no"),
    (TERM_REVIEW, "15/18 chỉ tiêu", "actual", "2016-2020", "no"),
    (TERM_REVIEW, "48 triệu đồng", "actual", "2020", "no"),
    (TERM_REVIEW, "70 triệu đồng", "target", "2025", "no"),
    (REPORT, "7,5%/năm", "actual", "2016-2020", "yes"),
    (REPORT, "5.200 tỷ đồng", "actual", "2019", "no"),
    (REPORT, "4,2%", "actual", "2020", "no"),
]


@pytest.mark.parametrize(("text", "quote", "kind", "year", "annual"), CASES,
                         ids=[f"{c[1]}-{c[2]}-{c[3]}" for c in CASES])
def test_kind_year_and_per_year_flag(text: str, quote: str, kind: str, year: str, annual: str) -> None:
    rows = [r for r in extract_quantities(text) if r["quote"] == quote]
    assert len(rows) == 1, [r["quote"] for r in extract_quantities(text)]
    assert (rows[0]["kind"], rows[0]["year"], rows[0]["annual"]) == (kind, year, annual)


def test_the_vision_year_of_a_master_plan_dates_nothing_but_its_own_clause() -> None:
    rows = extract_quantities(MASTER_PLAN)
    assert rows and all("2050" not in r["year"] for r in rows)


@pytest.mark.parametrize(("text", "term", "plan_year", "present"), [
    (MASTER_PLAN, (2021, 2030), None, 2020),
    (NEW_TERM, (2025, 2030), None, 2025),
    (RESULTS, (2020, 2025), None, 2020),
    (MID_TERM, (2020, 2025), None, 2020),
    (REPORT, (2015, 2020), None, 2020),
    (ANNUAL, None, 2027, 2026),
    ("Kế hoạch 5 năm 2006 - 2010: sản lượng lương thực đạt 26 vạn tấn.", (2006, 2010), None, 2005),
])
def test_document_frame(text: str, term, plan_year, present) -> None:
    frame = document_frame(text)
    assert (frame.term, frame.plan_year, frame.present) == (term, plan_year, present)


@pytest.mark.parametrize(("text", "quote", "comparator"), [
    ("Năm 2027, thu ngân sách tăng từ 10%.", "từ 10%", ">="),
    ("Quy mô kinh tế tăng từ 900 tỷ đồng năm 2015 lên 1.400 tỷ đồng năm 2020.", "900 tỷ đồng", "="),
    ("Đến năm 2025, cơ bản không còn hộ nghèo.", "cơ bản không còn hộ nghèo", "~"),
])
def test_comparators_of_from_and_basically(text: str, quote: str, comparator: str) -> None:
    rows = [r for r in extract_quantities(text) if r["quote"] == quote]
    assert [r["comparator"] for r in rows] == [comparator]


def test_a_number_ending_a_line_takes_no_unit_from_the_next() -> None:
    text = "VỀ NHIỆM VỤ NĂM 2027\nHỘI ĐỒNG NHÂN DÂN TỈNH\nThu ngân sách đạt 3.000 tỷ đồng."
    assert [r["quote"] for r in extract_quantities(text)] == ["3.000 tỷ đồng"]


def _select(settings: Settings, query: str) -> list:
    store = ox.Store.read_only(str(settings.store_dir))
    return list(store.query("PREFIX nq: <https://w3id.org/nghiquyet/ontology#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + query))


def test_build_past_term_growth_is_an_actual_over_2016_2020(built_settings: Settings) -> None:
    rows = _select(built_settings, """SELECT ?q WHERE { GRAPH ?g {
        ?q a nq:ActualValue ; nq:value 11.55 ; nq:perYear true ; nq:periodStart ?a ; nq:periodEnd ?b .
        FILTER(STR(?a) = "2016" && STR(?b) = "2020") } }""")
    assert len(rows) == 1


def test_build_2024_plan_values_are_plan_values_for_2024(built_settings: Settings) -> None:
    rows = _select(built_settings, """SELECT ?type (COUNT(?q) AS ?n) WHERE { GRAPH ?g {
        ?q a ?type ; nq:year ?y . FILTER(STR(?y) = "2024")
        FILTER(?type IN (nq:Target, nq:PlanValue, nq:ActualValue)) } } GROUP BY ?type""")
    counts = {str(r["type"].value).rsplit("#", 1)[1]: int(r["n"].value) for r in rows}
    assert counts.get("PlanValue", 0) >= 17 and "Target" not in counts and "ActualValue" not in counts


def test_build_no_target_is_dated_before_its_term(built_settings: Settings) -> None:
    rows = _select(built_settings, """SELECT ?q ?y WHERE { GRAPH ?g {
        ?q a nq:Target . { ?q nq:year ?y } UNION { ?q nq:periodEnd ?y } FILTER(xsd:integer(STR(?y)) <= 2020) } }""")
    assert rows == []

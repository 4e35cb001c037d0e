"""Documents of other kinds, written for these tests (not taken from any source): a city's Party
directive, a People's Council resolution with its articles, an official ALL-CAPS header block,
conference conclusions, and the unit and province pitfalls of real pages."""

from __future__ import annotations

import pytest

from nghiquyet.graph.corpus import DocumentMeta
from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.assignments import extract_assignments
from nghiquyet.graph.extract.programmes import extract_programmes
from nghiquyet.graph.extract.province import detect_province
from nghiquyet.graph.extract.quantities import extract_quantities
from nghiquyet.graph.extract.structure import parse_sections
from nghiquyet.graph.text import normalise

CITY = normalise(
    "Thành ủy Đà Nẵng triển khai 6 chương trình công tác toàn khóa\n"
    "Ngày 5/11, Thành ủy Đà Nẵng ban hành Kế hoạch số 12-KH/TU về xây dựng các chương trình công tác, "
    "nhiệm kỳ 2025 - 2030.\n"
    "Thường trực Thành ủy Đà Nẵng giao Văn phòng Thành ủy, Văn phòng UBND TP Đà Nẵng phối hợp theo dõi, "
    "đôn đốc việc xây dựng các chương trình.\n"
    "Các cơ quan thường trực của các ban chỉ đạo gồm có: Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng "
    "(Chương trình 01); Sở Tài chính Đà Nẵng (Chương trình 02); Sở Du lịch Đà Nẵng (Chương trình 03).\n"
    "Giao Ban Thường vụ Thành ủy chỉ đạo hoàn thiện các chương trình; giao Đảng ủy UBND thành phố chủ trì, "
    "phối hợp với Ủy ban MTTQ Việt Nam thành phố triển khai thực hiện.\n"
)


def _assignments(text: str, province_slug: str) -> set[tuple[str, str, str]]:
    sections = parse_sections(text)
    found = extract_assignments(text, sections, extract_programmes(text, sections), province_slug)
    return {(a["body"], a["role"], a.get("delegated_by", "")) for a in found["assignments"]}


def test_a_citys_bodies_and_their_roles() -> None:
    assert detect_province(CITY) == "Đà Nẵng"
    found = _assignments(CITY, "da-nang")
    by = "body/da-nang/thuong-truc-thanh-uy"
    assert ("body/da-nang/van-phong-thanh-uy", "monitor", by) in found
    assert ("body/da-nang/van-phong-ubnd-thanh-pho", "monitor", by) in found
    assert {b for b, role, _ in found if role == "lead"} == {
        "body/da-nang/ban-tuyen-giao-va-dan-van-thanh-uy", "body/da-nang/so-tai-chinh", "body/da-nang/so-du-lich",
        "body/da-nang/dang-uy-ubnd-thanh-pho"}
    assert ("body/da-nang/ban-thuong-vu-thanh-uy", "delegate", "body/da-nang/thanh-uy") in found
    assert ("body/da-nang/uy-ban-mttq-viet-nam-thanh-pho", "coordinate", "") in found
    assert all(b.startswith("body/da-nang/") for b, _, _ in found)


def test_city_bodies_are_named_as_a_city_names_them() -> None:
    records = extract_document(DocumentMeta(id="city", path=__import__("pathlib").Path("city.txt"),
                                            province="Đà Nẵng", content=CITY))
    labels = {b["id"]: b for b in records["bodies"]}
    assert labels["body/da-nang/thanh-uy"]["label_vi"] == "Thành ủy"
    assert labels["body/da-nang/thanh-uy"]["label_en"] == "City Party Executive Committee"
    assert labels["body/da-nang/ban-thuong-vu-thanh-uy"]["parent"] == "body/da-nang/thanh-uy"
    assert not any(b.startswith("body/vn/") for b in labels)


def test_a_provincial_body_without_a_province_is_an_error() -> None:
    text = normalise("Giao Ủy ban nhân dân tỉnh chủ trì, phối hợp với các sở triển khai thực hiện Nghị quyết này.")
    with pytest.raises(DocumentError, match="province is not known"):
        extract_document(DocumentMeta(id="x", path=__import__("pathlib").Path("x.txt"), content=text))


@pytest.mark.parametrize("text, province", [
    ("ỦY BAN NHÂN DÂN TỈNH HÀ NAM\nSố: 12/KH-UBND\nKế hoạch thực hiện nhiệm vụ năm 2026", "Hà Nam"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH HOÀ BÌNH\nNghị quyết về nhiệm vụ năm 2024 của tỉnh hoà bình", "Hòa Bình"),
    ("TỈNH ỦY ĐĂK LĂK\nKết luận của Ban Chấp hành Đảng bộ tỉnh Đăk Lăk", "Đắk Lắk"),
    ("Người dân mong hoà bình, ấm no; hòa bình là khát vọng của dân tộc.", None),
])
def test_province_detection_ignores_case_and_tone_marks(text: str, province: str | None) -> None:
    assert detect_province(normalise(text)) == province


@pytest.mark.parametrize("text", [
    "Hội Nông dân tỉnh có 120 hội viên mới.",
    "Trao tặng 3 hộp sữa cho mỗi cháu.",
    "Thông qua ngày 10/12/2025\nHỘI ĐỒNG NHÂN DÂN TỈNH",
])
def test_units_are_whole_words_on_the_numbers_line(text: str) -> None:
    assert [r["unit"] for r in extract_quantities(normalise(text), province="Hà Nam")] == []


def test_households_still_count() -> None:
    rows = extract_quantities(normalise("Phấn đấu đến năm 2030 giảm 1.200 hộ nghèo."), province="Hà Nam")
    assert [(r["value"], r["unit"]) for r in rows] == [("1200", "count")]


RESOLUTION = normalise(
    "HỘI ĐỒNG NHÂN DÂN TỈNH HÀ NAM\n"
    "NGHỊ QUYẾT\n"
    "Về nhiệm vụ phát triển kinh tế - xã hội năm 2026\n"
    "QUYẾT NGHỊ:\n"
    "Điều 1. Đánh giá tình hình thực hiện nhiệm vụ năm 2025\n"
    "Năm 2025, tốc độ tăng trưởng kinh tế ước đạt 7,1%.\n"
    "Điều 2. Mục tiêu, chỉ tiêu chủ yếu năm 2026\n"
    "1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 8% trở lên.\n"
    "2. Thu nhập bình quân đầu người đạt 95 triệu đồng.\n"
    "Điều 3. Tổ chức thực hiện\n"
    "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n"
)


def test_articles_of_a_peoples_council_resolution_are_sections() -> None:
    sections = parse_sections(RESOLUTION)
    assert [(s.number, s.path) for s in sections] == [
        ("Điều 1", "dieu-1"), ("Điều 2", "dieu-2"), ("1", "dieu-2-1"), ("2", "dieu-2-2"), ("Điều 3", "dieu-3")]
    assert sections[0].role == "review" and sections[1].role == "targets"


def test_numbered_targets_keep_article_and_item_numbers() -> None:
    rows = extract_quantities(RESOLUTION, province="Hà Nam")
    assert [(r["section"], r["value"], r["kind"]) for r in rows] == [
        ("Điều 1", "7.1", "actual"), ("Điều 2 / 1", "8", rows[1]["kind"]), ("Điều 2 / 2", "95", rows[2]["kind"])]
    assert rows[1]["kind"] != "actual"


def test_resolution_parts_and_assignment() -> None:
    records = extract_document(DocumentMeta(id="nq", path=__import__("pathlib").Path("nq.txt"), content=RESOLUTION))
    assert records["province"]["label_vi"] == "Hà Nam"
    assert {q["in_part"] for q in records["quantities"]} == {"doc/nq/part/dieu-1", "doc/nq/part/dieu-2-1",
                                                            "doc/nq/part/dieu-2-2"}
    assert [(a["body"], a["role"]) for a in records["assignments"]] == [("body/ha-nam/ubnd-tinh", "lead")]


def test_a_citys_congress_is_of_its_city_party_organisation() -> None:
    meta = DocumentMeta(id="dn", path=__import__("pathlib").Path("dn.txt"), province="Đà Nẵng", content=CITY,
                        document_type="CongressResolution", extra={"congress": {"ordinal": 1, "term": [2025, 2030]}})
    records = extract_document(meta)
    organisation = records["party_organisation"]
    assert organisation["id"] == "body/da-nang/dang-bo-thanh-pho"
    assert organisation["label_vi"] == "Đảng bộ thành phố Đà Nẵng"
    assert organisation["label_en"] == "Da Nang City Party Organisation"
    assert records["congress"]["label_vi"] == "Đại hội đại biểu Đảng bộ thành phố Đà Nẵng lần thứ I"
    province = extract_document(DocumentMeta(id="nq", path=meta.path, content=RESOLUTION,
                                             extra={"congress": {"ordinal": 20}}))
    assert province["party_organisation"]["id"] == "body/ha-nam/dang-bo-tinh"

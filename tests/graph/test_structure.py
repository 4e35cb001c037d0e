"""Document structure: headings, nesting, paths and roles, on the corpus and on made-up texts."""

from __future__ import annotations

import pytest

from nghiquyet.graph.extract.structure import Section, parse_sections, role_of, section_at
from repo_paths import PROJECT_ROOT
from nghiquyet.graph.text import normalise, read_text

CORPUS = PROJECT_ROOT / "corpus"


def _sections(name: str) -> tuple[str, list[Section]]:
    path = next(CORPUS.glob(f"{name}_*.txt"))
    text = read_text(path)
    return text, parse_sections(text)


def _by_path(sections: list[Section]) -> dict[str, Section]:
    return {s.path: s for s in sections}


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_invariants(name: str) -> None:
    text, sections = _sections(name)
    paths = [s.path for s in sections]
    assert len(paths) == len(set(paths)), "paths are unique in a document"
    for section in sections:
        assert section.path.isascii() and section.path == section.path.lower()
        assert section.start < section.heading_end <= section.end <= len(text)
        assert section.heading and section.heading in text[section.start:section.heading_end]
        if section.parent:
            assert section.level == section.parent.level + 1
            assert section.parent.start <= section.start and section.end <= section.parent.end


def test_lai_chau_resolution_tree() -> None:
    text, sections = _sections("000")
    paths = _by_path(sections)
    assert [s.number for s in sections if s.level == 1] == ["I", "II", "III", "IV", "V", "VI"]
    assert paths["2-3"].role == "targets" and paths["2-3"].number == "2.3"
    assert paths["2-3"].heading == "Các chỉ tiêu chủ yếu đến năm 2025"
    groups = [s for s in sections if s.role == "indicator-group"]
    assert [s.number for s in groups] == [f"({n})" for n in range(1, 12)]
    assert all(s.path == f"2-3-{n}" for n, s in enumerate(groups, start=1))
    assert paths["2-3-1"].heading.startswith("Tốc độ tăng trưởng GRDP")
    assert paths["1"].role == "review"
    assert paths["2-5"].role == "key-tasks" and paths["2-6"].role == "key-solutions"
    assert paths["2-4"].role is None  # umbrella heading naming two roles
    roles = {s.role: s for s in sections if s.parent and s.parent.path == "2-4"}
    assert set(roles) == {"key-programmes", "breakthroughs"}
    assert len([s for s in sections if s.parent is roles["breakthroughs"]]) == 4
    assert len([s for s in sections if s.parent is paths["2-5"]]) == 10


def test_lang_son_action_programme_tree() -> None:
    text, sections = _sections("004")
    paths = _by_path(sections)
    programmes = [s for s in sections if s.role == "programme"]
    assert [s.number for s in programmes] == [f"Chương trình {n}" for n in range(1, 6)]
    assert [s.path for s in programmes] == [f"ct-{n}" for n in range(1, 6)]
    assert programmes[0].heading.startswith("Tiếp tục tập trung phát triển nhanh kinh tế cửa khẩu")
    for n in range(1, 6):  # numbered "1.1.", "1." or "2." in the source, always under the programme
        assert paths[f"ct-{n}-muc-tieu"].role == "objectives"
        assert paths[f"ct-{n}-nhiem-vu"].role == "tasks"
        assert paths[f"ct-{n}-nhiem-vu"].parent is paths[f"ct-{n}"]
    assert paths["ct-1-muc-tieu"].number == "1.1" and paths["ct-1-nhiem-vu"].number == "1"
    breakthroughs = [s for s in sections if s.role == "breakthroughs"]
    assert len(breakthroughs) == 1 and breakthroughs[0].parent is paths["i"]
    assert len([s for s in sections if s.parent is breakthroughs[0]]) == 3
    assert paths["ii"].role == "implementation"
    assert paths["ii-2-2"].heading.startswith("Tham mưu, giúp")  # "2.2Tham mưu" glued to its number
    assert paths["i"].heading == "CÁC CHƯƠNG TRÌNH CỤ THỂ"  # "I.CÁC" glued


def test_lang_son_resolution_repeated_numeral() -> None:
    text, sections = _sections("002")
    paths = _by_path(sections)
    assert paths["i-i"].number == "I" and paths["i-i"].role == "review"
    assert paths["1"].parent is paths["i"]
    assert paths["1-4"].role == "targets"
    assert len([s for s in sections if s.role == "indicator-group"]) == 20
    quote = "18/20 chỉ tiêu"
    assert section_at(sections, text.index(quote)).number == "I"


@pytest.mark.parametrize("name", ["001", "003"])
def test_articles_without_headings(name: str) -> None:
    _, sections = _sections(name)
    assert sections == []


SYNTHETIC = normalise(
    "NGHỊ QUYẾT\n"
    "A. PHẦN THỨ NHẤT\n"
    "I- ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NHIỆM KỲ QUA\n"
    "Kinh tế tăng trưởng khá.\n"
    "II- MỤC TIÊU, NHIỆM VỤ\n"
    "1. Các chỉ tiêu chủ yếu\n"
    "a) Tốc độ tăng trưởng đạt 8%.\n"
    "b) Thu ngân sách đạt 5.000 tỷ đồng.\n"
    "2. Chương trình 1: Phát triển du lịch\n"
    "Mục tiêu cụ thể:\n"
    "- Đón 2 triệu lượt khách.\n"
    "Nhiệm vụ, giải pháp:\n"
    "- Xây dựng sản phẩm du lịch.\n"
    "3. Chương trình 2: Chuyển đổi số\n"
    "2.1 Mục tiêu cụ thể\n"
    "- 80% hồ sơ trực tuyến.\n"
    "Tỉnh ủy xác định các nhiệm vụ trọng tâm sau:\n"
    "Một là, cải cách hành chính.\n"
    "Hai là, phát triển hạ tầng.\n"
    "III- TỔ CHỨC THỰC HIỆN\n"
    "Giao Ủy ban nhân dân tỉnh chủ trì.\n"
)


def test_synthetic_document() -> None:
    sections = parse_sections(SYNTHETIC)
    paths = _by_path(sections)
    assert paths["a"].level == 1 and paths["i"].parent is paths["a"]
    assert paths["i"].role == "review"
    assert paths["1"].role == "targets" and paths["1"].parent is paths["ii"]
    groups = [s for s in sections if s.role == "indicator-group"]
    assert [s.number for s in groups] == ["a)", "b)"]
    assert [s.path for s in sections if s.role == "programme"] == ["ct-1", "ct-2"]
    assert paths["ct-1-muc-tieu"].number == "" and paths["ct-1-nhiem-vu"].role == "tasks"
    assert paths["ct-2-muc-tieu"].number == "2.1"
    key = next(s for s in sections if s.role == "key-tasks")
    assert [s.number for s in sections if s.parent is key] == ["Một là", "Hai là"]
    assert paths["iii"].role == "implementation"
    offset = SYNTHETIC.index("Đón 2 triệu")
    assert section_at(sections, offset) is paths["ct-1-muc-tieu"]
    assert section_at(sections, 0) is None


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Các chỉ tiêu chủ yếu đến năm 2025", "targets"),
        ("NHỮNG GIẢI PHÁP TRỌNG TÂM", "key-solutions"),
        ("Nhiệm vụ đột phá", "breakthroughs"),
        ("Về kiểm điểm kết quả 5 năm", "review"),
        ("Mục tiêu tổng quát", None),
        ("Chương trình trọng điểm, nhiệm vụ đột phá", None),
        ("Thông qua Báo cáo kiểm điểm sự lãnh đạo", None),
        ("Tổ chức thực hiện", "implementation"),
    ],
)
def test_role_cues(heading: str, role: str | None) -> None:
    assert role_of(heading) == role


def test_lead_in_line_role() -> None:
    line = "Để thực hiện, các cấp uỷ tập trung lãnh đạo ba khâu đột phá sau:"
    assert role_of(line.rstrip(":"), line) == "breakthroughs"
    verb = "Ban Chấp hành xây dựng chương trình để tổ chức thực hiện như sau:"
    assert role_of(verb.rstrip(":"), verb) is None

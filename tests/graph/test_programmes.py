"""Programmes, objectives and tasks, asserted by content on the corpus and on a made-up text."""

from __future__ import annotations

import pytest

from nghiquyet.graph.extract.programmes import extract_programmes
from nghiquyet.graph.extract.structure import parse_sections
from repo_paths import PROJECT_ROOT
from nghiquyet.graph.text import normalise, read_text


def _extract(name: str) -> tuple[str, dict]:
    text = read_text(next((PROJECT_ROOT / "corpus").glob(f"{name}_*.txt")))
    return text, extract_programmes(text, parse_sections(text))


@pytest.fixture(scope="module")
def lang_son() -> tuple[str, dict]:
    return _extract("004")


@pytest.fixture(scope="module")
def lai_chau() -> tuple[str, dict]:
    return _extract("000")


@pytest.mark.parametrize("name", ["000", "002", "004"])
def test_spans_quote_the_text(name: str) -> None:
    text, found = _extract(name)
    for key in ("programmes", "objectives", "tasks"):
        for record in found[key]:
            source = record["source"]
            assert text[source["start"]:source["end"]] == source["quote"] and source["quote"].strip()
            assert not record["id"].startswith("doc/")


@pytest.mark.parametrize(
    ("number", "title_start", "objectives", "tasks"),
    [
        ("1", "Tiếp tục tập trung phát triển nhanh kinh tế cửa khẩu", 2, 4),
        ("2", "Đẩy mạnh thực hiện tái cơ cấu ngành nông nghiệp", 5, 7),
        ("3", "Tập trung phát triển ngành du lịch", 3, 5),
        ("4", "Phát triển hạ tầng kinh tế – xã hội", 3, 7),
        ("5", "Tăng cường xây dựng, chỉnh đốn Đảng", 4, 5),
    ],
)
def test_lang_son_work_programmes(lang_son, number: str, title_start: str, objectives: int, tasks: int) -> None:
    _, found = lang_son
    programme = next(p for p in found["programmes"] if p["id"] == f"programme/{number}")
    assert programme["kind"] == "WorkProgramme" and programme["number"] == number
    assert programme["title"].startswith(title_start)
    assert len(programme["objectives"]) == objectives and len(programme["tasks"]) == tasks
    own = [o for o in found["objectives"] if o["programme"] == programme["id"]]
    assert [o["id"] for o in own] == programme["objectives"]
    assert all(not o["text"].startswith(("-", "–")) for o in own)


def test_lang_son_objectives_and_tasks_by_content(lang_son) -> None:
    _, found = lang_son
    objectives = {o["id"]: o["text"] for o in found["objectives"]}
    assert objectives["objective/1-1"].startswith("Đến năm 2025, tổng kim ngạch xuất nhập khẩu")
    assert objectives["objective/5-1"] == "Kết nạp đảng viên mới hằng năm là 2.000 đảng viên."
    tasks = {t["id"]: t for t in found["tasks"]}
    assert tasks["task/p4-5"]["text"].startswith("Phối hợp với Bộ Nông nghiệp và Phát triển nông thôn")
    assert tasks["task/p1-4"]["text"].startswith("Duy trì hiệu quả cơ chế")  # a paragraph without its dash
    assert tasks["task/p4-5"]["programme"] == "programme/4" and tasks["task/p4-5"]["kind"] == "Task"


def test_lang_son_breakthroughs(lang_son) -> None:
    _, found = lang_son
    breakthroughs = [t for t in found["tasks"] if t["kind"] == "BreakthroughTask"]
    assert [t["id"] for t in breakthroughs] == ["task/breakthrough-1", "task/breakthrough-2", "task/breakthrough-3"]
    assert breakthroughs[0]["text"].startswith("Tạo bước chuyển biến mạnh mẽ về công tác xây dựng, chỉnh đốn Đảng")
    assert breakthroughs[2]["text"].startswith("Tập trung hoàn thiện hệ thống kết cấu hạ tầng")


def test_lai_chau_key_programmes(lai_chau) -> None:
    _, found = lai_chau
    programmes = found["programmes"]
    assert [p["kind"] for p in programmes] == ["KeyProgramme"] * 4
    assert [p["title"] for p in programmes] == [
        "Chương trình phát triển nông nghiệp hàng hóa tập trung",
        "Chương trình phát triển rừng bền vững",
        "Chương trình bảo tồn, phát huy bản sắc văn hóa truyền thống tốt đẹp của các dân tộc gắn với phát triển du lịch",
        "Chương trình nâng cao chất lượng đội ngũ cán bộ lãnh đạo, quản lý người dân tộc thiểu số và cán bộ chủ chốt cấp xã",
    ]


@pytest.mark.parametrize(
    ("kind", "prefix", "count", "first", "last"),
    [
        ("BreakthroughTask", "breakthrough", 4, "Xây dựng kết cấu hạ tầng đồng bộ", "Phát triển nông nghiệp hàng hóa tập trung"),
        ("KeyTask", "key", 10, "Đẩy mạnh phát triển nông nghiệp hàng hóa", "Xây dựng Đảng bộ trong sạch, vững mạnh"),
        ("KeySolution", "solution", 6, "Các cấp ủy, tổ chức đảng kịp thời", "Tiếp tục đổi mới phương thức lãnh đạo"),
    ],
)
def test_lai_chau_tasks(lai_chau, kind: str, prefix: str, count: int, first: str, last: str) -> None:
    _, found = lai_chau
    tasks = [t for t in found["tasks"] if t["kind"] == kind]
    assert [t["id"] for t in tasks] == [f"task/{prefix}-{n}" for n in range(1, count + 1)]
    assert tasks[0]["text"].startswith(first) and tasks[-1]["text"].startswith(last)


def test_articles_have_no_programmes() -> None:
    for name in ("001", "003"):
        assert _extract(name)[1] == {"programmes": [], "objectives": [], "tasks": []}


def test_made_up_action_programme() -> None:
    text = normalise(
        "I. CÁC CHƯƠNG TRÌNH\n"
        "1. Chương trình 1: Phát triển kinh tế biển\n"
        "a) Mục tiêu cụ thể\n"
        "- Đến năm 2030, có 3 cảng biển.\n"
        "+ Thu hút 2 triệu lượt khách.\n"
        "b) Nhiệm vụ, giải pháp\n"
        "- Quy hoạch vùng biển.\n"
        "2. Chương trình 2: Chuyển đổi số\n"
        "Mục tiêu cụ thể:\n"
        "- 90% hồ sơ trực tuyến.\n"
        "II. CÁC KHÂU ĐỘT PHÁ\n"
        "Một là, hoàn thiện thể chế.\n"
        "Hai là, phát triển hạ tầng.\n"
    )
    found = extract_programmes(text, parse_sections(text))
    assert [(p["id"], p["title"]) for p in found["programmes"]] == [
        ("programme/1", "Phát triển kinh tế biển"), ("programme/2", "Chuyển đổi số")]
    assert [o["text"] for o in found["objectives"]] == [
        "Đến năm 2030, có 3 cảng biển.", "Thu hút 2 triệu lượt khách.", "90% hồ sơ trực tuyến."]
    assert [t["id"] for t in found["tasks"]] == ["task/p1-1", "task/breakthrough-1", "task/breakthrough-2"]
    assert found["tasks"][1]["text"] == "hoàn thiện thể chế."

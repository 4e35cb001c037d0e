"""Assignments: lead, coordinate, monitor, delegate and requested partners, by body, role and target."""

from __future__ import annotations

import pytest

from nghiquyet.graph.extract.assignments import extract_assignments
from nghiquyet.graph.extract.programmes import extract_programmes
from nghiquyet.graph.extract.structure import parse_sections
from repo_paths import PROJECT_ROOT
from nghiquyet.graph.text import normalise, read_text


def _run(text: str, province: str) -> dict:
    sections = parse_sections(text)
    return extract_assignments(text, sections, extract_programmes(text, sections), province)


def _corpus(name: str, province: str) -> tuple[str, dict]:
    text = read_text(next((PROJECT_ROOT / "corpus").glob(f"{name}_*.txt")))
    return text, _run(text, province)


def _triples(found: dict) -> set[tuple[str, str, str]]:
    return {(a["body"].rsplit("/", 1)[-1], a["role"], a["assigned_to"]) for a in found["assignments"]}


@pytest.fixture(scope="module")
def lang_son() -> tuple[str, dict]:
    return _corpus("004", "lang-son")


def test_every_assignment_is_well_formed(lang_son) -> None:
    text, found = lang_son
    ids = [a["id"] for a in found["assignments"]]
    assert len(ids) == len(set(ids))
    bodies = {b["id"] for b in found["bodies"]}
    for record in found["assignments"]:
        assert record["role"] in {"lead", "coordinate", "monitor", "delegate", "requested_partner"}
        assert record["body"] in bodies
        source = record["source"]
        assert text[source["start"]:source["end"]] == source["quote"]
        assert record.get("assigned_to_document", False) == (record["assigned_to"] == "")


@pytest.mark.parametrize("number", ["1", "2", "3", "4"])
def test_peoples_committee_delegation_leads_programmes_1_to_4(lang_son, number: str) -> None:
    triples = _triples(lang_son[1])
    assert ("ban-can-su-dang-ubnd-tinh", "lead", f"programme/{number}") in triples
    assert ("cac-ban-dang-tinh-uy", "coordinate", f"programme/{number}") in triples


def test_organisation_board_leads_programme_5(lang_son) -> None:
    triples = _triples(lang_son[1])
    assert ("ban-to-chuc-tinh-uy", "lead", "programme/5") in triples
    coordinating = {b for b, role, target in triples if role == "coordinate" and target == "programme/5"}
    assert coordinating == {"ban-can-su-dang-ubnd-tinh", "ban-tuyen-giao-tinh-uy", "ban-dan-van-tinh-uy",
                            "ban-noi-chinh-tinh-uy", "uy-ban-kiem-tra-tinh-uy"}


def test_office_monitors_and_standing_committee_is_delegated(lang_son) -> None:
    _, found = lang_son
    monitor = [a for a in found["assignments"] if a["role"] == "monitor"]
    assert [(a["body"], a["assigned_to_document"]) for a in monitor] == [("body/lang-son/van-phong-tinh-uy", True)]
    assert "theo dõi, đôn đốc" in monitor[0]["source"]["quote"]
    delegate = [a for a in found["assignments"] if a["role"] == "delegate"]
    assert delegate and {a["body"] for a in delegate} == {"body/lang-son/ban-thuong-vu-tinh-uy"}
    assert {a["delegated_by"] for a in delegate} == {"body/lang-son/tinh-uy"}


def test_lang_son_requested_partners_in_tasks(lang_son) -> None:
    triples = _triples(lang_son[1])
    assert ("bo-giao-thong-van-tai", "requested_partner", "task/p1-3") in triples
    assert ("bo-nong-nghiep-va-phat-trien-nong-thon", "requested_partner", "task/p4-5") in triples
    assert ("bo-quoc-phong", "requested_partner", "task/p4-2") in triples


def test_lai_chau_partners_of_key_tasks() -> None:
    _, found = _corpus("000", "lai-chau")
    partners = {(b, t) for b, role, t in _triples(found) if role == "requested_partner"}
    assert partners == {("tap-doan-cong-nghiep-cao-su-viet-nam", "task/key-1"), ("bo-giao-thong-van-tai", "task/key-3")}
    assert {c["resulting"] for c in found["changes"]} == {"body/vn/bo-xay-dung"}


def test_conference_chairs_are_not_assignments() -> None:
    _, found = _corpus("003", "lai-chau")
    assert found["assignments"] == []


def test_made_up_province_paragraph() -> None:
    text = normalise(
        "I. CÁC CHƯƠNG TRÌNH\n"
        "1. Chương trình 1: Phát triển nông nghiệp\n"
        "2. Chương trình 2: Phát triển du lịch\n"
        "3. Chương trình 3: Chuyển đổi số\n"
        "4. Chương trình 4: Xây dựng Đảng\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Đảng ủy UBND tỉnh chủ trì, phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy, Sở Tài chính "
        "triển khai các nội dung thuộc Chương trình 1 - 3.\n"
        "2. Ủy ban Kiểm tra Tỉnh ủy có trách nhiệm theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
        "3. Ban Chấp hành Đảng bộ tỉnh giao cho Thường trực Tỉnh ủy chỉ đạo; đề nghị Bộ Xây dựng hỗ trợ.\n"
    )
    found = _run(text, "quang-tri")
    triples = _triples(found)
    assert ("uy-ban-kiem-tra-tinh-uy", "monitor", "") in triples
    assert ("thuong-truc-tinh-uy", "delegate", "") in triples
    assert ("bo-xay-dung", "requested_partner", "") in triples
    leads = {(b, t) for b, role, t in triples if role == "lead"}
    assert leads == {("dang-uy-ubnd-tinh", f"programme/{n}") for n in (1, 2, 3)}
    assert ("so-tai-chinh", "coordinate", "programme/3") in triples
    assert ("ban-tuyen-giao-va-dan-van-tinh-uy", "coordinate", "programme/1") in triples
    assert all(a["body"].startswith(("body/quang-tri/", "body/vn/")) for a in found["assignments"])

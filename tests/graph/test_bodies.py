"""Body recognition: spellings, abbreviations, kinds, ids, English labels and 2025 renamings."""

from __future__ import annotations

import pytest

from nghiquyet.graph.extract.bodies import body_record, change_events, find_bodies, with_parents
from nghiquyet.graph.text import normalise


@pytest.mark.parametrize(
    ("name", "body_id", "kind"),
    [
        ("Ban Tổ chức Tỉnh uỷ", "body/lang-son/ban-to-chuc-tinh-uy", "PartyBoard"),
        ("Ban Tổ chức Tỉnh ủy", "body/lang-son/ban-to-chuc-tinh-uy", "PartyBoard"),
        ("Ban cán sự đảng Uỷ ban nhân dân tỉnh", "body/lang-son/ban-can-su-dang-ubnd-tinh", "PartyDelegation"),
        ("Ban Cán sự đảng UBND tỉnh", "body/lang-son/ban-can-su-dang-ubnd-tinh", "PartyDelegation"),
        ("Uỷ ban Kiểm tra Tỉnh uỷ", "body/lang-son/uy-ban-kiem-tra-tinh-uy", "InspectionCommission"),
        ("Văn phòng Tỉnh ủy", "body/lang-son/van-phong-tinh-uy", "PartyOffice"),
        ("Ban Chấp hành Đảng bộ tỉnh", "body/lang-son/tinh-uy", "PartyCommittee"),
        ("BTV Tỉnh ủy", "body/lang-son/ban-thuong-vu-tinh-uy", "PartyStandingCommittee"),
        ("Hội đồng nhân dân tỉnh", "body/lang-son/hdnd-tinh", "PeoplesCouncil"),
        ("Ủy ban nhân dân tỉnh", "body/lang-son/ubnd-tinh", "PeoplesCommittee"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "body/lang-son/uy-ban-mttq-viet-nam-tinh", "FatherlandFront"),
        ("Sở KH&ĐT", "body/lang-son/so-ke-hoach-va-dau-tu", "Department"),
        ("Bộ Giao thông - Vận tải", "body/vn/bo-giao-thong-van-tai", "Ministry"),
        ("Bộ GTVT", "body/vn/bo-giao-thong-van-tai", "Ministry"),
        ("Tập đoàn Công nghiệp cao su Việt Nam", "body/vn/tap-doan-cong-nghiep-cao-su-viet-nam", "Enterprise"),
        ("Sở Ngoại vụ", "body/lang-son/so-ngoai-vu", "Department"),  # not in the lexicon: generic head word
    ],
)
def test_body_record(name: str, body_id: str, kind: str) -> None:
    record = body_record(name, "lang-son")
    assert (record["id"], record["kind"]) == (body_id, kind)
    assert record.get("province") == ("province/lang-son" if "/lang-son/" in body_id else None)


def test_labels_and_parents() -> None:
    record = body_record("Ban Tổ chức Tỉnh uỷ", "lai-chau")
    assert record["label_vi"] == "Ban Tổ chức Tỉnh ủy"
    assert record["label_en"] == "Organisation Board of the Provincial Party Committee"
    assert record["parent"] == "body/lai-chau/tinh-uy"
    assert "body/lai-chau/tinh-uy" in with_parents({record["id"]: record}, "lai-chau")


def test_find_bodies_offsets_and_case() -> None:
    text = normalise("Giao Ban cán sự đảng Uỷ ban nhân dân tỉnh chủ trì, phối hợp với các ban đảng Tỉnh uỷ, "
                     "Sở Tài chính và Tập đoàn Dầu khí Việt Nam; cán bộ khoa học và công nghệ; Tỉnh ủy viên.")
    found = find_bodies(text, 0, len(text), "ha-tinh")
    assert [text[s:e] for _, s, e in found] == [
        "Ban cán sự đảng Uỷ ban nhân dân tỉnh", "các ban đảng Tỉnh uỷ", "Sở Tài chính", "Tập đoàn Dầu khí Việt Nam"]
    assert [r["id"] for r, _, _ in found][-1] == "body/vn/tap-doan-dau-khi-viet-nam"
    assert found[-1][0]["kind"] == "Enterprise"


def test_find_bodies_in_a_window() -> None:
    text = normalise("Ban Dân vận Tỉnh ủy và Ban Tuyên giáo Tỉnh ủy")
    start = text.index("Ban Tuyên")
    assert [r["id"] for r, _, _ in find_bodies(text, start, len(text), "x")] == ["body/x/ban-tuyen-giao-tinh-uy"]


def test_2025_changes() -> None:
    ids = {"body/lang-son/ban-tuyen-giao-tinh-uy", "body/lang-son/ban-can-su-dang-ubnd-tinh",
           "body/vn/bo-giao-thong-van-tai", "body/lang-son/so-ke-hoach-va-dau-tu"}
    changes, bodies = change_events(ids, "lang-son")
    by_result = {c["resulting"]: c for c in changes}
    merger = by_result["body/lang-son/ban-tuyen-giao-va-dan-van-tinh-uy"]
    assert merger["original"] == ["body/lang-son/ban-tuyen-giao-tinh-uy", "body/lang-son/ban-dan-van-tinh-uy"]
    assert merger["id"] == "change/lang-son-ban-tuyen-giao-va-dan-van-tinh-uy" and merger["date"].startswith("2025")
    assert by_result["body/lang-son/dang-uy-ubnd-tinh"]["original"] == ["body/lang-son/ban-can-su-dang-ubnd-tinh"]
    assert "body/lang-son/so-ke-hoach-va-dau-tu" in by_result["body/lang-son/so-tai-chinh"]["original"]
    assert by_result["body/vn/bo-xay-dung"]["date"] == "2025-03-01"
    assert {b["id"] for b in bodies} >= {"body/lang-son/dang-uy-ubnd-tinh", "body/lang-son/ban-dan-van-tinh-uy"}
    assert change_events({"body/lang-son/van-phong-tinh-uy"}, "lang-son") == ([], [])

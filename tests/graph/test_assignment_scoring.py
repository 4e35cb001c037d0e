"""Assignment scoring: same body (gold names resolved like text), same role, same object."""

from __future__ import annotations

from nghiquyet.graph.extract.assignment_scoring import gold_assignment_rows, score_assignments


def _predicted(body: str, role: str, target: str = "", quote: str = "") -> dict[str, str]:
    return {"doc": "d.txt", "body": body, "role": role, "assigned_to": target, "quote": quote}


def test_gold_names_resolve_and_objects_match_the_clause() -> None:
    gold = gold_assignment_rows([
        {"doc": "d.txt", "body": "Văn phòng Tỉnh ủy", "role": "monitor", "assigned_to": "việc xây dựng dự thảo"},
        {"doc": "d.txt", "body": "Sở Xây dựng Lào Cai", "role": "lead", "assigned_to": "Chương trình 03"},
        {"doc": "d.txt", "body": "Ban Thường vụ Tỉnh ủy", "role": "delegate", "assigned_to": ""},
        {"doc": "d.txt", "body": "Đảng ủy UBND tỉnh", "role": "lead", "assigned_to": "các bước tiếp theo (sắp xếp)"},
    ], {"d.txt": "lao-cai"})
    assert [g["body"] for g in gold][:2] == ["body/lao-cai/van-phong-tinh-uy", "body/lao-cai/so-xay-dung"]
    predicted = [
        _predicted("body/lao-cai/van-phong-tinh-uy", "monitor", quote="giao Văn phòng Tỉnh ủy theo dõi việc xây dựng dự thảo"),
        _predicted("body/lao-cai/so-xay-dung", "lead", quote="Sở Xây dựng Lào Cai (Chương trình 03)"),
        _predicted("body/lao-cai/ban-thuong-vu-tinh-uy", "delegate", target="Chương trình 1"),
        _predicted("body/lao-cai/dang-uy-ubnd-tinh", "lead", quote="giao Đảng ủy UBND tỉnh triển khai các bước tiếp theo"),
        _predicted("body/lao-cai/so-tai-chinh", "coordinate"),
    ]
    total, per_doc = score_assignments(predicted, gold)
    assert (total.matched, total.predicted, total.gold) == (3, 5, 4)
    assert [m["body"] for m in total.missed] == ["body/lao-cai/ban-thuong-vu-tinh-uy"]
    assert {s["body"] for s in total.spurious} == {"body/lao-cai/ban-thuong-vu-tinh-uy", "body/lao-cai/so-tai-chinh"}
    assert round(per_doc["d.txt"].f1, 3) == round(2 * 0.6 * 0.75 / 1.35, 3)

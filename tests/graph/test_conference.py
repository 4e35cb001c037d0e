"""Conference reports: ordinal, convening body, date, chairs and their posts."""

from __future__ import annotations

import pytest
import yaml

from nghiquyet.graph.extract.conference import extract_conference
from repo_paths import PROJECT_ROOT
from nghiquyet.graph.text import normalise, read_text


def _corpus(name: str) -> tuple[str, dict]:
    path = next((PROJECT_ROOT / "corpus").glob(f"{name}_*.txt"))
    with open(path.with_suffix(".yaml"), encoding="utf-8") as handle:
        return read_text(path), yaml.safe_load(handle)


@pytest.fixture(scope="module")
def report() -> tuple[str, dict]:
    text, meta = _corpus("003")
    return text, extract_conference(text, meta, "lai-chau")


def test_conference(report) -> None:
    text, found = report
    conference = found["conference"]
    assert conference["ordinal"] == 4 and conference["date"] == "2021-04-12"
    assert conference["label"] == "Hội nghị lần thứ 4 Ban Chấp hành Đảng bộ tỉnh khóa XIV"
    assert conference["convened_by"] == "body/lai-chau/tinh-uy"
    source = conference["source"]
    assert text[source["start"]:source["end"]] == source["quote"]
    assert conference["chairs"] == ["person/giang-pao-my", "person/le-van-luong", "person/tran-tien-dung"]


@pytest.mark.parametrize(
    ("person", "name", "posts"),
    [
        ("person/giang-pao-my", "Giàng Páo Mỷ",
         ["post/vn/uy-vien-ban-chap-hanh-trung-uong", "post/lai-chau/bi-thu-tinh-uy"]),
        ("person/le-van-luong", "Lê Văn Lương", ["post/lai-chau/pho-bi-thu-thuong-truc-tinh-uy"]),
        ("person/tran-tien-dung", "Trần Tiến Dũng",
         ["post/lai-chau/pho-bi-thu-tinh-uy", "post/lai-chau/chu-tich-ubnd-tinh"]),
    ],
)
def test_chairs_and_posts(report, person: str, name: str, posts: list[str]) -> None:
    _, found = report
    people = {p["id"]: p for p in found["people"]}
    assert people[person]["name"] == name and people[person]["posts"] == posts
    known = {p["id"]: p for p in found["posts"]}
    bodies = {b["id"] for b in found["bodies"]}
    for post in posts:
        assert known[post]["post_in"] in bodies and known[post]["label_en"]


def test_post_labels(report) -> None:
    _, found = report
    posts = {p["id"]: p for p in found["posts"]}
    assert posts["post/lai-chau/bi-thu-tinh-uy"]["label_vi"] == "Bí thư Tỉnh ủy"
    assert posts["post/lai-chau/chu-tich-ubnd-tinh"]["post_in"] == "body/lai-chau/ubnd-tinh"


@pytest.mark.parametrize("name", ["000", "001", "002", "004"])
def test_other_documents_have_no_conference(name: str) -> None:
    text, meta = _corpus(name)
    assert extract_conference(text, meta, "x") is None


def test_made_up_report() -> None:
    text = normalise(
        "Hội nghị lần thứ mười Ban Chấp hành Đảng bộ tỉnh khóa XX\n"
        "Ngày 5/3, tại thành phố, Tỉnh ủy tổ chức hội nghị. Đồng chí Nguyễn Văn An - Bí thư Tỉnh ủy, "
        "Chủ tịch HĐND tỉnh; đồng chí Trần Thị Bình - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì hội nghị.\n"
    )
    found = extract_conference(text, {"document_type": "ConferenceReport", "published": "2026-03-06"}, "nghe-an")
    conference = found["conference"]
    assert conference["ordinal"] == 10 and conference["date"] == "2026-03-05"
    assert conference["chairs"] == ["person/nguyen-van-an", "person/tran-thi-binh"]
    people = {p["id"]: p["posts"] for p in found["people"]}
    assert people["person/nguyen-van-an"] == ["post/nghe-an/bi-thu-tinh-uy", "post/nghe-an/chu-tich-hdnd-tinh"]

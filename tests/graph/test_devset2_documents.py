"""The documents of ``../shared/devset2`` (read from there, never copied): every body stays in its
province or city, and Hà Nội's directive gives its Thành ủy, offices and departments their roles."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from nghiquyet.graph.corpus import DocumentMeta, iter_corpus
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.lexicon import packaged_lexicons
from nghiquyet.graph.mapping import load_context, map_records
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.text import slug
from repo_paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def devset2(shared_dir: Path) -> dict[str, dict[str, Any]]:
    folder = shared_dir / "devset2"
    if not (folder / "files.csv").exists():
        pytest.skip(f"needs {folder}/files.csv (../shared/devset2 is not part of the repository)")
    with open(folder / "files.csv", encoding="utf-8", newline="") as handle:
        provinces = {row["file"]: row["province"] for row in csv.DictReader(handle)}
    return {name: extract_document(DocumentMeta(id=slug(Path(name).stem), path=folder / name, province=province))
            for name, province in provinces.items()}


def _provincial_slugs() -> set[str]:
    bodies = packaged_lexicons().bodies
    names = {e["name"] for e in bodies["provincial"]}
    city = set()
    for name in names:
        for old, new in bodies["city_forms"]:
            name = name.replace(old, new)
        city.add(name)
    return {slug(n) for n in names | city}


def test_no_body_collapses_into_a_national_node(devset2: dict[str, dict[str, Any]]) -> None:
    corpus = [extract_document(meta) for meta in iter_corpus(PROJECT_ROOT / "corpus")]
    settings = Settings()
    dataset = map_records(corpus + list(devset2.values()), load_context(settings.mappings_dir, settings.base_iri),
                          settings.base_iri)
    national = {str(node).removeprefix(settings.base_iri + "body/vn/")
                for node in set(dataset.subjects()) | set(dataset.objects())
                if isinstance(node, URIRef) and str(node).startswith(settings.base_iri + "body/vn/")}
    assert not national & _provincial_slugs()
    for name, records in devset2.items():
        province = records["province"]["id"].removeprefix("province/")
        for body in records["bodies"]:
            assert body["id"].startswith((f"body/{province}/", "body/vn/")), (name, body["id"])


def test_hanoi_gives_its_city_bodies_their_roles(devset2: dict[str, dict[str, Any]]) -> None:
    records = devset2["hanoi-2020-2025-city-programmes-assignments.txt"]
    roles = {(a["body"], a["role"]) for a in records["assignments"]}
    for office in ("van-phong-thanh-uy", "van-phong-hdnd-thanh-pho", "van-phong-ubnd-thanh-pho"):
        assert (f"body/ha-noi/{office}", "monitor") in roles
    for lead in ("ban-to-chuc-thanh-uy", "so-ke-hoach-va-dau-tu", "so-xay-dung", "so-quy-hoach-kien-truc",
                 "so-van-hoa-va-the-thao", "so-khoa-hoc-va-cong-nghe"):
        assert (f"body/ha-noi/{lead}", "lead") in roles
    monitors = [a for a in records["assignments"] if a["role"] == "monitor"]
    assert {a["delegated_by"] for a in monitors} == {"body/ha-noi/thuong-truc-thanh-uy"}
    bodies = {b["id"]: b for b in records["bodies"]}
    assert bodies["body/ha-noi/thanh-uy"]["label_vi"] == "Thành ủy"
    assert bodies["body/ha-noi/ban-to-chuc-thanh-uy"]["parent"] == "body/ha-noi/thanh-uy"


def test_phu_yen_conclusions_delegate_to_the_standing_committee(devset2: dict[str, dict[str, Any]]) -> None:
    records = devset2["phuyen-2025-party-conference-assignments.txt"]
    roles = [(a["body"], a["role"], a.get("delegated_by")) for a in records["assignments"]]
    assert roles.count(("body/phu-yen/ban-thuong-vu-tinh-uy", "delegate", "body/phu-yen/tinh-uy")) == 2
    assert ("body/phu-yen/dang-uy-ubnd-tinh", "lead", None) in roles

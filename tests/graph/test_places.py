"""Provincial units before and after the 2025 arrangement: table, resolution at a date, graph."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.place_graph import places_graph
from nghiquyet.graph.places import MERGERS_FILE, build_places, document_date, places_for
from repo_paths import PROJECT_ROOT

NQ = Namespace("https://w3id.org/nghiquyet/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
BASE = "https://w3id.org/nghiquyet/id/"
TABLE = PROJECT_ROOT / "corpus" / MERGERS_FILE


@pytest.fixture(scope="module")
def places():
    return places_for()


@pytest.fixture(scope="module")
def graph(places) -> Graph:
    return places_graph(places, BASE)


def _rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_63_former_and_34_current_units(places) -> None:
    current = [u for u in places.units.values() if u.valid_until is None]
    former = [u for u in places.units.values() if u.valid_from is None]
    assert len(current) == 34
    assert len(former) == 63
    assert len(places.units) == 63 + 34 - 10  # ten units are one place throughout (Huế is new)
    cities = {u.name for u in current if u.kind == "city"}
    assert cities == {"Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


def test_every_merger_row_is_a_change_with_its_source(places, graph) -> None:
    rows = _rows()
    assert len(rows) == 34
    changes = list(graph.subjects(RDF.type, NQ.ProvinceChange))
    assert len(changes) == 35  # the 34 rows and Huế becoming a centrally-run city on 1 January 2025
    urls = {URIRef(r["source_url"]) for r in rows}
    assert {o for c in changes for o in graph.objects(c, DCTERMS.source)} == urls
    quotes = {str(q) for q in graph.objects(None, OA.exact)}
    assert {" ".join(r["source_quote"].split()) for r in rows} <= quotes
    gia_lai = URIRef(BASE + "change/province/2025/gia-lai-2025")
    assert set(graph.objects(gia_lai, NQ.formerUnit)) == {URIRef(BASE + "province/gia-lai"), URIRef(BASE + "province/binh-dinh")}
    assert graph.value(gia_lai, NQ.resultingUnit) == URIRef(BASE + "province/gia-lai-2025")
    assert graph.value(gia_lai, NQ.date) == Literal("2025-07-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    kept = URIRef(BASE + "change/province/2025/lai-chau")
    assert graph.value(kept, NQ.retainedUnit) == URIRef(BASE + "province/lai-chau")


def test_predecessors_and_successors(graph) -> None:
    new = URIRef(BASE + "province/gia-lai-2025")
    assert set(graph.objects(new, DCTERMS.replaces)) == {URIRef(BASE + "province/gia-lai"), URIRef(BASE + "province/binh-dinh")}
    assert graph.value(URIRef(BASE + "province/binh-dinh"), DCTERMS.isReplacedBy) == new
    assert graph.value(URIRef(BASE + "province/thua-thien-hue"), DCTERMS.isReplacedBy) == URIRef(BASE + "province/hue")
    assert (URIRef(BASE + "province/hue"), RDF.type, NQ.CentrallyRunCity) in graph
    assert graph.value(URIRef(BASE + "province/lai-chau"), DCTERMS.isReplacedBy) is None


def test_one_preferred_label_per_language_and_the_old_name_kept(graph) -> None:
    for unit in graph.subjects(RDF.type, NQ.Province):
        languages = [label.language for label in graph.objects(unit, SKOS.prefLabel)]
        assert sorted(languages) == ["en", "vi"], unit
    old = URIRef(BASE + "province/gia-lai")
    assert graph.value(old, SKOS.prefLabel) in {Literal("Gia Lai (cũ)", lang="vi"), Literal("Gia Lai Province (former)", lang="en")}
    assert Literal("Gia Lai", lang="vi") in set(graph.objects(old, SKOS.altLabel))


@pytest.mark.parametrize("name, day, expected", [
    ("Gia Lai", None, "gia-lai"),                       # no date: the unit that first had the name
    ("Gia Lai", dt.date(2020, 10, 15), "gia-lai"),
    ("Gia Lai", dt.date(2025, 6, 30), "gia-lai"),
    ("Gia Lai", dt.date(2025, 7, 1), "gia-lai-2025"),
    ("Bình Định", dt.date(2025, 10, 1), "binh-dinh"),   # a former unit named after it stays itself
    ("TP Hồ Chí Minh", dt.date(2025, 10, 1), "thanh-pho-ho-chi-minh-2025"),
    ("Thành phố Hồ Chí Minh", dt.date(2020, 10, 1), "thanh-pho-ho-chi-minh"),
    ("Huế", dt.date(2021, 4, 1), "thua-thien-hue"),     # before the city existed: its predecessor
    ("Huế", dt.date(2025, 3, 1), "hue"),
    ("Thừa Thiên - Huế", dt.date(2020, 1, 1), "thua-thien-hue"),
    ("Lai Châu", dt.date(2025, 9, 1), "lai-chau"),      # unchanged: one place throughout
    ("Đăk Lăk", dt.date(2025, 12, 1), "dak-lak-2025"),
])
def test_resolution_at_a_date(places, name, day, expected) -> None:
    assert places.resolve(name, day).slug == expected


def test_unknown_name_resolves_to_nothing(places) -> None:
    assert places.resolve("Atlantis", dt.date(2025, 1, 1)) is None


def test_document_date() -> None:
    assert document_date({"adopted": "2025-10-20", "published": "2025-11-01"}) == dt.date(2025, 10, 20)
    assert document_date({"published": "2024-05"}) == dt.date(2024, 5, 1)
    assert document_date({"congress": {"start_date": "2020-10-20"}}) == dt.date(2020, 10, 20)
    assert document_date({"published": "soon"}) is None


def _lexicon() -> list[dict]:
    return yaml.safe_load((PROJECT_ROOT / "mappings" / "lexicons" / "provinces.yaml").read_text(encoding="utf-8"))["provinces"]


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[1:], "belong to no row"),
    (lambda rows: rows + [dict(rows[-1])], "already part of row"),
    (lambda rows: [{**rows[0], "new_province": "Atlantis"}] + rows[1:], "'Atlantis' is not a province"),
    (lambda rows: [{**rows[0], "source_url": ""}] + rows[1:], None),
])
def test_bad_tables_are_refused_with_a_clear_error(change, message) -> None:
    rows = change(_rows())
    meta = yaml.safe_load(TABLE.with_suffix(".yaml").read_text(encoding="utf-8"))
    if message is None:
        from nghiquyet.graph.places import _read_rows

        path = Path(pytest.importorskip("tempfile").mkdtemp()) / "m.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        with pytest.raises(DocumentError, match="row 1: empty or missing column"):
            _read_rows(path)
        return
    with pytest.raises(DocumentError, match=message):
        build_places(_lexicon(), rows, meta)


GIA_LAI_2025 = """Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Gia Lai lần thứ I, nhiệm kỳ 2025-2030
Đại hội đại biểu Đảng bộ tỉnh Gia Lai lần thứ I đã diễn ra tại tỉnh Gia Lai.
1. Chỉ tiêu chủ yếu
(1) Tốc độ tăng trưởng GRDP bình quân 5 năm đạt trên 10%/năm.
"""


@pytest.mark.parametrize("published, expected", [
    ("2025-10-20", "province/gia-lai-2025"),   # after 1 July 2025: the merged province
    ("2020-10-20", "province/gia-lai"),        # before: the former province
    (None, "province/gia-lai"),
])
def test_a_document_names_the_unit_valid_at_its_date(tmp_path, published, expected) -> None:
    from nghiquyet.graph.extract.document import extract_path

    text = tmp_path / "gia-lai.txt"
    text.write_text(GIA_LAI_2025, encoding="utf-8")
    meta = {"id": "gia-lai-test", "file": text.name, "title": GIA_LAI_2025.splitlines()[0],
            "document_type": "CongressResolution"}
    if published:
        meta["published"] = published
    text.with_suffix(".yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    records = extract_path(text)
    assert records["document"]["province"] == expected
    assert records["province"]["id"] == expected
    assert all(q["province"] == expected for q in records["quantities"])

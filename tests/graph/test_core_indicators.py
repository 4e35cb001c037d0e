"""The core indicator scheme: the CSV in mappings/, its SKOS form, and the built graph's indicators."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from nghiquyet.graph.core_indicators import COLUMNS, load_core_indicators, sdg_iri
from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract.fragments import is_fragment
from nghiquyet.graph.extract.indicator_match import core_wordings
from nghiquyet.graph.indicator_scheme import scheme_graph
from nghiquyet.graph.resources import data_path
from nghiquyet.graph.settings import DEFAULT_BASE_IRI, ONTOLOGY_NS
from tests.repo_paths import SHARED

NQ = ONTOLOGY_NS
SHARED_CSV = SHARED / "indicators" / "core-indicators.csv"


def test_the_shipped_csv_has_the_116_concepts() -> None:
    core = load_core_indicators()
    assert len(core) == 116
    assert {c.direction for c in core.values()} == {"higher", "lower", "none"}
    assert sum(1 for c in core.values() if c.sdg) == 7
    assert core["poverty-rate"].direction == "lower" and core["grdp-growth"].unit_kind == "percent_per_year"


@pytest.mark.skipif(not SHARED_CSV.exists(), reason=f"needs {SHARED_CSV} (../shared is not part of the repository)")
def test_the_shipped_csv_keeps_every_shared_concept() -> None:
    """Concepts may be added to the project's copy (with a note), never dropped or renamed."""
    with open(SHARED_CSV, encoding="utf-8", newline="") as handle:
        shared = {row["id"]: row for row in csv.DictReader(handle)}
    core = load_core_indicators()
    assert set(shared) <= set(core)
    for concept_id, row in shared.items():
        assert core[concept_id].label_vi == row["label_vi"] and core[concept_id].direction == row["direction"]


@pytest.mark.parametrize("code, iri", [("15.1.1", "C150101"), ("3.c.1", "C030c01"), ("8.5.2", "C080502")])
def test_sdg_iris_follow_the_un_sdg_kos(code: str, iri: str) -> None:
    assert sdg_iri(code) == "http://metadata.un.org/sdg/" + iri


def _write(folder: Path, rows: list[list[str]]) -> Path:
    with open(folder / "core-indicators.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([list(COLUMNS)] + rows)
    return folder


@pytest.mark.parametrize("row, message", [
    (["Forest Cover", "Tỷ lệ", "Forest", "đo", "percent", "higher", "", ""], "not ASCII kebab-case"),
    (["forest-cover", "Tỷ lệ", "Forest", "đo", "hectares", "higher", "", ""], "unit_kind 'hectares'"),
    (["forest-cover", "Tỷ lệ", "Forest", "đo", "percent", "up", "", ""], "direction 'up'"),
    (["forest-cover", "Tỷ lệ", "Forest", "đo", "percent", "higher", "15.1", ""], "not an SDG indicator code"),
    (["forest-cover", "", "Forest", "đo", "percent", "higher", "", ""], "empty label_vi"),
])
def test_a_bad_row_is_refused_by_line_and_field(tmp_path: Path, row: list[str], message: str) -> None:
    with pytest.raises(DocumentError, match=message) as error:
        load_core_indicators(_write(tmp_path, [row]))
    assert "line 2" in str(error.value)


def test_a_repeated_id_is_refused(tmp_path: Path) -> None:
    row = ["forest-cover", "Tỷ lệ", "Forest", "đo", "percent", "higher", "", ""]
    with pytest.raises(DocumentError, match="appears twice"):
        load_core_indicators(_write(tmp_path, [row, row]))


def test_scheme_graph_is_one_concept_per_row() -> None:
    graph = scheme_graph(DEFAULT_BASE_IRI)
    concepts = set(graph.subjects(RDF.type, URIRef(NQ + "CoreIndicator")))
    assert len(concepts) == 116
    for concept in concepts:
        labels = list(graph.objects(concept, SKOS.prefLabel))
        assert sorted(label.language for label in labels) == ["en", "vi"], concept
        notation = graph.value(concept, SKOS.notation)
        assert str(concept) == f"{DEFAULT_BASE_IRI}indicator/{notation}"
    forest = URIRef(DEFAULT_BASE_IRI + "indicator/forest-cover")
    assert (forest, SKOS.closeMatch, URIRef("http://metadata.un.org/sdg/C150101")) in graph
    assert (forest, URIRef(NQ + "direction"), URIRef(NQ + "HigherIsBetter")) in graph
    assert (forest, URIRef(NQ + "unitKind"), URIRef(NQ + "UnitKindPercent")) in graph
    assert (forest, SKOS.prefLabel, Literal("Forest cover rate", lang="en")) in graph
    assert not list(graph.triples((None, SKOS.exactMatch, None)))


def test_the_wording_lexicon_names_only_core_concepts() -> None:
    ids = {entry.id for entry in core_wordings()}
    assert ids <= set(load_core_indicators())
    assert len(ids) >= 100


@pytest.mark.parametrize("label", ["Bác dân", "KV", "Xã", "Thêm", "Xử lý", "16,49%", "Nhiệm vụ trở", "Giải quyết việc làm cho",
                                   ") và gấp", "Quy mô nền kinh tế đến năm", "Tăng", "MW"])
def test_fragments(label: str) -> None:
    assert is_fragment(label)


@pytest.mark.parametrize("label", ["Diện tích cây chè", "Buồng lưu trú", "Chỉ dẫn địa lý", "Tỷ lệ che phủ rừng",
                                   "Hệ thống lưới điện truyền tải cao thế", "Doanh nghiệp và hợp tác xã"])
def test_faithful_labels_are_not_fragments(label: str) -> None:
    assert not is_fragment(label)


# --- the real build ------------------------------------------------------------------------------

QUERY_LABELS = """
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?indicator ?label WHERE { ?indicator a nq:Indicator ; skos:prefLabel ?label FILTER(LANG(?label) = "vi") }
"""


def test_no_indicator_label_of_the_build_is_a_fragment(built_settings) -> None:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(built_settings.store_dir))
    rows = list(store.query(QUERY_LABELS, use_default_graph_as_union=True))
    assert len(rows) >= 116
    fragments = sorted({(r["indicator"].value, r["label"].value) for r in rows if is_fragment(r["label"].value)})
    assert not fragments, fragments


QUERY_QUANTITIES = """
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?quantity ?indicator ?notation WHERE {
  ?quantity nq:indicatorLabel ?label .
  OPTIONAL { ?quantity nq:indicator ?indicator OPTIONAL { ?indicator a nq:CoreIndicator ; skos:notation ?notation } }
}
"""


def test_built_quantities_point_at_core_or_local_concepts(built_settings, build_result) -> None:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(built_settings.store_dir))
    rows = list(store.query(QUERY_QUANTITIES, use_default_graph_as_union=True))
    base = built_settings.base_iri
    core = [r for r in rows if r["notation"] is not None]
    assert len(core) >= 0.7 * len(rows)
    for row in core:
        assert row["indicator"].value == f"{base}indicator/{row['notation'].value}"
    for row in rows:
        if row["indicator"] is not None and row["notation"] is None:
            assert "/indicator/" in row["indicator"].value and row["indicator"].value.startswith(base + "doc/")
    by_id = {q["id"]: q for records in build_result.records for q in records["quantities"]}
    assert all((q.get("indicator") == f"indicator/{q['indicator_id']}") for q in by_id.values() if q["indicator_id"])

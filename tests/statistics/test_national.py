"""The national reference figures (corpus/national/observations.csv) in the statistics cube."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, SKOS

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.places import places_for
from nghiquyet.graph.statistics.national import NATIONAL_FILE, national_graph, read_national
from repo_paths import PROJECT_ROOT

NQ = Namespace("https://w3id.org/nghiquyet/ontology#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
BASE = "https://w3id.org/nghiquyet/id/"
FILE = PROJECT_ROOT / "corpus" / NATIONAL_FILE


@pytest.fixture(scope="module")
def meta() -> dict:
    return yaml.safe_load(FILE.with_suffix(".yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def observations(meta):
    return read_national(FILE, meta, places_for())


@pytest.fixture(scope="module")
def graph(observations, meta) -> Graph:
    return national_graph(observations, meta, BASE)


def test_all_82_figures_with_source_and_quote(graph) -> None:
    with open(FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 82
    observations = set(graph.subjects(RDF.type, QB.Observation))
    assert len(observations) == 82
    assert len({str(graph.value(o, SDMX_DIM.refArea)) for o in observations}) == 33
    for row in rows:
        quote = " ".join(row["source_quote"].split())
        found = [o for o in observations if graph.value(o, DCTERMS.source) == URIRef(row["source_url"])
                 and str(graph.value(graph.value(graph.value(graph.value(o, PROV.wasDerivedFrom), OA.hasTarget),
                                                 OA.hasSelector), OA.exact)) == quote
                 and graph.value(o, SDMX_MEASURE.obsValue).toPython() == Decimal(row["value"])
                 and str(graph.value(o, SDMX_DIM.refPeriod)).endswith("/" + row["year"])]
        assert len(found) == 1, row


def test_indicators_are_the_core_concepts(graph) -> None:
    for obs in graph.subjects(RDF.type, QB.Observation):
        series = graph.value(obs, NQ.statisticalIndicator)
        core = graph.value(series, SKOS.exactMatch)
        assert str(core).startswith(BASE + "indicator/")
        assert str(core).rsplit("/", 1)[1] == str(series).rsplit("/", 1)[1]


def test_status_is_the_sdmx_observation_status(graph) -> None:
    codes = {str(graph.value(o, SDMX_ATTR.obsStatus)).rsplit("-", 1)[1] for o in graph.subjects(RDF.type, QB.Observation)}
    assert codes <= {"A", "P", "E"} and "E" in codes and "A" in codes


def test_former_provinces_are_the_areas(graph) -> None:
    areas = {str(graph.value(o, SDMX_DIM.refArea)) for o in graph.subjects(RDF.type, QB.Observation)}
    assert BASE + "province/binh-dinh" in areas and BASE + "province/thanh-pho-ho-chi-minh" in areas
    assert not any(a.endswith("-2025") for a in areas)  # 2019–2024 figures belong to the former units


@pytest.mark.parametrize("area, year, values", [
    ("nam-dinh", 2020, {"6.97", "5.5"}),
    ("thanh-hoa", 2023, {"7.01", "7.29"}),
    ("quang-ninh", 2023, {"11.02", "11.03"}),
])
def test_disagreeing_sources_stay_separate_and_one_is_preferred(graph, area, year, values) -> None:
    cell = [o for o in graph.subjects(RDF.type, QB.Observation)
            if str(graph.value(o, SDMX_DIM.refArea)).endswith("/" + area)
            and str(graph.value(o, SDMX_DIM.refPeriod)).endswith(f"/{year}")
            and str(graph.value(o, NQ.statisticalIndicator)).endswith("/grdp-growth")]
    assert {str(graph.value(o, SDMX_MEASURE.obsValue)) for o in cell} == values
    assert [graph.value(o, NQ.preferred) for o in cell].count(Literal(True)) == 1


def test_preference_rule_status_then_official_source(observations) -> None:
    from nghiquyet.graph.statistics.national import NationalObservation, _mark_preferred

    base = observations[0]
    same = dict(area="x", indicator="grdp-growth", year=2023, value=1, unit="percent", source_quote="q")
    rows = [NationalObservation(row=1, status="E", source_url="https://a.gov.vn/1", **same),
            NationalObservation(row=2, status="A", source_url="https://press.vn/2", **same),
            NationalObservation(row=3, status="E", source_url="https://b.vn/3", **same)]
    marked = _mark_preferred(rows, Path("t.csv"))
    assert [o.preferred for o in marked] == [False, True, False]
    marked = _mark_preferred([rows[0], rows[2]], Path("t.csv"))
    assert [o.preferred for o in marked] == [True, False]
    assert base.preferred in (True, False)


@pytest.mark.parametrize("column, bad, message", [
    ("province", "Atlantis", "'Atlantis' is not a province"),
    ("indicator_id", "happiness", "'happiness' is not an indicator"),
    ("value", "7,2", "not a plain decimal"),
    ("unit", "tỷ", "'tỷ' is not one of"),
    ("status", "guess", "'guess' is not one of"),
    ("source_url", "baonamdinh.vn", "not an http"),
    ("source_quote", "", "every figure needs the quote"),
    ("year", "20x3", "not a year"),
])
def test_bad_rows_are_refused_naming_row_and_column(tmp_path, meta, column, bad, message) -> None:
    with open(FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[4][column] = bad
    path = tmp_path / "observations.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DocumentError, match=rf"row 5, column '{column}': .*{message}"):
        read_national(path, meta, places_for())

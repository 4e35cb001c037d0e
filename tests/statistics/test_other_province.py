"""A build of the corpus plus documents of other provinces: their targets meet the national figures.

The fixture texts (tests/fixtures/other-province/) are written for this test: a 2020–2025
resolution of the former Bình Định, and a 2025–2030 resolution of the Gia Lai formed on 1 July
2025 from the former Gia Lai and Bình Định.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "other-province"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from nghiquyet.graph.build import build_dataset
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copytree(PROJECT_ROOT / "corpus", corpus, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    for path in FIXTURES.iterdir():
        shutil.copy(path, corpus / path.name)
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("data"), corpus_dir=corpus)
    build_dataset(settings)
    app = create_app(settings, test_config={"TESTING": True})
    yield app.test_client(), settings
    get_store(app).close()


def test_the_other_provinces_targets_are_judged_from_the_national_figures(client) -> None:
    from nghiquyet.server.progress import province_progress

    test_client, settings = client
    with test_client.application.test_request_context("/progress/binh-dinh"):
        _, results = province_progress("binh-dinh")
    judged = {p.target.indicator.rsplit("/", 1)[-1]: p for p in results}
    assert {"grdp-growth", "state-budget-revenue"} <= set(judged)
    revenue = judged["state-budget-revenue"]
    assert revenue.status != "no data", revenue
    assert revenue.latest is not None and str(revenue.latest.value) == "13828"   # Bình Định 2023, vietnamnet.vn
    page = test_client.get("/progress/binh-dinh?lang=en").get_data(as_text=True)
    assert "13828" in page


def test_a_merged_province_is_resolved_and_shows_its_former_provinces_figures(client) -> None:
    test_client, settings = client
    page = test_client.get("/indicators/state-budget-revenue?lang=vi").get_data(as_text=True)
    row = page.split('data-province="' + settings.base_iri + 'province/gia-lai-2025"', 1)[1].split("</tr>", 1)[0]
    assert "Số liệu của các tỉnh cũ" in row
    assert "13.828 tỷ đồng" in row           # the former Bình Định's 2023 revenue, labelled as the former unit's
    assert "40.000 tỷ đồng" in row           # the new Gia Lai's 2030 target beside it (units in words)
    growth = test_client.get("/indicators/grdp-growth?lang=en").get_data(as_text=True)
    row = growth.split('data-province="' + settings.base_iri + 'province/gia-lai-2025"', 1)[1].split("</tr>", 1)[0]
    assert "7.61" in row and "Sum of the former provinces" not in row   # rates are never summed
    assert "Rates of former provinces are neither summed nor averaged." in row


def test_progress_reads_only_the_preferred_of_disagreeing_sources(client) -> None:
    from nghiquyet.graph.named_queries.loader import query_text
    from nghiquyet.server.store import get_store

    test_client, settings = client
    with test_client.application.app_context():
        rows = get_store().select(query_text("progress", settings.queries_dir))
    from nghiquyet.graph.statistics.national import DATASET

    national = [r for r in rows if r["kind"].value == "observation"
                and r["quantity"].value.startswith(f"{settings.base_iri}statistics/{DATASET}/")]
    seen: dict[tuple, set[str]] = {}
    for r in national:
        seen.setdefault((r["province"].value, r["indicator"].value, r["periodEnd"].value), set()).add(r["quantity"].value)
    assert national and all(len(found) == 1 for found in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    # Thanh Hóa 2024 GRDP growth is published by two sources that disagree; one of them is preferred
    thanh_hoa = [k for k in seen if k[0].endswith("/thanh-hoa") and k[1].endswith("/grdp-growth") and k[2] == "2024"]
    assert thanh_hoa


def test_a_merged_provinces_target_starts_from_the_sum_of_its_former_provinces_figures(client) -> None:
    from nghiquyet.server.progress import province_progress

    test_client, settings = client
    with test_client.application.test_request_context("/progress/gia-lai-2025"):
        _, results = province_progress("gia-lai-2025")
    judged = {p.target.indicator.rsplit("/", 1)[-1]: p for p in results}
    revenue = judged["state-budget-revenue"]
    assert revenue.baseline is not None, revenue
    # former Gia Lai 5,533 + former Bình Định 13,828 billion VND in 2023 (vietnamnet.vn, gialaitv.vn)
    assert revenue.baseline.kind == "combined" and revenue.baseline.value == 19361 and revenue.baseline.end == 2023
    assert revenue.baseline.iri.endswith("/province/gia-lai-2025/combined/state-budget-revenue/2023")
    assert revenue.status == "no data" and revenue.latest is None   # a baseline, never a deciding figure
    growth = judged["grdp-growth"]
    assert growth.baseline is None                                     # rates are never summed
    figure = test_client.get("/id/province/gia-lai-2025/combined/state-budget-revenue/2023?lang=en")
    assert figure.status_code == 200
    text = figure.get_data(as_text=True)
    assert "Sum of the former provinces" in text and "19361" in text


def test_a_combined_figure_is_derived_from_every_former_provinces_figure(client) -> None:
    from nghiquyet.server.store import get_store

    test_client, settings = client
    query = """PREFIX nq: <https://w3id.org/nghiquyet/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
      PREFIX dim: <http://purl.org/linked-data/sdmx/2009/dimension#>
      SELECT ?figure ?area WHERE { ?figure a nq:CombinedFigure ; prov:wasDerivedFrom/dim:refArea ?area }"""
    with test_client.application.app_context():
        rows = get_store().select(query)
    areas = {r["area"].value.rsplit("/", 1)[-1] for r in rows
             if r["figure"].value.endswith("gia-lai-2025/combined/state-budget-revenue/2023")}
    assert areas == {"gia-lai", "binh-dinh"}


def _neighbourhood(settings):
    """The combined figure of the new Gia Lai with every node its shape looks at (from the build's dump)."""
    from rdflib import Dataset, Graph, URIRef
    from rdflib.namespace import PROV

    from nghiquyet.graph.statistics.cube import NQ, SDMX_DIM

    dataset = Dataset()
    dataset.parse((settings.data_dir / "current" / "dumps" / "dataset.trig").as_posix(), format="trig")
    union = Graph()
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad[:3])
    figure = URIRef(settings.base_iri + "province/gia-lai-2025/combined/state-budget-revenue/2023")
    nodes = {figure, *union.objects(figure, PROV.wasDerivedFrom), *union.objects(figure, NQ.statisticalIndicator),
             *union.objects(figure, SDMX_DIM.refArea)}
    nodes |= {former for area in union.objects(figure, SDMX_DIM.refArea)
              for former in union.objects(area, URIRef("http://purl.org/dc/terms/replaces"))}
    small = Graph()
    for node in nodes:
        for triple in union.triples((node, None, None)):
            small.add(triple)
    return small, figure, union


@pytest.mark.parametrize("breakage,message", [
    (None, None),
    ("value", "is not the sum"),
    ("missing_part", "is not the sum"),
    ("rate_series", "series is not additive"),
    ("one_label", "one Vietnamese and one English label"),
])
def test_the_combined_figure_shape_passes_the_build_and_fails_broken_figures(client, breakage, message) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import PROV, RDFS, XSD

    from nghiquyet.graph.statistics.cube import NQ, SDMX_MEASURE
    from nghiquyet.graph.validate import validate_graph

    _, settings = client
    graph, figure, union = _neighbourhood(settings)
    if breakage == "value":
        graph.set((figure, SDMX_MEASURE.obsValue, Literal("19362", datatype=XSD.decimal)))
    elif breakage == "missing_part":
        graph.remove((figure, PROV.wasDerivedFrom, next(graph.objects(figure, PROV.wasDerivedFrom))))
    elif breakage == "rate_series":
        series = next(graph.objects(figure, NQ.statisticalIndicator))
        graph.set((series, NQ.additive, Literal(False)))
    elif breakage == "one_label":
        graph.remove((figure, RDFS.label, next(l for l in graph.objects(figure, RDFS.label) if l.language == "en")))
    report = validate_graph(graph)
    about = [r["message"] for r in report.results if r["focus"] == str(figure)]
    if breakage is None:
        assert about == []
    else:
        assert any(message in m for m in about), about

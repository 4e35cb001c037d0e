"""The /progress pages: table, inline SVG charts, CSV, and a screenshot in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from livesite import serve_app

from nghiquyet.graph.settings import Settings

RESOLUTIONS = Path(__file__).resolve().parents[1] / "statistics" / "fixtures" / "resolutions.trig"


@pytest.fixture(scope="module")
def progress_app(tmp_path_factory):
    from nghiquyet.graph.statistics import contribute
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("data"))
    memory = pyoxigraph.Store()
    memory.load(path=str(RESOLUTIONS), format=pyoxigraph.RdfFormat.TRIG)
    for name, graph in contribute(settings).items():
        memory.load(graph.serialize(format="nt").encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES,
                    to_graph=pyoxigraph.NamedNode(settings.base_iri + name))
    return create_app(settings, store=OxigraphStore.from_store(memory, settings), test_config={"TESTING": True})


def test_province_page_has_table_and_charts(progress_app):
    response = progress_app.test_client().get("/progress/lai-chau?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart"') == 4
    assert "achieved" in html and "at risk" in html and "Lai Châu" in html


def test_csv_and_unknown_province(progress_app):
    client = progress_app.test_client()
    csv_response = client.get("/progress/lang-son.csv")
    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    assert "achieved" in csv_response.get_data(as_text=True)
    assert client.get("/progress/atlantis").status_code == 404
    assert client.get("/progress").status_code == 200


@pytest.mark.browser
def test_province_page_renders_charts_in_chromium(progress_app, browser, tmp_path):
    with serve_app(progress_app) as url:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1") else None)
        page.goto(f"{url}/progress/lai-chau?lang=en")
        charts = page.locator("svg.progress-chart")
        assert charts.count() == 4
        box = charts.first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        assert page.locator("svg.progress-chart circle.actual").count() >= 3
        shot = tmp_path / "progress-lai-chau.png"
        page.screenshot(path=str(shot), full_page=True)
        page.close()
    assert shot.stat().st_size > 10_000
    assert outside == []

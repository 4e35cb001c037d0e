"""The /progress pages: table, inline SVG charts, CSV, and a screenshot in headless Chromium."""

from __future__ import annotations

import re

import pyoxigraph
import pytest

from livesite import serve_app


@pytest.fixture(scope="module")
def progress_app(built_settings):
    """The app over the session build of corpus/ (statuses as the build published them)."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings, test_config={"TESTING": True})
    yield app
    get_store(app).close()


def _published(app, province: str) -> dict[str, str]:
    """Target IRI → status, straight from the graph (queries/progress-status.rq)."""
    from nghiquyet.server.html import settings
    from nghiquyet.server.store import get_store

    with app.app_context():
        query = (settings().queries_dir / "progress-status.rq").read_text(encoding="utf-8")
        rows = get_store().select(query, bindings={"province": pyoxigraph.NamedNode(settings().base_iri + province)})
    return {row["target"].value: row["status"].value for row in rows}


def test_province_page_shows_the_published_statuses(progress_app):
    response = progress_app.test_client().get("/progress/lai-chau?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "Lai Châu" in html
    published = _published(progress_app, "province/lai-chau")
    rows = re.findall(r'<tr id="(t-[^"]+)" data-status="([^"]+)"', main)
    assert len(rows) == len(published)
    for status in set(published.values()):
        assert sum(1 for _, s in rows if s == status) == sum(1 for s in published.values() if s == status)
    charts = main.count('<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart"')
    assert 0 < charts < len(published)  # targets with nothing to draw get no empty chart
    assert f"{len(published) - charts} targets have no data yet" in main
    assert 'data-status="off track"' in main and 'data-status="achieved"' in main
    assert 'data-rule="per-year-rate"' in main and "#RulePerYearRate" in main


def test_target_and_plan_pages_show_their_links(progress_app):
    """A target's page lists the plan values reporting on it and its assessment; a plan value's page its target."""
    from nghiquyet.server.html import settings
    from nghiquyet.server.store import get_store

    with progress_app.app_context():
        base = settings().base_iri
        query = (settings().queries_dir / "target-links.rq").read_text(encoding="utf-8")
        rows = get_store().select(query, bindings={"province": pyoxigraph.NamedNode(base + "province/lai-chau")})
    plan = next(r for r in rows if r["reportKind"].value == "plan" and r["reportUnit"].value != r["targetUnit"].value)
    target, report = plan["target"].value, plan["report"].value
    client = progress_app.test_client()
    target_page = client.get("/id/" + target.removeprefix(base) + "?lang=en").get_data(as_text=True)
    assert "reports on" in target_page and report.removeprefix(base) in target_page
    assert "Progress:" in target_page and "assesses" in target_page
    plan_page = client.get("/id/" + report.removeprefix(base) + "?lang=en").get_data(as_text=True)
    assert "reports on" in plan_page and target.removeprefix(base) in plan_page


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
        assert 0 < charts.count() < len(_published(progress_app, "province/lai-chau"))
        box = charts.first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        assert page.locator("svg.progress-chart circle.actual").count() >= 3
        shot = tmp_path / "progress-lai-chau.png"
        page.screenshot(path=str(shot), full_page=True)
        page.close()
    assert shot.stat().st_size > 10_000
    assert outside == []


def test_facts_link_to_local_pages_and_statuses_are_words(progress_app):
    client = progress_app.test_client()
    main = client.get("/progress/lai-chau?lang=vi").get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]
    assert 'href="https://w3id.org/' not in main and 'href="/id/' in main
    assert "vnd_million" not in main and "/year" not in main
    assert 'id="legend"' in main and "mục tiêu (ô vuông đỏ)" in main
    codes = dict(re.findall(r'<dt>(\w)</dt><dd data-obs-status="\w">([^<]+)</dd>', main))
    assert codes.get("E") == "số liệu ước tính"
    assert re.search(r'data-obs-status="E">số liệu ước tính</span>', main)
    en = client.get("/progress/lai-chau?lang=en").get_data(as_text=True)
    assert '<dd data-obs-status="E">Estimated value</dd>' in en


def test_every_document_shows_where_it_was_published_and_duplicates_say_their_document(progress_app):
    main = progress_app.test_client().get("/progress/lang-son?lang=en").get_data(as_text=True)
    documents = main.split('id="documents"', 1)[1]
    items = documents.split("</ul>", 1)[0].count("<li>")
    assert items >= 2 and documents.count('class="document-source"') == items
    assert "Báo Lạng Sơn" in documents and "baolangson.vn" in documents
    rows = re.findall(r'<tr id="t-[^"]+" data-status="[^"]+">(.*?)</tr>', main, re.S)
    forest = [r for r in rows if 'href="/id/indicator/forest-cover"' in r and "(2025" in r]
    assert len(forest) == 2 and all('class="from-document"' in r for r in forest)
    assert len({re.search(r'class="from-document">from <a href="([^"]+)"', r).group(1) for r in forest}) == 2


def test_the_vietnamese_page_gives_the_reasons_in_vietnamese(progress_app) -> None:
    client = progress_app.test_client()
    page = client.get("/progress/lai-chau?lang=vi").get_data(as_text=True)
    assert "mỗi năm (2021–2023) thấp hơn 57% so với mức 9 mỗi năm" in page
    assert "short of" not in page and "on the straight line" not in page
    english = client.get("/progress/lai-chau?lang=en").get_data(as_text=True)
    assert "57% short of 9 per year" in english and "thấp hơn" not in english

"""The four questions users asked most, answered in headless Chromium from / by following links only,
in at most three clicks, on the real build served on 127.0.0.1, at 1280 and 390 px (no sideways
scrolling on any page on the way); screenshots ``*.screenshot.png`` in the test's tmp dir.

(a) Lai Châu's 2025 forest-cover target and whether it is on track; (b) which bodies lead and
coordinate Lạng Sơn's programme 5; (c) which indicators both provinces target, with both values;
(d) where in the source a given target comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from livesite import serve_app

pytestmark = pytest.mark.browser

BASE = "https://w3id.org/nghiquyet/id/"
FOREST = "indicator/forest-cover"
WIDTHS = [1280, 390]


@pytest.fixture(scope="module")
def site(built_settings) -> Iterator[str]:
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings)
    with serve_app(app) as url:
        yield url
    get_store(app).close()


@pytest.fixture(scope="module")
def graph(site):
    """Ask the served graph (its SPARQL endpoint) what the pages should say."""
    def select(query: str) -> list[dict[str, str]]:
        response = requests.post(site + "/sparql", data={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]
    return select


class Visit:
    """A person in Chromium: starts at /, follows links (counted), never types an address."""

    def __init__(self, browser, site: str, width: int, lang: str = "vi") -> None:
        self.context = browser.new_context(locale="vi-VN" if lang == "vi" else "en-GB",
                                           viewport={"width": width, "height": 900})
        self.tab = self.context.new_page()
        self.width, self.clicks, self.errors, self.outside = width, 0, [], []
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.tab.on("request", lambda r: self.outside.append(r.url) if not r.url.startswith(site) else None)
        self.tab.goto(site + "/")
        self.fits()

    def fits(self) -> None:
        width = self.tab.evaluate("document.scrollingElement.scrollWidth")
        assert width <= self.width, f"{self.tab.url} is {width} px wide at {self.width} px"

    def follow(self, link) -> None:
        link.scroll_into_view_if_needed()
        with self.tab.expect_navigation():
            link.click()
        self.clicks += 1
        self.fits()

    def shoot(self, folder: Path, name: str) -> None:
        path = folder / f"{name}-{self.width}.screenshot.png"
        self.tab.screenshot(path=str(path), full_page=self.width < 1000)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000

    def done(self) -> None:
        assert self.clicks <= 3 and self.errors == [] and self.outside == []
        self.context.close()


def _status(graph, target: str) -> str:
    rows = graph("PREFIX nq: <https://w3id.org/nghiquyet/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                 f"SELECT ?status WHERE {{ ?a nq:assesses <{target}> ; nq:progressStatus/skos:notation ?status }}")
    return rows[0]["status"]


def _forest_target(graph, province: str) -> str:
    rows = graph(f"PREFIX nq: <https://w3id.org/nghiquyet/ontology#> SELECT ?t WHERE {{ ?t a nq:Target ; "
                 f"nq:indicator <{BASE}{FOREST}> ; nq:province <{BASE}province/{province}> ; nq:year ?y "
                 "FILTER(STR(?y) = '2025') } ORDER BY ?t LIMIT 1")
    return rows[0]["t"]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lai_chau_forest_cover_2025_and_whether_it_is_on_track(browser, site, graph, width, tmp_path):
    target = _forest_target(graph, "lai-chau")
    words = {"achieved": "đã đạt", "on track": "đúng tiến độ", "at risk": "có nguy cơ", "off track": "chậm tiến độ",
             "not achieved": "không đạt", "no data": "chưa có số liệu"}
    visit = Visit(browser, site, width)
    visit.follow(visit.tab.locator("header.site a[href='/progress']"))
    visit.follow(visit.tab.locator("main a", has_text="Lai Châu"))
    row = visit.tab.locator("tr", has=visit.tab.locator("a", has_text="che phủ rừng")).first
    text = row.inner_text()
    assert "54 %" in text and "2025" in text
    assert words[_status(graph, target)] in row.locator(".status").inner_text()
    assert row.locator("a").first.get_attribute("href").startswith("/id/")  # local pages, not w3id.org
    visit.shoot(tmp_path, "a-progress")
    visit.follow(row.locator(f"a[href='/id/{target.removeprefix(BASE)}']"))
    answer = visit.tab.locator("#answer")
    assert "54 %" in answer.locator("dd.value").inner_text() and answer.locator("dd.period").inner_text() == "2025"
    assert answer.locator("#progress .status").inner_text() == words[_status(graph, target)]
    assert answer.locator("svg.progress-chart").count() == 1
    visit.shoot(tmp_path, "a-target")
    visit.done()


@pytest.mark.parametrize("width", WIDTHS)
def test_b_the_bodies_leading_and_coordinating_lang_son_programme_5(browser, site, width, tmp_path):
    visit = Visit(browser, site, width)
    visit.follow(visit.tab.locator("a[href$='lang-son-2020-chuong-trinh-hanh-dong-xvii/programme/5']").first)
    rows = visit.tab.locator("#bodies tbody tr")
    roles = {}
    for i in range(rows.count()):
        roles.setdefault(rows.nth(i).locator("td.role").inner_text(), []).append(rows.nth(i).locator("td.body").inner_text())
    assert roles["chủ trì"] == ["Ban Tổ chức Tỉnh ủy"]
    assert len(roles["phối hợp"]) == 5 and "Ủy ban Kiểm tra Tỉnh ủy" in roles["phối hợp"]
    assert visit.tab.locator("#bodies ol.quote-list > li").count() == 1  # the one sentence, quoted once
    visit.shoot(tmp_path, "b-programme")
    visit.follow(visit.tab.locator("#bodies td.body a", has_text="Ban Tổ chức Tỉnh ủy"))
    assert "programme/5" in visit.tab.locator("#assigned [data-role] + ul a").first.get_attribute("href")
    visit.done()


@pytest.mark.parametrize("width", WIDTHS)
def test_c_the_indicators_both_provinces_target_with_both_values(browser, site, width, tmp_path):
    visit = Visit(browser, site, width)
    visit.follow(visit.tab.locator("header.site a[href='/indicators']"))
    shared = visit.tab.locator("tr.shared")
    assert shared.count() >= 3
    forest = visit.tab.locator(f"tr[data-indicator='{BASE}{FOREST}']")
    text = forest.inner_text()
    assert "54 %" in text and "65 %" in text
    visit.shoot(tmp_path, "c-indicators")
    visit.follow(forest.locator("a.compare"))
    provinces = visit.tab.locator("#provinces tbody tr.province")
    assert {provinces.nth(i).get_attribute("data-province") for i in range(provinces.count())} >= {
        BASE + "province/lai-chau", BASE + "province/lang-son"}
    visit.done()


@pytest.mark.parametrize("width", WIDTHS)
def test_d_where_in_the_source_a_target_comes_from(browser, site, graph, width, tmp_path):
    target = _forest_target(graph, "lai-chau")
    visit = Visit(browser, site, width)
    visit.follow(visit.tab.locator("header.site a[href='/indicators']"))
    visit.follow(visit.tab.locator(f"a[href='/id/{target.removeprefix(BASE)}']"))
    quote = visit.tab.locator("#source-text blockquote").first
    assert quote.locator("mark").inner_text() == "54%" and "che phủ rừng" in quote.inner_text()
    assert "Lai Châu" in visit.tab.locator("#answer dd.document").inner_text()
    visit.shoot(tmp_path, "d-target")
    visit.follow(quote.locator("a", has_text="Xem trong văn bản"))
    assert visit.tab.locator("mark#hl").inner_text() == "54%"
    assert re.search(r"che phủ rừng\s*$", visit.tab.evaluate(
        "document.getElementById('hl').previousSibling ? document.getElementById('hl').previousSibling.textContent.slice(-40) : ''"))
    visit.shoot(tmp_path, "d-source")
    visit.done()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/progress/lai-chau", "/progress/lang-son",
                                  "/id/doc/lang-son-2020-chuong-trinh-hanh-dong-xvii",
                                  "/id/doc/lang-son-2020-chuong-trinh-hanh-dong-xvii/programme/5",
                                  "/id/body/lang-son/ban-to-chuc-tinh-uy"])
def test_the_pages_hold_at_phone_width(browser, site, width, path, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site + path)
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= width
    name = re.sub(r"[^a-z0-9]+", "-", path).strip("-")
    tab.screenshot(path=str(tmp_path / f"{name}-{width}.screenshot.png"), full_page=width < 1000)
    context.close()

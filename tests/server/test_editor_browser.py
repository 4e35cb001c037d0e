"""The query editor in headless Chromium against a real server on 127.0.0.1 over the session build:
highlighting, completion, the server's error position, paged sortable results with /id links,
permalinks that run, downloads with the right names and media types, examples in both languages,
and screenshots at 1280 and 390 px without sideways scrolling."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from livesite import serve_app
from nghiquyet.server.editor import DOWNLOADS

pytestmark = pytest.mark.browser

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
TARGETS = """PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
SELECT ?target ?province ?value WHERE { ?target a nq:Target ; nq:province ?province ; nq:value ?value }"""
CONSTRUCT = """CONSTRUCT { ?p ?q ?o } WHERE {
  VALUES ?p { <https://w3id.org/nghiquyet/id/doc/lang-son-2020-chuong-trinh-hanh-dong-xvii/programme/5> }
  ?p ?q ?o }"""
BROKEN = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?x = ) }"
DONE = re.compile(r"^(\d+ (dòng|rows|bộ ba|triples)|Lỗi|Error)")
KEYWORD_COLOUR = "rgb(122, 31, 162)"  # the highlight style's colour for keywords (query-editor.js)


@pytest.fixture(scope="module")
def site(built_settings) -> Iterator[str]:
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings)
    with serve_app(app) as url:
        yield url
    get_store(app).close()


def open_page(browser, width: int = 1280, locale: str = "vi-VN"):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.page_errors = errors  # type: ignore[attr-defined]
    return context, tab


@pytest.fixture()
def tab(browser):
    context, page = open_page(browser)
    yield page
    assert page.page_errors == []
    context.close()


def set_query(tab, text: str) -> None:
    tab.locator(".cm-content").click()
    tab.keyboard.press("Control+a")
    tab.keyboard.press("Delete")
    tab.keyboard.insert_text(text)


def run(tab, text: str) -> None:
    set_query(tab, text)
    tab.locator("#run").click()
    tab.locator("#status").filter(has_text=DONE).wait_for()


def no_sideways_scroll(tab) -> None:
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= tab.viewport_size["width"], f"page is {width} px wide"


def test_the_editor_highlights_sparql(tab, site):
    tab.goto(site + "/query")
    keyword = tab.locator(".cm-line span", has_text="SELECT").first
    assert keyword.evaluate("node => getComputedStyle(node).color") == KEYWORD_COLOUR
    variable = tab.locator(".cm-line span", has_text="?document").first
    assert variable.evaluate("node => getComputedStyle(node).color") not in (KEYWORD_COLOUR, "rgb(29, 36, 48)")
    assert tab.locator(".cm-gutters .cm-lineNumbers").count() == 1


def test_completion_offers_a_prefix_and_declares_it(tab, site):
    tab.goto(site + "/query")
    set_query(tab, "SELECT * WHERE { ?s a n")
    tab.keyboard.press("Control+Space")
    options = tab.locator(".cm-tooltip-autocomplete li")
    options.first.wait_for()
    assert "nq:" in options.all_inner_texts()[0] or any(o.startswith("nq:") for o in options.all_inner_texts())
    tab.locator(".cm-tooltip-autocomplete li", has_text="nq:").first.click()
    tab.keyboard.insert_text("Targ")
    tab.keyboard.press("Control+Space")
    target = tab.locator(".cm-tooltip-autocomplete li", has_text="nq:Target").first
    target.wait_for()
    assert "lớp" in target.inner_text()  # its kind, in the page language
    target.click()
    text = tab.locator("#query").input_value()
    assert text.startswith("PREFIX nq: <https://w3id.org/nghiquyet/ontology#>\n") and text.endswith("?s a nq:Target")


def test_completion_finds_resources_by_label(tab, site):
    tab.goto(site + "/query")
    set_query(tab, "SELECT * WHERE { ?s ?p Lạng")
    tab.keyboard.press("Control+Space")
    option = tab.locator(".cm-tooltip-autocomplete li", has_text="Lạng Sơn").first
    option.wait_for()
    option.click()
    assert tab.locator("#query").input_value().endswith("?p <https://w3id.org/nghiquyet/id/province/lang-son>")


def test_a_broken_query_shows_the_servers_error_position(tab, site):
    tab.goto(site + "/query")
    run(tab, BROKEN)
    assert tab.locator("#status.error").count() == 1
    assert tab.locator("#query-error .error-position").inner_text() == "Lỗi ở dòng 3, cột 18"
    assert "3:18" in tab.locator("#query-error pre").inner_text()
    mark = tab.locator(".cm-lintRange-error")
    assert mark.count() == 1
    assert tab.locator(".cm-line").nth(2).locator(".cm-lintRange-error").count() == 1  # on line 3
    tab.keyboard.insert_text(" ")  # editing clears the mark
    assert tab.locator(".cm-lintRange-error").count() == 0


def test_many_rows_are_paged_and_sortable(tab, site, tmp_path):
    tab.goto(site + "/query")
    run(tab, ALL_TRIPLES)
    total = int(tab.locator("#status").inner_text().split()[0])
    assert total > 12_000
    body = tab.locator("#result-table tbody tr")
    assert body.count() == 100  # one page drawn, not every row
    assert f"/ {total}" in tab.locator(".page-position").inner_text()
    tab.locator(".results-paging button", has_text="Trang sau").click()
    assert "Dòng 101–200" in tab.locator(".page-position").inner_text() and body.count() == 100
    tab.select_option(".results-paging select", "500")
    assert body.count() == 500
    header = tab.locator("th", has_text="p")
    tab.locator("th button.sort", has_text="p").click()
    assert header.get_attribute("aria-sort") == "ascending"
    first = tab.locator("#result-table tbody tr").first.locator("td").nth(1).inner_text()
    tab.locator("th button.sort", has_text="p").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert tab.locator("#result-table tbody tr").first.locator("td").nth(1).inner_text() != first
    links = tab.locator("#result-table tbody a[href^='/id/']")
    assert links.count() > 0


def test_iris_are_named_and_link_to_local_pages(tab, site):
    tab.goto(site + "/query")
    run(tab, TARGETS)
    tab.locator("th button.sort", has_text="province").click()
    province = tab.locator("#result-table tbody tr").first.locator("td").nth(1).locator("a")
    assert province.get_attribute("href") in ("/id/province/lai-chau", "/id/province/lang-son")
    province.filter(has_text=re.compile(r"^(Lai Châu|Lạng Sơn)$")).wait_for()  # named once its label arrives
    assert province.get_attribute("title").startswith("https://w3id.org/nghiquyet/id/province/")
    href = province.get_attribute("href")
    assert requests.get(site + href, timeout=30).status_code == 200


def test_a_permalink_runs_its_query(tab, site):
    tab.goto(site + "/query?query=" + quote(TARGETS))
    tab.wait_for_selector("#result-table tbody tr")
    assert "dòng" in tab.locator("#status").inner_text()
    assert tab.locator("#permalink").get_attribute("href") == "/query?query=" + quote(TARGETS, safe="-_.!~*'()")


@pytest.mark.parametrize("query, kind", [(TARGETS, "results"), (CONSTRUCT, "graph")])
def test_downloads_match_the_query_form(tab, site, query, kind):
    tab.goto(site + "/query")
    run(tab, query)
    formats = dict(DOWNLOADS)[kind]
    other = next(k for k, _ in DOWNLOADS if k != kind)
    assert tab.locator(f".downloads[data-kind='{other}']").is_hidden()
    for name, media_type, extension, _ in formats:
        link = tab.locator(f"#download-{extension}")
        assert link.is_visible()
        with tab.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == f"results.{extension}"
        assert Path(info.value.path()).stat().st_size > 0
        response = requests.get(site + link.get_attribute("href"), timeout=60)
        assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == media_type
    if kind == "graph":  # a CONSTRUCT's triples are a table too, and its JSON is JSON-LD, never Turtle
        assert "bộ ba" in tab.locator("#status").inner_text()
        assert tab.locator("#result-table thead").inner_text().split() == ["subject", "predicate", "object"]
        assert tab.locator("#download-json").is_hidden() and tab.locator("#download-jsonld").inner_text() == "JSON-LD"


@pytest.mark.parametrize("locale, lang, title", [("vi-VN", "vi", "Các văn bản đã công bố"),
                                                 ("en-GB", "en", "The published documents")])
def test_examples_are_titled_in_the_page_language(browser, site, locale, lang, title):
    context, tab = open_page(browser, locale=locale)
    tab.goto(site + "/query")
    assert tab.locator("html").get_attribute("lang") == lang
    assert tab.locator("#examples option[value=documents]").inner_text() == title
    tab.select_option("#examples", "forest-cover-targets")
    assert "indicator/forest-cover" in tab.locator(".cm-content").inner_text()
    tab.locator("#run").click()
    tab.wait_for_selector("#result-table tbody tr")
    assert tab.page_errors == []
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_without_sideways_scroll(browser, site, tmp_path, width):
    context, tab = open_page(browser, width=width)
    tab.goto(site + "/query")
    run(tab, TARGETS)
    no_sideways_scroll(tab)
    path = tmp_path / f"query-{width}.png"
    tab.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    run(tab, BROKEN)
    no_sideways_scroll(tab)
    tab.screenshot(path=str(tmp_path / f"query-error-{width}.png"), full_page=True)
    assert tab.page_errors == []
    context.close()


def test_ask_answers_in_words_and_values_stay_text(tab, site):
    tab.goto(site + "/query")
    set_query(tab, "ASK { ?s a <https://w3id.org/nghiquyet/ontology#Target> }")
    tab.locator("#run").click()
    tab.locator("p.boolean").wait_for()
    assert tab.locator("p.boolean").inner_text() == "Có (true)"
    assert tab.locator(".downloads[data-kind='results']").is_visible()
    run(tab, 'SELECT ?v WHERE { BIND("<b id=\\"x\\">đậm</b>" AS ?v) }')
    assert tab.locator("#result-table tbody td").first.inner_text() == '<b id="x">đậm</b>'
    assert tab.locator("#result-table b").count() == 0

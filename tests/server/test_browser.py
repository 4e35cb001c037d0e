"""Headless Chromium against a real server on 127.0.0.1: home, resource, source view, query editor.

The app serves the fixture dataset through werkzeug's ``make_server`` in a thread; screenshots go
to ``tmp_path`` and are checked to be non-blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import shutil

import pyoxigraph
import pytest

from livesite import serve_app
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "dataset.trig"
DOC_ID = "lai-chau-2020-nghi-quyet-dai-hoi-xiv"
QUANTITY = f"doc/{DOC_ID}/quantity/2-3-1-toc-do-tang-truong-grdp-9"
EXAMPLE = """#+ summary: Targets and their values
#+ columns: [target, value]
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
SELECT ?target ?value WHERE { ?target a nq:Target ; nq:value ?value } ORDER BY ?value
"""


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, in a thread, until the module's tests are done."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    root = tmp_path_factory.mktemp("site")
    queries = root / "queries"
    shutil.copytree(PROJECT_ROOT / "queries" / "pages", queries / "pages")
    (queries / "targets.rq").write_text(EXAMPLE, encoding="utf-8")
    settings = Settings.from_env(data_dir=root / "data", queries_dir=queries, page_size=2)
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    app = create_app(settings, store=OxigraphStore.from_store(store, settings))
    with serve_app(app) as url:
        yield url


@pytest.fixture()
def page(browser, live_url):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors  # type: ignore[attr-defined]
    yield tab
    context.close()


def shoot(tab, path: Path) -> Path:
    """Screenshot ``tab`` to ``path`` and check it is not a blank page."""
    tab.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    return path


def assert_non_blank(tab) -> None:
    """The rendered page has visible text and a styled header (the stylesheet loaded)."""
    colour = tab.evaluate("getComputedStyle(document.querySelector('header.site')).borderBottomColor")
    assert colour == "rgb(155, 28, 28)"  # from style.css, so the stylesheet was applied


def test_home_page(page, live_url, tmp_path):
    page.goto(live_url + "/")
    assert page.locator("h1").inner_text() == "Nghị quyết — dữ liệu liên kết"
    documents = page.locator("#documents tbody tr")
    assert documents.count() == 1
    assert "Lai Châu" in documents.first.inner_text()
    assert page.locator("#counts").inner_text().count("nq:") >= 5
    assert_non_blank(page)
    shoot(page, tmp_path / "home.png")
    page.locator("header nav.lang a", has_text="EN").click()
    assert page.locator("#documents h2").inner_text() == "Source documents"
    assert page.console_errors == []


def test_resource_page(page, live_url, tmp_path):
    page.goto(f"{live_url}/id/{QUANTITY}")
    assert "Tốc độ tăng trưởng GRDP" in page.locator("#properties").inner_text()
    quote = page.locator("#provenance blockquote q").first
    assert quote.inner_text() == "9-10%/năm"
    shoot(page, tmp_path / "resource.png")
    page.locator("#provenance a", has_text="Xem trong văn bản").first.click()
    page.wait_for_url("**/source/**")
    assert page.locator("mark#hl").inner_text() == "9-10%/năm"
    assert page.evaluate("document.getElementById('hl').getBoundingClientRect().top") >= 0
    shoot(page, tmp_path / "source-highlight.png")
    assert page.console_errors == []


def test_grouped_and_paged_incoming_links(page, live_url):
    page.goto(f"{live_url}/id/province/lai-chau?lang=en")
    assert page.locator("#incoming .incoming-group").first.get_attribute("data-kind") == "nq-Target-nq-province"
    page.locator("#incoming a.more").first.click()
    assert "Page 1 of 2" in page.locator("#incoming").inner_text()
    page.locator("#incoming a[rel=next]").click()
    assert "Page 2 of 2" in page.locator("#incoming").inner_text()


def test_source_document_view(page, live_url, tmp_path):
    page.goto(f"{live_url}/source/{DOC_ID}")
    text = page.locator("#doc-text").inner_text()
    assert "Các chỉ tiêu chủ yếu" in text
    assert '<script>alert("x")</script>' in text  # shown as text, not run
    assert page.locator("#doc-text script").count() == 0 and page.locator("mark").count() == 0
    shoot(page, tmp_path / "source.png")
    full = page.evaluate("document.getElementById('doc-text').textContent")
    start = full.index("Ban Tổ chức Tỉnh ủy")
    page.goto(f"{live_url}/source/{DOC_ID}#char={start},{start + len('Ban Tổ chức Tỉnh ủy')}")
    page.reload()
    assert page.locator("mark#hl").inner_text() == "Ban Tổ chức Tỉnh ủy"
    assert page.console_errors == []


def set_query(tab, text: str) -> None:
    """Replace the editor's text as a person would (select all, then type it in)."""
    tab.locator(".cm-content").click()
    tab.keyboard.press("Control+a")
    tab.keyboard.insert_text(text)


def test_query_page_runs_a_query(page, live_url, tmp_path):
    page.goto(live_url + "/query")
    page.select_option("#examples", "targets")
    assert "nq:Target" in page.locator("#query").input_value()
    assert "nq:Target" in page.locator(".cm-content").inner_text()
    page.locator("#run").click()
    page.wait_for_selector("#result-table table tbody tr")
    rows = page.locator("#result-table tbody tr")
    assert rows.count() == 3
    assert page.locator("#result-table thead").inner_text().split() == ["target", "value"]
    assert "quantity/2-3-2-ty-le-ho-ngheo-3" in rows.first.locator("a").first.get_attribute("href")
    assert rows.first.locator("a").first.get_attribute("href").startswith("/id/doc/")
    assert "3 dòng" in page.locator("#status").inner_text()
    with page.expect_download() as download_info:
        page.locator("#download-csv").click()
    assert download_info.value.suggested_filename == "results.csv"
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == "target,value" and len(csv_text.splitlines()) == 4
    assert "format=json" in page.locator("#download-json").get_attribute("href")
    assert "query=" in page.url  # permalink in the address bar
    shoot(page, tmp_path / "query.png")
    permalink = page.url
    page.goto(permalink)
    assert "nq:Target" in page.locator("#query").input_value()
    page.wait_for_selector("#result-table table tbody tr")  # a permalink runs its query
    assert page.console_errors == []


def test_query_errors_are_shown_as_text(page, live_url):
    page.goto(live_url + "/query")
    set_query(page, "SELECT <script>alert(1)</script> WHERE {")
    page.locator("#run").click()
    page.wait_for_selector("#status.error")
    assert page.locator("#results script").count() == 0
    assert "400" in page.locator("#query-error").inner_text()
    assert "<script>alert(1)</script>" in page.locator(".cm-content").inner_text()

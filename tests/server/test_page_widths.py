"""Every page kind in headless Chromium on the real build, in Vietnamese and English, at 1280 and 390 px
(the site's pages and seven kinds of /id page; the other fifteen kinds of /id page at 390 px):
no sideways scrolling (``document.documentElement.scrollWidth`` ≤ the viewport), the ontology's
contents panel over no text, the page in the language asked (``<html lang>``) with no interface
string of the other language (tests/server/page_languages.py; the query page after running its
query, the network after drawing it), no script error; screenshots
``<kind>-<lang>-<width>.screenshot.png`` in the test's tmp dir.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from livesite import serve_app
from page_kinds import EXTRA, PAGES, page_paths
from page_languages import VISIBLE, leaks

pytestmark = pytest.mark.browser

#: Boxes of visible text that must not lie under another element's box (the contents panel).
OVERLAP = """() => {
  const toc = document.querySelector('nav.toc');
  if (!toc) return [];
  const t = toc.getBoundingClientRect();
  const hits = [];
  for (const el of document.querySelectorAll('main h1, main h2, main h3, main p, main td, main dd')) {
    if (toc.contains(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.height && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top)
      hits.push(el.tagName + ': ' + el.textContent.slice(0, 40));
  }
  return hits;
}"""


@pytest.fixture(scope="module")
def site(built_settings) -> Iterator[str]:
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings)
    with serve_app(app) as url:
        yield url
    get_store(app).close()


@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    return page_paths(site)


CASES = [(kind, width) for kind in PAGES for width in (1280, 390)] + [(kind, 390) for kind in EXTRA]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind, width", CASES)
def test_the_page_holds_its_width_in_its_language(browser, site, pages, kind, width, lang, tmp_path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    path = pages[kind]
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    response = tab.goto(site + path + ("&" if "?" in path else "?") + "lang=" + lang)
    assert response is not None and response.status == (404 if kind == "not-found" else 200)
    if kind == "network":
        tab.wait_for_selector("#network-view[data-ready='true']", timeout=20000)
    if kind == "query":  # run the example: the result table's own strings too
        tab.locator("#run").click()
        tab.wait_for_selector("#result-table table", timeout=20000)
    assert tab.evaluate("document.documentElement.lang") == lang
    texts = tab.evaluate(VISIBLE, lang)
    assert len(texts) > 5 and leaks(texts, lang) == set()
    scroll = tab.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{path} is {scroll} px wide at {width} px ({lang})"
    assert tab.evaluate(OVERLAP) == []
    shot = tmp_path / f"{kind}-{lang}-{width}.screenshot.png"
    tab.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert errors == []
    context.close()

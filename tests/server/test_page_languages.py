"""Both languages complete on every page kind, in headless Chromium on the real build (scripts run,
charts and legends drawn): a Vietnamese page shows no interface string in English and an English
page none in Vietnamese, in its text, SVG and ``title`` / ``placeholder`` / ``aria-label`` attributes.

The interface strings are the project's translation tables; text inside an element marked with the
other language (a data label, a quote) is data and is left out. The named queries' English summaries
never show on a Vietnamese page (their Vietnamese wording is queries/api-vi.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livesite import serve_app
from page_kinds import PAGES, page_paths

pytestmark = pytest.mark.browser

#: Text nodes and labelling attributes of the page, outside code, scripts, the editor, the result
#: table's column names (the query's variables), and elements
#: in another language than the page's.
VISIBLE = """(lang) => {
  const out = [];
  const foreign = (el) => { const l = el.closest('[lang]'); return l && l !== document.documentElement && l.getAttribute('lang') !== lang; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim(), el = node.parentElement;
    if (!text || el.closest('script, style, code, pre, textarea, .cm-editor, option, table.results th') || foreign(el)) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]'))
    if (!foreign(el)) for (const a of ['title', 'placeholder', 'aria-label']) if (el.getAttribute(a)) out.push(el.getAttribute(a).trim());
  return out;
}"""


def _tables() -> list[tuple[str, str]]:
    from nghiquyet.server.i18n import STRINGS
    from nghiquyet.server.indicator_pages import STRINGS as INDICATOR_STRINGS

    pairs = list(STRINGS.values()) + list(INDICATOR_STRINGS.values())
    return [(vi, en) for vi, en in pairs if vi != en and "{" not in vi + en]


def _summaries() -> list[str]:
    from nghiquyet.graph.named_queries.loader import load_queries
    from repo_paths import PROJECT_ROOT

    return [q.summary for q in load_queries(Path(PROJECT_ROOT / "queries")).values()]


def leaks(texts: list[str], lang: str) -> set[str]:
    """The interface strings of the other language among ``texts`` (whole, or inside a long text)."""
    other = {en if lang == "vi" else vi for vi, en in _tables()}
    own = {vi if lang == "vi" else en for vi, en in _tables()}
    wrong = other - own
    if lang == "vi":
        wrong |= set(_summaries())
    found = set()
    for text in texts:
        bare = text.rstrip(":").strip()
        if bare in wrong:
            found.add(bare)
        found |= {w for w in wrong if len(w) >= 24 and w in text}
    return found


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


def test_the_check_finds_a_leak() -> None:
    english, vietnamese = "Download the network", "Tải mạng lưới"
    assert leaks(["x", english], "vi") == {english} and leaks([vietnamese + ":"], "en") == {vietnamese}
    assert leaks([english, "Lai Châu"], "en") == set() and leaks([vietnamese], "vi") == set()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_string_of_the_other_language(browser, site, pages, kind, lang) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    path = pages[kind]
    tab.goto(site + path + ("&" if "?" in path else "?") + "lang=" + lang)
    if kind == "network":
        tab.wait_for_selector("#network-view[data-ready='true']", timeout=20000)
    if kind == "query":  # run the example: the result table's own strings too
        tab.locator("#run").click()
        tab.wait_for_selector("#result-table table, table.results", timeout=20000)
    texts = tab.evaluate(VISIBLE, lang)
    assert len(texts) > 5
    assert leaks(texts, lang) == set(), path
    context.close()

"""/network in headless Chromium: the view draws nodes and edges, offline, within the CSP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livesite import serve_app
from test_network import network_app

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(network_app(tmp_path_factory.mktemp("network-data"))) as url:
        yield url


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if not route.request.url.startswith(url.split("/network")[0]) else route.continue_())
    page.goto(url)
    page.wait_for_selector("#network-view[data-ready='true']", timeout=20_000)
    return page, problems, outside


def test_network_page_draws(browser, base_url: str, tmp_path: Path) -> None:
    page, problems, outside = _open(browser, base_url + "/network?lang=en")
    counts = page.evaluate("() => [window.nghiquyetNetwork.nodes().length, window.nghiquyetNetwork.edges().length]")
    assert counts == [20, 19]
    visible = page.evaluate("() => window.nghiquyetNetwork.edges().filter(e => e.visible()).length")
    assert visible == 19
    assert page.locator("canvas").count() > 0
    shot = tmp_path / "network.screenshot.png"
    page.locator("#network-view").screenshot(path=str(shot))
    assert shot.stat().st_size > 5_000  # a drawn graph, not a blank box
    assert not problems, problems
    assert not outside, f"requests left the site: {outside}"
    page.close()


def test_filter_and_click_through(browser, base_url: str) -> None:
    page, problems, _ = _open(browser, base_url + "/network")
    page.select_option("#filter-province", "lai-chau")
    page.wait_for_function("() => window.nghiquyetNetwork && window.nghiquyetNetwork.edges().length === 2")
    assert "province=lai-chau" in page.url
    position = page.evaluate("""() => {
        const node = window.nghiquyetNetwork.getElementById('body/vn/bo-giao-thong-van-tai');
        const p = node.renderedPosition();
        const box = document.getElementById('network-view').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""")
    with page.expect_navigation():
        page.mouse.click(*position)
    assert page.url.endswith("/id/body/vn/bo-giao-thong-van-tai")
    assert not [p for p in problems if "404" not in p], problems
    page.close()

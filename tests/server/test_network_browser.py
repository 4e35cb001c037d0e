"""/network in headless Chromium: the view draws nodes and edges, offline, within the CSP."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_network import network_app

pytestmark = pytest.mark.browser

def chromium_path() -> str | None:
    """The Debian Chromium to drive, or None when it is not installed."""
    candidate = os.environ.get("NGHIQUYET_CHROMIUM", "/usr/bin/chromium")
    return candidate if Path(candidate).exists() else shutil.which("chromium")


LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from werkzeug.serving import make_server

    app = network_app(tmp_path_factory.mktemp("network-data"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium, or set NGHIQUYET_CHROMIUM)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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

"""The /api documentation page runs a query in headless Chromium against a real loopback server."""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from pathlib import Path

import pytest

from graph.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("nq_support", PROJECT_ROOT / "tests/named_queries/support.py")
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)  # type: ignore[union-attr]

CHROMIUM = os.environ.get("NGHIQUYET_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """A werkzeug server on 127.0.0.1 (free port) over the fixture graph, stopped after the module."""
    from werkzeug.serving import make_server

    from server.app import create_app
    from server.store import OxigraphStore

    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("browser"))
    app = create_app(settings, store=OxigraphStore.from_store(support.fixture_store(), settings))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (set NGHIQUYET_CHROMIUM)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_try_it_form_runs_the_indicator_comparison(page, base_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.goto(f"{base_url}/api#q-indicator-comparison")
    section = page.locator("#q-indicator-comparison")
    section.locator("select[name=kind]").select_option("target")
    section.locator("button[type=submit]").click()
    table = section.locator(".api-result table")
    table.wait_for(timeout=15000)
    text = table.inner_text()
    assert "Lai Châu" in text and "Lạng Sơn" in text
    cells = [c.strip() for c in section.locator(".api-result td").all_inner_texts()]
    assert "54" in cells and "65" in cells
    assert "200" in section.locator(".api-status").inner_text()
    assert not errors, errors


def test_try_it_shows_a_parameter_error(page, base_url: str) -> None:
    page.goto(f"{base_url}/api#q-quantities")
    section = page.locator("#q-quantities")
    section.locator("input[name=province]").fill('bad"iri')
    section.locator("button[type=submit]").click()
    error = section.locator(".api-error")
    error.wait_for(timeout=15000)
    assert "province" in error.inner_text()

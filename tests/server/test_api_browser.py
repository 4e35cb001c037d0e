"""The /api documentation page runs a query in headless Chromium against a real loopback server."""

from __future__ import annotations

import importlib.util

import pytest

from livesite import serve_app
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("nq_support", PROJECT_ROOT / "tests/named_queries/support.py")
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)  # type: ignore[union-attr]



@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """A werkzeug server on 127.0.0.1 (free port) over the fixture graph, stopped after the module."""

    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("browser"))
    app = create_app(settings, store=OxigraphStore.from_store(support.fixture_store(), settings))
    with serve_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser):
    tab = browser.new_page()
    yield tab
    tab.close()


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

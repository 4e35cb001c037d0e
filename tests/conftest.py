"""Fixtures shared by every test folder: the project, ``../shared``, and one real build of the corpus.

Every record set extracted while the tests run is checked against the record contract
(``mappings/records.schema.json`` and the span rule, :mod:`nghiquyet.graph.contract`): a test that
extracts anything, the session build included, fails when the records break it.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

SHARED_DIR = Path(os.environ.get("NGHIQUYET_SHARED", PROJECT_ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD_CSV = FIXTURES / "gold" / "targets.csv"


def pytest_configure(config: pytest.Config) -> None:
    """Wrap ``extract_document`` (before any test module imports it) to check every record set."""
    from nghiquyet.graph.contract import check_records
    from nghiquyet.graph.extract import document

    extract = document.extract_document
    if getattr(extract, "checks_contract", False):
        return

    @functools.wraps(extract)
    def checked(*args: Any, **kwargs: Any) -> dict[str, Any]:
        records = extract(*args, **kwargs)
        check_records(records)
        return records

    checked.checks_contract = True  # type: ignore[attr-defined]
    document.extract_document = checked


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """The Debian Chromium the browser tests drive, or None when it is not installed."""
    candidate = os.environ.get("NGHIQUYET_CHROMIUM", "/usr/bin/chromium")
    return candidate if Path(candidate).exists() else shutil.which("chromium")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (W3C tests, devset, statistics); tests that need it skip without it."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"needs {SHARED_DIR} (the W3C files and devset are not part of the repository)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session")
def _session_build(tmp_path_factory: pytest.TempPathFactory):
    from nghiquyet.graph.build import build_dataset

    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("data"))
    return settings, build_dataset(settings)


@pytest.fixture(scope="session")
def built_settings(_session_build) -> Settings:
    """Settings whose store_dir and dumps_dir hold a real build of corpus/ (built once per session)."""
    return _session_build[0]


@pytest.fixture(scope="session")
def build_result(_session_build):
    """The BuildResult of the session build (version, graph sizes, records)."""
    return _session_build[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never Playwright's own download)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium, or set NGHIQUYET_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()

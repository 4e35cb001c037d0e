"""Data for the named-query tests: the real build when it works, else the small fixture TriG.

``tests/conftest.py`` builds the corpus once per session (``built_settings``). Until the whole
pipeline runs, the tests fall back to ``fixtures/sample.trig`` (same vocabulary and IRIs, values
from the gold standard) and say so in the test report.
"""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

FIXTURE_TRIG = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
BASE = "https://w3id.org/nghiquyet/id/"


def fixture_store() -> pyoxigraph.Store:
    """An in-memory store holding ``fixtures/sample.trig``."""
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE_TRIG), format=pyoxigraph.RdfFormat.TRIG)
    return store


def graph_store(request: pytest.FixtureRequest) -> tuple[pyoxigraph.Store, str]:
    """(store, origin): the session build read-only, or the fixture when the build fails."""
    try:
        settings = request.getfixturevalue("built_settings")
        store = pyoxigraph.Store.read_only(str(settings.store_dir))
        if len(store) > 0:
            return store, "build"
    except Exception as exc:  # noqa: BLE001 - any build failure means: use the fixture
        warnings.warn(f"named-query tests use the fixture graph; the build failed: {type(exc).__name__}: {exc}")
    return fixture_store(), "fixture"


def memory_copy(store: pyoxigraph.Store) -> pyoxigraph.Store:
    """An in-memory copy (the server's in-process mode wants a writable ``Store``)."""
    copy = pyoxigraph.Store()
    copy.extend(store.quads_for_pattern(None, None, None, None))
    return copy


def fold(text: str) -> str:
    """Lower case without diacritics, for label comparisons."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def num(value: Any) -> float:
    return float(value)

"""Data for the named-query tests: the real build of corpus/ (``built_settings``).

``fixtures/sample.trig`` (same vocabulary and IRIs) is kept for tests that need a tiny graph.
"""

from __future__ import annotations

import unicodedata
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
    """(store, origin): the session build of the corpus, opened read-only."""
    settings = request.getfixturevalue("built_settings")
    return pyoxigraph.Store.read_only(str(settings.store_dir)), "build"


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

"""Fixtures of the network tests: the TriG fixture store and the real build, as networks."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest

from nghiquyet.graph.network.build import responsibility_network

FIXTURE_TRIG = Path(__file__).resolve().parent / "fixtures" / "network.trig"


@pytest.fixture(scope="session")
def fixture_store() -> pyoxigraph.Store:
    """An in-memory store holding ``fixtures/network.trig`` (contract-shaped, small)."""
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE_TRIG), format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="session")
def fixture_network(fixture_store: pyoxigraph.Store) -> nx.MultiDiGraph:
    return responsibility_network(fixture_store)


@pytest.fixture(scope="session")
def built_store(built_settings) -> pyoxigraph.Store:
    """The real build of the corpus, opened read-only."""
    return pyoxigraph.Store.read_only(str(built_settings.store_dir))


@pytest.fixture(scope="session", params=["fixture", "build"])
def network(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    """The whole network, from the TriG fixture and from the real build of the corpus."""
    if request.param == "fixture":
        return request.getfixturevalue("fixture_network")
    settings = request.getfixturevalue("built_settings")
    store = request.getfixturevalue("built_store")
    return responsibility_network(store, base_iri=settings.base_iri)

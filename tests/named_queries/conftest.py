"""Fixtures of the named-query tests: the query files and a store with the graph."""

from __future__ import annotations

import pyoxigraph
import pytest
from support import graph_store

from nghiquyet.graph.named_queries.loader import NamedQuery, load_queries
from nghiquyet.graph.named_queries.runner import OxigraphSelector
from repo_paths import PROJECT_ROOT


@pytest.fixture(scope="session")
def queries() -> dict[str, NamedQuery]:
    return load_queries(PROJECT_ROOT / "queries")


@pytest.fixture(scope="session")
def graph(request: pytest.FixtureRequest) -> tuple[pyoxigraph.Store, str]:
    return graph_store(request)


@pytest.fixture(scope="session")
def selector(graph) -> OxigraphSelector:
    return OxigraphSelector(graph[0])

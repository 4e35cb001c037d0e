"""Fixtures of the named-query tests: the query files and the graph in every store.

``selector`` is the real build of corpus/ behind each store a named query can run on: the
embedded pyoxigraph store and a remote one (a real ``oxigraph serve-read-only`` over the same
build, reached through :class:`~nghiquyet.server.remote_store.RemoteSparqlStore`). Every test that
takes it runs on both and must get the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph
import pytest
from oxigraph_server import oxigraph_server
from support import graph_store

from nghiquyet.graph.named_queries.loader import NamedQuery, load_queries
from nghiquyet.graph.named_queries.runner import OxigraphSelector
from repo_paths import PROJECT_ROOT

STORES = ("embedded", "remote")


@pytest.fixture(scope="session")
def queries() -> dict[str, NamedQuery]:
    return load_queries(PROJECT_ROOT / "queries")


@pytest.fixture(scope="session")
def graph(request: pytest.FixtureRequest) -> tuple[pyoxigraph.Store, str]:
    return graph_store(request)


@pytest.fixture(scope="session")
def remote_url(built_settings) -> Iterator[str]:
    """A real ``oxigraph serve-read-only`` over the session build (union default graph)."""
    with oxigraph_server(built_settings.store_dir) as url:
        yield url


@pytest.fixture(scope="session")
def embedded_selector(graph) -> OxigraphSelector:
    return OxigraphSelector(graph[0])


@pytest.fixture(scope="session")
def remote_selector(remote_url: str) -> Any:
    from nghiquyet.server.remote_store import RemoteSparqlStore
    from nghiquyet.server.store import Limits

    return RemoteSparqlStore(remote_url, limits=Limits(query_timeout=30.0, max_rows=1_000_000))


@pytest.fixture(scope="session", params=STORES)
def selector(request: pytest.FixtureRequest) -> Any:
    """The build behind each store in turn (embedded, remote)."""
    return request.getfixturevalue(f"{request.param}_selector")

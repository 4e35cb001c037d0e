"""Server fixtures: small real stores, the Flask test client, and a live server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_fixtures import LiveServer, disk_store, example_quads, live_server, memory_store

from nghiquyet.graph.settings import Settings


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(data_dir=tmp_path, query_timeout=5.0, max_rows=50)


@pytest.fixture()
def app(settings: Settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    store = OxigraphStore.from_store(memory_store(example_quads()), settings)
    return create_app(settings, store=store, test_config={"TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server over the example data (one per test module)."""
    path = disk_store(tmp_path_factory.mktemp("data") / "store", example_quads())
    with live_server(path) as server:
        yield server

"""Finding 2: a query cannot grow its process without bound; past the limit it gets a 503 and the
query process is replaced."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from server_fixtures import EX, LiveServer, disk_store, example_quads, live_server

from nghiquyet.server.query_pool import MiB, default_memory_limit

LIMIT_MB = 300
# the query: a cross join sorted in full (grew one process to 6 GiB)
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
AGGREGATE = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{EX}Item> }}"


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = disk_store(tmp_path_factory.mktemp("memory") / "store", example_quads(2000))
    with live_server(path, timeout=60.0, query_workers=1,
                     env={"NGHIQUYET_QUERY_MEMORY_MB": str(LIMIT_MB)}) as server:
        yield server


def test_a_greedy_query_gets_503_and_its_process_is_replaced(small_server: LiveServer) -> None:
    response = requests.get(small_server.sparql, params={"query": GREEDY}, timeout=120)
    assert response.status_code == 503, response.text[:300]
    assert "query used too much memory" in response.text
    assert response.headers.get("Retry-After")
    after = requests.get(small_server.sparql, params={"query": AGGREGATE}, timeout=60,
                         headers={"Accept": "text/csv"})
    assert after.status_code == 200 and after.text.split() == ["n", "2000"]


def test_the_default_leaves_room_for_every_query_process() -> None:
    from nghiquyet.server.query_pool import physical_memory

    total = physical_memory()
    assert total
    for processes in (1, 4, 8, 16):
        limit = default_memory_limit(processes)
        assert 256 * MiB <= limit <= 4 << 30
        assert limit * processes <= max(total // 2, 256 * MiB * processes)

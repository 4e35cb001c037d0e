"""Finding 4: after a build is published, no answer comes from another build, and ETags follow the build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Dataset, Literal, URIRef
from server_fixtures import LiveServer, live_server

from nghiquyet.graph.build import publish
from nghiquyet.graph.settings import Settings

EX = "http://example.org/"
LOOKUP = f"SELECT ?l WHERE {{ <{EX}thing> <{EX}label> ?l }}"  # streams in the server process
HEAVY = f"SELECT ?l (COUNT(*) AS ?n) WHERE {{ ?s <{EX}label> ?l }} GROUP BY ?l"  # runs in a query process


def _publish(settings: Settings, label: str) -> None:
    dataset = Dataset()
    dataset.graph(URIRef(EX + "graph/a")).add((URIRef(EX + "thing"), URIRef(EX + "label"), Literal(label)))
    publish(settings, dataset)


@pytest.fixture(scope="module")
def swapping(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, LiveServer]]:
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("swap"))
    _publish(settings, "build-0")
    with live_server(Path(settings.store_dir), query_workers=2) as server:
        yield settings, server


def _answer(server: LiveServer, query: str) -> tuple[str, str]:
    response = requests.get(server.sparql, params={"query": query}, headers={"Accept": "text/csv"}, timeout=30)
    assert response.status_code == 200, response.text
    return response.text.splitlines()[1].split(",")[0], response.headers["ETag"]


def test_every_answer_after_a_swap_comes_from_the_new_build(swapping: tuple[Settings, LiveServer]) -> None:
    settings, server = swapping
    for query in (LOOKUP, HEAVY, HEAVY):  # both query processes now hold build-0 open
        assert _answer(server, query)[0] == "build-0"
    for n in range(1, 5):
        _publish(settings, f"build-{n}")
        answers = [_answer(server, query)[0] for query in (LOOKUP, HEAVY) * 4]
        assert answers == [f"build-{n}"] * 8


def test_a_rebuild_of_the_same_data_gets_new_etags(swapping: tuple[Settings, LiveServer]) -> None:
    settings, server = swapping
    _publish(settings, "same")
    before = {query: _answer(server, query) for query in (LOOKUP, HEAVY)}
    _publish(settings, "same")  # same content, same dataset version, another build
    after = {query: _answer(server, query) for query in (LOOKUP, HEAVY)}
    for query in (LOOKUP, HEAVY):
        assert after[query][0] == before[query][0] == "same"
        assert after[query][1] != before[query][1]
    conditional = requests.get(server.sparql, params={"query": HEAVY}, timeout=30,
                               headers={"Accept": "text/csv", "If-None-Match": before[HEAVY][1]})
    assert conditional.status_code == 200  # the old build's ETag no longer matches
    conditional = requests.get(server.sparql, params={"query": HEAVY}, timeout=30,
                               headers={"Accept": "text/csv", "If-None-Match": after[HEAVY][1]})
    assert conditional.status_code == 304

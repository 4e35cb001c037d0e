"""Hard timeouts on a live server: a runaway query gets its 503 in time, others keep working."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import requests
from server_fixtures import EX, LiveServer, disk_store, example_quads, live_server

TIMEOUT = 2.0
# ~5^3 × 10^9 combinations on 61 triples per pattern: runs for hours unless stopped
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } "
           "GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n2 ?o } GRAPH ?g6 { ?p ?q ?r } }")
LIGHT = f"ASK {{ <{EX}item/1> ?p ?o }}"


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = disk_store(tmp_path_factory.mktemp("timeouts") / "store", example_quads(200))
    with live_server(path, timeout=TIMEOUT) as server:
        yield server


def test_runaway_query_gets_503_while_a_light_query_succeeds(slow_server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = requests.get(slow_server.sparql, params={"query": RUNAWAY}, timeout=30)
        outcome["status"], outcome["elapsed"], outcome["text"] = response.status_code, time.monotonic() - started, response.text

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    light = requests.get(slow_server.sparql, params={"query": LIGHT}, timeout=10)
    assert light.status_code == 200 and '"boolean":true' in light.text
    thread.join(timeout=30)
    assert outcome["status"] == 503
    assert outcome["elapsed"] < TIMEOUT + 2
    assert "time limit" in str(outcome["text"])
    after = requests.get(slow_server.sparql, params={"query": LIGHT}, timeout=10)
    assert after.status_code == 200


def test_client_may_ask_for_less_time(slow_server: LiveServer) -> None:
    started = time.monotonic()
    response = requests.get(slow_server.sparql, params={"query": RUNAWAY, "timeout": "0.5"}, timeout=30)
    assert response.status_code == 503
    assert time.monotonic() - started < 0.5 + 1.5
    assert response.headers.get("Retry-After")


def test_client_cannot_ask_for_more_time(slow_server: LiveServer) -> None:
    started = time.monotonic()
    response = requests.get(slow_server.sparql, params={"query": RUNAWAY, "timeout": "600"}, timeout=30)
    assert response.status_code == 503
    assert time.monotonic() - started < TIMEOUT + 2

"""Finding 3: a dozen runaway queries do not stall everyone.

Heavy queries are bounded (all clients, per client), the rest are refused at once with 429/503 and
Retry-After instead of queueing, lookups keep answering, and every runaway ends at its time limit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from loopback import Answer, get
from server_fixtures import EX, LiveServer, disk_store, example_quads, live_server

TIMEOUT = 3.0
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } "
           "GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n2 ?o } GRAPH ?g6 { ?p ?q ?r } }")
LOOKUP = f"ASK {{ <{EX}item/1> ?p ?o }}"
CHEAP_HEAVY = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{EX}Item> }}"


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = disk_store(tmp_path_factory.mktemp("admission") / "store", example_quads(200))
    with live_server(path, timeout=TIMEOUT, query_workers=3, threads=4,
                     env={"NGHIQUYET_MAX_HEAVY_QUERIES": "2", "NGHIQUYET_MAX_HEAVY_PER_CLIENT": "1"}) as server:
        yield server


def _runaways(server: LiveServer, clients: list[str]) -> tuple[list[Answer], list[Answer]]:
    """Start one runaway per client; while they run, send lookups from another address."""
    answers: list[Answer] = []
    threads = [threading.Thread(target=lambda c=c: answers.append(get(server.url, "/sparql", {"query": RUNAWAY},
                                                                       client=c)))
               for c in clients]
    for thread in threads:
        thread.start()
    lookups = [get(server.url, "/sparql", {"query": LOOKUP}, client="127.0.0.99") for _ in range(20)]
    for thread in threads:
        thread.join(timeout=60)
    return answers, lookups


def _check_refusals(answers: list[Answer]) -> None:
    for answer in answers:
        assert answer.elapsed < TIMEOUT + 1.5, (answer.status, answer.elapsed)
        if answer.status != 503 or "time limit" not in answer.body:
            assert answer.status in (429, 503), answer.body[:200]
            assert answer.headers.get("retry-after")


def test_twelve_runaways_from_one_client(busy_server: LiveServer) -> None:
    answers, lookups = _runaways(busy_server, ["127.0.0.1"] * 12)
    assert len(answers) == 12
    timed_out = [a for a in answers if a.status == 503 and "time limit" in a.body]
    assert len(timed_out) <= 1  # one heavy query per client at a time
    assert sum(a.status == 429 for a in answers) >= 11
    _check_refusals(answers)
    assert all(lookup.status == 200 and '"boolean":true' in lookup.body for lookup in lookups)


def test_twelve_runaways_from_twelve_clients(busy_server: LiveServer) -> None:
    answers, lookups = _runaways(busy_server, [f"127.0.0.{i}" for i in range(2, 14)])
    assert len(answers) == 12
    timed_out = [a for a in answers if a.status == 503 and "time limit" in a.body]
    assert 1 <= len(timed_out) <= 2  # at most two heavy queries on the whole server
    assert sum(a.status == 503 and "slot" in a.body for a in answers) >= 10
    _check_refusals(answers)
    assert all(lookup.status == 200 for lookup in lookups)


def test_when_the_runaways_are_gone_heavy_queries_run_again(busy_server: LiveServer) -> None:
    _runaways(busy_server, ["127.0.0.20", "127.0.0.21"])
    answer = get(busy_server.url, "/sparql", {"query": CHEAP_HEAVY}, client="127.0.0.22", accept="text/csv")
    assert answer.status == 200 and answer.body.split() == ["n", "200"]

"""Finding 1: the SERVICE allow-list cannot be bypassed, and no remote body reaches an error message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from listener import SECRET, Listener, listener
from server_fixtures import LiveServer, disk_store, example_quads, live_server

SECRET_TEXT = SECRET[:40].decode()


@pytest.fixture(scope="module")
def target() -> Iterator[Listener]:
    with listener() as record:
        yield record


@pytest.fixture(scope="module")
def allowing_server(tmp_path_factory: pytest.TempPathFactory, target: Listener) -> Iterator[LiveServer]:
    """A server whose allow-list names one endpoint on the listener (the rest must stay refused)."""
    path = disk_store(tmp_path_factory.mktemp("ssrf") / "store", example_quads())
    with live_server(path, env={"NGHIQUYET_SERVICE_ALLOWLIST": target.url + "/allowed"}) as server:
        yield server


ATTACKS = [  # "{url}" stands for the listener
    # the command, verbatim
    "PREFIX ex: <http://example.org/>\nASK { BIND(ex:a\\# AS ?z) SERVICE <{url}/secret-path> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ?p ex:a\\#b . SERVICE <{url}/secret-path> { ?s ?p ?o } }",
    "SELECT * { FILTER NOT EXISTS { SERVICE SILENT <{url}/secret-path> { ?s ?p ?o } } }",
    "SELECT * { { SELECT * { SERVICE <{url}/secret-path> { ?s ?p ?o } } } }",
    "PREFIX t: <{url}/> SELECT * { SERVICE t:secret-path { ?s ?p ?o } }",
    "BASE <{url}/> SELECT * { SERVICE <secret-path> { ?s ?p ?o } }",
    "SELECT * { VALUES ?e { <{url}/secret-path> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * { SERVICE <{url}/allowed/../secret-path> { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <{url}/secret-path> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_service_to_an_unlisted_endpoint_is_refused_before_any_request(
        allowing_server: LiveServer, target: Listener, attack: str, method: str) -> None:
    query = attack.replace("{url}", target.url)
    before = len(target.hits)
    if method == "GET":
        response = requests.get(allowing_server.sparql, params={"query": query}, timeout=30)
    else:
        response = requests.post(allowing_server.sparql, data={"query": query}, timeout=30)
    assert response.status_code == 403, response.text[:300]
    assert len(target.hits) == before
    assert SECRET_TEXT not in response.text


def test_an_allowed_endpoint_replying_garbage_is_not_echoed(allowing_server: LiveServer, target: Listener) -> None:
    query = f"SELECT * {{ SERVICE <{target.url}/allowed> {{ ?s ?p ?o }} }}"
    before = len(target.hits)
    response = requests.get(allowing_server.sparql, params={"query": query}, timeout=30)
    assert len(target.hits) == before + 1  # the allow-list does let this one through
    assert response.status_code == 500
    assert "TOP-SECRET" not in response.text
    assert "see the server log" in response.text

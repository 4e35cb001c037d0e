"""The one error handler: CORS on /api (preflight included), JSON errors there, log levels."""

from __future__ import annotations

import logging

import pytest
from server_fixtures import disk_store, example_quads

from nghiquyet.graph.settings import Settings

RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } "
           "GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n2 ?o } GRAPH ?g6 { ?p ?q ?r } }")


@pytest.fixture()
def slow_client(tmp_path):
    """An on-disk store, so that heavy queries run in killable query processes."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    settings = Settings.from_env(data_dir=tmp_path, query_timeout=0.5, query_workers=1)
    store = OxigraphStore.open(disk_store(tmp_path / "store", example_quads(200)), settings)
    try:
        yield create_app(settings, store=store, test_config={"TESTING": True}).test_client()
    finally:
        store.close()


@pytest.mark.parametrize("path", ["/api/quantities", "/api/openapi.json", "/api/no-such-query"])
def test_options_preflight_on_api_has_cors_headers(client, path: str) -> None:
    response = client.options(path, headers={"Origin": "https://example.org",
                                             "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code in (200, 204, 404)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_api_answers_and_errors_carry_cors_and_errors_are_json(client) -> None:
    ok = client.get("/api/documents")
    assert ok.status_code == 200 and ok.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Total-Count" in ok.headers["Access-Control-Expose-Headers"]
    bad = client.get("/api/quantities?per_page=0", headers={"Accept": "text/html"})
    assert bad.status_code == 400 and bad.is_json and "per_page" in bad.json["message"]
    assert bad.headers["Access-Control-Allow-Origin"] == "*"


def test_a_query_timeout_is_logged_as_a_warning_not_an_error(slow_client, caplog) -> None:
    with caplog.at_level(logging.INFO):
        response = slow_client.get("/sparql", query_string={"query": RUNAWAY})
    assert response.status_code == 503
    records = [r for r in caplog.records if "503" in r.getMessage()]
    assert records, caplog.text
    assert all(r.levelno == logging.WARNING for r in records), [(r.levelname, r.getMessage()) for r in records]
    assert all(r.exc_info is None for r in records)

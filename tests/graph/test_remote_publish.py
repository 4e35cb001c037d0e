"""``nghiquyet publish``: the session build pushed to real SPARQL servers started on 127.0.0.1.

Each server gets the build graph by graph under the build's own graph names (compared quad by
quad, blank nodes up to isomorphism), a second build that drops a document (its graph goes from
what readers see, nothing else on the server is touched, old builds are dropped), failed
publishes that leave the published build whole, and a reader (``serve --store-url``'s store)
that queries while builds are switched and must only ever see one whole build.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import pytest
import requests
from quad_sets import differences
from sparql_servers import BASE, STARTERS, Target, derived_build

from nghiquyet.graph.endpoints import Endpoints
from nghiquyet.graph.errors import PublishError, StoreError
from nghiquyet.graph.remote_publish import publish_to_endpoint
from nghiquyet.server.remote_store import RemoteSparqlStore
from repo_paths import PROJECT_ROOT

DROPPED = "https://w3id.org/nghiquyet/id/graph/lai-chau-2021-hoi-nghi-bch-lan-4"
UNRELATED = "http://example.org/unrelated"
VERSION_B = "b" * 64
XSD = "http://www.w3.org/2001/XMLSchema#"
TARGETS = tuple(STARTERS)


@pytest.fixture(scope="module", params=TARGETS)
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    with STARTERS[request.param](tmp_path_factory.mktemp(request.param)) as server:
        yield server


@pytest.fixture(scope="module")
def build_b(built_settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return derived_build(built_settings.store_dir, tmp_path_factory.mktemp("build-b") / "store", DROPPED, VERSION_B)


def _local(store_dir: Path) -> dict[str, list[ox.Quad]]:
    store = ox.Store.read_only(str(store_dir))
    out: dict[str, list[ox.Quad]] = {}
    for quad in store:
        out.setdefault(quad.graph_name.value, []).append(quad)
    return out


def _differences(target: Target, local: list[ox.Quad], remote: list[ox.Quad]) -> list[str]:
    """What tells the graphs apart; on Virtuoso, which keeps a whole ``xsd:decimal`` as an
    ``xsd:integer`` (``"5"^^xsd:decimal`` is read back as ``5``), numbers compare by value."""
    if target.name == "virtuoso":
        local, remote = [_by_value(q) for q in local], [_by_value(q) for q in remote]
    return differences(local, remote)


def _by_value(quad: ox.Quad) -> ox.Quad:
    term = quad.object
    if isinstance(term, ox.Literal) and term.datatype.value in (XSD + "integer", XSD + "decimal"):
        value = Decimal(term.value)
        whole = value == value.to_integral_value()
        term = ox.Literal(str(value.quantize(1)) if whole else term.value,
                          datatype=ox.NamedNode(XSD + ("integer" if whole else "decimal")))
    return ox.Quad(quad.subject, quad.predicate, term, quad.graph_name)


def _version(store_dir: Path) -> str:
    return (store_dir / "VERSION").read_text(encoding="utf-8").strip()


def _published(target: Target) -> dict[str, list[ox.Quad]]:
    """What readers are pointed at, graph by graph under the public names."""
    _, _, graphs = target.pointed()
    return {public: target.graph_quads(stored, name_as=public) for public, stored in graphs.items()}


def test_every_graph_arrives_whole(target: Target, built_settings) -> None:
    result = publish_to_endpoint(target.settings(built_settings), target.endpoints)
    local = _local(built_settings.store_dir)
    assert set(result.graphs) == set(local) and result.version == _version(built_settings.store_dir)
    build, version, graphs = target.pointed()
    assert build == result.build and version == result.version and set(graphs) == set(local)
    published = _published(target)
    for graph, quads in local.items():
        assert not _differences(target, quads, published[graph]), graph
    sizes = target.graph_sizes()  # nothing of ours but the pointer, the build's description and its graphs
    assert set(sizes) == {BASE + "graph/publication", build, *graphs.values()}
    assert {g: sizes[graphs[g]] for g in local} == {g: len(q) for g, q in local.items()}


def test_a_new_build_replaces_ours_and_nothing_else(target: Target, built_settings, build_b: Path) -> None:
    settings = target.settings(built_settings)
    target.session().put(target.endpoints.store, params={"graph": UNRELATED}, timeout=30,
                         data='<http://example.org/x> <http://example.org/y> "kept" .'.encode(),
                         headers={"Content-Type": "text/turtle"}).raise_for_status()
    publish_to_endpoint(settings, target.endpoints)
    result = publish_to_endpoint(settings, target.endpoints, store_dir=build_b)
    assert result.removed == [DROPPED] and result.version == VERSION_B
    published = _published(target)
    assert DROPPED not in published and target.graph_sizes()[UNRELATED] == 1
    local_b = _local(build_b)
    assert set(published) == set(local_b)
    for graph, quads in local_b.items():
        assert not _differences(target, quads, published[graph]), graph
    publish_to_endpoint(settings, target.endpoints)  # and back: the dropped document returns
    assert len(_published(target)[DROPPED]) == len(_local(built_settings.store_dir)[DROPPED])


def test_old_builds_are_dropped_but_the_previous_one(target: Target, built_settings, build_b: Path) -> None:
    settings = dataclasses.replace(target.settings(built_settings), endpoint_keep_seconds=0)
    results = [publish_to_endpoint(settings, target.endpoints, store_dir=path)
               for path in (built_settings.store_dir, build_b, built_settings.store_dir)]
    assert target.builds() == [results[1].build, results[2].build]  # the current one and the one before
    assert results[0].build in results[2].dropped
    sizes = target.graph_sizes()
    assert not [g for g in sizes if g.startswith(results[0].build + "/")]  # its graphs went with it
    assert target.pointed()[0] == results[2].build and sizes[UNRELATED] == 1


@pytest.mark.parametrize("broken", ["store", "update"])
def test_a_failed_publish_keeps_the_published_build(target: Target, built_settings, build_b: Path,
                                                    broken: str) -> None:
    settings = target.settings(built_settings)
    publish_to_endpoint(settings, target.endpoints)
    before = target.graph_sizes()
    nowhere = urlunsplit(urlsplit(target.root)[:2] + ("/nowhere", "", ""))  # no service there
    endpoints = Endpoints(target.endpoints.kind, target.endpoints.query,
                          nowhere if broken == "update" else target.endpoints.update,
                          nowhere if broken == "store" else target.endpoints.store)
    with pytest.raises(PublishError) as failure:
        publish_to_endpoint(settings, endpoints, store_dir=build_b)
    error = failure.value
    assert error.status in (404, 501) and f"HTTP {error.status}" in str(error) and "/nowhere" in str(error)
    if broken == "store":  # the first upload failed: it names the graph
        assert error.step == "upload" and error.graph and f"<{error.graph}>" in str(error)
    else:
        assert error.step == "switch"
    assert target.graph_sizes() == before  # every graph as it was: nothing left of the failed build
    _, version, graphs = target.pointed()
    assert version == _version(built_settings.store_dir) and DROPPED in graphs


def test_readers_see_one_whole_build_at_a_time(target: Target, built_settings, build_b: Path) -> None:
    """A reader as ``serve --store-url`` reads (RemoteSparqlStore, the build looked up before
    nearly every query) counts every graph and reads the version while 6 switches run."""
    settings = target.settings(built_settings)
    publish_to_endpoint(settings, target.endpoints)
    expected = {_version(path): sum(len(q) for q in _local(path).values())
                for path in (built_settings.store_dir, build_b)}
    count = (f"SELECT ?v (COUNT(*) AS ?n) {{ GRAPH <{BASE}graph/void> "
             f"{{ ?d <http://purl.org/dc/terms/identifier> ?v }} GRAPH ?g {{ ?s ?p ?o }} "
             f"FILTER(STRSTARTS(STR(?g), '{BASE}')) }} GROUP BY ?v")
    store = RemoteSparqlStore(target.endpoints.query, version_ttl=0.05)
    seen: list[tuple[str, int]] = []
    done = threading.Event()

    def read() -> None:
        deadline = time.monotonic() + 120  # bounded: stops by itself
        while not done.is_set() and time.monotonic() < deadline and len(seen) < 5000:
            seen.extend((row["v"].value, int(row["n"].value)) for row in store.select(count))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            publish_to_endpoint(settings, target.endpoints, store_dir=build_b)
            publish_to_endpoint(settings, target.endpoints)
    finally:
        done.set()
        reader.join()
    assert {version for version, _ in seen} == set(expected)  # the reader saw both builds …
    assert [pair for pair in seen if pair not in expected.items()] == [], len(seen)  # … and each one whole


def test_publish_command(target: Target, built_settings, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), NGHIQUYET_DATA_DIR=str(built_settings.data_dir), **target.env)
    command = [sys.executable, "-m", "nghiquyet.graph.cli", "publish", "--endpoint", target.root, "--quiet"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    local = _local(built_settings.store_dir)
    assert done.stdout.startswith(f"published {sum(len(q) for q in local.values())} triples in {len(local)} graphs")
    password = target.env.get("NGHIQUYET_ENDPOINT_PASSWORD")
    assert not password or password not in done.stdout + done.stderr
    empty = dict(env, NGHIQUYET_DATA_DIR=str(tmp_path))
    missing = subprocess.run(command, env=empty, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "run `nghiquyet build` first" in missing.stderr


def test_no_build_is_an_error(target: Target, tmp_path: Path, built_settings) -> None:
    with pytest.raises(StoreError):
        publish_to_endpoint(target.settings(built_settings), target.endpoints, store_dir=tmp_path / "none")


def test_unreachable_server_names_the_step(built_settings) -> None:
    with pytest.raises(PublishError) as failure:
        publish_to_endpoint(built_settings, Endpoints.derive("http://127.0.0.1:9/"))
    assert failure.value.status is None and "could not be reached" in str(failure.value)


@pytest.mark.parametrize(("url", "kind", "query", "update", "store"), [
    ("http://h:7878/", "oxigraph", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
    ("http://h:7878/store", "oxigraph", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
    ("http://h:8890/sparql", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql-auth",
     "http://h:8890/sparql-graph-crud-auth"),
    ("http://h/x/sparql-graph-crud-auth", "virtuoso", "http://h/x/sparql", "http://h/x/sparql-auth",
     "http://h/x/sparql-graph-crud-auth"),
])
def test_endpoints_are_derived(url: str, kind: str, query: str, update: str, store: str) -> None:
    assert Endpoints.derive(url, authenticated=True) == Endpoints(kind, query, update, store)

"""The GraphStore implementations: embedded (in-memory and worker processes) and remote."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from nghiquyet.graph.errors import Forbidden, QueryError, QueryTimeout, StoreError, TooManyRows
from nghiquyet.server.store import VERSION_FILE, GraphStore, Limits, OxigraphStore
from oxigraph_server import oxigraph_server as oxigraph_server_at
from server_fixtures import EX, GRAPH_A, disk_store, example_quads, memory_store

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LIMITS = Limits(query_timeout=5.0, max_rows=30)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return disk_store(tmp_path_factory.mktemp("store") / "store", example_quads())


@pytest.fixture(scope="module")
def oxigraph_server(store_dir: Path) -> Iterator[str]:
    """``oxigraph serve-read-only`` over the same data, for the remote store."""
    with oxigraph_server_at(store_dir, union_default_graph=False) as url:
        yield url


@pytest.fixture(params=["memory", "workers", "remote"])
def store(request: pytest.FixtureRequest, store_dir: Path) -> Iterator[GraphStore]:
    if request.param == "memory":
        yield OxigraphStore(memory_store(example_quads()), limits=LIMITS)
        return
    if request.param == "workers":
        graph_store = OxigraphStore(path=store_dir, limits=LIMITS, workers=1)
    else:
        from nghiquyet.server.remote_store import RemoteSparqlStore

        graph_store = RemoteSparqlStore(request.getfixturevalue("oxigraph_server"), limits=LIMITS)
    yield graph_store
    graph_store.close()


def test_is_a_graph_store(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)
    assert isinstance(store.version, str) and store.version


def test_select_returns_terms_and_omits_unbound(store: GraphStore) -> None:
    rows = store.select(f"SELECT ?s ?missing WHERE {{ GRAPH <{GRAPH_A}> {{ ?s <{EX}value> 3 }} }}")
    assert rows == [{"s": pyoxigraph.NamedNode(EX + "item/3")}]


def test_bindings_are_substituted_not_spliced(store: GraphStore) -> None:
    query = f"SELECT ?s ?label WHERE {{ GRAPH ?g {{ ?s <{LABEL}> ?label }} }}"
    rows = store.select(query, bindings={"s": pyoxigraph.NamedNode(EX + "item/4")})
    assert [row["label"] for row in rows] == [pyoxigraph.Literal("Chỉ tiêu số 4", language="vi")]
    hostile = pyoxigraph.Literal('x" } ; DROP ALL ; #')
    assert store.select(f"SELECT ?s ?o WHERE {{ ?s <{LABEL}> ?o }}", bindings={"o": hostile}) == []


def test_ask_and_construct(store: GraphStore) -> None:
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{EX}item/1> ?p ?o }} }}") is True
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{EX}item/999> ?p ?o }} }}") is False
    triples = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o . FILTER(?s = <{EX}item/2>) }} }}")
    assert len(triples) == 3 and all(isinstance(t, pyoxigraph.Triple) for t in triples)


def test_row_cap_is_an_error_not_a_truncation(store: GraphStore) -> None:
    with pytest.raises(TooManyRows):
        store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 30")) == 30


def test_syntax_error_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.select("SELECT * WHERE { ?s ?p }")


def test_service_and_updates_are_refused(store: GraphStore) -> None:
    with pytest.raises(Forbidden):
        store.select("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    with pytest.raises(Forbidden):
        store.select("PREFIX x: <http://127.0.0.1:1/> SELECT * WHERE { SERVICE SILENT x:sparql { ?s ?p ?o } }")
    with pytest.raises(Forbidden):
        store.select("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }")
    with pytest.raises(Forbidden):
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_service_allowlist_is_exact() -> None:
    store = OxigraphStore(memory_store([]), limits=Limits(service_allowlist=("http://allowed.example/sparql",)))
    with pytest.raises(Forbidden):
        store.select("SELECT * { SERVICE <http://allowed.example/sparql/other> { ?s ?p ?o } }")
    # "SERVICE" inside a string or IRI is not a SERVICE call
    assert store.select('SELECT ?x { BIND("SERVICE <http://evil/>" AS ?x) }')[0]["x"].value.startswith("SERVICE")


def test_execute_serialises_with_dataset(store: GraphStore) -> None:
    body, media_type = store.execute("SELECT ?s WHERE { ?s ?p ?o }", result_format="text/csv",
                                     default_graph=[EX + "graph/b"])
    assert media_type == "text/csv"
    assert body.decode().split() == ["s", EX + "only-b"]


def test_version_follows_the_version_file(tmp_path: Path) -> None:
    path = disk_store(tmp_path / "store", example_quads(2))
    store = OxigraphStore(path=path, limits=LIMITS, workers=1)
    (path / VERSION_FILE).write_text("build-1\n", encoding="utf-8")
    assert store.version.startswith("build-1-")
    # another build of the very same data is another version (ETags are tied to the build)
    twin = disk_store(tmp_path / "twin", example_quads(2))
    (twin / VERSION_FILE).write_text("build-1\n", encoding="utf-8")
    other = OxigraphStore(path=twin, limits=LIMITS, workers=1)
    assert other.version.startswith("build-1-") and other.version != store.version
    store.close()
    other.close()


def test_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        OxigraphStore.open(tmp_path / "nothing-here")


def test_worker_timeout_kills_the_query_and_pool_recovers(store_dir: Path) -> None:
    store = OxigraphStore(path=store_dir, limits=Limits(query_timeout=10.0), workers=1)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } "
                     "GRAPH ?g3 { ?g ?h ?i } GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n2 ?o } }", timeout=1.0)
    assert time.monotonic() - started < 3
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{EX}item/1> ?p ?o }} }}")
    store.close()


RESULT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]


@pytest.mark.parametrize("result_format", RESULT_FORMATS)
@pytest.mark.parametrize("where", ["memory", "disk"])
def test_row_cap_is_exact_in_every_results_format(where: str, result_format: str, store_dir: Path) -> None:
    graph_store = (OxigraphStore(memory_store(example_quads()), limits=LIMITS) if where == "memory"
                   else OxigraphStore(path=store_dir, limits=LIMITS, workers=1))
    try:
        query = "SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {}"
        body, media_type = graph_store.execute(query.format(30), result_format=result_format)
        assert media_type == result_format
        if result_format == "text/csv":  # pyoxigraph does not read CSV results (lossy): count records
            assert body.decode("utf-8").count("\r\n") == 31  # header + 30 rows
        else:
            parsed = pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.from_media_type(result_format))
            assert len(list(parsed)) == 30
        with pytest.raises(TooManyRows):
            graph_store.execute(query.format(31), result_format=result_format)
    finally:
        graph_store.close()


@pytest.fixture(scope="module")
def big_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = pyoxigraph.NamedNode(EX + "p")
    quads = (pyoxigraph.Quad(pyoxigraph.NamedNode(f"{EX}s/{i}"), p, pyoxigraph.Literal(f"giá trị {i}"))
             for i in range(300_000))
    return disk_store(tmp_path_factory.mktemp("big") / "store", quads)


def test_one_pattern_query_streams_in_process_and_stops_at_its_deadline(big_store_dir: Path) -> None:
    graph_store = OxigraphStore(path=big_store_dir, limits=Limits(query_timeout=5.0, max_rows=10_000_000), workers=1)
    try:
        assert graph_store.select(f"SELECT ?o WHERE {{ <{EX}s/7> ?p ?o }}")[0]["o"].value == "giá trị 7"
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            graph_store.execute("SELECT * WHERE { ?s ?p ?o }", result_format="text/csv", timeout=0.05)
        assert time.monotonic() - started < 1.0
        assert graph_store._pool is not None and graph_store._pool._count == 0  # no query process was needed
        count = graph_store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # a join-free aggregate: a worker
        assert count[0]["n"].value == "300000" and graph_store._pool._count == 1
    finally:
        graph_store.close()

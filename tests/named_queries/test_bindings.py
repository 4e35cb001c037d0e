"""Binding a parameter narrows the answer, the same way in every store (embedded and remote).

For each parameter that names a column (province, document, indicator, kind, role …), the rows
with the parameter bound are exactly the unbound rows whose column holds that value: no row left
out, none added, and never the caller's value written into rows that do not hold it (a variable
bound only inside an OPTIONAL did that). ``in_year`` keeps only quantities of that year.
"""

from __future__ import annotations

import collections
from typing import Any

import pytest
from support import BASE

from nghiquyet.graph.named_queries.loader import NamedQuery, load_queries
from nghiquyet.graph.named_queries.params import bind
from nghiquyet.graph.named_queries.runner import run_all, run_page
from repo_paths import PROJECT_ROOT

QUERIES = load_queries(PROJECT_ROOT / "queries")
COLUMN_PARAMETERS = [(q.name, p.name) for q in QUERIES.values() for p in q.parameters
                     if not p.required and p.type in ("iri", "enum")]


def _base(query: NamedQuery, skip: str) -> dict[str, str]:
    return {p.name: p.example for p in query.parameters if p.required and p.name != skip}


def _rows(selector, query: NamedQuery, raw: dict[str, str]) -> set[tuple[tuple[str, str], ...]]:
    page = run_all(selector, query, bind(query, raw, base_iri=BASE), max_rows=100_000)
    return {tuple(sorted((k, str(v)) for k, v in row.items())) for row in page.rows}


def _values(rows: set, column: str) -> list[str]:
    counts = collections.Counter(dict(row).get(column) for row in rows)
    counts.pop(None, None)
    return [value for value, _ in counts.most_common()]


def _raw(term_text: str) -> str:
    """A row value (N-Triples form) as a request value: the IRI, or the literal's lexical form."""
    if term_text.startswith("<"):
        return term_text[1:-1]
    return term_text[1:term_text.rindex('"')]


@pytest.mark.parametrize(("query_name", "parameter"), COLUMN_PARAMETERS, ids=[f"{q}-{p}" for q, p in COLUMN_PARAMETERS])
def test_binding_a_parameter_keeps_exactly_the_rows_holding_its_value(selector, query_name: str, parameter: str) -> None:
    query = QUERIES[query_name]
    base = _base(query, parameter)
    unbound = _rows(selector, query, base)
    values = _values(unbound, parameter)
    assert values, f"{query_name}: no row has a {parameter} to bind"
    for value in (values[0], values[-1]):
        bound = _rows(selector, query, {**base, parameter: _raw(value)})
        expected = {row for row in unbound if dict(row).get(parameter) == value}
        assert bound == expected, (query_name, parameter, value, len(bound), len(expected))


def test_bound_and_unbound_agree_on_counts(selector) -> None:
    query = QUERIES["quantities"]
    forest = BASE + "indicator/forest-cover"
    bindings = bind(query, {"indicator": forest}, base_iri=BASE)
    page = run_page(selector, query, bindings, page=1, per_page=2)
    everything = run_all(selector, query, bindings, max_rows=100_000)
    assert page.total == everything.total == len(everything.rows) > 2
    assert {str(row["indicator"]) for row in everything.rows} == {f"<{forest}>"}


@pytest.mark.parametrize("year", ["2024", "2025", "2020"])
def test_in_year_keeps_exactly_the_quantities_of_that_year(selector, year: str) -> None:
    """A single year equal to it or a period holding it; a later or earlier year is dropped."""
    query = QUERIES["quantities"]
    everything = _rows(selector, query, {})

    def holds(row: tuple) -> bool:
        start, _, end = dict(row)["year"].strip('"').partition("-")
        return start <= year <= (end or start)

    rows = _rows(selector, query, {"in_year": year})
    expected = {row for row in everything if holds(row)}
    assert rows and expected and len(expected) < len(everything)
    assert {dict(row)["in_year"] for row in rows} == {f'"{year}"^^<http://www.w3.org/2001/XMLSchema#gYear>'}
    assert {tuple(item for item in row if item[0] != "in_year") for row in rows} == expected


def test_embedded_and_remote_give_the_same_answers(embedded_selector, remote_selector) -> None:
    """Every query, with its example values, once per parameter and unbound: same rows in both."""
    for query in QUERIES.values():
        cases: list[dict[str, Any]] = [{p.name: p.example for p in query.parameters if p.required}]
        cases += [{**cases[0], p.name: p.example} for p in query.parameters if p.example]
        for raw in cases:
            assert _rows(embedded_selector, query, raw) == _rows(remote_selector, query, raw), (query.name, raw)


FOREST = BASE + "indicator/forest-cover"


@pytest.fixture(scope="module", params=["embedded", "remote"])
def api_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """``/api`` over the build, served from each store."""
    from support import memory_copy

    from nghiquyet.graph.settings import Settings
    from nghiquyet.server.app import create_app
    from nghiquyet.server.remote_store import RemoteSparqlStore
    from nghiquyet.server.store import Limits, OxigraphStore

    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("api"))
    if request.param == "embedded":
        store = OxigraphStore.from_store(memory_copy(request.getfixturevalue("graph")[0]), settings)
    else:
        store = RemoteSparqlStore(request.getfixturevalue("remote_url"), limits=Limits.from_settings(settings))
    return create_app(settings, store=store, test_config={"TESTING": True}).test_client()


def test_api_quantities_by_indicator_returns_only_that_indicator(api_client) -> None:
    response = api_client.get("/api/quantities", query_string={"indicator": FOREST, "format": "records",
                                                                "per_page": 100})
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = response.json
    assert rows and {row["indicator"] for row in rows} == {FOREST}
    assert {float(row["value"]) for row in rows if row["kind"] == "target"} >= {54.0, 65.0}
    assert int(response.headers["X-Total-Count"]) == len(rows)


def test_cli_quantities_by_indicator_returns_only_that_indicator(built_settings) -> None:
    import csv
    import io
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "nghiquyet.graph.cli", "--data-dir", str(built_settings.data_dir),
                           "query", "quantities", "-p", f"indicator={FOREST}", "--format", "csv"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {row["indicator"] for row in rows} == {FOREST}

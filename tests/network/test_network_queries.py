"""The network's named queries pass the project's strict loader and return their columns."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from nghiquyet.graph.named_queries.loader import load_query
from repo_paths import PROJECT_ROOT

QUERIES = sorted((PROJECT_ROOT / "queries").glob("network-*.rq"))


def test_there_are_network_queries() -> None:
    assert {p.stem for p in QUERIES} >= {"network-assignments", "network-nodes"}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_loads_strictly(path: Path) -> None:
    query = load_query(path)
    assert query.summary and all(column.description for column in query.columns)
    assert all(parameter.description for parameter in query.parameters)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_runs_and_returns_its_columns(path: Path, fixture_store: pyoxigraph.Store) -> None:
    solutions = fixture_store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    assert tuple(v.value for v in solutions.variables) == load_query(path).variables
    assert list(solutions)

"""Fixtures of the statistics tests: real rows of the published figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph
import pytest

from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

FIGURES = PROJECT_ROOT / "corpus" / "statistics" / "provincial-figures.csv"
NHANDAN = "https://en.nhandan.vn/"


@pytest.fixture(scope="session")
def stats_settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def figure_rows() -> list[dict[str, str]]:
    with open(FIGURES, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def nhandan_rows(figure_rows) -> list[dict[str, str]]:
    """The five Lạng Sơn figures of one source (one source URL: what a PX table can carry)."""
    rows = [dict(row, note="") for row in figure_rows if row["source_url"].startswith(NHANDAN)]
    assert len(rows) == 5
    return rows


def load_contributions(store: pyoxigraph.Store, settings: Settings) -> None:
    """Add graph.statistics.contribute(settings) to ``store``."""
    from nghiquyet.graph.statistics import contribute

    for name, graph in contribute(settings).items():
        store.load(graph.serialize(format="nt").encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES,
                   to_graph=pyoxigraph.NamedNode(settings.base_iri + name))


def select(store: pyoxigraph.Store, query: str, **bindings: pyoxigraph.NamedNode) -> list[dict]:
    """Rows as dicts of terms (union default graph, bound variables substituted)."""
    result = store.query(query, use_default_graph_as_union=True,
                         substitutions={pyoxigraph.Variable(k): v for k, v in bindings.items()})
    names = [v.value for v in result.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in result]

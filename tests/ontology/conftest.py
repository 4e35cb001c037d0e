"""Fixtures of the ontology tests: the model's shapes graph (loaded once) and the base world."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from nghiquyet.graph.validate import DEFAULT_ONTOLOGY_DIR

HERE = Path(__file__).resolve().parent
BASE_TTL = HERE / "base.ttl"
ONTOLOGY_DIR = DEFAULT_ONTOLOGY_DIR
# Shape files of other modules, tested with those modules (statistics: the RDF Data Cube).
OTHER_MODULES_SHAPES = frozenset({"statistics.ttl"})


def model_files() -> list[Path]:
    """Ontology, vocabularies and the model's shape files (what the shape cases test)."""
    shapes = [p for p in sorted((ONTOLOGY_DIR / "shapes").glob("*.ttl")) if p.name not in OTHER_MODULES_SHAPES]
    return sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl")) + shapes


@pytest.fixture(scope="session")
def shapes() -> Graph:
    """Shapes + ontology + vocabularies as ``graph.validate.load_shapes`` joins them, minus other
    modules' shape files, so the cases see exactly the model's shapes."""
    graph = Graph()
    for path in model_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def base_world() -> Graph:
    """The conforming base graph every shape case starts from."""
    return Graph().parse(BASE_TTL, format="turtle")

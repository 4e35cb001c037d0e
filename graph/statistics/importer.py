"""Import statistics files into named graphs: read everything, build, validate, then hand over."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml
from rdflib import Graph

from nghiquyet.graph.errors import DocumentError, ValidationFailed
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.cube import bind_prefixes, cube_graph, series_graph, shared_graph
from nghiquyet.graph.statistics.lexicon import StatisticsLexicon, load_lexicon
from nghiquyet.graph.statistics.readers import SUFFIXES, dataset_id, file_kind, read_file
from nghiquyet.graph.statistics.records import Observation, StatisticsInputError

__all__ = ["StatisticsImport", "import_files", "statistics_files", "known_units", "validate_graphs",
           "STATISTICS_GRAPH", "SHARED_GRAPH"]

STATISTICS_GRAPH = "graph/statistics"
SHARED_GRAPH = "graph/shared"


@dataclass
class StatisticsImport:
    """What an import produced: named graphs (keys relative to the base) and a summary."""

    graphs: dict[str, Graph]
    observations: list[Observation] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file → kind

    def summary(self) -> str:
        """A few lines for the command line."""
        lines = [f"{len(self.observations)} observations from {len(self.files)} file(s); "
                 f"{sum(len(g) for g in self.graphs.values())} triples in {', '.join(sorted(self.graphs))}"]
        for name, kind in self.files.items():
            lines.append(f"  {name} ({kind})")
        by_series = Counter((o.gso_code, o.series) for o in self.observations)
        for (code, series), count in sorted(by_series.items()):
            periods = sorted(o.period for o in self.observations if (o.gso_code, o.series) == (code, series))
            lines.append(f"  province {code} {series}: {count} ({', '.join(periods)})")
        return "\n".join(lines)


def known_units(mappings_dir: Path) -> set[str] | None:
    """Unit names declared by ``mappings/lexicons/units.yaml`` (None when it is absent)."""
    path = mappings_dir / "lexicons" / "units.yaml"
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"{path}: {exc}") from exc
    entries = data.get("units", data) if isinstance(data, dict) else data
    if isinstance(entries, dict):
        return {str(key) for key in entries} or None
    names = {str(e.get("name") or e.get("key")) for e in entries or [] if isinstance(e, dict)}
    return (names - {"None"}) or None


def _metadata(path: Path) -> dict:
    sidecar = path.with_name(dataset_id(path) + ".yaml")
    if not sidecar.exists():
        return {}
    try:
        return yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise StatisticsInputError(sidecar, None, None, f"bad metadata YAML: {exc}") from exc


def statistics_files(directory: Path) -> list[Path]:
    """Every importable file under ``directory`` (recursively), in a stable order."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def _shapes(settings: Settings) -> Graph:
    return Graph().parse(settings.ontology_dir / "shapes" / "statistics.ttl")


def structure_graph(settings: Settings) -> Graph:
    """The cube's structure definition (ontology/vocab/statistics.ttl)."""
    return Graph().parse(settings.ontology_dir / "vocab" / "statistics.ttl")


def validate_graphs(graphs: Iterable[Graph], settings: Settings) -> None:
    """SHACL-validate the union of ``graphs`` with the statistics shapes; raise on violations."""
    from pyshacl import validate

    union = Graph()
    for graph in graphs:
        union += graph
    conforms, report, text = validate(union, shacl_graph=_shapes(settings), inference="none",
                                      advanced=True, allow_warnings=True)  # SPARQL targets (IC-12)
    if not conforms:
        raise ValidationFailed(f"the statistics cube does not conform to ontology/shapes/statistics.ttl:\n{text}")


def import_files(paths: Iterable[Path], settings: Settings, lexicon: StatisticsLexicon | None = None,
                 *, validate: bool = True) -> StatisticsImport:
    """Read, build and validate; the graphs are returned only if all of it succeeded."""
    lexicon = lexicon or load_lexicon(settings.mappings_dir)
    units = known_units(settings.mappings_dir)
    base = settings.base_iri
    statistics = bind_prefixes(Graph(), base)
    statistics += series_graph(lexicon, base)
    result = StatisticsImport({STATISTICS_GRAPH: statistics, SHARED_GRAPH: shared_graph(lexicon, base)})
    datasets: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        rows = read_file(path, lexicon, units)
        name = dataset_id(path)
        if name in datasets:
            raise StatisticsInputError(path, None, None, f"dataset {name!r} is also read from {datasets[name]}")
        datasets[name] = path
        observations = [observation for _, observation in rows]
        statistics += cube_graph(observations, lexicon, base, name, _metadata(path))
        result.observations.extend(observations)
        result.files[str(path)] = file_kind(path)
    if validate:  # the structure itself is published with the vocabularies (graph/ontology)
        validate_graphs([*result.graphs.values(), structure_graph(settings)], settings)
    return result

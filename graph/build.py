"""extract → map → validate → load: the one pipeline behind ``nghiquyet build`` and ``validate``.

Publishing is atomic: a build is written into ``<data>/builds/<version>-<stamp>/`` (store, dumps,
VoID) and only after it is complete is the ``<data>/current`` link switched to it. A failed
build never touches what is published.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from nghiquyet.graph.build_lock import build_lock, remove_stale_partials
from nghiquyet.graph.corpus import iter_corpus
from nghiquyet.graph.errors import ConfigError, DocumentError, ValidationFailed
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.lexicon import load_lexicons
from nghiquyet.graph.indicator_scheme import SCHEME_GRAPH, scheme_graph
from nghiquyet.graph.mapping import load_context, map_records
from nghiquyet.graph.place_graph import PLACES_GRAPH, places_graph
from nghiquyet.graph.places import places_for
from nghiquyet.graph.publish import write_dumps, dataset_version, void_graph
from nghiquyet.graph.report import explain_results
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.national import national_contribution

__all__ = ["BuildResult", "Progress", "assemble", "check", "publish", "build_dataset", "add_common_graphs", "KEEP_BUILDS"]

KEEP_BUILDS = 3
Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    """Default progress reporter: one line per step on standard error."""
    print(message, file=sys.stderr, flush=True)


def _quiet(message: str) -> None:
    return None


@dataclass
class BuildResult:
    """What a build produced and how long each step took."""

    version: str
    graphs: dict[str, int]
    build_dir: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    record_sets: list[dict[str, Any]] | None = None
    record_paths: list[Path] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    @property
    def records(self) -> list[dict[str, Any]]:
        """The record set of every document (read from the build cache when the build streamed)."""
        if self.record_sets is not None:
            return self.record_sets
        return [json.loads(path.read_text(encoding="utf-8")) for path in self.record_paths]


def require_ontology(ontology_dir: Path) -> None:
    """Refuse a folder that holds no ontology or no shapes (nothing would be checked)."""
    if not any(Path(ontology_dir).glob("*.ttl")) or not any(Path(ontology_dir).glob("shapes/*.ttl")):
        raise ConfigError(f"{ontology_dir}: not an ontology folder (it needs *.ttl and shapes/*.ttl); "
                          "check NGHIQUYET_ONTOLOGY_DIR")


def ontology_graph(settings: Settings) -> Graph:
    """The ontology and its SKOS vocabularies (units, roles, comparators …)."""
    graph = Graph()
    for path in sorted(settings.ontology_dir.glob("*.ttl")) + sorted((settings.ontology_dir / "vocab").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _statistics() -> Any:
    try:
        return importlib.import_module("nghiquyet.graph.statistics")
    except ModuleNotFoundError:
        return None


def _contributions(settings: Settings) -> dict[str, Graph]:
    """Named graphs from optional modules (statistics) that contribute to every build."""
    module = _statistics()
    return module.contribute(settings) if module else {}


def _add(dataset: Dataset, settings: Settings, graphs: dict[str, Graph]) -> None:
    for name, graph in graphs.items():
        target = dataset.graph(URIRef(settings.base_iri + name))
        for triple in graph:
            target.add(triple)


def add_common_graphs(settings: Settings, dataset: Dataset) -> None:
    """Add the graphs every build has besides the documents' (ontology, indicator scheme, places,
    national statistics, contributions of optional modules); ``graph/progress`` comes after."""
    ontology = dataset.graph(URIRef(settings.base_iri + "graph/ontology"))
    for triple in ontology_graph(settings):
        ontology.add(triple)
    indicators = dataset.graph(URIRef(settings.base_iri + SCHEME_GRAPH))
    for triple in scheme_graph(settings.base_iri, settings.mappings_dir):
        indicators.add(triple)
    places = dataset.graph(URIRef(settings.base_iri + PLACES_GRAPH))
    known_places = places_for(settings.mappings_dir, settings.corpus_dir)
    for triple in places_graph(known_places, settings.base_iri):
        places.add(triple)
    national = dataset.graph(URIRef(settings.base_iri + "graph/statistics"))
    for triple in national_contribution(settings.corpus_dir, known_places, settings.base_iri):
        national.add(triple)
    _add(dataset, settings, _contributions(settings))


def assemble(settings: Settings, progress: Progress = _quiet) -> tuple[Dataset, list[dict[str, Any]], dict[str, float]]:
    """Extract every corpus document and map the records into one dataset (not yet validated)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    metas = iter_corpus(settings.corpus_dir)
    if not metas:
        raise DocumentError(f"{settings.corpus_dir}: the corpus folder holds no documents (*.txt); "
                            "nothing to validate or publish")
    lexicons = load_lexicons(settings.mappings_dir)
    record_sets = []
    for index, meta in enumerate(metas, 1):
        records = extract_document(meta, lexicons)
        record_sets.append(records)
        progress(f"[extract {index}/{len(metas)}] {meta.file}: {len(records['quantities'])} quantities, "
                 f"{len(records['programmes'])} programmes, {len(records['tasks'])} tasks, "
                 f"{len(records['assignments'])} assignments")
    timings["extract"] = time.perf_counter() - started
    started = time.perf_counter()
    dataset = map_records(record_sets, load_context(settings.mappings_dir, settings.base_iri), settings.base_iri)
    add_common_graphs(settings, dataset)
    module = _statistics()
    if module is not None:  # links and progress statuses, computed from everything above
        _add(dataset, settings, module.derive(dataset, settings))
    timings["map"] = time.perf_counter() - started
    progress(f"[map] {len(dataset)} quads in {len(list(dataset.graphs())) - 1} named graphs "
             f"({timings['map']:.1f} s)")
    return dataset, record_sets, timings


def check(settings: Settings, dataset: Dataset, progress: Progress = _quiet) -> float:
    """Validate ``dataset`` against the shapes; raise :class:`ValidationFailed` with a readable report."""
    from nghiquyet.graph.validate import load_shapes, validate_graph

    started = time.perf_counter()
    data = Graph()
    for quad in dataset.quads((None, None, None, None)):
        data.add(quad[:3])
    report = validate_graph(data, shapes=load_shapes(settings.ontology_dir), engine=settings.validator)
    elapsed = time.perf_counter() - started
    progress(f"[validate] {len(data)} triples, {'conforms' if report.conforms else 'VIOLATIONS'} ({elapsed:.1f} s)")
    if not report.conforms:
        violations = [r for r in report.results if str(r.get("severity", "")).endswith("Violation")]
        text = explain_results(violations, dataset, settings.base_iri)
        raise ValidationFailed(text, violations)
    return elapsed


def publish(settings: Settings, dataset: Dataset, progress: Progress = _quiet) -> BuildResult:
    """Write store, dumps and VoID into a fresh build folder, then switch ``current`` to it.

    One build publishes at a time (``graph.build_lock``); folders left by interrupted builds go.
    """
    with build_lock(settings.data_dir, progress):
        remove_stale_partials(settings.data_dir / "builds", progress)
        return _publish(settings, dataset, progress)


def _publish(settings: Settings, dataset: Dataset, progress: Progress) -> BuildResult:
    started = time.perf_counter()
    version = dataset_version(dataset)
    builds = settings.data_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_dir = builds / f"{version[:12]}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    for n in range(2, 1000):  # a second build in the same second by the same process
        if not build_dir.exists():
            break
        build_dir = build_dir.with_name(f"{build_dir.name.rsplit('~', 1)[0]}~{n}")
    tmp_dir = build_dir.with_name(build_dir.name + ".partial")
    tmp_dir.mkdir()
    try:
        graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
        void = void_graph(settings, dataset, version, graphs)
        store = ox.Store(str(tmp_dir / "store"))
        store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), ox.RdfFormat.N_QUADS)
        void_name = ox.NamedNode(settings.base_iri + "graph/void")
        store.bulk_load(void.serialize(format="ntriples").encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=void_name)
        store.flush()
        del store
        progress(f"[load] store written ({time.perf_counter() - started:.1f} s)")
        write_dumps(tmp_dir / "dumps", dataset, void, settings.base_iri)
        for folder in (tmp_dir, tmp_dir / "store"):  # the server reads <store>/VERSION for ETags
            (folder / "VERSION").write_text(version + "\n", encoding="utf-8")
        tmp_dir.rename(build_dir)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    _switch_current(settings.data_dir, build_dir)
    _prune(builds, keep=KEEP_BUILDS, current=build_dir)
    elapsed = time.perf_counter() - started
    progress(f"[publish] {sum(graphs.values())} triples, version {version[:12]} → {settings.data_dir / 'current'} ({elapsed:.1f} s)")
    return BuildResult(version=version, graphs=graphs, build_dir=build_dir, timings={"publish": elapsed})


def _switch_current(data_dir: Path, build_dir: Path) -> None:
    link = data_dir / "current"
    tmp_link = data_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(build_dir.relative_to(data_dir))
    os.replace(tmp_link, link)  # atomic on POSIX


def _prune(builds: Path, *, keep: int, current: Path) -> None:
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in finished[keep:]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def build_dataset(settings: Settings, progress: Progress | None = None, *, validate_only: bool = False,
                  jobs: int | None = None) -> BuildResult:
    """The whole pipeline, streamed one document at a time over ``jobs`` processes (default: one
    per CPU) with the build cache (:mod:`nghiquyet.graph.build_stream`); publishes only a dataset
    that conforms to the shapes."""
    from nghiquyet.graph.build_stream import streamed_build

    return streamed_build(settings, progress, jobs=jobs, validate_only=validate_only)

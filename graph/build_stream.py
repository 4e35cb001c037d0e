"""The streamed build behind ``nghiquyet build`` and ``validate``: one document at a time, in parallel.

1. **Extract** (:func:`~nghiquyet.graph.build_units.extract_unit`, ``--jobs`` worker processes):
   each document is extracted and mapped to its named graph, written as N-Quads into the build
   cache (``graph.build_cache``); an unchanged document is read back instead.
2. **Shared graphs** (``graph.build_graphs``): the documents' shared nodes (bodies, indicators,
   provinces …) merged once, with the ontology, indicator scheme, places and statistics.
3. **Load**: every graph's file bulk-loaded into a new Oxigraph store; ``graph/progress`` is
   computed meanwhile in a child process from the files, one province at a time in memory (its
   documents and the shared graphs), and loaded too.
4. **Validate** each document's graph (focused on its own nodes, with the context it points at;
   cached by the exact data validated), then the shared graphs and ``graph/progress``.
5. **Publish**: VoID, streamed dumps (``graph.build_dumps``), then the atomic switch of
   ``<data>/current`` (as :func:`nghiquyet.graph.build.publish`).

Memory holds one document per worker, the shared graphs and the merged shared nodes, not the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sized

from nghiquyet.graph import build as base
from nghiquyet.graph.build_cache import (BuildCache, extraction_fingerprint, file_digest, inputs_key,
                                          unchanged_build, write_manifest)
from nghiquyet.graph.build_check import check_streamed
from nghiquyet.graph.build_dumps import (dump_parts, named_nquads, oxigraph_triples, void_counts,
                                          write_streamed_dumps)
from nghiquyet.graph.build_graphs import common_files, progress_file, progress_pieces, write_graph
from nghiquyet.graph.build_lock import build_lock, remove_stale_partials
from nghiquyet.graph.build_reuse import PreviousStore, ReusedStore, keep_shared, previous_store
from nghiquyet.graph.bulk_load import bulk_load_files
from nghiquyet.graph.build_units import UnitState, cached_unit, extract_unit, prepare
from nghiquyet.graph.corpus import iter_corpus
from nghiquyet.graph.errors import DocumentError, StoreError
from nghiquyet.graph.extract.lexicon import load_lexicons
from nghiquyet.graph.mapping import load_context, merge_shared
from nghiquyet.graph.publish import version_of, void_graph
from nghiquyet.graph.settings import Settings

__all__ = ["streamed_build", "default_jobs", "run_units"]

_QUERIES = Path(__file__).resolve().parent / "build_queries"


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def query_text(name: str) -> str:
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def run_units(function: Callable[[Any], Any], items: Iterable[Any], jobs: int, count: int | None = None
              ) -> Iterator[Any]:
    """``function`` over ``items`` in order, in ``jobs`` processes forked from this one (here if 1).

    ``items`` may be a generator (``count``: how many it yields at most, when it has no length): it
    is drawn a few items ahead of the workers, so that making the next item here overlaps the workers'
    work and memory holds a few items, not all. A worker that dies (killed, out of memory) is a
    :class:`StoreError`, not a wait for ever; an error raised in a worker reaches the caller as itself."""
    count = len(items) if count is None and isinstance(items, Sized) else count
    if jobs <= 1 or count is not None and count <= 1:
        yield from map(function, items)
        return
    workers = min(jobs, count or jobs)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[Future[Any]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(function, item))
                if len(pending) > 2 * workers:  # a queued item per worker besides the running ones
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as error:
            raise StoreError("a worker process of the build ended abruptly (killed, or out of memory?); "
                             "nothing was published") from error
        finally:
            for future in pending:
                future.cancel()


class _Child:
    """``function(*args)`` in a process forked now (``what`` it computes, for the error); :meth:`result`
    waits for its value (an error raised there is raised here; a child that dies, killed or out of
    memory, is a :class:`StoreError`)."""

    def __init__(self, what: str, function: Callable[..., Any], *args: Any) -> None:
        self._what = what
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_child, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> Any:
        try:
            ok, value = self._receive.recv()
        except EOFError as error:  # it ended without sending
            raise StoreError(f"the process computing {self._what} ended abruptly (killed, or out of "
                             "memory?); nothing was published") from error
        if not ok:
            raise value
        return value

    def __enter__(self) -> "_Child":
        return self

    def __exit__(self, *_: object) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _run_child(send: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        send.send((True, function(*args)))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        send.send((False, error))
    finally:
        send.close()


def _extract(settings: Settings, metas: list, jobs: int, progress: base.Progress,
             cache: BuildCache) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every document's summary, from its cache entry or extracted and mapped in the workers (the
    lexicons and mapping context loaded only when a document is not cached), in corpus order."""
    state = UnitState(cache=cache, fingerprint=extraction_fingerprint(settings.mappings_dir, settings.base_iri),
                      base_iri=settings.base_iri)
    prepare(state)
    found = [cached_unit(meta) for meta in metas]
    missing = [meta for meta, summary in zip(metas, found) if summary is None]
    if missing:
        state.lexicons = load_lexicons(settings.mappings_dir)
        state.context = load_context(settings.mappings_dir, settings.base_iri)
    extracted = run_units(extract_unit, missing, jobs)
    summaries, merged = [], {}
    for index, summary in enumerate((s if s is not None else next(extracted) for s in found), 1):
        merge_shared(merged, summary.pop("shared"))
        counts = summary["counts"]
        progress(f"[extract {index}/{len(metas)}] {summary['file']}: {counts['quantities']} quantities, "
                 f"{counts['programmes']} programmes, {counts['tasks']} tasks, {counts['assignments']} assignments"
                 + (" (cached)" if summary["cached"] else ""))
        summaries.append(summary)
    return summaries, merged


def streamed_build(settings: Settings, progress: base.Progress | None = None, *, jobs: int | None = None,
                   validate_only: bool = False) -> base.BuildResult:
    """Extract, map, validate and (unless ``validate_only``) publish the corpus, one document at a time."""
    progress = progress or base._quiet
    jobs = jobs or default_jobs()
    started = time.perf_counter()
    base.require_ontology(settings.ontology_dir)
    metas = iter_corpus(settings.corpus_dir)
    if not metas:
        raise DocumentError(f"{settings.corpus_dir}: the corpus folder holds no documents (*.txt); "
                            "nothing to validate or publish")
    cache = BuildCache(settings.data_dir / "cache")
    summaries, merged = _extract(settings, metas, jobs, progress, cache)
    timings = {"extract": time.perf_counter() - started}
    inputs = inputs_key(settings, [s["key"] for s in summaries])
    if not validate_only and (unchanged := unchanged_build(settings.data_dir, inputs)) is not None:
        build_dir, manifest = unchanged
        progress(f"[publish] nothing changed: version {manifest['version'][:12]} is current ({build_dir.name})")
        return base.BuildResult(version=manifest["version"], graphs=manifest["graphs"], build_dir=build_dir,
                                timings={**timings, "total": time.perf_counter() - started},
                                record_paths=[cache.entry(s["key"]).records_path for s in summaries])
    if validate_only:
        with tempfile.TemporaryDirectory(prefix="nghiquyet-validate-") as scratch:
            result, _ = _assemble(settings, summaries, merged, cache, Path(scratch), jobs, progress, timings)
            result.build_dir = None
            return result
    with build_lock(settings.data_dir, progress):
        builds = settings.data_dir / "builds"
        remove_stale_partials(builds, progress)
        builds.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        tmp_dir = builds / f"streamed-{stamp}.partial"
        tmp_dir.mkdir()
        try:
            result, shared_names = _assemble(settings, summaries, merged, cache, tmp_dir, jobs, progress, timings,
                                             previous_store(settings.data_dir))
            publish_started = time.perf_counter()
            write_manifest(tmp_dir, inputs, result.version, result.graphs,
                           documents={s["graph"]: s["key"] for s in summaries}, shared=shared_names)
            build_dir = _final_dir(builds, result.version, stamp)
            tmp_dir.rename(build_dir)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        base._switch_current(settings.data_dir, build_dir)
        base._prune(builds, keep=base.KEEP_BUILDS, current=build_dir)
    result.build_dir = build_dir
    result.timings["publish"] += time.perf_counter() - publish_started
    result.timings["total"] = time.perf_counter() - started
    progress(f"[publish] {result.triples} triples, version {result.version[:12]} → {settings.data_dir / 'current'} "
             f"({result.timings['publish']:.1f} s)")
    return result


def _final_dir(builds: Path, version: str, stamp: str) -> Path:
    build_dir = builds / f"{version[:12]}-{stamp}"
    for n in range(2, 1000):  # a second build in the same second by the same process
        if not build_dir.exists():
            break
        build_dir = build_dir.with_name(f"{build_dir.name.rsplit('~', 1)[0]}~{n}")
    return build_dir


def _assemble(settings: Settings, summaries: list[dict[str, Any]], merged: dict[str, dict[str, Any]],
              cache: BuildCache, folder: Path, jobs: int, progress: base.Progress,
              timings: dict[str, float], previous: PreviousStore | None = None
              ) -> tuple[base.BuildResult, dict[str, str]]:
    """Load, validate and write store, dumps and VoID into ``folder`` (the store started from
    ``previous``'s unchanged graphs); the build's result and the names of its shared graphs' files."""
    started = time.perf_counter()
    graphs_dir = folder / "graphs"
    graphs_dir.mkdir()
    common = common_files(settings, merged, graphs_dir, cache)
    documents = {s["graph"]: cache.entry(s["key"]).nquads_path for s in summaries}
    reused = ReusedStore(folder / "store", {s["graph"]: s["key"] for s in summaries}, previous)
    store, kept = reused.store, reused.kept
    fresh = [path for iri, path in documents.items() if iri not in kept]

    def load_documents_and_common(store: Any, reused: ReusedStore) -> None:
        bulk_load_files(store, fresh)
        for iri, path in common.items():
            reused.put(iri, path)

    # graph/progress computed in a process of its own meanwhile: beside a thread of Python code the
    # bulk load (Oxigraph reading the files through Python) waits for the interpreter lock at every
    # read (400 documents: 5.6 s alone, 40-87 s beside a busy thread)
    with _Child("graph/progress", progress_file, settings, common, summaries, documents, graphs_dir) as computing:
        load_documents_and_common(store, reused)
        derived = computing.result()
    for iri, path in derived.items():
        reused.put(iri, path)
    timings["load"] = time.perf_counter() - started
    kept_note = f", {len(kept)} unchanged ones kept from the previous build" if kept else ""
    progress(f"[load] {len(fresh)} document graphs{kept_note} and {len(common) + len(derived)} shared graphs "
             f"({timings['load']:.1f} s)")
    started = time.perf_counter()
    shared_files = {**common, **derived}
    check_streamed(settings, store, summaries, documents, shared_files, cache, jobs, progress)
    timings["validate"] = time.perf_counter() - started
    started = time.perf_counter()
    total = sum(int(s["sum"]) for s in summaries)
    count = sum(int(s["quads"]) for s in summaries)
    graph_counts = {s["graph"]: int(s["quads"]) for s in summaries if int(s["quads"])}
    pieces, piece_sums = progress_pieces(settings, common, summaries, documents, cache, derived, graphs_dir / "pieces")
    for iri, path in shared_files.items():
        part_sum, part_count = piece_sums[iri] if iri in piece_sums else cache.quads_sum(path)
        total, count = total + part_sum, count + part_count
        graph_counts[iri] = part_count
    version = version_of(total, count)
    void_iri = settings.base_iri + "graph/void"
    shared_parts = {iri: cache.graph_parts_dir(iri, settings.base_iri, file_digest(path))
                    for iri, path in shared_files.items() if iri not in pieces}
    parts = dump_parts([*documents.items(), *shared_files.items()],
                       {**{s["graph"]: cache.entry(s["key"]).directory for s in summaries}, **shared_parts},
                       graphs_dir / "parts", settings.base_iri, pieces)
    cache.keep_graph_parts([*shared_parts.values(), *(folder for found in pieces.values() for _, folder in found)])
    void = void_graph(settings, None, version, graph_counts, void_counts(parts))
    void_file = write_graph(graphs_dir, void_iri, named_nquads(oxigraph_triples(void), void_iri))
    reused.put(void_iri, void_file)
    reused.finish()
    store.flush()
    del store, reused
    shared_names = keep_shared(folder, {**shared_files, void_iri: void_file})
    write_streamed_dumps(folder / "dumps", parts, void, settings.base_iri)
    for target in (folder, folder / "store"):  # the server reads <store>/VERSION for ETags
        (target / "VERSION").write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(graphs_dir)
    timings["publish"] = time.perf_counter() - started
    return base.BuildResult(version=version, graphs=graph_counts, timings=timings,
                            record_paths=[cache.entry(s["key"]).records_path for s in summaries]), shared_names

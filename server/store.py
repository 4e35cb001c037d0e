"""The store interface every view codes against, and the embedded Oxigraph implementation.

``init_app(app, store)`` hangs a :class:`GraphStore` on the app; ``get_store()`` returns it, opening
``settings.store_dir`` read-only (or ``settings.store_url`` remotely) on first use.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph
from flask import Flask, current_app

from nghiquyet.graph.errors import Forbidden, QueryError, StoreError
from nghiquyet.graph.settings import Settings
from nghiquyet.server.allocator import preload_library
from nghiquyet.server.query_check import QueryInfo, analyse, check_services
from nghiquyet.server.query_pool import MiB, WorkerPool, default_memory_limit
from nghiquyet.server.workers import VERSION_FILE, Job, Term, build_key, build_version, run_job

__all__ = ["GraphStore", "OxigraphStore", "Limits", "Term", "init_app", "get_store", "open_store", "VERSION_FILE",
           "answered_version"]

_EXTENSION_KEY = "nghiquyet.store"
_LOCK_KEY = "nghiquyet.store_lock"
TSV = "text/tab-separated-values"
NTRIPLES = "application/n-triples"
JSON = "application/sparql-results+json"


@runtime_checkable
class GraphStore(Protocol):
    """Read access to the published dataset; bindings are typed terms, never spliced into text."""

    @property
    def version(self) -> str: ...

    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
               max_rows: int | None = None) -> list[dict[str, Term]]: ...

    def ask(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool: ...

    def construct(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
                  max_rows: int | None = None) -> list[pyoxigraph.Triple]: ...

    def execute(self, query: str, *, result_format: str, default_graph: list[str] | None = None,
                named_graphs: list[str] | None = None, timeout: float | None = None,
                bindings: Mapping[str, Term] | None = None, base_iri: str | None = None) -> tuple[bytes, str]: ...

    def update(self, update: str, *, timeout: float | None = None) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Limits:
    """The guards every query goes through (from :class:`Settings`)."""

    query_timeout: float = 30.0
    max_rows: int = 100_000
    service_allowlist: tuple[str, ...] = ()
    union_default_graph: bool = True
    enable_update: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(settings.query_timeout, settings.max_rows, tuple(settings.service_allowlist),
                   settings.union_default_graph, settings.enable_update)

    def timeout(self, asked: float | None) -> float:
        """The client may ask for less time than the default, never more."""
        return self.query_timeout if asked is None or asked <= 0 else min(asked, self.query_timeout)

    def rows(self, asked: int | None) -> int:
        return self.max_rows if asked is None or asked <= 0 else min(asked, self.max_rows)

    def check_query(self, query: str) -> QueryInfo:
        """Refuse updates and non-allow-listed SERVICE calls before anything runs."""
        info = analyse(query)
        if info.is_update:
            raise Forbidden("SPARQL updates are not allowed through the query operation")
        check_services(info, self.service_allowlist)
        return info


class OxigraphStore:
    """Embedded pyoxigraph: an on-disk store served read-only, or an in-memory ``Store``.

    On disk, a query made of one triple pattern streams its rows, so it runs right here on a
    read-only handle of this process, and its deadline is checked between rows; every other query
    runs in a worker process that is killed when it passes its deadline (:class:`WorkerPool`).
    With an in-memory ``store`` (tests, fixtures) queries run in the calling thread and the
    timeout stops streaming results only (pyoxigraph cannot cancel a running evaluation).
    """

    def __init__(self, store: pyoxigraph.Store | None = None, *, path: str | os.PathLike[str] | None = None,
                 limits: Limits | None = None, workers: int = 2, allocator: str = "system",
                 memory_limit: int | None = None, idle_timeout: float = 0) -> None:
        if (store is None) == (path is None):
            raise ValueError("give exactly one of store= or path=")
        self.limits = limits or Limits()
        self.path = Path(path) if path is not None else None
        self._store = store
        self._pool = (WorkerPool(self.path, workers, allocator, memory_limit, idle_timeout=idle_timeout)
                      if self.path is not None else None)
        self._local: tuple[int, str, pyoxigraph.Store] | None = None  # (pid, version, read-only handle)
        self._generation = 0
        self._version_cache: tuple[object, str] = ((), "")
        self._answered = threading.local()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str], settings: Settings | None = None) -> "OxigraphStore":
        """Serve the on-disk store at ``path`` read-only."""
        settings = settings or Settings.from_env()
        if not (Path(path) / "CURRENT").exists():
            raise StoreError(f"no Oxigraph store at {path}; run `nghiquyet build` first")
        preload_library(settings.allocator)  # a wrong allocator path fails here, not at the first query
        return cls(path=path, limits=Limits.from_settings(settings), workers=settings.query_workers,
                   allocator=settings.allocator, memory_limit=memory_limit(settings),
                   idle_timeout=settings.query_idle_seconds)

    @classmethod
    def from_store(cls, store: pyoxigraph.Store, settings: Settings | None = None) -> "OxigraphStore":
        """Wrap an (in-memory) pyoxigraph store, e.g. fixture data in tests."""
        return cls(store, limits=Limits.from_settings(settings or Settings.from_env()))

    # -- version ---------------------------------------------------------------------------
    @property
    def version(self) -> str:
        """The build being served now: the dataset version (``VERSION``) and the build's identity.

        One ``stat`` of the store directory per call (it follows the ``current`` link), so the
        version changes the moment a new build is published, even one of the same data.
        """
        if self.path is None:
            return f"mem-{id(self._store):x}-{self._generation}"
        key = build_key(self.path)
        cached = self._version_cache
        if cached[0] == key:
            return cached[1]
        version = build_version(self.path, key)
        self._version_cache = (key, version)
        return version

    def answered_version(self) -> str:
        """The version of the build that answered this thread's last query (for its ETag)."""
        return getattr(self._answered, "version", None) or self.version

    # -- queries ---------------------------------------------------------------------------
    def _run(self, job: Job, timeout: float | None) -> tuple[bytes, str]:
        seconds = self.limits.timeout(timeout)
        if self._store is not None:
            self._answered.version = self.version
            return run_job(self._store, job, deadline=time.monotonic() + seconds)
        if job.streams:
            version = self.version
            self._answered.version = version
            return run_job(self._local_store(version), job, deadline=time.monotonic() + seconds)
        assert self._pool is not None
        payload, media_type, self._answered.version = self._pool.run(job, seconds)  # the worker checks the build
        return payload, media_type

    def _local_store(self, version: str) -> pyoxigraph.Store:
        """This process's read-only handle, reopened after a fork or when a new build is published."""
        local = self._local
        if local is None or local[0] != os.getpid() or local[1] != version:
            with self._lock:
                local = self._local
                if local is None or local[0] != os.getpid() or local[1] != version:
                    assert self.path is not None
                    try:
                        local = (os.getpid(), version, pyoxigraph.Store.read_only(str(self.path)))
                    except OSError as exc:
                        raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
                    self._local = local
        return local[2]

    def _job(self, query: str, result_format: str, expect: str | None, bindings: Mapping[str, Term] | None,
             max_rows: int | None, default_graph: list[str] | None = None,
             named_graphs: list[str] | None = None, base_iri: str | None = None) -> Job:
        info = self.limits.check_query(query)
        explicit = default_graph is not None or named_graphs is not None
        return Job(
            query=query,
            result_format=result_format,
            expect=expect,
            default_graph=tuple(default_graph) if default_graph is not None else (() if explicit else None),
            named_graphs=tuple(named_graphs) if named_graphs is not None else (() if explicit else None),
            bindings=tuple((name.lstrip("?$"), term) for name, term in (bindings or {}).items()),
            max_rows=self.limits.rows(max_rows),
            union_default_graph=self.limits.union_default_graph and not info.has_dataset_clause,
            streams=info.streams,
            base_iri=base_iri,
        )

    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
               max_rows: int | None = None) -> list[dict[str, Term]]:
        """Rows of a SELECT query as ``{variable: term}``; unbound variables are absent."""
        data, _ = self._run(self._job(query, TSV, "select", bindings, max_rows), timeout)
        solutions = pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.TSV)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            rows.append({name: solution[name] for name in names if solution[name] is not None})
        return rows

    def ask(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        """The answer of an ASK query."""
        data, _ = self._run(self._job(query, JSON, "ask", bindings, None), timeout)
        return bool(pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.JSON))

    def construct(self, query: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None,
                  max_rows: int | None = None) -> list[pyoxigraph.Triple]:
        """Triples of a CONSTRUCT or DESCRIBE query."""
        data, _ = self._run(self._job(query, NTRIPLES, "graph", bindings, max_rows), timeout)
        return [quad.triple for quad in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES)]

    def execute(self, query: str, *, result_format: str, default_graph: list[str] | None = None,
                named_graphs: list[str] | None = None, timeout: float | None = None,
                bindings: Mapping[str, Term] | None = None, base_iri: str | None = None) -> tuple[bytes, str]:
        """Run any query form and serialise it as ``result_format`` (a media type).

        ``base_iri`` resolves relative IRIs in the query (the protocol uses the endpoint URL).
        """
        return self._run(self._job(query, result_format, None, bindings, None, default_graph, named_graphs, base_iri),
                         timeout)

    def update(self, update: str, *, timeout: float | None = None) -> None:
        """Apply a SPARQL update (test mode only: ``enable_update`` and an in-memory store)."""
        if not self.limits.enable_update:
            raise Forbidden("SPARQL updates are not allowed on this endpoint")
        if self._store is None:
            raise Forbidden("the published store is read-only")
        info = analyse(update)
        if "LOAD" in info.keywords:
            raise Forbidden("LOAD is not allowed on this endpoint")
        check_services(info, self.limits.service_allowlist)
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        self._generation += 1

    def prestart(self) -> None:
        """Start the query processes now (a server does this at start-up; tests need not)."""
        if self._pool is not None:
            self._pool.prestart()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.close()


def open_store(settings: Settings) -> GraphStore:
    """The store described by ``settings``: remote when ``store_url`` is set, else the local one."""
    if settings.store_url:
        from nghiquyet.server.remote_store import RemoteSparqlStore

        return RemoteSparqlStore(settings.store_url, limits=Limits.from_settings(settings),
                                 base_iri=settings.base_iri)
    return OxigraphStore.open(settings.store_dir, settings)


def memory_limit(settings: Settings) -> int:
    """Bytes of resident memory one query process may use (``settings.query_memory_mb``, else
    :func:`~nghiquyet.server.query_pool.default_memory_limit` over every query process of a server)."""
    if settings.query_memory_mb > 0:
        return settings.query_memory_mb * MiB
    return default_memory_limit(max(1, settings.workers) * max(1, settings.query_workers))


def answered_version(store: GraphStore) -> str:
    """The version of the build that answered the calling thread's last query on ``store``."""
    method = getattr(store, "answered_version", None)
    return method() if method is not None else store.version


def init_app(app: Flask, store: GraphStore | None = None) -> None:
    """Remember ``store`` (or open one lazily from the app's settings on first use)."""
    app.extensions[_EXTENSION_KEY] = store
    app.extensions[_LOCK_KEY] = threading.Lock()


def get_store(app: Flask | None = None) -> GraphStore:
    """The app's store, opened on first use and cached on the app."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    store = app.extensions.get(_EXTENSION_KEY)
    if store is None:
        with app.extensions[_LOCK_KEY]:
            store = app.extensions.get(_EXTENSION_KEY)
            if store is None:
                store = open_store(app.config["NGHIQUYET"])
                app.extensions[_EXTENSION_KEY] = store
    return store

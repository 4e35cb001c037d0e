"""Query execution: :func:`run_job` against a pyoxigraph store, in process or in a query process.

A query process (``python -I -m nghiquyet.server.workers``, started by
:class:`nghiquyet.server.query_pool.WorkerPool`) holds ``Store.read_only(path)`` on the build that
is current, answers one job at a time and sends results back serialised, as bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Union

import pyoxigraph

from nghiquyet.graph.errors import NghiquyetError, NotAcceptable, QueryError, QueryTimeout, StoreError, TooManyRows
from nghiquyet.server.formats import rdf_format, result_format
from nghiquyet.server.service_guard import mentions_service

__all__ = ["Job", "run_job", "Term", "build_key", "build_version", "VERSION_FILE", "worker_cli", "serve_jobs"]

Term = Union[pyoxigraph.NamedNode, pyoxigraph.Literal, pyoxigraph.BlankNode]
TSV = "text/tab-separated-values"
NTRIPLES = "application/n-triples"
#: Written by the build into the store directory; its content is the dataset version.
VERSION_FILE = "VERSION"
BuildKey = tuple[int, int, int]


def build_key(path: str | os.PathLike[str]) -> BuildKey | None:
    """Which build ``path`` (``<data>/current/store``, through the link) is now: one ``stat``.

    Device, inode and modification time of the store directory; a read-only open never changes
    them, and a new build is a new directory.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


def build_version(path: str | os.PathLike[str], key: BuildKey | None) -> str:
    """The version string of the build ``key`` at ``path``: the dataset version (``VERSION``) and
    a digest of the build's identity, so that two builds of the same data differ (ETags)."""
    if key is None:
        return "missing"
    try:
        content = (Path(path) / VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        content = ""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:10]
    return f"{content}-{digest}" if content else f"store-{digest}"


@dataclass(slots=True)
class Job:
    """One query to run; everything in it pickles (a plain slotted class: one is built per request)."""

    query: str
    result_format: str  # media type; must suit the query form
    expect: str | None = None  # "select", "ask", "graph" or None (anything)
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    bindings: tuple[tuple[str, Any], ...] = ()
    max_rows: int | None = None
    union_default_graph: bool = False
    base_iri: str | None = None
    streams: bool = False  # one triple pattern: rows stream, so deadlines are checked between them


#: The fewest bytes one solution takes in each results format (an empty row and its separator).
_MIN_ROW_BYTES = {"application/sparql-results+json": 3, "application/sparql-results+xml": 17, "text/csv": 2}


class _LargeResult(Exception):
    """The direct serialisation grew past the size where the row cap could be reached."""


class _CappedBuffer(io.RawIOBase):
    """Collects output, stopping at the line cap (one line per row/triple), the byte cap or the deadline."""

    def __init__(self, max_lines: int | None, deadline: float | None, max_bytes: int | None = None) -> None:
        self.buffer = io.BytesIO()
        self.lines = 0
        self.size = 0
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self.deadline = deadline

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.lines += chunk.count(b"\n")
        if self.max_lines is not None and self.lines > self.max_lines:
            raise TooManyRows(f"the result has more than {self.max_lines - 1} rows (the cap on this endpoint); "
                              "add a LIMIT or narrow the query")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout("the query ran past its time limit and was stopped")
        self.size += len(chunk)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise _LargeResult()
        return self.buffer.write(chunk)


_UNION: dict[str, Any] = {"use_default_graph_as_union": True}
_NO_OPTIONS: dict[str, Any] = {}


def _dataset_options(job: Job) -> dict[str, Any]:
    if job.default_graph is None and job.named_graphs is None:
        return _UNION if job.union_default_graph else _NO_OPTIONS
    return {
        "default_graph": [pyoxigraph.NamedNode(iri) for iri in job.default_graph or ()],
        "named_graphs": [pyoxigraph.NamedNode(iri) for iri in job.named_graphs or ()],
    }


def run_job(store: pyoxigraph.Store, job: Job, deadline: float | None = None) -> tuple[bytes, str]:
    """Evaluate ``job`` on ``store`` and serialise it; raises project errors only."""
    substitutions = {pyoxigraph.Variable(name): term for name, term in job.bindings} if job.bindings else None
    try:
        result = store.query(job.query, base_iri=job.base_iri, substitutions=substitutions, **_dataset_options(job))
        if isinstance(result, pyoxigraph.QueryBoolean):
            return _boolean(result, job)
        if isinstance(result, pyoxigraph.QuerySolutions):
            try:
                return _solutions(result, job, deadline, direct=True)
            except _LargeResult:  # may pass the row cap: run again, counting rows as TSV lines
                result = store.query(job.query, base_iri=job.base_iri, substitutions=substitutions,
                                     **_dataset_options(job))
                return _solutions(result, job, deadline, direct=False)  # type: ignore[arg-type]
        return _triples(result, job, deadline)
    except SyntaxError as exc:  # about the caller's own text
        raise QueryError(f"SPARQL syntax error: {_short(str(exc))}") from None
    except ValueError as exc:
        if mentions_service(job.query):  # the message may come from a remote reply
            raise evaluation_error(exc) from None
        raise QueryError(f"invalid query: {_short(str(exc))}") from None
    except (NghiquyetError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - OSError, RuntimeError (e.g. a SERVICE reply that does not parse)
        raise evaluation_error(exc) from None


def evaluation_error(exc: BaseException) -> StoreError:
    """A 500 for a failure inside the evaluation; its message may quote what a remote endpoint sent,
    so only the exception's type is shown to the caller (the detail goes to the server log)."""
    print(f"nghiquyet query worker: {type(exc).__name__}: {_short(str(exc))[:200]}", file=sys.stderr, flush=True)
    return StoreError(f"the store failed while evaluating the query ({type(exc).__name__}; see the server log)")


def _short(message: str) -> str:
    """Parser messages list every expected character class; keep the readable head."""
    head = message.splitlines()[0] if message else message
    return head if len(head) <= 200 else head[:200] + " …"


def _check_form(job: Job, form: str) -> None:
    if job.expect is not None and job.expect != form:
        raise QueryError(f"expected a {job.expect.upper()} query, got a {form.upper()} query")


def _boolean(result: pyoxigraph.QueryBoolean, job: Job) -> tuple[bytes, str]:
    _check_form(job, "ask")
    fmt = result_format(job.result_format)
    if fmt is None:
        raise NotAcceptable(f"{job.result_format} cannot represent an ASK result")
    return result.serialize(format=fmt), job.result_format


def _solutions(result: pyoxigraph.QuerySolutions, job: Job, deadline: float | None,
               direct: bool) -> tuple[bytes, str]:
    """Serialise solutions; ``direct`` writes the asked format straight away while the result is too
    small in bytes to hold more rows than the cap, else rows are counted as lines of TSV."""
    _check_form(job, "select")
    fmt = result_format(job.result_format)
    if fmt is None:
        raise NotAcceptable(f"{job.result_format} cannot represent SELECT results")
    min_row = _MIN_ROW_BYTES.get(job.result_format)
    if direct and min_row is not None:
        limit = None if job.max_rows is None else min_row * job.max_rows
        out = _CappedBuffer(None, deadline, max_bytes=limit)
        result.serialize(out, fmt)
        return out.buffer.getvalue(), job.result_format
    out = _CappedBuffer(None if job.max_rows is None else job.max_rows + 1, deadline)  # +1: header
    result.serialize(out, pyoxigraph.QueryResultsFormat.TSV)
    data = out.buffer.getvalue()
    if job.result_format == TSV:
        return data, TSV
    return pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.TSV).serialize(format=fmt), job.result_format


def _triples(result: pyoxigraph.QueryTriples, job: Job, deadline: float | None) -> tuple[bytes, str]:
    _check_form(job, "graph")
    fmt = rdf_format(job.result_format)
    if fmt is None:
        raise NotAcceptable(f"{job.result_format} cannot represent an RDF graph")
    out = _CappedBuffer(job.max_rows, deadline)
    result.serialize(out, pyoxigraph.RdfFormat.N_TRIPLES)
    data = out.buffer.getvalue()
    if job.result_format == NTRIPLES:
        return data, NTRIPLES
    quads = pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES)  # all in the default graph
    return pyoxigraph.serialize(quads, format=fmt) or b"", job.result_format


# ---------------------------------------------------------------- worker processes


def _open_current(path: str) -> tuple[pyoxigraph.Store, BuildKey | None]:
    """Open the build ``path`` points to now; the key is read after opening, so it names that build."""
    for _ in range(5):
        before = build_key(path)
        store = pyoxigraph.Store.read_only(path)
        if build_key(path) == before:
            return store, before
        del store  # the link moved while opening: open the new build
    raise StoreError("the published store kept changing while a query worker opened it")


def _worker_main(conn: Connection, path: str) -> None:
    """Worker loop: answer jobs until the pipe closes, each from the build that is current when it
    starts (one ``stat`` per job; the store is reopened when ``current`` moved to a new build)."""
    store: pyoxigraph.Store | None = None
    opened: BuildKey | None = None
    version = ""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or build_key(path) != opened:
                store = None  # close the old build's files first
                store, opened = _open_current(path)
                version = build_version(path, opened)
            payload, media_type = run_job(store, job)
            conn.send(("ok", payload, media_type, version))
        except NghiquyetError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except MemoryError:
            store = None
            conn.send(("error", "QueryMemoryExceeded", "query used too much memory and was stopped"))
            os._exit(3)  # the parent replaces this process
        except Exception as exc:  # noqa: BLE001 - report without the message, parent logs it as a 5xx
            conn.send(("error", "StoreError", str(evaluation_error(exc))))


def _limit_address_space(memory_limit: int) -> None:
    """A backstop for the parent's memory watch: the address space may grow by the limit plus 1 GiB
    (allocators reserve address space ahead of use); past it allocations fail and the process ends."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = size + memory_limit + (1 << 30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the parent's watch alone


def serve_jobs(fd: int, path: str, memory_limit: int = 0) -> None:
    """Be a query process: answer jobs on the socket ``fd`` from the store at ``path``."""
    if memory_limit > 0:
        _limit_address_space(memory_limit)
    _worker_main(Connection(fd), path)


def worker_cli() -> None:
    """Entry point of a query process: ``<socket fd> <store path> [<memory limit in bytes>]``."""
    fd, path = int(sys.argv[1]), sys.argv[2]
    memory_limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    os.dup2(2, 1)  # stray prints must not reach the parent
    serve_jobs(fd, path, memory_limit)


if __name__ == "__main__":
    worker_cli()

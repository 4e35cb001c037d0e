"""Admission control for heavy SPARQL queries, as the public endpoints do it (WDQS, DBpedia).

A *heavy* query is any protocol query that is not a lookup (one triple pattern, which streams in
the server process; ``QueryInfo.streams``). Heavy queries run in query processes and may take up
to the time limit, so at most

* ``max_heavy_queries`` run at once over all server processes (503 when all are taken),
* ``max_heavy_per_client`` of them for one client address (429),
* ``threads - 1`` and ``query_workers - 1`` in one server process (503), so that every server
  process keeps a request thread for lookups and a query process for the site's own pages.

A query over a limit is refused at once with ``Retry-After`` instead of waiting in a queue, so
lookups never wait behind heavy queries and no query is answered later than its time limit.

Across the server processes the slots are lock files in a folder that ``nghiquyet serve`` creates
(``NGHIQUYET_ADMISSION_DIR``): a slot is taken with a non-blocking ``flock`` and given back by
closing it, and the kernel gives back the slots of a process that dies. Without that folder (the
Flask test client, an app embedded elsewhere) the counts are kept in this process.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, ContextManager

from nghiquyet.graph.errors import Overloaded, TooManyRequests
from nghiquyet.graph.settings import Settings
from nghiquyet.server.query_check import analyse

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: counts stay per process
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["Admission", "ADMISSION_DIR_ENV", "admit", "limits_of"]

ADMISSION_DIR_ENV = "NGHIQUYET_ADMISSION_DIR"
_KEY = "nghiquyet.admission"
_CREATE = threading.Lock()


def limits_of(settings: Settings) -> tuple[int, int, int]:
    """(all processes, per client, per process) heavy-query limits for ``settings`` (0 = automatic)."""
    total = settings.max_heavy_queries if settings.max_heavy_queries > 0 else max(2, os.cpu_count() or 1)
    per_client = settings.max_heavy_per_client if settings.max_heavy_per_client > 0 else max(1, total // 2)
    per_process = max(1, min(settings.threads - 1, settings.query_workers - 1))
    return total, min(per_client, total), per_process


class Admission:
    """Slots for heavy queries: global and per client (lock files or counts), per process (counts)."""

    def __init__(self, total: int, per_client: int, per_process: int, slots_dir: Path | None = None) -> None:
        self.total, self.per_client, self.per_process = total, per_client, per_process
        self.slots_dir = slots_dir if slots_dir is not None and fcntl is not None else None
        self._process_cap = per_process if self.slots_dir is not None else min(per_process, total)
        self._lock = threading.Lock()
        self._running = 0  # heavy queries of this process
        self._clients: Counter[str] = Counter()  # without slots_dir: per client, this process

    @contextmanager
    def heavy(self, client: str) -> Iterator[None]:
        """Hold a heavy-query slot for ``client`` for the block; raise 429/503 at once when none is free.

        The client's share is checked first (429), then the server's (503), then this process's."""
        held: list[int] = []
        counted: list[str] = []
        try:
            if self.slots_dir is not None:
                digest = hashlib.sha256(client.encode("utf-8", "replace")).hexdigest()[:16]
                for prefix, count, error in ((f"client-{digest}", self.per_client, _too_many),
                                             ("heavy", self.total, _overloaded)):
                    slot = self._take(prefix, count)
                    if slot is None:
                        raise error(count)
                    held.append(slot)
            with self._lock:
                if self.slots_dir is None and self._clients[client] >= self.per_client:
                    raise _too_many(self.per_client)
                if self._running >= self._process_cap:
                    raise _overloaded(self._process_cap)
                self._running += 1
                counted.append(client)
                if self.slots_dir is None:
                    self._clients[client] += 1
            yield
        finally:
            for fd in held:
                os.close(fd)  # gives the flock back
            with self._lock:
                if counted:
                    self._running -= 1
                    if self.slots_dir is None:
                        self._clients[client] -= 1
                        if not self._clients[client]:
                            del self._clients[client]

    def _take(self, prefix: str, count: int) -> int | None:
        """A locked file descriptor on one of ``count`` slot files, or None when all are held."""
        assert self.slots_dir is not None
        for index in range(count):
            fd = os.open(self.slots_dir / f"{prefix}-{index}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None


def _too_many(limit: int) -> TooManyRequests:
    return TooManyRequests(f"this client already runs {limit} heavy quer{'y' if limit == 1 else 'ies'} at once, "
                           "the most one client may; wait for it to finish")


def _overloaded(limit: int) -> Overloaded:
    return Overloaded("every slot for heavy queries is taken right now; try again in a few seconds")


def _admission(app: Flask) -> Admission:
    admission = app.extensions.get(_KEY)
    if admission is None:
        with _CREATE:
            admission = app.extensions.get(_KEY)
            if admission is None:
                folder = os.environ.get(ADMISSION_DIR_ENV)
                slots = Path(folder) if folder and Path(folder).is_dir() else None
                admission = Admission(*limits_of(app.config["NGHIQUYET"]), slots_dir=slots)
                app.extensions[_KEY] = admission
    return admission


def admit(app: Flask, query: str, client: str | None) -> ContextManager[None]:
    """The slot a protocol query needs: none for a lookup, a heavy-query slot for anything else
    (none at all with ``max_heavy_queries < 0``: admission control off, e.g. for benchmarks)."""
    if analyse(query).streams or app.config["NGHIQUYET"].max_heavy_queries < 0:
        return nullcontext()
    return _admission(app).heavy(client or "unknown")

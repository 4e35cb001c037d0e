"""Killable query processes: a pool with a hard deadline and a memory limit per query.

pyoxigraph cannot cancel a query from Python, so :class:`WorkerPool` runs each query in a worker
process and kills it when its query passes the deadline or its resident memory passes
``memory_limit`` (sampled every 50 ms while the query runs; the worker also sets ``RLIMIT_AS`` as a
backstop). A killed process is reaped and replaced in the background, so the answer (503) goes out
at the deadline and the next query finds a started process.

Under ``nghiquyet serve`` the processes are forked by the query zygote (:mod:`nghiquyet.server.zygote`)
when a query needs one, in milliseconds, sharing its pages; one idle for ``idle_timeout`` seconds
ends. Without a zygote (tests, an app embedded elsewhere) each is a fresh interpreter,
``python -I -m nghiquyet.server.workers``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from nghiquyet.graph import errors
from nghiquyet.graph.errors import NghiquyetError, QueryMemoryExceeded, QueryTimeout, StoreError
from nghiquyet.server.allocator import preload_env
from nghiquyet.server.workers import Job
from nghiquyet.server.zygote import ZYGOTE_ENV, spawn

__all__ = ["WorkerPool", "default_memory_limit", "resident_bytes"]

POLL = 0.05  # seconds between memory samples of a running query
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MiB = 1 << 20


def physical_memory() -> int | None:
    """Bytes of RAM on this machine, if the platform says."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def default_memory_limit(processes: int) -> int:
    """Half the machine's RAM shared by ``processes`` query processes, between 256 MiB and 4 GiB.

    Every query process can then be at its limit at once and half the RAM is still free for the
    server processes, the page cache and everything else (24 GiB, 8 processes: 1.5 GiB each)."""
    total = physical_memory() or 4 << 30
    return max(256 * MiB, min(4 << 30, total // 2 // max(1, processes)))


def resident_bytes(pid: int) -> int | None:
    """Resident set size of process ``pid`` (Linux ``/proc``), or None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_LOST: set[str] = set()


def _zygote_lost(zygote: str, exc: OSError) -> None:
    if zygote not in _LOST:
        _LOST.add(zygote)
        print(f"nghiquyet serve: the query zygote at {zygote} does not answer ({exc}); "
              "starting query processes as fresh interpreters", file=sys.stderr, flush=True)


class _Worker:
    """One query process (forked by the zygote, else a fresh interpreter) and a socket to it."""

    def __init__(self, path: str, generation: int, allocator: str, memory_limit: int | None,
                 zygote: str | None) -> None:
        parent, child = socket.socketpair()
        try:
            self.process: Any = None
            if zygote:
                try:
                    self.process = spawn(zygote, child.dup(), path, memory_limit or 0)
                except OSError as exc:  # the zygote is gone: a fresh interpreter still answers
                    _zygote_lost(zygote, exc)
            if self.process is None:  # -I: the server's working directory and PYTHON* variables never reach the worker's path
                env = preload_env(dict(os.environ), allocator)
                self.process = subprocess.Popen(
                    [sys.executable, "-I", "-m", "nghiquyet.server.workers", str(child.fileno()), path,
                     str(memory_limit or 0)],
                    pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=env, close_fds=True,
                )
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        self.conn = Connection(parent.detach())
        self.generation = generation
        self.peak = 0  # the largest resident size seen while it ran a query
        self.idle_since = time.monotonic()

    def kill_now(self) -> None:
        """Close the socket and send SIGKILL; reaping is left to the caller."""
        try:
            self.conn.close()
        except OSError:
            pass
        if self.process.poll() is None:
            try:
                self.process.kill()
            except OSError:
                pass


class WorkerPool:
    """Up to ``size`` worker processes over one on-disk store; hard per-query deadlines and memory."""

    def __init__(self, path: str | os.PathLike[str], size: int = 2, allocator: str = "system",
                 memory_limit: int | None = None, *, zygote: str | None = None, idle_timeout: float = 0) -> None:
        self.path = str(path)
        self.size = max(1, size)
        self.allocator = allocator  # see server.allocator
        self.memory_limit = memory_limit  # bytes of resident memory per query process, None = no limit
        self.zygote = zygote if zygote is not None else os.environ.get(ZYGOTE_ENV) or None
        self.idle_timeout = idle_timeout  # seconds; 0 = idle processes stay
        self._reaper: threading.Thread | None = None
        self._lock = threading.Condition()
        self._idle: list[_Worker] = []
        self._count = 0  # started, busy, idle or being reaped
        self._generation = 0
        self._pid = os.getpid()

    def _after_fork(self) -> None:
        if self._pid != os.getpid():  # inherited from a pre-forking parent: start afresh
            self._lock = threading.Condition()
            self._idle, self._count, self._pid, self._reaper = [], 0, os.getpid(), None

    def _spawn(self, generation: int) -> _Worker:
        return _Worker(self.path, generation, self.allocator, self.memory_limit, self.zygote)

    def _start_idle_reaper(self) -> None:
        """A thread that ends query processes idle for ``idle_timeout`` (they are forked again on demand)."""
        with self._lock:
            if not self.idle_timeout or self._reaper is not None:
                return
            self._reaper = threading.current_thread()  # claimed; replaced below

        def loop() -> None:
            while True:
                time.sleep(min(10.0, self.idle_timeout / 2))
                cutoff = time.monotonic() - self.idle_timeout
                with self._lock:
                    old = [w for w in self._idle if w.idle_since < cutoff]
                    self._idle = [w for w in self._idle if w.idle_since >= cutoff]
                    self._count -= len(old)
                    if old:
                        self._lock.notify_all()
                for worker in old:
                    worker.kill_now()
                    try:
                        worker.process.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        pass

        self._reaper = threading.Thread(target=loop, name="query-worker-idle-reaper", daemon=True)
        self._reaper.start()

    def recycle(self) -> None:
        """Stop every idle worker now; busy ones are retired when they finish."""
        with self._lock:
            self._generation += 1
            old, self._idle = self._idle, []
            self._count -= len(old)
            self._lock.notify_all()
        for worker in old:
            worker.kill_now()
            worker.process.wait(timeout=5)

    def _acquire(self, deadline: float, fresh: bool = False) -> _Worker:
        """An idle live worker, else a new one (in the slot of one that was killed while idle).

        ``fresh``: always a new process (a retry after a worker died: others killed at the same
        moment may not be reaped yet and still look alive)."""
        dead: _Worker | None = None
        with self._lock:
            while not self._idle and self._count >= self.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout("all query workers are busy; try again shortly")
                self._lock.wait(remaining)
            while self._idle and not (fresh and self._count < self.size):
                worker = self._idle.pop()
                if worker.process.poll() is None and not fresh:
                    return worker
                dead = worker  # killed while idle (poll() reaped it): start another in its slot
                break
            else:
                self._count += 1
            generation = self._generation
        if dead is not None:
            dead.kill_now()
        try:
            return self._spawn(generation)
        except BaseException:
            self._forget()
            raise

    def _forget(self) -> None:
        with self._lock:
            self._count -= 1
            self._lock.notify()

    def _give_back(self, worker: _Worker) -> None:
        if worker.generation != self._generation:
            self._retire(worker, replace=False)
            return
        worker.idle_since = time.monotonic()
        with self._lock:
            self._idle.append(worker)
            self._lock.notify()

    def _retire(self, worker: _Worker, *, replace: bool = True) -> None:
        """Kill ``worker`` now; reap it and start its replacement in the background."""
        worker.kill_now()

        def reap() -> None:
            try:
                worker.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
            with self._lock:
                generation = self._generation
            if replace and worker.generation == generation:
                try:
                    self._give_back(self._spawn(generation))
                    return
                except (OSError, subprocess.SubprocessError):
                    pass
            self._forget()

        threading.Thread(target=reap, name="query-worker-reaper", daemon=True).start()

    def run(self, job: Job, timeout: float) -> tuple[bytes, str, str]:
        """Run ``job`` in a worker; stop it with :class:`QueryTimeout` after ``timeout`` s, or with
        :class:`QueryMemoryExceeded` when it passes the memory limit. A query whose process is
        killed from outside runs once more in another process (within the same deadline).

        Returns the payload, its media type and the version of the build that answered."""
        self._after_fork()
        self._start_idle_reaper()
        deadline = time.monotonic() + timeout
        for attempt in range(2):
            worker = self._acquire(deadline, fresh=attempt > 0)
            try:
                worker.conn.send(job)
                self._wait(worker, deadline, timeout)
                reply = worker.conn.recv()
                break
            except (EOFError, OSError):
                self._retire(worker)
                death = self._death(worker)
                if attempt or isinstance(death, QueryMemoryExceeded) or time.monotonic() >= deadline:
                    raise death from None
                # killed from outside (kill -9, the OOM killer): once more, in another process
            except NghiquyetError:
                self._retire(worker)
                raise
        if reply[0] == "ok":
            self._give_back(worker)
            return reply[1], reply[2], reply[3]
        error_class = getattr(errors, reply[1], StoreError)
        if not (isinstance(error_class, type) and issubclass(error_class, NghiquyetError)):
            error_class = StoreError
        if error_class is QueryMemoryExceeded:
            self._retire(worker)  # it exits by itself; never reuse it
        else:
            self._give_back(worker)
        raise error_class(reply[2])

    def _wait(self, worker: _Worker, deadline: float, timeout: float) -> None:
        """Wait for the reply, sampling the worker's memory; raise when a limit is passed."""
        limit = self.memory_limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeout(f"the query ran past the {timeout:g} s time limit and was stopped")
            if worker.conn.poll(min(remaining, POLL) if limit else remaining):
                return
            if limit:
                rss = resident_bytes(worker.process.pid) or 0
                worker.peak = max(worker.peak, rss)
                if rss > limit:
                    raise _too_much_memory(limit)

    def _death(self, worker: _Worker) -> NghiquyetError:
        """Why a worker died mid-query: memory (the allocator aborts at RLIMIT_AS) or something else."""
        try:
            code = worker.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        limit = self.memory_limit
        if limit and (code == -signal.SIGABRT or worker.peak > limit * 0.8):
            return _too_much_memory(limit)
        return StoreError(f"a query worker died (exit status {code})")

    def prestart(self) -> None:
        """Start every worker now, in the background, so that the first queries do not wait for them.

        Nothing to do with a zygote: forking a query process when a query needs one takes milliseconds."""
        if self.zygote:
            return

        def start() -> None:
            self._after_fork()
            with self._lock:
                wanted, generation = self.size - self._count, self._generation
                self._count += max(0, wanted)
            for _ in range(max(0, wanted)):
                try:
                    self._give_back(self._spawn(generation))
                except (OSError, subprocess.SubprocessError):
                    self._forget()

        threading.Thread(target=start, name="query-workers-prestart", daemon=True).start()

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when their query ends."""
        self.recycle()


def _too_much_memory(limit: int) -> QueryMemoryExceeded:
    return QueryMemoryExceeded(f"query used too much memory (more than {limit // MiB} MiB, the limit of one "
                               "query on this endpoint) and was stopped; narrow it or add a LIMIT")

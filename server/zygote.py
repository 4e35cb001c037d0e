"""A warm parent that forks query processes: one per ``nghiquyet serve``, shared by its server processes.

A fresh interpreter that imports pyoxigraph costs about 40 MiB and a few hundred milliseconds; a
process forked from one that already has shares those pages with it (copy on write) and starts in
milliseconds. ``nghiquyet serve`` starts the zygote (``python -I -m nghiquyet.server.zygote``, with
the allocator preloaded) before its server processes; a :class:`~nghiquyet.server.query_pool.WorkerPool`
connects to its Unix socket and passes one end of a socket pair (``SCM_RIGHTS``); the zygote forks,
the child runs :func:`nghiquyet.server.workers.serve_jobs` on it, and the zygote sends back the
child's pid and a pidfd (so that the pool can kill it without racing pid reuse). The connection
stays open: when the child exits the zygote reaps it and writes its exit status there. The zygote
exits when its stdin (a pipe from ``nghiquyet serve``) closes.
"""

from __future__ import annotations

import array
import gc
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["ZYGOTE_ENV", "start_zygote", "spawn", "ForkedProcess"]

#: The zygote's socket path, handed to the server processes.
ZYGOTE_ENV = "NGHIQUYET_ZYGOTE"
_STATUS = struct.Struct("!i")


def start_zygote(socket_path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the zygote listening at ``socket_path``; returns once it listens (it has imported pyoxigraph)."""
    process = subprocess.Popen([sys.executable, "-I", "-m", "nghiquyet.server.zygote", str(socket_path)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != b"ready":
        process.kill()
        process.wait()
        raise OSError(f"the query zygote did not start (exit status {process.returncode})")
    process.stdout.close()
    return process


class ForkedProcess:
    """A query process forked by the zygote: the part of ``subprocess.Popen`` the pool uses (thread-safe)."""

    def __init__(self, pid: int, pidfd: int, control: socket.socket) -> None:
        self.pid = pid
        self.pidfd = pidfd
        self.control = control  # the zygote writes the exit status here, then closes it
        self.returncode: int | None = None
        self._lock = threading.Lock()

    def _read_status(self, block: bool) -> None:
        """With the lock held: take the exit status if the zygote has sent it."""
        if self.returncode is not None:
            return
        self.control.setblocking(block)
        try:
            data = self.control.recv(_STATUS.size)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if len(data) == _STATUS.size:
            self.returncode = _STATUS.unpack(data)[0]
        elif select.select([self.pidfd], [], [], 0 if not block else None)[0]:  # the zygote went first
            self.returncode = -signal.SIGKILL
        else:
            return
        self.control.close()
        os.close(self.pidfd)
        self.pidfd = -1

    def poll(self) -> int | None:
        with self._lock:
            self._read_status(block=False)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        while self.returncode is None:
            with self._lock:
                if self.returncode is not None:
                    break
                fd = self.control.fileno()
            try:
                ready = select.select([fd], [], [], timeout)[0]
            except (OSError, ValueError):  # closed by another thread that took the status
                continue
            if not ready:
                raise subprocess.TimeoutExpired("query process", timeout or 0)
            with self._lock:
                self._read_status(block=True)
        return self.returncode

    def kill(self) -> None:
        with self._lock:
            if self.returncode is None and self.pidfd >= 0:
                try:
                    signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
                except OSError:  # ProcessLookupError: it has ended
                    pass


def spawn(socket_path: str, child: socket.socket, store_path: str, memory_limit: int) -> ForkedProcess:
    """Ask the zygote for a query process that answers jobs on ``child`` (closed here afterwards)."""
    control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        control.connect(socket_path)
        request = json.dumps({"path": store_path, "memory_limit": memory_limit}).encode()
        socket.send_fds(control, [request], [child.fileno()])
        data, fds, _, _ = socket.recv_fds(control, 64, 1)
        if not data or not fds:
            raise OSError("the query zygote did not fork a query process")
        return ForkedProcess(int(data.decode()), fds[0], control)
    except BaseException:
        control.close()
        raise
    finally:
        child.close()


# ---------------------------------------------------------------- the zygote itself


def _child(fd: int, path: str, memory_limit: int, sockets: list[socket.socket], raw_fds: list[int]) -> None:
    """In the forked child: drop the zygote's sockets, then answer jobs until the pipe closes."""
    from nghiquyet.server.workers import serve_jobs

    for sock in sockets:
        sock.close()
    for other in raw_fds:
        try:
            os.close(other)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    gc.unfreeze()
    serve_jobs(fd, path, memory_limit)


def _fork(conn: socket.socket, sockets: list[socket.socket], raw_fds: list[int]) -> tuple[int, int] | None:
    """Read one request on ``conn``; fork its query process; send back pid and pidfd."""
    try:
        data, fds, _, _ = socket.recv_fds(conn, 4096, 1)
    except OSError:
        return None
    if not data or not fds:
        for fd in fds:
            os.close(fd)
        return None
    request = json.loads(data)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _child(fds[0], str(request["path"]), int(request.get("memory_limit") or 0), [conn, *sockets], raw_fds)
        except BaseException:  # noqa: BLE001 - never return into the zygote's loop
            code = 1
        finally:
            os._exit(code)
    os.close(fds[0])
    pidfd = os.pidfd_open(pid)
    try:
        socket.send_fds(conn, [str(pid).encode()], [pidfd])
    except OSError:
        os.kill(pid, signal.SIGKILL)
    return pid, pidfd


def _serve(socket_path: str) -> None:
    import nghiquyet.server.workers  # noqa: F401 - warm: every child inherits pyoxigraph and the job code

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    os.chmod(socket_path, 0o600)
    listener.listen(64)
    gc.collect()
    gc.freeze()  # the children's collections never touch (and so never copy) the zygote's objects
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    os.dup2(2, 1)
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, control connection)
    while True:
        readable = select.select([0, listener, *children], [], [])[0]
        if 0 in readable and not os.read(0, 512):
            return  # nghiquyet serve is gone; the children end when their pools close their sockets
        if listener in readable:
            conn, _ = listener.accept()
            forked = _fork(conn, [listener, *(c for _, c in children.values())], [0, *children])
            if forked is None:
                conn.close()
            else:
                children[forked[1]] = (forked[0], conn)
        for pidfd in [fd for fd in readable if isinstance(fd, int) and fd in children]:
            pid, conn = children.pop(pidfd)
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            try:
                conn.sendall(_STATUS.pack(code))
            except OSError:
                pass
            conn.close()
            os.close(pidfd)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; serve decides
    _serve(sys.argv[1])

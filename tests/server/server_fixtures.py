"""Helpers for the server tests: example data, on-disk stores, live servers on 127.0.0.1.

Live servers are real ``nghiquyet serve`` processes (granian + query worker processes) on a
free port, stopped by their process id when the block ends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import requests

from repo_paths import PROJECT_ROOT

__all__ = ["EX", "GRAPH_A", "GRAPH_B", "example_quads", "memory_store", "disk_store", "free_port",
           "LiveServer", "live_server"]

EX = "http://example.org/"
GRAPH_A = EX + "graph/a"
GRAPH_B = EX + "graph/b"


def example_quads(n: int = 20) -> list[pyoxigraph.Quad]:
    """``n`` items in graph A (with Vietnamese labels) and a few in graph B and the default graph."""
    p_label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    p_value = pyoxigraph.NamedNode(EX + "value")
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    item_class = pyoxigraph.NamedNode(EX + "Item")
    graph_a, graph_b = pyoxigraph.NamedNode(GRAPH_A), pyoxigraph.NamedNode(GRAPH_B)
    quads = []
    for i in range(n):
        item = pyoxigraph.NamedNode(f"{EX}item/{i}")
        quads += [
            pyoxigraph.Quad(item, rdf_type, item_class, graph_a),
            pyoxigraph.Quad(item, p_label, pyoxigraph.Literal(f"Chỉ tiêu số {i}", language="vi"), graph_a),
            pyoxigraph.Quad(item, p_value, pyoxigraph.Literal(str(i), datatype=pyoxigraph.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer")), graph_a),
        ]
    quads.append(pyoxigraph.Quad(pyoxigraph.NamedNode(EX + "only-b"), p_label, pyoxigraph.Literal("B"), graph_b))
    quads.append(pyoxigraph.Quad(pyoxigraph.NamedNode(EX + "only-default"), p_label, pyoxigraph.Literal("D"),
                                 pyoxigraph.DefaultGraph()))
    return quads


def memory_store(quads: Iterable[pyoxigraph.Quad]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.extend(quads)
    return store


def disk_store(path: Path, quads: Iterable[pyoxigraph.Quad]) -> Path:
    """Write ``quads`` to a new on-disk Oxigraph store at ``path`` and close it."""
    store = pyoxigraph.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    return path


# ------------------------------------------------------------------------------- live servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A running ``nghiquyet serve`` process."""

    url: str  # base URL, e.g. http://127.0.0.1:40123
    process: subprocess.Popen[bytes]

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextmanager
def live_server(store_dir: Path, *, timeout: float = 10.0, query_workers: int = 2, threads: int = 4,
                env: dict[str, str] | None = None, store_url: str | None = None,
                named_queries: bool = False) -> Iterator[LiveServer]:
    """Serve ``store_dir`` (or the SPARQL server at ``store_url``) with ``nghiquyet serve`` (granian)
    on a free loopback port until the block ends; the named-query API only with ``named_queries``."""
    port = free_port()
    source = ["--store-url", store_url] if store_url else ["--store", str(store_dir)]
    command = [sys.executable, "-m", "nghiquyet.server.command", *source, "--host", "127.0.0.1",
               "--port", str(port), "--workers", "1", "--threads", str(threads),
               "--query-workers", str(query_workers), "--timeout", str(timeout)]
    environment = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), NGHIQUYET_DATA_DIR=str(store_dir.parent))
    if not named_queries:  # the named-query API is not under test here
        empty = store_dir.parent / "no-queries"
        empty.mkdir(exist_ok=True)
        environment["NGHIQUYET_QUERIES_DIR"] = str(empty)
    environment.update(env or {})
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    server = LiveServer(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()


def _wait_until_up(server: LiveServer, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = server.process.stderr.read().decode(errors="replace") if server.process.stderr else ""
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{err[-3000:]}")
        try:
            if requests.get(server.sparql, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not come up in time")

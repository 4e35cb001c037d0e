"""Real Oxigraph servers on 127.0.0.1: ``serve-read-only`` over a build (the remote store's tests)
and a writable ``serve`` that ``nghiquyet publish`` uploads to.

The server is the ``oxigraph`` CLI of the PyPI package ``oxigraph`` (a test extra; pyoxigraph ships
no server). Tests skip with that reason when the CLI is not installed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

__all__ = ["oxigraph_binary", "oxigraph_server", "oxigraph_writable_server"]

STARTUP_SECONDS = 120  # a loaded machine (CI, several test runs) can be slow to start it


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI, or skip the test saying how to get it."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph, part of the 'test' extra)")
    return binary


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def oxigraph_server(location: Path, *, union_default_graph: bool = True) -> Iterator[str]:
    """Serve the store at ``location`` read-only; yield its query URL; stop it by its pid."""
    with _oxigraph("serve-read-only", location, union_default_graph) as root:
        yield root + "/query"


@contextmanager
def oxigraph_writable_server(location: Path, *, union_default_graph: bool = False) -> Iterator[str]:
    """A writable ``oxigraph serve`` (``/query``, ``/update``, ``/store``) over a new store at
    ``location``; yield its root URL (``http://127.0.0.1:<port>``). Without ``--union-default-graph``
    by default: with it, Oxigraph's server ignores a query's ``FROM`` (0.5), and the remote store
    names its dataset anyway."""
    with _oxigraph("serve", location, union_default_graph) as root:
        yield root


@contextmanager
def _oxigraph(mode: str, location: Path, union_default_graph: bool) -> Iterator[str]:
    port = _free_port()
    command = [oxigraph_binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = f"http://127.0.0.1:{port}"
    url = root + "/query"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph {mode} exited: {process.stderr.read().decode()[-500:]}")
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph {mode} did not answer within {STARTUP_SECONDS} s") from None
                time.sleep(0.1)
        yield root
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

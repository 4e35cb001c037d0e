"""A real ``oxigraph serve-read-only`` on 127.0.0.1 for the tests of the remote store.

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

__all__ = ["oxigraph_binary", "oxigraph_server"]

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
    port = _free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph serve-read-only exited: {process.stderr.read().decode()[-500:]}")
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve-read-only did not answer within {STARTUP_SECONDS} s") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

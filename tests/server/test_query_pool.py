"""The query-process pool: a process killed from outside costs no answer; memory and deadlines."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from server_fixtures import EX, disk_store, example_quads

from nghiquyet.graph.errors import QueryMemoryExceeded
from nghiquyet.server.query_pool import MiB, WorkerPool
from nghiquyet.server.workers import Job

COUNT = Job(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{EX}Item> }} }}", "text/csv")


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    return disk_store(tmp_path / "store", example_quads(100))


def _idle_pids(pool: WorkerPool, wanted: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with pool._lock:
            pids = [worker.process.pid for worker in pool._idle]
        if len(pids) >= wanted:
            return pids
        time.sleep(0.05)
    raise AssertionError("the query processes did not start")


@pytest.mark.parametrize("size", [1, 2])
def test_a_query_whose_process_was_killed_runs_in_another(store_dir: Path, size: int) -> None:
    pool = WorkerPool(store_dir, size=size)
    pool.prestart()
    try:
        for pid in _idle_pids(pool, size):
            os.kill(pid, signal.SIGKILL)
        payload, media_type, version = pool.run(COUNT, timeout=30)
        assert payload.decode().split() == ["n", "100"] and media_type == "text/csv" and version
        assert pool.run(COUNT, timeout=30)[0].decode().split() == ["n", "100"]
    finally:
        pool.close()


def test_past_the_memory_limit_the_process_is_replaced(store_dir: Path) -> None:
    pool = WorkerPool(disk_store(store_dir.parent / "big", example_quads(2000)), size=1, memory_limit=200 * MiB)
    try:
        with pytest.raises(QueryMemoryExceeded, match="too much memory"):
            pool.run(Job("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1", "text/csv",
                         union_default_graph=True), timeout=60)
        assert pool.run(COUNT, timeout=30)[0].decode().split() == ["n", "2000"]
    finally:
        pool.close()

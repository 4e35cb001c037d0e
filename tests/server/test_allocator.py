"""The query processes preload the allocator the settings choose, and still answer correctly."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from server_fixtures import EX, disk_store, example_quads, live_server

from nghiquyet.graph.errors import StoreError
from nghiquyet.graph.settings import Settings
from nghiquyet.server.allocator import PREFERRED, bundled_mimalloc, preload_env, preload_library
from nghiquyet.server.store import OxigraphStore

COUNT = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{EX}Item> . ?s <{EX}value> ?v }}"


def _loaded_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")


def _query_process_maps(store: OxigraphStore) -> str:
    assert store.select(COUNT)[0]["n"].value == "20"  # a join: runs in a query process
    pool = store._pool
    assert pool is not None and pool._idle
    return _loaded_libraries(pool._idle[0].process.pid)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return disk_store(tmp_path_factory.mktemp("alloc") / "store", example_quads())


def test_system_allocator_preloads_nothing(store_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore.open(store_dir, Settings.from_env(data_dir=tmp_path, allocator="system"))
    try:
        maps = _query_process_maps(store)
        assert not any(name in maps for name in PREFERRED)
    finally:
        store.close()


def test_auto_preloads_the_fastest_allocator_found(store_dir: Path, tmp_path: Path) -> None:
    library = preload_library("auto")
    if library is None:
        pytest.skip("no faster allocator here (pip installs cmeel-mimalloc on Linux)")
    store = OxigraphStore.open(store_dir, Settings.from_env(data_dir=tmp_path, allocator="auto"))
    try:
        maps = _query_process_maps(store)
        assert library.split(".so")[0] in maps
    finally:
        store.close()


def test_auto_prefers_the_mimalloc_that_pip_installed() -> None:
    bundled = bundled_mimalloc()
    if bundled is None:
        pytest.skip("cmeel-mimalloc is not installed (it is a dependency on Linux only)")
    assert Path(bundled).is_file() and preload_library("auto") == bundled


def test_a_missing_allocator_path_is_refused_when_the_store_opens(store_dir: Path, tmp_path: Path) -> None:
    settings = Settings.from_env(data_dir=tmp_path, allocator="/nowhere/libfast.so")
    with pytest.raises(StoreError, match="/nowhere/libfast.so"):
        OxigraphStore.open(store_dir, settings)


@pytest.mark.parametrize(("env", "choice", "expected"), [
    ({}, "system", None),
    ({"LD_PRELOAD": "libother.so"}, "libfast.so.1", "libfast.so.1 libother.so"),
    ({"LD_PRELOAD": "libfast.so.1"}, "libfast.so.1", "libfast.so.1"),
    ({}, "libfast.so.1", "libfast.so.1"),
])
def test_preload_env(env: dict[str, str], choice: str, expected: str | None) -> None:
    assert preload_env(env, choice).get("LD_PRELOAD") == expected


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("choice", ["auto", "system"])
def test_serve_runs_its_processes_with_the_chosen_allocator(store_dir: Path, choice: str) -> None:
    """``nghiquyet serve`` re-executes itself once with the allocator preloaded; its server
    processes (forked) and query processes (started by them) all carry it, or none with ``system``."""
    library = preload_library(choice)
    if choice == "auto" and library is None:
        pytest.skip("no faster allocator here (pip installs cmeel-mimalloc on Linux)")
    with live_server(store_dir, env={"NGHIQUYET_ALLOCATOR": choice}) as server:
        answer = requests.get(server.sparql, params={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=30)
        assert answer.status_code == 200 and answer.text.split() == ["n", "20"]
        workers = _children(server.process.pid)
        query_processes = [child for worker in workers for child in _children(worker)]
        assert workers and query_processes
        for pid in [server.process.pid, *workers, *query_processes]:
            maps = _loaded_libraries(pid)
            if library is None:
                assert not any(name in maps for name in PREFERRED)
            else:
                assert library.split(".so")[0] in maps, pid

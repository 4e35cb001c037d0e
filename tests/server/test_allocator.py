"""The query processes preload the allocator the settings choose, and still answer correctly."""

from __future__ import annotations

from pathlib import Path

import pytest
from server_fixtures import EX, disk_store, example_quads

from graph.errors import StoreError
from graph.settings import Settings
from server.allocator import PREFERRED, preload_env, preload_library
from server.store import OxigraphStore

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
    store = OxigraphStore.open(store_dir, Settings.from_env(data_dir=tmp_path, query_allocator="system"))
    try:
        maps = _query_process_maps(store)
        assert not any(name in maps for name in PREFERRED)
    finally:
        store.close()


def test_auto_preloads_the_fastest_allocator_found(store_dir: Path, tmp_path: Path) -> None:
    library = preload_library("auto")
    if library is None:
        pytest.skip("no tcmalloc, jemalloc or mimalloc on this machine (.ci/run installs libtcmalloc-minimal4)")
    store = OxigraphStore.open(store_dir, Settings.from_env(data_dir=tmp_path, query_allocator="auto"))
    try:
        maps = _query_process_maps(store)
        assert library.split(".so")[0] in maps
    finally:
        store.close()


def test_a_missing_allocator_path_is_refused_when_the_store_opens(store_dir: Path, tmp_path: Path) -> None:
    settings = Settings.from_env(data_dir=tmp_path, query_allocator="/nowhere/libfast.so")
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

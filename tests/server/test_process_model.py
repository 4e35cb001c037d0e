"""The process model of ``nghiquyet serve`` on a real server on 127.0.0.1: server processes forked
from the serving process, one query zygote, query processes forked from it when a query needs one,
ended when idle, replaced when killed, and nothing left once the server stops."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import requests
from server_fixtures import EX, disk_store, example_quads, live_server

COUNT = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{EX}Item> . ?s <{EX}value> ?v }}"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{EX}item/3> ?p ?o }}"


def _tree(root: int) -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) for ``root`` and everything below it."""
    table: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        table[int(entry.name)] = (ppid, " ".join(a.decode(errors="replace") for a in argv if a))
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            found[pid] = table[pid]
            todo.extend(child for child, (parent, _) in table.items() if parent == pid)
    return found


def _roles(root: int) -> tuple[list[int], int, list[int]]:
    """(server processes, the zygote, query processes) of the server started as ``root``."""
    tree = _tree(root)
    zygotes = [pid for pid, (parent, argv) in tree.items() if parent == root and "nghiquyet.server.zygote" in argv]
    assert len(zygotes) == 1, tree
    zygote = zygotes[0]
    servers = [pid for pid, (parent, _) in tree.items() if parent == root and pid != zygote]
    queries = [pid for pid, (parent, _) in tree.items() if parent == zygote]
    assert set(tree) == {root, zygote, *servers, *queries}, tree
    return servers, zygote, queries


def _count(server) -> str:  # noqa: ANN001
    answer = requests.get(server.sparql, params={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.text.split()[1]


def _wait(condition, limit: float = 20.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return disk_store(tmp_path_factory.mktemp("procs") / "store", example_quads())


def test_query_processes_are_forked_by_the_zygote_on_demand_and_end_when_idle(store_dir: Path) -> None:
    with live_server(store_dir, env={"NGHIQUYET_QUERY_IDLE_SECONDS": "2"}) as server:
        root = server.process.pid
        servers, zygote, _ = _roles(root)
        assert len(servers) == 1  # --workers 1
        _wait(lambda: not _roles(root)[2])  # the start-up probe's query process ends when idle
        lookup = requests.get(server.sparql, params={"query": LOOKUP}, timeout=30)
        assert lookup.status_code == 200 and "Chỉ tiêu số 3" in lookup.text
        assert _roles(root)[2] == []  # a lookup streams in the server process: no query process
        assert _count(server) == "20"
        first = _roles(root)[2]
        assert len(first) == 1
        assert _count(server) == "20"
        assert _roles(root)[2] == first  # the idle one is used again
        _wait(lambda: not _roles(root)[2])  # idle past query_idle_seconds: ended
        assert _count(server) == "20"  # and forked again
        again = _roles(root)[2]
        assert len(again) == 1 and again != first
        assert _roles(root)[1] == zygote


def test_a_query_process_killed_from_outside_is_replaced(store_dir: Path) -> None:
    with live_server(store_dir) as server:
        root = server.process.pid
        assert _count(server) == "20"
        victims = _roles(root)[2]
        assert victims
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        _wait(lambda: not set(victims) & set(_roles(root)[2]))
        assert _count(server) == "20"
        assert _roles(root)[2] and not set(victims) & set(_roles(root)[2])


def test_a_runaway_query_is_stopped_and_its_process_replaced(store_dir: Path) -> None:
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }")
    with live_server(store_dir, timeout=1.0) as server:
        root = server.process.pid
        answer = requests.get(server.sparql, params={"query": slow}, timeout=30)
        assert answer.status_code == 503
        assert _count(server) == "20"
        assert len(_roles(root)[2]) <= 2


def test_nothing_is_left_when_the_server_stops(store_dir: Path) -> None:
    with live_server(store_dir) as server:
        assert _count(server) == "20"
        tree = set(_tree(server.process.pid))
        assert len(tree) >= 4  # serve, a server process, the zygote, a query process
    _wait(lambda: not [pid for pid in tree if _running(pid)], limit=20)


def _running(pid: int) -> bool:
    try:
        return b"(zombie)" not in Path(f"/proc/{pid}/status").read_bytes()
    except OSError:
        return False


def test_without_the_zygote_queries_run_in_fresh_interpreters(store_dir: Path) -> None:
    with live_server(store_dir) as server:
        root = server.process.pid
        _, zygote, queries = _roles(root)
        os.kill(zygote, signal.SIGKILL)
        for pid in queries:
            os.kill(pid, signal.SIGKILL)
        _wait(lambda: not any(_running(pid) for pid in [zygote, *queries]))
        assert _count(server) == "20"
        tree = _tree(root)
        fresh = [pid for pid, (_, argv) in tree.items() if "nghiquyet.server.workers" in argv]
        assert fresh and all(tree[tree[pid][0]][0] == root for pid in fresh)  # children of a server process

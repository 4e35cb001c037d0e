"""Builds publish one at a time and clear what interrupted builds left (issue 15, findings 4 and 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef

from nghiquyet.graph.build import KEEP_BUILDS, publish
from nghiquyet.graph.build_lock import build_lock
from nghiquyet.graph.settings import Settings

EX = "http://example.org/"


def tiny_dataset(label: str) -> Dataset:
    dataset = Dataset()
    dataset.graph(URIRef(EX + "graph/a")).add((URIRef(EX + "thing"), URIRef(EX + "label"), Literal(label)))
    return dataset


def published_label(settings: Settings) -> str:
    store = ox.Store.read_only(str(settings.store_dir))
    rows = list(store.query(f"SELECT ?l {{ GRAPH ?g {{ <{EX}thing> <{EX}label> ?l }} }}"))
    return rows[0]["l"].value


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    settings = Settings.from_env(data_dir=tmp_path)
    publish(settings, tiny_dataset("first"))
    waiting = threading.Event()
    done = threading.Event()

    def progress(message: str) -> None:
        if "waiting for the build" in message:
            waiting.set()

    def second() -> None:
        publish(settings, tiny_dataset("second"), progress)
        done.set()

    with build_lock(tmp_path):
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(timeout=30), "the second build did not wait for the lock"
        assert not done.is_set()
        assert published_label(settings) == "first"
    thread.join(timeout=60)
    assert done.is_set() and published_label(settings) == "second"


def test_stale_partial_folders_are_removed_by_the_next_build(tmp_path: Path) -> None:
    settings = Settings.from_env(data_dir=tmp_path)
    stale = tmp_path / "builds" / "0123456789ab-20250101T000000-1.partial"
    (stale / "store").mkdir(parents=True)
    (stale / "store" / "CURRENT").write_text("half written\n")
    messages: list[str] = []
    publish(settings, tiny_dataset("after"), messages.append)
    assert not stale.exists()
    assert not list((tmp_path / "builds").glob("*.partial"))
    assert any("interrupted build" in message for message in messages)


def test_concurrent_builds_leave_one_complete_current_build(tmp_path: Path) -> None:
    script = (
        "import sys; from rdflib import Dataset, Literal, URIRef\n"
        "from nghiquyet.graph.build import publish\nfrom nghiquyet.graph.settings import Settings\n"
        "d = Dataset(); d.graph(URIRef('http://example.org/graph/a')).add("
        "(URIRef('http://example.org/thing'), URIRef('http://example.org/label'), Literal(sys.argv[2])))\n"
        "publish(Settings.from_env(data_dir=sys.argv[1]), d)\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), f"build-{i}"]) for i in range(4)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    settings = Settings.from_env(data_dir=tmp_path)
    builds = tmp_path / "builds"
    finished = [p for p in builds.iterdir() if p.is_dir()]
    assert not [p for p in finished if p.name.endswith(".partial")]
    assert len(finished) == KEEP_BUILDS
    current = (tmp_path / os.readlink(tmp_path / "current")).resolve()
    assert current in [p.resolve() for p in finished]
    assert published_label(settings) in {f"build-{i}" for i in range(4)}

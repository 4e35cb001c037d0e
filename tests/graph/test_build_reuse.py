"""The previous build's store as the next one's start (graph/build_reuse.py), on real on-disk stores.

A published build folder is made by hand (store, manifest, shared/ files); each case starts a new
store from it and checks that every graph holds exactly the new files' quads, whichever way it got
there: kept, changed quad by quad, or removed and loaded again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from nghiquyet.graph.build_reuse import ReusedStore, keep_shared, previous_store

EX = "http://example.org/"


def _nquads(graph: str, rows: list[tuple[str, str, str]]) -> str:
    return "".join(f"{s} <{EX}{p}> {o} <{EX}{graph}> .\n" for s, p, o in sorted(rows))


def _rows(n: int, start: int = 0) -> list[tuple[str, str, str]]:
    return [(f"<{EX}s{i}>", "value", f'"{i}"^^<http://www.w3.org/2001/XMLSchema#integer>') for i in range(start, n)]


def _published(data: Path, documents: dict[str, str], shared: dict[str, str]) -> Path:
    """A published build: documents (IRI → N-Quads) and shared graphs (IRI → N-Quads), keys = the text."""
    build = data / "builds" / "b1"
    build.mkdir(parents=True)
    store = ox.Store(str(build / "store"))
    files = {}
    for iri, text in {**documents, **shared}.items():
        store.bulk_load(text.encode(), ox.RdfFormat.N_QUADS)
        if iri in shared:
            path = data / "tmp" / (iri.rsplit("/", 1)[1] + ".nq")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            files[iri] = path
    store.flush()
    del store
    names = keep_shared(build, files)
    manifest = {"inputs": "x", "version": "v", "graphs": {}, "documents": {i: t for i, t in documents.items()},
                "shared": names}
    (build / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    (data / "current").symlink_to(build)
    return build


def _graph(store: ox.Store, name: str) -> set[str]:
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(EX + name))}


def _expected(text: str) -> set[str]:
    return {str(q.triple) for q in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)}


@pytest.fixture()
def published(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    documents = {EX + "doc1": _nquads("doc1", _rows(5)), EX + "doc2": _nquads("doc2", _rows(10, 5))}
    shared = {EX + "progress": _nquads("progress", _rows(100)), EX + "onto": f"_:b1 <{EX}p> _:b2 <{EX}onto> .\n",
              EX + "gone": _nquads("gone", _rows(3))}
    _published(tmp_path / "data", documents, shared)
    return tmp_path, {**documents, **shared}


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.nq"
    path.write_text(text, encoding="utf-8")
    return path


def _unchanged(texts: dict[str, str]) -> dict[str, str]:
    return {EX + "doc1": texts[EX + "doc1"], EX + "doc2": texts[EX + "doc2"]}


def test_unchanged_documents_are_kept_and_the_rest_removed(published) -> None:
    root, texts = published
    previous = previous_store(root / "data")
    assert previous is not None and set(previous.shared) == {EX + "progress", EX + "onto", EX + "gone"}
    reused = ReusedStore(root / "new", {EX + "doc1": texts[EX + "doc1"], EX + "doc2": "changed"}, previous)
    assert reused.kept == {EX + "doc1"}
    assert _graph(reused.store, "doc1") == _expected(texts[EX + "doc1"])
    assert _graph(reused.store, "doc2") == set()
    reused.finish()
    assert {g.value for g in reused.store.named_graphs()} == {EX + "doc1"}


def test_a_shared_graph_is_kept_changed_by_its_difference_or_loaded_again(published) -> None:
    root, texts = published
    reused = ReusedStore(root / "new", {EX + "doc1": texts[EX + "doc1"]}, previous_store(root / "data"))
    same = _file(root, "same", texts[EX + "progress"])
    assert reused.put(EX + "progress", same) is False
    assert _graph(reused.store, "progress") == _expected(texts[EX + "progress"])
    reused2 = ReusedStore(root / "new2", _unchanged(texts), previous_store(root / "data"))
    few = _nquads("progress", _rows(98) + _rows(101, 100))  # two rows gone, one new: by difference
    assert reused2.put(EX + "progress", _file(root, "few", few)) is False
    assert _graph(reused2.store, "progress") == _expected(few)
    blank = f"_:c1 <{EX}p> _:c2 <{EX}onto> .\n_:c1 <{EX}q> \"x\" <{EX}onto> .\n"  # blank nodes: loaded again
    assert reused2.put(EX + "onto", _file(root, "blank", blank)) is True
    assert len(_graph(reused2.store, "onto")) == 2
    reused2.finish()
    assert {g.value for g in reused2.store.named_graphs()} == {EX + "progress", EX + "onto", EX + "doc1", EX + "doc2"}


def test_most_lines_changed_loads_the_graph_again(published) -> None:
    root, texts = published
    reused = ReusedStore(root / "new", _unchanged(texts), previous_store(root / "data"))
    other = _nquads("progress", _rows(300, 200))
    assert reused.put(EX + "progress", _file(root, "other", other)) is True
    assert _graph(reused.store, "progress") == _expected(other)


def test_the_published_store_is_not_written(published) -> None:
    root, texts = published
    before = {str(q) for q in ox.Store.read_only(str(root / "data" / "current" / "store"))}
    reused = ReusedStore(root / "new", _unchanged(texts), previous_store(root / "data"))
    reused.put(EX + "progress", _file(root, "x", _nquads("progress", _rows(2))))
    reused.finish()
    reused.store.flush()
    assert {str(q) for q in ox.Store.read_only(str(root / "data" / "current" / "store"))} == before


def test_no_usable_previous_build_gives_an_empty_store(tmp_path: Path) -> None:
    assert previous_store(tmp_path / "data") is None
    (tmp_path / "data" / "builds" / "b").mkdir(parents=True)
    (tmp_path / "data" / "current").symlink_to(tmp_path / "data" / "builds" / "b")
    (tmp_path / "data" / "builds" / "b" / "MANIFEST.json").write_text('{"inputs": "x"}', encoding="utf-8")
    assert previous_store(tmp_path / "data") is None  # a manifest without documents and shared files
    reused = ReusedStore(tmp_path / "new", {EX + "doc1": "k"}, None)
    assert reused.kept == set() and len(reused.store) == 0


@pytest.mark.parametrize("documents", [{}, {EX + "doc1": "changed", EX + "doc2": "changed"}, {EX + "doc3": "new"}],
                         ids=["none", "all changed", "all new"])
def test_most_documents_changed_starts_an_empty_store(published, documents: dict[str, str]) -> None:
    root, _ = published
    reused = ReusedStore(root / "new", documents, previous_store(root / "data"))
    assert reused.previous is None and reused.kept == set() and len(reused.store) == 0
    assert reused.put(EX + "progress", _file(root, "p", _nquads("progress", _rows(2)))) is True

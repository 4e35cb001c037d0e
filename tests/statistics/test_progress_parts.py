"""``graph/progress`` of the streamed build, one province at a time with each province's part cached
(graph/statistics/progress_parts.py, progress_lines.py): the same bytes with and without the cache,
the same as the whole build in one store (``progress_from_store``, rdflib's graph and writer), and a
one-document change recomputes that document's province only.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from nghiquyet.graph import build_graphs, build_stream
from nghiquyet.graph.build_cache import BuildCache
from nghiquyet.graph.corpus import iter_corpus
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.assessment import PROGRESS_GRAPH, progress_from_store
from nghiquyet.graph.statistics.progress_parts import progress_nquads, province_key, shared_key

EDITED = "004_50941e889c4e615f.txt"  # Lạng Sơn's action programme: "… khoảng 6.650 triệu USD" (a target)


class RecordingCache(BuildCache):
    """The build cache, noting which parts were found and which were written."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.found: list[str] = []
        self.written: list[str] = []

    def part(self, key: str) -> str | None:
        text = super().part(key)
        if text is not None:
            self.found.append(key)
        return text

    def store_part(self, key: str, text: str) -> None:
        self.written.append(key)
        super().store_part(key, text)


def progress_inputs(settings: Settings, tmp: Path) -> dict[str, Any]:
    """What the build's progress step receives: shared graph files, documents by province, keys."""
    cache = BuildCache(settings.data_dir / "cache")
    tmp.mkdir(parents=True, exist_ok=True)
    summaries, merged = build_stream._extract(settings, iter_corpus(settings.corpus_dir), 1, lambda _: None, cache)
    shared = build_graphs.common_files(settings, merged, tmp, cache)
    documents = {s["graph"]: cache.entry(s["key"]).nquads_path for s in summaries}
    by_province: dict[str, list[tuple[str, Path]]] = {}
    for summary in summaries:
        for province in summary["provinces"]:
            by_province.setdefault(province, []).append((summary["graph"], documents[summary["graph"]]))
    return {"shared": list(shared.values()), "documents": by_province, "summaries": summaries,
            "keys": {s["graph"]: s["key"] for s in summaries}, "files": documents, "common": shared}


@pytest.fixture(scope="module")
def inputs(built_settings: Settings, tmp_path_factory) -> dict[str, Any]:
    return progress_inputs(built_settings, tmp_path_factory.mktemp("graphs"))


def test_progress_is_the_same_with_and_without_the_cache_and_as_from_one_store(built_settings, inputs, tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data")  # an empty cache: every part computed, then stored
    iri = settings.base_iri + PROGRESS_GRAPH
    cold = build_graphs.progress_file(settings, inputs["common"], inputs["summaries"], inputs["files"], tmp_path)
    first = cold[iri].read_bytes()
    cache = BuildCache(tmp_path / "data" / "cache")
    provinces = _provinces(cache, settings, inputs)
    assert set(inputs["documents"]) < provinces  # the documents' and those with published figures
    assert len(list((tmp_path / "data" / "cache" / "parts").rglob("*.txt"))) == len(provinces) + 1  # and the list
    warm = build_graphs.progress_file(settings, inputs["common"], inputs["summaries"], inputs["files"], tmp_path)
    assert warm[iri].read_bytes() == first
    uncached = progress_nquads(inputs["shared"], inputs["documents"], settings)
    assert uncached.encode("utf-8") == first

    store = ox.Store()  # every other graph of the build in one store: the whole-build computation
    for path in [*inputs["shared"], *inputs["files"].values()]:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    graph = progress_from_store(store, settings)[PROGRESS_GRAPH]
    assert len(graph) > 1000
    assert build_graphs.named_graph_nquads(graph, iri).encode("utf-8") == first

    published = ox.Store.read_only(str(built_settings.store_dir))  # what the session build published
    mine = set(ox.parse(first, format=ox.RdfFormat.N_QUADS))
    assert set(published.quads_for_pattern(None, None, None, ox.NamedNode(iri))) == mine


def test_a_changed_figure_recomputes_its_province_only(built_settings, tmp_path):
    corpus = tmp_path / "corpus"  # a copy edited in place, as a user edits the corpus
    shutil.copytree(built_settings.corpus_dir, corpus)
    shutil.copytree(built_settings.data_dir / "cache" / "docs", tmp_path / "data" / "cache" / "docs")
    settings = Settings.from_env(corpus_dir=corpus, data_dir=tmp_path / "data")
    inputs = progress_inputs(settings, tmp_path / "before")
    cache = RecordingCache(tmp_path / "parts")
    before = progress_nquads(inputs["shared"], inputs["documents"], settings, cache, inputs["keys"])
    assert cache.found == []
    provinces = _provinces(cache, settings, inputs)
    assert len(cache.written) == len(provinces) + 1

    text = (corpus / EDITED).read_text(encoding="utf-8")
    assert text.count("6.650") == 1
    (corpus / EDITED).write_text(text.replace("6.650", "6.900"), encoding="utf-8")
    edited = progress_inputs(settings, tmp_path / "after")
    changed = [s for s in edited["summaries"] if s["key"] not in set(inputs["keys"].values())]
    assert [s["file"] for s in changed] == [EDITED] and changed[0]["provinces"] == [settings.base_iri + "province/lang-son"]
    cache.found, cache.written = [], []
    after = progress_nquads(edited["shared"], edited["documents"], settings, cache, edited["keys"])

    assert after == progress_nquads(edited["shared"], edited["documents"], settings)  # as without the cache
    assert after != before and "6900" in after and "6900" not in before
    common = shared_key(cache, edited["shared"], settings, _queries(settings))
    lang_son = changed[0]["provinces"][0]
    new_key = province_key(cache, common, lang_son, (edited["keys"][g] for g, _ in edited["documents"][lang_son]))
    old_key = province_key(cache, common, lang_son, (inputs["keys"][g] for g, _ in inputs["documents"][lang_son]))
    assert cache.written == [new_key]  # only the edited document's province was computed
    assert old_key not in cache.found and len(cache.found) == len(provinces)  # the list and every other province
    old_rows, new_rows = set(cache.part(old_key).splitlines()), set(cache.part(new_key).splitlines())
    differ = set(before.splitlines()) ^ set(after.splitlines())
    graph = f" <{settings.base_iri}{PROGRESS_GRAPH}> ."
    assert differ and {row.removesuffix(graph) + " ." for row in differ} == old_rows ^ new_rows


def _queries(settings: Settings) -> tuple[str, str]:
    from nghiquyet.graph.named_queries.loader import query_text

    return query_text("progress", settings.queries_dir), query_text("former-figures", settings.queries_dir)


def _provinces(cache: BuildCache, settings: Settings, inputs: dict[str, Any]) -> set[str]:
    """The provinces whose parts make the graph: those listed from the shared graphs and the documents'."""
    listed = cache.part(cache.part_key(shared_key(cache, inputs["shared"], settings, _queries(settings)), "provinces"))
    assert listed is not None
    return set(listed.split()) | set(inputs["documents"])

"""Incremental builds: the build cache (graph/build_cache.py) gives what a clean build gives.

An unchanged document is neither extracted nor validated again; a changed one is, alone; a
changed lexicon re-extracts every document, a changed shape re-validates every one. Every
incremental result is compared, quad by quad, with a clean build (a fresh data folder) of the same
corpus. The corpus is a copy of corpus/ with its two smallest documents, to keep the builds short.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from nghiquyet.graph.build import BuildResult, build_dataset
from nghiquyet.graph.settings import Settings
from quad_sets import differences, store_quads
from repo_paths import PROJECT_ROOT

KEEP = ("001_77ac39659e78cb63", "003_c1d9fe30bffdbb0f")
EDITED = "003_c1d9fe30bffdbb0f"


def _corpus(folder: Path) -> Path:
    source = PROJECT_ROOT / "corpus"

    def others(directory: str, names: list[str]) -> list[str]:
        if Path(directory) != source:
            return []
        return [n for n in names if n.endswith((".txt", ".yaml")) and Path(n).stem not in KEEP]

    shutil.copytree(source, folder, ignore=others)
    return folder


def _build(data: Path, corpus: Path, **overrides: Path) -> tuple[BuildResult, list[str]]:
    lines: list[str] = []
    settings = Settings.from_env(data_dir=data, corpus_dir=corpus, **overrides)
    return build_dataset(settings, lines.append, jobs=2), lines


def _steps(lines: list[str], step: str) -> dict[str, bool]:
    """{file: whether it came from the cache} for the per-document lines of ``step``."""
    found = {}
    for line in lines:
        match = re.match(rf"\[{step} \d+/\d+\] (\S+): .*?( \(cached\))?$", line)
        if match:
            found[match.group(1).removesuffix(":")] = bool(match.group(2))
    return found


def _same(one: Path, two: Path) -> list[str]:
    return differences(store_quads(ox.Store.read_only(str(one / "current" / "store"))),
                       store_quads(ox.Store.read_only(str(two / "current" / "store"))))


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("incremental")
    corpus = _corpus(root / "corpus")
    result, lines = _build(root / "data", corpus)
    return root, corpus, result, lines


def test_a_clean_build_extracts_and_validates_every_document(first) -> None:
    _, _, _, lines = first
    assert _steps(lines, "extract") == {f"{stem}.txt": False for stem in KEEP}
    assert _steps(lines, "validate") == {f"{stem}.txt": False for stem in KEEP}


def test_an_unchanged_rebuild_reads_everything_from_the_cache(first) -> None:
    root, corpus, result, _ = first
    again, lines = _build(root / "data", corpus)
    assert set(_steps(lines, "extract").values()) == {True}
    assert _steps(lines, "validate") == {}  # the published build was made from the same inputs
    assert any("nothing changed" in line for line in lines)
    assert again.version == result.version and again.graphs == result.graphs
    assert again.build_dir == (root / "data" / "current").resolve()
    assert [r["document"]["id"] for r in again.records] == [r["document"]["id"] for r in result.records]


def test_a_rebuild_elsewhere_validates_from_the_cache(first, tmp_path: Path) -> None:
    root, corpus, result, _ = first
    data = tmp_path / "data"
    shutil.copytree(root / "data" / "cache", data / "cache")  # the cache, not the published build
    again, lines = _build(data, corpus)
    assert set(_steps(lines, "extract").values()) == {True}
    assert set(_steps(lines, "validate").values()) == {True}
    assert again.version == result.version
    assert _same(data, root / "data") == []


def test_a_changed_document_is_rebuilt_alone_and_equals_a_clean_build(first, tmp_path: Path) -> None:
    root, _, result, _ = first
    corpus = shutil.copytree(root / "corpus", tmp_path / "corpus")
    data = shutil.copytree(root / "data", tmp_path / "data", symlinks=True)
    text = corpus / f"{EDITED}.txt"
    original = text.read_text(encoding="utf-8")
    assert "gần 5%/năm" in original
    text.write_text(original.replace("gần 5%/năm", "gần 6%/năm"), encoding="utf-8")
    incremental, lines = _build(data, corpus)
    assert _steps(lines, "extract") == {f"{KEEP[0]}.txt": True, f"{EDITED}.txt": False}
    assert _steps(lines, "validate")[f"{KEEP[0]}.txt"] is True
    assert incremental.version != result.version
    assert any(re.match(r"\[load\] 1 document graphs, 1 unchanged ones kept from the previous build", line)
               for line in lines), lines
    shared = next(line for line in lines if line.startswith("[validate] shared graphs"))
    parts, validated = map(int, re.search(r"\((\d+) parts, (\d+) validated\)", shared).groups())
    assert validated <= 2 < parts  # the parts of the edited document's provinces at most (0: their rows are unchanged)
    manifest = json.loads((data / "current" / "MANIFEST.json").read_text(encoding="utf-8"))
    kept = sorted((data / "cache" / "graphs").iterdir())  # the shared graphs' dump parts: this build's only
    assert len(kept) == len(manifest["shared"]) - 1  # every shared graph but the VoID, made after the dumps' parts
    clean, clean_lines = _build(tmp_path / "clean", corpus)
    assert set(_steps(clean_lines, "extract").values()) == {False}
    assert clean.version == incremental.version
    assert _same(data, tmp_path / "clean") == []
    _clean_with_common(data, tmp_path / "with-common", corpus)
    assert _dump_differences(data, tmp_path / "with-common") == []


def _clean_with_common(data: Path, clean: Path, corpus: Path) -> BuildResult:
    """A clean build into ``clean`` given only ``data``'s common graphs (ontology, places …, made
    once per their inputs and kept in the cache): their blank nodes are named anew each time they
    are made, so only with the same files can the dumps be compared byte for byte."""
    shutil.copytree(data / "cache" / "common", clean / "cache" / "common")
    result, lines = _build(clean, corpus)
    assert set(_steps(lines, "extract").values()) == {False} and set(_steps(lines, "validate").values()) == {False}
    return result


def _dump_differences(one: Path, two: Path) -> list[str]:
    """Names of the dump files whose bytes differ between two published builds (or exist in one)."""
    first, second = (sorted((d / "current" / "dumps").iterdir()) for d in (one, two))
    names = {p.name for p in first} ^ {p.name for p in second}
    return sorted(names | {a.name for a, b in zip(first, second) if a.name == b.name and a.read_bytes() != b.read_bytes()})


def test_the_previous_store_is_the_start_of_the_next_and_stays_as_it_was(first, tmp_path: Path) -> None:
    root, _, result, _ = first
    corpus = shutil.copytree(root / "corpus", tmp_path / "corpus")
    data = shutil.copytree(root / "data", tmp_path / "data", symlinks=True)
    previous = (data / "current").resolve()
    before = store_quads(ox.Store.read_only(str(previous / "store")))
    (corpus / f"{EDITED}.txt").unlink()
    (corpus / f"{EDITED}.yaml").unlink(missing_ok=True)
    removed, lines = _build(data, corpus)
    assert any("[load] 0 document graphs, 1 unchanged ones kept" in line for line in lines), lines
    assert not any(EDITED.split("_")[0] in iri and "graph/" in iri for iri in removed.graphs if "001" not in iri)
    assert store_quads(ox.Store.read_only(str(previous / "store"))) == before
    clean = _clean_with_common(data, tmp_path / "clean", corpus)
    assert clean.version == removed.version != result.version
    assert _same(data, tmp_path / "clean") == []
    assert _dump_differences(data, tmp_path / "clean") == []
    shutil.copy2(root / "corpus" / f"{EDITED}.txt", corpus / f"{EDITED}.txt")
    if (root / "corpus" / f"{EDITED}.yaml").is_file():
        shutil.copy2(root / "corpus" / f"{EDITED}.yaml", corpus / f"{EDITED}.yaml")
    added, lines = _build(data, corpus)
    assert any("[load] 1 document graphs, 1 unchanged ones kept" in line for line in lines), lines
    assert added.version == result.version
    assert _same(data, root / "data") == []
    _clean_with_common(data, tmp_path / "again", corpus)
    assert _dump_differences(data, tmp_path / "again") == []


def test_a_changed_lexicon_extracts_every_document_again(first, tmp_path: Path) -> None:
    root, corpus, _, _ = first
    data = shutil.copytree(root / "data", tmp_path / "data", symlinks=True)
    mappings = shutil.copytree(Settings().mappings_dir, tmp_path / "mappings")
    lexicon = sorted((mappings / "lexicons").glob("*.yaml"))[0]
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _, lines = _build(data, corpus, mappings_dir=mappings)
    assert set(_steps(lines, "extract").values()) == {False}


def test_a_changed_shape_validates_every_document_again(first, tmp_path: Path) -> None:
    root, corpus, result, _ = first
    data = shutil.copytree(root / "data", tmp_path / "data", symlinks=True)
    ontology = shutil.copytree(Settings().ontology_dir, tmp_path / "ontology")
    shapes = ontology / "shapes" / "quantities.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again, lines = _build(data, corpus, ontology_dir=ontology)
    assert set(_steps(lines, "extract").values()) == {True}
    assert set(_steps(lines, "validate").values()) == {False}
    assert again.version == result.version

"""The build cache: what one document gave (records, named graph, validation results), kept on disk.

Under ``<data>/cache/``. A document's entry is keyed by everything its extraction and mapping read:
its text and metadata file, the lexicons and mapping context (``mappings/``, the packaged ones
too), the packaged place table, the base IRI and the code version (every module of
``nghiquyet.graph`` and the versions of rdflib, pySHACL and pyoxigraph). A validation result is
keyed by the exact data it validated (the document's graph, the context taken from the other
graphs, the shapes and ontology); a derived part (one province's rows of ``graph/progress``) by
what it was computed from; the dumps' parts of a shared graph (``graphs/``) by its file's bytes,
only the last build's kept. An entry is never stale, it is simply not found again.

Entries are written to a temporary name and renamed, so a build that dies leaves no half entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

from nghiquyet.graph.corpus import DocumentMeta
from nghiquyet.graph.places import MERGERS_FILE
from nghiquyet.graph.resources import data_path

__all__ = ["CACHE_FORMAT", "code_version", "tree_fingerprint", "document_key", "file_digest", "DocumentEntry", "BuildCache"]

CACHE_FORMAT = "1"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _hash(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _files(root: Path) -> Iterable[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def tree_fingerprint(*roots: Path) -> str:
    """A hash of every file (relative name and bytes) under ``roots``; a missing root counts as empty."""
    parts: list[bytes | str] = []
    for root in roots:
        parts.append(str(root))
        if Path(root).is_file():
            parts.append(Path(root).read_bytes())
            continue
        for path in _files(root) if Path(root).is_dir() else ():
            parts += [str(path.relative_to(root)), path.read_bytes()]
    return _hash(*parts)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the builder's code (``nghiquyet.graph``) and the versions of the RDF libraries it uses."""
    versions = [f"{name}={metadata.version(name)}" for name in ("rdflib", "pyshacl", "pyoxigraph")]
    sources = [part for path in _files(_PACKAGE_DIR) if path.suffix in {".py", ".rq"}
               for part in (str(path.relative_to(_PACKAGE_DIR)), path.read_bytes())]
    return _hash(CACHE_FORMAT, *versions, *sources)


def extraction_fingerprint(mappings_dir: Path, base_iri: str) -> str:
    """What every document's extraction and mapping read besides the document itself."""
    packaged = data_path("mappings")
    places = data_path("corpus") / MERGERS_FILE
    return _hash(code_version(), base_iri, tree_fingerprint(Path(mappings_dir), packaged, places))


def document_key(meta: DocumentMeta, fingerprint: str) -> str:
    """The cache key of one document: its text, its metadata file and ``fingerprint``."""
    yaml_path = meta.path.with_suffix(".yaml")
    yaml_bytes = yaml_path.read_bytes() if yaml_path.is_file() else b""
    return _hash(fingerprint, meta.file, meta.text(), yaml_bytes, repr(sorted(meta.extra.items())))


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (read in blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class DocumentEntry:
    """The cached result of one document: its records, its named graph as N-Quads and their digest."""

    key: str
    directory: Path

    @property
    def records_path(self) -> Path:
        return self.directory / "records.json"

    @property
    def nquads_path(self) -> Path:
        return self.directory / "graph.nq"

    @property
    def summary_path(self) -> Path:
        return self.directory / "summary.json"

    def exists(self) -> bool:
        return self.summary_path.is_file()

    def records(self) -> dict[str, Any]:
        return json.loads(self.records_path.read_text(encoding="utf-8"))

    def summary(self) -> dict[str, Any]:
        """Graph IRI, quad count, digest (:func:`~nghiquyet.graph.publish.quads_sum`), shared nodes, counts."""
        return json.loads(self.summary_path.read_text(encoding="utf-8"))


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class BuildCache:
    """``<data>/cache``: ``docs/<key>/`` per document, ``valid/<key>.json`` per validation,
    ``parts/<key>.txt`` per derived part, ``graphs/<key>/`` per shared graph's dump parts."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def entry(self, key: str) -> DocumentEntry:
        return DocumentEntry(key, self.root / "docs" / key[:2] / key)

    def store(self, key: str, records: dict[str, Any], nquads: str, summary: dict[str, Any]) -> DocumentEntry:
        """Write one document's entry (the summary last: an entry without it does not exist)."""
        entry = self.entry(key)
        entry.directory.mkdir(parents=True, exist_ok=True)
        _write(entry.records_path, json.dumps(records, ensure_ascii=False).encode("utf-8"))
        _write(entry.nquads_path, nquads.encode("utf-8"))
        _write(entry.summary_path, json.dumps(summary, ensure_ascii=False).encode("utf-8"))
        return entry

    def common_dir(self, key: str) -> Path:
        """Where the common graphs made from :func:`common_key` ``key`` are kept (one .nq each)."""
        return self.root / "common" / key

    def validation_key(self, *parts: bytes | str) -> str:
        return _hash(code_version(), *parts)

    def validation(self, key: str) -> list[dict[str, Any]] | None:
        """The results cached under ``key`` (an empty list: it conformed), or None."""
        path = self.root / "valid" / key[:2] / f"{key}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def store_validation(self, key: str, results: list[dict[str, Any]]) -> None:
        path = self.root / "valid" / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, json.dumps(results, ensure_ascii=False).encode("utf-8"))

    def graph_parts_dir(self, iri: str, base_iri: str, made_from: str) -> Path:
        """Where the dumps' parts of a shared graph (or of a piece of it) are kept, by what they are
        made from: its N-Quads file's :func:`file_digest`, or a part key."""
        return self.root / "graphs" / _hash(code_version(), "graph-parts", iri, base_iri, made_from)

    def quads_sum(self, path: Path) -> tuple[int, int]:
        """:func:`~nghiquyet.graph.publish.quads_sum` of an N-Quads file, kept by its bytes."""
        return self.text_sum(file_digest(path), lambda: Path(path).read_text(encoding="utf-8"))

    def text_sum(self, name: str, text: Callable[[], str]) -> tuple[int, int]:
        """:func:`~nghiquyet.graph.publish.quads_sum` of the N-Quads ``text()``, kept under ``name``
        (what the text is a function of: a file's digest, a part's key)."""
        from nghiquyet.graph.publish import quads_sum

        key = _hash(code_version(), "sum", name)
        kept = self.root / "sums" / key[:2] / f"{key}.json"
        if kept.is_file():
            total, count = json.loads(kept.read_text(encoding="utf-8"))
            return int(total), int(count)
        total, count = quads_sum(text())
        kept.parent.mkdir(parents=True, exist_ok=True)
        _write(kept, json.dumps([str(total), count]).encode())
        return total, count

    def keep_graph_parts(self, used: Iterable[Path]) -> None:
        """Remove the shared graphs' kept parts except ``used`` (those of the build just made)."""
        keep = {Path(p).name for p in used}
        folder = self.root / "graphs"
        for child in folder.iterdir() if folder.is_dir() else ():
            if child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    def part_key(self, *parts: bytes | str) -> str:
        """The key of a derived part (e.g. one province's rows of ``graph/progress``) made from ``parts``."""
        return _hash(code_version(), "part", *parts)

    def part_path(self, key: str) -> Path:
        return self.root / "parts" / key[:2] / f"{key}.txt"

    def part(self, key: str) -> str | None:
        """The text of the part cached under ``key``, or None."""
        path = self.part_path(key)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def store_part(self, key: str, text: str) -> None:
        path = self.part_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, text.encode("utf-8"))


MANIFEST = "MANIFEST.json"


def common_key(settings: Any) -> str:
    """What the graphs every build has (ontology, indicator scheme, places, statistics) are made
    from: the ontology, mappings and queries, the corpus folder's tables (statistics, national
    figures, place arrangement), the packaged place table, base IRI and site root, the code."""
    corpus = Path(settings.corpus_dir)
    tables = sorted(p for p in corpus.iterdir() if p.is_dir() and p.name != "__pycache__") if corpus.is_dir() else []
    folders = [Path(settings.ontology_dir), Path(settings.mappings_dir), Path(settings.queries_dir), *tables,
               data_path("corpus") / "national"]
    return _hash(code_version(), settings.base_iri, settings.site_root, tree_fingerprint(*folders))


def inputs_key(settings: Any, document_keys: Iterable[str]) -> str:
    """Everything a build reads: :func:`common_key` and the documents' keys."""
    return _hash(common_key(settings), *sorted(document_keys))


def write_manifest(build_dir: Path, inputs: str, version: str, graphs: dict[str, int],
                   documents: dict[str, str] | None = None, shared: dict[str, str] | None = None) -> None:
    """Record in a build folder what it was built from (read by :func:`unchanged_build`), the
    cache key of each document graph in its store and the files of its other graphs (read by
    ``graph.build_reuse``)."""
    record: dict[str, Any] = {"inputs": inputs, "version": version, "graphs": graphs}
    if documents is not None and shared is not None:
        record["documents"], record["shared"] = documents, shared
    _write(Path(build_dir) / MANIFEST, json.dumps(record).encode())


def unchanged_build(data_dir: Path, inputs: str) -> tuple[Path, dict[str, Any]] | None:
    """(build folder, manifest) of the published build when it was built from exactly ``inputs``."""
    current = Path(data_dir) / "current"
    try:
        manifest = json.loads((current / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != inputs or not (current / "store").is_dir():
        return None
    return current.resolve(), manifest

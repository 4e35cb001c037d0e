"""The previous build's store as the start of the next one: unchanged graphs are not reloaded.

A streamed build records in its manifest the cache key of each document graph it loaded, and
keeps in its folder (``shared/``) the N-Quads file of each other graph (the shared graphs,
``graph/progress``, VoID). The next build starts from a copy of that store (Oxigraph's backup:
hard links to the immutable files, so the copy costs milliseconds and the published store is never
written), removes the document graphs that changed or went away and loads only the new ones (when
most documents changed, a new code version say, it starts empty: removing 2M quads one graph at a
time took longer than loading them). A
shared graph whose file is the same is kept; one that changed is updated by the difference of the
two files' lines (a figure edited changes a few rows of ``graph/progress``, not its 200,000). The
store holds then exactly what a clean build's store holds (tests compare them).
"""

from __future__ import annotations

import filecmp
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from nghiquyet.graph.build_cache import MANIFEST
from nghiquyet.graph.build_dumps import link_or_copy
from nghiquyet.graph.bulk_load import bulk_load_files

__all__ = ["PreviousStore", "previous_store", "ReusedStore", "keep_shared", "SHARED_DIR"]

SHARED_DIR = "shared"  # a build folder's N-Quads files of the graphs that are not documents
_REWRITE = 0.3  # share of a graph's lines changed above which it is removed and loaded again
_REUSE = 0.5  # share of the previous build's documents unchanged below which a build starts empty


@dataclass(frozen=True)
class PreviousStore:
    """A published build's store, the cache key of each document graph in it, the files of the others."""

    path: Path
    documents: dict[str, str]
    shared: dict[str, Path]


def previous_store(data_dir: Path) -> PreviousStore | None:
    """The current build's store, when its manifest says which graphs it holds."""
    current = (Path(data_dir) / "current").resolve()
    try:
        manifest = json.loads((current / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    documents, shared = manifest.get("documents"), manifest.get("shared")
    if not isinstance(documents, dict) or not isinstance(shared, dict) or not (current / "store" / "CURRENT").is_file():
        return None
    files = {str(iri): current / SHARED_DIR / str(name) for iri, name in shared.items()}
    if not all(path.is_file() for path in files.values()):
        return None
    return PreviousStore(current / "store", {str(k): str(v) for k, v in documents.items()}, files)


@dataclass
class ReusedStore:
    """A new build's store at ``target``: a copy of ``previous`` without what changed, or empty."""

    target: Path
    documents: dict[str, str]
    previous: PreviousStore | None = None
    kept: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._old: dict[str, Path] = {}
        if self.previous is not None:
            unchanged = sum(self.documents.get(iri) == key for iri, key in self.previous.documents.items())
            if unchanged < _REUSE * len(self.previous.documents):  # removing most graphs costs more than loading
                self.previous = None
        if self.previous is not None:
            try:
                ox.Store.read_only(str(self.previous.path)).backup(str(self.target))
            except OSError:
                shutil.rmtree(self.target, ignore_errors=True)
                self.previous = None
        self.store = ox.Store(str(self.target))
        if self.previous is None:
            return
        unchanged = {iri for iri, key in self.previous.documents.items() if self.documents.get(iri) == key}
        for graph in list(self.store.named_graphs()):
            name = graph.value if isinstance(graph, ox.NamedNode) else None
            if name in self.previous.shared:
                self._old[name] = self.previous.shared[name]
            elif name not in unchanged:
                self.store.remove_graph(graph)
        self.store.clear_graph(ox.DefaultGraph())
        self.kept = unchanged & {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def put(self, iri: str, path: Path) -> bool:
        """Make the graph ``iri`` hold the quads of the N-Quads file ``path``; whether it had to be
        bulk-loaded (False: kept, or updated by the difference from the previous build's file)."""
        old = self._old.pop(iri, None)
        if old is not None and filecmp.cmp(old, path, shallow=False):
            return False
        if old is not None:
            before, after = _lines(old), _lines(path)
            gone, new = before - after, after - before
            if len(gone) + len(new) <= _REWRITE * max(1, len(after)) and not _blank(gone | new):
                for quad in _quads(gone):
                    self.store.remove(quad)
                self.store.extend(_quads(new))
                return False
            self.store.remove_graph(ox.NamedNode(iri))
        bulk_load_files(self.store, [path])
        return True

    def finish(self) -> None:
        """Remove the previous build's graphs that this build has not put."""
        for iri in self._old:
            self.store.remove_graph(ox.NamedNode(iri))
        self._old.clear()


def _lines(path: Path) -> set[bytes]:
    lines = set(path.read_bytes().splitlines())
    lines.discard(b"")
    return lines


def _blank(lines: set[bytes]) -> bool:
    """Whether any line may hold a blank node: the store's are not the file's (a parser names them
    anew), so such a graph is removed and loaded again rather than changed quad by quad."""
    return any(b"_:" in line for line in lines)


def _quads(lines: set[bytes]) -> list[ox.Quad]:
    return list(ox.parse(b"\n".join(sorted(lines)) + b"\n", format=ox.RdfFormat.N_QUADS)) if lines else []


def keep_shared(folder: Path, files: dict[str, Path]) -> dict[str, str]:
    """Link (or copy) the shared graphs' files into ``folder``/shared; their names by graph IRI
    (for the manifest, read by :func:`previous_store`)."""
    target = folder / SHARED_DIR
    target.mkdir(exist_ok=True)
    names = {}
    for iri, path in files.items():
        link_or_copy(path, target / path.name)
        names[iri] = path.name
    return names

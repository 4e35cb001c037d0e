"""The previous build's store as the start of the next one: unchanged documents are not reloaded.

A streamed build records in its manifest the cache key of each document graph it loaded. The next
build starts from a copy of that store (Oxigraph's backup: hard links to the immutable files, so
the copy costs milliseconds, and the published store is never written), removes every graph that
is not an unchanged document (documents removed or changed, the shared graphs, VoID) and loads
only the rest. The store holds then exactly what a clean build's store holds (tests compare them).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nghiquyet.graph.build_cache import MANIFEST

__all__ = ["PreviousStore", "previous_store", "start_store"]


@dataclass(frozen=True)
class PreviousStore:
    """A published build's store and the cache key of each document graph in it."""

    path: Path
    documents: dict[str, str]


def previous_store(data_dir: Path) -> PreviousStore | None:
    """The current build's store, when its manifest says which document graphs it holds."""
    current = Path(data_dir) / "current"
    try:
        manifest = json.loads((current / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    documents = manifest.get("documents")
    store = current.resolve() / "store"
    if not isinstance(documents, dict) or not (store / "CURRENT").is_file():
        return None
    return PreviousStore(store, {str(k): str(v) for k, v in documents.items()})


def start_store(target: Path, documents: dict[str, str], previous: PreviousStore | None) -> tuple[ox.Store, set[str]]:
    """A store at ``target`` and the document graphs (IRI → cache key ``documents``) it already
    holds: a copy of ``previous`` without the graphs that are not unchanged documents, or a new
    store holding nothing when there is no previous build or it cannot be copied."""
    if previous is not None:
        try:
            ox.Store.read_only(str(previous.path)).backup(str(target))
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
        else:
            store = ox.Store(str(target))
            kept = {iri for iri, key in previous.documents.items() if documents.get(iri) == key}
            for graph in list(store.named_graphs()):
                if not isinstance(graph, ox.NamedNode) or graph.value not in kept:
                    store.remove_graph(graph)
            store.clear_graph(ox.DefaultGraph())
            present = {graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode)}
            return store, kept & present
    return ox.Store(str(target)), set()

"""How a build lives on a standard SPARQL server: versioned graphs, switched by one pointer.

``nghiquyet publish`` never overwrites a graph readers may be reading. Each build goes up under
its own graph names, ``<base>build/<token>/graph/…`` for ``<base>graph/…`` (the *stored* names),
with a small description in the graph ``<base>build/<token>`` (its version, when it was
uploaded, every stored graph). Readers find the current build through one triple in the
*pointer* graph ``<base>graph/publication``: ``<base>dataset dcterms:hasVersion <…build/<token>>``.
The switch inserts the new build's pointer and then deletes the old one, so at any moment a
reader finds one or two pointers, and takes the newest (tokens sort by upload time). Whatever
the server's isolation, a query over one build's graphs never sees another build: those graphs
do not change once uploaded. Older builds are dropped once superseded for a while
(``endpoint_keep_seconds``); the one before the current build always stays.

``serve --store-url`` queries the current build's stored graphs and shows them under their
public names (:func:`rename_graphs` for queries, :meth:`Published.public` for answers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["POINTER_GRAPH", "Published", "build_iri", "stored_name", "current_build", "rename_graphs"]

POINTER_GRAPH = "graph/publication"  # relative to the base IRI
DATASET = "dataset"
BUILD = "build/"

_TOKENS = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
_GRAPH_KEYWORDS = frozenset({"GRAPH", "FROM", "NAMED"})


def build_iri(base: str, token: str) -> str:
    """The IRI (and description graph) of the build uploaded as ``token``."""
    return f"{base}{BUILD}{token}"


def stored_name(base: str, token: str, graph: str) -> str:
    """Where the graph ``graph`` (``<base>graph/…``) of build ``token`` is stored on the server."""
    if not graph.startswith(base):
        raise ValueError(f"graph <{graph}> is not under the base IRI {base}")
    return f"{build_iri(base, token)}/{graph[len(base):]}"


@dataclass(frozen=True)
class Published:
    """The current build on a server: its IRI, version and graphs (public name → stored name)."""

    base: str
    build: str
    version: str
    graphs: Mapping[str, str] = field(default_factory=dict)

    @property
    def stored(self) -> list[str]:
        return sorted(self.graphs.values())

    def stored_of(self, graph: str) -> str:
        """The stored name of a public graph name (other names unchanged)."""
        return self.graphs.get(graph, graph)

    def public(self, iri: str) -> str:
        """The public name of a stored graph name of any build (other IRIs unchanged)."""
        prefix = self.base + BUILD
        if iri.startswith(prefix):
            rest = iri[len(prefix):]
            slash = rest.find("/")
            if slash > 0:
                return self.base + rest[slash + 1:]
        return iri


def current_build(base: str, rows: Iterable[Mapping[str, str]]) -> Published | None:
    """The newest pointed-to build among ``rows`` of queries/store/current-build.rq (plain values)."""
    builds: dict[str, tuple[str, list[str]]] = {}
    for row in rows:
        version, graphs = builds.setdefault(row["build"], (row["version"], []))
        if "graph" in row:
            graphs.append(row["graph"])
    if not builds:
        return None
    build = max(builds)  # tokens start with the upload time
    version, graphs = builds[build]
    names = {_public(base, build, g): g for g in graphs}
    return Published(base, build, version, names)


def _public(base: str, build: str, stored: str) -> str:
    prefix = build + "/"
    return base + stored[len(prefix):] if stored.startswith(prefix) else stored


def rename_graphs(query: str, rename: Mapping[str, str]) -> str:
    """``query`` with the graph IRIs after ``FROM``, ``FROM NAMED`` and ``GRAPH`` renamed by
    ``rename`` (full IRIs, and prefixed names of the query's ``PREFIX`` declarations)."""
    if not rename:
        return query
    out: list[str] = []
    prefixes: dict[str, str] = {}
    last_word, pending_prefix = "", None
    for match in _TOKENS.finditer(query):
        kind, token = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            out.append(token)
            continue
        if kind == "pname" and last_word == "PREFIX":
            pending_prefix = token[:-1] if token.endswith(":") else None
        elif kind == "iri" and pending_prefix is not None:
            prefixes[pending_prefix] = token[1:-1]
            pending_prefix = None
        elif last_word in _GRAPH_KEYWORDS and kind in ("iri", "pname"):
            iri = token[1:-1] if kind == "iri" else _expand(token, prefixes)
            if iri in rename:
                token = str(ox.NamedNode(rename[iri]))
        last_word = token.upper() if kind == "word" else ""
        out.append(token)
    return "".join(out)


def _expand(pname: str, prefixes: Mapping[str, str]) -> str | None:
    prefix, _, local = pname.partition(":")
    return prefixes[prefix] + local if prefix in prefixes and "\\" not in local else None

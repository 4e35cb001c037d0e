"""A document's validation key by its own rows of ``graph/progress``.

When a province's ``graph/progress`` part changes (one of its documents was edited), the other
documents of the province are validated again only if their own rows of the part, or the documents
those rows point into, changed. :class:`RowsKeys` makes that key for each document: the part's
rows are indexed by subject once per build (a document's rows are found by bisection, not by a
scan of the part), and which documents describe an IRI is looked up once per IRI, only for IRIs a
document can describe.
"""

from __future__ import annotations

import bisect
from typing import Any

import pyoxigraph as ox

from nghiquyet.graph.build_check_shared import SharedCheck, document_graphs, maybe_described

__all__ = ["PartRows", "RowsKeys"]


class PartRows:
    """One part's rows (N-Triples lines) by their IRI subject."""

    def __init__(self, text: str) -> None:
        self._rows: dict[str, list[str]] = {}
        self.blank: list[str] = []  # the rows whose subject is a blank node
        for row in text.splitlines():
            if row.startswith("<"):
                self._rows.setdefault(row[1:row.index(">")], []).append(row)
            elif row:
                self.blank.append(row)
        self._subjects = sorted(self._rows)

    def about(self, node: str) -> list[str]:
        """The rows whose subject is ``node``."""
        return self._rows.get(node, [])

    def under(self, node: str) -> list[str]:
        """The rows whose subject is ``node`` or an IRI under ``node/``."""
        found = list(self._rows.get(node, ()))
        start = bisect.bisect_left(self._subjects, node + "/")
        end = bisect.bisect_left(self._subjects, node + "0")  # "0" follows "/": past every IRI under node/
        for subject in self._subjects[start:end]:
            found.extend(self._rows[subject])
        return found


class RowsKeys:
    """The rows keys of a build's documents (``provinces``: the part key of each province's part)."""

    def __init__(self, check: SharedCheck, salt: str, provinces: dict[str, str | None], base_iri: str,
                 owners: dict[str, list[str]], keys: dict[str, str]) -> None:
        self._check, self._salt, self._provinces, self._base = check, salt, provinces, base_iri
        self._owners, self._keys = owners, keys
        self._parts: dict[str, PartRows] = {}
        self._described: dict[str, list[str]] = {}

    def release(self) -> None:
        """Forget the parts and lookups read so far (their memory, once the documents are validated)."""
        self._parts.clear()
        self._described.clear()

    def _part(self, province: str) -> PartRows:
        """A province's part, read from the cache once per build."""
        if province not in self._parts:
            key = self._provinces.get(province)
            self._parts[province] = PartRows((self._check.cache.part(key) if key else None) or "")
        return self._parts[province]

    def _describing(self, value: str) -> list[str]:
        """The documents describing the IRI of an N-Triples term ``<…>`` (looked up once)."""
        if value not in self._described:
            node = ox.NamedNode(value[1:-1])
            self._described[value] = sorted(document_graphs(self._check, node)) \
                if maybe_described(self._check, node) else []
        return self._described[value]

    def _node(self, summary: dict[str, Any]) -> str:
        return self._base + "doc/" + summary["graph"].removeprefix(self._base + "graph/")

    def progress_rows(self, summary: dict[str, Any]) -> list[str]:
        """The rows of its provinces' parts whose subject can be a node of the document: an IRI under
        its own, one of the IRI subjects it has elsewhere, a blank node (the statements of
        ``graph/progress`` about a document's nodes are in its provinces' parts)."""
        node = self._node(summary)
        return [row for province in summary["provinces"] for part in [self._part(province)]
                for row in [*part.under(node), *(r for iri in summary["elsewhere"] for r in part.about(iri)),
                            *part.blank]]

    def key(self, summary: dict[str, Any]) -> str:
        """A document's validation key by the rows of its provinces' parts about its own nodes (those
        under its IRI, where its typed nodes are) and the keys of the documents describing what those
        rows and its foreign IRIs point at: an edit in a province re-validates the documents whose
        rows or whose pointed-at documents changed, not every document of the province."""
        node = self._node(summary)
        rows = sorted(row for province in summary["provinces"] for row in self._part(province).under(node))
        pointed = set(self._owners[summary["graph"]])
        for row in rows:
            value = row[:-2].split(" ", 2)[2]
            if value.startswith("<"):
                pointed.update(self._describing(value))
        pointed.discard(summary["graph"])
        return self._check.cache.validation_key("document-rows", self._salt, summary["key"], "\n".join(rows),
                                    *sorted(self._keys[o] for o in pointed))

"""Run a named query, one page at a time, against anything with a ``select`` method.

The server passes its store (``server.store.get_store()``); the CLI and the tests wrap a plain
``pyoxigraph.Store`` in :class:`OxigraphSelector`. Values are bound as RDF terms; only two
integers (LIMIT and OFFSET) are ever added to the query text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Protocol

import pyoxigraph

from nghiquyet.graph.errors import StoreError, TooManyRows
from nghiquyet.graph.named_queries.loader import NamedQuery

__all__ = ["Selector", "OxigraphSelector", "Page", "run_page", "run_all", "open_store"]

Term = Any  # pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
Row = Mapping[str, Term]


class Selector(Protocol):
    """What the runner needs from a store (``server.store`` has the same signature)."""

    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None,
               timeout: float | None = None, max_rows: int | None = None) -> list[dict[str, Term]]: ...


class OxigraphSelector:
    """Adapter for a plain ``pyoxigraph.Store``: default graph = union of the named graphs."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store

    def select(self, query: str, *, bindings: Mapping[str, Term] | None = None,
               timeout: float | None = None, max_rows: int | None = None) -> list[dict[str, Term]]:
        substitutions = {pyoxigraph.Variable(k): v for k, v in (bindings or {}).items()}
        solutions = self.store.query(query, substitutions=substitutions, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        rows: list[dict[str, Term]] = []
        for solution in solutions:
            if max_rows is not None and len(rows) >= max_rows:
                raise TooManyRows(f"the result has more than {max_rows} rows")
            rows.append({name: solution[name] for name in names if solution[name] is not None})
        return rows


def open_store(store_dir: Path) -> OxigraphSelector:
    """Open the local on-disk store read-only (for the CLI)."""
    if not Path(store_dir).is_dir():
        raise StoreError(f"no store at {store_dir}; run 'nghiquyet build' first")
    try:
        return OxigraphSelector(pyoxigraph.Store.read_only(str(store_dir)))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_dir}: {exc}") from exc


@dataclass(frozen=True)
class Page:
    """One page of results plus what is needed for first/prev/next/last links."""

    query: NamedQuery
    rows: tuple[dict[str, Term], ...]
    page: int
    per_page: int
    has_next: bool
    total: int | None

    @property
    def variables(self) -> tuple[str, ...]:
        return self.query.variables

    @property
    def last_page(self) -> int | None:
        """Number of the last non-empty page (1 for an empty result)."""
        if self.total is None:
            return None
        return max(1, math.ceil(self.total / self.per_page))


def run_page(selector: Selector, query: NamedQuery, bindings: Mapping[str, Term], *, page: int, per_page: int,
             timeout: float | None = None) -> Page:
    """Fetch ``per_page + 1`` rows to learn whether a next page exists; count only if needed."""
    offset = (page - 1) * per_page
    rows = _normalise(selector.select(query.page_text(per_page + 1, offset), bindings=dict(bindings),
                                      timeout=timeout, max_rows=per_page + 1))
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    if has_next or (page > 1 and not rows):
        total: int | None = count(selector, query, bindings, timeout=timeout)
    else:
        total = offset + len(rows)
    return Page(query=query, rows=tuple(rows), page=page, per_page=per_page, has_next=has_next, total=total)


def run_all(selector: Selector, query: NamedQuery, bindings: Mapping[str, Term], *, max_rows: int,
            timeout: float | None = None) -> Page:
    """Every row (for the CLI); more than ``max_rows`` is an error, never a silent cut."""
    rows = _normalise(selector.select(query.page_text(max_rows + 1, 0), bindings=dict(bindings),
                                      timeout=timeout, max_rows=max_rows + 1))
    if len(rows) > max_rows:
        raise TooManyRows(f"query {query.name!r} returns more than {max_rows} rows; narrow it with parameters")
    return Page(query=query, rows=tuple(rows), page=1, per_page=max(len(rows), 1), has_next=False, total=len(rows))


def count(selector: Selector, query: NamedQuery, bindings: Mapping[str, Term], *, timeout: float | None = None) -> int:
    """Number of solutions of ``query`` under ``bindings``."""
    rows = _normalise(selector.select(query.count_text(bindings), bindings=dict(bindings), timeout=timeout, max_rows=2))
    return sum(int(row["_total"].value) for row in rows if row.get("_total") is not None)


def _normalise(rows: list[Mapping[str, Term]]) -> list[dict[str, Term]]:
    """Accept keys written with or without '?' and drop unbound values."""
    return [{str(k).lstrip("?$"): v for k, v in row.items() if v is not None} for row in rows]

"""Build the responsibility network from the knowledge graph.

The network is a :class:`networkx.MultiDiGraph`. Its nodes are bodies, programmes, tasks and
documents; each edge is one ``nq:Assignment`` (body → what it is assigned to), carrying the role
and the provenance of the assignment. A delegation (``nq:delegatedBy``) adds a second edge from
the delegating body to the delegate. Everything is read through the named queries
``queries/network-assignments.rq`` and ``queries/network-nodes.rq``; filter values are bound as
RDF terms, never spliced into the query text.

Node identifiers are IRIs relative to the base IRI (``body/lang-son/ban-to-chuc-tinh-uy``);
nodes carry ``category`` (body, programme, task, document), ``kind`` (the most specific ``nq:``
class), ``label`` / ``label_vi`` / ``label_en``, ``alt_labels`` (other names joined by ``"; "``), ``number``, ``province``, ``province_label`` and
``iri``. Edges are keyed by the relative assignment IRI and carry ``role``, ``role_iri``,
``relation`` (``assignment`` or ``delegation``), ``assignment``, ``document``, ``province``,
``quote``, ``quote_start`` and ``quote_end``. Attributes without a value are left out, so every
export format can carry the graph unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol

import networkx as nx

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.network.terms import (
    CATEGORY_BY_KIND,
    GENERAL_KINDS,
    NQ,
    ROLE_NAMES,
    resolve_document,
    resolve_province,
    resolve_role,
)
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.settings import DEFAULT_BASE_IRI
from nghiquyet.graph.resources import data_path

__all__ = ["Selector", "StoreSelector", "load_query", "responsibility_network"]

_TASK_LABEL_LENGTH = 80


class Selector(Protocol):
    """Anything that runs a SELECT query with bound variables (``server.store`` or a wrapper)."""

    def select(self, query: str, *, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Return one mapping from variable name to RDF term per solution."""


class StoreSelector:
    """Adapt a :class:`pyoxigraph.Store` to :class:`Selector` over the union of its graphs.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store holding the knowledge graph (one named graph per document).
    """

    def __init__(self, store: Any) -> None:
        self.store = store

    def select(self, query: str, *, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run ``query`` with ``bindings`` substituted; unbound variables are left out of rows."""
        from pyoxigraph import Variable

        substitutions = {Variable(name): term for name, term in (bindings or {}).items()}
        solutions = self.store.query(query, substitutions=substitutions, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        rows = []
        for solution in solutions:
            rows.append({name: solution[name] for name in names if solution[name] is not None})
        return rows


def load_query(name: str, queries_dir: Path | None = None) -> str:
    """Return the text of the named query ``queries/<name>.rq`` (:class:`NotFound` if there is none)."""
    return query_text(name, queries_dir or data_path("queries"))


def _as_selector(source: Any) -> Selector:
    if hasattr(source, "select"):
        return source  # type: ignore[no-any-return]
    if hasattr(source, "query"):
        return StoreSelector(source)
    raise BadParameter(f"cannot read a network from {type(source).__name__}; give a Store or a Selector")


def _value(row: Mapping[str, Any], name: str) -> str | None:
    term = row.get(name)
    return None if term is None else str(term.value)


def _relative(iri: str | None, base_iri: str) -> str | None:
    if iri is None:
        return None
    return iri[len(base_iri):] if iri.startswith(base_iri) else iri


def responsibility_network(
    source: Any,
    *,
    province: str | None = None,
    document: str | None = None,
    role: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    queries_dir: Path | None = None,
) -> nx.MultiDiGraph:
    """Return the responsibility network of the knowledge graph, optionally filtered.

    Parameters
    ----------
    source : pyoxigraph.Store or Selector
        The knowledge graph.
    province : str, optional
        Keep assignments stated in documents of this province: an IRI, ``province/<slug>``,
        a slug (``lang-son``) or a name (``Lạng Sơn``).
    document : str, optional
        Keep assignments stated in this document: an IRI, ``doc/<id>`` or the document id.
    role : str, optional
        Keep assignments in this role: ``lead``, ``coordinate``, ``monitor``, ``delegate``,
        ``requested_partner`` or the role's IRI.
    base_iri : str
        Base of the data IRIs; node and edge identifiers are relative to it.
    queries_dir : pathlib.Path, optional
        Where the named queries live (default: the project's ``queries/``).

    Returns
    -------
    networkx.MultiDiGraph
        Bodies, programmes, tasks and documents linked by their assignments.

    Raises
    ------
    BadParameter
        If a filter value is not understood.

    Examples
    --------
    >>> import pyoxigraph
    >>> G = responsibility_network(pyoxigraph.Store())
    >>> G.number_of_nodes(), G.number_of_edges()
    (0, 0)
    """
    selector = _as_selector(source)
    from pyoxigraph import NamedNode

    bindings: dict[str, Any] = {}
    if province:
        bindings["province"] = NamedNode(resolve_province(province, base_iri))
    if document:
        bindings["document"] = NamedNode(resolve_document(document, base_iri))
    if role:
        bindings["role"] = NamedNode(resolve_role(role))
    edge_rows = selector.select(load_query("network-assignments", queries_dir), bindings=bindings)
    node_rows = selector.select(load_query("network-nodes", queries_dir))

    G = nx.MultiDiGraph(name="responsibility network", base_iri=base_iri)
    for key, value in (("province", province), ("document", document), ("role", role)):
        if value:
            G.graph[f"filter_{key}"] = value
    edges = sorted(_edges(edge_rows, base_iri), key=lambda e: (e[0], e[1], e[2]))
    used = {node for u, v, _, _ in edges for node in (u, v)}
    nodes = _nodes(node_rows, base_iri)
    for node in sorted(used):
        G.add_node(node, **nodes.get(node, _unknown_node(node, base_iri)))
    for u, v, key, data in edges:
        G.add_edge(u, v, key=key, **data)
    return G


def _edges(rows: Iterable[Mapping[str, Any]], base_iri: str) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    seen: set[str] = set()
    for row in rows:
        assignment = _relative(_value(row, "assignment"), base_iri) or ""
        if assignment in seen:  # several quote selectors would repeat a row
            continue
        seen.add(assignment)
        role_iri = _value(row, "role") or ""
        data: dict[str, Any] = {
            "role": ROLE_NAMES.get(role_iri, role_iri.rsplit("#", 1)[-1].lower()),
            "role_iri": role_iri,
            "relation": "assignment",
            "assignment": assignment,
            "document": _relative(_value(row, "document"), base_iri),
            "province": _relative(_value(row, "province"), base_iri),
            "quote": _value(row, "quote"),
            "quote_start": _int(_value(row, "start")),
            "quote_end": _int(_value(row, "end")),
        }
        data = {k: v for k, v in data.items() if v is not None}
        body = _relative(_value(row, "body"), base_iri) or ""
        target = _relative(_value(row, "target"), base_iri) or ""
        yield body, target, assignment, data
        delegator = _relative(_value(row, "delegated_by"), base_iri)
        if delegator:
            yield delegator, body, f"{assignment}#delegation", {**data, "relation": "delegation"}


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


def _nodes(rows: Iterable[Mapping[str, Any]], base_iri: str) -> dict[str, dict[str, Any]]:
    gathered: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        node = _relative(_value(row, "node"), base_iri) or ""
        for name in ("type", "label_vi", "label_en", "alt_label", "text", "number", "province", "province_label"):
            value = _value(row, name)
            if value is not None:
                gathered[node][name].add(value)
    return {node: _describe(node, values, base_iri) for node, values in gathered.items()}


def _describe(node: str, values: Mapping[str, set[str]], base_iri: str) -> dict[str, Any]:
    kinds = sorted(iri[len(NQ):] for iri in values.get("type", ()) if iri.startswith(NQ))
    specific = [kind for kind in kinds if kind not in GENERAL_KINDS and kind in CATEGORY_BY_KIND]
    kind = specific[0] if specific else next((k for k in kinds if k in CATEGORY_BY_KIND), "Thing")
    category = CATEGORY_BY_KIND.get(kind, "other")
    number = min(values.get("number", ()), default=None)
    label_vi = min(values.get("label_vi", ()), default=None)
    label_en = min(values.get("label_en", ()), default=None)
    text = min(values.get("text", ()), default=None)
    if label_vi is None and text is not None:
        label_vi = text if len(text) <= _TASK_LABEL_LENGTH else text[: _TASK_LABEL_LENGTH - 1].rstrip() + "…"
    if label_en is None and number is not None and category in {"programme", "task"}:
        label_en = f"{category.capitalize()} {number}"
    data: dict[str, Any] = {
        "label": label_vi or label_en or node,
        "label_vi": label_vi,
        "label_en": label_en,
        "alt_labels": "; ".join(sorted(values.get("alt_label", ()))) or None,
        "category": category,
        "kind": kind,
        "number": number,
        "province": _relative(min(values.get("province", ()), default=None), base_iri),
        "province_label": min(values.get("province_label", ()), default=None),
        "iri": node if "://" in node else base_iri + node,
    }
    return {k: v for k, v in data.items() if v is not None}


def _unknown_node(node: str, base_iri: str) -> dict[str, Any]:
    return {"label": node, "category": "other", "kind": "Thing",
            "iri": node if "://" in node else base_iri + node}

"""Measures of the responsibility network, in networkx style.

Every function takes the network ``G`` (a :class:`networkx.MultiDiGraph` as built by
:func:`nghiquyet.graph.network.build.responsibility_network`) first and returns plain Python data, sorted
so that results are deterministic.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", category="body", province="province/p")
>>> G.add_node("b", category="body", province="province/p")
>>> G.add_node("p1", category="programme")
>>> _ = G.add_edge("a", "p1", key="x", role="lead")
>>> _ = G.add_edge("b", "p1", key="y", role="coordinate")
>>> role_counts(G)["a"]
{'lead': 1}
>>> co_responsibility(G).edges(data="weight")
EdgeDataView([('a', 'b', 1)])
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from nghiquyet.graph.errors import InputError
from nghiquyet.graph.network.terms import ROLES

__all__ = [
    "bodies",
    "role_counts",
    "province_role_counts",
    "degree_centrality",
    "betweenness_centrality",
    "co_responsibility",
    "top_leads",
    "summary",
]


def _require_multidigraph(G: Any) -> None:
    if not isinstance(G, nx.MultiDiGraph):
        raise InputError(f"expected a responsibility network (MultiDiGraph), got {type(G).__name__}")


def bodies(G: nx.MultiDiGraph) -> list[str]:
    """Return the body nodes of ``G``, sorted.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.

    Returns
    -------
    list of str
    """
    return sorted(n for n, category in G.nodes(data="category") if category == "body")


def role_counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Count, per body, the assignments it holds in each role.

    Only edges leaving a body count (a delegation edge counts for the delegating body, the
    assignment edge for the delegate).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.

    Returns
    -------
    dict
        ``{body: {role: count}}``, bodies sorted, roles in the order of
        :data:`nghiquyet.graph.network.terms.ROLES`; roles with no assignment are left out.
    """
    _require_multidigraph(G)
    result: dict[str, dict[str, int]] = {}
    for body in bodies(G):
        counts = Counter(role for _, _, role in G.out_edges(body, data="role"))
        result[body] = _ordered(counts)
    return result


def province_role_counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Count assignments per province (of the stating document) and role.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.

    Returns
    -------
    dict
        ``{province: {role: count}}``, provinces sorted.
    """
    _require_multidigraph(G)
    counts: dict[str, Counter[str]] = {}
    for _, _, data in G.edges(data=True):
        counts.setdefault(data.get("province", ""), Counter())[data.get("role", "")] += 1
    return {province: _ordered(counts[province]) for province in sorted(counts)}


def _ordered(counts: Counter[str]) -> dict[str, int]:
    order = list(ROLES) + sorted(set(counts) - set(ROLES))
    return {role: counts[role] for role in order if counts.get(role)}


def _simple(G: nx.MultiDiGraph) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    return H


def degree_centrality(G: nx.MultiDiGraph, *, bodies_only: bool = True) -> dict[str, float]:
    """Degree centrality on the undirected simple view of ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    bodies_only : bool, default True
        Return values for bodies only (the measure is still computed on the whole network).

    Returns
    -------
    dict
        ``{node: centrality}``, highest first, ties by node id.
    """
    _require_multidigraph(G)
    values = nx.degree_centrality(_simple(G)) if len(G) else {}
    return _ranked(G, values, bodies_only)


def betweenness_centrality(G: nx.MultiDiGraph, *, bodies_only: bool = True) -> dict[str, float]:
    """Exact, normalised betweenness centrality on the undirected simple view of ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    bodies_only : bool, default True
        Return values for bodies only.

    Returns
    -------
    dict
        ``{node: centrality}``, highest first, ties by node id.
    """
    _require_multidigraph(G)
    values = nx.betweenness_centrality(_simple(G), normalized=True) if len(G) else {}
    return _ranked(G, values, bodies_only)


def _ranked(G: nx.MultiDiGraph, values: dict[str, float], bodies_only: bool) -> dict[str, float]:
    keep = set(bodies(G)) if bodies_only else set(G)
    items = [(node, round(value, 6)) for node, value in values.items() if node in keep]
    return dict(sorted(items, key=lambda item: (-item[1], item[0])))


def co_responsibility(G: nx.MultiDiGraph) -> nx.Graph:
    """Project ``G`` onto its bodies: two bodies are linked when they share a target.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.

    Returns
    -------
    networkx.Graph
        Bodies as nodes (with their attributes); an edge's ``weight`` is the number of
        programmes, tasks or documents both bodies are assigned to, and ``targets`` lists them.
    """
    _require_multidigraph(G)
    P = nx.Graph(name="co-responsibility")
    body_set = set(bodies(G))
    for body in sorted(body_set):
        P.add_node(body, **G.nodes[body])
    for target in sorted(n for n in G if n not in body_set):
        holders = sorted({u for u, _ in G.in_edges(target) if u in body_set})
        for i, u in enumerate(holders):
            for v in holders[i + 1:]:
                if P.has_edge(u, v):
                    P[u][v]["weight"] += 1
                    P[u][v]["targets"].append(target)
                else:
                    P.add_edge(u, v, weight=1, targets=[target])
    return P


def top_leads(G: nx.MultiDiGraph, n: int = 10) -> list[tuple[str, int]]:
    """Return the ``n`` bodies with the most lead assignments, most first, ties by id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    n : int, default 10
        How many bodies to return.

    Returns
    -------
    list of (body, count)
    """
    counts = [(body, roles.get("lead", 0)) for body, roles in role_counts(G).items()]
    ranked = sorted((item for item in counts if item[1]), key=lambda item: (-item[1], item[0]))
    return ranked[:n]


def summary(G: nx.MultiDiGraph, *, top: int = 10) -> dict[str, Any]:
    """Everything above in one JSON-serialisable mapping (what ``--summary`` prints).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    top : int, default 10
        Length of the ranked lists.

    Returns
    -------
    dict
    """
    P = co_responsibility(G)
    pairs = sorted(P.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))[:top]
    categories = Counter(category for _, category in G.nodes(data="category"))
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "nodes_by_category": dict(sorted(categories.items())),
        "roles_by_body": role_counts(G),
        "roles_by_province": province_role_counts(G),
        "top_leads": [{"body": b, "label": G.nodes[b].get("label", b), "leads": c} for b, c in top_leads(G, top)],
        "degree_centrality": dict(list(degree_centrality(G).items())[:top]),
        "betweenness_centrality": dict(list(betweenness_centrality(G).items())[:top]),
        "co_responsibility": [{"bodies": [u, v], "shared": w} for u, v, w in pairs],
    }

"""Draw the responsibility network as a static SVG (for reports), with a seeded layout.

The SVG is written with :mod:`xml.etree.ElementTree`, so every label is escaped; positions come
from :func:`layout`, a seeded :func:`networkx.spring_layout`, so one graph and one seed always
give the same picture.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("body/a", label="Ban A", category="body")
>>> G.add_node("doc/d/programme/1", label="Chương trình 1", category="programme")
>>> _ = G.add_edge("body/a", "doc/d/programme/1", key="k", role="lead")
>>> layout(G, seed=1) == layout(G, seed=1)
True
>>> to_svg(G).startswith("<svg")
True
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from nghiquyet.graph.network.terms import CATEGORIES, ROLES

__all__ = ["ROLE_COLOURS", "CATEGORY_COLOURS", "CATEGORY_SHAPES", "layout", "to_svg"]

#: Edge colour per role (colour-blind-safe Okabe–Ito palette).
ROLE_COLOURS: dict[str, str] = {
    "lead": "#D55E00",
    "coordinate": "#0072B2",
    "monitor": "#009E73",
    "delegate": "#CC79A7",
    "requested_partner": "#E69F00",
}
#: Node fill colour and shape per category.
CATEGORY_COLOURS: dict[str, str] = {
    "body": "#56B4E9",
    "programme": "#F0E442",
    "task": "#BBBBBB",
    "document": "#999999",
    "other": "#FFFFFF",
}
CATEGORY_SHAPES: dict[str, str] = {
    "body": "ellipse",
    "programme": "round-rectangle",
    "task": "diamond",
    "document": "rectangle",
    "other": "ellipse",
}
_SVG_NS = "http://www.w3.org/2000/svg"
_LABEL_LENGTH = 38


def layout(G: nx.MultiDiGraph, *, seed: int = 42, iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Return seeded spring-layout positions in the unit square, rounded to 4 decimals.

    Each connected component is laid out on its own and the components are packed in rows,
    largest first, so that small components do not drift to the corners.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    seed : int, default 42
        Seed of the layout; the same seed gives the same positions.
    iterations : int, default 200
        Iterations of the force-directed layout.

    Returns
    -------
    dict
        ``{node: (x, y)}`` with ``0 <= x, y <= 1``.
    """
    if len(G) == 0:
        return {}
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    components = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    row_width = max(1.25 * sum(len(c) for c in components) ** 0.5, len(components[0]) ** 0.5)
    placed: dict[str, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    for nodes in components:
        side = len(nodes) ** 0.5
        if x0 > 0 and x0 + side > row_width:
            x0, y0, row_height = 0.0, y0 + row_height, 0.0
        sub = H.subgraph(nodes)
        raw = nx.spring_layout(sub, seed=seed, iterations=iterations) if len(nodes) > 1 else {nodes[0]: (0.0, 0.0)}
        for node, (x, y) in _unit(raw).items():
            placed[node] = (x0 + (0.1 + 0.8 * x) * side, y0 + (0.1 + 0.8 * y) * side)
        x0 += side
        row_height = max(row_height, side)
    return {node: (round(x, 4), round(1 - y, 4)) for node, (x, y) in _unit(placed).items()}


def _unit(points: dict[str, Any]) -> dict[str, tuple[float, float]]:
    xs = [float(p[0]) for p in points.values()]
    ys = [float(p[1]) for p in points.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    centre_x = 0.5 if max(xs) == min(xs) else None
    centre_y = 0.5 if max(ys) == min(ys) else None
    return {
        node: (
            centre_x if centre_x is not None else (float(p[0]) - min(xs)) / span_x,
            centre_y if centre_y is not None else (float(p[1]) - min(ys)) / span_y,
        )
        for node, p in sorted(points.items())
    }


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1].rstrip() + "…"


def _sub(parent: ET.Element, tag: str, **attrs: Any) -> ET.Element:
    return ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()})


def to_svg(
    G: nx.MultiDiGraph,
    *,
    seed: int = 42,
    width: int = 1200,
    height: int = 800,
    lang: str = "vi",
    title: str = "Responsibility network",
) -> str:
    """Render ``G`` as a standalone SVG document.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    seed : int, default 42
        Seed of the layout.
    width, height : int
        Size of the drawing in pixels.
    lang : {"vi", "en"}
        Language of the node labels (falls back to the other one).
    title : str
        Title shown at the top.

    Returns
    -------
    str
        The SVG document (UTF-8 text, no XML declaration).
    """
    margin, legend_width = 110, 190
    plot_w, plot_h = width - 2 * margin - legend_width, height - 2 * margin - 20
    positions = {
        node: (margin + x * plot_w, margin + (1 - y) * plot_h) for node, (x, y) in layout(G, seed=seed).items()
    }
    svg = ET.Element("svg", {"xmlns": _SVG_NS, "width": str(width), "height": str(height),
                             "viewBox": f"0 0 {width} {height}", "font-family": "sans-serif", "role": "img"})
    _sub(svg, "title").text = title
    defs = _sub(svg, "defs")
    for role, colour in ROLE_COLOURS.items():
        marker = _sub(defs, "marker", id=f"arrow-{role}", viewBox="0 0 10 10", refX=22, refY=5,
                      markerWidth=7, markerHeight=7, orient="auto-start-reverse")
        _sub(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=colour)
    _sub(svg, "rect", width=width, height=height, fill="#ffffff")
    _sub(svg, "text", x=margin, y=32, font_size=20, font_weight="bold").text = title
    edges = _sub(svg, "g", class_="edges")
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        role = data.get("role", "")
        (x1, y1), (x2, y2) = positions[u], positions[v]
        line = _sub(edges, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}",
                    stroke=ROLE_COLOURS.get(role, "#777777"), stroke_width=2, stroke_opacity=0.8,
                    marker_end=f"url(#arrow-{role})" if role in ROLE_COLOURS else "none", class_=f"edge {role}")
        _sub(line, "title").text = f"{role}: {data.get('quote', key)}"
    nodes = _sub(svg, "g", class_="nodes")
    other = "en" if lang == "vi" else "vi"
    for node, data in sorted(G.nodes(data=True)):
        x, y = positions[node]
        category = data.get("category", "other")
        label = data.get(f"label_{lang}") or data.get(f"label_{other}") or data.get("label") or node
        group = _sub(nodes, "g", class_=f"node {category}")
        _sub(group, "title").text = f"{label} ({node})"
        _shape(group, CATEGORY_SHAPES.get(category, "ellipse"), x, y, CATEGORY_COLOURS.get(category, "#ffffff"))
        _sub(group, "text", x=f"{x:.1f}", y=f"{y + 22:.1f}", font_size=11, text_anchor="middle").text = _short(label)
    _legend(svg, width - legend_width - 10, margin)
    return ET.tostring(svg, encoding="unicode")


def _shape(group: ET.Element, shape: str, x: float, y: float, fill: str) -> None:
    style = {"fill": fill, "stroke": "#333333", "stroke_width": 1.2}
    if shape == "ellipse":
        _sub(group, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=9, **style)
    elif shape == "diamond":
        points = f"{x:.1f},{y - 10:.1f} {x + 10:.1f},{y:.1f} {x:.1f},{y + 10:.1f} {x - 10:.1f},{y:.1f}"
        _sub(group, "polygon", points=points, **style)
    else:
        rx = 3 if shape == "round-rectangle" else 0
        _sub(group, "rect", x=f"{x - 9:.1f}", y=f"{y - 9:.1f}", width=18, height=18, rx=rx, **style)


def _legend(svg: ET.Element, x: float, y: float) -> None:
    legend = _sub(svg, "g", class_="legend")
    _sub(legend, "text", x=x, y=y, font_size=13, font_weight="bold").text = "Roles"
    for i, role in enumerate(ROLES):
        yy = y + 20 + i * 20
        _sub(legend, "line", x1=x, y1=yy - 4, x2=x + 30, y2=yy - 4, stroke=ROLE_COLOURS[role], stroke_width=3)
        _sub(legend, "text", x=x + 38, y=yy, font_size=12).text = role.replace("_", " ")
    y += 40 + 20 * len(ROLES)
    _sub(legend, "text", x=x, y=y, font_size=13, font_weight="bold").text = "Nodes"
    for i, category in enumerate(CATEGORIES):
        yy = y + 22 + i * 24
        _shape(legend, CATEGORY_SHAPES[category], x + 12, yy - 4, CATEGORY_COLOURS[category])
        _sub(legend, "text", x=x + 38, y=yy, font_size=12).text = category

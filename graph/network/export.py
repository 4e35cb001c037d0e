"""Write the responsibility network as GraphML, GEXF, node-link JSON, Cytoscape.js JSON or CSV.

Each writer has a matching reader built on the networkx readers, so that every export loads
back into the same graph (the CSV edge list carries the edges and their attributes only).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("body/a", "doc/d/programme/1", key="doc/d/assignment/x", role="lead")
>>> H = read_network("json", dumps(G, "json"))
>>> list(H.edges(keys=True, data="role"))
[('body/a', 'doc/d/programme/1', 'doc/d/assignment/x', 'lead')]
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import networkx as nx
from networkx.readwrite import json_graph
from networkx.readwrite.gexf import GEXFWriter

from nghiquyet.graph.errors import BadParameter

__all__ = ["FORMATS", "MEDIA_TYPES", "CSV_COLUMNS", "dumps", "read_network", "to_cytoscape", "to_node_link"]

#: Format name → (media type, file extension).
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "json": ("application/json", "json"),
    "cytoscape": ("application/json", "cyjs"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
FORMATS: tuple[str, ...] = tuple(MEDIA_TYPES)

#: Columns of the CSV edge list, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "source", "target", "key", "role", "relation", "assignment", "document", "province",
    "quote", "quote_start", "quote_end", "role_iri",
)
_CSV_INTEGERS = frozenset({"quote_start", "quote_end"})
_GEXF_NS = "http://www.gexf.net/1.2draft"


def to_node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return the node-link form of ``G`` (``nodes`` and ``edges`` lists, networkx style).

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    dict
    """
    return json_graph.node_link_data(G, edges="edges")


def to_cytoscape(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return the Cytoscape.js JSON form of ``G`` (``elements.nodes`` / ``elements.edges``).

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    dict
    """
    return json_graph.cytoscape_data(G)


def _graphml(G: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(G, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue()


class _GexfWriter(GEXFWriter):
    """The networkx writer, made to follow the official GEXF 1.2draft schema.

    The schema has no ``name`` attribute on ``<graph>`` (networkx always writes one), so the
    graph's name goes to ``<meta><description>`` instead, where the reader finds it again.
    """

    def add_graph(self, G: nx.MultiDiGraph) -> None:
        super().add_graph(G)
        name = self.graph_element.attrib.pop("name", "")
        meta = self.xml.find("meta")
        if name and meta is not None:
            description = Element("description")
            description.text = name
            meta.append(description)


def _gexf(G: nx.MultiDiGraph) -> bytes:
    # The GEXF edge id is the assignment key, so Gephi shows it and the reader restores it.
    H = G.copy()
    for _, _, key, data in H.edges(keys=True, data=True):
        data["id"] = key
    writer = _GexfWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _gexf_name(raw: bytes) -> str:
    """The graph name an export keeps in ``<meta><description>`` (empty when none)."""
    root = ElementTree.fromstring(raw)
    found = root.find(f"{{{_GEXF_NS}}}meta/{{{_GEXF_NS}}}description")
    return (found.text or "") if found is not None else ""


def _from_gexf(raw: bytes) -> nx.MultiDiGraph:
    read = nx.read_gexf(io.BytesIO(raw), version="1.2draft")
    G = nx.MultiDiGraph(name=_gexf_name(raw) or read.graph.get("name", ""))
    G.add_nodes_from(read.nodes(data=True))
    edges = read.edges(keys=True, data=True) if read.is_multigraph() else read.edges(data=True)
    for u, v, *rest in edges:
        data = dict(rest[-1])
        key = data.pop("id", rest[0] if len(rest) == 2 else None)
        G.add_edge(u, v, key=key, **data)
    return G


def _from_cytoscape(raw: bytes) -> nx.MultiDiGraph:
    read = json_graph.cytoscape_graph(json.loads(raw))
    G = nx.MultiDiGraph()
    G.graph.update(read.graph)
    for node, data in read.nodes(data=True):
        G.add_node(node, **{k: v for k, v in data.items() if k not in {"id", "value", "name"}})
    for u, v, key, data in read.edges(keys=True, data=True):
        G.add_edge(u, v, key=key, **{k: v for k, v in data.items() if k not in {"source", "target", "key"}})
    return G


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def _csv(G: nx.MultiDiGraph) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        writer.writerow({**data, "source": u, "target": v, "key": key})
    return buffer.getvalue().encode("utf-8")


_WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "json": lambda G: _json(to_node_link(G)),
    "cytoscape": lambda G: _json(to_cytoscape(G)),
    "csv": _csv,
}


def dumps(G: nx.MultiDiGraph, fmt: str) -> bytes:
    """Serialise ``G`` in format ``fmt`` (one of :data:`FORMATS`) to UTF-8 bytes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A responsibility network.
    fmt : str
        ``graphml``, ``gexf``, ``json`` (node-link), ``cytoscape`` or ``csv``.

    Returns
    -------
    bytes

    Raises
    ------
    BadParameter
        If ``fmt`` is not a known format.
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise BadParameter(f"format: {fmt!r} is not one of {', '.join(FORMATS)}") from None
    return writer(G)


def read_network(fmt: str, data: bytes | str) -> nx.MultiDiGraph:
    """Load an export back with the networkx readers.

    Parameters
    ----------
    fmt : str
        The format ``data`` was written in.
    data : bytes or str
        The export.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    BadParameter
        If ``fmt`` is not a known format.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if fmt == "graphml":
        return nx.MultiDiGraph(nx.read_graphml(io.BytesIO(raw), force_multigraph=True))
    if fmt == "gexf":
        return _from_gexf(raw)
    if fmt == "json":
        return json_graph.node_link_graph(json.loads(raw), edges="edges")
    if fmt == "cytoscape":
        return _from_cytoscape(raw)
    if fmt == "csv":
        return _read_csv(raw.decode("utf-8"))
    raise BadParameter(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")


def _read_csv(text: str) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for row in csv.DictReader(io.StringIO(text, newline="")):
        u, v, key = row.pop("source"), row.pop("target"), row.pop("key")
        attrs: dict[str, Any] = {}
        for name, value in row.items():
            if value == "":
                continue
            attrs[name] = int(value) if name in _CSV_INTEGERS else value
        G.add_edge(u, v, key=key, **attrs)
    return G

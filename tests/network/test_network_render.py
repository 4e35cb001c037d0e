"""The static SVG: well-formed, complete, and the same for the same seed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from nghiquyet.graph.network.render import ROLE_COLOURS, layout, to_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_layout_is_seeded_and_normalised(fixture_network: nx.MultiDiGraph) -> None:
    first = layout(fixture_network, seed=7)
    assert first == layout(fixture_network, seed=7)
    assert set(first) == set(fixture_network)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    assert first != layout(fixture_network, seed=8)


def test_svg_draws_every_node_and_edge(fixture_network: nx.MultiDiGraph) -> None:
    text = to_svg(fixture_network, seed=3)
    assert text == to_svg(fixture_network, seed=3)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f".//{SVG}g[@class='edges']/{SVG}line")) == fixture_network.number_of_edges()
    assert len(root.findall(f".//{SVG}g[@class='nodes']/{SVG}g")) == fixture_network.number_of_nodes()
    strokes = {line.get("stroke") for line in root.iter(f"{SVG}line")}
    assert set(ROLE_COLOURS.values()) <= strokes
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert "Ban Tổ chức Tỉnh uỷ" in labels


def test_svg_escapes_labels() -> None:
    G = nx.MultiDiGraph()
    G.add_node("body/x", label="<script>&", category="body")
    G.add_node("doc/d", label="d", category="document")
    G.add_edge("body/x", "doc/d", key="k", role="lead", quote='"<b>"')
    text = to_svg(G)
    assert "<script>" not in text
    ET.fromstring(text)


def test_empty_network_draws() -> None:
    ET.fromstring(to_svg(nx.MultiDiGraph()))

"""Measures of the network: counts by role and province, centralities, projection, top leads."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from nghiquyet.graph.errors import InputError
from nghiquyet.graph.network import analysis
from network_helpers import body


def test_role_counts_per_body(fixture_network: nx.MultiDiGraph) -> None:
    counts = analysis.role_counts(fixture_network)
    assert counts[body(fixture_network, "Ban cán sự đảng Uỷ ban nhân dân tỉnh")] == {"lead": 4, "coordinate": 1}
    assert counts[body(fixture_network, "Ban Tổ chức Tỉnh uỷ")] == {"lead": 1}
    assert counts[body(fixture_network, "Văn phòng Tỉnh uỷ")] == {"monitor": 1}
    assert list(counts) == sorted(counts)


def test_role_counts_per_province(fixture_network: nx.MultiDiGraph) -> None:
    assert analysis.province_role_counts(fixture_network) == {
        "province/lai-chau": {"requested_partner": 2},
        "province/lang-son": {"lead": 5, "coordinate": 9, "monitor": 1, "delegate": 2},
    }


def test_top_leads(fixture_network: nx.MultiDiGraph) -> None:
    assert analysis.top_leads(fixture_network) == [
        (body(fixture_network, "Ban cán sự đảng Uỷ ban nhân dân tỉnh"), 4),
        (body(fixture_network, "Ban Tổ chức Tỉnh uỷ"), 1),
    ]
    assert analysis.top_leads(fixture_network, n=1) == analysis.top_leads(fixture_network)[:1]


def test_centralities_rank_bodies(fixture_network: nx.MultiDiGraph) -> None:
    degree = analysis.degree_centrality(fixture_network)
    betweenness = analysis.betweenness_centrality(fixture_network)
    people = body(fixture_network, "Ban cán sự đảng Uỷ ban nhân dân tỉnh")
    assert next(iter(degree)) == people and next(iter(betweenness)) == people
    assert set(degree) == set(analysis.bodies(fixture_network))
    assert list(degree.values()) == sorted(degree.values(), reverse=True)
    assert degree[people] == pytest.approx(5 / 19, abs=1e-6)
    assert len(analysis.degree_centrality(fixture_network, bodies_only=False)) == fixture_network.number_of_nodes()


def test_co_responsibility_projection(fixture_network: nx.MultiDiGraph) -> None:
    P = analysis.co_responsibility(fixture_network)
    assert set(P) == set(analysis.bodies(fixture_network))
    people = body(fixture_network, "Ban cán sự đảng Uỷ ban nhân dân tỉnh")
    boards = body(fixture_network, "Các ban đảng Tỉnh uỷ")
    assert P[people][boards]["weight"] == 4
    organisation = body(fixture_network, "Ban Tổ chức Tỉnh uỷ")
    assert P[organisation][people]["weight"] == 1
    assert P.degree(organisation) == 5


def test_summary_is_plain_json(fixture_network: nx.MultiDiGraph) -> None:
    result = analysis.summary(fixture_network, top=3)
    assert json.loads(json.dumps(result)) == result
    assert result["nodes"] == fixture_network.number_of_nodes()
    assert result["top_leads"][0]["leads"] == 4
    assert len(result["co_responsibility"]) == 3
    assert analysis.summary(fixture_network) == analysis.summary(fixture_network)


def test_empty_network() -> None:
    G = nx.MultiDiGraph()
    assert analysis.summary(G)["edges"] == 0
    assert analysis.degree_centrality(G) == {}


def test_other_graph_kinds_are_refused() -> None:
    with pytest.raises(InputError):
        analysis.role_counts(nx.Graph())

"""The responsibility network holds the assignments of the corpus, each with its quote.

Every content test runs twice: on the contract-shaped TriG fixture and on the real build.
"""

from __future__ import annotations

import networkx as nx
import pytest

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.network.build import responsibility_network
from nghiquyet.graph.network.terms import ROLES
from repo_paths import PROJECT_ROOT
from nghiquyet.graph.text import fold, read_text
from network_helpers import LAI_CHAU_RESOLUTION, LANG_SON_AP, body, edges, programme

SOURCE_FILES = {
    LANG_SON_AP: PROJECT_ROOT / "corpus" / "004_50941e889c4e615f.txt",
    LAI_CHAU_RESOLUTION: PROJECT_ROOT / "corpus" / "000_9ef6177e4b76089a.txt",
}
PUBLIC_BODY_LABEL = "Ban cán sự đảng Uỷ ban nhân dân tỉnh"


def _quoted(data: dict, *phrases: str) -> bool:
    quote = fold(data.get("quote", ""))
    return all(fold(phrase) in quote for phrase in phrases)


def test_nodes_are_typed_and_labelled(network: nx.MultiDiGraph) -> None:
    assert network.number_of_edges() > 0
    for node, data in network.nodes(data=True):
        assert data["category"] in {"body", "programme", "task", "document"}, node
        assert data["label"], node
        assert data["iri"].endswith(node)
    for _, _, key, data in network.edges(keys=True, data=True):
        assert data["role"] in ROLES, key
        assert data["document"].startswith("doc/"), key


def test_every_quote_is_verbatim_source_text(network: nx.MultiDiGraph) -> None:
    texts = {doc: read_text(path) for doc, path in SOURCE_FILES.items()}
    checked = 0
    for _, _, key, data in network.edges(keys=True, data=True):
        text = texts.get(data["document"])
        if text is None:
            continue
        assert data.get("quote"), key
        assert text[data["quote_start"]:data["quote_end"]] == data["quote"], key
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("number", ["1", "2", "3", "4"])
def test_peoples_committee_delegation_leads_programmes_1_to_4(network: nx.MultiDiGraph, number: str) -> None:
    lead = body(network, PUBLIC_BODY_LABEL)
    target = programme(network, LANG_SON_AP, number)
    leading = edges(network, lead, target, "lead")
    assert leading and all(_quoted(d, PUBLIC_BODY_LABEL, "chủ trì", "Chương trình 1, 2, 3, 4") for d in leading)
    coordinating = [d for u, _, d in network.in_edges(target, data=True) if d["role"] == "coordinate"]
    assert coordinating, "the Party boards coordinate"
    assert all(_quoted(d, "phối hợp với các ban đảng Tỉnh uỷ") for d in coordinating)
    for u, _, d in network.in_edges(target, data=True):
        if d["role"] == "coordinate":
            label = fold(network.nodes[u]["label"])
            assert "ban" in label and fold("Tỉnh ủy") in label


def test_organisation_board_leads_programme_5_with_five_coordinators(network: nx.MultiDiGraph) -> None:
    target = programme(network, LANG_SON_AP, "5")
    lead = body(network, "Ban Tổ chức Tỉnh uỷ")
    assert [d for d in edges(network, lead, target, "lead") if _quoted(d, "Giao Ban Tổ chức Tỉnh uỷ chủ trì")]
    coordinators = ["Ban cán sự đảng Uỷ ban nhân dân tỉnh", "Ban Tuyên giáo Tỉnh uỷ", "Ban Dân vận Tỉnh uỷ",
                    "Ban Nội chính Tỉnh ủy", "Uỷ ban Kiểm tra Tỉnh uỷ"]
    for label in coordinators:
        found = edges(network, body(network, label), target, "coordinate")
        assert found and all(_quoted(d, "Giao Ban Tổ chức Tỉnh uỷ chủ trì", label, "Chương trình 5") for d in found), label
    assert {u for u, _, d in network.in_edges(target, data=True) if d["role"] == "coordinate"} == {
        body(network, label) for label in coordinators}


def test_party_office_monitors_the_programme(network: nx.MultiDiGraph) -> None:
    office = body(network, "Văn phòng Tỉnh ủy")
    monitoring = [(v, d) for _, v, d in network.out_edges(office, data=True) if d["role"] == "monitor"]
    assert monitoring
    for target, data in monitoring:
        assert target == LANG_SON_AP or target.startswith(LANG_SON_AP + "/")
        assert _quoted(data, "Văn phòng Tỉnh ủy", "theo dõi, đôn đốc việc thực hiện Chương trình hành động")


def test_executive_committee_delegates_to_standing_committee(network: nx.MultiDiGraph) -> None:
    executive = body(network, "Ban Chấp hành Đảng bộ tỉnh", "lang-son")
    standing = body(network, "Ban Thường vụ Tỉnh uỷ", "lang-son")
    delegation = edges(network, executive, standing, "delegate")
    assert delegation
    assert any(_quoted(d, "Ban Chấp hành Đảng bộ tỉnh giao Ban Thường vụ Tỉnh uỷ") for d in delegation)
    assert all(_quoted(d, "Ban Chấp hành Đảng bộ tỉnh giao", "Ban Thường vụ Tỉnh uỷ") for d in delegation)
    assert all(d["document"] == LANG_SON_AP and d["relation"] == "delegation" for d in delegation)
    # the delegate also holds the assignment itself, with the same quote
    held = edges(network, standing, LANG_SON_AP, "delegate")
    assert {d["assignment"] for d in held} == {d["assignment"] for d in delegation}


@pytest.mark.parametrize("label", ["Bộ Giao thông - Vận tải", "Tập đoàn Công nghiệp cao su Việt Nam"],
                         ids=["ministry-of-transport", "rubber-industry-group"])
def test_lai_chau_asks_ministries_and_enterprises_to_cooperate(network: nx.MultiDiGraph, label: str) -> None:
    partner = body(network, label)
    asked = [d for d in edges(network, partner, role="requested_partner") if d["document"] == LAI_CHAU_RESOLUTION]
    assert asked
    assert all(d["province"] == "province/lai-chau" for d in asked)
    assert any(_quoted(d, label) for d in asked)
    targets = {v for _, v, d in network.out_edges(partner, data=True) if d["document"] == LAI_CHAU_RESOLUTION}
    assert all(network.nodes[t]["category"] == "task" for t in targets)


def test_filters_narrow_the_network(fixture_store) -> None:
    whole = responsibility_network(fixture_store)
    lai_chau = responsibility_network(fixture_store, province="Lai Châu")
    assert 0 < lai_chau.number_of_edges() < whole.number_of_edges()
    assert {d["province"] for _, _, d in lai_chau.edges(data=True)} == {"province/lai-chau"}
    leads = responsibility_network(fixture_store, role="lead")
    assert {d["role"] for _, _, d in leads.edges(data=True)} == {"lead"}
    programme_doc = responsibility_network(fixture_store, document="lang-son-2020-chuong-trinh-hanh-dong-xvii")
    assert {d["document"] for _, _, d in programme_doc.edges(data=True)} == {LANG_SON_AP}
    assert responsibility_network(fixture_store, province="lai-chau", role="lead").number_of_edges() == 0
    both = responsibility_network(fixture_store, document=LANG_SON_AP, role="monitor")
    assert both.number_of_edges() == 1


@pytest.mark.parametrize("kwargs", [{"role": "chair"}, {"province": "https://bad iri"}, {"document": " "}])
def test_bad_filter_values_are_refused(fixture_store, kwargs) -> None:
    with pytest.raises(BadParameter):
        responsibility_network(fixture_store, **kwargs)


def test_build_is_deterministic(fixture_store) -> None:
    first, second = responsibility_network(fixture_store), responsibility_network(fixture_store)
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))

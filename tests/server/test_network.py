"""/network, its data, the SVG and the exports, over the network TriG fixture."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph
import pytest

from nghiquyet.graph.network.export import FORMATS, read_network
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

FIXTURE = PROJECT_ROOT / "tests" / "network" / "fixtures" / "network.trig"


def network_app(data_dir: Path):
    """The app over the network fixture (in memory), with the network's and the pages' queries only."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    queries = data_dir / "queries"
    queries.mkdir(exist_ok=True)
    for path in (PROJECT_ROOT / "queries").glob("network-*.rq"):
        shutil.copy(path, queries / path.name)
    shutil.copytree(PROJECT_ROOT / "queries" / "pages", queries / "pages", dirs_exist_ok=True)  # page labels
    settings = Settings.from_env(data_dir=data_dir, queries_dir=queries)
    return create_app(settings, store=OxigraphStore.from_store(store, settings), test_config={"TESTING": True})


@pytest.fixture()
def net(tmp_path: Path):
    return network_app(tmp_path).test_client()


def test_page_has_filters_and_no_inline_script(net) -> None:
    response = net.get("/network?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert 'name="province"' in html and 'name="document"' in html and 'name="role"' in html
    assert 'value="lai-chau"' in html and 'value="lang-son-2020-chuong-trinh-hanh-dong-xvii"' in html
    assert "<script>" not in html and "cdn" not in html.lower()
    assert "/static/network/cytoscape.min.js" in html and "/static/network/network.js" in html
    assert 'data-src="/network/data.json' in html


def test_page_keeps_the_chosen_filters(net) -> None:
    html = net.get("/network?role=lead&province=lang-son").get_data(as_text=True)
    assert '<option value="lead" selected>' in html
    assert "role=lead" in html and "province=lang-son" in html


def test_data_is_cytoscape_elements_with_links(net) -> None:
    response = net.get("/network/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    nodes = {n["data"]["id"]: n for n in data["elements"]["nodes"]}
    organisation = nodes["body/lang-son/ban-to-chuc-tinh-uy"]
    assert organisation["data"]["href"] == "/id/body/lang-son/ban-to-chuc-tinh-uy"
    assert organisation["data"]["category"] == "body"
    assert {"x", "y"} <= set(organisation["position"])
    edges = data["elements"]["edges"]
    assert len(edges) == data["counts"]["edges"] == 19
    assert all(e["data"]["source"] in nodes and e["data"]["target"] in nodes for e in edges)
    assert {r["role"] for r in data["style"]["roles"]} == {"lead", "coordinate", "monitor", "delegate",
                                                           "requested_partner"}
    lead = [e for e in edges if e["data"]["source"] == "body/lang-son/ban-to-chuc-tinh-uy"][0]["data"]
    assert lead["role"] == "lead" and "Ban Tổ chức Tỉnh uỷ chủ trì" in lead["quote"]
    again = net.get("/network/data.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_data_filters(net) -> None:
    data = net.get("/network/data.json?province=lai-chau").get_json()
    assert data["counts"]["edges"] == 2
    assert {e["data"]["role"] for e in data["elements"]["edges"]} == {"requested_partner"}
    data = net.get("/network/data.json?document=lang-son-2020-chuong-trinh-hanh-dong-xvii&role=monitor").get_json()
    assert [e["data"]["source"] for e in data["elements"]["edges"]] == ["body/lang-son/van-phong-tinh-uy"]


@pytest.mark.parametrize("query", ["role=chair", "province=http://x y", "seed=abc"])
def test_bad_filters_are_400(net, query: str) -> None:
    assert net.get(f"/network/data.json?{query}").status_code == 400


def test_svg(net) -> None:
    response = net.get("/network.svg?province=lang-son")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert len(root.findall(".//{http://www.w3.org/2000/svg}line")) >= 17
    assert net.get("/network.svg?province=lang-son").data == response.data


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports(net, fmt: str) -> None:
    response = net.get(f"/network/export.{fmt}?role=lead")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    graph = read_network(fmt, response.data)
    assert graph.number_of_edges() == 5
    assert {d["role"] for _, _, d in graph.edges(data=True)} == {"lead"}


def test_unknown_export_is_404(net) -> None:
    assert net.get("/network/export.dot").status_code == 404


@pytest.mark.parametrize("lang, lead", [("vi", "chủ trì"), ("en", "lead")])
def test_page_lists_every_edge_as_text(net, lang, lead) -> None:
    """The list view (for narrow screens and reading): one item per edge of the data, under its body,
    with the role in words and links to the body's, the assigned item's and the assignment's pages."""
    import re

    data = net.get(f"/network/data.json?lang={lang}").get_json()
    html = net.get(f"/network?lang={lang}").get_data(as_text=True)
    listing = html.split('id="network-list"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r'<span class="role-word role-(\w+)">([^<]+)</span>', listing)
    assert len(items) == len(data["elements"]["edges"]) > 0
    assert (("lead", lead) in items)
    sources = {e["data"]["source"] for e in data["elements"]["edges"]}
    hrefs = {n["data"]["href"] for n in data["elements"]["nodes"] if n["data"]["id"] in sources and n["data"]["href"]}
    assert hrefs and all(f'href="{href}"' in listing for href in hrefs)

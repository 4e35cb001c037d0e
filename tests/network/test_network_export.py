"""Every export loads back with the networkx readers into the same graph; the GEXF validates."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from nghiquyet.graph.errors import BadParameter, StoreError
from nghiquyet.graph.network import command
from nghiquyet.graph.network.export import CSV_COLUMNS, FORMATS, dumps, read_network
from nghiquyet.graph.settings import Settings

GEXF_NS = {"g": "http://www.gexf.net/1.2draft"}


def _edges(G: nx.MultiDiGraph) -> list[tuple]:
    return sorted((u, v, str(k), tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "csv"])
def test_round_trip(network: nx.MultiDiGraph, fmt: str) -> None:
    back = read_network(fmt, dumps(network, fmt))
    assert isinstance(back, nx.MultiDiGraph)
    assert dict(back.nodes(data=True)) == dict(network.nodes(data=True))
    assert _edges(back) == _edges(network)


def test_csv_round_trip_keeps_every_edge(network: nx.MultiDiGraph) -> None:
    data = dumps(network, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    back = read_network("csv", data)
    assert set(back) == set(network)
    assert _edges(back) == _edges(network)


def test_gexf_is_valid_against_the_official_schema(network: nx.MultiDiGraph, shared_dir: Path) -> None:
    """The official GEXF 1.2draft XSDs (``../shared/gexf-schema/1.2draft/gexf.xsd`` and its modules)."""
    entry = shared_dir / "gexf-schema" / "1.2draft" / "gexf.xsd"
    if not entry.is_file():
        pytest.skip(f"needs {entry} (the official GEXF schema is not part of the repository)")
    document = etree.parse(io.BytesIO(dumps(network, "gexf")))
    schema = etree.XMLSchema(etree.parse(str(entry)))
    assert schema.validate(document), schema.error_log
    assert document.getroot().find("g:graph", GEXF_NS).get("name") is None


def test_gexf_keeps_the_graph_name_in_meta(fixture_network: nx.MultiDiGraph) -> None:
    raw = dumps(fixture_network, "gexf")
    description = etree.parse(io.BytesIO(raw)).getroot().find("g:meta/g:description", GEXF_NS)
    assert description is not None and description.text == fixture_network.graph["name"]
    assert read_network("gexf", raw).graph["name"] == fixture_network.graph["name"]


def test_gexf_references_are_sound(network: nx.MultiDiGraph) -> None:
    document = etree.parse(io.BytesIO(dumps(network, "gexf")))
    # What an XSD cannot say: attvalues refer to declared attributes of their class, with values
    # of the declared type; edges join declared nodes; ids are unique.
    declared = {
        cls: {a.get("id"): a.get("type") for a in document.findall(f".//g:attributes[@class='{cls}']/g:attribute", GEXF_NS)}
        for cls in ("node", "edge")
    }
    node_ids = [n.get("id") for n in document.findall(".//g:node", GEXF_NS)]
    edge_ids = [e.get("id") for e in document.findall(".//g:edge", GEXF_NS)]
    assert len(set(node_ids)) == len(node_ids) == network.number_of_nodes()
    assert len(set(edge_ids)) == len(edge_ids) == network.number_of_edges()
    for cls in ("node", "edge"):
        for value in document.findall(f".//g:{cls}/g:attvalues/g:attvalue", GEXF_NS):
            kind = declared[cls][value.get("for")]
            if kind in {"long", "integer"}:
                int(value.get("value"))
    for edge in document.findall(".//g:edge", GEXF_NS):
        assert edge.get("source") in node_ids and edge.get("target") in node_ids


def test_unknown_format_is_refused(fixture_network: nx.MultiDiGraph) -> None:
    with pytest.raises(BadParameter):
        dumps(fixture_network, "dot")
    with pytest.raises(BadParameter):
        read_network("dot", b"")


def _run(tmp_path: Path, store_dir: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args([*argv, "--store", str(store_dir)])
    return command.run(args, Settings.from_env(data_dir=tmp_path))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, fixture_store) -> Path:
    import pyoxigraph

    path = tmp_path_factory.mktemp("network-store") / "store"
    on_disk = pyoxigraph.Store(str(path))
    on_disk.bulk_extend(fixture_store.quads_for_pattern(None, None, None, None))
    on_disk.flush()
    del on_disk
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_command_writes_each_format(tmp_path: Path, store_dir: Path, fixture_network, fmt: str) -> None:
    output = tmp_path / f"network.{fmt}"
    assert _run(tmp_path, store_dir, "--format", fmt, "--output", str(output)) == 0
    back = read_network(fmt, output.read_bytes())
    assert _edges(back) == _edges(fixture_network)


def test_command_filters_and_summary(tmp_path: Path, store_dir: Path, capsysbinary) -> None:
    assert _run(tmp_path, store_dir, "--province", "lai-chau", "--role", "requested_partner", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8"))))
    assert len(rows) == 2 and {r["role"] for r in rows} == {"requested_partner"}
    assert _run(tmp_path, store_dir, "--summary", "--top", "1") == 0
    import json

    result = json.loads(capsysbinary.readouterr().out)
    assert result["top_leads"][0]["leads"] == 4


def test_command_without_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        _run(tmp_path, tmp_path / "missing", "--format", "json")

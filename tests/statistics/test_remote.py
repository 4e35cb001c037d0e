"""``nghiquyet link`` against a real local ``oxigraph serve`` (loopback only) holding a cube."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from nghiquyet.graph.cli import main
from nghiquyet.graph.statistics.importer import import_files
from tests.statistics.conftest import FIGURES

CONSTRUCT = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
CONSTRUCT { ?obs ?p ?o . ?src oa:hasTarget ?t . ?t oa:hasSelector ?sel . ?sel oa:exact ?quote .
            ?area nq:gsoCode ?code . ?ind skos:notation ?key . ?period ?pp ?po }
WHERE { ?obs a qb:Observation ; ?p ?o ; prov:wasDerivedFrom ?src ; nq:statisticalIndicator ?ind ;
        <http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?area ;
        <http://purl.org/linked-data/sdmx/2009/dimension#refPeriod> ?period .
        ?src oa:hasTarget ?t . ?t oa:hasSelector ?sel . ?sel oa:exact ?quote .
        ?area nq:gsoCode ?code . ?ind skos:notation ?key . ?period ?pp ?po }"""

SELECT = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?area ?indicator ?period ?value ?unit ?status ?source ?quote ?note WHERE {
  ?obs a qb:Observation ; sdmx-dimension:refArea ?area ; nq:statisticalIndicator ?indicator ;
       sdmx-dimension:refPeriod ?period ; sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit ;
       sdmx-attribute:obsStatus ?status ; dcterms:source ?source ;
       prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?obs rdfs:comment ?note } }"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, stats_settings):
    """``oxigraph serve`` on 127.0.0.1 holding the cube of the published figures."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph CLI (pip package 'oxigraph') is not installed")
    folder = tmp_path_factory.mktemp("remote")
    data = folder / "cube.nt"
    graphs = import_files([FIGURES], stats_settings).graphs
    data.write_text("".join(g.serialize(format="nt") for g in graphs.values()), encoding="utf-8")
    subprocess.run([binary, "load", "--location", str(folder / "store"), "--file", str(data)], check=True,
                   capture_output=True, timeout=120)
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("query", [CONSTRUCT, SELECT], ids=["construct", "select"])
def test_link_pulls_the_same_observations(tmp_path, endpoint, stats_settings, query, capsys):
    query_file = tmp_path / "pull.rq"
    query_file.write_text(query, encoding="utf-8")
    output = tmp_path / "linked" / "provincial-figures.csv"
    code = main(["link", "--endpoint", endpoint, "--query", str(query_file), "--output", str(output)])
    assert code == 0, capsys.readouterr().err
    assert "27 observations" in capsys.readouterr().out
    pulled = import_files([output], stats_settings)
    original = import_files([FIGURES], stats_settings)
    assert sorted(pulled.observations) == sorted(original.observations)
    assert isomorphic(pulled.graphs["graph/statistics"] - _dataset_meta(pulled),
                      original.graphs["graph/statistics"] - _dataset_meta(original))
    assert output.with_name("provincial-figures.yaml").exists()


def _dataset_meta(result):
    from rdflib import Graph
    from rdflib.namespace import DCTERMS

    graph = Graph()
    for triple in result.graphs["graph/statistics"]:
        if triple[1] in {DCTERMS.title, DCTERMS.description, DCTERMS.rights, DCTERMS.publisher}:
            graph.add(triple)
    return graph


def test_link_refuses_a_bad_endpoint(tmp_path, capsys):
    query_file = tmp_path / "pull.rq"
    query_file.write_text(SELECT, encoding="utf-8")
    assert main(["link", "--endpoint", "ftp://127.0.0.1/x", "--query", str(query_file), "--dry-run"]) == 2
    assert "--endpoint" in capsys.readouterr().err

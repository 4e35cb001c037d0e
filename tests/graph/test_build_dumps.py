"""The dumps' parts (graph/build_dumps.py): one graph's parts, and a graph's joined from its pieces'.

A graph split into pieces with no subject in common (``graph/progress``, one piece per province)
has its parts joined from the pieces' parts; the joined Turtle, TriG and gzip member say exactly
the graph's triples, and the dataset's files joined from them parse to the whole dataset.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from nghiquyet.graph.build_dumps import PREFIXES, graph_parts, joined_parts, write_streamed_dumps

EX = "https://example.org/id/"
GRAPH = EX + "graph/progress"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _piece(index: int) -> str:
    rows = [f'<{EX}a{index}/{n}> <{PREFIXES["nq"]}value> "{n},5"@vi <{GRAPH}> .' for n in range(3)]
    rows += [f'<{EX}a{index}/0> <{PREFIXES["rdf"]}type> <{PREFIXES["nq"]}ProgressAssessment> <{GRAPH}> .',
             f'<{EX}a{index}/1> <{PREFIXES["nq"]}expectedYear> "2025"^^<{XSD}gYear> <{GRAPH}> .']
    return "".join(row + "\n" for row in sorted(rows))


def _triples(data: bytes, format: ox.RdfFormat) -> set[str]:
    return {str(q.triple if isinstance(q, ox.Quad) else q) for q in ox.parse(data, format=format)}


def test_a_graph_joined_from_its_pieces_says_the_graphs_triples(tmp_path: Path) -> None:
    prefixes = {**PREFIXES, "id": EX}
    pieces = []
    for index in range(3):
        source = tmp_path / f"{index}.nq"
        source.write_text(_piece(index), encoding="utf-8")
        pieces.append(graph_parts(GRAPH, source, tmp_path / f"piece{index}", prefixes))
    joined = joined_parts(GRAPH, pieces, tmp_path / "joined")
    whole = _triples("".join(_piece(i) for i in range(3)).encode(), ox.RdfFormat.N_QUADS)
    turtle = joined.turtle.read_bytes()
    assert _triples(turtle, ox.RdfFormat.TURTLE) == whole
    assert turtle.count(b"@prefix nq:") == 1
    assert len(Graph().parse(data=turtle.decode("utf-8"), format="turtle")) == len(whole)  # rdflib reads it too
    trig = list(ox.parse(joined.trig.read_bytes(), format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in trig} == {GRAPH} and {str(q.triple) for q in trig} == whole
    assert _triples(gzip.decompress(joined.nquads_gz.read_bytes()), ox.RdfFormat.N_QUADS) == whole
    terms = json.loads(joined.terms.read_text(encoding="utf-8"))
    assert len(terms["subjects"]) == 9 and terms["classes"] == [f"<{PREFIXES['nq']}ProgressAssessment>"]
    other = tmp_path / "other.nq"
    other.write_text(f'<{EX}x> <{EX}p> "1" <{EX}graph/doc> .\n', encoding="utf-8")
    parts = [graph_parts(EX + "graph/doc", other, tmp_path / "other", prefixes), joined]
    write_streamed_dumps(tmp_path / "dumps", parts, Graph(), EX)
    dataset = list(ox.parse((tmp_path / "dumps" / "dataset.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    assert len(dataset) == len(whole) + 1 and {q.graph_name.value for q in dataset} == {GRAPH, EX + "graph/doc"}
    with gzip.open(tmp_path / "dumps" / "dataset.nq.gz") as handle:
        assert len(list(ox.parse(handle.read(), format=ox.RdfFormat.N_QUADS))) == len(whole) + 1


def test_no_pieces_give_an_empty_graph(tmp_path: Path) -> None:
    joined = joined_parts(GRAPH, [], tmp_path / "joined")
    assert joined.turtle.read_bytes() == b"" and joined.trig.read_bytes() == b""
    assert json.loads(joined.terms.read_text(encoding="utf-8")) == {"subjects": [], "properties": [], "classes": []}

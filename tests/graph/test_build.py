"""The build gate: a conforming graph is published atomically; a corrupted one is refused by name."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from nghiquyet.graph.build import assemble, build_dataset, check
from nghiquyet.graph.commands.extract import GOLD_COLUMNS
from nghiquyet.graph.errors import DocumentError, ValidationFailed
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

NQ = Namespace("https://w3id.org/nghiquyet/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


def _graph_names(store_dir: Path) -> set[str]:
    store = ox.Store.read_only(str(store_dir))
    return {g.value for g in store.named_graphs()}


def test_build_publishes_store_dumps_and_void(built_settings: Settings, build_result) -> None:
    base = built_settings.base_iri
    names = _graph_names(built_settings.store_dir)
    for doc_id in ("lai-chau-2020-nghi-quyet-dai-hoi-xiv", "lang-son-2020-chuong-trinh-hanh-dong-xvii"):
        assert f"{base}graph/{doc_id}" in names
    assert {f"{base}graph/shared", f"{base}graph/ontology", f"{base}graph/void"} <= names
    dumps = built_settings.dumps_dir
    for name in ("dataset.nq.gz", "dataset.trig", "void.ttl", "graph-shared.ttl"):
        assert (dumps / name).stat().st_size > 0, name
    assert (built_settings.store_dir.parent / "VERSION").read_text().strip() == build_result.version
    assert build_result.triples > 5000
    assert not list((built_settings.data_dir / "builds").glob("*.partial"))


def test_void_describes_the_dataset(built_settings: Settings, build_result) -> None:
    from rdflib import Graph
    from rdflib.namespace import VOID

    void = Graph().parse(built_settings.dumps_dir / "void.ttl")
    dataset = URIRef(built_settings.base_iri + "dataset")
    assert int(void.value(dataset, VOID.triples)) == build_result.triples
    assert str(void.value(dataset, VOID.sparqlEndpoint)).endswith("/sparql")
    assert len(list(void.objects(dataset, VOID.subset))) == len(build_result.graphs)


def test_one_indicator_named_in_two_provinces_is_one_concept(built_settings: Settings) -> None:
    store = ox.Store.read_only(str(built_settings.store_dir))
    query = """PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
        SELECT ?indicator (COUNT(DISTINCT ?province) AS ?n) WHERE {
          GRAPH ?g { ?q a nq:Target ; nq:indicator ?indicator ; nq:province ?province ; nq:unit ?u ;
                     nq:indicatorLabel ?label . FILTER(CONTAINS(LCASE(STR(?label)), "che phủ rừng")) }
        } GROUP BY ?indicator"""
    rows = list(store.query(query))
    assert len(rows) == 1 and int(rows[0]["n"].value) == 2, rows


@pytest.fixture(scope="module")
def assembled(built_settings: Settings) -> tuple[Settings, Dataset]:
    dataset, _, _ = assemble(built_settings)
    return built_settings, dataset


def _copy(dataset: Dataset) -> Dataset:
    """A private copy of the assembled dataset, safe to corrupt."""
    out = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        out.graph(URIRef(str(getattr(g, "identifier", g)))).add((s, p, o))
    return out


def _first(dataset: Dataset, kind: URIRef, base: str, unit: str | None = None) -> URIRef:
    facts = sorted(s for s, _, _, _ in dataset.quads((None, RDF.type, kind, None)) if str(s).startswith(base))
    if unit:
        facts = [f for f in facts if list(dataset.quads((f, NQ.unit, URIRef(base + "unit/" + unit), None)))]
    return facts[0]


def _drop(predicate: URIRef) -> Callable[[Dataset, URIRef], None]:
    def corrupt(ds: Dataset, fact: URIRef) -> None:
        for s, p, o, g in list(ds.quads((fact, predicate, None, None))):
            ds.remove((s, p, o, g))
    return corrupt


def _set(predicate: URIRef, value) -> Callable[[Dataset, URIRef], None]:
    def corrupt(ds: Dataset, fact: URIRef) -> None:
        graph = next(g for _, _, _, g in ds.quads((fact, None, None, None)))
        for s, p, o, g in list(ds.quads((fact, predicate, None, None))):
            ds.remove((s, p, o, g))
        ds.graph(getattr(graph, "identifier", graph)).add((fact, predicate, value))
    return corrupt


def _shift_quote(ds: Dataset, fact: URIRef) -> None:
    position = URIRef(str(fact) + "/source/position")
    graph = next(g for _, _, _, g in ds.quads((position, None, None, None)))
    start = int(next(ds.quads((position, OA.start, None, None)))[2])
    end = int(next(ds.quads((position, OA.end, None, None)))[2])
    for quad in list(ds.quads((position, None, None, None))):
        if quad[1] in (OA.start, OA.end):
            ds.remove(quad)
    g = ds.graph(getattr(graph, "identifier", graph))
    g.add((position, OA.start, Literal(start + 3, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(end + 3, datatype=XSD.nonNegativeInteger)))


def _second_body(ds: Dataset, fact: URIRef) -> None:
    graph = next(g for _, _, _, g in ds.quads((fact, None, None, None)))
    other = sorted(s for s, _, _, _ in ds.quads((None, RDF.type, NQ.Body, None)))[-1]
    ds.graph(getattr(graph, "identifier", graph)).add((fact, PROV.agent, other))


CORRUPTIONS = {
    "quantity without unit": (NQ.Target, _drop(NQ.unit)),
    "quantity without indicator label": (NQ.Target, _drop(NQ.indicatorLabel)),
    "quantity without provenance": (NQ.Target, _drop(PROV.wasDerivedFrom)),
    "implausible percentage": ((NQ.Target, "percent"), _set(NQ.value, Literal(Decimal("250"), datatype=XSD.decimal))),
    "value as text": (NQ.Target, _set(NQ.value, Literal("năm mươi"))),
    "range upside down": (NQ.Target, _set(NQ.comparator, NQ.Range)),
    "quote not at its offsets": (NQ.Target, _shift_quote),
    "assignment with two bodies": (NQ.Assignment, _second_body),
    "assignment with a role outside the scheme": (NQ.Assignment, _set(PROV.hadRole, NQ.Target)),
    "assignment assigned to nothing": (NQ.Assignment, _drop(NQ.assignedTo)),
    "programme without a label": (NQ.WorkProgramme, _drop(URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
    "task without text": (NQ.BreakthroughTask, _drop(NQ.text)),
    "conference without date": (NQ.Conference, _drop(NQ.date)),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_corrupted_fact_is_refused_by_name(assembled: tuple[Settings, Dataset], name: str) -> None:
    settings, dataset = assembled
    kind, corrupt = CORRUPTIONS[name]
    kind, unit = kind if isinstance(kind, tuple) else (kind, None)
    fact = _first(dataset, kind, settings.base_iri, unit)
    subset = _copy(dataset)
    corrupt(subset, fact)
    with pytest.raises(ValidationFailed) as info:
        check(settings, subset)
    report = info.value.report
    assert str(fact).removeprefix(settings.base_iri) in report
    assert "Nothing was published" in report and "shape:" in report
    if kind != NQ.Conference and name != "quantity without provenance":
        assert "quote:" in report


def test_two_builds_are_isomorphic_with_identical_iris(built_settings: Settings, build_result, tmp_path: Path) -> None:
    again = build_dataset(Settings.from_env(data_dir=tmp_path))
    assert again.version == build_result.version
    first = ox.Store.read_only(str(built_settings.store_dir))
    second = ox.Store.read_only(str(tmp_path / "current" / "store"))
    assert {g.value for g in first.named_graphs()} == {g.value for g in second.named_graphs()}
    iris = lambda store: {q.subject.value for q in store if isinstance(q.subject, ox.NamedNode)}  # noqa: E731
    assert iris(first) == iris(second)
    from rdflib import Graph

    one = Graph().parse(built_settings.dumps_dir / "graph-shared.ttl")
    two = Graph().parse(tmp_path / "current" / "dumps" / "graph-shared.ttl")
    assert isomorphic(one, two)


def _copy_data(built_settings: Settings, tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    shutil.copytree(built_settings.data_dir, data, symlinks=True)
    return Settings.from_env(data_dir=data)


def test_a_failed_build_leaves_the_published_graph_untouched(built_settings: Settings, tmp_path: Path) -> None:
    settings = _copy_data(built_settings, tmp_path)
    before = os.readlink(settings.data_dir / "current")
    ontology = tmp_path / "ontology"
    shutil.copytree(PROJECT_ROOT / "ontology", ontology)
    units = ontology / "vocab" / "units.ttl"
    # make every published percentage implausible: the build must refuse and publish nothing
    units.write_text(units.read_text(encoding="utf-8").replace('nq:maxPlausible 100', 'nq:maxPlausible 1'), encoding="utf-8")
    broken = Settings.from_env(data_dir=settings.data_dir, ontology_dir=ontology)
    with pytest.raises(ValidationFailed):
        build_dataset(broken)
    assert os.readlink(settings.data_dir / "current") == before
    assert not list((settings.data_dir / "builds").glob("*.partial"))
    assert len(list(ox.Store.read_only(str(settings.store_dir)))) > 5000


def _cli(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nghiquyet.graph.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_cli_build_with_a_bad_document_exits_2_and_keeps_the_graph(built_settings: Settings, tmp_path: Path) -> None:
    settings = _copy_data(built_settings, tmp_path)
    before = os.readlink(settings.data_dir / "current")
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("statistics"))
    (corpus / "002_6539453c4e0ed5d8.yaml").write_text("id: lang-son\ndocument_type: Novel\n", encoding="utf-8")
    result = _cli("--data-dir", str(settings.data_dir), "build", "--corpus", str(corpus))
    assert result.returncode == 2
    assert "002_6539453c4e0ed5d8.yaml" in result.stderr and "Novel" in result.stderr
    assert os.readlink(settings.data_dir / "current") == before


def test_cli_extract_csv_has_the_gold_columns(corpus_dir: Path) -> None:
    result = _cli("extract", str(corpus_dir / "002_6539453c4e0ed5d8.txt"), str(corpus_dir / "004_50941e889c4e615f.txt"),
                  "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0].keys()) == GOLD_COLUMNS
    assert any(r["indicator"].lower().startswith("tỷ lệ che phủ rừng") and r["value"] == "65" for r in rows)
    assert GOLD_COLUMNS[-1] == "indicator_id" and result.stdout.splitlines()[0].endswith(",indicator_id")
    forest = [r for r in rows if r["indicator"].lower().startswith("tỷ lệ che phủ rừng")]
    assert forest and {r["indicator_id"] for r in forest} == {"forest-cover"}
    # project specifications (MW of one plant, ha of one centre) have none
    specifications = [r for r in rows if r["unit"] == "megawatt" or r["indicator"].startswith("Quy mô khu trung tâm")]
    assert specifications and {r["indicator_id"] for r in specifications} == {""}


def test_cli_extract_json_and_missing_file(corpus_dir: Path) -> None:
    import json

    result = _cli("extract", str(corpus_dir / "004_50941e889c4e615f.txt"), "--format", "json")
    records = json.loads(result.stdout)
    assert records["document"]["kind"] == "ActionProgramme" and len(records["programmes"]) == 5
    missing = _cli("extract", "no/such/file.txt")
    assert missing.returncode == 2 and "no/such/file.txt: no such file" in missing.stderr


def test_validate_publishes_nothing(tmp_path: Path) -> None:
    result = _cli("--data-dir", str(tmp_path), "validate")
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout and not (tmp_path / "current").exists()


def test_document_errors_name_the_file(tmp_path: Path) -> None:
    from nghiquyet.graph.build import assemble as assemble_corpus

    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DocumentError, match="bad.txt"):
        assemble_corpus(Settings.from_env(data_dir=tmp_path, corpus_dir=tmp_path))

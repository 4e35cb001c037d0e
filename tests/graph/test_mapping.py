"""The declarative mapping: records → RDF through mappings/context.jsonld."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from nghiquyet.graph.extract.spans import provenance
from nghiquyet.graph.mapping import MappingError, load_context, map_records
from nghiquyet.graph.settings import DEFAULT_BASE_IRI
from repo_paths import PROJECT_ROOT

NQ = Namespace("https://w3id.org/nghiquyet/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ID = Namespace(DEFAULT_BASE_IRI)
TEXT = "Tỷ lệ che phủ rừng đạt 54%."


def _records(**overrides) -> dict:
    qid = "doc/t/quantity/2-3-ty-le-che-phu-rung"
    quantity = {"id": qid, "kind": "target", "indicator": "indicator/ty-le-che-phu-rung",
                "indicator_label": "Tỷ lệ che phủ rừng", "comparator": ">=", "value": "54", "unit": "percent",
                "year": "2025", "annual": False, "stated_in": "doc/t", "province": "province/lai-chau",
                "section": "2.3", "quote": "54%", "derived_from": provenance(qid, "doc/t", TEXT, 23, 26)}
    quantity.update(overrides)
    return {
        "document": {"id": "doc/t", "kind": "CongressResolution", "file": "t.txt", "text": TEXT, "title": "Nghị quyết"},
        "quantities": [quantity],
        "indicators": [{"id": "indicator/ty-le-che-phu-rung", "kind": ["Indicator", "Concept"],
                        "label_vi": "Tỷ lệ che phủ rừng", "label_en": "Forest cover rate"}],
        "bodies": [{"id": "body/lai-chau/tinh-uy", "kind": "PartyCommittee", "label_vi": "Tỉnh ủy",
                    "alt_labels": ["Tỉnh uỷ"]}],
    }


@pytest.fixture(scope="module")
def context() -> dict:
    return load_context(PROJECT_ROOT / "mappings")


def test_records_become_typed_rdf_in_named_graphs(context: dict) -> None:
    dataset = map_records([_records()], context)
    q = ID["doc/t/quantity/2-3-ty-le-che-phu-rung"]
    doc_graph = dataset.graph(ID["graph/t"])
    assert (q, RDF.type, NQ.Target) in doc_graph
    assert (q, NQ.comparator, NQ.AtLeast) in doc_graph
    assert (q, NQ.unit, ID["unit/percent"]) in doc_graph
    assert doc_graph.value(q, NQ.value) == Literal(Decimal("54"), datatype=XSD.decimal)
    assert doc_graph.value(q, NQ.year) == Literal("2025", datatype=XSD.gYear)
    assert doc_graph.value(q, NQ.perYear) == Literal(False)
    assert doc_graph.value(q, NQ.indicatorLabel) == Literal("Tỷ lệ che phủ rừng", lang="vi")
    selector = ID["doc/t/quantity/2-3-ty-le-che-phu-rung/source/quote"]
    assert doc_graph.value(selector, OA.exact) == Literal("54%")
    assert doc_graph.value(ID["doc/t/quantity/2-3-ty-le-che-phu-rung/source/target"], OA.hasSource) == ID["doc/t"]
    shared = dataset.graph(ID["graph/shared"])
    assert (ID["indicator/ty-le-che-phu-rung"], URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal("Forest cover rate", lang="en")) in shared
    # record-only columns are not published
    assert not list(dataset.quads((None, None, Literal("2.3"), None)))


def test_the_base_iri_is_configurable(context: dict) -> None:
    base = "http://example.org/kg/id/"
    dataset = map_records([_records()], load_context(PROJECT_ROOT / "mappings", base), base)
    subjects = {str(q[0]) for q in dataset.quads((None, None, None, None))}
    assert f"{base}doc/t/quantity/2-3-ty-le-che-phu-rung" in subjects
    assert not any(s.startswith(DEFAULT_BASE_IRI) for s in subjects)
    triple = (URIRef(f"{base}doc/t/quantity/2-3-ty-le-che-phu-rung"), NQ.unit, URIRef(f"{base}unit/percent"))
    assert list(dataset.quads(triple + (None,)))


def test_a_key_the_context_does_not_define_is_refused(context: dict) -> None:
    with pytest.raises(MappingError, match="key 'colour' that mappings/context.jsonld does not define"):
        map_records([_records(colour="red")], context)


def test_one_body_named_in_two_documents_is_one_node(context: dict) -> None:
    first, second = _records(), _records()
    second["document"] = {**second["document"], "id": "doc/u", "file": "u.txt"}
    second["quantities"] = []
    second["bodies"][0]["alt_labels"] = ["Tỉnh Ủy"]
    dataset = map_records([first, second], context)
    body = ID["body/lai-chau/tinh-uy"]
    alt = set(dataset.graph(ID["graph/shared"]).objects(body, URIRef("http://www.w3.org/2004/02/skos/core#altLabel")))
    assert alt == {Literal("Tỉnh uỷ", lang="vi"), Literal("Tỉnh Ủy", lang="vi")}
    assert len(list(dataset.graph(ID["graph/shared"]).objects(body, RDF.type))) == 1


def test_provenance_outside_the_text_is_refused() -> None:
    from nghiquyet.graph.errors import DocumentError

    with pytest.raises(DocumentError, match="lies outside the text"):
        provenance("doc/t/quantity/x", "doc/t", TEXT, 20, 400)


def _rdflib_lines(dataset) -> set[str]:
    return set(dataset.serialize(format="nquads").splitlines()) - {""}


def test_the_builds_oxigraph_mapping_gives_rdflibs_quads_for_the_corpus(context: dict) -> None:
    """document_nquads / shared_nquads (Oxigraph's JSON-LD parser, used by the build) write the very
    N-Quads lines rdflib's JSON-LD parser gives, for every document of corpus/ and their shared nodes."""
    from nghiquyet.graph.corpus import iter_corpus
    from nghiquyet.graph.extract import extract_document
    from nghiquyet.graph.mapping import document_nquads, map_document, map_shared, shared_nodes, shared_nquads

    record_sets = [extract_document(meta) for meta in iter_corpus(PROJECT_ROOT / "corpus")]
    assert len(record_sets) == 5
    for records in record_sets:
        fast = document_nquads(records, context)
        assert fast.splitlines() == sorted(fast.splitlines())
        assert set(fast.splitlines()) == _rdflib_lines(map_document(records, context)), records["document"]["file"]
    shared = shared_nodes(record_sets)
    fast = shared_nquads(shared, context)
    assert len(fast.splitlines()) > 100
    assert set(fast.splitlines()) == _rdflib_lines(map_shared(shared, context))
    with pytest.raises(MappingError, match="key 'colour'"):
        document_nquads(_records(colour="red"), context)

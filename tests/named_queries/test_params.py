"""Request text → typed RDF terms; everything else is refused with the parameter's name."""

from __future__ import annotations

import pyoxigraph
import pytest

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.named_queries.loader import Parameter
from nghiquyet.graph.named_queries.params import page_numbers, to_term

XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://w3id.org/nghiquyet/id/"


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("iri", "https://w3id.org/nghiquyet/id/province/lai-chau", pyoxigraph.NamedNode(BASE + "province/lai-chau")),
        ("iri", "province/lai-chau", pyoxigraph.NamedNode(BASE + "province/lai-chau")),
        ("literal", "Che phủ rừng", pyoxigraph.Literal("Che phủ rừng")),
        ("lang_literal", "Forest cover@en", pyoxigraph.Literal("Forest cover", language="en")),
        ("lang_literal", "Độ che phủ rừng", pyoxigraph.Literal("Độ che phủ rừng", language="vi")),
        ("integer", "42", pyoxigraph.Literal("42", datatype=pyoxigraph.NamedNode(XSD + "integer"))),
        ("decimal", "11,55", pyoxigraph.Literal("11.55", datatype=pyoxigraph.NamedNode(XSD + "decimal"))),
        ("year", "2025", pyoxigraph.Literal("2025", datatype=pyoxigraph.NamedNode(XSD + "gYear"))),
    ],
)
def test_values_become_typed_terms(kind: str, raw: str, expected) -> None:
    assert to_term(Parameter(name="p", type=kind), raw, base_iri=BASE) == expected


def test_decomposed_input_is_normalised_to_nfc() -> None:
    assert to_term(Parameter(name="p", type="literal"), "rừ\u0300ng".replace("ừ\u0300", "u\u031b\u0300")).value == "rừng"


@pytest.mark.parametrize(
    ("kind", "raw"),
    [("iri", "http://x/a b"), ("iri", "http://x/<a>"), ("iri", 'http://x/"'), ("iri", "http://x/{a}"),
     ("iri", "http://x/a|b"), ("iri", "http://x/^"), ("iri", "http://x/`"), ("iri", "http://x/\\u0041"),
     ("iri", "javascript:alert(1)"), ("iri", "../etc/passwd"), ("iri", "file:///etc/passwd"),
     ("literal", "a\nb"), ("literal", "x" * 201), ("integer", "1.5"), ("integer", "9" * 20),
     ("decimal", "1e5"), ("decimal", "NaN"), ("year", "25"), ("year", "2025-01"), ("literal", "   ")],
)
def test_hostile_or_wrong_values_are_refused_naming_the_parameter(kind: str, raw: str) -> None:
    with pytest.raises(BadParameter, match="'p'"):
        to_term(Parameter(name="p", type=kind), raw, base_iri=BASE)


def test_enum_values_only() -> None:
    parameter = Parameter(name="kind", type="enum", values=("target", "plan"))
    assert to_term(parameter, "plan") == pyoxigraph.Literal("plan")
    with pytest.raises(BadParameter, match="'kind'"):
        to_term(parameter, "Target")


def test_paging_bounds() -> None:
    assert page_numbers(None, None, default_size=100, max_size=50) == (1, 50)
    assert page_numbers("3", "20", default_size=100, max_size=50) == (3, 20)
    for page, size in (("0", None), (None, "51"), ("-1", None), ("1.0", None)):
        with pytest.raises(BadParameter):
            page_numbers(page, size, default_size=100, max_size=50)

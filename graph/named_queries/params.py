"""Turn request text into validated RDF terms; nothing here ever builds query text.

Each value is checked against its declared type and converted into a pyoxigraph term, which the
runner binds through ``substitutions`` (SEP-0007). IRIs are refused when they hold any of
``<>"{}|^`\\``, spaces or control characters; strings are capped in length.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Mapping

import pyoxigraph

from nghiquyet.graph.errors import BadParameter

if TYPE_CHECKING:
    from nghiquyet.graph.named_queries.loader import NamedQuery, Parameter

__all__ = ["TYPES", "MAX_TEXT", "MAX_IRI", "to_term", "bind", "sample", "page_numbers"]

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("iri", "literal", "lang_literal", "integer", "decimal", "year", "enum")
MAX_TEXT = 200
MAX_IRI = 1024
MAX_PAGE = 100_000
_FORBIDDEN_IRI = re.compile(r'[<>"{}|^`\\\s\x00-\x1f\x7f-\x9f]')
_ABSOLUTE_IRI = re.compile(r"^(https?|urn):[^\s]+$")
_RELATIVE_IRI = re.compile(r"^[a-z0-9][a-z0-9_./-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,15}$")
_DECIMAL = re.compile(r"^[+-]?([0-9]{1,15}([.,][0-9]{0,10})?|[.,][0-9]{1,10})$")
_YEAR = re.compile(r"^[12][0-9]{3}$")
_SAMPLES = {"iri": "urn:x-sample:1", "literal": "x", "lang_literal": "x", "integer": "1", "decimal": "1.5", "year": "2025"}


def to_term(parameter: "Parameter", raw: str, *, base_iri: str | None = None) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """Convert ``raw`` to the term type declared for ``parameter`` or raise :class:`BadParameter`."""
    name = parameter.name
    if not isinstance(raw, str):
        raise BadParameter(f"parameter {name!r}: a text value is required")
    limit = MAX_IRI if parameter.type == "iri" else MAX_TEXT
    if len(raw) > limit:
        raise BadParameter(f"parameter {name!r}: value longer than {limit} characters")
    if _CONTROL.search(raw):
        raise BadParameter(f"parameter {name!r}: control characters (newline, tab …) are not allowed")
    value = unicodedata.normalize("NFC", raw.strip())
    if not value:
        raise BadParameter(f"parameter {name!r}: empty value")
    kind = parameter.type
    if kind == "iri":
        return pyoxigraph.NamedNode(_iri(name, value, base_iri))
    if kind == "literal":
        return pyoxigraph.Literal(value)
    if kind == "lang_literal":
        text, language = value, parameter.language
        head, at, tail = value.rpartition("@")
        if at and head and _LANGUAGE.match(tail):
            text, language = head, tail
        return pyoxigraph.Literal(text, language=language.lower())
    if kind == "integer":
        if not _INTEGER.match(value):
            raise BadParameter(f"parameter {name!r}: {_show(value)} is not an integer")
        return pyoxigraph.Literal(str(int(value)), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    if kind == "decimal":
        if not _DECIMAL.match(value):
            raise BadParameter(f"parameter {name!r}: {_show(value)} is not a decimal number")
        return pyoxigraph.Literal(value.replace(",", "."), datatype=pyoxigraph.NamedNode(XSD + "decimal"))
    if kind == "year":
        if not _YEAR.match(value):
            raise BadParameter(f"parameter {name!r}: {_show(value)} is not a four-digit year")
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "gYear"))
    if kind == "enum":
        if value not in parameter.values:
            raise BadParameter(f"parameter {name!r}: {_show(value)} is not one of {', '.join(parameter.values)}")
        return pyoxigraph.Literal(value)
    raise BadParameter(f"parameter {name!r}: unsupported type {kind!r}")


def bind(query: "NamedQuery", raw: Mapping[str, str], *, base_iri: str | None = None) -> dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal]:
    """Validate every value of ``raw`` for ``query``; apply defaults; refuse unknown names."""
    unknown = sorted(set(raw) - {p.name for p in query.parameters})
    if unknown:
        raise BadParameter(f"unknown parameter {_show(unknown[0])} for query {query.name!r}")
    bindings: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal] = {}
    for parameter in query.parameters:
        value = raw.get(parameter.name)
        if value is None or value == "":
            if parameter.required:
                raise BadParameter(f"parameter {parameter.name!r} is required")
            value = parameter.default
        if value is not None:
            bindings[parameter.name] = to_term(parameter, value, base_iri=base_iri)
    return bindings


def page_numbers(page: str | None, per_page: str | None, *, default_size: int, max_size: int) -> tuple[int, int]:
    """Validate ``page`` (≥ 1) and ``per_page`` (1 … ``max_size``)."""
    result = []
    for name, raw, default, upper in (("page", page, 1, MAX_PAGE), ("per_page", per_page, default_size, max_size)):
        if raw is None or raw == "":
            result.append(min(default, upper))
            continue
        if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= upper:
            raise BadParameter(f"parameter {name!r} must be an integer from 1 to {upper}")
        result.append(int(raw))
    return result[0], result[1]


def sample(parameter: "Parameter") -> str:
    """A syntactically valid value, used to prepare queries at start-up."""
    return parameter.values[0] if parameter.values else _SAMPLES[parameter.type]


def _iri(name: str, value: str, base_iri: str | None) -> str:
    if _FORBIDDEN_IRI.search(value):
        raise BadParameter(f"parameter {name!r}: an IRI may not contain spaces, controls or any of <>\"{{}}|^`\\")
    if _ABSOLUTE_IRI.match(value):
        iri = value
    elif base_iri and _RELATIVE_IRI.match(value) and ".." not in value:
        iri = base_iri + value  # e.g. ``province/lai-chau``
    else:
        raise BadParameter(f"parameter {name!r}: expected an http(s) or urn IRI, or a path such as province/lai-chau")
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        raise BadParameter(f"parameter {name!r}: not a valid IRI") from None
    return iri


def _show(value: str) -> str:
    """Quote a caller's value for an error message, shortened (messages are plain text/JSON)."""
    return repr(value if len(value) <= 40 else value[:40] + "…")

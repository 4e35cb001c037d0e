"""OpenAPI 3.1 description of the named queries, generated from their ``#+`` headers."""

from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import urlencode

from nghiquyet.graph.named_queries.formats import MEDIA_TYPES
from nghiquyet.graph.named_queries.loader import NamedQuery, Parameter

__all__ = ["build_openapi", "example_url", "OPENAPI_VERSION"]

OPENAPI_VERSION = "3.1.0"
_FORMATS = {"iri": "iri", "year": None, "integer": None, "decimal": None}
_ERRORS = {
    "400": "A parameter has a wrong value (the message names it), or the result is too large",
    "404": "No such query",
    "406": "No acceptable representation",
    "503": "The query ran past its time limit",
}


def build_openapi(queries: Iterable[NamedQuery], *, prefix: str = "/api", version: str = "0",
                  default_size: int = 100, max_size: int = 1000, server_url: str | None = None) -> dict[str, Any]:
    """The OpenAPI document: one GET operation per query, typed parameters, examples, formats."""
    paths: dict[str, Any] = {}
    for query in sorted(queries, key=lambda q: q.name):
        paths[f"{prefix}/{query.name}"] = {"get": _operation(query, prefix, default_size, max_size)}
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "nghiquyet named queries",
            "version": version,
            "summary": "Documented SPARQL queries over Vietnamese provincial Party-congress resolutions",
            "description": (
                "Each operation runs one query file from `queries/`. Parameter values are bound as typed "
                "RDF terms, never pasted into the query text. Results come as SPARQL JSON "
                "(`?format=json`), plain records (`?format=records`) or CSV (`?format=csv`), or by the "
                "Accept header; pages are linked with first/prev/next/last in the `Link` header."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {"schemas": _schemas(), "parameters": _paging(default_size, max_size)},
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document


def example_url(query: NamedQuery, prefix: str = "/api") -> str:
    """A relative URL running ``query`` with the examples of its required parameters (or the first example)."""
    values = {p.name: p.example for p in query.parameters if p.required and p.example is not None}
    if not values:
        values = {p.name: p.example for p in query.parameters if p.example is not None}
        values = dict(list(values.items())[:1])
    return f"{prefix}/{query.name}" + (f"?{urlencode(values)}" if values else "")


def _operation(query: NamedQuery, prefix: str, default_size: int, max_size: int) -> dict[str, Any]:
    row_schema = {
        "type": "object",
        "properties": {c.name: {"description": c.description or c.name} for c in query.columns},
    }
    example = {"summary": "Run with the documented example values", "externalValue": example_url(query, prefix)}
    return {
        "operationId": query.name.replace("-", "_"),
        "summary": query.summary,
        "description": query.description or query.summary,
        "tags": list(query.tags) or ["queries"],
        "parameters": [_parameter(p) for p in query.parameters] + [
            {"$ref": "#/components/parameters/page"},
            {"$ref": "#/components/parameters/per_page"},
            {"$ref": "#/components/parameters/format"},
        ],
        "responses": {
            "200": {
                "description": "One page of results; see the Link header for the other pages",
                "headers": {"Link": {"description": "RFC 8288 links: first, prev, next, last",
                                     "schema": {"type": "string"}}},
                "content": {
                    MEDIA_TYPES["json"]: {"schema": {"$ref": "#/components/schemas/SparqlResults"},
                                          "examples": {"example": example}},
                    MEDIA_TYPES["records"]: {"schema": {"type": "array", "items": row_schema},
                                             "examples": {"example": {**example, "externalValue": _with_format(example["externalValue"])}}},
                    MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
                },
            },
            **{code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
               for code, text in _ERRORS.items()},
        },
    }


def _with_format(url: str, fmt: str = "records") -> str:
    return url + ("&" if "?" in url else "?") + f"format={fmt}"


def _parameter(parameter: Parameter) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer" if parameter.type == "integer" else "string"}
    if parameter.type == "iri":
        schema.update(format="iri", maxLength=1024)
    elif parameter.type == "year":
        schema.update(pattern="^[12][0-9]{3}$")
    elif parameter.type == "decimal":
        schema.update(pattern="^[+-]?[0-9]*[.,]?[0-9]+$")
    elif parameter.type == "enum":
        schema["enum"] = list(parameter.values)
    elif parameter.type in {"literal", "lang_literal"}:
        schema["maxLength"] = 200
    if parameter.default is not None:
        schema["default"] = int(parameter.default) if parameter.type == "integer" else parameter.default
    description = parameter.description or parameter.name
    if parameter.type == "lang_literal":
        description += f" (text, optionally followed by @language; default language {parameter.language})"
    result: dict[str, Any] = {"name": parameter.name, "in": "query", "required": parameter.required,
                              "description": description, "schema": schema, "x-rdf-type": parameter.type}
    if parameter.example is not None:
        result["example"] = int(parameter.example) if parameter.type == "integer" else parameter.example
    return result


def _paging(default_size: int, max_size: int) -> dict[str, Any]:
    return {
        "page": {"name": "page", "in": "query", "required": False, "description": "Page number, from 1",
                 "schema": {"type": "integer", "minimum": 1, "default": 1}},
        "per_page": {"name": "per_page", "in": "query", "required": False, "description": "Rows per page",
                     "schema": {"type": "integer", "minimum": 1, "maximum": max_size, "default": min(default_size, max_size)}},
        "format": {"name": "format", "in": "query", "required": False,
                   "description": "Overrides the Accept header: json (SPARQL results), records (plain JSON) or csv",
                   "schema": {"type": "string", "enum": list(MEDIA_TYPES)}},
    }


def _schemas() -> dict[str, Any]:
    term = {
        "type": "object",
        "required": ["type", "value"],
        "properties": {"type": {"enum": ["uri", "literal", "bnode"]}, "value": {"type": "string"},
                       "xml:lang": {"type": "string"}, "datatype": {"type": "string"}},
    }
    return {
        "RdfTerm": term,
        "SparqlResults": {
            "type": "object",
            "description": "SPARQL 1.1 Query Results JSON",
            "properties": {
                "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
                "results": {"type": "object", "properties": {"bindings": {
                    "type": "array", "items": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/RdfTerm"}}}}},
            },
        },
        "Error": {"type": "object", "required": ["error"],
                  "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
    }

"""Serialise a :class:`~nghiquyet.graph.named_queries.runner.Page`: SPARQL JSON, plain records, CSV, table."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph

from nghiquyet.graph.errors import NotAcceptable
from nghiquyet.graph.named_queries.runner import Page

__all__ = ["FORMATS", "MEDIA_TYPES", "negotiate", "render", "sparql_json", "records", "to_csv", "to_table", "plain"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_IMPLICIT = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_NUMBERS_INT = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_NUMBERS_REAL = {XSD + t for t in ("decimal", "double", "float")}

# format name → media type (the first entry of each media type wins when negotiating)
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "records": "application/json",
    "csv": "text/csv",
}
FORMATS = tuple(MEDIA_TYPES)


def negotiate(format_arg: str | None, accept: Any) -> str:
    """Pick a format from ``?format=`` or the Accept header (werkzeug ``MIMEAccept``)."""
    if format_arg:
        if format_arg not in MEDIA_TYPES:
            raise NotAcceptable(f"format must be one of {', '.join(FORMATS)}")
        return format_arg
    if accept is None or not list(accept.values()):
        return "json"
    by_type = {media: name for name, media in MEDIA_TYPES.items()}
    best = accept.best_match(list(by_type) + ["text/*", "application/*"], default=None)
    if best is None:
        raise NotAcceptable(f"no acceptable representation; available: {', '.join(MEDIA_TYPES.values())}")
    return by_type.get(best, "csv" if best == "text/*" else "json")


def render(page: Page, fmt: str) -> str:
    """The body of ``page`` in ``fmt`` (one of :data:`FORMATS` or ``table``)."""
    if fmt == "json":
        return json.dumps(sparql_json(page), ensure_ascii=False)
    if fmt == "records":
        return json.dumps(records(page), ensure_ascii=False)
    if fmt == "csv":
        return to_csv(page)
    if fmt == "table":
        return to_table(page)
    raise NotAcceptable(f"unknown format {fmt!r}")


def sparql_json(page: Page) -> dict[str, Any]:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{name: _term_json(row[name]) for name in page.variables if name in row} for row in page.rows]
    return {"head": {"vars": list(page.variables)}, "results": {"bindings": bindings}}


def records(page: Page) -> list[dict[str, Any]]:
    """One flat object per row: IRIs and strings as text, numbers as numbers, unbound as null."""
    return [{name: plain(row.get(name)) for name in page.variables} for row in page.rows]


def to_csv(page: Page) -> str:
    """RFC 4180 CSV, header = the projected variables, values as lexical forms."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(page.variables)
    for row in page.rows:
        writer.writerow(["" if row.get(name) is None else row[name].value for name in page.variables])
    return out.getvalue()


def to_table(page: Page, width: int = 60) -> str:
    """Aligned text columns for a terminal."""
    cells = [list(page.variables)] + [
        [_clip("" if row.get(n) is None else row[n].value, width) for n in page.variables] for row in page.rows
    ]
    sizes = [max(len(r[i]) for r in cells) for i in range(len(page.variables))]
    lines = ["  ".join(c.ljust(s) for c, s in zip(r, sizes)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines) + f"\n({len(page.rows)} rows)\n"


def plain(term: Any) -> Any:
    """A JSON-friendly Python value for one term."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _NUMBERS_INT:
                return int(term.value)
            if datatype in _NUMBERS_REAL:
                number = Decimal(term.value)
                return int(number) if number == number.to_integral_value() and "." not in term.value else float(number)
            if datatype == XSD + "boolean":
                return term.value in {"true", "1"}
        except (ValueError, InvalidOperation):
            return term.value
    return term.value


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    result = {"type": "literal", "value": term.value}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype.value not in _IMPLICIT:
        result["datatype"] = term.datatype.value
    return result


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

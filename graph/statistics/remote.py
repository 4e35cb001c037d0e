"""Pull observations from any SPARQL endpoint (SPARQLWrapper) and keep them as a tidy CSV.

A SELECT must return the columns ``area indicator period value unit status source quote`` (and
optionally ``note``); a CONSTRUCT must return observations in the cube's structure, which are then
read with ``queries/observations.rq``. IRIs are reduced to the codes the readers know: the last
path segment (``…/province/lai-chau`` → ``lai-chau``, ``…/period/2021-2023``), ``obsStatus-E`` →
``E``; Wikidata IRIs of provinces are recognised as such.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from rdflib import Graph

from nghiquyet.graph.errors import InputError, QueryError
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.statistics.lexicon import StatisticsLexicon

__all__ = ["fetch_rows", "rows_to_raw", "write_tidy_csv", "TIDY_COLUMNS"]

TIDY_COLUMNS = ("gso_code", "indicator", "period", "value", "unit", "status", "note", "source_url", "source_quote")
_QUERIES = Path(__file__).with_name("queries")  # observations.rq


def _segment(value: str) -> str:
    value = value.rstrip("/")
    if "obsStatus-" in value:
        return value.rsplit("obsStatus-", 1)[1]
    if value.startswith("http://www.wikidata.org/entity/"):
        return value
    return re.split(r"[/#]", value)[-1]


def fetch_rows(endpoint: str, query: str, timeout: float = 30.0) -> list[dict[str, str]]:
    """Run ``query`` at ``endpoint``; one dict of column → text per observation."""
    from SPARQLWrapper import JSON, SPARQLWrapper, TURTLE
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setTimeout(int(timeout))
    client.setMethod("POST")
    kind = client.queryType
    try:
        if kind == "SELECT":
            client.setReturnFormat(JSON)
            bindings = client.queryAndConvert()["results"]["bindings"]
            return [{name: term["value"] for name, term in row.items()} for row in bindings]
        if kind in {"CONSTRUCT", "DESCRIBE"}:
            client.setReturnFormat(TURTLE)
            data = client.query().convert()
            graph = Graph().parse(data=data.decode("utf-8") if isinstance(data, bytes) else data, format="turtle")
            rows = graph.query(query_text("observations", _QUERIES))
            return [{str(k): str(v) for k, v in row.asdict().items()} for row in rows]
    except (SPARQLWrapperException, OSError, ValueError) as exc:
        raise InputError(f"{endpoint}: the query failed: {exc}") from exc
    raise QueryError(f"only SELECT and CONSTRUCT queries pull observations, not {kind}")


def rows_to_raw(rows: list[dict[str, Any]], lexicon: StatisticsLexicon) -> list[dict[str, str]]:
    """Result rows → tidy-CSV fields (codes, not IRIs)."""
    raw_rows = []
    for row in rows:
        area = _segment(str(row.get("area", "")))
        found = lexicon.area(area)
        raw_rows.append({
            "gso_code": found.gso_code if found else area,
            "indicator": _segment(str(row.get("indicator", ""))),
            "period": _segment(str(row.get("period", ""))),
            "value": str(row.get("value", "")),
            "unit": _segment(str(row.get("unit", ""))),
            "status": _segment(str(row.get("status", ""))) or "A",
            "note": str(row.get("note", "") or ""),
            "source_url": str(row.get("source", "")),
            "source_quote": str(row.get("quote", "")),
        })
    return raw_rows


def write_tidy_csv(raw_rows: list[dict[str, str]], path: Path) -> None:
    """Write rows with the tidy columns (UTF-8, RFC 4180)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TIDY_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for row in raw_rows:
            writer.writerow({name: row.get(name, "") for name in TIDY_COLUMNS})

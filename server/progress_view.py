"""What a /progress/<province> page shows of each published assessment, in the interface language.

Every fact links to its local /id page (never to the ``https://w3id.org/…`` IRI, dead offline);
values are written with the language's separators and the unit's label; SDMX observation
statuses are words (their labels in ``ontology/vocab/statistics.ttl``); a target stated in more
than one document says which document each row comes from; targets without data get no chart.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.server.html import label_of, local_url, settings
from nghiquyet.server.i18n import translate
from nghiquyet.server.quantities import amount, number, unit_word

if TYPE_CHECKING:
    from nghiquyet.graph.statistics.progress import Progress, Quantity

__all__ = ["rows_for", "documents_of", "obs_statuses", "status_word", "document_sources", "SDMX_CODE"]

SDMX_CODE = "http://purl.org/linked-data/sdmx/2009/code#obsStatus-"
_COMPARATORS = {"=": "Equal", ">=": "AtLeast", ">": "GreaterThan", "<=": "AtMost", "<": "LessThan",
                "~": "Approximately", "range": "Range"}


def status_word(code: str, lang: str) -> str:
    """An SDMX observation status letter in words ("E" → "ước tính" / "Estimated value")."""
    return label_of(SDMX_CODE + code, lang) or translate("chart.status." + code, lang)


def _unit(q: Quantity) -> str:
    return settings().base_iri + "unit/" + q.unit if q.unit else ""


def _link(iri: str) -> str | None:
    """The local page of a fact, or the published web page of a figure (a documented source URL)."""
    if not iri:
        return None
    local = local_url(iri)
    if local:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


def _value(q: Quantity, unit: str, lang: str) -> dict[str, Any]:
    status = q.status if q.status and q.status != "A" else ""
    return {"text": amount(None, str(q.value), None, unit, lang), "period": q.period, "status": status,
            "status_word": status_word(status, lang) if status else "", "href": _link(q.iri) or _link(q.source),
            "source": _link(q.source)}


def rows_for(results: list[Progress], lang: str) -> list[dict[str, Any]]:
    """One row per assessed target: links, words, and whether it has anything to draw."""
    from nghiquyet.server.progress import chart, has_data, target_anchor

    seen: dict[tuple[str, str], set[str]] = {}
    for p in results:
        seen.setdefault((p.target.indicator, p.target.period), set()).add(p.target.source)
    rows = []
    for p in results:
        target = p.target
        unit = _unit(target)
        comparator = ONTOLOGY_NS + _COMPARATORS.get(target.comparator, "Equal")
        max_value = str(target.value_max) if target.value_max is not None else None
        drawn = has_data(p)
        rows.append({
            "p": p, "anchor": target_anchor(target.iri),
            "indicator": label_of(target.indicator, lang) or target.indicator_label or target.indicator,
            "wording": target.indicator_label, "indicator_href": _link(target.indicator),
            "target": amount(comparator, str(target.value), max_value, unit, lang), "target_href": _link(target.iri),
            "period": target.period, "per_year": target.per_year, "unit": unit_word(unit, lang),
            "document": {"label": label_of(target.source, lang) or target.source.rsplit("/", 1)[-1],
                         "href": _link(target.source)},
            "several_documents": len(seen[(target.indicator, target.period)]) > 1,
            "baseline": _value(p.baseline, unit, lang) if p.baseline else None,
            "plans": [_value(q, unit, lang) for q in p.plans],
            "latest": _value(p.latest, unit, lang) if p.latest else None,
            "status_word": translate("progress." + p.status, lang),
            "reason": p.reason_in(lang),
            "expected": number(str(p.expected), lang) if isinstance(p.expected, Decimal) else None,
            "chart": chart(p, lang) if drawn else None,
        })
    return rows


def obs_statuses(rows: list[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    """``[(letter, words)]`` of the observation statuses the page shows (the legend explains them)."""
    codes = {v["status"] for row in rows for v in [row["latest"], row["baseline"], *row["plans"]] if v and v["status"]}
    codes |= {q.status for row in rows for q in row["p"].actuals if q.status and q.status != "A"}
    return [(code, status_word(code, lang)) for code in sorted(codes)]


def documents_of(results: list[Progress], lang: str, outgoing: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The documents the targets come from, with their local page, full text and where each was published."""
    from nghiquyet.server.resources import source_url

    documents = []
    for iri in sorted({p.target.source for p in results if p.target.source}):
        info = outgoing.get(iri, {})
        documents.append({"label": label_of(iri, lang) or iri.rsplit("/", 1)[-1], "href": _link(iri),
                          "text": source_url(iri), "url": info.get("url"), "site": info.get("site"),
                          "publisher": info.get("publisher")})
    return documents


def document_sources(province: str) -> dict[str, dict[str, str]]:
    """``document IRI → {url, site, publisher}`` for the province's documents (``document-sources.rq``)."""
    import pyoxigraph

    from nghiquyet.server.html import page_query
    from nghiquyet.server.store import get_store

    table: dict[str, dict[str, str]] = {}
    rows = get_store().select(page_query("document-sources"), bindings={"province": pyoxigraph.NamedNode(province)})
    for row in rows:
        entry = table.setdefault(row["document"].value, {})
        for name in ("url", "site", "publisher"):
            if name in row:
                entry.setdefault(name, row[name].value)
    return table

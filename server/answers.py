"""What /id pages answer at the top: a target's value, source and progress; who is responsible for
a programme or task; what a body leads, coordinates and monitors.

Rows come from ``queries/pages/target-answer.rq`` and ``responsibilities.rq`` with the resource
bound; the progress of a target is the one its province's progress page shows (the published
assessment, :func:`nghiquyet.server.progress.province_progress`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph
from flask import url_for

from nghiquyet.graph.errors import NotFound
from nghiquyet.server.html import label_of, page_query, settings, term_view
from nghiquyet.server.i18n import translate
from nghiquyet.server.quantities import amount, number, period
from nghiquyet.server.store import get_store

if TYPE_CHECKING:
    from nghiquyet.graph.statistics.progress import Quantity

__all__ = ["target_answer", "responsibilities"]

_PROGRESS_QUERIES = ("progress.rq", "progress-status.rq", "target-links.rq")
_TEXT = "https://w3id.org/nghiquyet/ontology#text"
_SHORT = 160


def _values(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, str | None]:
    return {name: row[name].value if name in row else None for name in names}


def target_answer(iri: str, lang: str, quotes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The target's indicator, value in words, period, document, quotes and progress; None if not a target."""
    rows = get_store().select(page_query("target-answer"), bindings={"this": pyoxigraph.NamedNode(iri)})
    if not rows:
        return None
    row = rows[0]
    v = _values(row, ("comparator", "value", "value_max", "unit", "year", "period_start", "period_end", "per_year",
                      "province"))
    core = settings().base_iri + "indicator/"
    indicator = term_view(row["indicator"], lang) if "indicator" in row else None
    compare = None
    if indicator and indicator["iri"].startswith(core):
        compare = url_for("indicators.indicator", ident=indicator["iri"][len(core):])
    return {
        "indicator": indicator, "compare": compare,
        "wording": row["indicator_label"].value if "indicator_label" in row else None,
        "value": amount(v["comparator"], v["value"], v["value_max"], v["unit"], lang) if v["value"] else None,
        "period": period(v["year"], v["period_start"], v["period_end"]),
        "per_year": v["per_year"] in ("true", "1"),
        "province": term_view(row["province"], lang) if "province" in row else None,
        "document": term_view(row["document"], lang) if "document" in row else None,
        "quotes": quotes,
        "contexts": [c for c in (_context(q) for q in quotes) if c],
        "progress": _progress(iri, v["province"], v["unit"], lang),
    }


def _progress(iri: str, province: str | None, unit: str | None, lang: str) -> dict[str, Any] | None:
    """The published assessment of the target, with its plans, actuals and chart; None without one."""
    from nghiquyet.server import progress as pages

    folder = settings().queries_dir
    if province is None or not all((folder / name).is_file() for name in _PROGRESS_QUERIES):
        return None
    slug = pages.province_slug(province)
    if slug is None:
        return None
    try:
        _, results = pages.province_progress(slug)
    except NotFound:
        return None
    found = next((p for p in results if p.target.iri == iri), None)
    if found is None:
        return None
    unit_iri = unit or ""

    def shown(q: Quantity) -> dict[str, Any]:
        status = q.status if q.status and q.status != "A" else ""
        return {"period": q.period, "text": amount(None, str(q.value), None, unit_iri, lang),
                "status": status, "status_word": translate("chart.status." + status, lang) if status else "", "href": _local(q.iri), "source": _local(q.source) or (
                    q.source if q.source.startswith(("http://", "https://")) else None),
                "source_label": label_of(q.source, lang) if q.source else None}

    return {
        "status": found.status, "status_word": translate("progress." + found.status, lang),
        "rule": found.rule, "reason": found.reason_in(lang),
        "bound": amount(None, str(found.bound), None, unit_iri, lang) if found.bound is not None else None,
        "latest": shown(found.latest) if found.latest else None,
        "baseline": shown(found.baseline) if found.baseline else None,
        "expected": number(str(found.expected), lang) if found.expected is not None else None,
        "expected_year": found.expected_year,
        "plans": [shown(q) for q in found.plans],
        "actuals": [shown(q) for q in found.actuals if q is not found.baseline],
        "chart": pages.chart(found, lang) if pages.has_data(found) else None,
        "href": url_for("progress.province", slug=slug) + "#" + pages.target_anchor(iri),
        "page": url_for("progress.province", slug=slug),
    }


def _context(quote: dict[str, Any], reach: int = 240) -> dict[str, str] | None:
    """The line of the source around a quote (at most ``reach`` characters each side), the quote marked."""
    rows = get_store().select(page_query("document-text"), bindings={"this": pyoxigraph.NamedNode(quote["document"])})
    if not rows:
        return None
    text, start, end = rows[0]["text"].value, quote["start"], quote["end"]
    if not 0 <= start < end <= len(text):
        return None
    left = max(text.rfind("\n", 0, start) + 1, start - reach)
    clause = max(text.rfind(". ", left, start), text.rfind("; ", left, start))
    left = clause + 2 if clause >= 0 else left
    right = text.find("\n", end)
    right = min(len(text) if right < 0 else right, end + reach)
    stop = [i for i in (text.find(". ", end, right), text.find("; ", end, right)) if i >= 0]
    right = min(stop) + 1 if stop else right
    return {"before": ("…" if left > 0 and text[left - 1] not in "\n " else "") + text[left:start],
            "exact": text[start:end], "after": text[end:right] + ("…" if right < len(text) and text[right] != "\n" else ""),
            "href": quote["href"], "document_label": quote["document_label"]}


def _local(iri: str) -> str | None:
    base = settings().base_iri
    if iri.startswith(base) and len(iri) > len(base):
        return url_for("resources.resource", path=iri[len(base):])
    return None


def responsibilities(iri: str, lang: str) -> dict[str, Any]:
    """``{bodies: [...], assigned: [(role, [...])], quotes: [...]}``: each distinct quote once, numbered."""
    from nghiquyet.server.resources import source_url

    rows = get_store().select(page_query("responsibilities"), bindings={"this": pyoxigraph.NamedNode(iri)})
    quotes: dict[tuple[str, str], dict[str, Any]] = {}
    bodies: list[dict[str, Any]] = []
    assigned: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        side, other, role = row["side"].value, row["other"].value, row["role"].value
        if (side, other, role) in seen:
            continue
        seen.add((side, other, role))
        number_ = None
        if "exact" in row:
            document = row["document"].value if "document" in row else ""
            key = (document, row["exact"].value)
            if key not in quotes:
                start = int(row["start"].value) if "start" in row else None
                end = int(row["end"].value) if "end" in row else None
                quotes[key] = {"n": len(quotes) + 1, "exact": key[1], "start": start, "end": end,
                               "href": source_url(document, start, end) if document else None,
                               "document_label": label_of(document, lang) or document.rsplit("/", 1)[-1]}
            number_ = quotes[key]["n"]
        view = term_view(row["other"], lang)
        if not view["label"]:
            view["label"] = _short_text(other)
        entry = {"other": view, "role": term_view(row["role"], lang), "role_key": role.rsplit("#", 1)[-1],
                 "quote": number_}
        if side == "bodies":
            bodies.append(entry)
        else:
            assigned.setdefault(role, (entry["role"], []))[1].append(entry)
    return {"bodies": bodies, "assigned": list(assigned.values()), "quotes": list(quotes.values())}


def _short_text(iri: str) -> str | None:
    """The first words of a resource's own text (tasks have no label)."""
    rows = get_store().select(page_query("resource-outgoing"), bindings={"this": pyoxigraph.NamedNode(iri)})
    text = next((r["o"].value for r in rows if r["p"].value == _TEXT), None)
    if text is None:
        return None
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"

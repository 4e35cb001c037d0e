"""One document → its record set: runs the extractors and mints stable identifiers.

The records are JSON-LD nodes without a context; ``mappings/context.jsonld`` turns them into RDF.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from nghiquyet.graph.core_indicators import indicator_iri
from nghiquyet.graph.corpus import DocumentMeta, load_meta
from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract.assignments import extract_assignments
from nghiquyet.graph.extract.conference import extract_conference
from nghiquyet.graph.extract.fragments import is_fragment
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.programmes import extract_programmes
from nghiquyet.graph.extract.province import detect_province
from nghiquyet.graph.extract.quantities import extract_quantities
from nghiquyet.graph.extract.shared import congress_records, document_record, province_record
from nghiquyet.graph.extract.spans import provenance
from nghiquyet.graph.places import document_date, places_for
from nghiquyet.graph.extract.structure import Section, parse_sections, section_at
from nghiquyet.graph.text import slug, strip_accents

__all__ = ["extract_document", "extract_path"]


def extract_path(path: str | Path, lexicon: Lexicons | None = None) -> dict[str, Any]:
    """Records of the text at ``path`` (metadata from its ``.yaml`` sibling when present)."""
    return extract_document(load_meta(path), lexicon)


def extract_document(meta: DocumentMeta, lexicon: Lexicons | None = None) -> dict[str, Any]:
    """Run every extractor on ``meta``'s text and return the record set (``lexicon``: default packaged)."""
    lexicon = or_packaged(lexicon)
    text = meta.text()
    province = meta.province or detect_province(text, lexicon) or ""
    unit = places_for().resolve(province, document_date(meta.extra)) if province else None
    province_slug = unit.slug if unit else slug(province) if province else "vn"
    doc = f"doc/{meta.id}"
    sections = parse_sections(text, lexicon)
    records: dict[str, Any] = {
        "document": document_record(meta, doc, text, province_slug if province else None),
        "sections": _sections(sections, doc, text),
        "province": province_record(province, unit) if province else None,
    }
    records.update(congress_records(meta, doc, province, province_slug, lexicon))
    quantities, indicators = _quantities(meta, text, sections, doc, province, province_slug, lexicon)
    records["quantities"] = quantities
    records["local_indicators"] = indicators
    structure = extract_programmes(text, sections)
    records.update(_programmes(structure, doc, text))
    _link_objective_quantities(records["objectives"], quantities)
    found = extract_assignments(text, sections, structure, province_slug, lexicon)
    records["assignments"] = _assignments(found.get("assignments", []), doc, text)
    bodies = list(found.get("bodies", []))
    records["changes"] = [_change(c) for c in found.get("changes", [])]
    conference = extract_conference(text, {"id": meta.id, "document_type": meta.document_type, **meta.extra},
                                    province_slug, lexicon)
    records["conference"] = None
    records["people"], records["posts"] = [], []
    if conference:
        records["conference"] = _attested(_with_source(dict(conference["conference"]), doc, text, prefix=doc))
        records["conference"]["reported_in"] = doc
        records["people"] = list(conference.get("people", []))
        records["posts"] = list(conference.get("posts", []))
        bodies.extend(conference.get("bodies", []))
    records["bodies"] = _bodies(bodies)
    return records


def _sections(sections: list[Section], doc: str, text: str) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        part = f"{doc}/part/{section.path}"
        record: dict[str, Any] = {
            "id": part,
            "kind": "Part",
            "number": section.number,
            "heading": section.heading,
            "part_of": f"{doc}/part/{section.parent.path}" if section.parent else doc,
            "stated_in": doc,
            "derived_from": provenance(part, doc, text, section.start, max(section.heading_end, section.start + 1)),
        }
        if section.role:
            record["part_role"] = section.role
        out.append(record)
    return out


def _quantities(
    meta: DocumentMeta, text: str, sections: list[Section], doc: str, province: str, province_slug: str,
    lexicon: Lexicons,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = extract_quantities(text, sections, doc=meta.file, province=province, lexicon=lexicon)
    records: list[dict[str, Any]] = []
    indicators: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for row in rows:
        indicator, key = _indicator_of(row, doc, indicators, lexicon)
        start, end = int(row["start"]), int(row["end"])
        section = section_at(sections, start)
        part = section.path if section else "intro"
        local = "-".join(p for p in (part, slug(row.get("item") or "", 12), key[:48]) if p)
        qid = f"{doc}/quantity/{local}"
        if qid in used:
            qid = f"{qid}-{slug(row['value'])}"
        if qid in used:
            qid = f"{qid}-at-{start}"
        used.add(qid)
        record: dict[str, Any] = {
            "id": qid, "kind": row["kind"], "indicator": indicator, "indicator_id": row.get("indicator_id", ""),
            "indicator_label": row["indicator"] or row["quote"],
            "comparator": row["comparator"], "value": row["value"], "unit": row["unit"],
            "annual": row["annual"] == "yes", "stated_in": doc, "item": row.get("item") or None,
            "province": f"province/{province_slug}" if province else None,
            "in_part": f"{doc}/part/{section.path}" if section else None,
            "search_text": _search(f"{row['indicator']} {row['quote']}"),
            "derived_from": provenance(qid, doc, text, start, end),
            # the gold-standard columns, kept for `extract --format csv`
            "section": row.get("section", ""), "quote": row["quote"],
        }
        if row.get("value_max"):
            record["value_max"] = row["value_max"]
        year = str(row.get("year") or "")
        if "-" in year:
            record["period_start"], record["period_end"] = year.split("-", 1)
        elif year:
            record["year"] = year
        records.append({k: v for k, v in record.items() if v is not None})
    return records, sorted(indicators.values(), key=lambda r: r["id"])


def _indicator_of(row: dict[str, Any], doc: str, local: dict[str, dict[str, Any]],
                  lexicon: Lexicons) -> tuple[str | None, str]:
    """``(indicator IRI or None, key for the quantity id)`` of an extracted row.

    A row filed under a core concept points at ``indicator/<id>`` (the scheme built from
    mappings/core-indicators.csv describes it). Otherwise its own wording names a document-local
    concept ``<doc>/indicator/<slug>``, unless that wording is a fragment: then it has no concept.
    """
    core = row.get("indicator_id") or ""
    if core:
        if core not in lexicon.core_concepts:
            raise DocumentError(f"quantity {row['quote']!r} is filed under {core!r}, not a concept of mappings/core-indicators.csv")
        return indicator_iri(core), core
    label = (row.get("indicator") or "").strip()
    key = slug(label or row["quote"], 60)
    if not label or is_fragment(label, lexicon):
        return None, key
    iri = f"{doc}/indicator/{key}"
    if iri not in local:
        local[iri] = {"id": iri, "kind": ["Indicator", "Concept"], "label_vi": label[:1].upper() + label[1:],
                      "search_text": _search(label)}
    return iri, key


def _with_source(record: dict[str, Any], doc: str, text: str, *, prefix: str) -> dict[str, Any]:
    """Prefix a document-relative id and turn its ``source`` span into a provenance record."""
    if not record["id"].startswith(("doc/", "body/", "person/", "post/")):
        record["id"] = f"{prefix}/{record['id']}"
    source = record.pop("source", None)
    if source:
        record["derived_from"] = provenance(record["id"], doc, text, int(source["start"]), int(source["end"]))
    record.setdefault("stated_in", doc)
    return record


def _attested(record: dict[str, Any]) -> dict[str, Any]:
    """An activity (the conference) is not derived from its text span: PROV-O keeps activities and
    entities apart. Its span annotation identifies it instead (``oa:hasBody``, ``oa:identifying``)."""
    annotation = record.pop("derived_from", None)
    if annotation:
        record["attested_by"] = {**annotation, "motivation": "identifying"}
    return record


def _local(ref: str, doc: str) -> str:
    return ref if not ref or ref.startswith(("doc/", "body/")) else f"{doc}/{ref}"


def _programmes(structure: dict[str, Any], doc: str, text: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for key in ("programmes", "objectives", "tasks"):
        items = []
        for raw in structure.get(key, []):
            record = _with_source(dict(raw), doc, text, prefix=doc)
            for ref_key in ("objectives", "tasks", "quantities"):
                if ref_key in record:
                    record[ref_key] = [_local(r, doc) for r in record[ref_key]]
            record.pop("programme", None)
            if record.get("section_path"):
                record["in_part"] = f"{doc}/part/{record.pop('section_path')}"
            if key == "objectives":
                record.setdefault("kind", "Objective")
            if "title" in record:
                record["label"] = record.pop("title")
            if "text" in record:
                record["statement"] = record.pop("text")
            label = record.get("label") or record.get("statement") or ""
            record["search_text"] = _search(label)
            items.append(record)
        out[key] = items
    return out


def _link_objective_quantities(objectives: list[dict[str, Any]], quantities: list[dict[str, Any]]) -> None:
    """An objective states the quantities whose quotes lie inside its own span."""
    spans = []  # (start, end, order, id) of every quantity, by start
    for order, quantity in enumerate(quantities):
        q_selectors = quantity["derived_from"]["annotation_target"]["selectors"]
        q_position = next(s for s in q_selectors if s.get("kind") == "TextPositionSelector")
        spans.append((q_position["start"], q_position["end"], order, quantity["id"]))
    spans.sort()
    starts = [s[0] for s in spans]
    for objective in objectives:
        selectors = objective.get("derived_from", {}).get("annotation_target", {}).get("selectors", [])
        position = next((s for s in selectors if s.get("kind") == "TextPositionSelector"), None)
        if not position:
            continue
        first = bisect.bisect_left(starts, position["start"])
        last = bisect.bisect_right(starts, position["end"])
        inside = sorted((order, qid) for _, end, order, qid in spans[first:last] if end <= position["end"])
        if inside:
            objective["quantities"] = [qid for _, qid in inside]


def _assignments(found: list[dict[str, Any]], doc: str, text: str) -> list[dict[str, Any]]:
    out = []
    for raw in found:
        record = _with_source(dict(raw), doc, text, prefix=doc)
        record["kind"] = "Assignment"
        if record.pop("assigned_to_document", False) or not record.get("assigned_to"):
            record["assigned_to"] = doc
        else:
            record["assigned_to"] = _local(record["assigned_to"], doc)
        out.append(record)
    return out


def _change(record: dict[str, Any]) -> dict[str, Any]:
    """A renaming or merger; its date may be a day or only a month."""
    record = dict(record)
    date = str(record.pop("date", "") or "")
    if len(date) == 10:
        record["effective"] = date
    elif len(date) == 7:
        record["effective_month"] = date
    return record


def _bodies(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for body in bodies:
        current = merged.setdefault(body["id"], {})
        for key, value in body.items():
            if key == "alt_labels":
                current["alt_labels"] = sorted(set(current.get("alt_labels", [])) | set(value))
            else:
                current.setdefault(key, value)
    for record in merged.values():
        record["search_text"] = _search(" ".join([record.get("label_vi", "")] + record.get("alt_labels", [])))
    return [merged[k] for k in sorted(merged)]


def _search(text: str) -> str:
    """Lower-case, diacritic-free form used by full-text search with or without accents."""
    return strip_accents(" ".join(text.split())).lower()

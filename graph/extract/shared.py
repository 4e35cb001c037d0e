"""Records that come from the hand-written metadata: the document, its province, its congress."""

from __future__ import annotations

import re
from typing import Any, Mapping

from nghiquyet.graph.corpus import DocumentMeta
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.text import slug, strip_accents

__all__ = ["document_record", "province_record", "congress_records", "party_organisation_id"]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _date_fields(value: str | None, full_key: str, month_key: str | None = None) -> dict[str, str]:
    if not value:
        return {}
    value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return {full_key: value}
    if month_key and re.fullmatch(r"\d{4}-\d{2}", value):
        return {month_key: value}
    return {}


def document_record(meta: DocumentMeta, doc: str, text: str, province_slug: str | None) -> dict[str, Any]:
    """The document node: type, titles, dates, publisher, province and its NFC text."""
    extra = meta.extra
    record: dict[str, Any] = {
        "id": doc,
        "kind": meta.document_type,
        "file": meta.file,
        "text": text,
        "title": meta.title or meta.path.stem,
        "language": extra.get("language", "vi"),
        "search_text": strip_accents(meta.title or meta.path.stem).lower(),
    }
    for key in ("title_en", "publisher", "source_site", "source_url", "description"):
        if extra.get(key):
            record[key] = extra[key]
    if extra.get("notes"):
        record["description"] = extra["notes"]
    record.update(_date_fields(extra.get("published"), "issued", "issued_month"))
    record.update(_date_fields(extra.get("adopted"), "adopted"))
    if extra.get("plan_year"):
        record["plan_year"] = str(extra["plan_year"])
    if province_slug:
        record["province"] = f"province/{province_slug}"
    if extra.get("implements"):
        record["implements"] = f"doc/{extra['implements']}"
    congress = extra.get("congress") or {}
    if congress.get("ordinal") and province_slug:
        record["congress"] = f"congress/{province_slug}/{int(congress['ordinal'])}"
        if meta.document_type == "CongressResolution":
            record["generated_by"] = record["congress"]
    return record


def province_record(name: str, unit: Any = None) -> dict[str, Any]:
    """A province node: the unit valid at the document's date (``graph.places.Unit``) when known.

    Labels, validity, codes and links of every unit are written by :mod:`graph.place_graph`.
    """
    if unit is not None:
        record = {"id": unit.iri, "kind": ["Province", "Concept"], "label_vi": unit.label_vi,
                  "in_scheme": "province/scheme"}
        if unit.alt_labels:  # a former unit labelled "Gia Lai (cũ)" keeps its plain name
            record["alt_labels"] = list(unit.alt_labels)
        return record
    return {"id": f"province/{slug(name)}", "kind": ["Province", "Concept"], "label_vi": name,
            "in_scheme": "province/scheme"}


def _organisation(province_slug: str, lexicon: Lexicons | None) -> Mapping[str, str]:
    """``party_organisation`` of bodies.yaml, in the city forms for a centrally-run city."""
    bodies = or_packaged(lexicon).bodies
    entry = dict(bodies["party_organisation"])
    cities = {slug(p["name"]) for p in or_packaged(lexicon).provinces["provinces"] if p.get("kind") == "city"}
    if province_slug in cities:
        for key, pairs in (("name", "city_forms"), ("congress", "city_forms"), ("label_en", "city_forms_en")):
            for old, new in bodies[pairs]:
                entry[key] = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, entry[key])
    return entry


def party_organisation_id(province_slug: str, lexicon: Lexicons | None = None) -> str:
    """The Party organisation of the province or city (Đảng bộ tỉnh / thành phố) whose congresses these are."""
    return f"body/{province_slug}/{slug(_organisation(province_slug, lexicon)['name'])}"


def congress_records(meta: DocumentMeta, doc: str, province: str, province_slug: str,
                     lexicon: Lexicons | None = None) -> dict[str, Any]:
    """The congress, its term and the Party organisation, when the metadata names them."""
    congress = meta.extra.get("congress") or {}
    if not congress.get("ordinal") or not province:
        return {"congress": None, "terms": []}
    organisation_names = _organisation(province_slug, lexicon)
    ordinal = int(congress["ordinal"])
    record: dict[str, Any] = {
        "id": f"congress/{province_slug}/{ordinal}",
        "kind": "PartyCongress",
        "ordinal": ordinal,
        "label_vi": f"{organisation_names['congress']} {province} lần thứ {_roman(ordinal)}",
        "label_en": f"{_english_ordinal(ordinal)} Congress of the {strip_accents(province)} "
                    f"{organisation_names['label_en']}",
        "party_organisation": party_organisation_id(province_slug, lexicon),
        "province": f"province/{province_slug}",
    }
    record.update(_date_fields(congress.get("start_date"), "start_date"))
    record.update(_date_fields(congress.get("end_date"), "end_date"))
    terms = []
    if congress.get("term"):
        begin, end = (int(y) for y in congress["term"])
        term_id = f"term/{province_slug}/{begin}-{end}"
        record["term"] = term_id
        terms = [
            {"id": term_id, "kind": "Term", "label_vi": f"Nhiệm kỳ {begin}–{end}", "label_en": f"Term {begin}–{end}",
             "begins": f"year/{begin}", "ends": f"year/{end}"},
            {"id": f"year/{begin}", "kind": "Instant", "in_year": str(begin)},
            {"id": f"year/{end}", "kind": "Instant", "in_year": str(end)},
        ]
    organisation = {
        "id": party_organisation_id(province_slug, lexicon), "kind": ["PartyOrganisation", "Body"],
        "label_vi": f"{organisation_names['name']} {province}",
        "label_en": f"{strip_accents(province)} {organisation_names['label_en']}",
        "province": f"province/{province_slug}",
    }
    return {"congress": record, "terms": terms, "party_organisation": organisation}


def _roman(number: int) -> str:
    numerals = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def _english_ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def roman_to_int(numeral: str) -> int:
    """``"XIV"`` → 14 (used to read congress ordinals from text)."""
    total, previous = 0, 0
    for char in reversed(numeral.upper()):
        value = _ROMAN[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total

"""Provenance records: a fact's exact span of source text, shaped for the Web Annotation model."""

from __future__ import annotations

from typing import Any

from nghiquyet.graph.errors import DocumentError

__all__ = ["provenance", "quote_context", "span_of", "CONTEXT_STEP", "CONTEXT_MAX"]

CONTEXT_STEP = 16  # characters of prefix/suffix added at a time until the quote is unambiguous
CONTEXT_MAX = 1024  # … and no more: a quote repeated with this much identical context keeps it


def _positions(text: str, needle: str) -> list[int]:
    """Where ``needle`` occurs in ``text``, overlapping occurrences included (one scan)."""
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The shortest prefix and suffix that make ``text[start:end]`` occur once in ``text``.

    Both are empty when the quote is already unique. Otherwise they grow together, by
    :data:`CONTEXT_STEP` characters, until ``prefix + exact + suffix`` occurs exactly once: a
    TextQuoteSelector holding them selects this span and no other (Web Annotation §4.2.4).
    """
    exact = text[start:end]
    places = _positions(text, exact)  # every occurrence of prefix + exact + suffix holds one of exact
    if len(places) <= 1:
        return "", ""
    width = CONTEXT_STEP
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        needle = prefix + exact + suffix
        places = [p for p in places if p >= len(prefix) and text.startswith(needle, p - len(prefix))]
        if len(places) == 1 or (len(prefix) == start and end + len(suffix) == len(text)) or width >= CONTEXT_MAX:
            return prefix, suffix
        width += CONTEXT_STEP


def provenance(fact_id: str, doc_id: str, text: str, start: int, end: int) -> dict[str, Any]:
    """The ``<fact>/source`` annotation record for ``text[start:end]``.

    The quote selector carries ``oa:prefix``/``oa:suffix`` when the quoted text occurs more than
    once in the document, so that it is unambiguous on its own. Raises :class:`DocumentError`
    when the span is empty or outside the text, so a broken extractor can never publish a quote
    that is not in its document.
    """
    if not (0 <= start < end <= len(text)):
        raise DocumentError(f"{doc_id}: span {start}-{end} of {fact_id} lies outside the text")
    source = f"{fact_id}/source"
    quote: dict[str, Any] = {"id": f"{source}/quote", "kind": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = quote_context(text, start, end)
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return {
        "id": source,
        "kind": ["Annotation", "prov:Entity"],
        "annotation_target": {
            "id": f"{source}/target",
            "kind": "SpecificResource",
            "source_document": doc_id,
            "selectors": [
                quote,
                {"id": f"{source}/position", "kind": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def span_of(record: dict[str, Any]) -> tuple[int, int] | None:
    """Start and end offsets of a record's span, whichever shape it carries."""
    source = record.get("source") or {}
    if "start" in source and "end" in source:
        return int(source["start"]), int(source["end"])
    if "start" in record and "end" in record:
        return int(record["start"]), int(record["end"])
    return None

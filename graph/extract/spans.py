"""Provenance records: a fact's exact span of source text, shaped for the Web Annotation model."""

from __future__ import annotations

from typing import Any

from nghiquyet.graph.errors import DocumentError

__all__ = ["provenance", "span_of"]


def provenance(fact_id: str, doc_id: str, text: str, start: int, end: int) -> dict[str, Any]:
    """The ``<fact>/source`` annotation record for ``text[start:end]``.

    Raises :class:`DocumentError` when the span is empty or outside the text, so a broken
    extractor can never publish a quote that is not in its document.
    """
    if not (0 <= start < end <= len(text)):
        raise DocumentError(f"{doc_id}: span {start}-{end} of {fact_id} lies outside the text")
    source = f"{fact_id}/source"
    return {
        "id": source,
        "kind": ["Annotation", "prov:Entity"],
        "annotation_target": {
            "id": f"{source}/target",
            "kind": "SpecificResource",
            "source_document": doc_id,
            "selectors": [
                {"id": f"{source}/quote", "kind": "TextQuoteSelector", "exact": text[start:end]},
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

"""Format tables and HTTP content negotiation (Accept with q-values and wildcards).

One table for SPARQL results (SELECT/ASK) and one for RDF (CONSTRUCT/DESCRIBE and linked-data
pages). Both map a canonical media type to a pyoxigraph format; the first entry is the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph

__all__ = [
    "Format",
    "RESULT_FORMATS",
    "RDF_FORMATS",
    "RDF_EXTENSIONS",
    "negotiate",
    "parse_accept",
    "result_format",
    "rdf_format",
    "short_name_format",
]


@dataclass(frozen=True)
class Format:
    """A serialisation we can produce."""

    media_type: str
    extension: str
    names: tuple[str, ...]  # short names accepted in ?format= / ?output=
    aliases: tuple[str, ...] = ()  # other media types meaning the same thing


RESULT_FORMATS: dict[str, Format] = {
    f.media_type: f
    for f in (
        Format("application/sparql-results+json", "srj", ("json", "srj"), ("application/json",)),
        Format("application/sparql-results+xml", "srx", ("xml", "srx"), ("application/xml", "text/xml")),
        Format("text/csv", "csv", ("csv",)),
        Format("text/tab-separated-values", "tsv", ("tsv",)),
    )
}

RDF_FORMATS: dict[str, Format] = {
    f.media_type: f
    for f in (
        Format("text/turtle", "ttl", ("turtle", "ttl"), ("application/x-turtle",)),
        Format("application/n-triples", "nt", ("ntriples", "nt", "n-triples"), ("text/plain",)),
        Format("application/ld+json", "jsonld", ("json-ld", "jsonld", "json"), ("application/json",)),
        Format("application/rdf+xml", "rdf", ("rdf", "xml", "rdf+xml", "rdfxml"), ("application/xml", "text/xml")),
        Format("application/trig", "trig", ("trig",)),
        Format("application/n-quads", "nq", ("nquads", "nq", "n-quads")),
    )
}

#: File extension (without dot) → canonical RDF media type, for ``/resource.ttl`` style URLs.
RDF_EXTENSIONS: dict[str, str] = {f.extension: f.media_type for f in RDF_FORMATS.values()}

_RESULT_PYOX = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
_RDF_PYOX = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/trig": pyoxigraph.RdfFormat.TRIG,
    "application/n-quads": pyoxigraph.RdfFormat.N_QUADS,
}


def _canonical(media_type: str, table: dict[str, Format]) -> str | None:
    media_type = media_type.split(";", 1)[0].strip().lower()
    if media_type in table:
        return media_type
    for fmt in table.values():
        if media_type in fmt.aliases:
            return fmt.media_type
    return None


@lru_cache(maxsize=64)
def result_format(media_type: str) -> pyoxigraph.QueryResultsFormat | None:
    """The pyoxigraph results format for a (possibly aliased) media type."""
    canonical = _canonical(media_type, RESULT_FORMATS)
    return _RESULT_PYOX[canonical] if canonical else None


@lru_cache(maxsize=64)
def rdf_format(media_type: str) -> pyoxigraph.RdfFormat | None:
    """The pyoxigraph RDF format for a (possibly aliased) media type."""
    canonical = _canonical(media_type, RDF_FORMATS)
    return _RDF_PYOX[canonical] if canonical else None


def short_name_format(name: str, table: dict[str, Format]) -> str | None:
    """Media type for a ``format=`` short name (or a full media type) in ``table``."""
    name = name.strip().lower()
    for fmt in table.values():
        if name in fmt.names:
            return fmt.media_type
    return _canonical(name, table)


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """Parse an Accept header into ``(type, subtype, q)`` triples; malformed ranges are skipped."""
    ranges: list[tuple[str, str, float]] = []
    for item in (header or "").split(","):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0] or "/" not in parts[0]:
            continue
        main, _, sub = parts[0].lower().partition("/")
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((main.strip(), sub.strip(), q))
    return ranges


def _quality(offer: str, aliases: list[str], ranges: list[tuple[str, str, float]]) -> float:
    """q of the most specific range matching ``offer`` (aliases count for exact matches only)."""
    main, _, sub = offer.lower().partition("/")
    exact_aliases = {alias.lower() for alias in aliases}
    best_specificity, best_q = -1, 0.0
    for r_main, r_sub, q in ranges:
        if r_main == main and r_sub == sub:
            specificity = 3
        elif f"{r_main}/{r_sub}" in exact_aliases:
            specificity = 2
        elif r_main == main and r_sub == "*":
            specificity = 1
        elif r_main == "*" and r_sub == "*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, best_q = specificity, q
    return best_q


def negotiate(accept_header: str | None, offered: list[str]) -> str | None:
    """Best of ``offered`` for ``accept_header``; ties go to the earlier offer; None → 406.

    An absent or empty header accepts the first offer. Aliases (``application/json`` for
    SPARQL JSON results, ``application/xml`` …) are matched against the canonical types in
    the format tables and answered with the canonical type.
    """
    return _negotiate(accept_header, tuple(offered))


@lru_cache(maxsize=256)
def _negotiate(accept_header: str | None, offered: tuple[str, ...]) -> str | None:
    ranges = parse_accept(accept_header)
    if not ranges:
        return offered[0] if offered else None
    best, best_q = None, 0.0
    for offer in offered:
        q = _quality(offer, _aliases(offer), ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def _aliases(media_type: str) -> list[str]:
    fmt = RESULT_FORMATS.get(media_type) or RDF_FORMATS.get(media_type)
    return list(fmt.aliases) if fmt else []

"""Readable validation reports: each violation names the document, the fact, its quote and the shape."""

from __future__ import annotations

from typing import Any, Iterable

from rdflib import Dataset, Namespace, URIRef

__all__ = ["explain_results", "fact_of"]

OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
NQ = Namespace("https://w3id.org/nghiquyet/ontology#")


def fact_of(focus: str) -> str:
    """The fact a provenance node belongs to (``…/quantity/x/source/quote`` → ``…/quantity/x``)."""
    return focus.split("/source", 1)[0] if "/source" in focus else focus


def _objects(dataset: Dataset, subject: URIRef, predicate: URIRef) -> list:
    """Objects across every named graph (``Dataset.objects`` only reads the default graph)."""
    return [o for _, _, o, _ in dataset.quads((subject, predicate, None, None))]


def _quote(dataset: Dataset, fact: URIRef) -> str | None:
    bodies = [s for s, _, _, _ in dataset.quads((None, OA.hasBody, fact, None))]
    for annotation in _objects(dataset, fact, PROV.wasDerivedFrom) + bodies:
        for target in _objects(dataset, annotation, OA.hasTarget):
            for selector in _objects(dataset, target, OA.hasSelector):
                for exact in _objects(dataset, selector, OA.exact):
                    return str(exact)
    return None


def _document(dataset: Dataset, fact: URIRef, base_iri: str) -> str:
    for _, _, _, graph in dataset.quads((fact, None, None, None)):
        name = str(getattr(graph, "identifier", graph))
        if name.startswith(base_iri + "graph/"):
            return name.removeprefix(base_iri + "graph/")
    return "?"


def _short(value: Any, base_iri: str) -> str:
    text = str(value) if value is not None else ""
    for prefix, short in ((base_iri, ""), (str(NQ), "nq:"), ("http://www.w3.org/ns/shacl#", "sh:")):
        text = text.replace(prefix, short)
    return text


def explain_results(results: Iterable[dict[str, Any]], dataset: Dataset, base_iri: str) -> str:
    """One block per violation, sorted by document and fact, for people reading a failed build."""
    blocks = []
    for result in results:
        focus = str(result.get("focus", ""))
        fact = URIRef(fact_of(focus))
        quote = _quote(dataset, fact)
        lines = [
            f"document: {_document(dataset, fact, base_iri)}",
            f"fact:     {_short(fact, base_iri)}" + (f" (node {_short(focus, base_iri)})" if str(fact) != focus else ""),
        ]
        if quote is not None:
            lines.append(f"quote:    “{quote}”")
        lines.append(f"shape:    {_short(result.get('shape'), base_iri)}"
                     + (f" on {_short(result.get('path'), base_iri)}" if result.get("path") else ""))
        lines.append(f"problem:  {result.get('message') or _short(result.get('constraint'), base_iri)}")
        if result.get("value") not in (None, ""):
            lines.append(f"value:    {_short(result.get('value'), base_iri)}")
        blocks.append("\n".join(lines))
    blocks.sort()
    header = f"The graph does not conform to the shapes: {len(blocks)} violation(s). Nothing was published."
    return "\n\n".join([header, *blocks])

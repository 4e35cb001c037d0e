"""The SHACL gate: validate a data graph against ``ontology/shapes`` with pySHACL.

Design choices:

* **One graph.** A :class:`~rdflib.Dataset` is flattened into a single graph first: pySHACL would
  otherwise validate each named graph on its own, and facts in ``graph/<doc>`` point at indicators,
  bodies and provinces in ``graph/shared``.
* **Ontology mixed in, inference "none".** The ontology and the SKOS vocabularies (units with their
  plausible bounds, roles, comparators, part roles) are added to the data graph, so ``sh:class``
  follows ``rdfs:subClassOf`` (SHACL does that natively) and the SPARQL constraints can read unit
  bounds. RDFS inference is *not* run: it would type every subject of ``nq:value`` as an
  ``nq:Quantity`` through ``rdfs:domain``, hiding missing or wrong ``rdf:type`` statements, and it
  costs seconds. The vocabularies are validated along with the data.
* **Warnings do not fail the gate** (``allow_warnings``): ``conforms`` is False only for
  ``sh:Violation`` results; warnings (e.g. a missing English label) are still reported.
* **Queries parsed once.** pySHACL hands rdflib the text of a SPARQL target or constraint once per
  focus node, and rdflib parses it every time (pyparsing: 60–80% of a small validation). The
  ``sparql`` query processor is replaced (rdflib's plugin registry) by one that keeps the parsed
  and translated query of each text; evaluation is rdflib's own.
* **Messages name the fact.** Every shape message uses ``{$this}`` (and ``{$value}``); pySHACL fills
  them in only for SPARQL constraints, so :func:`_format_message` does it for the core ones.

>>> from rdflib import Graph
>>> validate_graph(Graph()).conforms
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from typing import Collection as Collection_

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from nghiquyet.graph.errors import ConfigError, ShapesError
from nghiquyet.graph.resources import data_path

__all__ = ["ValidationReport", "ShapesError", "load_shapes", "validate_graph", "DEFAULT_ONTOLOGY_DIR"]

DEFAULT_ONTOLOGY_DIR = data_path("ontology")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of :func:`validate_graph`.

    ``results`` holds one dict per SHACL result with the keys ``focus``, ``path``, ``shape``,
    ``constraint``, ``message``, ``severity`` and ``value`` (strings; ``path`` and ``value`` may be
    None). IRIs are full, so callers can look the focus node up in their dataset.
    """

    conforms: bool
    results: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""

    @property
    def violations(self) -> list[dict[str, Any]]:
        """Only the results of severity Violation (those that make ``conforms`` False)."""
        return [r for r in self.results if r["severity"] == "Violation"]


def load_shapes(ontology_dir: Path | str = DEFAULT_ONTOLOGY_DIR) -> Graph:
    """Shapes, ontology and vocabularies of ``ontology_dir`` parsed into one graph.

    Reads ``*.ttl``, ``vocab/*.ttl`` and ``shapes/*.ttl`` in sorted order; a file that does not
    parse raises with its name in the message.
    """
    root = Path(ontology_dir)
    graph = Graph()
    paths = sorted(root.glob("*.ttl")) + sorted(root.glob("vocab/*.ttl")) + sorted(root.glob("shapes/*.ttl"))
    if not paths:
        raise ShapesError(f"{root}: no Turtle files (an ontology folder holds *.ttl, vocab/ and shapes/)")
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises several unrelated types for syntax errors
            raise ShapesError(f"{path}: does not parse as Turtle: {error}") from error
    return graph


@functools.lru_cache(maxsize=1)
def _default_shapes() -> Graph:
    return load_shapes(DEFAULT_ONTOLOGY_DIR)


@functools.lru_cache(maxsize=1024)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...], base: str | None) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


class PreparedQueryProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, parsing and translating each query text only once per process."""

    def query(self, strOrQuery: Any, initBindings: Any = None, initNs: Any = None, base: str | None = None,
              DEBUG: bool = False) -> Any:  # noqa: N803 - rdflib's signature
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, namespaces, base)
        return evalQuery(self.graph, strOrQuery, initBindings, base)


@functools.lru_cache(maxsize=1)
def _use_prepared_queries() -> None:
    """Make :class:`PreparedQueryProcessor` rdflib's ``sparql`` processor (once, on first validation),
    and let a focused validation (:data:`_FOCUS`) keep only the focus nodes among a shape's targets."""
    from pyshacl.shape import Shape  # pySHACL is imported by its engine only (0.5 s)

    plugin.register("sparql", Processor, __name__, "PreparedQueryProcessor")
    targets = Shape.focus_nodes

    def focused_targets(self: Any, data_graph: Any, debug: bool = False) -> Any:
        found = targets(self, data_graph, debug=debug)
        return found if _FOCUS is None else {node for node in found if node in _FOCUS}

    Shape.focus_nodes = focused_targets  # type: ignore[method-assign]


# The nodes a focused validation checks (None: every target). Applied where a shape finds its own
# targets, not to the value nodes of nested shapes: pySHACL's own ``focus_nodes`` option filters
# those too, so a qualified shape on literals counts every value as conforming.
_FOCUS: frozenset[URIRef] | None = None


def _flatten(data: Graph | Dataset, shapes: Graph) -> Graph:
    """A new graph holding every triple of ``data`` (all named graphs) and of ``shapes``."""
    working = Graph()
    if isinstance(data, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph in rdflib 7
        working.addN((s, p, o, working) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        working += data
    working += shapes
    return working


def _run(working: Graph, shapes_graph: Graph) -> tuple[Any, Any, Any]:
    import pyshacl

    return pyshacl.validate(working, shacl_graph=shapes_graph, inference="none", advanced=True,
                            allow_warnings=True, inplace=True, abort_on_first=False, meta_shacl=False)


ENGINES = ("sparql", "pyshacl")


def validate_graph(data: Graph | Dataset, *, shapes: Graph | None = None,
                   focus: Collection_[URIRef] | None = None, engine: str = "sparql") -> ValidationReport:
    """Validate ``data`` (a Graph or Dataset) against ``shapes`` (default: :func:`load_shapes`).

    ``focus``: validate only these nodes (the rest of ``data`` is context they may point at); an
    empty collection validates nothing. ``engine``: ``sparql`` (the shapes compiled to SPARQL and
    run by Oxigraph, ``graph.shacl_compile``) or ``pyshacl`` (the reference).
    """
    if focus is not None and not focus:
        return ValidationReport(conforms=True, results=[], text="Conforms: True (nothing to validate)")
    shapes_graph = shapes if shapes is not None else _default_shapes()
    if engine == "sparql":
        return _validate_sparql(data, shapes_graph, focus)
    if engine != "pyshacl":
        raise ConfigError(f"unknown validator {engine!r} (one of {', '.join(ENGINES)})")
    _use_prepared_queries()
    working = _flatten(data, shapes_graph)
    global _FOCUS
    _FOCUS = frozenset(focus) if focus is not None else None
    try:
        conforms, report_graph, _ = _run(working, shapes_graph)
    finally:
        _FOCUS = None
    if not isinstance(report_graph, Graph):  # pySHACL returns its ValidationFailure instead
        raise ShapesError(f"the SHACL shapes could not be evaluated: {report_graph}")
    results = sorted(_results(report_graph), key=_sort_key)
    return ValidationReport(conforms=bool(conforms), results=results, text=_text(conforms, results, shapes_graph))


def _validate_sparql(data: Graph | Dataset, shapes: Graph, focus: Collection_[URIRef] | None) -> ValidationReport:
    from nghiquyet.graph.shacl_compile import compiled_for
    from nghiquyet.graph.shacl_sparql import run_checks, store_of

    store = store_of(data, shapes)
    results = run_checks(store, compiled_for(shapes), union=True)
    if focus is not None:  # the focus nodes' results (cheaper than restricting every query's targets)
        kept = {str(node) for node in focus}
        results = [r for r in results if r["focus"] in kept]
    return report_of(results, shapes)


def report_of(results: list[dict[str, Any]], shapes: Graph) -> ValidationReport:
    """A :class:`ValidationReport` of result dicts (sorted; conforms unless one is a Violation)."""
    results = sorted(results, key=_sort_key)
    conforms = not any(r["severity"] == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=results, text=_text(conforms, results, shapes))


# --- reading pySHACL's report graph ---------------------------------------------------------------


def _results(report: Graph) -> list[dict[str, Any]]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        row: dict[str, Any] = {
            "focus": _term(focus),
            "path": _path_text(report, path) if path is not None else None,
            "shape": _term(report.value(result, SH.sourceShape)),
            "constraint": _term(report.value(result, SH.sourceConstraintComponent)),
            "severity": str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            "value": _term(value) if value is not None else None,
        }
        row["message"] = " ".join(_format_message(m, row) for m in messages) or _fallback_message(row)
        out.append(row)
    return out


def _term(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as SPARQL property-path text (plain IRI string for a simple path)."""
    if isinstance(path, URIRef):
        return str(path)

    def render(node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (inverse := graph.value(node, SH.inversePath)) is not None:
            return f"^{render(inverse)}"
        if (alternatives := graph.value(node, SH.alternativePath)) is not None:
            return "(" + "|".join(render(n) for n in Collection(graph, alternatives)) + ")"
        for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if (inner := graph.value(node, predicate)) is not None:
                return f"{render(inner)}{suffix}"
        if graph.value(node, RDF.first) is not None:
            return "/".join(render(n) for n in Collection(graph, node))
        return f"_:{node}"

    return render(path)


_PLACEHOLDER = re.compile(r"\{[$?](this|value|path)\}")
_NO_VALUE = re.compile(r"(\s*\(got \{[$?]value\}\)|;\s*got \{[$?]value\}(?=\)))")


def _format_message(message: str, row: dict[str, Any]) -> str:
    """Fill ``{$this}``, ``{$value}`` and ``{$path}`` (pySHACL leaves them in core-constraint messages)."""
    if row["value"] is None:
        message = _NO_VALUE.sub("", message)
    filled = {"this": row["focus"], "value": row["value"] or "nothing", "path": row["path"] or ""}
    return _PLACEHOLDER.sub(lambda m: filled[m.group(1)], message)


def _fallback_message(row: dict[str, Any]) -> str:
    constraint = row["constraint"].rsplit("#", 1)[-1]
    return f"{row['focus']} violates {constraint}" + (f" on {row['path']}" if row["path"] else "")


def _sort_key(row: dict[str, Any]) -> tuple[int, str, str, str, str, str]:
    return (_SEVERITY_ORDER.get(row["severity"], 3), row["focus"], row["shape"], row["path"] or "", row["value"] or "",
            row["message"])


def _text(conforms: bool, results: list[dict[str, Any]], shapes: Graph) -> str:
    """The readable report: a summary line, then one block per result in a stable order."""
    counts = {level: sum(r["severity"] == level for r in results) for level in _SEVERITY_ORDER}
    lines = [
        f"Conforms: {conforms} ({counts['Violation']} violation(s), {counts['Warning']} warning(s), "
        f"{counts['Info']} info)"
    ]
    manager = shapes.namespace_manager

    def short(iri: str) -> str:
        if iri.startswith(("^", "(", "<")):  # a complex path: shorten the IRIs inside it
            return re.sub(r"<([^>]+)>", lambda m: short(m.group(1)), iri)
        if not iri or iri.startswith("_:"):
            return iri
        try:
            return manager.normalizeUri(URIRef(iri))
        except ValueError:  # pragma: no cover - rdflib refuses some IRIs
            return iri

    for row in results:
        lines.append(f"[{row['severity']}] {row['message']}")
        detail = f"    shape {short(row['shape'])} ({row['constraint'].rsplit('#', 1)[-1]})"
        if row["path"]:
            detail += f" · path {short(row['path'])}"
        if row["value"] is not None:
            detail += f" · value {row['value']}"
        lines.append(detail)
    return "\n".join(lines)

"""Run the compiled SHACL checks (``graph.shacl_compile``) with Oxigraph; results as pySHACL's.

:func:`run_checks` evaluates every check over a :class:`pyoxigraph.Store` — by default over the
union of its graphs (a build's store: documents, shared graphs and ``graph/progress`` at once) —
optionally only for some focus nodes (``focus``) or for the subjects of some graphs
(``focus_graphs``). Each row becomes a result dict with the keys of
:class:`nghiquyet.graph.validate.ValidationReport` (``focus``, ``path``, ``shape``, ``constraint``,
``severity``, ``value``, ``message``), the messages filled in as pySHACL fills them.
:func:`store_of` copies an rdflib graph into an in-memory store.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Collection, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from nghiquyet.graph.errors import ShapesError
from nghiquyet.graph.shacl_compile import FOCUS_MARK, REGEX_FUNCTION, Check

__all__ = ["run_checks", "store_of", "add_shapes", "ox_term"]

_SPECIAL = ("this", "path", "value")


@functools.lru_cache(maxsize=256)
def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    options = 0
    for flag, value in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE)):
        if flag in flags:
            options |= value
    return re.compile(pattern, options)


_TRUE, _FALSE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")), \
    ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def _regex_function(text: Any, pattern: Any, flags: Any) -> ox.Literal:
    """sh:pattern as pySHACL matches it: Python's ``re.search``."""
    return _TRUE if _regex(pattern.value, flags.value).search(text.value) else _FALSE


_FUNCTIONS = {ox.NamedNode(REGEX_FUNCTION): _regex_function}


def ox_term(node: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def _quads(graph: Graph) -> Iterable[ox.Quad]:
    if hasattr(graph, "quads") and hasattr(graph, "graphs"):  # a Dataset: every named graph
        return (ox.Quad(ox_term(s), ox_term(p), ox_term(o)) for s, p, o, _ in graph.quads((None, None, None, None)))
    return (ox.Quad(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in graph)


_SHAPE_QUADS: dict[int, tuple[Graph, list[ox.Quad]]] = {}


def add_shapes(store: ox.Store, shapes: Graph) -> None:
    """Add the triples of ``shapes`` to the default graph of ``store`` (converted once per graph)."""
    cached = _SHAPE_QUADS.get(id(shapes))
    if cached is None or cached[0] is not shapes:
        cached = _SHAPE_QUADS[id(shapes)] = (shapes, list(_quads(shapes)))
    store.extend(cached[1])


def store_of(data: Graph, shapes: Graph | None = None) -> ox.Store:
    """An in-memory store holding the triples of ``data`` (every graph of a Dataset) and of
    ``shapes`` in its default graph; query it with the union."""
    store = ox.Store()
    store.extend(_quads(data))
    if shapes is not None:
        add_shapes(store, shapes)
    return store


def _text(node: Any) -> str:
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return str(node.value)


def _restriction(focus: Collection[str] | None, focus_graphs: Collection[str] | None) -> str:
    if focus is not None:
        return "VALUES ?this { " + " ".join(f"<{iri}>" for iri in sorted(focus)) + " }"
    if focus_graphs is not None:
        graphs = " ".join(f"<{iri}>" for iri in sorted(focus_graphs))
        return (f"{{ SELECT DISTINCT ?this WHERE {{ VALUES ?_fg {{ {graphs} }} GRAPH ?_fg {{ ?this ?_fp ?_fo }} }} }}")
    return ""


def _fill(message: str, bindings: dict[str, str]) -> str:
    for name, value in bindings.items():
        message = re.sub("{[?$]" + re.escape(name) + "}", lambda _: value, message)
    return message


def _rows(check: Check, solutions: Iterable[Any], variables: list[str]) -> Iterable[dict[str, Any]]:
    from nghiquyet.graph.validate import _fallback_message, _format_message

    seen = set()
    for solution in solutions:
        bound = {name: solution[name] for name in variables if solution[name] is not None}
        focus = _text(bound["this"])
        if check.sparql:
            path = bound["path"].value if "path" in bound else check.path_text
            value = _text(bound["value"]) if "value" in bound else (None if check.path_text else focus)
        else:
            path = check.path_text
            value = focus if check.value_is_focus else (_text(bound["value"]) if "value" in bound else None)
        key = (focus, path, value, tuple(sorted((k, _text(v)) for k, v in bound.items())) if check.sparql else ())
        if key in seen:
            continue
        seen.add(key)
        row: dict[str, Any] = {"focus": focus, "path": path, "shape": check.shape, "constraint": check.constraint,
                               "severity": check.severity, "value": value}
        messages = list(check.messages)
        if check.sparql:
            fills = {name: str(term.value) for name, term in bound.items() if name not in _SPECIAL}
            fills.update({"this": focus} | ({"path": path} if path else {}) | ({"value": value} if value else {}))
            messages = [_fill(m, fills) for m in messages]
        row["message"] = " ".join(_format_message(m, row) for m in sorted(messages)) or _fallback_message(row)
        yield row


def run_checks(store: ox.Store, checks: Iterable[Check], *, union: bool = True,
               focus: Collection[str] | None = None, focus_graphs: Collection[str] | None = None,
               default_graph: Any = None) -> list[dict[str, Any]]:
    """The results of ``checks`` over ``store`` (every graph when ``union``), as result dicts."""
    restriction = _restriction(focus, focus_graphs)
    if focus is not None and not focus or focus_graphs is not None and not focus_graphs:
        return []
    results: list[dict[str, Any]] = []
    options: dict[str, Any] = {"custom_functions": _FUNCTIONS}
    if default_graph is not None:
        options["default_graph"] = default_graph
    else:
        options["use_default_graph_as_union"] = union
    for check in checks:
        query = check.query.replace(FOCUS_MARK, restriction)
        try:
            solutions = store.query(query, **options)
        except SyntaxError as error:
            raise ShapesError(f"shape {check.shape}: its compiled query does not parse ({error}):\n{query}") from error
        variables = [v.value for v in solutions.variables]
        results.extend(_rows(check, solutions, variables))
    return results

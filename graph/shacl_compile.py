"""SHACL shapes compiled to SPARQL SELECT queries that return the violations (run by Oxigraph).

Each targeted shape's constraints become queries over the data: a *check* selects ``?this`` (the
focus node), and ``?value`` where the constraint is about value nodes (or the variables of a SPARQL
constraint). Nested shapes (``sh:or``, ``sh:xone``, ``sh:not``, ``sh:and``, ``sh:node``,
``sh:qualifiedValueShape``, property shapes inside them) become SPARQL expressions: *the node
conforms to the shape*. Targets (``sh:targetClass`` with ``rdfs:subClassOf*``, ``targetNode``,
``targetSubjectsOf``, ``targetObjectsOf``, SPARQL targets) are a sub-select binding ``?this``.

What is not compiled raises :class:`UnsupportedShape` naming the shape and the construct: no
constraint is ever skipped. ``sh:pattern`` is matched by Python's ``re`` (a custom function), as
pySHACL does, so the patterns mean the same in both engines (lookaheads included).

The compiled checks are plain data (:class:`Check`), kept as JSON text by :func:`compiled_for`
under the hash of the shapes graph.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from nghiquyet.graph.errors import UnsupportedShape

__all__ = ["Check", "UnsupportedShape", "shapes_hash", "compile_shapes", "compiled_for", "REGEX_FUNCTION", "FOCUS_MARK"]

REGEX_FUNCTION = "urn:nghiquyet:shacl:regex"  # (text, pattern, flags) → boolean, Python's re.search
FOCUS_MARK = "#FOCUS#"  # where a restriction of the focus nodes goes in a check's query
COMPILER_VERSION = "1"


@dataclass(frozen=True)
class Check:
    """One compiled constraint: its query and what each of its rows reports."""

    query: str
    shape: str  # sh:sourceShape (``_:id`` for a blank node)
    constraint: str  # the constraint component IRI
    severity: str  # Violation, Warning or Info
    path: Node | None = field(default=None, compare=False)  # rdflib path node (rendered by the runner)
    path_text: str | None = None
    messages: tuple[str, ...] = ()
    sparql: bool = False  # messages take {?var} from the row (SPARQL-based constraint)
    value_is_focus: bool = False  # node-level core constraint: the value is the focus node


# Parameters that are not constraints (or are read together with one).
_NOT_CONSTRAINTS = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.path,
                    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
                    SH.deactivated, SH.defaultValue, SH.qualifiedMinCount, SH.qualifiedMaxCount,
                    SH.qualifiedValueShapesDisjoint, SH.flags, SH.property, SH.sparql, SH.declare,
                    SH.prefixes}
_VALUE_CONSTRAINTS = {"class", "datatype", "nodeKind", "pattern", "in", "languageIn", "minLength",
                      "maxLength", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
                      "or", "and", "xone", "not", "node"}
_COMPONENT = {"class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
              "nodeKind": "NodeKindConstraintComponent", "pattern": "PatternConstraintComponent",
              "in": "InConstraintComponent", "languageIn": "LanguageInConstraintComponent",
              "minLength": "MinLengthConstraintComponent", "maxLength": "MaxLengthConstraintComponent",
              "minInclusive": "MinInclusiveConstraintComponent", "maxInclusive": "MaxInclusiveConstraintComponent",
              "minExclusive": "MinExclusiveConstraintComponent", "maxExclusive": "MaxExclusiveConstraintComponent",
              "or": "OrConstraintComponent", "and": "AndConstraintComponent", "xone": "XoneConstraintComponent",
              "not": "NotConstraintComponent", "node": "NodeConstraintComponent", "hasValue": "HasValueConstraintComponent",
              "minCount": "MinCountConstraintComponent", "maxCount": "MaxCountConstraintComponent",
              "uniqueLang": "UniqueLangConstraintComponent", "lessThan": "LessThanConstraintComponent",
              "lessThanOrEquals": "LessThanOrEqualsConstraintComponent", "equals": "EqualsConstraintComponent",
              "disjoint": "DisjointConstraintComponent",
              "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
              "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent", "sparql": "SPARQLConstraintComponent"}
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
_PAIR = {"lessThan": "<", "lessThanOrEquals": "<=", "equals": "=", "disjoint": "!="}
_MAX_COUNT_IN_EXPRESSION = 4
_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


def _without_strings(text: str) -> str:
    return _STRING.sub('""', text)


def _local(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _name(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def term(node: Node) -> str:
    """A shapes-graph term as SPARQL text."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype or XSD.string}>"
    raise UnsupportedShape(f"a blank node ({node}) cannot be a value in a compiled constraint")


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = itertools.count()
        self._prefix_cache: dict[Node, str] = {}

    def var(self) -> str:
        return f"?_v{next(self.counter)}"

    def fail(self, shape: Node, what: str) -> UnsupportedShape:
        return UnsupportedShape(f"shape {_name(shape)}: {what} is not supported by the SPARQL validator "
                                "(graph/shacl_compile.py); use --validator pyshacl or extend the compiler")

    def items(self, shape: Node, node: Node) -> list[Node]:
        try:
            return list(Collection(self.g, node))
        except Exception as error:  # a broken RDF list
            raise self.fail(shape, f"the list {node}") from error

    # --- paths ---------------------------------------------------------------------------------

    def path(self, shape: Node, node: Node) -> str:
        g = self.g
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (inner := g.value(node, SH.inversePath)) is not None:
            return f"^({self.path(shape, inner)})"
        if (inner := g.value(node, SH.alternativePath)) is not None:
            return "(" + "|".join(self.path(shape, n) for n in self.items(shape, inner)) + ")"
        for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if (inner := g.value(node, predicate)) is not None:
                return f"({self.path(shape, inner)}){suffix}"
        if g.value(node, RDF.first) is not None:
            return "(" + "/".join(self.path(shape, n) for n in self.items(shape, node)) + ")"
        raise self.fail(shape, f"the path {node}")

    # --- constraints as expressions: "the node x conforms" -------------------------------------

    def parameters(self, shape: Node) -> Iterator[tuple[str, Node]]:
        for predicate, value in sorted(self.g.predicate_objects(shape)):
            if predicate in _NOT_CONSTRAINTS or not str(predicate).startswith(str(SH)):
                continue
            yield _local(predicate), value

    def conforms(self, shape: Node, x: str) -> str:
        """A SPARQL expression true when the node bound to ``x`` conforms to ``shape``."""
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return "true"
        if self.g.value(shape, SH.sparql) is not None:
            raise self.fail(shape, "a SPARQL constraint (sh:sparql) inside another shape")
        parts = []
        path = self.g.value(shape, SH.path)
        for name, value in self.parameters(shape):
            if path is None:
                parts.append(self.node_test(shape, name, value, x))
            else:
                parts.append(self.property_test(shape, name, value, x, self.path(shape, path)))
        for prop in sorted(self.g.objects(shape, SH.property)):
            parts.append(self.conforms(prop, x))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def node_test(self, shape: Node, name: str, value: Node, x: str) -> str:
        """Expression: the node ``x`` satisfies the node-level constraint ``name`` = ``value``."""
        if name in _VALUE_CONSTRAINTS:
            return self.value_test(shape, name, value, x)
        if name == "hasValue":
            return f"sameTerm({x}, {term(value)})"
        raise self.fail(shape, f"sh:{name} on a node shape")

    def value_test(self, shape: Node, name: str, value: Node, x: str) -> str:
        """Expression: the value node ``x`` satisfies ``name`` = ``value``."""
        g = self.g
        if name == "class":
            return f"EXISTS {{ {x} <{RDF.type}>/<{RDFS.subClassOf}>* {term(value)} }}"
        if name == "datatype":
            if value == RDF.langString:
                return f"(isLiteral({x}) && LANG({x}) != \"\")"
            return f"(isLiteral({x}) && DATATYPE({x}) = {term(value)} && {self.well_formed(value, x)})"
        if name == "nodeKind":
            tests = {SH.IRI: f"isIRI({x})", SH.Literal: f"isLiteral({x})", SH.BlankNode: f"isBlank({x})",
                     SH.BlankNodeOrIRI: f"!isLiteral({x})", SH.BlankNodeOrLiteral: f"!isIRI({x})",
                     SH.IRIOrLiteral: f"!isBlank({x})"}
            if value not in tests:
                raise self.fail(shape, f"sh:nodeKind {value}")
            return tests[value]
        if name == "pattern":
            flags = g.value(shape, SH.flags)
            return (f"(!isBlank({x}) && <{REGEX_FUNCTION}>(STR({x}), {term(Literal(str(value)))}, "
                    f"{term(Literal(str(flags or '')))}))")
        if name == "in":
            members = self.items(shape, value)
            return "(" + " || ".join(f"sameTerm({x}, {term(m)})" for m in members) + ")" if members else "false"
        if name == "languageIn":
            tags = self.items(shape, value)
            tests = " || ".join(f"langMatches(LANG({x}), {term(Literal(str(t)))})" for t in tags)
            return f"(isLiteral({x}) && ({tests or 'false'}))"
        if name in ("minLength", "maxLength"):
            op = ">=" if name == "minLength" else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {int(value)})"
        if name in _COMPARE:
            return f"COALESCE({x} {_COMPARE[name]} {term(value)}, false)"
        if name in ("or", "and"):
            members = [self.conforms(m, x) for m in self.items(shape, value)]
            joiner = " || " if name == "or" else " && "
            return "(" + joiner.join(members) + ")" if members else ("false" if name == "or" else "true")
        if name == "xone":
            members = [f"IF({self.conforms(m, x)}, 1, 0)" for m in self.items(shape, value)]
            return "((" + " + ".join(members or ["0"]) + ") = 1)"
        if name == "not":
            return f"(!{self.conforms(value, x)})"
        if name == "node":
            return self.conforms(value, x)
        raise self.fail(shape, f"sh:{name}")

    def well_formed(self, datatype: Node, x: str) -> str:
        """The lexical form of ``x`` is valid for ``datatype`` (for the datatypes SPARQL can cast to)."""
        castable = {XSD.decimal, XSD.integer, XSD.boolean, XSD.double, XSD.float, XSD.date, XSD.dateTime}
        if datatype in castable:
            return f"COALESCE(DATATYPE(<{datatype}>(STR({x}))) = <{datatype}>, false)"
        if datatype == XSD.nonNegativeInteger:
            return f"COALESCE(<{XSD.integer}>(STR({x})) >= 0, false)"
        if datatype == XSD.gYear:
            return f"REGEX(STR({x}), \"^-?[0-9]{{4,}}(Z|[+-][0-9]{{2}}:[0-9]{{2}})?$\")"
        if datatype == XSD.gYearMonth:
            return f"REGEX(STR({x}), \"^-?[0-9]{{4,}}-(0[1-9]|1[0-2])(Z|[+-][0-9]{{2}}:[0-9]{{2}})?$\")"
        return "true"  # xsd:string, xsd:anyURI and others: every lexical form is accepted

    def distinct_values(self, x: str, path: str, count: int, condition: str | None) -> str:
        """A group pattern: ``count`` pairwise different values of ``path`` at ``x`` (each meeting ``condition``)."""
        names = [self.var() for _ in range(count)]
        filters = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        if condition is not None:
            filters += [condition.replace("?_VALUE", n) for n in names]
        pattern = " . ".join(f"{x} {path} {n}" for n in names)
        where = f"FILTER ({' && '.join(filters)})" if filters else ""
        return f"{{ {pattern} {where} }}"

    def count_test(self, shape: Node, x: str, path: str, low: int | None, high: int | None,
                   condition: str | None) -> str:
        parts = []
        for bound, at_least in ((low, True), (high, False)):
            if bound is None:
                continue
            needed = bound if at_least else bound + 1
            if needed > _MAX_COUNT_IN_EXPRESSION:
                raise self.fail(shape, f"a count of {bound} inside another shape")
            if needed <= 0:
                parts.append("true" if at_least else "false")
                continue
            exists = f"EXISTS {self.distinct_values(x, path, needed, condition)}"
            parts.append(exists if at_least else f"!{exists}")
        return " && ".join(parts) or "true"

    def property_test(self, shape: Node, name: str, value: Node, x: str, path: str) -> str:
        """Expression: the focus ``x`` meets the property constraint ``name`` = ``value`` on ``path``."""
        g = self.g
        v = self.var()
        if name in _VALUE_CONSTRAINTS:
            return f"NOT EXISTS {{ {x} {path} {v} FILTER (!{self.value_test(shape, name, value, v)}) }}"
        if name == "minCount":
            return self.count_test(shape, x, path, int(value), None, None)
        if name == "maxCount":
            return self.count_test(shape, x, path, None, int(value), None)
        if name == "qualifiedValueShape":
            self.refuse_disjoint(shape)
            low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            condition = self.conforms(value, "?_VALUE")
            return self.count_test(shape, x, path, int(low) if low is not None else None,
                                   int(high) if high is not None else None, condition)
        if name == "hasValue":
            return f"EXISTS {{ {x} {path} {term(value)} }}"
        if name == "uniqueLang":
            if value != Literal(True):
                return "true"
            w = self.var()
            return (f"NOT EXISTS {{ {x} {path} {v} . {x} {path} {w} FILTER (!sameTerm({v}, {w}) && "
                    f"LANG({v}) != \"\" && LCASE(LANG({v})) = LCASE(LANG({w}))) }}")
        if name in _PAIR:
            w = self.var()
            return f"NOT EXISTS {{ {self.pair_pattern(name, x, path, value, v, w)} }}"
        raise self.fail(shape, f"sh:{name} on a property shape")

    def pair_pattern(self, name: str, x: str, path: str, other: Node, v: str, w: str) -> str:
        """A group pattern matching the value pairs that break ``name`` (lessThan …) between ``path`` and ``other``."""
        if name == "disjoint":
            return f"{x} {path} {v} . {x} {term(other)} {v}"
        if name == "equals":
            return (f"{{ {x} {path} {v} FILTER NOT EXISTS {{ {x} {term(other)} {v} }} }} UNION "
                    f"{{ {x} {term(other)} {v} FILTER NOT EXISTS {{ {x} {path} {v} }} }}")
        return f"{x} {path} {v} . {x} {term(other)} {w} FILTER (!COALESCE({v} {_PAIR[name]} {w}, false))"

    def refuse_disjoint(self, shape: Node) -> None:
        if self.g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise self.fail(shape, "sh:qualifiedValueShapesDisjoint true")

    # --- SPARQL-based targets and constraints --------------------------------------------------

    def prefixes(self, shape: Node, node: Node) -> str:
        lines = []
        for declarer in self.g.objects(node, SH.prefixes):
            for declaration in self.g.objects(declarer, SH.declare):
                prefix, namespace = self.g.value(declaration, SH.prefix), self.g.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise self.fail(shape, f"the prefix declaration {declaration}")
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def select(self, shape: Node, node: Node) -> tuple[str, str]:
        text = self.g.value(node, SH.select)
        if text is None:
            raise self.fail(shape, f"a SPARQL target or constraint without sh:select ({node})")
        if "$PATH" in str(text) or "$currentShape" in str(text) or "$shapesGraph" in str(text):
            raise self.fail(shape, "$PATH, $currentShape or $shapesGraph in a SPARQL query")
        if _FORBIDDEN.search(_without_strings(str(text))):
            raise UnsupportedShape(f"shape {_name(shape)}: a SPARQL-based constraint or target must not contain "
                                   f"MINUS, VALUES or SERVICE (SHACL 5.3.1): {str(text).strip()[:200]}")
        return self.prefixes(shape, node), str(text).replace("$this", "?this")


class _Builder:
    """Collects the checks of every targeted shape."""

    def __init__(self, shapes: Graph) -> None:
        self.c = _Compiler(shapes)
        self.g = shapes
        self.checks: list[Check] = []

    def targets(self, shape: Node) -> tuple[list[str], list[str]]:
        """(prefix lines, target patterns binding ?this) of ``shape``."""
        g, c = self.g, self.c
        patterns, prefixes = [], []
        for cls in sorted(g.objects(shape, SH.targetClass)):
            patterns.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {term(cls)} .")
        for node in sorted(g.objects(shape, SH.targetNode)):
            patterns.append(f"VALUES ?this {{ {term(node)} }}")
        for prop in sorted(g.objects(shape, SH.targetSubjectsOf)):
            patterns.append(f"?this {term(prop)} ?_t .")
        for prop in sorted(g.objects(shape, SH.targetObjectsOf)):
            patterns.append(f"?_t {term(prop)} ?this .")
        for target in sorted(g.objects(shape, SH.target)):
            if (target, RDF.type, SH.SPARQLTarget) not in g:
                raise c.fail(shape, f"the target {target} (only SPARQL targets, sh:SPARQLTarget)")
            prefix, select = c.select(shape, target)
            prefixes.append(prefix)
            patterns.append(f"{{ {select} }}")
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g:
            raise c.fail(shape, "an implicit class target (a shape that is a class)")
        return prefixes, patterns

    def add(self, shape: Node, holder: Node, name: str, query: str, *, value_is_focus: bool = False,
            sparql: bool = False, extra_messages: list[str] | None = None) -> None:
        g = self.g
        severity = g.value(holder, SH.severity)
        messages = sorted({str(m) for m in g.objects(holder, SH.message)} | set(extra_messages or []))
        path = g.value(holder, SH.path)
        self.checks.append(Check(
            query=query, shape=_name(holder), constraint=str(SH) + _COMPONENT[name],
            severity=_local(severity) if severity is not None else "Violation", path=path,
            messages=tuple(messages), sparql=sparql, value_is_focus=value_is_focus))

    def shape(self, shape: Node) -> None:
        g, c = self.g, self.c
        if g.value(shape, SH.deactivated) == Literal(True):
            return
        prefix_lines, patterns = self.targets(shape)
        if not patterns:
            return
        target = " UNION ".join(f"{{ {p} }}" for p in patterns)
        head = "\n".join(sorted({p for p in prefix_lines if p}))
        select_target = f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS_MARK} {target} }} }}"
        if g.value(shape, SH.path) is not None:
            self.property_checks(shape, shape, head, select_target)
        else:
            for name, value in c.parameters(shape):
                test = c.node_test(shape, name, value, "?this")
                self.add(shape, shape, name, f"{head}\nSELECT DISTINCT ?this WHERE {{ {select_target} FILTER (!{test}) }}",
                         value_is_focus=True)
            for prop in sorted(g.objects(shape, SH.property)):
                if g.value(prop, SH.deactivated) != Literal(True):
                    self.property_checks(shape, prop, head, select_target)
        for constraint in sorted(g.objects(shape, SH.sparql)):
            if g.value(constraint, SH.deactivated) == Literal(True):
                continue
            prefix, select = c.select(shape, constraint)
            extra = [str(m) for m in g.objects(constraint, SH.message)]
            query = f"{head}\n{prefix}\nSELECT * WHERE {{ {select_target} {{ {select} }} }}"
            self.add(shape, shape, "sparql", query, sparql=True, extra_messages=extra)

    def property_checks(self, shape: Node, prop: Node, head: str, target: str) -> None:
        g, c = self.g, self.c
        if g.value(prop, SH.sparql) is not None:
            raise c.fail(prop, "a SPARQL constraint on a property shape")
        path_node = g.value(prop, SH.path)
        if path_node is None:
            raise c.fail(prop, "a property shape without sh:path")
        path = c.path(prop, path_node)

        def query(where: str, select: str = "DISTINCT ?this ?value", tail: str = "") -> str:
            return f"{head}\nSELECT {select} WHERE {{ {target} {where} }}{tail}"

        for name, value in c.parameters(prop):
            if name in _VALUE_CONSTRAINTS:
                test = c.value_test(prop, name, value, "?value")
                self.add(shape, prop, name, query(f"?this {path} ?value . FILTER (!{test})"))
            elif name in ("minCount", "maxCount", "qualifiedValueShape"):
                self.count_checks(shape, prop, name, value, path, head, target)
            elif name == "hasValue":
                self.add(shape, prop, name, query(f"FILTER NOT EXISTS {{ ?this {path} {term(value)} }}", "DISTINCT ?this"))
            elif name == "uniqueLang":
                if value == Literal(True):
                    test = c.property_test(prop, name, value, "?this", path)
                    self.add(shape, prop, name, query(f"FILTER (!{test})", "DISTINCT ?this"))
            elif name in _PAIR:
                pattern = c.pair_pattern(name, "?this", path, value, "?value", c.var())
                self.add(shape, prop, name, query(pattern))
            else:
                raise c.fail(prop, f"sh:{name} on a property shape")

    def count_checks(self, shape: Node, prop: Node, name: str, value: Node, path: str, head: str, target: str) -> None:
        g, c = self.g, self.c
        condition = ""
        if name == "qualifiedValueShape":
            c.refuse_disjoint(prop)
            condition = f"FILTER ({c.conforms(value, '?_q')})"
            bounds = [("qualifiedMinCount", g.value(prop, SH.qualifiedMinCount), "<"),
                      ("qualifiedMaxCount", g.value(prop, SH.qualifiedMaxCount), ">")]
        else:
            bounds = [(name, value, "<" if name == "minCount" else ">")]
        for component, bound, op in bounds:
            if bound is None:
                continue
            count = int(bound)
            if op == "<" and count <= 0:
                continue
            values = f"{{ ?this {path} ?_q {condition} }}"
            if op == ">" and count == 0:
                where = f"{target} FILTER EXISTS {values}"
            elif op == "<" and count == 1:
                where = f"{target} FILTER NOT EXISTS {values}"
            else:
                where = f"{target} OPTIONAL {values}" if op == "<" else f"{target} {values}"
                query = (f"{head}\nSELECT ?this WHERE {{ {where} }} GROUP BY ?this "
                         f"HAVING (COUNT(DISTINCT ?_q) {op} {count})")
                self.add(shape, prop, component, query)
                continue
            self.add(shape, prop, component, f"{head}\nSELECT DISTINCT ?this WHERE {{ {where} }}")


def compile_shapes(shapes: Graph) -> list[Check]:
    """The checks of every shape with a target in ``shapes``; raises :class:`UnsupportedShape`."""
    builder = _Builder(shapes)
    roots = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
             for s in shapes.subjects(p, None)}
    for shape in sorted(roots):
        builder.shape(shape)
    return builder.checks


def shapes_hash(shapes: Graph) -> str:
    """A hash of the shapes graph's triples (blank nodes by their statements, order-free)."""
    lines = sorted(f"{s.n3() if not isinstance(s, BNode) else '_'} {p.n3()} "
                   f"{o.n3() if not isinstance(o, BNode) else '_'}" for s, p, o in shapes)
    return hashlib.sha256((COMPILER_VERSION + "\n" + "\n".join(lines)).encode("utf-8")).hexdigest()


def to_json(checks: list[Check], shapes: Graph) -> str:
    from nghiquyet.graph.validate import _path_text

    rows = []
    for check in checks:
        row = asdict(check)
        row["path_text"] = _path_text(shapes, check.path) if check.path is not None else None
        row["path"] = None
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False)


def from_json(text: str) -> list[Check]:
    return [Check(**{**row, "messages": tuple(row["messages"])}) for row in json.loads(text)]


_COMPILED: dict[str, list[Check]] = {}
_BY_GRAPH: dict[int, tuple[Graph, int, list[Check]]] = {}  # a graph seen before (and not changed in size)


def compiled_for(shapes: Graph, cache_dir: Any = None) -> list[Check]:
    """The checks of ``shapes``, compiled once per shapes hash (in memory, and as JSON text in
    ``cache_dir`` when given)."""
    known = _BY_GRAPH.get(id(shapes))
    if known is not None and known[0] is shapes and len(shapes) == known[1]:
        return known[2]
    key = shapes_hash(shapes)
    if key in _COMPILED:
        _BY_GRAPH[id(shapes)] = (shapes, len(shapes), _COMPILED[key])
        return _COMPILED[key]
    path = cache_dir / f"shacl-{key[:32]}.json" if cache_dir is not None else None
    if path is not None and path.is_file():
        checks = from_json(path.read_text(encoding="utf-8"))
    else:
        checks = from_json(to_json(compile_shapes(shapes), shapes))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_suffix(f".{id(checks)}.tmp")
            scratch.write_text(to_json_checks(checks), encoding="utf-8")
            scratch.replace(path)
    _COMPILED[key] = checks
    _BY_GRAPH[id(shapes)] = (shapes, len(shapes), checks)
    return checks


def to_json_checks(checks: list[Check]) -> str:
    return json.dumps([asdict(c) for c in checks], ensure_ascii=False)

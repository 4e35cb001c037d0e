"""Bind variables of a SPARQL query to RDF terms for a store that takes no bindings (a remote one).

The embedded store binds with pyoxigraph's ``substitutions``: every occurrence of the variable in
the query is replaced by the term (pattern, filters, sub-queries) and the term is projected under
the variable's name. :func:`substitute` does the same to the query text, token by token, so a
remote store gives the same answers. Only typed pyoxigraph terms are written, in their N-Triples
form (IRIs are validated, literals escaped), never request text; a trailing ``VALUES`` would not
do: it joins after the filters have run, so ``?in_year`` would filter nothing.

* In the outermost ``SELECT`` projection a bound ``?v`` becomes ``(<term> AS ?v)``; in a
  sub-query's projection it is dropped (the variable no longer exists below).
* In ``GROUP BY`` / ``ORDER BY`` it becomes ``(<term>)``; everywhere else the term itself.
* In an inline ``VALUES`` block it is renamed and the rows are kept where it is ``UNDEF`` or the
  same term (a ``FILTER`` after the block, in the same group): exactly the rows substitution keeps.
  The test compares kind, lexical form, language and datatype rather than ``sameTerm``, which
  Virtuoso 7.2 gets wrong for literals of a ``VALUES`` block.
* A bound variable may not be assigned (``AS ?v``), listed in a trailing ``VALUES``, or hidden by
  ``SELECT *``: those raise :class:`~nghiquyet.graph.errors.QueryError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph

from nghiquyet.graph.errors import QueryError

__all__ = ["substitute"]

_TOKENS = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

_MODIFIER_END = frozenset({"HAVING", "LIMIT", "OFFSET", "VALUES", "SELECT", "WHERE"})


def substitute(query: str, bindings: Mapping[str, Any] | None) -> str:
    """``query`` with each variable of ``bindings`` (name → pyoxigraph term) replaced by its term."""
    if not bindings:
        return query
    terms = {_name(name): _text(name, term) for name, term in bindings.items()}
    tests = {_name(name): _same_term(f"?_nq_{_name(name)}", term) for name, term in bindings.items()}
    out: list[str] = []
    braces = parens = 0
    mode, mode_parens = "pattern", 0  # pattern | projection | modifier | values
    outer_select = True  # the next SELECT at brace depth 0 is the outermost one
    projection_outer = False
    after_as = pending_by = False
    values_braces, renamed = 0, []  # the VALUES block being read: its depth, bound variables in it
    for match in _TOKENS.finditer(query):
        kind, token = match.lastgroup, match.group()
        upper = token.upper() if kind == "word" else ""
        if kind == "word":
            if upper == "SELECT":
                mode, mode_parens = "projection", parens
                projection_outer, outer_select = outer_select and braces == 0, False
            elif upper in ("GROUP", "ORDER"):
                pending_by = True
            elif upper == "BY" and pending_by:
                mode, mode_parens = "modifier", parens
            elif upper == "VALUES":
                mode, values_braces, renamed = "values", braces, []
            elif mode == "projection" and upper in ("WHERE", "FROM"):
                mode = "pattern"
            elif mode == "modifier" and upper in _MODIFIER_END:
                mode = "pattern"
            if upper != "GROUP" and upper != "ORDER":
                pending_by = pending_by and upper == "BY"
            after_as = upper == "AS"
            out.append(token)
            continue
        if kind == "other":
            if token == "(":
                parens += 1
            elif token == ")":
                parens -= 1
            elif token == "{":
                if mode == "projection" and parens == mode_parens:
                    mode = "pattern"
                elif mode == "modifier":
                    mode = "pattern"
                braces += 1
            elif token == "}":
                braces -= 1
                if mode == "modifier":
                    mode = "pattern"
                elif mode == "values" and braces == values_braces:
                    mode = "pattern"
                    out.append(token)
                    out.extend(f" FILTER(!BOUND(?_nq_{n}) || {tests[n]})" for n in renamed)
                    continue
            elif token == "*" and mode == "projection" and parens == mode_parens:
                raise QueryError("SELECT * cannot be used with bound parameters; name the projected variables")
        if kind == "var" and token[1:] in terms:
            name, term = token[1:], terms[token[1:]]
            if after_as:
                raise QueryError(f"?{name} is bound to a value, so the query cannot assign it (AS ?{name})")
            if mode == "values":
                if values_braces == 0:
                    raise QueryError(f"?{name} is bound to a value, so it cannot be listed in a trailing VALUES")
                renamed.append(name)
                token = f"?_nq_{name}"
            elif mode == "projection" and parens == mode_parens:
                token = f"({term} AS ?{name})" if projection_outer else ""
            elif mode == "modifier" and parens == mode_parens:
                token = f"({term})"
            else:
                token = term
        if kind not in ("space", "comment"):
            after_as = False
        out.append(token)
    return "".join(out)


def _name(name: str) -> str:
    bare = name.lstrip("?$")
    pyoxigraph.Variable(bare)  # raises ValueError on a malformed name
    return bare


def _same_term(variable: str, term: Any) -> str:
    """A test that ``variable`` is ``term``, written so every server agrees (Virtuoso 7.2 answers
    ``sameTerm`` false for a literal of a ``VALUES`` block, and ``=`` true for an unbound one)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return f"(isIRI({variable}) && STR({variable}) = {pyoxigraph.Literal(term.value)})"
    if isinstance(term, pyoxigraph.Literal):
        return (f"(isLITERAL({variable}) && STR({variable}) = {pyoxigraph.Literal(term.value)} && "
                f"LANG({variable}) = {pyoxigraph.Literal(term.language or '')} && "
                f"DATATYPE({variable}) = {term.datatype})")
    return "false"  # _text has refused anything else


def _text(name: str, term: Any) -> str:
    """The SPARQL form of ``term``: N-Triples of a typed pyoxigraph term, nothing else."""
    if isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.Literal)):
        return str(term)
    if isinstance(term, pyoxigraph.BlankNode):
        raise QueryError(f"?{name.lstrip('?$')}: a blank node cannot be bound in a query sent to a remote store")
    raise QueryError(f"?{name.lstrip('?$')}: bind an RDF term (NamedNode or Literal), not {type(term).__name__}")

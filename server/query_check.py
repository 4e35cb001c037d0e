"""A small SPARQL lexer for protocol plumbing: query form, dataset clauses, which queries stream.

It never rewrites queries; it only looks at them so that the endpoint can choose result formats
and refuse updates *before* the store evaluates anything. ``SERVICE`` targets are not read by
this lexer: they are taken from rdflib's parsed algebra (:mod:`nghiquyet.server.service_guard`),
which a crafted text cannot fool, and a call to a host that is not allow-listed is refused
(pyoxigraph would otherwise fetch any URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from nghiquyet.graph.errors import Forbidden
from nghiquyet.server.service_guard import scan

__all__ = ["QueryInfo", "analyse", "check_services", "QUERY_FORMS", "UPDATE_KEYWORDS"]

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<word>(?:[^\W\d][\w.-]*)?:(?:[\w.%:-]|\\[_~.\-!$&'()*+,;=/?\#@%])*|[^\W\d][\w.-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryInfo:
    """What the lexer saw in a request's SPARQL text."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or the first update keyword
    is_update: bool
    has_dataset_clause: bool  # FROM / FROM NAMED present
    services: tuple[str | None, ...] = field(default=())  # absolute IRIs; None = variable/unknown target
    service_problem: str | None = None  # why the SERVICE targets could not be known (then refused)
    keywords: frozenset[str] = field(default=frozenset())  # upper-cased bare words seen
    streams: bool = False  # a query form over one triple pattern: evaluation streams row by row


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append((kind, match.group()))
    return out


@lru_cache(maxsize=1024)
def analyse(text: str) -> QueryInfo:
    """Classify ``text``; its ``SERVICE`` targets come from the parsed algebra (``service_guard``)."""
    tokens = _tokens(text)
    form: str | None = None
    has_from = False
    keywords: set[str] = set()
    body: list[tuple[str, str]] = []  # the tokens after the prologue (PREFIX / BASE)
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        upper = value.upper() if kind == "word" else ""
        keywords.add(upper)
        if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            i += 3
            continue
        if upper == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            i += 2
            continue
        body.append(tokens[i])
        if form is None and (upper in QUERY_FORMS or upper in UPDATE_KEYWORDS):
            form = upper
        elif upper == "FROM" and form in QUERY_FORMS:
            has_from = True
        i += 1
    is_update = form in UPDATE_KEYWORDS or (form is None and _looks_like_update(tokens))
    services = scan(text, is_update)
    return QueryInfo(form=form, is_update=is_update, has_dataset_clause=has_from,
                     services=services.targets, service_problem=services.problem,
                     keywords=frozenset(keywords - {""}),
                     streams=not is_update and not services.targets and _streams(body, form))


_OUTER_WORDS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FROM", "NAMED", "LIMIT", "OFFSET"})
_TERM_KINDS = frozenset({"iri", "var", "word", "string"})


def _streams(body: list[tuple[str, str]], form: str | None) -> bool:
    """True for a query whose whole pattern is one triple pattern with plain terms.

    Such a query is answered by one index scan whose rows stream out one by one (no join, filter,
    path, grouping or ordering), so its cost is bounded by the rows it returns.
    """
    if form not in QUERY_FORMS:
        return False
    braces = [i for i, (kind, value) in enumerate(body) if value in "{}" and kind == "other"]
    if form == "DESCRIBE":  # only DESCRIBE <iri> …: one bounded description per named resource
        return not braces and len(body) > 1 and all(kind in ("iri", "word") for kind, _ in body[1:])
    if len(braces) != 2 or body[braces[0]][1] != "{" or body[braces[1]][1] != "}":
        return False
    pattern = body[braces[0] + 1:braces[1]]
    if pattern and pattern[-1] == ("other", "."):
        pattern = pattern[:-1]
    if len(pattern) != 3 or any(kind not in _TERM_KINDS for kind, _ in pattern):
        return False
    if pattern[0][0] == "string" or pattern[1][0] == "string":
        return False
    for kind, value in body[:braces[0]] + body[braces[1] + 1:]:
        if kind == "word" and value.upper() not in _OUTER_WORDS:
            return False
        if kind == "other" and not (value.isdigit() or value == "*"):
            return False
        if kind == "string":
            return False
    return True


def _looks_like_update(tokens: list[tuple[str, str]]) -> bool:
    return any(kind == "word" and value.upper() in UPDATE_KEYWORDS for kind, value in tokens)


def check_services(info: QueryInfo, allowlist: tuple[str, ...] | frozenset[str]) -> None:
    """Raise :class:`Forbidden` unless every SERVICE target is an allow-listed IRI."""
    if info.service_problem:
        raise Forbidden(info.service_problem)
    for target in info.services:
        if target is None:
            raise Forbidden("SERVICE with a variable or relative target is not allowed on this endpoint")
        if target not in allowlist:
            raise Forbidden(f"SERVICE <{target}> is not allowed on this endpoint (not in the allow-list)")

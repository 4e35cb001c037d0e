"""Which endpoints a query's ``SERVICE`` clauses would call, decided on the parsed algebra.

pyoxigraph fetches any URL named by ``SERVICE``, so the endpoint must know every target before it
evaluates a query. A hand-written lexer can be fooled (``ex:a\\#`` is one prefixed name in SPARQL,
not the start of a comment), so the decision is made on rdflib's parse of the query, translated
to its algebra (prefixes and ``BASE`` resolved), where a ``ServiceGraphPattern`` cannot hide.

Parsing with rdflib costs milliseconds, so it only runs when the text could hold a ``SERVICE``
clause at all: the keyword must appear in it, letters in any case, after undoing ``\\u`` escapes.
A text that mentions ``SERVICE`` but that rdflib cannot parse is refused (fail closed).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["ServiceScan", "scan", "mentions_service"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: rdflib's pyparsing grammar is not thread-safe (rdflib #1282).
_PARSE_LOCK = threading.Lock()


@dataclass(frozen=True)
class ServiceScan:
    """The ``SERVICE`` targets of a text; ``problem`` says why they could not be known."""

    targets: tuple[str | None, ...] = ()  # absolute IRIs; None = a variable or relative target
    problem: str | None = None


def _unescape(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return ""

    return _ESCAPE.sub(char, text) if "\\" in text else text


def mentions_service(text: str) -> bool:
    """True when the word ``SERVICE`` (any case, ``\\u`` escapes undone) occurs anywhere in ``text``."""
    return "service" in _unescape(text).casefold()


@lru_cache(maxsize=512)
def scan(text: str, is_update: bool = False) -> ServiceScan:
    """The ``SERVICE`` targets of a query (or update) text, read from rdflib's algebra."""
    if not mentions_service(text):
        return ServiceScan()
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _PARSE_LOCK:
            if is_update:
                algebra: Any = translateUpdate(parseUpdate(text)).algebra
            else:
                algebra = translateQuery(parseQuery(text)).algebra
    except Exception as exc:  # noqa: BLE001 - any parser failure means "cannot be checked"
        return ServiceScan((None,), "the query mentions SERVICE but its SERVICE clauses could not be checked "
                                    f"({type(exc).__name__}); such queries are refused")
    found: list[str | None] = []
    _walk(algebra, found)
    return ServiceScan(tuple(found))


def _walk(node: Any, found: list[str | None]) -> None:
    """Collect the target of every ``ServiceGraphPattern`` below ``node`` (patterns, subqueries, EXISTS)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                term = item.get("term")
                absolute = isinstance(term, URIRef) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", str(term))
                found.append(str(term) if absolute else None)
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)

"""The query editor's examples, labelled in the interface language (``queries/examples.yaml``).

An entry names a named query (``query:``, its text shown with each required parameter's example
bound by a ``VALUES`` row, built from pyoxigraph terms, opening its ``WHERE`` group) or gives its own SPARQL
(``name:`` and ``text:``); ``vi:`` and ``en:`` are its titles. A queries folder without the file
(a test's folder) offers its named queries under their own summaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from nghiquyet.graph.errors import ConfigError
from nghiquyet.graph.named_queries.loader import NamedQuery, load_queries
from nghiquyet.graph.named_queries.params import to_term
from nghiquyet.server.i18n import LANGUAGES

__all__ = ["Example", "EXAMPLES_FILE", "load_examples", "examples"]

EXAMPLES_FILE = "examples.yaml"
_KEYS = frozenset({"query", "name", "text", *LANGUAGES})
_CACHE_KEY = "nghiquyet.editor-examples"


@dataclass(frozen=True)
class Example:
    """One example: a name, its SPARQL and its title in each interface language."""

    name: str
    text: str
    titles: dict[str, str]
    description: str = ""  # the named query's description (English), if any

    def view(self, lang: str) -> dict[str, str]:
        """What the page needs, titled in ``lang``."""
        return {"name": self.name, "summary": self.titles.get(lang) or next(iter(self.titles.values())),
                "description": self.description if lang == "en" else "", "text": self.text}


def load_examples(folder: Path) -> list[Example]:
    """The examples of ``folder`` (``examples.yaml`` and the named queries it names).

    Raises :class:`ConfigError` naming the entry when the file is malformed or names no query.
    """
    queries = load_queries(folder) if folder.is_dir() else {}
    path = folder / EXAMPLES_FILE
    if not path.is_file():
        return [Example(q.name, q.text.lstrip("\n"), {lang: q.summary for lang in LANGUAGES}, q.description)
                for q in queries.values()]
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list of examples")
    found: list[Example] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: example {number}"
        if not isinstance(entry, dict) or set(entry) - _KEYS:
            raise ConfigError(f"{where}: an example is a mapping of {', '.join(sorted(_KEYS))}")
        missing = [lang for lang in LANGUAGES if not isinstance(entry.get(lang), str) or not entry[lang].strip()]
        if missing:
            raise ConfigError(f"{where}: no title in {', '.join(missing)}")
        titles = {lang: entry[lang].strip() for lang in LANGUAGES}
        if "query" in entry:
            named = queries.get(entry["query"])
            if named is None:
                raise ConfigError(f"{where}: no named query {entry['query']!r} in {folder}")
            found.append(Example(named.name, _with_examples(named), titles, named.description))
        elif isinstance(entry.get("name"), str) and isinstance(entry.get("text"), str):
            found.append(Example(entry["name"], entry["text"], titles))
        else:
            raise ConfigError(f"{where}: give 'query' (a named query) or both 'name' and 'text'")
    return found


def _with_examples(query: NamedQuery) -> str:
    """The query's text with each required parameter bound to its example.

    The ``VALUES`` rows open the top-level ``WHERE`` group, so that the pattern's ``BIND``s see them.
    """
    rows = [f"VALUES ?{p.name} {{ {to_term(p, str(p.example))} }}"
            for p in query.parameters if p.required and p.example is not None]
    text = query.text
    if rows:
        brace = text.index("{", query.select_at) + 1
        text = text[:brace] + "".join("\n  " + row for row in rows) + text[brace:]
    return text.lstrip("\n")


def examples(folder: Path, lang: str) -> list[dict[str, Any]]:
    """The examples of ``folder`` titled in ``lang``, cached per app until a file changes."""
    cache = current_app.extensions.setdefault(_CACHE_KEY, {})
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.*"))) if folder.is_dir() else ()
    if cache.get("stamp") != stamp:
        cache["items"] = load_examples(folder)
        cache["stamp"] = stamp
    return [example.view(lang) for example in cache["items"]]

"""Site search (/search?q=): the named query ``queries/search.rq`` with ``q`` bound, grouped per resource.

Whole words only, exact and diacritic-exact matches first (the query's ``match`` column); the
matched words are marked in each snippet. ``q`` is normalised to NFC before it is bound.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pyoxigraph
from flask import Blueprint, Response, request
from markupsafe import Markup, escape

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.settings import ONTOLOGY_NS
from nghiquyet.graph.text import strip_accents
from nghiquyet.server.html import int_arg, render, settings, term_view
from nghiquyet.server.i18n import translate, ui_language
from nghiquyet.server.store import get_store

__all__ = ["bp", "search", "mark_words", "MAX_LENGTH"]

bp = Blueprint("search", __name__)
MAX_LENGTH = 200
PER_PAGE = 25
_RANK = {"exact": 0, "word": 1, "folded": 2}
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Lower case without diacritics, one character per character (offsets stay)."""
    return "".join((strip_accents(ch) or ch)[:1] for ch in text.lower())


def mark_words(snippet: str, words: str) -> Markup:
    """``snippet`` escaped, with every whole-word occurrence of ``words`` (diacritics ignored) in ``<mark>``."""
    needle = _WORD.findall(_fold(words))
    if not needle:
        return escape(snippet)
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, needle)) + r"(?!\w)")
    out, last = [], 0
    for found in pattern.finditer(_fold(snippet)):
        out += [escape(snippet[last:found.start()]), Markup("<mark>"), escape(snippet[found.start():found.end()]),
                Markup("</mark>")]
        last = found.end()
    out.append(escape(snippet[last:]))
    return Markup("").join(out)


def search(q: str, lang: str) -> list[dict[str, Any]]:
    """Resources matching ``q``, best first: ``{resource view, kind view, match, hits: [(property, snippet)]}``."""
    text = query_text("search", settings().queries_dir)
    rows = get_store().select(text, bindings={"q": pyoxigraph.Literal(q)}, max_rows=None)
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["resource"]
        entry = found.get(str(iri))
        match = row["match"].value if "match" in row else "folded"
        if entry is None:
            kind = row.get("kind")
            entry = found[str(iri)] = {
                "resource": term_view(iri, lang), "match": match, "hits": [],
                "kind": term_view(pyoxigraph.NamedNode(ONTOLOGY_NS + kind.value), lang) if kind else None}
        elif _RANK[match] < _RANK[entry["match"]]:
            entry["match"] = match
        hit = (row["property"].value, row["snippet"].value)
        if hit not in entry["hits"] and len(entry["hits"]) < 3:
            entry["hits"].append(hit)
    return sorted(found.values(), key=lambda e: _RANK[e["match"]])


@bp.get("/search")
def page() -> Response:
    """The search form and, with ``q``, the matching resources (25 a page)."""
    q = unicodedata.normalize("NFC", request.args.get("q", "")).strip()
    if len(q) > MAX_LENGTH:
        raise BadParameter(f"parameter 'q' is longer than {MAX_LENGTH} characters")
    number = int_arg("page", 1, minimum=1) or 1
    lang = ui_language()
    too_short = bool(q) and len("".join(_WORD.findall(q))) < 2
    results = search(q, lang) if q and not too_short else []
    pages = max(1, -(-len(results) // PER_PAGE))
    shown = results[(number - 1) * PER_PAGE: number * PER_PAGE]
    for entry in shown:
        entry["match_label"] = translate(f"search.match.{entry['match']}", lang)
        entry["marked"] = [(translate(f"search.in.{prop}", lang), mark_words(snippet, q)) for prop, snippet in entry["hits"]]
    return render("search.html", q=q, search_q=q, results=shown, total=len(results), page=number, pages=pages,
                  too_short=too_short, per_page=PER_PAGE)

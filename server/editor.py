"""The query editor (/query): its page, its examples and the two JSON look-ups it makes.

``GET /query/complete`` offers terms for completion: the classes and properties of the graph in
one namespace (``ns`` + the start of a ``local`` name), or resources whose label holds the words
of ``q``. ``POST /query/labels`` names the IRIs of a page of results. Both read tables cached per
dataset version (queries/pages/editor-terms.rq and the label table of :mod:`nghiquyet.server.html`);
no request value ever reaches SPARQL text.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import pyoxigraph
from flask import Blueprint, Response, current_app, jsonify, request

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.text import fold as same_tones, strip_accents
from nghiquyet.server.editor_examples import examples
from nghiquyet.server.html import CSP, PREFIXES, label_of, labels, page_query, render, settings
from nghiquyet.server.i18n import translate, ui_language
from nghiquyet.server.store import get_store

__all__ = ["bp", "page", "terms", "DOWNLOADS", "fold", "match_rank", "MAX_LABEL_IRIS", "MAX_SUGGESTIONS"]

bp = Blueprint("editor", __name__)

SPARQL_PATH = "/sparql"
MAX_LABEL_IRIS = 2000
MAX_SUGGESTIONS = 40
MAX_WORDS = 100
_TERMS_KEY = "nghiquyet.editor-terms"
_DEFAULT_QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
#: The downloads of each query form: (short name for ``format=``, media type, file extension, label).
DOWNLOADS: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...] = (
    ("results", (("json", "application/sparql-results+json", "json", "JSON"), ("csv", "text/csv", "csv", "CSV"),
                 ("tsv", "text/tab-separated-values", "tsv", "TSV"),
                 ("xml", "application/sparql-results+xml", "xml", "XML"))),
    ("graph", (("ttl", "text/turtle", "ttl", "Turtle"), ("nt", "application/n-triples", "nt", "N-Triples"),
               ("jsonld", "application/ld+json", "jsonld", "JSON-LD"), ("rdf", "application/rdf+xml", "rdf", "RDF/XML"))),
)
#: Interface strings the editor's scripts use (keys of i18n.STRINGS without the ``q.`` prefix).
SCRIPT_STRINGS = ("running", "rows", "triples", "ask", "yes", "no", "error", "error_at", "prev", "next", "page_of",
                  "per_page", "sort", "kind_class", "kind_property", "kind_resource", "kind_keyword")


def page() -> Response:
    """The editor page; ``?query=`` prefills it and runs it on opening (permalinks)."""
    lang = ui_language()
    shown = examples(settings().queries_dir, lang)
    asked = request.args.get("query")
    text = asked if asked is not None else (shown[0]["text"] if shown else _DEFAULT_QUERY)
    nonce = secrets.token_urlsafe(18)  # CodeMirror writes its styles into one <style nonce> element
    downloads = [(kind, [{"name": name, "media_type": media_type, "extension": extension, "label": label}
                         for name, media_type, extension, label in formats]) for kind, formats in DOWNLOADS]
    root = settings().site_root
    response = render("query.html", examples=shown, text=text, endpoint=SPARQL_PATH, base_iri=settings().base_iri,
                      site_root=root if root.endswith("/") else "", prefixes=PREFIXES, style_nonce=nonce,
                      run_on_open=asked is not None and asked.strip() != "", download_formats=downloads,
                      ui_strings={key: translate(f"q.{key}", lang) for key in SCRIPT_STRINGS})
    response.headers["Content-Security-Policy"] = CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")
    response.headers["Cache-Control"] = "no-store"  # the nonce is new on every response
    return response


def terms() -> list[dict[str, str]]:
    """The graph's classes and properties, ``[{iri, kind}]``, cached per dataset version."""
    store = get_store()
    cached = current_app.extensions.get(_TERMS_KEY)
    if cached and cached[0] == store.version:
        return cached[1]
    seen: dict[str, dict[str, str]] = {}
    for row in store.select(page_query("editor-terms"), max_rows=None):
        term, kind = row.get("term"), row.get("kind")
        if isinstance(term, pyoxigraph.NamedNode) and isinstance(kind, pyoxigraph.Literal):
            entry = seen.setdefault(term.value, {"iri": term.value, "kind": kind.value})
            if kind.value == "class":  # a term used both ways is offered as a class
                entry["kind"] = "class"
    table = sorted(seen.values(), key=lambda entry: entry["iri"])
    current_app.extensions[_TERMS_KEY] = (store.version, table)
    return table


@bp.get("/query/complete")
def complete() -> Response:
    """Completion candidates: ``?ns=<namespace>&local=<start>`` or ``?q=<words>``."""
    lang = ui_language()
    namespace, local, words = request.args.get("ns"), request.args.get("local", ""), request.args.get("q")
    if namespace is not None:
        _check_length("ns", namespace, 1024)
        _check_length("local", local, MAX_WORDS)
        start = local.casefold()
        found = [entry for entry in terms()
                 if entry["iri"].startswith(namespace) and entry["iri"][len(namespace):].casefold().startswith(start)
                 and len(entry["iri"]) > len(namespace)]
        found.sort(key=lambda entry: (entry["kind"] != "class", entry["iri"].casefold()))
        items = [{"iri": e["iri"], "local": e["iri"][len(namespace):], "kind": e["kind"],
                  "label": label_of(e["iri"], lang) or ""} for e in found[:MAX_SUGGESTIONS]]
        return _json({"items": items})
    if words is None:
        raise BadParameter("give either 'ns' (a namespace IRI, with 'local') or 'q' (words of a label)")
    _check_length("q", words, MAX_WORDS)
    wanted = words.strip()
    if len(fold(wanted)) < 2:
        raise BadParameter("parameter 'q' needs at least 2 letters")
    ranked: list[tuple[tuple[int, int, str], str, str]] = []
    for iri, entries in labels().items():
        best = min((rank for text, _ in entries if (rank := match_rank(wanted, text)) is not None), default=None)
        if best is not None:
            label = label_of(iri, lang) or entries[0][0]
            ranked.append(((best, len(label), iri), iri, label))
    ranked.sort()
    kinds = {entry["iri"]: entry["kind"] for entry in terms()}
    items = [{"iri": iri, "label": label, "kind": kinds.get(iri, "resource")}
             for _, iri, label in ranked[:MAX_SUGGESTIONS]]
    return _json({"items": items})


@bp.post("/query/labels")
def names() -> Response:
    """``{"iris": [...]}`` → ``{"labels": {iri: label}}`` in the interface language (IRIs without a label left out)."""
    body: Any = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("iris"), list):
        raise BadParameter('the body must be JSON of the form {"iris": ["https://…", …]}')
    iris = body["iris"]
    if len(iris) > MAX_LABEL_IRIS:
        raise BadParameter(f"at most {MAX_LABEL_IRIS} IRIs at a time (got {len(iris)})")
    if not all(isinstance(iri, str) and len(iri) <= 1024 for iri in iris):
        raise BadParameter("every IRI must be a string of at most 1024 characters")
    lang = ui_language()
    found = {iri: label for iri in dict.fromkeys(iris) if (label := label_of(iri, lang))}
    return _json({"labels": found})


def fold(text: str) -> str:
    """``text`` for matching without diacritics: lower case, tone marks and spelling unified, accents stripped."""
    return strip_accents(same_tones(text))


def match_rank(words: str, label: str) -> int | None:
    """How well ``label`` matches ``words`` (lower is better), None when it does not.

    0 same text, 1 starts with the words, 2 the words start a later word; 3–5 the same with
    diacritics ignored. Tone-mark placement never counts (Hoà = Hòa). Matches begin at a word
    start only ("rung" does not match "trung").
    """
    for offset, (wanted, text) in enumerate(((same_tones(words), same_tones(label)), (fold(words), fold(label)))):
        if text == wanted:
            return 3 * offset
        if text.startswith(wanted):
            return 3 * offset + 1
        if re.search(r"(?<!\w)" + re.escape(wanted), text):
            return 3 * offset + 2
    return None


def _check_length(name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise BadParameter(f"parameter {name!r} is longer than {limit} characters")


def _json(data: dict[str, Any]) -> Response:
    response = jsonify(data)
    response.vary.update(("Accept-Language", "Cookie"))
    return response

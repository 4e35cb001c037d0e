"""Linked data: every minted IRI dereferences (/id/<path>), and the source-document view.

People get an HTML page (labels, types, properties, paged incoming links, provenance quotes);
machines get Turtle, JSON-LD, N-Triples or RDF/XML by Accept or by extension. Responses carry
``Vary: Accept`` and an ETag from the dataset version; ``If-None-Match`` gives 304.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
from flask import Blueprint, Response, request, url_for

from nghiquyet.graph.errors import NotAcceptable, NotFound
from nghiquyet.server.formats import RDF_EXTENSIONS, negotiate, rdf_format
from nghiquyet.server.etags import etag_for, not_modified
from nghiquyet.server.html import OUTBOUND, PREFIXES, int_arg, label_of, page_query, render, settings, term_view
from nghiquyet.server.html import labels as all_labels
from nghiquyet.server.i18n import LANGUAGES, pick_label, ui_language
from nghiquyet.server.jsonld import jsonld
from nghiquyet.server.store import get_store

__all__ = ["bp", "RESOURCE_FORMATS", "source_url"]

bp = Blueprint("resources", __name__)

HTML = "text/html"
#: What a resource offers, HTML first (browsers and clients sending */*).
RESOURCE_FORMATS: tuple[str, ...] = (HTML, "text/turtle", "application/ld+json", "application/n-triples",
                                     "application/rdf+xml")
EXTENSIONS: dict[str, str] = {"html": HTML, **{ext: mt for ext, mt in RDF_EXTENSIONS.items() if mt in RESOURCE_FORMATS}}
RDF_TYPE = PREFIXES["rdf"] + "type"
TEXT = PREFIXES["nq"] + "text"
LABEL_PROPERTIES = {PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label", PREFIXES["dcterms"] + "title",
                    PREFIXES["skos"] + "altLabel", PREFIXES["foaf"] + "name"}
FALLBACK_TITLES = (PREFIXES["nq"] + "indicatorLabel", PREFIXES["nq"] + "heading", TEXT)
LONG_TEXT = 600


#: CORS for every /id answer (pages, RDF, 404s and the OPTIONS preflight Flask answers).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Cache-Control, If-None-Match",
    "Access-Control-Expose-Headers": "Link, ETag, Vary, Content-Type",
    "Access-Control-Max-Age": "86400",
}


@bp.after_request
def _cors(response: Response) -> Response:
    if request.path.startswith("/id/"):
        response.headers.update(CORS_HEADERS)
    return response


@bp.get("/id/<path:path>")
def resource(path: str) -> Response:
    """The resource ``<base><path>`` in the negotiated (or extension-given) representation."""
    iri, media_type = _resolve(path)
    if iri is None:
        return _not_found()
    if media_type is None:
        media_type = negotiate(request.headers.get("Accept"), list(RESOURCE_FORMATS))
        if media_type is None:
            raise NotAcceptable("available: " + ", ".join(RESOURCE_FORMATS))
    page = int_arg("page", 1, minimum=1) if media_type == HTML else None
    per_page = min(int_arg("per_page", settings().page_size, minimum=1) or 1, settings().max_page_size)
    lang = ui_language() if media_type == HTML else ""
    etag = etag_for("resource", iri, media_type, lang, page, per_page, request.args.get("kind"))
    cached = not_modified(etag, ("Accept", "Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    if media_type == HTML:
        response = _html(iri, path, page or 1, per_page)
    else:
        response = _rdf(iri, media_type)
    response.set_etag(etag)
    response.vary.add("Accept")
    stem = path.rsplit(".", 1)[0] if _extension(path) else path
    response.headers["Link"] = ", ".join(
        f'<{url_for("resources.resource", path=f"{stem}.{ext}")}>; rel="alternate"; type="{mt}"'
        for ext, mt in EXTENSIONS.items() if mt != HTML)
    return response


@bp.get("/source/<path:doc_id>")
def source(doc_id: str) -> Response:
    """The text of document ``doc/<doc_id>``, with ``?start=&end=`` highlighted (escaped)."""
    iri = settings().base_iri + "doc/" + doc_id
    start, end = int_arg("start", None), int_arg("end", None)
    lang = ui_language()
    etag = etag_for("source", iri, lang, start, end)
    cached = not_modified(etag, ("Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    try:
        rows = get_store().select(page_query("document-text"), bindings={"this": pyoxigraph.NamedNode(iri)})
    except ValueError:
        rows = []
    if not rows:
        return _not_found()
    text = rows[0]["text"].value
    titles = [(r["title"].value, r["title"].language or "") for r in rows if "title" in r]
    segments, bad_span = [("", text)], False
    if start is not None and end is not None:
        if start < end <= len(text):
            segments = [("", text[:start]), ("mark", text[start:end]), ("", text[end:])]
        else:
            bad_span = True
    response = render("source.html", iri=iri, title=pick_label(titles, lang) or doc_id,
                      resource_href=url_for("resources.resource", path="doc/" + doc_id), segments=segments,
                      start=start, end=end, bad_span=bad_span, length=len(text))
    response.set_etag(etag)
    return response


def source_url(document: str, start: int | None = None, end: int | None = None) -> str | None:
    """The source view of a document IRI (with a span), or None for documents we do not hold."""
    prefix = settings().base_iri + "doc/"
    if not document.startswith(prefix):
        return None
    args: dict[str, Any] = {"start": start, "end": end} if start is not None and end is not None else {}
    url = url_for("resources.source", doc_id=document[len(prefix):], **args)
    return url + ("#hl" if args else "")


def _extension(path: str) -> str | None:
    ext = path.rsplit(".", 1)[1] if "." in path.rsplit("/", 1)[-1] else None
    return ext if ext in EXTENSIONS else None


def _resolve(path: str) -> tuple[str | None, str | None]:
    """``(iri, media type from the extension or None)``; ``(None, None)`` when nothing is there."""
    base = settings().base_iri
    if _exists(base + path):
        return base + path, None
    ext = _extension(path)
    if ext and _exists(base + path[: -len(ext) - 1]):
        return base + path[: -len(ext) - 1], EXTENSIONS[ext]
    return None, None


def _exists(iri: str) -> bool:
    try:
        node = pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return get_store().ask(page_query("resource-exists"), bindings={"this": node})


def _not_found() -> Response:
    if negotiate(request.headers.get("Accept"), [HTML, "text/plain"]) == HTML:
        return render("error.html", status=404, code=404, title_key="err.404", text_key="err.404.text", error=True)
    return Response("Not found\n", status=404, mimetype="text/plain")


def _rdf(iri: str, media_type: str) -> Response:
    triples = get_store().construct(page_query("resource-describe"), bindings={"this": pyoxigraph.NamedNode(iri)})
    prefixes = {**PREFIXES, "id": settings().base_iri}
    if media_type == "application/ld+json":
        body = jsonld(triples, prefixes)
    else:
        body = pyoxigraph.serialize(triples, format=rdf_format(media_type), prefixes=prefixes) if triples else b""
    mimetype = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(body, status=200, content_type=mimetype)


def _html(iri: str, path: str, page: int, per_page: int) -> Response:
    from nghiquyet.server.answers import responsibilities, target_answer
    from nghiquyet.server.incoming import group_incoming

    lang = ui_language()
    store = get_store()
    bind = {"this": pyoxigraph.NamedNode(iri)}
    outgoing = store.select(page_query("resource-outgoing"), bindings=bind)
    incoming = store.select(page_query("resource-incoming"), bindings=bind)
    provenance = _provenance(store.select(page_query("provenance"), bindings=bind))
    lineage = _lineage(store.select(page_query("province-lineage"), bindings=bind), lang)
    types, properties, graphs, text = _group_outgoing(outgoing, lang, provenance)
    kind = request.args.get("kind") or None
    if kind is None and page > 1:
        return _not_found()
    responsible = responsibilities(iri, lang)
    try:
        links = group_incoming(incoming, lang, provenance, path, per_page, kind, page,
                               {q["exact"] for q in responsible["quotes"]})
    except NotFound:
        return _not_found()
    own_labels = all_labels().get(iri, [])
    title = label_of(iri, lang) or _fallback_title(outgoing, lang) or path
    other = [text_ for text_, language in own_labels if language and language != lang and language in LANGUAGES]
    stem = path.rsplit(".", 1)[0] if _extension(path) else path
    is_document = _is_document(path, text)
    return render("resource.html", iri=iri, title=title, other_title=other[0] if other else None,
                  types=types, properties=properties, graphs=sorted(graphs), incoming=links,
                  provenance=provenance.get(iri, []), lineage=lineage,
                  text_source=source_url(iri) if is_document else None,
                  source_link=_source_link(outgoing, lang) if is_document else None,
                  target=target_answer(iri, lang, provenance.get(iri, [])),
                  responsible=responsible,
                  formats=[(ext, url_for("resources.resource", path=f"{stem}.{ext}")) for ext in EXTENSIONS
                           if ext != "html"])


def _source_link(rows: list[dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """Where a document was published: its URL (dcterms:source) when the corpus gives one, the site and publisher."""
    found: dict[str, Any] = {}
    for row in rows:
        predicate, value = row["p"].value, row["o"]
        if predicate == PREFIXES["dcterms"] + "source" and isinstance(value, pyoxigraph.NamedNode) and \
                value.value.startswith(("http://", "https://")):
            found.setdefault("url", value.value)
        elif predicate == PREFIXES["nq"] + "sourceSite":
            found.setdefault("site", value.value)
        elif predicate == PREFIXES["dcterms"] + "publisher" and isinstance(value, pyoxigraph.Literal):
            found.setdefault("publisher", value.value)
    return found or None


def _lineage(rows: list[dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """A provincial unit's validity and its predecessors / successor / change events, or None."""
    if not rows:
        return None
    first = rows[0]
    links = [{"relation": r["relation"].value, "unit": term_view(r["unit"], lang) if "unit" in r else None,
              "change": term_view(r["change"], lang) if "change" in r else None,
              "date": r["date"].value if "date" in r else None, "basis": r["basis"].value if "basis" in r else None,
              "source": r["source"].value if "source" in r else None}
             for r in rows if "relation" in r]
    return {"valid_from": first["validFrom"].value if "validFrom" in first else None,
            "valid_until": first["validUntil"].value if "validUntil" in first else None, "links": links}


def _is_document(path: str, has_text: bool) -> bool:
    return has_text and path.startswith("doc/") and "/" not in path[len("doc/"):]


def _provenance(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``fact IRI → [{exact, start, end, document, href}]``."""
    table: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        try:
            start, end = int(row["start"].value), int(row["end"].value)
        except (KeyError, ValueError):
            continue
        document = row["document"].value
        table.setdefault(row["fact"].value, []).append({
            "exact": row["exact"].value, "start": start, "end": end, "document": document,
            "document_label": label_of(document, ui_language()) or document.rsplit("/", 1)[-1],
            "href": source_url(document, start, end)})
    return table


def _group_outgoing(rows: list[dict[str, Any]], lang: str,
                    provenance: dict[str, list[dict[str, Any]]]) -> tuple[list, list, set, bool]:
    """Types, ``[(predicate view, [value views])]``, graph names, and whether there is nq:text."""
    types: list[dict[str, Any]] = []
    grouped: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    seen: set[tuple[str, str]] = set()
    graphs: set[str] = set()
    has_text = False
    for row in rows:
        predicate, value = row["p"], row["o"]
        if "g" in row:
            graphs.add(row["g"].value)
        key = (predicate.value, str(value))
        if key in seen:
            continue
        seen.add(key)
        view = term_view(value, lang, outbound=predicate.value in OUTBOUND)
        if predicate.value == RDF_TYPE:
            types.append(view)
            continue
        if view["kind"] == "iri":
            view["provenance"] = provenance.get(view["iri"], [])
        elif view["kind"] == "literal":
            has_text = has_text or predicate.value == TEXT
            if len(view["value"]) > LONG_TEXT:
                view["value"], view["truncated"] = view["value"][:LONG_TEXT] + "…", True
        grouped.setdefault(predicate.value, (term_view(predicate, lang), []))[1].append(view)
    order = sorted(grouped.values(), key=lambda item: (item[0]["iri"] not in LABEL_PROPERTIES, item[0]["name"]))
    return types, order, graphs, has_text


def _fallback_title(rows: list[dict[str, Any]], lang: str) -> str | None:
    for wanted in FALLBACK_TITLES:
        texts = [(r["o"].value, r["o"].language or "") for r in rows
                 if r["p"].value == wanted and isinstance(r["o"], pyoxigraph.Literal)]
        best = pick_label(texts, lang)
        if best:
            return best if len(best) <= 160 else best[:157] + "…"
    return None

"""Pages for people: home, query editor, dumps, VoID (/.well-known/void) and the ontology.

The home page summarises what the dataset holds; example queries come from ``queries/*.rq``.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph
from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory, url_for

from nghiquyet.graph.errors import NotAcceptable
from nghiquyet.server import html
from nghiquyet.server.formats import RDF_FORMATS, negotiate, rdf_format
from nghiquyet.server.editor_examples import examples
from nghiquyet.server.etags import etag_for, not_modified
from nghiquyet.server.html import page_query, render, settings, term_view
from nghiquyet.server.i18n import pick_label, ui_language
from nghiquyet.server.jsonld import jsonld
from nghiquyet.server.ontology_docs import ontology_files, ontology_path, ontology_view
from nghiquyet.server.resources import source_url
from nghiquyet.server.store import get_store

__all__ = ["bp", "init_app"]

bp = Blueprint("pages", __name__)

HTML = "text/html"
SPARQL_PATH = "/sparql"  # served by server.sparql
RDF_OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
DUMP_TYPES = {".ttl": "text/turtle", ".trig": "application/trig", ".nq": "application/n-quads",
              ".nt": "application/n-triples", ".jsonld": "application/ld+json", ".gz": "application/gzip"}


@bp.get("/")
def home() -> Response:
    """What the dataset holds, example queries, and where to get the data."""
    lang = ui_language()
    etag = etag_for("home", lang)
    cached = not_modified(etag, ("Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    store = get_store()
    documents = _documents(store.select(page_query("home-documents")), lang)
    provinces = [{"province": term_view(r["province"], lang), "documents": r["documents"].value}
                 for r in store.select(page_query("home-provinces"))]
    counts = [{"class": term_view(r["class"], lang), "n": r["n"].value} for r in store.select(page_query("home-counts"))]
    from nghiquyet.server.progress import progress_provinces

    programmes = [{"programme": term_view(r["programme"], lang), "document": term_view(r["document"], lang)}
                  for r in store.select(page_query("home-programmes"))]
    response = render("home.html", documents=documents, provinces=provinces, counts=counts,
                      examples=examples(settings().queries_dir, lang), version=store.version[:12], programmes=programmes,
                      progress=progress_provinces())
    response.set_etag(etag)
    return response


@bp.get("/query")
def query() -> Response:
    """The query editor (:mod:`nghiquyet.server.editor`); ``?query=`` prefills and runs it (permalinks)."""
    from nghiquyet.server.editor import page

    return page()


@bp.get("/dumps/")
def dumps() -> Response:
    """The files the build wrote: per-graph Turtle, whole-dataset N-Quads and TriG, VoID."""
    folder = settings().dumps_dir
    files = []
    if folder.is_dir():
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            stat = path.stat()
            files.append({"name": path.name, "href": url_for("pages.dump_file", name=path.name), "size": stat.st_size,
                          "type": _dump_type(path),
                          "modified": datetime.fromtimestamp(stat.st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M")})
    return render("dumps.html", files=files)


@bp.get("/dumps/<path:name>")
def dump_file(name: str) -> Response:
    """One dump file (conditional GET and ranges handled by Flask)."""
    folder = settings().dumps_dir
    if not folder.is_dir():
        abort(404)
    response = send_from_directory(folder, name, mimetype=_dump_type(Path(name)), conditional=True, etag=True)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID description written by the build: Turtle (and other RDF) for machines, HTML for people."""
    path = settings().dumps_dir / "void.ttl"
    media_type = negotiate(request.headers.get("Accept"), ["text/turtle", HTML, *RDF_OFFERS[1:]])
    if media_type is None:
        raise NotAcceptable("available: text/turtle, text/html, " + ", ".join(RDF_OFFERS[1:]))
    if not path.is_file():
        if media_type == HTML:
            return render("error.html", status=404, code=404, title_key="void.title", text_key="void.missing",
                          error=True)
        return Response("No VoID description yet; run `nghiquyet build`.\n", status=404, mimetype="text/plain")
    lang = ui_language() if media_type == HTML else ""
    etag = etag_for("void", path.stat().st_mtime_ns, media_type, lang)
    cached = not_modified(etag, ("Accept", "Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    data = path.read_bytes()
    if media_type == HTML:
        triples = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE, base_iri=settings().base_iri))
        response = render("void.html", subjects=_by_subject(triples, lang), turtle=data.decode("utf-8"))
    else:
        response = _rdf_file(data, media_type)
    response.set_etag(etag)
    response.vary.add("Accept")
    return response


@bp.get("/ontology", defaults={"ext": None})
@bp.get("/ontology.<any(ttl, jsonld, nt, rdf, html):ext>")
def ontology(ext: str | None) -> Response:
    """The ontology: pyLODE documentation for people, the Turtle source (or another RDF format) for machines."""
    path = ontology_path(settings())
    if path is None:
        abort(404)
    offers = ["text/turtle", HTML, *RDF_OFFERS[1:]]
    if ext:
        media_type = HTML if ext == "html" else next(mt for mt in offers if mt != HTML and RDF_FORMATS[mt].extension == ext)
    else:
        media_type = negotiate(request.headers.get("Accept"), [HTML, *[mt for mt in offers if mt != HTML]])
    if media_type is None:
        raise NotAcceptable("available: " + ", ".join(offers))
    stamps = [(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in ontology_files(settings())]
    lang = ui_language() if media_type == HTML else ""
    etag = etag_for("ontology", repr(stamps), media_type, lang)
    cached = not_modified(etag, ("Accept", "Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    if media_type == HTML:
        response = render("ontology.html", view=ontology_view(settings(), lang))
    else:
        response = _rdf_file(path.read_bytes(), media_type)
    response.set_etag(etag)
    response.vary.add("Accept")
    return response


def _documents(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One entry per document (rows repeat per title language), title in ``lang`` when there is one."""
    documents: dict[str, dict[str, Any]] = {}
    titles: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        iri = row["doc"].value
        if iri not in documents:
            documents[iri] = {k: term_view(v, lang) for k, v in row.items() if k != "title"}
            documents[iri]["source"] = source_url(iri)
        if "title" in row:
            titles.setdefault(iri, []).append((row["title"].value, row["title"].language or ""))
    for iri, doc in documents.items():
        doc["title"] = pick_label(sorted(titles.get(iri, [])), lang)
    return list(documents.values())


def _dump_type(path: Path) -> str:
    return DUMP_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _rdf_file(data: bytes, media_type: str) -> Response:
    """Turtle ``data`` as ``media_type`` (converted when it is not Turtle)."""
    if media_type == "application/ld+json":
        triples = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE, base_iri=settings().base_iri))
        data = jsonld(triples, {**html.PREFIXES, "id": settings().base_iri})
    elif media_type != "text/turtle":
        triples = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE, base_iri=settings().base_iri))
        data = pyoxigraph.serialize(triples, format=rdf_format(media_type), prefixes=html.PREFIXES)
    suffix = "; charset=utf-8" if media_type.startswith("text/") else ""
    return Response(data, content_type=media_type + suffix)


def _by_subject(triples: list[pyoxigraph.Triple], lang: str) -> list[dict[str, Any]]:
    """Triples grouped as ``[{subject, properties: [(predicate, [values])]}]`` for a table view."""
    subjects: dict[str, dict[str, Any]] = {}
    for triple in triples:
        entry = subjects.setdefault(str(triple.subject), {"subject": term_view(triple.subject, lang), "props": {}})
        pred = entry["props"].setdefault(triple.predicate.value, (term_view(triple.predicate, lang), []))
        pred[1].append(term_view(triple.object, lang))
    return [{"subject": e["subject"], "properties": sorted(e["props"].values(), key=lambda p: p[0]["name"])}
            for _, e in sorted(subjects.items())]


def init_app(app: Flask) -> None:
    """Security headers and template helpers for every page."""
    html.init_app(app)

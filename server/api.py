"""The named-query API: ``/api/<name>``, its OpenAPI description and a documentation page.

Query files are loaded (strictly) when the app is created, so a broken file stops start-up.
Request values become typed RDF terms bound through the store's ``bindings``; pages are linked
with first/prev/next/last in the ``Link`` header.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, request, url_for

from nghiquyet.graph.errors import BadParameter, NghiquyetError, NotFound
from nghiquyet.graph.named_queries.formats import MEDIA_TYPES, negotiate, render
from nghiquyet.graph.named_queries.loader import NamedQuery, load_queries
from nghiquyet.graph.named_queries.openapi import build_openapi, example_url
from nghiquyet.graph.named_queries.params import bind, page_numbers
from nghiquyet.graph.named_queries.runner import Page, run_page
from nghiquyet.graph.settings import Settings
from nghiquyet.server.etags import entity_tag, not_modified

__all__ = ["bp", "init_app", "named_queries"]

bp = Blueprint("api", __name__, url_prefix="/api")
_KEY = "nghiquyet.named_queries"
_RESERVED = ("page", "per_page", "format")


def init_app(app: Flask) -> None:
    """Load and check every ``queries/*.rq`` now; a defect raises and the app does not start."""
    settings: Settings = app.config["NGHIQUYET"]
    app.extensions[_KEY] = load_queries(settings.queries_dir) if settings.queries_dir.is_dir() else {}


def named_queries() -> dict[str, NamedQuery]:
    """The queries loaded for the current app."""
    return current_app.extensions[_KEY]


def _settings() -> Settings:
    return current_app.config["NGHIQUYET"]


@bp.get("", strict_slashes=False)
def index() -> Response:
    """Documentation page: every query, its parameters and a "try it" form."""
    settings = _settings()
    queries = sorted(named_queries().values(), key=lambda q: q.name)
    from nghiquyet.server.api_docs import query_doc
    from nghiquyet.server.html import render as render_page
    from nghiquyet.server.i18n import ui_language

    lang = ui_language()
    return render_page("api/index.html", queries=queries, docs={q.name: query_doc(q, lang) for q in queries},
                       example_url=example_url,
                       default_size=min(20, settings.max_page_size), max_size=settings.max_page_size,
                       formats=MEDIA_TYPES)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document generated from the query files."""
    settings = _settings()
    document = build_openapi(named_queries().values(), prefix=url_for("api.index").rstrip("/"),
                             version=_version(), default_size=settings.page_size, max_size=settings.max_page_size)
    return Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json")


@bp.get("/<string:name>")
def run(name: str) -> Response:
    """Run one named query with the request's parameters; one page of results."""
    query = named_queries().get(name)
    if query is None:
        raise NotFound(f"no named query {name!r}; see {url_for('api.index')}")
    settings = _settings()
    args = _single_values()
    fmt = negotiate(args.pop("format", None), request.accept_mimetypes)
    page_number, per_page = page_numbers(args.pop("page", None), args.pop("per_page", None),
                                         default_size=settings.page_size, max_size=settings.max_page_size)
    bindings = bind(query, args, base_iri=settings.base_iri)
    etag = _etag(query, request.full_path, fmt)
    response = not_modified(etag)
    if response is None:
        from nghiquyet.server.store import get_store

        page = run_page(get_store(), query, bindings, page=page_number, per_page=per_page)
        mimetype = MEDIA_TYPES[fmt]
        response = Response(render(page, fmt), mimetype=mimetype)
        if fmt == "csv":
            response.headers["Content-Disposition"] = f'inline; filename="{query.name}.csv"'
        response.headers["Link"] = _links(query, page, args, request.args.get("format"))
        if page.total is not None:
            response.headers["X-Total-Count"] = str(page.total)
    response.set_etag(etag)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


#: CORS for every /api answer (results, errors, and the OPTIONS preflight Flask answers).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Cache-Control, If-None-Match",
    "Access-Control-Expose-Headers": "Link, X-Total-Count, ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    return response


def _single_values() -> dict[str, str]:
    """The query-string arguments; a repeated name is refused (it would be ambiguous)."""
    values: dict[str, str] = {}
    for key, items in request.args.lists():
        if len(items) > 1:
            raise BadParameter(f"parameter {key[:40]!r} is given more than once")
        values[key] = items[0]
    return values


def _links(query: NamedQuery, page: Page, args: dict[str, str], fmt: str | None) -> str:
    """RFC 8288 first/prev/next/last links that keep the other parameters."""
    base = {k: v for k, v in args.items() if k not in _RESERVED and v != ""}
    if fmt:
        base["format"] = fmt
    path = url_for("api.run", name=query.name)

    def href(number: int) -> str:
        return f"{path}?{urlencode({**base, 'page': number, 'per_page': page.per_page})}"

    links = [(href(1), "first")]
    if page.page > 1:
        previous = page.page - 1 if page.last_page is None else min(page.page - 1, page.last_page)
        links.append((href(previous), "prev"))
    if page.has_next:
        links.append((href(page.page + 1), "next"))
    if page.last_page is not None:
        links.append((href(page.last_page), "last"))
    return ", ".join(f'<{target}>; rel="{rel}"' for target, rel in links)


def _version() -> str:
    try:
        from nghiquyet.server.store import get_store

        return get_store().version or "0"
    except NghiquyetError:
        return "0"


def _etag(query: NamedQuery, full_path: str, fmt: str) -> str:
    return entity_tag(_version(), "api", query.text, full_path, fmt)

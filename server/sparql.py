"""``/sparql``: the SPARQL 1.1 Protocol (query and, in test mode, update operations).

GET, URL-encoded POST and direct POST; ``default-graph-uri`` / ``named-graph-uri``; conneg over the
tables in :mod:`nghiquyet.server.formats`; Service Description on a GET without a query; CORS; HEAD.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph
from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.datastructures import MultiDict

from nghiquyet.graph.errors import BadParameter, Forbidden, NotAcceptable
from nghiquyet.server.admission import admit
from nghiquyet.server.etags import entity_tag, not_modified
from nghiquyet.server.formats import RDF_FORMATS, RESULT_FORMATS, negotiate, short_name_format
from nghiquyet.server.query_check import analyse
from nghiquyet.server.service_description import service_description
from nghiquyet.server.store import answered_version, get_store

__all__ = ["bp", "init_app", "Operation", "read_operation", "choose_format", "etag_of", "content_type", "CORS_HEADERS"]

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Cache-Control, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Content-Type, Content-Length, Retry-After",
    "Access-Control-Max-Age": "86400",
}


@dataclass
class Operation:
    """A parsed protocol request."""

    kind: str  # "query" or "update"
    text: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    timeout: float | None = None
    format: str | None = None  # ?format= / ?output= short name, if any
    extra: dict[str, list[str]] = field(default_factory=dict)


def _single(params: MultiDict[str, str], name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadParameter(f"the {name!r} parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def _body_text() -> str:
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise BadParameter(f"the request body must be UTF-8 (got charset={charset})")
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise BadParameter("the request body is not valid UTF-8") from None


def read_operation() -> Operation | None:
    """Parse the request into an operation; None means "no operation" (service description)."""
    url = request.args
    if request.method in ("GET", "HEAD"):
        params: MultiDict[str, str] = url
        kind, text = _kind_and_text(params)
        if kind == "update":
            raise BadParameter("updates must be sent with POST")
    elif request.mimetype == FORM:
        body = request.form
        params = MultiDict(list(url.items(multi=True)) + list(body.items(multi=True)))
        kind, text = _kind_and_text(params)
        if text is None:
            raise BadParameter("a URL-encoded POST needs a 'query' or 'update' parameter")
    elif request.mimetype in (DIRECT_QUERY, DIRECT_UPDATE):
        params = url
        if url.getlist("query") or url.getlist("update"):
            raise BadParameter("a direct POST carries the operation in the body, not in the URL")
        kind, text = ("query" if request.mimetype == DIRECT_QUERY else "update"), _body_text()
    elif not request.mimetype:
        raise BadParameter(f"a POST needs a Content-Type: {FORM}, {DIRECT_QUERY} or {DIRECT_UPDATE}")
    else:
        raise BadParameter(f"unsupported Content-Type {request.mimetype!r}; use {FORM}, {DIRECT_QUERY} "
                           f"or {DIRECT_UPDATE}")
    if text is None:
        return None
    default_name, named_name = _DATASET_PARAMS[kind]
    return Operation(
        kind=kind,
        text=text,
        default_graphs=_iris(params, default_name),
        named_graphs=_iris(params, named_name),
        timeout=_timeout(_single(params, "timeout")),
        format=_single(params, "format") or _single(params, "output"),
    )


_DATASET_PARAMS = {
    "query": ("default-graph-uri", "named-graph-uri"),
    "update": ("using-graph-uri", "using-named-graph-uri"),
}


def _iris(params: MultiDict[str, str], name: str) -> list[str] | None:
    values = params.getlist(name)
    for value in values:
        try:
            pyoxigraph.NamedNode(value)
        except ValueError:
            raise BadParameter(f"the {name!r} parameter must be an absolute IRI") from None
    return values or None


def _kind_and_text(params: MultiDict[str, str]) -> tuple[str, str | None]:
    query, update = _single(params, "query"), _single(params, "update")
    if query is not None and update is not None:
        raise BadParameter("give either 'query' or 'update', not both")
    return ("update", update) if update is not None else ("query", query)


def _timeout(raw: str | None) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter("the 'timeout' parameter must be a number of seconds") from None
    if value != value or value <= 0:
        raise BadParameter("the 'timeout' parameter must be a positive number of seconds")
    return value


def choose_format(op: Operation, form: str | None, accept: str | None) -> str:
    """The media type to answer ``op`` with: ``format=`` first, else the ``Accept`` header; 406 if none fits."""
    table = RDF_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    if op.format:
        chosen = short_name_format(op.format, table)
        if chosen:
            return chosen
    chosen = negotiate(accept, list(table))
    if chosen is None:
        kinds = ", ".join(table)
        raise NotAcceptable(f"none of the offered formats matches the Accept header; offered: {kinds}")
    return chosen


def etag_of(op: Operation, media_type: str, version: str) -> str:
    """The entity tag of ``op``'s answer in ``media_type`` on dataset ``version``."""
    return entity_tag(version, "sparql", media_type, op.text, repr(op.default_graphs), repr(op.named_graphs))


@bp.route("/sparql", methods=["GET", "POST", "HEAD", "OPTIONS"], strict_slashes=False)
def endpoint() -> Response:
    """The protocol endpoint."""
    if request.method == "OPTIONS":
        return Response(status=204)
    op = read_operation()
    store = get_store()
    if op is None:
        return service_description(store)
    if op.kind == "update":
        return _update(op)
    info = analyse(op.text)
    media_type = choose_format(op, info.form, request.headers.get("Accept"))
    etag = etag_of(op, media_type, store.version) if request.method in ("GET", "HEAD") else None
    cached = not_modified(etag, ()) if etag else None
    if cached is not None:
        return cached
    asked = media_type
    with admit(current_app, op.text, request.remote_addr):  # heavy queries: bounded, refused at once when full
        body, media_type = store.execute(op.text, result_format=media_type, default_graph=op.default_graphs,
                                         named_graphs=op.named_graphs, timeout=op.timeout,
                                         base_iri=request.base_url)
    if etag:  # tied to the build that answered (a new one may have been published meanwhile)
        etag = etag_of(op, asked, answered_version(store))
    response = Response(body, status=200)
    response.headers["Content-Type"] = content_type(media_type)
    if etag:
        response.set_etag(etag)
        response.headers["Cache-Control"] = "public, max-age=60"
    return response


def _update(op: Operation) -> Response:
    settings = current_app.config["NGHIQUYET"]
    if not settings.enable_update:
        raise Forbidden("SPARQL updates are not allowed on this endpoint (it is read-only)")
    if op.default_graphs or op.named_graphs:
        raise Forbidden("using-graph-uri / using-named-graph-uri are not supported by this endpoint")
    get_store().update(op.text, timeout=op.timeout)
    return Response(status=204)


def content_type(media_type: str) -> str:
    """The Content-Type header for ``media_type`` (text formats say they are UTF-8)."""
    if media_type.startswith("text/") or media_type in ("application/n-triples", "application/n-quads"):
        return f"{media_type}; charset=utf-8"
    return media_type


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    response.vary.add("Accept")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    """Put the fast lane for plain ``GET /sparql?query=…`` in front of the app (see :mod:`nghiquyet.server.sparql_lane`)."""
    from nghiquyet.server.sparql_lane import install

    install(app)

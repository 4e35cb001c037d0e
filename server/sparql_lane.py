"""A fast lane in front of Flask for the commonest protocol request: ``GET /sparql?query=…``.

A lookup costs pyoxigraph about 35 µs; Flask's request and response machinery around it costs
about 130 µs more. The lane answers the plain form of the request (``GET``, only ``query`` among
the protocol parameters, no conditional headers) with the very status, headers and body the
Flask view in :mod:`nghiquyet.server.sparql` gives (``tests/server/test_sparql_lane.py`` compares them), using
the same helpers: the query analysis, content negotiation, ETag, store and limits. Everything else,
and every request the lane is unsure of, goes to Flask untouched; an error raised while the query
runs is rendered by Flask's one error handler, so errors look the same on both ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401 - registers the "werkzeug.url_quote" codec error handler used below
from werkzeug.wsgi import get_current_url

from nghiquyet.graph.errors import NghiquyetError
from nghiquyet.server.admission import admit
from nghiquyet.server.query_check import QUERY_FORMS, analyse
from nghiquyet.server.sparql import CORS_HEADERS, Operation, choose_format, content_type, etag_of
from nghiquyet.server.store import answered_version, get_store

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["SparqlLane", "Plan", "install"]

StartResponse = Callable[..., Any]
PATH = "/sparql"
#: Parameters that change what the request means; with any of them the request goes to Flask.
_PROTOCOL_PARAMS = frozenset({"query", "update", "default-graph-uri", "named-graph-uri", "timeout", "format",
                              "output"})
_STATUS = "200 OK"


@dataclass(frozen=True)
class Plan:
    """A request the lane answers: the query, the chosen media type and the base IRI."""

    query: str
    media_type: str
    base_iri: str


class SparqlLane:
    """WSGI middleware: plain ``GET /sparql?query=…`` here, the rest to the Flask app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.flask: Callable[[dict[str, Any], StartResponse], Iterable[bytes]] = app.wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        plan = self.plan(environ)
        if plan is None:
            return self.flask(environ, start_response)
        return self.answer(plan, environ, start_response)

    def plan(self, environ: dict[str, Any]) -> Plan | None:
        """The plan for a request the lane answers, or None to hand it to Flask."""
        if (environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "GET"
                or "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MATCH" in environ
                or not environ.get("SCRIPT_NAME", "").isascii()):
            return None
        return _plan(environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT"), environ.get("wsgi.url_scheme", "http"),
                     environ.get("HTTP_HOST"), environ.get("SERVER_NAME", ""), environ.get("SERVER_PORT", ""),
                     environ.get("SCRIPT_NAME", ""))

    def answer(self, plan: Plan, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Run the planned query and answer it as the Flask view would."""
        store = get_store(self.app)
        try:
            with admit(self.app, plan.query, environ.get("REMOTE_ADDR")):
                body, media_type = store.execute(plan.query, result_format=plan.media_type, base_iri=plan.base_iri)
            version = answered_version(store)
        except Exception as exc:  # noqa: BLE001 - the app's one error handler decides (4xx, 503, or a logged 500)
            return self._error(exc, environ, start_response)
        headers = [
            ("Content-Type", content_type(media_type)),
            ("Content-Length", str(len(body))),
            ("ETag", f'"{_etag(plan.query, plan.media_type, version)}"'),
            ("Cache-Control", "public, max-age=60"),
            *CORS_HEADERS.items(),
            ("Vary", "Accept"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        start_response(_STATUS, headers)
        return [body]

    def _error(self, exc: Exception, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Render ``exc`` through Flask's error handler and response hooks."""
        with self.app.request_context(environ):
            try:
                raise exc
            except Exception as raised:  # noqa: BLE001 - handled by the handler registered for it
                response = self.app.finalize_request(self.app.handle_user_exception(raised),
                                                     from_error_handler=True)
        return response(environ, start_response)


@lru_cache(maxsize=4096)
def _plan(query_string: str, accept: str | None, scheme: str, host: str | None, server_name: str, server_port: str,
          script_name: str) -> Plan | None:
    """The plan of a request from what decides it; cached, since the same lookups come again and again
    (parsing and percent-decoding the query string alone costs more than a lookup in the store)."""
    try:
        params = parse_qsl(query_string.encode("latin1").decode(), keep_blank_values=True, errors="werkzeug.url_quote")
        base_iri = _endpoint_url(scheme, host, server_name, server_port, script_name)
    except (UnicodeError, KeyError, ValueError):
        return None
    texts = [value for name, value in params if name == "query"]
    if len(texts) != 1 or any(name in _PROTOCOL_PARAMS for name, _ in params if name != "query"):
        return None
    info = analyse(texts[0])
    if info.form not in QUERY_FORMS or info.is_update or info.services:
        return None
    try:
        media_type = choose_format(Operation("query", texts[0]), info.form, accept)
    except NghiquyetError:
        return None
    return Plan(texts[0], media_type, base_iri)


@lru_cache(maxsize=4096)
def _etag(query: str, media_type: str, version: str) -> str:
    return etag_of(Operation("query", query), media_type, version)


@lru_cache(maxsize=64)
def _endpoint_url(scheme: str, host: str | None, server_name: str, server_port: str, script_name: str) -> str:
    """``request.base_url`` of ``/sparql`` (the base IRI of queries), as werkzeug builds it."""
    environ = {"wsgi.url_scheme": scheme, "SERVER_NAME": server_name, "SERVER_PORT": server_port,
               "SCRIPT_NAME": script_name, "PATH_INFO": PATH}
    if host is not None:
        environ["HTTP_HOST"] = host
    return get_current_url(environ, strip_querystring=True)


def install(app: Flask) -> None:
    """Put the lane in front of ``app`` (``app.wsgi_app``), so servers and test clients both use it."""
    app.wsgi_app = SparqlLane(app)  # type: ignore[method-assign]

"""One place that turns exceptions into HTTP responses.

``NghiquyetError`` subclasses carry their status (4xx: the caller's fault, 5xx: ours); werkzeug's
``HTTPException`` keeps its own. API clients (``/api`` always, others by their ``Accept``) get
JSON, browsers (who prefer HTML) a styled page in their language with the site header, everyone
else plain text. Input reaches HTML only escaped. 5xx are logged: unexpected errors
at ERROR with their traceback, expected ones at the level their class names (a query timeout is
the caller's heavy query, logged at WARNING).
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from nghiquyet.graph.errors import NghiquyetError

__all__ = ["init_app", "error_response", "wants_json", "wants_html"]

_KEEP_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def wants_json() -> bool:
    """True for ``/api`` and when the client prefers JSON (``application/json``, ``*+json``) over text or HTML."""
    if request.blueprint == "api":
        return True
    accept = request.accept_mimetypes
    best = accept.best_match(["text/plain", "text/html", "application/json"])
    if best == "application/json":
        return True
    json_q = max((q for mime, q in accept if mime.endswith("json") and mime != "*/*"), default=0)
    text_q = max(accept["text/html"], accept["text/plain"]) if accept else 0
    return json_q > 0 and json_q >= text_q and not accept.accept_html


def wants_html() -> bool:
    """True when the client prefers HTML to plain text (browsers), and not JSON; never for /sparql,
    whose error text (the parser's message with its position) clients read as it is."""
    accept = request.accept_mimetypes
    return request.blueprint != "sparql" and not wants_json() and accept.best_match(["text/plain", "text/html"]) == "text/html"


def _html_error(status: int, message: str) -> Response | None:
    """The styled error page (None when it cannot be rendered, e.g. the templates are broken)."""
    from nghiquyet.server.html import render
    from nghiquyet.server.i18n import STRINGS

    title_key = f"err.{status}" if f"err.{status}" in STRINGS else ("err.500" if status >= 500 else "err.400")
    text_key = f"err.{status}.text" if f"err.{status}.text" in STRINGS else "err.other.text"
    try:
        return render("error.html", status=status, code=status, title_key=title_key, text_key=text_key,
                      detail=message, error=True)
    except Exception:  # noqa: BLE001 - the plain-text answer below still tells what was wrong
        current_app.logger.exception("cannot render the error page for %s", status)
        return None


def error_response(status: int, title: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """A JSON, HTML or plain-text error body with ``status``."""
    page = _html_error(status, message) if wants_html() else None
    if wants_json():
        body = json.dumps({"status": status, "error": title, "message": message}, ensure_ascii=False)
        response = Response(body, status=status, mimetype="application/json")
    elif page is not None:
        response = page
    else:
        response = Response(f"{status} {title}\n\n{message}\n", status=status, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _handle(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        if status < 400:  # redirects raised by routing
            return exc
        title = exc.name
        message = exc.description or title
        headers = {k: v for k, v in exc.get_headers() if k in _KEEP_HEADERS}
    elif isinstance(exc, NghiquyetError):
        status = exc.http_status
        title = _title(type(exc).__name__)
        message = str(exc) or title
        retry = exc.retry_after or (5 if status in (429, 503) else None)
        headers = {"Retry-After": str(retry)} if retry else {}
    else:
        status, title, message, headers = 500, "Internal Server Error", "an unexpected error occurred", {}
    if status >= 500:
        expected = isinstance(exc, (HTTPException, NghiquyetError))
        level = exc.log_level if isinstance(exc, NghiquyetError) else logging.ERROR
        current_app.logger.log(level, "%s %s → %s: %s", request.method, request.path, status, message,
                               exc_info=None if expected else exc)
    return error_response(status, title, message, headers)


def _title(class_name: str) -> str:
    words, current = [], ""
    for char in class_name:
        if char.isupper() and current:
            words.append(current)
            current = char
        else:
            current += char
    words.append(current)
    return " ".join(words)


def init_app(app: Flask) -> None:
    """Register the single error handler on ``app``."""
    app.register_error_handler(NghiquyetError, _handle)
    app.register_error_handler(HTTPException, _handle)
    app.register_error_handler(Exception, _handle)

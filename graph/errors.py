"""The project's one small exception hierarchy.

The server maps these to HTTP status codes in one place (``server.errors``); the CLI maps them
to exit codes through :attr:`NghiquyetError.exit_code`.
"""

from __future__ import annotations

import logging

__all__ = [
    "NghiquyetError",
    "InputError",
    "DocumentError",
    "ValidationFailed",
    "QueryError",
    "BadParameter",
    "NotFound",
    "NotAcceptable",
    "QueryTimeout",
    "QueryMemoryExceeded",
    "Overloaded",
    "TooManyRequests",
    "TooManyRows",
    "Forbidden",
    "StoreError",
    "ConfigError",
    "ContractError",
    "PublishError",
]


class NghiquyetError(Exception):
    """Base of every error the project raises on purpose."""

    http_status = 500
    exit_code = 2
    retry_after: int | None = None  # seconds, sent as Retry-After with a 429 or 503
    log_level = logging.ERROR  # how the server logs it when it answers 5xx


class InputError(NghiquyetError):
    """The caller gave something unusable (a file, a parameter, a query)."""

    http_status = 400


class DocumentError(InputError):
    """A source document or its metadata cannot be read or understood."""


class ValidationFailed(NghiquyetError):
    """The graph does not conform to the shapes; carries the readable report."""

    exit_code = 1

    def __init__(self, report: str, results: list[dict[str, str]] | None = None) -> None:
        super().__init__(report)
        self.report = report
        self.results = results or []


class QueryError(InputError):
    """A SPARQL query that does not parse or cannot run as asked."""


class BadParameter(InputError):
    """A request or CLI parameter with a wrong value; the message names the parameter."""


class NotFound(NghiquyetError):
    """No such resource, query or file."""

    http_status = 404


class NotAcceptable(NghiquyetError):
    """No representation matches the Accept header."""

    http_status = 406


class Forbidden(NghiquyetError):
    """The operation is refused on this endpoint (updates, SERVICE to an unlisted host)."""

    http_status = 403


class QueryTimeout(NghiquyetError):
    """The query ran past its time limit and was stopped (the caller's heavy query, not our fault)."""

    http_status = 503
    retry_after = 5
    log_level = logging.WARNING


class QueryMemoryExceeded(NghiquyetError):
    """The query's process passed the memory limit of a query and was replaced."""

    http_status = 503
    retry_after = 5
    log_level = logging.WARNING


class Overloaded(NghiquyetError):
    """Every slot for heavy queries is taken; the query was refused at once instead of queued."""

    http_status = 503
    retry_after = 2
    log_level = logging.INFO


class TooManyRequests(NghiquyetError):
    """This client already runs as many heavy queries as one client may."""

    http_status = 429
    retry_after = 2


class TooManyRows(NghiquyetError):
    """The result is larger than the configured cap; never truncated silently."""

    http_status = 400


class StoreError(NghiquyetError):
    """The store is missing or broken (our fault, not the caller's)."""

    http_status = 500


class ConfigError(NghiquyetError):
    """A setting, option or configured folder is unusable (names the setting and the value)."""


class ShapesError(NghiquyetError):
    """The SHACL shapes themselves are broken or cannot be evaluated; our fault, not the data's."""


class UnsupportedShape(ShapesError):
    """A shape uses a SHACL construct the SPARQL validator does not compile (``--validator pyshacl``)."""


class ContractError(NghiquyetError):
    """Extracted records break the record contract (mappings/records.schema.json): our bug."""


class PublishError(NghiquyetError):
    """A remote SPARQL server refused or failed a step of ``nghiquyet publish``; what was published stays.

    ``step`` names the step (upload, check, switch …), ``graph`` the graph IRI it concerned and
    ``status`` the HTTP status the server answered (None when it could not be reached).
    """

    http_status = 502

    def __init__(self, message: str, *, step: str, graph: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.step, self.graph, self.status = step, graph, status

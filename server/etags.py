"""Entity tags: one way to make them, one way to answer 304.

A tag is a digest of the dataset version that answers and of whatever selects the
representation (route, parameters, media type, language). Every route builds its tags here.
"""

from __future__ import annotations

import hashlib

from flask import Response, request

from nghiquyet.server.store import get_store

__all__ = ["entity_tag", "etag_for", "not_modified"]


def entity_tag(version: str, *parts: object) -> str:
    """A strong ETag (32 hex digits) from ``version`` and ``parts``."""
    text = "\x1f".join(str(part) for part in (version, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def etag_for(*parts: object) -> str:
    """:func:`entity_tag` on the version of the app's store."""
    return entity_tag(get_store().version, *parts)


def not_modified(etag: str, vary: tuple[str, ...] = ("Accept",)) -> Response | None:
    """A 304 when the client already holds ``etag`` (checked before any query runs)."""
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        response.vary.update(vary)
        return response
    return None

"""Main text and metadata of a web page, with trafilatura.

Navigation, scripts, style sheets, image ``alt`` text, captions, comments and related-news blocks
are left out: only the article's own paragraphs (and tables) come back, one per line.
"""

from __future__ import annotations

from typing import Any

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.text import normalise

__all__ = ["html_text"]

_MIN_WORDS = 5  # fewer words than this is a menu or a caption, not a document
_META_KEYS = ("title", "sitename", "hostname", "date", "url", "author", "description")


def html_text(html: str | bytes, *, origin: str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """The NFC main text of ``html`` and its metadata (title, sitename, hostname, date, url, author).

    ``origin`` names the file or URL in error messages. Raises :class:`DocumentError` when the page
    holds no main text.
    """
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_images=False,
            include_tables=True, favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises parser-specific errors on broken markup
        raise DocumentError(f"{origin}: cannot read as an HTML page ({exc})") from exc
    if document is None:
        raise DocumentError(f"{origin}: no main text found in the HTML page")
    data: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = normalise(data.get("text") or "").strip()
    if len(text.split()) < _MIN_WORDS:
        raise DocumentError(f"{origin}: no main text found in the HTML page")
    meta = {key: normalise(str(data[key])).strip() for key in _META_KEYS if data.get(key)}
    return text + "\n", meta

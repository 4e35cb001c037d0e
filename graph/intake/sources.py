"""Read what a user brings — a .txt, .html/.htm or .pdf file, or an http(s) URL — into a :class:`Source`."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract.lexicon import Lexicons
from nghiquyet.graph.intake.html import html_text
from nghiquyet.graph.intake.pdf import pdf_text
from nghiquyet.graph.text import normalise

__all__ = ["Source", "read_source", "is_url", "SUFFIXES"]

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_TIMEOUT = 30
_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A document's NFC main text, what it was read from, and the metadata its container carried."""

    text: str
    kind: str  # text | html | pdf
    origin: str  # the path or URL as given
    name: str  # a file-name-like stem to fall back on for the id
    meta: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    retrieved: str | None = None


def is_url(ref: str) -> bool:
    return urlparse(ref).scheme in {"http", "https"}


def _decode(data: bytes, origin: str, charset: str | None = None) -> str:
    for encoding in filter(None, (charset, "utf-8-sig")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DocumentError(f"{origin}: not UTF-8 text")


def _from_bytes(data: bytes, kind: str, origin: str, name: str, *, url: str | None = None,
                charset: str | None = None, lexicon: Lexicons | None = None) -> Source:
    if not data.strip():
        raise DocumentError(f"{origin}: empty document")
    if kind == "pdf":
        if not data.lstrip().startswith(b"%PDF"):
            raise DocumentError(f"{origin}: not a PDF file (no %PDF header)")
        text, meta = pdf_text(data, origin=origin, lexicon=lexicon)
    elif kind == "html":
        text, meta = html_text(_decode(data, origin, charset), origin=origin, url=url)
    else:
        text, meta = normalise(_decode(data, origin, charset)).strip() + "\n", {}
    if not text.strip():
        raise DocumentError(f"{origin}: empty document")
    retrieved = dt.date.today().isoformat() if url else None
    return Source(text=text, kind=kind, origin=origin, name=name, meta=meta, url=url or meta.get("url"),
                  retrieved=retrieved)


def _read_file(ref: str, lexicon: Lexicons | None) -> Source:
    path = Path(ref)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(f"{ref}: unsupported file type {path.suffix or '(none)'}; "
                            f"expected one of {', '.join(sorted(SUFFIXES))} or an http(s) URL")
    if not path.is_file():
        raise DocumentError(f"{ref}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{ref}: cannot read ({exc.strerror or exc})") from exc
    return _from_bytes(data, kind, ref, path.stem, lexicon=lexicon)


def _kind_of_response(content_type: str, path: str) -> str:
    if "pdf" in content_type:
        return "pdf"
    if "html" in content_type or "xml" in content_type:
        return "html"
    if content_type.startswith("text/"):
        return SUFFIXES.get(Path(path).suffix.lower(), "text")
    suffix_kind = SUFFIXES.get(Path(path).suffix.lower())
    if suffix_kind:
        return suffix_kind
    raise DocumentError(f"unsupported content type {content_type or '(none)'}")


def _read_url(ref: str, lexicon: Lexicons | None) -> Source:
    request = urllib.request.Request(ref, headers={"User-Agent": "nghiquyet-add/0.1", "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # noqa: S310 - http(s) only
            data = response.read(_MAX_BYTES + 1)
            content_type = (response.headers.get_content_type() or "").lower()
            charset = response.headers.get_content_charset()
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise DocumentError(f"{ref}: the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DocumentError(f"{ref}: cannot fetch ({reason})") from exc
    if len(data) > _MAX_BYTES:
        raise DocumentError(f"{ref}: larger than {_MAX_BYTES // (1024 * 1024)} MB")
    path = urlparse(final_url).path
    try:
        kind = _kind_of_response(content_type, path)
    except DocumentError as exc:
        raise DocumentError(f"{ref}: {exc}") from None
    name = Path(path.rstrip("/")).stem or urlparse(final_url).hostname or "page"
    return _from_bytes(data, kind, ref, name, url=final_url, charset=charset, lexicon=lexicon)


def read_source(ref: str, lexicon: Lexicons | None = None) -> Source:
    """Read ``ref`` (a file path or an http(s) URL); :class:`DocumentError` names what was wrong."""
    return _read_url(ref, lexicon) if is_url(ref) else _read_file(ref, lexicon)

"""Text of a PDF with pypdf: pages in order, lines wrapped by the layout joined back into paragraphs.

A PDF line is joined to the next when it is nearly as long as the page's longest lines (it was
wrapped), does not end a sentence, and the next line does not open a new block (a list marker,
a number followed by "." or ")", or a block word of ``mappings/lexicons/intake.yaml``).
"""

from __future__ import annotations

import io
import re
from typing import Any

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract.cues import cue_regex, fold_same_length
from nghiquyet.graph.extract.lexicon import Lexicons
from nghiquyet.graph.intake.lexicon import intake_lexicon
from nghiquyet.graph.text import normalise

__all__ = ["pdf_text", "join_wrapped_lines"]

_WRAPPED = 0.75  # a line at least this fraction of the page's long lines was wrapped
_SENTENCE_END = re.compile(r"[.:;!?]\s*$")
_RANGE_GOES_ON = re.compile(r"^[-–—]\s*\d")  # "2025\n- 2030": a range wrapped at its dash, not a list item
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•+*]|\(?\d+(?:\.\d+)*[.)]|\(?[^\W\d_][)]|[IVXLC]+[.)])(?:\s|$)")


def _opens_block(line: str, previous: str, block_words: tuple[str, ...]) -> bool:
    if _RANGE_GOES_ON.match(line) and previous[-1:].isdigit():
        return False
    if _LIST_MARKER.match(line):
        return True
    match = cue_regex(block_words).match(fold_same_length(line.lstrip())) if block_words else None
    return match is not None


def join_wrapped_lines(page: str, lexicon: Lexicons | None = None) -> str:
    """``page`` with layout-wrapped lines joined by one space (runs of spaces collapsed); other breaks kept."""
    block_words = intake_lexicon(lexicon).pdf_block_starts
    lines = [" ".join(line.split()) for line in page.split("\n")]
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return ""
    long_line = lengths[round(0.9 * (len(lengths) - 1))]
    out: list[str] = []
    previous = ""  # the previous physical line, not what it was joined into
    for line in lines:
        if (out and previous and line and len(previous) >= _WRAPPED * long_line
                and not _SENTENCE_END.search(previous) and not _opens_block(line, previous, block_words)):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


def pdf_text(data: bytes, *, origin: str, lexicon: Lexicons | None = None) -> tuple[str, dict[str, str]]:
    """The NFC text of a PDF and its metadata (``title``, ``author``, ``date`` as YYYY-MM-DD)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"{origin}: cannot read as a PDF ({exc})") from exc
    text = "\n".join(join_wrapped_lines(normalise(page), lexicon) for page in pages).strip()
    if not text:
        raise DocumentError(f"{origin}: the PDF holds no text (a scanned image needs OCR first)")
    meta: dict[str, str] = {}
    for key, name in (("/Title", "title"), ("/Author", "author")):
        value = str(info.get(key) or "").strip()
        if value:
            meta[name] = normalise(value)
    created = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(info.get("/CreationDate") or ""))
    if created:
        meta["date"] = "-".join(created.groups())
    return text + "\n", meta

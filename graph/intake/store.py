"""Put added documents into a corpus folder: ids, duplicate refusal, atomic ``<id>.txt`` + ``<id>.yaml``.

A document is a duplicate when its text, with whitespace collapsed, equals that of a text already in
the folder (or earlier in the same batch). Files are written under temporary names and renamed into
place only when every document of the batch is ready; a failure removes what was written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nghiquyet.graph.corpus import iter_corpus
from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.text import read_text, slug

__all__ = ["Prepared", "fingerprint", "prepare", "write_all"]

_ID_LENGTH = 60
_HEADER = ("# Written by `nghiquyet add` from {origin}.\n"
           "# Fields listed under `inferred` were guessed from the text: check them, correct what is wrong\n"
           "# and remove a field's name from `inferred` once it is right. Fields: see docs/corpus.md\n")


@dataclass(frozen=True)
class Prepared:
    """One document ready to be written: its id, text and metadata mapping."""

    id: str
    text: str
    meta: dict[str, Any]
    origin: str


def fingerprint(text: str) -> str:
    """Hash of ``text`` with every whitespace run collapsed (the identity used to refuse duplicates)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _existing(corpus: Path) -> tuple[dict[str, str], set[str]]:
    """Fingerprints of the folder's texts → their ids, and every id and file stem in use."""
    by_print: dict[str, str] = {}
    taken: set[str] = set()
    if not corpus.is_dir():
        return by_print, taken
    for meta in iter_corpus(corpus):
        taken.update({meta.id, meta.path.stem})
        by_print.setdefault(fingerprint(read_text(meta.path)), meta.id)
    return by_print, taken


def _base_id(meta: dict[str, Any], fallback: str) -> str:
    """``<province>-<title>-<year>``: the province and a year only when the (cut) title lacks them."""
    title = meta.get("title") or fallback
    province = meta.get("province")
    prefix = province if province and slug(province) not in slug(title) else ""
    base = slug(f"{prefix} {title}", _ID_LENGTH - 5)
    if not re.search(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", base):
        term = (meta.get("congress") or {}).get("term") or meta.get("plan_period")
        year = term[0] if term else meta.get("plan_year") or str(meta.get("published") or "")[:4]
        if year:
            base = f"{base}-{year}"
    return base


def prepare(sources: list[tuple[str, str, dict[str, Any], str]], corpus: Path) -> list[Prepared]:
    """Ids for ``(text, fallback name, metadata, origin)`` items; refuses duplicates (nothing written)."""
    by_print, taken = _existing(corpus)
    out: list[Prepared] = []
    for text, fallback, meta, origin in sources:
        key = fingerprint(text)
        if key in by_print:
            raise DocumentError(f"{origin}: the same text is already in the corpus as {by_print[key]!r}; nothing added")
        base = _base_id(meta, fallback)
        doc_id, n = base, 2
        while doc_id in taken:
            doc_id, n = f"{base}-{n}", n + 1
        taken.add(doc_id)
        by_print[key] = doc_id
        out.append(Prepared(doc_id, text, {"id": doc_id, "file": f"{doc_id}.txt", **meta}, origin))
    return out


def _yaml(item: Prepared) -> str:
    body = yaml.safe_dump(item.meta, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    return _HEADER.format(origin=item.origin) + body


def _temp(corpus: Path, content: str) -> Path:
    handle, name = tempfile.mkstemp(dir=corpus, prefix=".add-", suffix=".part")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(name)


def write_all(items: list[Prepared], corpus: Path) -> list[Path]:
    """Write every item's ``.yaml`` and ``.txt``; all of them or none. Returns the text paths."""
    corpus.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for item in items:
            for suffix, content in ((".yaml", _yaml(item)), (".txt", item.text)):
                target = corpus / f"{item.id}{suffix}"
                if target.exists():
                    raise DocumentError(f"{target}: already exists; nothing added")
                staged.append((_temp(corpus, content), target))
        for temp, target in staged:
            os.replace(temp, target)
            placed.append(target)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for target in placed:
            target.unlink(missing_ok=True)
        raise
    return [corpus / f"{item.id}.txt" for item in items]

"""The corpus: source texts with their hand-written metadata (``<file>.yaml`` beside ``<file>.txt``).

A text without a metadata file is still extractable (``nghiquyet extract`` on any file): its
identity is derived from the file name and its province is detected from the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.metadata import DOCUMENT_TYPES, read_metadata
from nghiquyet.graph.text import read_text, slug

__all__ = ["DocumentMeta", "load_meta", "iter_corpus", "DOCUMENT_TYPES"]


@dataclass(frozen=True)
class DocumentMeta:
    """Identity and hand-written description of one source document."""

    id: str
    path: Path
    title: str | None = None
    province: str | None = None
    document_type: str = "Document"
    extra: dict[str, Any] = field(default_factory=dict)
    content: str | None = None  # the text itself when it was not read from ``path`` (HTML, PDF)

    @property
    def file(self) -> str:
        return self.path.name

    def text(self) -> str:
        """The NFC text of the document."""
        if self.content is not None:
            return self.content
        try:
            return read_text(self.path)
        except (OSError, UnicodeDecodeError) as exc:
            raise DocumentError(f"{self.path}: cannot read as UTF-8 text ({exc})") from exc


def load_meta(text_path: str | Path) -> DocumentMeta:
    """Metadata for ``text_path`` from its ``.yaml`` sibling, or derived from the file name."""
    path = Path(text_path)
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    meta_path = path.with_suffix(".yaml")
    if not meta_path.exists():
        return DocumentMeta(id=slug(path.stem), path=path)
    raw = read_metadata(meta_path)
    doc_type = raw.get("document_type", "Document")
    if raw.get("file") and raw["file"] != path.name:
        raise DocumentError(f"{meta_path}: 'file' says {raw['file']!r} but sits beside {path.name!r}")
    doc_id = str(raw.get("id") or slug(path.stem))
    if slug(doc_id) != doc_id:
        raise DocumentError(f"{meta_path}: id {doc_id!r} must be an ASCII slug such as {slug(doc_id)!r}")
    extra = {k: v for k, v in raw.items() if k not in {"id", "file", "title", "province", "document_type"}}
    return DocumentMeta(
        id=doc_id, path=path, title=raw.get("title"), province=raw.get("province"),
        document_type=doc_type, extra=extra,
    )


def iter_corpus(corpus_dir: str | Path) -> list[DocumentMeta]:
    """Every ``*.txt`` directly in ``corpus_dir``, sorted by file name, with its metadata."""
    directory = Path(corpus_dir)
    if not directory.is_dir():
        raise DocumentError(f"{directory}: corpus folder not found")
    metas = [load_meta(p) for p in sorted(directory.glob("*.txt"))]
    seen: dict[str, Path] = {}
    for meta in metas:
        if meta.id in seen:
            raise DocumentError(f"{meta.path}: id {meta.id!r} is already used by {seen[meta.id]}")
        seen[meta.id] = meta.path
    return metas

"""Extraction: Vietnamese text → records (see docs/architecture.md, "Records")."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_document", "extract_path"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that ``nghiquyet.graph.extract.numbers`` and friends load without the whole pipeline.
    if name in __all__:
        from nghiquyet.graph.extract import document

        return getattr(document, name)
    raise AttributeError(name)

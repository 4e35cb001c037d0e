"""Extraction: Vietnamese text → records (see docs/architecture.md, "Records")."""

from __future__ import annotations

from graph.extract.document import extract_document, extract_path

__all__ = ["extract_document", "extract_path"]

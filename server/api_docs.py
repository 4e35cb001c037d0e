"""The words of the /api page in the interface language: the named queries' documentation in
Vietnamese comes from ``queries/api-vi.yaml`` (the ``.rq`` headers are English), read once per app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from nghiquyet.graph.named_queries.loader import NamedQuery
from nghiquyet.server.i18n import translate

__all__ = ["TRANSLATIONS", "translations", "query_doc"]

TRANSLATIONS = "api-vi.yaml"
_KEY = "nghiquyet.api_translations"


def translations(queries_dir: Path) -> dict[str, dict[str, Any]]:
    """``name → {summary, description, parameters, columns}`` in Vietnamese ({} without the file)."""
    path = queries_dir / TRANSLATIONS
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(name): entry for name, entry in loaded.items() if isinstance(entry, dict)}


def query_doc(query: NamedQuery, lang: str) -> dict[str, Any]:
    """Summary, description and the parameters' and columns' descriptions of ``query`` in ``lang``."""
    table = current_app.extensions.get(_KEY)
    if table is None:
        table = current_app.extensions[_KEY] = translations(current_app.config["NGHIQUYET"].queries_dir)
    entry = table.get(query.name, {}) if lang == "vi" else {}
    parameters, columns = entry.get("parameters") or {}, entry.get("columns") or {}
    return {
        "summary": entry.get("summary") or query.summary,
        "description": (entry.get("description") or query.description or "").strip(),
        "parameters": {p.name: parameters.get(p.name) or p.description for p in query.parameters},
        "columns": {c.name: columns.get(c.name) or c.description for c in query.columns},
        "types": {p.name: translate("api.type." + p.type, lang) for p in query.parameters},
    }

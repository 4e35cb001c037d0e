"""Incoming links of an /id page grouped by kind (the subject's type and the linking property).

Kinds are ranked by ``queries/pages/resource-incoming.rq`` (programmes and tasks first, provenance
annotations last). Without ``?kind=`` every group shows its first items and links to the rest;
with ``?kind=<key>`` one group is paged with ``?page=``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request, url_for

from nghiquyet.graph.errors import NotFound
from nghiquyet.server.html import compact, term_view

__all__ = ["group_incoming", "PREVIEW"]

PREVIEW = 20  # items a group shows on the page with every group
_UNRANKED, _UNTYPED = 50, 60


def _key(kind: str, predicate: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", f"{compact(kind) if kind else 'other'} {compact(predicate)}").strip("-")


def group_incoming(rows: list[dict[str, Any]], lang: str, provenance: dict[str, list[dict[str, Any]]],
                   path: str, per_page: int, kind: str | None, page: int,
                   shown_quotes: set[str] | None = None) -> dict[str, Any]:
    """``{groups, total, kind, paging}``; :class:`NotFound` for an unknown kind or a page past the end.

    Quotes in ``shown_quotes`` (already on the page) and quotes repeated from an earlier item are left out."""
    best: dict[tuple[str, str], tuple[int, str, Any, Any]] = {}
    for row in rows:
        subject, predicate = row["s"], row["p"]
        type_ = row["type"].value if "type" in row else ""
        rank = int(row["rank"].value) if "rank" in row else (_UNRANKED if type_ else _UNTYPED)
        key = (str(subject), predicate.value)
        if key not in best or (rank, type_) < best[key][:2]:
            best[key] = (rank, type_, subject, predicate)
    groups: dict[str, dict[str, Any]] = {}
    for rank, type_, subject, predicate in best.values():
        key = _key(type_, predicate.value)
        group = groups.get(key)
        if group is None:
            kind_view = term_view(_node(type_), lang) if type_ else None
            group = groups[key] = {"key": key, "rank": rank, "kind": kind_view,
                                   "predicate": term_view(predicate, lang), "items": []}
        group["items"].append(subject)
    ordered = sorted(groups.values(), key=lambda g: (g["rank"], (g["kind"] or {}).get("label") or "",
                                                     g["predicate"]["name"]))
    total = sum(len(g["items"]) for g in ordered)
    if kind is not None:
        ordered = [g for g in ordered if g["key"] == kind]
        if not ordered:
            raise NotFound("no such group of incoming links")
    seen: set[str] = set(shown_quotes or ())
    paging = None
    for group in ordered:
        views = sorted((term_view(s, lang) for s in group["items"]), key=_natural)
        group["total"] = len(views)
        if kind is None:
            shown = views[:min(per_page, PREVIEW)]
            group["more"] = _url(path, kind=group["key"]) if len(views) > len(shown) else None
        else:
            pages = max(1, -(-len(views) // per_page))
            if page > pages:
                raise NotFound("no such page")
            shown = views[(page - 1) * per_page: page * per_page]
            paging = {"page": page, "pages": pages, "total": len(views),
                      "prev": _url(path, kind=kind, page=page - 1) if page > 1 else None,
                      "next": _url(path, kind=kind, page=page + 1) if page < pages else None,
                      "all": _url(path)}
        group["links"] = [{"subject": view, "provenance": _unseen(provenance.get(view.get("iri", ""), []), seen,
                                                                      view.get("label"))}
                          for view in shown]
    return {"groups": ordered, "total": total, "kind": kind, "paging": paging}


def _natural(view: dict[str, Any]) -> list[Any]:
    """Document order: ``programme/2`` before ``programme/10`` (numbers compared as numbers)."""
    text = view.get("name") or view.get("value") or ""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]


def _unseen(quotes: list[dict[str, Any]], seen: set[str], label: str | None = None) -> list[dict[str, Any]]:
    """The quotes not shown yet in this list (one sentence naming six bodies is quoted once), nor the label again."""
    fresh = [q for q in quotes if q["exact"] not in seen and q["exact"] != label]
    seen.update(q["exact"] for q in fresh)
    return fresh


def _node(iri: str) -> Any:
    import pyoxigraph

    return pyoxigraph.NamedNode(iri)


def _url(path: str, **args: Any) -> str:
    keep = {k: v for k, v in request.args.items() if k in ("lang", "per_page")}
    return url_for("resources.resource", path=path, **keep, **args) + "#incoming"

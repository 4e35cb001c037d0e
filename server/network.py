"""The responsibility network on the web: /network (interactive), its data, an SVG and exports.

* ``/network`` — the page: filters (province, document, role), a Cytoscape.js view (vendored
  under ``static/network/``, no CDN, no inline script) that fetches ``/network/data.json``;
  clicking a node opens its resource page at ``/id/<path>``.
* ``/network/data.json`` — Cytoscape.js elements with seeded preset positions, the colours,
  the filter choices and counts.
* ``/network.svg`` — a static drawing for reports (seeded networkx layout).
* ``/network/export.<format>`` — GraphML, GEXF, node-link JSON, Cytoscape.js JSON or CSV.

Filters arrive as query parameters and are bound into the named queries, never spliced.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, request, url_for

from nghiquyet.graph.errors import NotFound
from nghiquyet.graph.network.terms import CATEGORIES, ROLES, resolve_role
from nghiquyet.server.etags import etag_for, not_modified
from nghiquyet.server.html import int_arg, label_of, local_url, render, settings
from nghiquyet.server.i18n import scoped, ui_language
from nghiquyet.server.store import get_store

if TYPE_CHECKING:  # networkx is imported by the views that draw or export a network, not with the app
    import networkx as nx

__all__ = ["bp", "network_for_request", "elements", "listing"]

bp = Blueprint("network", __name__)


def _t(key: str, lang: str) -> str:
    return scoped("network", lang)(key)


def _filters() -> dict[str, str | None]:
    values = {name: (request.args.get(name) or "").strip() or None for name in ("province", "document", "role")}
    if values["role"]:
        resolve_role(values["role"])  # 400 on an unknown role, before any query runs
    return values


def network_for_request(**filters: str | None) -> nx.MultiDiGraph:
    """The network of the app's store, filtered by ``province``, ``document`` and ``role``."""
    from nghiquyet.graph.network.build import responsibility_network

    current = settings()
    return responsibility_network(get_store(), base_iri=current.base_iri, queries_dir=current.queries_dir, **filters)


def _label(data: dict[str, Any], lang: str, fallback: str) -> str:
    other = "en" if lang == "vi" else "vi"
    return data.get(f"label_{lang}") or data.get(f"label_{other}") or data.get("label") or fallback


def elements(G: nx.MultiDiGraph, lang: str, *, seed: int = 42) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements for ``G``: labelled nodes with links and preset positions, and edges."""
    from nghiquyet.graph.network.render import layout

    positions = layout(G, seed=seed)
    nodes = []
    for node, data in sorted(G.nodes(data=True)):
        x, y = positions.get(node, (0.5, 0.5))
        nodes.append({
            "data": {
                "id": node,
                "label": _label(data, lang, node),
                "category": data.get("category", "other"),
                "kind": data.get("kind", ""),
                "province": data.get("province_label") or data.get("province", ""),
                "href": local_url(data.get("iri", "")) or "",
            },
            "position": {"x": round(x * 1000, 1), "y": round((1 - y) * 700, 1)},
        })
    edges = []
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        role = data.get("role", "")
        edges.append({"data": {
            "id": key, "source": u, "target": v, "role": role, "role_label": _t(f"role.{role}", lang),
            "relation": data.get("relation", "assignment"), "quote": data.get("quote", ""),
            "document": data.get("document", ""),
            "source_href": _source_link(data),
        }})
    return {"nodes": nodes, "edges": edges}


def listing(G: nx.MultiDiGraph, lang: str) -> list[dict[str, Any]]:
    """The network as text, for narrow screens and for reading: per body, each role and what it is for."""
    def node(key: str) -> dict[str, str]:
        data = G.nodes[key]
        return {"label": _label(data, lang, key), "href": local_url(data.get("iri", "")) or ""}

    order = {role: i for i, role in enumerate(ROLES)}
    bodies: dict[str, dict[str, Any]] = {}
    for u, v, _key, data in G.edges(keys=True, data=True):
        entry = bodies.setdefault(u, {**node(u), "assigned": []})
        entry["assigned"].append({"role": data.get("role", ""), "role_label": _t(f"role.{data.get('role', '')}", lang),
                               "target": node(v), "source_href": _source_link(data)})
    for entry in bodies.values():
        entry["assigned"].sort(key=lambda item: (order.get(item["role"], len(order)), item["target"]["label"]))
    return sorted(bodies.values(), key=lambda entry: entry["label"].casefold())


def _source_link(data: dict[str, Any]) -> str:
    assignment = data.get("assignment")
    return (local_url(settings().base_iri + assignment) or "") if assignment else ""


def _facets(lang: str) -> dict[str, list[dict[str, str]]]:
    G = network_for_request()
    base = settings().base_iri
    provinces = sorted({d["province"] for _, _, d in G.edges(data=True) if d.get("province")})
    documents = sorted({(d.get("province", ""), d["document"]) for _, _, d in G.edges(data=True) if d.get("document")})
    return {
        "province": [{"value": p.rsplit("/", 1)[-1], "label": label_of(base + p, lang) or p} for p in provinces],
        "document": [{"value": doc.split("/", 1)[-1], "label": label_of(base + doc, lang) or doc}
                     for _, doc in documents],
        "role": [{"value": role, "label": _t(f"role.{role}", lang)} for role in ROLES],
    }


def _style(lang: str) -> dict[str, Any]:
    from nghiquyet.graph.network.render import CATEGORY_COLOURS, CATEGORY_SHAPES, ROLE_COLOURS

    return {
        "roles": [{"role": r, "label": _t(f"role.{r}", lang), "colour": ROLE_COLOURS[r]} for r in ROLES],
        "categories": [{"category": c, "label": _t(f"cat.{c}", lang), "colour": CATEGORY_COLOURS[c],
                        "shape": CATEGORY_SHAPES[c]} for c in CATEGORIES],
    }


def _json(payload: Any, etag: str) -> Response:
    response = Response(json.dumps(payload, ensure_ascii=False), mimetype="application/json")
    response.set_etag(etag)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.get("/network")
def page() -> Response:
    """The interactive view with its filter form (options filled server-side)."""
    from nghiquyet.graph.network.export import MEDIA_TYPES

    lang = ui_language()
    filters = _filters()
    query = {k: v for k, v in filters.items() if v}
    return render(
        "network/index.html",
        listing=listing(network_for_request(**filters), lang),
        s=scoped("network", lang),
        facets=_facets(lang),
        style=_style(lang),
        filters=filters,
        data_url=url_for("network.data", **query, lang=lang),
        svg_url=url_for("network.svg", **query),
        exports=[(fmt, url_for("network.export", fmt=fmt, **query)) for fmt in MEDIA_TYPES],
    )


@bp.get("/network/data.json")
def data() -> Response:
    """Elements, colours, filter choices and counts for the page's script."""
    from nghiquyet.graph.network.analysis import summary

    lang = ui_language()
    filters = _filters()
    seed = int_arg("seed", 42) or 0
    etag = etag_for("network-data", lang, seed, *filters.values())
    cached = not_modified(etag, ("Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    G = network_for_request(**filters)
    info = summary(G, top=5)
    payload = {
        "elements": elements(G, lang, seed=seed),
        "style": _style(lang),
        "filters": filters,
        "counts": {"nodes": info["nodes"], "edges": info["edges"], "text": _t("counts", lang).format(**info)},
        "top_leads": info["top_leads"],
    }
    return _json(payload, etag)


@bp.get("/network.svg")
def svg() -> Response:
    """A static SVG drawing of the (filtered) network, seeded for reproducible reports."""
    from nghiquyet.graph.network.render import to_svg

    filters = _filters()
    seed = int_arg("seed", 42) or 0
    lang = ui_language()
    etag = etag_for("network-svg", lang, seed, *filters.values())
    cached = not_modified(etag, ("Accept-Language", "Cookie"))
    if cached is not None:
        return cached
    G = network_for_request(**filters)
    body = to_svg(G, seed=seed, lang=lang, title=_t("title", lang))
    response = Response(body, mimetype="image/svg+xml")
    response.set_etag(etag)
    return response


@bp.get("/network/export.<fmt>")
def export(fmt: str) -> Response:
    """The (filtered) network as GraphML, GEXF, node-link JSON, Cytoscape.js JSON or CSV."""
    from nghiquyet.graph.network.export import MEDIA_TYPES, dumps

    if fmt not in MEDIA_TYPES:
        raise NotFound(f"no network export in format {fmt!r}; try one of {', '.join(MEDIA_TYPES)}")
    G = network_for_request(**_filters())
    media_type, extension = MEDIA_TYPES[fmt]
    response = Response(dumps(G, fmt), content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="network.{extension}"'
    return response

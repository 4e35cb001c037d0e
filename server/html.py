"""Helpers shared by the people-facing blueprints: rendering, language, links, labels, caching.

Every HTML response gets a Content-Security-Policy without inline scripts; labels come from
one cached map per dataset version; IRIs of our own namespaces become local links.
"""

from __future__ import annotations

from typing import Any, Mapping

import pyoxigraph
from flask import Flask, Response, current_app, make_response, render_template, request, url_for

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.settings import ONTOLOGY_IRI, ONTOLOGY_NS, Settings
from nghiquyet.server.i18n import COOKIE, LANGUAGES, pick_label, translate, ui_language
from nghiquyet.server.store import get_store

__all__ = [
    "CSP", "PREFIXES", "OUTBOUND", "settings", "page_query", "labels", "label_of", "local_url", "compact", "term_view",
    "render", "int_arg", "init_app",
]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
PREFIXES: dict[str, str] = {
    "nq": ONTOLOGY_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "qudt": "http://qudt.org/schema/qudt/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "qb": "http://purl.org/linked-data/cube#",
    "vann": "http://purl.org/vocab/vann/",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
}
#: The predicates whose values are published web pages (a document's or a figure's source, a licence):
#: the only IRIs elsewhere that pages link to. Other IRIs (vocabulary terms, alignments) are shown, not linked.
OUTBOUND: frozenset[str] = frozenset({
    PREFIXES["dcterms"] + "source", PREFIXES["oa"] + "hasSource", ONTOLOGY_NS + "sourcePage",
    PREFIXES["dcterms"] + "license",
})
_LABELS_KEY = "nghiquyet.labels"


def settings() -> Settings:
    """The app's settings."""
    return current_app.config["NGHIQUYET"]


def page_query(name: str) -> str:
    """The text of ``queries/pages/<name>.rq``."""
    return query_text(f"pages/{name}", settings().queries_dir)


def labels() -> dict[str, list[tuple[str, str]]]:
    """Every label in the dataset, ``iri → [(text, language)]``, cached per dataset version."""
    store = get_store()
    version = store.version
    cached = current_app.extensions.get(_LABELS_KEY)
    if cached and cached[0] == version:
        return cached[1]
    table: dict[str, list[tuple[str, str]]] = {}
    for row in store.select(page_query("labels"), max_rows=None):
        subject, label = row.get("s"), row.get("label")
        if isinstance(subject, pyoxigraph.NamedNode) and isinstance(label, pyoxigraph.Literal):
            table.setdefault(subject.value, []).append((label.value, label.language or ""))
    for entries in table.values():
        entries.sort()
    current_app.extensions[_LABELS_KEY] = (version, table)
    return table


def label_of(iri: str, lang: str) -> str | None:
    """The best label of ``iri`` for ``lang``, if it has one."""
    return pick_label(labels().get(iri, ()), lang)


def local_url(iri: str) -> str | None:
    """Where ``iri`` is served on this site (ontology terms, /id/…, /dumps/…), else None."""
    base = settings().base_iri
    if iri.startswith(base) and len(iri) > len(base):
        return url_for("resources.resource", path=iri[len(base):])
    if iri.startswith(ONTOLOGY_NS):
        return url_for("pages.ontology") + "#" + iri[len(ONTOLOGY_NS):]
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/"):
        return url_for("pages.ontology")
    root = settings().site_root
    if iri.startswith(root) and root.endswith("/"):
        return "/" + iri[len(root):]
    return None


def compact(iri: str) -> str:
    """``prefix:local`` for well-known namespaces, the path for our own resources, else the IRI."""
    base = settings().base_iri
    if iri.startswith(base):
        return iri[len(base):]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def term_view(term: Any, lang: str, *, outbound: bool = False) -> dict[str, Any]:
    """What a template needs to show one RDF term (always rendered escaped); an IRI off this site is a
    link only when ``outbound`` (the value of an :data:`OUTBOUND` predicate)."""
    if isinstance(term, pyoxigraph.NamedNode):
        iri = term.value
        href = local_url(iri) or (iri if outbound and iri.startswith(("http://", "https://")) else None)
        return {"kind": "iri", "iri": iri, "href": href, "label": label_of(iri, lang), "name": compact(iri)}
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value if term.datatype else ""
        plain = datatype in (PREFIXES["xsd"] + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
        return {"kind": "literal", "value": term.value, "language": term.language or "",
                "datatype": "" if plain else compact(datatype)}
    return {"kind": "bnode", "value": str(term)}


def render(template: str, *, status: int = 200, **context: Any) -> Response:
    """Render ``template`` in the request's UI language; remember ``?lang=`` in a cookie."""
    lang = ui_language()
    response = make_response(render_template(template, lang=lang, **context), status)
    response.vary.update(("Accept-Language", "Cookie"))
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


def int_arg(name: str, default: int | None, *, minimum: int = 0) -> int | None:
    """An integer query parameter; :class:`BadParameter` (400) when it is not one."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 9 or int(raw) < minimum:
        raise BadParameter(f"parameter '{name}' must be a whole number ≥ {minimum}")
    return int(raw)


def _security_headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def _template_globals() -> Mapping[str, Any]:
    lang = ui_language()

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    def lang_url(code: str) -> str:
        args = request.args.to_dict(flat=True)
        args["lang"] = code
        return url_for(request.endpoint or "pages.home", **{**args, **(request.view_args or {})})

    return {"t": t, "lang_url": lang_url, "languages": LANGUAGES}


def init_app(app: Flask) -> None:
    """Security headers on every response; ``t()`` and language links in every template."""
    app.after_request(_security_headers)
    app.context_processor(_template_globals)

"""HTML documentation of ``ontology/nghiquyet.ttl`` generated with pyLODE, cached per file content.

pyLODE renders descriptions as Markdown and passes raw HTML through, so literals are escaped
before rendering and the page is served with a CSP that forbids every script.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import importlib.metadata
import logging
import re
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app, render_template

from nghiquyet.graph.settings import ONTOLOGY_NS, Settings

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["ONTOLOGY_CSP", "ontology_path", "ontology_html"]

log = logging.getLogger(__name__)

#: pyLODE pages carry inline styles and inline scripts we do not need: styles yes, scripts never.
ONTOLOGY_CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_CACHE_KEY = "nghiquyet.ontology_html"


def ontology_path(settings: Settings) -> Path | None:
    """The ontology source file, when it exists."""
    path = settings.ontology_dir / "nghiquyet.ttl"
    return path if path.is_file() else None


def ontology_html(path: Path, settings: Settings) -> tuple[str, str]:
    """``(html, content security policy)`` for ``path``; generated once per file content."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:20]
    memory = current_app.extensions.setdefault(_CACHE_KEY, {})
    if key in memory:
        return memory[key], ONTOLOGY_CSP
    disk = settings.data_dir / "cache" / f"ontology-{key}.html"
    if disk.is_file():
        document = disk.read_text(encoding="utf-8")
    else:
        document = _generate(data)
        try:
            disk.parent.mkdir(parents=True, exist_ok=True)
            disk.write_text(document, encoding="utf-8")
        except OSError as exc:  # a read-only data dir only costs regeneration
            log.warning("cannot cache the ontology documentation in %s: %s", disk, exc)
    memory.clear()
    memory[key] = document
    return document, ONTOLOGY_CSP


def _generate(data: bytes) -> str:
    from rdflib import Graph, Literal  # the ontology page's own import, not the app's

    graph = Graph().parse(data=data, format="turtle")
    escaped = Graph()
    for prefix, namespace in graph.namespaces():
        escaped.bind(prefix, namespace)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is None:
            o = Literal(html_lib.escape(str(o), quote=False), lang=o.language)
        escaped.add((s, p, o))
    try:
        ontpub = _ontpub_class()
        document = ontpub(ontology=escaped).make_html()
    except Exception as exc:  # pyLODE failures must not take the page down: plain listing instead
        log.warning("pyLODE could not document the ontology (%s); serving the plain listing", exc)
        return render_template("ontology_plain.html", terms=_terms(graph))
    return _add_term_anchors(_strip_scripts(document))


def _ontpub_class() -> type:
    """pyLODE's OntPub; works around pyLODE 3.4.1 reading its own pyproject.toml at import."""
    try:
        from pylode import OntPub
    except FileNotFoundError:
        for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
            del sys.modules[name]
        stub = types.ModuleType("pylode.version")
        stub.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub
        from pylode import OntPub
    return OntPub


def _strip_scripts(document: str) -> str:
    """Drop executable inline scripts; keep JSON-LD with ``</`` made harmless."""
    out, position = [], 0
    lower = document.lower()
    while True:
        start = lower.find("<script", position)
        if start < 0:
            out.append(document[position:])
            return "".join(out)
        end = lower.find("</script>", start)
        end = len(document) if end < 0 else end + len("</script>")
        out.append(document[position:start])
        block = document[start:end]
        if 'type="application/ld+json"' in block[: block.find(">") + 1]:
            head, _, rest = block.partition(">")
            body = rest[: -len("</script>")] if rest.endswith("</script>") else rest
            out.append(head + ">" + body.replace("</", "<\\/") + "</script>")
        position = end


_ENTITY = re.compile(r'<div class="[^"]*\bentity" id="([^"]*)">(?:(?!<div ).){0,800}?<code>'
                     + re.escape(ONTOLOGY_NS) + r'([A-Za-z0-9_\-]+)</code>', re.S)


def _add_term_anchors(document: str) -> str:
    """pyLODE derives ids from labels; add an anchor per local name so ``/ontology#Target`` lands."""
    taken = set(re.findall(r'\bid="([^"]*)"', document))
    out, position = [], 0
    for match in _ENTITY.finditer(document):
        local = match.group(2)
        if local in taken:
            continue
        taken.add(local)
        out.append(document[position:match.start()])
        out.append(f'<span id="{local}"></span>')
        position = match.start()
    out.append(document[position:])
    return "".join(out)


def _terms(graph: Graph) -> list[dict[str, str]]:
    """Classes and properties with their labels and comments, for the plain listing."""
    from rdflib import OWL, RDF, RDFS

    kinds = {OWL.Class: "class", OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property",
             RDF.Property: "property", OWL.AnnotationProperty: "annotation property"}
    terms = []
    for kind, name in kinds.items():
        for term in sorted(set(graph.subjects(RDF.type, kind))):
            labels = ", ".join(f"{label} @{label.language or '-'}" for label in graph.objects(term, RDFS.label))
            comment = " ".join(str(c) for c in graph.objects(term, RDFS.comment))
            iri = str(term)
            terms.append({"iri": iri, "anchor": iri.rsplit("#", 1)[-1], "kind": name, "labels": labels,
                          "comment": comment})
    return terms

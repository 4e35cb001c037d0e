"""The ontology for people: ``ontology/nghiquyet.ttl`` and its vocabularies (``ontology/vocab/*.ttl``) as one
page in the interface language, with a contents list and one section per term.

Every ``nq:`` class, property, concept scheme and concept gets an element whose id is its local name,
so ``/ontology#Target`` and ``/ontology#Equal`` land. Files are read with pyoxigraph (no SPARQL) and
the view is cached per file content and language.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pyoxigraph
from flask import current_app

from nghiquyet.graph.settings import ONTOLOGY_IRI, ONTOLOGY_NS, Settings
from nghiquyet.server.html import PREFIXES, compact, local_url
from nghiquyet.server.i18n import LANGUAGES, pick_label, translate

__all__ = ["ontology_path", "ontology_files", "ontology_view"]

_CACHE_KEY = "nghiquyet.ontology_view"
_RDF, _RDFS, _OWL, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]
TYPE = _RDF + "type"
#: The sections of the page, in order: key (for the interface strings and ids) and the rdf:type listed.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("classes", _OWL + "Class"),
    ("object_properties", _OWL + "ObjectProperty"),
    ("datatype_properties", _OWL + "DatatypeProperty"),
    ("annotation_properties", _OWL + "AnnotationProperty"),
    ("schemes", _SKOS + "ConceptScheme"),
)
_LABELS = (_SKOS + "prefLabel", _RDFS + "label")
_DEFINITIONS = (_SKOS + "definition", _RDFS + "comment", _DCT + "description")
#: Relations shown for a term: key (interface string) and predicate.
RELATIONS: tuple[tuple[str, str], ...] = (
    ("subclass_of", _RDFS + "subClassOf"), ("subproperty_of", _RDFS + "subPropertyOf"),
    ("domain", _RDFS + "domain"), ("range", _RDFS + "range"), ("inverse_of", _OWL + "inverseOf"),
    ("equivalent", _OWL + "equivalentClass"), ("broader", _SKOS + "broader"),
)


def ontology_path(settings: Settings) -> Path | None:
    """The ontology source file, when it exists."""
    path = settings.ontology_dir / "nghiquyet.ttl"
    return path if path.is_file() else None


def ontology_files(settings: Settings) -> list[Path]:
    """The ontology and its vocabularies, the ontology first."""
    main = ontology_path(settings)
    vocab = sorted((settings.ontology_dir / "vocab").glob("*.ttl")) if (settings.ontology_dir / "vocab").is_dir() else []
    return ([main] if main else []) + vocab


def ontology_view(settings: Settings, lang: str) -> dict[str, Any]:
    """Everything the page shows, in ``lang``; cached per file content."""
    files = ontology_files(settings)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:20]
    memory = current_app.extensions.setdefault(_CACHE_KEY, {})
    if memory.get("digest") != digest:
        memory.clear()
        memory["digest"] = digest
    if lang not in memory:
        memory[lang] = _view(_read(files, settings.base_iri), lang)
    return memory[lang]


def _read(files: list[Path], base_iri: str) -> dict[str, dict[str, list[Any]]]:
    """``subject → predicate → [objects]`` over all files (blank-node subjects left out)."""
    graph: dict[str, dict[str, list[Any]]] = {}
    for path in files:
        for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=base_iri):
            if isinstance(triple.subject, pyoxigraph.NamedNode):
                graph.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(triple.object)
    return graph


def _texts(values: list[Any]) -> list[tuple[str, str]]:
    return [(v.value, v.language or "") for v in values if isinstance(v, pyoxigraph.Literal)]


def _text(node: dict[str, list[Any]], predicates: tuple[str, ...], lang: str) -> tuple[str | None, str]:
    """The best literal of the first predicate that has one, and its language."""
    for predicate in predicates:
        texts = _texts(node.get(predicate, []))
        best = pick_label(texts, lang)
        if best is not None:
            return best, next((language for text, language in texts if text == best), "")
    return None, ""


def _other_label(node: dict[str, list[Any]], lang: str) -> tuple[str | None, str]:
    other = [code for code in LANGUAGES if code != lang]
    for predicate in _LABELS:
        for text, language in _texts(node.get(predicate, [])):
            if language in other:
                return text, language
    return None, ""


def _link(iri: str, graph: dict[str, dict[str, list[Any]]], lang: str) -> dict[str, Any]:
    """A related term: its label (ours) or prefixed name, and its local anchor or page."""
    label = _text(graph.get(iri, {}), _LABELS, lang)[0] if iri.startswith(ONTOLOGY_NS) else None
    return {"iri": iri, "name": compact(iri), "label": label, "href": local_url(iri)}


def _term(iri: str, graph: dict[str, dict[str, list[Any]]], lang: str) -> dict[str, Any]:
    node = graph.get(iri, {})
    label, label_lang = _text(node, _LABELS, lang)
    other, other_lang = _other_label(node, lang)
    definition, definition_lang = _text(node, _DEFINITIONS, lang)
    relations = []
    for key, predicate in RELATIONS:
        targets = sorted({o.value for o in node.get(predicate, []) if isinstance(o, pyoxigraph.NamedNode)})
        if targets:
            relations.append((translate("onto." + key, lang), [_link(t, graph, lang) for t in targets]))
    notation = next((o.value for o in node.get(_SKOS + "notation", [])), None)
    local = iri[len(ONTOLOGY_NS):]
    return {"iri": iri, "anchor": local, "name": "nq:" + local, "label": label or local, "label_lang": label_lang,
            "other": other if other != label else None, "other_lang": other_lang, "definition": definition,
            "definition_lang": definition_lang, "relations": relations, "notation": notation, "id": True}


def _view(graph: dict[str, dict[str, list[Any]]], lang: str) -> dict[str, Any]:
    """Header, contents and sections; a term listed twice (a body class is also a concept) has one id."""
    header = graph.get(ONTOLOGY_IRI, {})
    title = _text(header, (_DCT + "title",) + _LABELS, lang)
    description = _text(header, _DEFINITIONS, lang)
    licence = [o.value for o in header.get(_DCT + "license", []) if isinstance(o, pyoxigraph.NamedNode)]
    version = next((o.value for o in header.get(_OWL + "versionInfo", [])), None)
    typed: dict[str, set[str]] = {}
    for subject, predicates in graph.items():
        for kind in predicates.get(TYPE, []):
            typed.setdefault(kind.value, set()).add(subject)
    given: set[str] = set()
    sections = []
    for key, kind in SECTIONS:
        terms = [_term(iri, graph, lang) for iri in typed.get(kind, set()) if iri.startswith(ONTOLOGY_NS)]
        terms.sort(key=lambda term: term["label"].casefold())
        for term in terms:
            term["id"] = term["iri"] not in given
            given.add(term["iri"])
            if key == "schemes":
                term["concepts"] = _concepts(term["iri"], graph, lang, given)
            if key == "classes":
                term["properties"] = _properties_of(term["iri"], graph, typed, lang)
        if terms:
            sections.append({"key": key, "title": translate("onto." + key, lang), "terms": terms})
    rest = sorted(iri for iri in graph if iri.startswith(ONTOLOGY_NS) and iri not in given and TYPE in graph[iri])
    if rest:
        sections.append({"key": "other_terms", "title": translate("onto.other_terms", lang),
                         "terms": [_term(iri, graph, lang) for iri in rest]})
    return {"title": title[0] or "nghiquyet", "title_lang": title[1], "description": description[0],
            "description_lang": description[1], "licence": licence, "version": version, "namespace": ONTOLOGY_NS,
            "sections": sections, "count": sum(len(s["terms"]) for s in sections)}


def _concepts(scheme: str, graph: dict[str, dict[str, list[Any]]], lang: str, given: set[str]) -> list[dict[str, Any]]:
    """The concepts in ``scheme``: ours get an anchor here unless they already have one (a class)."""
    members = sorted(iri for iri, node in graph.items()
                     if any(o.value == scheme for o in node.get(_SKOS + "inScheme", [])))
    concepts = []
    for iri in members:
        if iri.startswith(ONTOLOGY_NS):
            concept = _term(iri, graph, lang)
            concept["id"] = iri not in given
            given.add(iri)
        else:
            concept = {**_link(iri, graph, lang), "id": False, "anchor": None, "relations": [], "definition": None,
                       "notation": next((o.value for o in graph[iri].get(_SKOS + "notation", [])), None)}
            concept["label"] = _text(graph[iri], _LABELS, lang)[0] or concept["name"]
        concepts.append(concept)
    return concepts


def _properties_of(cls: str, graph: dict[str, dict[str, list[Any]]], typed: dict[str, set[str]],
                   lang: str) -> list[dict[str, Any]]:
    """Our properties whose domain is ``cls``."""
    properties = typed.get(_OWL + "ObjectProperty", set()) | typed.get(_OWL + "DatatypeProperty", set())
    found = [iri for iri in properties if iri.startswith(ONTOLOGY_NS)
             and any(o.value == cls for o in graph[iri].get(_RDFS + "domain", []))]
    return sorted((_link(iri, graph, lang) for iri in found), key=lambda link: link["name"])

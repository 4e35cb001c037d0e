"""One page of every kind on the real build, for the browser tests of widths and languages."""

from __future__ import annotations

import requests

__all__ = ["PAGES", "EXTRA", "BASE", "page_paths"]

BASE = "https://w3id.org/nghiquyet/id/"
#: kind → path (None: found in the graph by :func:`page_paths`).
PAGES: dict[str, str | None] = {
    "home": "/", "query": "/query", "api": "/api", "progress": "/progress", "progress-province": "/progress/lai-chau",
    "network": "/network", "ontology": "/ontology", "search": "/search?q=r%E1%BB%ABng", "dumps": "/dumps/",
    "void": "/.well-known/void", "indicators": "/indicators", "indicator-comparison": "/indicators/forest-cover",
    "document": "/id/doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv",
    "programme": "/id/doc/lang-son-2020-chuong-trinh-hanh-dong-xvii/programme/5",
    "body": "/id/body/lang-son/ban-to-chuc-tinh-uy", "indicator": "/id/indicator/forest-cover",
    "province": "/id/province/lai-chau", "source": "/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv",
    "dataset": "/id/dataset", "not-found": "/id/no/such/thing",
}
NQ = "https://w3id.org/nghiquyet/ontology#"
#: kinds of /id page found in the graph: kind → class (the first instance by IRI).
_CLASSES = {
    "target": NQ + "Target", "observation": "http://purl.org/linked-data/cube#Observation", "plan": NQ + "PlanValue",
    "task": NQ + "Task", "objective": NQ + "Objective", "assignment": NQ + "Assignment", "part": NQ + "Part",
    "congress": NQ + "PartyCongress", "term": NQ + "Term", "conference": NQ + "Conference", "unit": NQ + "Unit",
    "province-change": NQ + "ProvinceChange", "statistical-indicator": NQ + "StatisticalIndicator",
    "post": "http://www.w3.org/ns/org#Post", "person": "http://xmlns.com/foaf/0.1/Person",
    "period": NQ + "ReferencePeriod",
}
_FIRST = ("target", "observation")
PAGES.update({kind: None for kind in _FIRST})
#: The other kinds of /id page (checked at 390 px only).
EXTRA = [kind for kind in _CLASSES if kind not in _FIRST]


def page_paths(site: str) -> dict[str, str]:
    """:data:`PAGES` with the first target and observation of the served graph."""
    found = {kind: path for kind, path in PAGES.items() if path}
    for kind, class_iri in _CLASSES.items():
        query = f"SELECT ?s WHERE {{ ?s a <{class_iri}> }} ORDER BY ?s LIMIT 1"
        response = requests.post(site + "/sparql", data={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        found[kind] = "/id/" + response.json()["results"]["bindings"][0]["s"]["value"].removeprefix(BASE)
    return found

"""A crawl of the real build served on 127.0.0.1: from / along every same-origin ``<a href>``, at most
1,200 requests, the next page always one of the kind seen least so far (so every kind is reached).

No page answers 4xx/5xx, every in-page anchor lands on an element id, every page kind is reached,
and the only links off the site are the documented ones: source pages of documents and figures and
licences (the values of the predicates in :data:`nghiquyet.server.html.OUTBOUND`, asked of the graph).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import pytest
import requests

from livesite import serve_app

LIMIT = 1200
#: Page kinds the crawl must reach: name → path pattern.
KINDS = {
    "home": r"/", "query": r"/query", "api": r"/api", "progress index": r"/progress",
    "progress of a province": r"/progress/[a-z-]+", "network": r"/network", "ontology": r"/ontology",
    "search": r"/search", "dumps": r"/dumps/", "void": r"/\.well-known/void", "indicators": r"/indicators",
    "indicator comparison": r"/indicators/[a-z0-9-]+", "document": r"/id/doc/[^/]+",
    "target": r"/id/doc/[^/]+/quantity/[^/]+", "programme": r"/id/doc/[^/]+/programme/[^/]+",
    "body": r"/id/body/.+", "indicator": r"/id/indicator/[^/]+", "province": r"/id/province/[^/]+",
    "observation": r"/id/statistics/.+/observation/.+", "source text": r"/source/[^/]+",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def shape(path: str, query: str) -> str:
    """What kind of page a path is: /id/doc/X/quantity/Y → id/doc/*/quantity, plus its parameter names."""
    parts = [p for p in path.split("/") if p]
    if parts[:2] == ["id", "doc"]:
        parts = ["id", "doc", "*"] + parts[3:4]
    elif parts[:1] == ["id"]:
        parts = parts[:2]
    elif parts:
        parts = parts[:1] + ["*"] * min(len(parts) - 1, 1)
    names = sorted({name for name, _ in parse_qsl(query)} - {"lang"})
    return "/".join(parts) + ("?" + "&".join(names) if names else "")


@dataclass
class Crawl:
    site: str
    status: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    anchors: list[tuple[str, str, str]] = field(default_factory=list)  # (page, target page, fragment)
    offsite: dict[str, str] = field(default_factory=dict)  # URL → page linking it
    left: int = 0

    def fetch(self, session: requests.Session, url: str) -> _Page | None:
        response = session.get(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=60)
        self.status[url] = response.status_code
        if "text/html" not in response.headers.get("Content-Type", ""):
            return None
        page = _Page()
        page.feed(response.text)
        self.ids[url] = page.ids
        return page

    def run(self, limit: int) -> "Crawl":
        session = requests.Session()
        seen_shapes: Counter[str] = Counter()
        queue: list[tuple[int, int, str]] = [(0, 0, self.site + "/")]
        queued, order = {self.site + "/"}, 0
        while queue and len(self.status) < limit:
            priority, _, url = heapq.heappop(queue)
            parts = urlsplit(url)
            now = seen_shapes[shape(parts.path, parts.query)]
            if now > priority:  # its kind was visited meanwhile: wait behind rarer kinds
                heapq.heappush(queue, (now, order, url))
                order += 1
                continue
            seen_shapes[shape(parts.path, parts.query)] += 1
            page = self.fetch(session, url)
            for href in page.links if page else []:
                full = urljoin(url, href)
                target = urlsplit(full)
                if target.scheme not in ("http", "https"):
                    continue
                if not full.startswith(self.site + "/"):
                    self.offsite.setdefault(full, url)
                    continue
                bare = full.split("#", 1)[0]
                if target.fragment:
                    self.anchors.append((url, bare, unquote(target.fragment)))
                if bare not in queued:
                    queued.add(bare)
                    order += 1
                    heapq.heappush(queue, (seen_shapes[shape(target.path, target.query)], order, bare))
        self.left = len(queue)
        for _, bare, _ in self.anchors:  # the pages anchors point into, when the crawl stopped before them
            if bare not in self.status and len(self.status) < limit + 300:
                self.fetch(session, bare)
        return self


@pytest.fixture(scope="module")
def site(built_settings) -> Iterator[str]:
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings)
    with serve_app(app) as url:
        yield url
    get_store(app).close()


@pytest.fixture(scope="module")
def crawl(site) -> Crawl:
    return Crawl(site).run(LIMIT)


def _documented(site: str) -> dict[str, set[str]]:
    """The off-site URLs the graph documents, by predicate (the pages' OUTBOUND predicates)."""
    from nghiquyet.server.html import OUTBOUND

    values = " ".join(f"<{p}>" for p in sorted(OUTBOUND))
    query = f"SELECT DISTINCT ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o)) }}"
    response = requests.post(site + "/sparql", data={"query": query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    response.raise_for_status()
    found: dict[str, set[str]] = {}
    for row in response.json()["results"]["bindings"]:
        found.setdefault(row["p"]["value"], set()).add(row["o"]["value"])
    return found


def test_no_page_answers_an_error(crawl) -> None:
    assert len(crawl.status) >= 500
    errors = {url: code for url, code in crawl.status.items() if code >= 400}
    assert errors == {}


def test_every_page_kind_is_reached(crawl) -> None:
    paths = [urlsplit(url).path for url in crawl.status]
    reached = {kind: sum(1 for p in paths if re.fullmatch(pattern, p)) for kind, pattern in KINDS.items()}
    assert all(reached.values()), {kind: n for kind, n in reached.items() if not n}


def test_every_in_page_anchor_lands(crawl) -> None:
    checked = [(page, target, fragment) for page, target, fragment in crawl.anchors if target in crawl.ids]
    dead = Counter((urlsplit(target).path, fragment) for page, target, fragment in checked
                   if fragment not in crawl.ids[target])
    assert len(checked) > 1000 and dead == Counter()
    assert any(urlsplit(target).path == "/ontology" for _, target, _ in checked)


def test_links_off_the_site_are_the_documented_sources_and_licences(crawl, site) -> None:
    documented = _documented(site)
    allowed = {urlsplit(url).netloc for urls in documented.values() for url in urls}
    hosts = {urlsplit(url).netloc for url in crawl.offsite}
    assert hosts <= allowed, {host: next(page for url, page in crawl.offsite.items() if urlsplit(url).netloc == host)
                              for host in hosts - allowed}
    linked = set(crawl.offsite)
    for predicate, urls in documented.items():  # each kind of documented link does appear on the pages
        assert linked & urls, predicate

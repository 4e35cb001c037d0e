"""``nghiquyet publish``: push the built graph to a standard SPARQL server, atomically for readers.

The local build (``settings.store_dir``) goes up one named graph at a time through the SPARQL 1.1
Graph Store Protocol, each into a fresh *staging* graph (``urn:x-nghiquyet:staging:<token>:<n>``).
Every staging graph is then counted on the server; only when each holds exactly its graph's
triples does one SPARQL Update request switch them all (``MOVE <staging> TO <graph>`` per graph,
``DROP`` of graphs the previous build published and this one does not: queries/store/*.rq). Both
Oxigraph and Virtuoso run one request as one transaction, so a reader sees the old build or the new
one, never half of a graph. What the server holds was published by us is read from the previous
build's VoID graph (``<base>graph/void``), so nothing else on the server is ever touched.

On any failure the staging graphs are dropped and :class:`~nghiquyet.graph.errors.PublishError`
names the step, the graph and the HTTP status; the published graphs are as they were.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

from nghiquyet.graph.endpoints import Endpoints, redact
from nghiquyet.graph.errors import PublishError, StoreError
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.resources import data_path
from nghiquyet.graph.settings import Settings

__all__ = ["RemotePublication", "publish_to_endpoint", "published_state", "http_session", "VOID_GRAPH"]

VOID_GRAPH = "graph/void"
STAGING = "urn:x-nghiquyet:staging:"
JSON_RESULTS = "application/sparql-results+json"
Progress = Callable[[str], None]


@dataclass
class RemotePublication:
    """What one publish sent: the build's version, triples per graph, graphs removed."""

    version: str
    graphs: dict[str, int]
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def http_session(settings: Settings, endpoints: Endpoints) -> requests.Session:
    """A session with the credentials of ``NGHIQUYET_ENDPOINT_USER`` / ``NGHIQUYET_ENDPOINT_PASSWORD``."""
    session = requests.Session()
    auth = settings.endpoint_auth
    if auth == "auto":
        auth = ("digest" if endpoints.kind == "virtuoso" else "basic") if settings.endpoint_user else "none"
    if auth == "digest":
        session.auth = requests.auth.HTTPDigestAuth(settings.endpoint_user, settings.endpoint_password)
    elif auth == "basic":
        session.auth = requests.auth.HTTPBasicAuth(settings.endpoint_user, settings.endpoint_password)
    return session


def _sparql(settings: Settings, name: str, **terms: ox.NamedNode) -> str:
    from nghiquyet.server.substitution import substitute  # binds typed terms, never raw text

    return substitute(query_text(f"store/{name}", data_path("queries")), terms)  # shipped, not configurable


def _call(session: requests.Session, method: str, url: str, settings: Settings, *, step: str,
          graph: str | None = None, **kwargs: Any) -> requests.Response:
    where = f" of graph <{graph}>" if graph else ""
    try:
        response = session.request(method, url, timeout=settings.endpoint_timeout, **kwargs)
    except requests.RequestException as exc:
        raise PublishError(f"{step}{where} failed: {method} {redact(url)} could not be reached "
                           f"({type(exc).__name__})", step=step, graph=graph) from None
    if response.status_code >= 300:
        detail = " ".join(response.text.split())[:300]
        raise PublishError(f"{step}{where} failed: {method} {redact(url)} answered HTTP {response.status_code} "
                           f"{response.reason}{': ' + detail if detail else ''}", step=step, graph=graph,
                           status=response.status_code)
    return response


def _select(session: requests.Session, endpoints: Endpoints, settings: Settings, query: str, *, step: str,
            graph: str | None = None) -> list[dict[str, str]]:
    response = _call(session, "POST", endpoints.query, settings, step=step, graph=graph, data={"query": query},
                     headers={"Accept": JSON_RESULTS})
    try:
        bindings = json.loads(response.content)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise PublishError(f"{step}: {redact(endpoints.query)} did not answer SPARQL JSON results",
                           step=step, graph=graph, status=response.status_code) from None
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def _update(session: requests.Session, endpoints: Endpoints, settings: Settings, update: str, *, step: str,
            graph: str | None = None) -> None:
    _call(session, "POST", endpoints.update, settings, step=step, graph=graph, data=update.encode("utf-8"),
          headers={"Content-Type": "application/sparql-update; charset=utf-8"})


def published_state(session: requests.Session, endpoints: Endpoints, settings: Settings) -> tuple[str | None, set[str]]:
    """(version, graphs) of the build the server holds now, from its VoID graph; (None, ∅) if none."""
    void = settings.base_iri + VOID_GRAPH
    rows = _select(session, endpoints, settings, _sparql(settings, "published-graphs", void=ox.NamedNode(void),
                   dataset=ox.NamedNode(settings.base_iri + "dataset")), step="read the published version")
    if not rows:
        return None, set()
    return rows[0]["version"], {row["graph"] for row in rows if "graph" in row} | {void}


def _local_graphs(store: ox.Store) -> dict[str, int]:
    graphs = {}
    for name in store.named_graphs():
        graphs[name.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, name))
    return {name: count for name, count in sorted(graphs.items()) if count}


def publish_to_endpoint(settings: Settings, endpoints: Endpoints, progress: Progress | None = None, *,
                        store_dir: Path | None = None) -> RemotePublication:
    """Upload the local build (``store_dir``, default the current one) to staging graphs, check
    them, then switch them in with one update."""
    progress = progress or (lambda _: None)
    started = time.perf_counter()
    store_dir = Path(store_dir or settings.store_dir)
    if not (store_dir / "CURRENT").exists():
        raise StoreError(f"no build at {store_dir}; run `nghiquyet build` first")
    version_file = store_dir / "VERSION"
    version = version_file.read_text(encoding="utf-8").strip() if version_file.exists() else ""
    try:
        store = ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_dir}: {exc}") from None
    graphs = _local_graphs(store)
    session = http_session(settings, endpoints)
    _, previous = published_state(session, endpoints, settings)
    token = f"{version[:12] or 'build'}-{secrets.token_hex(4)}"
    staging = {graph: f"{STAGING}{token}:{n}" for n, graph in enumerate(graphs)}
    uploaded: list[str] = []
    try:
        for n, (graph, count) in enumerate(graphs.items(), 1):
            body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            uploaded.append(staging[graph])
            _call(session, "PUT", endpoints.store, settings, step="upload", graph=graph,
                  params={"graph": staging[graph]}, data=body,
                  headers={"Content-Type": "text/turtle; charset=utf-8"})  # N-Triples is Turtle
            progress(f"[publish {n}/{len(graphs)}] {graph}: {count} triples uploaded")
        for graph, count in graphs.items():
            rows = _select(session, endpoints, settings,
                           _sparql(settings, "graph-size", graph=ox.NamedNode(staging[graph])), step="check", graph=graph)
            held = int(rows[0]["triples"]) if rows else 0
            if held != count:
                raise PublishError(f"check of graph <{graph}> failed: the server holds {held} of its {count} triples "
                                   f"after the upload", step="check", graph=graph)
        removed = sorted(previous - set(graphs))
        steps = [_sparql(settings, "move-graph", staging=ox.NamedNode(staging[g]), graph=ox.NamedNode(g)) for g in graphs]
        steps += [_sparql(settings, "drop-graph", graph=ox.NamedNode(g)) for g in removed]
        _update(session, endpoints, settings, " ;\n".join(steps), step="switch")
    except BaseException:
        _drop(session, endpoints, settings, uploaded)
        raise
    now, _ = published_state(session, endpoints, settings)
    if version and now != version:
        raise PublishError(f"switch failed: after it the server reports version {now!r}, not {version!r}",
                           step="switch")
    elapsed = time.perf_counter() - started
    progress(f"[publish] {sum(graphs.values())} triples in {len(graphs)} graphs, version {version[:12]} → "
             f"{redact(endpoints.store)} ({elapsed:.1f} s)")
    return RemotePublication(version, graphs, removed, elapsed)


def _drop(session: requests.Session, endpoints: Endpoints, settings: Settings, staging: list[str]) -> None:
    """Remove the staging graphs of a failed publish (best effort: the published ones are untouched)."""
    if not staging:
        return
    try:
        _update(session, endpoints, settings,
                " ;\n".join(_sparql(settings, "drop-graph", graph=ox.NamedNode(g)) for g in staging), step="clean up")
    except PublishError:
        pass

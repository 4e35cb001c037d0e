"""``nghiquyet publish``: push the built graph to a standard SPARQL server, atomically for readers.

The local build (``settings.store_dir``) goes up one named graph at a time through the SPARQL 1.1
Graph Store Protocol under its own *stored* names, ``<base>build/<token>/graph/…``, after a
description of the build (graph/publication.py). Every stored graph is then counted on the
server; only when each holds exactly its graph's triples does one SPARQL Update request move the
pointer (queries/store/point-to.rq, unpoint.rq). No graph a reader may be reading ever changes,
so readers see the old build or the new one on any server, whatever its isolation (Virtuoso
runs the operations of one update without isolation from readers). Builds superseded more than
``endpoint_keep_seconds`` ago are dropped afterwards; the previous one always stays. What the
server holds was published by us is read from the builds' descriptions, so nothing else on the
server is ever touched.

On any failure the new build's graphs are deleted and
:class:`~nghiquyet.graph.errors.PublishError` names the step, the graph and the HTTP status; the
published build is as it was.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

from nghiquyet.graph.endpoints import Endpoints, redact
from nghiquyet.graph.errors import PublishError, StoreError
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.graph.publication import DATASET, POINTER_GRAPH, Published, build_iri, current_build, stored_name
from nghiquyet.graph.resources import data_path
from nghiquyet.graph.settings import Settings

__all__ = ["RemotePublication", "publish_to_endpoint", "published_build", "http_session"]

JSON_RESULTS = "application/sparql-results+json"
DCTERMS = "http://purl.org/dc/terms/"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
Progress = Callable[[str], None]


@dataclass
class RemotePublication:
    """What one publish sent: the build's version, triples per graph, graphs removed, builds dropped."""

    version: str
    graphs: dict[str, int]
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""
    dropped: list[str] = field(default_factory=list)

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


def _sparql(name: str, **terms: ox.NamedNode | ox.Literal) -> str:
    from nghiquyet.server.substitution import substitute  # binds typed terms, never raw text

    return substitute(query_text(f"store/{name}", data_path("queries")), terms)  # shipped, not configurable


def _names(settings: Settings) -> dict[str, ox.NamedNode]:
    return {"pointer": ox.NamedNode(settings.base_iri + POINTER_GRAPH),
            "dataset": ox.NamedNode(settings.base_iri + DATASET)}


def _call(session: requests.Session, method: str, url: str, settings: Settings, *, step: str,
          graph: str | None = None, ok: tuple[int, ...] = (), **kwargs: Any) -> requests.Response:
    where = f" of graph <{graph}>" if graph else ""
    try:
        response = session.request(method, url, timeout=settings.endpoint_timeout, **kwargs)
    except requests.RequestException as exc:
        raise PublishError(f"{step}{where} failed: {method} {redact(url)} could not be reached "
                           f"({type(exc).__name__})", step=step, graph=graph) from None
    if response.status_code >= 300 and response.status_code not in ok:
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


def _put(session: requests.Session, endpoints: Endpoints, settings: Settings, name: str, body: bytes, *,
         graph: str) -> None:
    _call(session, "PUT", endpoints.store, settings, step="upload", graph=graph, params={"graph": name}, data=body,
          headers={"Content-Type": "text/turtle; charset=utf-8"})  # N-Triples is Turtle


def published_build(session: requests.Session, endpoints: Endpoints, settings: Settings) -> Published | None:
    """The build readers see on the server now (None: nothing published there by us)."""
    rows = _select(session, endpoints, settings, _sparql("current-build", **_names(settings)),
                   step="read the published build")
    return current_build(settings.base_iri, rows)


def _local_graphs(store: ox.Store) -> dict[str, int]:
    graphs = {}
    for name in store.named_graphs():
        graphs[name.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, name))
    return {name: count for name, count in sorted(graphs.items()) if count}


def _description(settings: Settings, build: str, version: str, stored: list[str], created: datetime) -> bytes:
    node = ox.NamedNode(build)
    triples = [ox.Triple(node, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(version)),
               ox.Triple(node, ox.NamedNode(DCTERMS + "isVersionOf"), ox.NamedNode(settings.base_iri + DATASET)),
               ox.Triple(node, ox.NamedNode(DCTERMS + "created"), _datetime(created))]
    triples += [ox.Triple(node, ox.NamedNode(DCTERMS + "hasPart"), ox.NamedNode(name)) for name in stored]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def publish_to_endpoint(settings: Settings, endpoints: Endpoints, progress: Progress | None = None, *,
                        store_dir: Path | None = None) -> RemotePublication:
    """Upload the local build (``store_dir``, default the current one) under new graph names, check
    them, point readers at them with one update, then drop builds no reader needs any more."""
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
    outside = [g for g in graphs if not g.startswith(settings.base_iri)]
    if outside:
        raise PublishError(f"graph <{outside[0]}> is not under the base IRI {settings.base_iri}", step="upload",
                           graph=outside[0])
    session = http_session(settings, endpoints)
    previous = published_build(session, endpoints, settings)
    now = datetime.now(timezone.utc)
    token = f"{now:%Y%m%dT%H%M%S%fZ}-{version[:12] or 'build'}-{secrets.token_hex(3)}"
    build = build_iri(settings.base_iri, token)
    stored = {graph: stored_name(settings.base_iri, token, graph) for graph in graphs}
    uploaded: list[str] = [build]
    try:
        _put(session, endpoints, settings, build, _description(settings, build, version, sorted(stored.values()), now),
             graph=build)
        for n, (graph, count) in enumerate(graphs.items(), 1):
            uploaded.append(stored[graph])
            _put(session, endpoints, settings, stored[graph],
                 store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)), graph=graph)
            progress(f"[publish {n}/{len(graphs)}] {graph}: {count} triples uploaded")
        for graph, count in graphs.items():
            rows = _select(session, endpoints, settings, _sparql("graph-size", graph=ox.NamedNode(stored[graph])),
                           step="check", graph=graph)
            held = int(rows[0]["triples"]) if rows else 0
            if held != count:
                raise PublishError(f"check of graph <{graph}> failed: the server holds {held} of its {count} triples "
                                   f"after the upload", step="check", graph=graph)
        names = _names(settings)
        steps = [_sparql("point-to", build=ox.NamedNode(build), issued=_datetime(datetime.now(timezone.utc)), **names)]
        steps += [_sparql("unpoint", build=ox.NamedNode(old), **names) for old in _pointed(session, endpoints, settings)]
        _update(session, endpoints, settings, " ;\n".join(steps), step="switch")
    except BaseException:
        _delete(session, endpoints, settings, uploaded)
        raise
    current = published_build(session, endpoints, settings)
    if current is None or current.build != build:
        raise PublishError(f"switch failed: after it the server points at {current.build if current else 'nothing'}, "
                           f"not {build}", step="switch")
    dropped = _drop_old(session, endpoints, settings, build, previous.build if previous else None)
    elapsed = time.perf_counter() - started
    removed = sorted(set(previous.graphs) - set(graphs)) if previous else []
    progress(f"[publish] {sum(graphs.values())} triples in {len(graphs)} graphs, version {version[:12]} → "
             f"{redact(endpoints.store)} as {build} ({elapsed:.1f} s; {len(dropped)} old builds dropped)")
    return RemotePublication(version, graphs, removed, elapsed, build, dropped)


def _pointed(session: requests.Session, endpoints: Endpoints, settings: Settings) -> list[str]:
    rows = _select(session, endpoints, settings, _sparql("current-build", **_names(settings)), step="switch")
    return sorted({row["build"] for row in rows})


def _drop_old(session: requests.Session, endpoints: Endpoints, settings: Settings, current: str,
              previous: str | None) -> list[str]:
    """Drop the builds no reader can still be using: not the current or previous one, superseded
    (or, never switched in, uploaded) more than ``endpoint_keep_seconds`` ago."""
    rows = _select(session, endpoints, settings, _sparql("builds", **_names(settings)), step="drop old builds")
    builds: dict[str, tuple[datetime | None, list[str]]] = {}
    for row in rows:
        issued, parts = builds.setdefault(row["build"], (_parse(row.get("issued")), []))
        if "graph" in row:
            parts.append(row["graph"])
    switched = sorted((b for b, (issued, _) in builds.items() if issued), key=lambda b: (builds[b][0], b))
    horizon = datetime.now(timezone.utc).timestamp() - settings.endpoint_keep_seconds
    dropped = []
    for build, (issued, parts) in sorted(builds.items()):
        if build in (current, previous):
            continue
        if issued:
            later = switched[switched.index(build) + 1:]
            since = builds[later[0]][0].timestamp() if later else None  # superseded then
        else:
            since = _parse(_token_time(build)).timestamp() if _token_time(build) else None
        if since is not None and since <= horizon:
            _delete(session, endpoints, settings, [build, *parts], step="drop old builds")
            _update(session, endpoints, settings, _sparql("forget-build", build=ox.NamedNode(build), **_names(settings)),
                    step="drop old builds")
            dropped.append(build)
    return dropped


def _delete(session: requests.Session, endpoints: Endpoints, settings: Settings, graphs: list[str], *,
            step: str = "clean up") -> None:
    """Delete ``graphs`` with the Graph Store Protocol (a missing one is fine). During the clean-up
    of a failed publish this is best effort: the published build is untouched either way."""
    for name in graphs:
        try:
            _call(session, "DELETE", endpoints.store, settings, step=step, graph=name, params={"graph": name},
                  ok=(404,))
        except PublishError:
            if step != "clean up":
                raise


def _datetime(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), datatype=ox.NamedNode(XSD_DATETIME))


def _parse(value: str | None) -> datetime | None:
    """An ``xsd:dateTime`` as the server writes it (``Z``, an offset, or none: UTC)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _token_time(build: str) -> str | None:
    """The upload time written at the start of a build's token (``…/build/20261206T195000123456Z-…``)."""
    stamp = build.rsplit("/", 1)[-1].split("-", 1)[0]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc).isoformat()
    except ValueError:
        return None

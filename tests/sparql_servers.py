"""Standard SPARQL servers that ``nghiquyet publish`` uploads to, started on 127.0.0.1 by the tests.

``Target`` is one running server: its endpoints, the settings that carry its credentials, and how
to read back what it holds (``graph_quads``, ``select``). ``oxigraph_target`` starts a writable
Oxigraph server (``tests/oxigraph_server.py``); ``virtuoso_target`` a Virtuoso Open Source
(Debian ``virtuoso-opensource``) with its own ``virtuoso.ini``, ports and database folder; the
tests skip, saying so, when it is not installed.
"""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from oxigraph_server import oxigraph_writable_server

from nghiquyet.graph.endpoints import Endpoints
from nghiquyet.graph.remote_publish import http_session
from nghiquyet.graph.settings import Settings

__all__ = ["Target", "oxigraph_target", "virtuoso_target", "derived_build", "STARTERS", "BASE"]

BASE = "https://w3id.org/nghiquyet/id/"
#: What readers are pointed at, read here with the tests' own query: the builds the pointer graph
#: names, each with its version and stored graphs (graph/publication.py).
POINTED = f"""PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?build ?version ?graph WHERE {{
  GRAPH <{BASE}graph/publication> {{ <{BASE}dataset> dcterms:hasVersion ?build }}
  GRAPH ?build {{ ?build dcterms:identifier ?version ; dcterms:hasPart ?graph }}
}}"""


@dataclass
class Target:
    """A running SPARQL server and how to publish to it."""

    name: str
    root: str  # what is given to --endpoint
    endpoints: Endpoints
    env: dict[str, str]  # NGHIQUYET_ENDPOINT_* for a `nghiquyet publish` process

    def settings(self, settings: Settings) -> Settings:
        """``settings`` with this server's credentials."""
        return dataclasses.replace(settings, endpoint_user=self.env.get("NGHIQUYET_ENDPOINT_USER", ""),
                                   endpoint_password=self.env.get("NGHIQUYET_ENDPOINT_PASSWORD", ""))

    def session(self) -> requests.Session:
        return http_session(self.settings(Settings.from_env()), self.endpoints)

    def select(self, query: str) -> list[dict[str, str]]:
        response = requests.post(self.endpoints.query, data={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=60)
        response.raise_for_status()
        return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]

    def graph_quads(self, graph: str, name_as: str | None = None) -> list[ox.Quad]:
        """The quads of ``graph`` as the server returns them (Graph Store Protocol GET), in the
        graph ``name_as`` (default ``graph``)."""
        response = self.session().get(self.endpoints.store, params={"graph": graph},
                                      headers={"Accept": "text/turtle"}, timeout=60)
        if response.status_code == 404:
            return []
        response.raise_for_status()
        name = ox.NamedNode(name_as or graph)
        return [ox.Quad(t.subject, t.predicate, t.object, name)
                for t in (q.triple for q in ox.parse(response.content, ox.RdfFormat.TURTLE))]

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph of ours (base IRI) or of example.org, as the server counts them."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } "
                           "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/nghiquyet/') || "
                           "STRSTARTS(STR(?g), 'http://example.org/')) } GROUP BY ?g")
        return {row["g"]: int(row["n"]) for row in rows}

    def pointed(self) -> tuple[str, str, dict[str, str]]:
        """(build, version, public graph name → stored name) of the one build readers are pointed at."""
        rows = self.select(POINTED)
        builds = {row["build"] for row in rows}
        assert len(builds) == 1, f"readers are pointed at {len(builds)} builds: {sorted(builds)}"
        build = builds.pop()
        prefix = build + "/"
        graphs = {BASE + row["graph"][len(prefix):]: row["graph"] for row in rows}
        assert all(stored.startswith(prefix) for stored in graphs.values()), graphs
        return build, rows[0]["version"], graphs

    def builds(self) -> list[str]:
        """The description graphs of every build on the server, oldest first."""
        return sorted(g for g in self.graph_sizes() if g.startswith(BASE + "build/") and g.count("/") == BASE.count("/") + 1)


@contextmanager
def oxigraph_target(tmp: Path) -> Iterator[Target]:
    """A fresh writable Oxigraph server (no credentials)."""
    with oxigraph_writable_server(tmp / "oxigraph-store") as root:
        yield Target("oxigraph", root + "/", Endpoints.derive(root + "/"), {})


VIRTUOSO_STARTUP_SECONDS = 180
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""
#: A new Virtuoso database has the administrator ``dba`` with password ``dba``; its digest-protected
#: ``/sparql-auth`` and ``/sparql-graph-crud-auth`` accept updates from it without further grants.
VIRTUOSO_CREDENTIALS = {"NGHIQUYET_ENDPOINT_USER": "dba", "NGHIQUYET_ENDPOINT_PASSWORD": "dba"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def virtuoso_target(tmp: Path) -> Iterator[Target]:
    """A fresh Virtuoso Open Source server on free loopback ports, stopped by its pid."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso Open Source is not installed (apt-get install virtuoso-opensource: /usr/bin/virtuoso-t)")
    db = tmp / "virtuoso-db"
    db.mkdir(parents=True)
    http_port = _free_port()
    ini = tmp / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=_free_port(), http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=tmp,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + VIRTUOSO_STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                log = (db / "virtuoso.log").read_text(errors="replace") if (db / "virtuoso.log").exists() else ""
                raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {log[-800:]}")
            try:
                if requests.get(root + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not answer within {VIRTUOSO_STARTUP_SECONDS} s")
            time.sleep(0.5)
        url = root + "/sparql"
        yield Target("virtuoso", url, Endpoints.derive(url, authenticated=True), dict(VIRTUOSO_CREDENTIALS))
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


STARTERS = {"oxigraph": oxigraph_target, "virtuoso": virtuoso_target}


def derived_build(source: Path, target: Path, drop_graph: str, version: str) -> Path:
    """Another build made from the store at ``source``: without ``drop_graph`` (and its VoID
    entry), with dataset version ``version``; returns the new store directory."""
    dcterms_identifier = ox.NamedNode("http://purl.org/dc/terms/identifier")
    sd_name = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#name")
    old = ox.Store.read_only(str(source))
    dropped = ox.NamedNode(drop_graph)
    subsets = {q.subject for q in old.quads_for_pattern(None, sd_name, dropped)}
    store = ox.Store(str(target))
    quads = []
    for quad in old:
        if quad.graph_name == dropped or quad.subject in subsets or quad.object in subsets:
            continue
        if quad.predicate == dcterms_identifier and quad.graph_name.value.endswith("graph/void"):
            quad = ox.Quad(quad.subject, quad.predicate, ox.Literal(version), quad.graph_name)
        quads.append(quad)
    store.bulk_extend(quads)
    store.flush()
    del store
    (target / "VERSION").write_text(version + "\n", encoding="utf-8")
    return target

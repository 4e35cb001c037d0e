"""``nghiquyet publish --endpoint URL``: push the local build to a standard SPARQL server.

Graph Store Protocol uploads under the build's own graph names, then one SPARQL Update moves the
pointer readers follow (:mod:`nghiquyet.graph.remote_publish`, :mod:`nghiquyet.graph.publication`). Credentials come from ``NGHIQUYET_ENDPOINT_USER`` and
``NGHIQUYET_ENDPOINT_PASSWORD`` (never from the command line, where other users could read them).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nghiquyet.graph.build import stderr_progress
from nghiquyet.graph.endpoints import SERVER_KINDS, Endpoints, redact
from nghiquyet.graph.remote_publish import publish_to_endpoint
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True,
                        help="the server's root or one of its service URLs (http://host:7878/ for Oxigraph, "
                             "http://host:8890/sparql for Virtuoso)")
    parser.add_argument("--server", choices=SERVER_KINDS, default="auto",
                        help="kind of server, for the derived URLs (default: from the URL's path, else oxigraph)")
    parser.add_argument("--query-url", help="SPARQL query URL (default: derived)")
    parser.add_argument("--update-url", help="SPARQL update URL (default: derived)")
    parser.add_argument("--gsp-url", help="Graph Store Protocol URL (default: derived)")
    parser.add_argument("--store", help="publish this Oxigraph store directory (default: the current build)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")


def run(args: argparse.Namespace, settings: Settings) -> int:
    endpoints = Endpoints.derive(args.endpoint, kind=args.server, query=args.query_url, update=args.update_url,
                                 store=args.gsp_url, authenticated=bool(settings.endpoint_user))
    store_dir = Path(args.store) if args.store else None
    result = publish_to_endpoint(settings, endpoints, None if args.quiet else stderr_progress, store_dir=store_dir)
    removed = f", {len(result.removed)} graphs removed" if result.removed else ""
    print(f"published {result.triples} triples in {len(result.graphs)} graphs, version {result.version[:12]} "
          f"to {redact(endpoints.store)}{removed} ({result.seconds:.1f} s)")
    return 0


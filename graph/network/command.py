"""``nghiquyet network``: export the responsibility network, or print its analysis.

Examples::

    nghiquyet network --format gexf --output network.gexf
    nghiquyet network --province lang-son --role lead --format csv
    nghiquyet network --document lai-chau-2020-nghi-quyet-dai-hoi-xiv --summary
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nghiquyet.graph.errors import StoreError
from nghiquyet.graph.network.analysis import summary
from nghiquyet.graph.network.build import responsibility_network
from nghiquyet.graph.network.export import FORMATS, dumps
from nghiquyet.graph.network.render import to_svg
from nghiquyet.graph.network.terms import ROLES
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run", "open_store"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``nghiquyet network``."""
    parser.add_argument("--province", help="only documents of this province (slug, name or IRI)")
    parser.add_argument("--document", help="only this document (doc id or IRI)")
    parser.add_argument("--role", choices=sorted(ROLES), help="only assignments in this role")
    parser.add_argument("--format", dest="fmt", choices=FORMATS + ("svg",), default="json",
                        help="export format (default: json, node-link)")
    parser.add_argument("--output", "-o", type=Path, help="write to this file (default: standard output)")
    parser.add_argument("--summary", action="store_true",
                        help="print the analysis (counts, centralities, top leads) as JSON instead")
    parser.add_argument("--top", type=int, default=10, help="length of ranked lists in --summary")
    parser.add_argument("--seed", type=int, default=42, help="layout seed for --format svg")
    parser.add_argument("--store", type=Path, help="store directory (default: <data-dir>/store)")


def open_store(path: Path) -> Any:
    """Open the on-disk Oxigraph store at ``path`` read-only.

    Raises
    ------
    StoreError
        If there is no store there.
    """
    import pyoxigraph

    if not path.is_dir() or not any(path.iterdir()):
        raise StoreError(f"no store at {path}; run 'nghiquyet build' first")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Build the (filtered) network and write it; exit code 0."""
    store = open_store(args.store or settings.store_dir)
    G = responsibility_network(
        store,
        province=args.province,
        document=args.document,
        role=args.role,
        base_iri=settings.base_iri,
        queries_dir=settings.queries_dir,
    )
    if args.summary:
        payload = (json.dumps(summary(G, top=args.top), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif args.fmt == "svg":
        payload = to_svg(G, seed=args.seed).encode("utf-8")
    else:
        payload = dumps(G, args.fmt)
    if args.output:
        args.output.write_bytes(payload)
        print(f"wrote {G.number_of_nodes()} nodes and {G.number_of_edges()} edges to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    return 0

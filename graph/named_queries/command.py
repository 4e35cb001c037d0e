"""``nghiquyet query NAME --param key=value … --format csv|json|records|table`` and ``--list``.

Runs against the local on-disk store (``settings.store_dir``), so results can be piped, e.g.
``nghiquyet query quantities -p province=province/lai-chau -f csv | python -c 'import pandas …'``.
"""

from __future__ import annotations

import argparse
import sys

from nghiquyet.graph.errors import BadParameter, NotFound
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the ``query`` subcommand."""
    parser.add_argument("name", nargs="?", help="query name (see --list)")
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                        help="a parameter value; IRIs may be relative to the base IRI (province/lai-chau)")
    parser.add_argument("-f", "--format", choices=("table", "csv", "json", "records"), default="table",
                        help="table (default), csv, json (SPARQL results) or records (plain JSON)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """List the queries, or run one and print the whole result (capped by settings.max_rows)."""
    from nghiquyet.graph.named_queries.formats import render
    from nghiquyet.graph.named_queries.loader import load_queries
    from nghiquyet.graph.named_queries.params import bind
    from nghiquyet.graph.named_queries.runner import open_store, run_all

    queries = load_queries(settings.queries_dir)
    if args.list or not args.name:
        sys.stdout.write(_listing(queries))
        return 0
    query = queries.get(args.name)
    if query is None:
        raise NotFound(f"no query named {args.name!r}; try --list")
    raw: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise BadParameter(f"--param {item!r}: expected KEY=VALUE")
        if key in raw:
            raise BadParameter(f"parameter {key!r} given twice")
        raw[key] = value
    bindings = bind(query, raw, base_iri=settings.base_iri)
    page = run_all(open_store(settings.store_dir), query, bindings, max_rows=settings.max_rows)
    text = render(page, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _listing(queries: dict) -> str:
    lines = []
    for name, query in queries.items():
        lines.append(f"{name}: {query.summary}")
        for p in query.parameters:
            kind = f"enum {'|'.join(p.values)}" if p.values else p.type
            flag = " (required)" if p.required else ""
            example = f"  e.g. {p.example}" if p.example else ""
            lines.append(f"    --param {p.name}=<{kind}>{flag}{example}")
    return "\n".join(lines) + "\n"

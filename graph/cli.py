"""The ``nghiquyet`` command: a thin dispatcher over one module per subcommand.

Each command module exposes ``add_arguments(parser)`` and ``run(args, settings) -> int``.
Exit codes: 0 success, 1 validation failed / not conforming, 2 bad input or runtime error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from nghiquyet.graph.errors import NghiquyetError
from nghiquyet.graph.settings import Settings

__all__ = ["main", "COMMANDS"]

COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("nghiquyet.graph.commands.extract", "extract records from documents (csv or json)"),
    "validate": ("nghiquyet.graph.commands.validate", "extract, map and validate; publish nothing"),
    "build": ("nghiquyet.graph.commands.build", "validate, then publish the store, dumps and VoID"),
    "serve": ("nghiquyet.server.command", "serve the graph over HTTP (builds it first if needed)"),
    "query": ("nghiquyet.graph.named_queries.command", "run a named query against the local store"),
    "link": ("nghiquyet.graph.statistics.command_link", "pull observations from a SPARQL endpoint"),
    "stats": ("nghiquyet.graph.statistics.command_import", "import statistics files into the cube"),
    "network": ("nghiquyet.graph.network.command", "export the responsibility network"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nghiquyet", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="where the store and dumps live (default: ./var)")
    parser.add_argument("--base-iri", help="base IRI of minted resources")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not exc.name or not module_name.startswith(exc.name):
                raise
            command_parser.set_defaults(_missing=module_name)
            continue
        module.add_arguments(command_parser)
        command_parser.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    if getattr(args, "_missing", None):
        print(f"nghiquyet: command {args.command!r} is not available in this installation", file=sys.stderr)
        return 2
    settings = Settings.from_env(data_dir=args.data_dir, base_iri=args.base_iri)
    try:
        return int(args._module.run(args, settings) or 0)
    except NghiquyetError as exc:
        print(f"nghiquyet {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

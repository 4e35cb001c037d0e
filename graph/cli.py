"""The ``nghiquyet`` command: a thin dispatcher over one module per subcommand.

Each command module exposes ``add_arguments(parser)`` and ``run(args, settings) -> int``.
Exit codes are decided here and only here: 0 success, 1 validation failed (the graph does not
conform), 2 anything else, with one line on stderr naming what was wrong (the traceback too with
``--debug``). A reader that stops early (``nghiquyet extract … | head``) is not an error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from typing import Sequence

from nghiquyet.graph.errors import NghiquyetError
from nghiquyet.graph.settings import Settings

__all__ = ["main", "COMMANDS"]

COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("nghiquyet.graph.commands.add", "add .txt, .html, .pdf files or URLs to a corpus, metadata inferred"),
    "extract": ("nghiquyet.graph.commands.extract", "extract records from documents (csv or json)"),
    "validate": ("nghiquyet.graph.commands.validate", "extract, map and validate; publish nothing"),
    "build": ("nghiquyet.graph.commands.build", "validate, then publish the store, dumps and VoID"),
    "publish": ("nghiquyet.graph.commands.publish", "push the build to a SPARQL server (Graph Store Protocol)"),
    "serve": ("nghiquyet.server.command", "serve the graph over HTTP (builds it first if needed)"),
    "query": ("nghiquyet.graph.named_queries.command", "run a named query against the local store"),
    "link": ("nghiquyet.graph.statistics.command_link", "pull observations from a SPARQL endpoint"),
    "stats": ("nghiquyet.graph.statistics.command_import", "import statistics files into the cube"),
    "network": ("nghiquyet.graph.network.command", "export the responsibility network"),
}


_VALUED = ("--data-dir", "--base-iri")  # global options that take a value


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not a global option or its value)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _VALUED:
            skip = True
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (``nghiquyet --help`` imports none)."""
    parser = argparse.ArgumentParser(prog="nghiquyet", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="where the store and dumps live (default: ./var)")
    parser.add_argument("--base-iri", help="base IRI of minted resources")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an error")
    common = argparse.ArgumentParser(add_help=False)  # --debug after the command name too
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = _chosen(argv)
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        if name != chosen:
            continue
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
    """Entry point of the console script: run the command, map what it raises to an exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser(argv).parse_args(argv)
    if getattr(args, "_missing", None):
        print(f"nghiquyet: command {args.command!r} is not available in this installation", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env(data_dir=args.data_dir, base_iri=args.base_iri)
        code = int(args._module.run(args, settings) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        _discard_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except NghiquyetError as exc:
        _report(args, str(exc) or type(exc).__name__)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the one place that turns any error into exit 2
        _report(args, f"unexpected error: {type(exc).__name__}: {exc}"
                      + ("" if args.debug else " (run with --debug for the traceback)"))
        return 2


def _report(args: argparse.Namespace, message: str) -> None:
    if args.debug:
        traceback.print_exc(file=sys.stderr)
    lines = message.splitlines() or [message]
    print(f"nghiquyet {args.command}: {lines[0]}", *lines[1:], sep="\n", file=sys.stderr)


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())

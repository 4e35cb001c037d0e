"""``nghiquyet stats import FILE…``: read, build and validate statistics files; print a summary.

Nothing is published here: the build publishes what is in ``corpus/statistics``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.importer import import_files

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``import FILE…`` (tidy CSV, SDMX-CSV or PC-Axis) and ``--turtle`` to print the cube."""
    sub = parser.add_subparsers(dest="stats_command", required=True, metavar="ACTION")
    action = sub.add_parser("import", help="read, build and validate statistics files; print a summary")
    action.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".csv, .sdmx.csv or .px")
    action.add_argument("--turtle", action="store_true", help="also print graph/statistics as Turtle")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when every file imports and the cube conforms; errors raise (exit 1 or 2)."""
    result = import_files(args.files, settings)
    print(result.summary())
    if args.turtle:
        sys.stdout.write(result.graphs["graph/statistics"].serialize(format="turtle"))
    return 0

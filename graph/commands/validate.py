"""``nghiquyet validate``: extract, map and validate; report violations; publish nothing."""

from __future__ import annotations

import argparse

from nghiquyet.graph.build import build_dataset, stderr_progress
from nghiquyet.graph.commands.build import add_arguments, corpus_settings
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run"]


def run(args: argparse.Namespace, settings: Settings) -> int:
    progress = None if args.quiet else stderr_progress
    result = build_dataset(corpus_settings(args, settings), progress, validate_only=True)
    print(f"conforms: {result.triples} triples in {len(result.graphs)} graphs")
    return 0

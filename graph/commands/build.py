"""``nghiquyet build``: validate, then publish the store, dumps and VoID atomically."""

from __future__ import annotations

import argparse
import dataclasses

from nghiquyet.graph.build import build_dataset, stderr_progress
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run", "corpus_settings"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", help="folder of source texts (default: corpus/)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--jobs", "-j", type=_jobs, default=None,
                        help="worker processes for extraction and validation (default: one per CPU)")
    parser.add_argument("--validator", choices=("sparql", "pyshacl"), default=None,
                        help="SHACL engine: the shapes compiled to SPARQL (default) or pySHACL, the reference")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number, not {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1 (got {jobs})")
    return jobs


def corpus_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """``settings`` with the corpus folder given on the command line, if any."""
    if getattr(args, "validator", None):
        settings = dataclasses.replace(settings, validator=args.validator)
    if not args.corpus:
        return settings
    return Settings.from_env(data_dir=settings.data_dir, base_iri=settings.base_iri, corpus_dir=args.corpus,
                             validator=settings.validator)


def run(args: argparse.Namespace, settings: Settings) -> int:
    result = build_dataset(corpus_settings(args, settings), None if args.quiet else stderr_progress, jobs=args.jobs)
    times = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    print(f"built {result.triples} triples in {len(result.graphs)} graphs, version {result.version[:12]} ({times})")
    return 0

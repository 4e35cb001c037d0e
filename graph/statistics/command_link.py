"""``nghiquyet link --endpoint URL --query FILE``: pull observations from a SPARQL endpoint.

The observations are checked like any statistics file, then kept as a tidy CSV under
``corpus/statistics/linked/`` (with a metadata YAML naming the endpoint and the query) so that
the next build publishes them in ``graph/statistics``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml

from nghiquyet.graph.errors import BadParameter
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.importer import import_files
from nghiquyet.graph.statistics.lexicon import load_lexicon
from nghiquyet.graph.statistics.remote import fetch_rows, rows_to_raw, write_tidy_csv

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--endpoint``, ``--query``, ``--output`` and ``--dry-run``."""
    parser.add_argument("--endpoint", required=True, help="SPARQL endpoint URL")
    parser.add_argument("--query", required=True, type=Path, help="file with a SELECT or CONSTRUCT query")
    parser.add_argument("--output", type=Path, help="CSV to write (default corpus/statistics/linked/<query>.csv)")
    parser.add_argument("--dry-run", action="store_true", help="check and summarise; write nothing")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch, check (import + validate in a scratch folder), then write the CSV and its YAML."""
    if not args.endpoint.startswith(("http://", "https://")):
        raise BadParameter(f"--endpoint: {args.endpoint!r} is not an http(s) URL")
    try:
        query = args.query.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadParameter(f"--query: cannot read {args.query}: {exc}") from exc
    output = args.output or settings.corpus_dir / "statistics" / "linked" / f"{args.query.stem}.csv"
    raw_rows = rows_to_raw(fetch_rows(args.endpoint, query, settings.query_timeout), load_lexicon(settings.mappings_dir))
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / output.name
        write_tidy_csv(raw_rows, candidate)
        result = import_files([candidate], settings)
    print(result.summary().replace(str(candidate), str(output)))
    if args.dry_run:
        return 0
    write_tidy_csv(raw_rows, output)
    metadata = {"title": f"Observations pulled from {args.endpoint}", "endpoint": args.endpoint,
                "query": args.query.name, "query_text": query}
    output.with_name(output.name.split(".", 1)[0] + ".yaml").write_text(
        yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"wrote {output}")
    return 0

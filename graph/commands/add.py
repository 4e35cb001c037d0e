"""``nghiquyet add SOURCE… [--corpus DIR]``: bring .txt, .html, .pdf files or http(s) URLs into a corpus.

Each source's main text is extracted and normalised, its metadata inferred (and marked so), and
``<id>.txt`` + ``<id>.yaml`` written into the corpus folder — for every source or, on any error,
for none. A text already in the folder is refused with the id it has there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nghiquyet.graph.extract.lexicon import load_lexicons
from nghiquyet.graph.intake.infer import infer_metadata
from nghiquyet.graph.intake.sources import read_source
from nghiquyet.graph.intake.store import prepare, write_all
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="a .txt, .html/.htm or .pdf file, or an http(s) URL")
    parser.add_argument("--corpus", help="folder to add the documents to (default: the build's corpus folder)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    corpus = Path(args.corpus) if args.corpus else settings.corpus_dir
    lexicons = load_lexicons(settings.mappings_dir)
    items = []
    for ref in args.sources:
        source = read_source(ref, lexicons)
        items.append((source.text, source.name, infer_metadata(source, lexicons), ref))
    prepared = prepare(items, corpus)
    for path, item in zip(write_all(prepared, corpus), prepared):
        meta = item.meta
        what = ", ".join(str(meta[k]) for k in ("document_type", "province") if meta.get(k))
        print(f"added {item.id} ({what}) from {item.origin}: {path} and {path.with_suffix('.yaml').name}")
        if not meta.get("province"):
            print(f"nghiquyet add: {item.id}: no province or city found in the text; write it as 'province:' in "
                  f"{path.with_suffix('.yaml')} before building (its provincial bodies need one)", file=sys.stderr)
    return 0

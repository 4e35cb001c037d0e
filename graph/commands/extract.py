"""``nghiquyet extract PATH… --format csv|json``: quantities as gold-standard rows, or all records.

A PATH that is a folder stands for its texts (``*.txt``, with their ``.yaml`` metadata), in name order.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from nghiquyet.graph.corpus import DocumentMeta, iter_corpus, load_meta
from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.lexicon import load_lexicons
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run", "documents", "GOLD_COLUMNS", "quantity_rows"]

GOLD_COLUMNS = ("doc", "province", "kind", "section", "item", "indicator", "comparator", "value",
                "value_max", "unit", "year", "annual", "quote", "indicator_id")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="UTF-8 text files (metadata from a .yaml beside each), or folders of them")
    parser.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="csv: one row per quantity with the gold-standard columns; json: every record")


def quantity_rows(records: dict[str, Any]) -> list[dict[str, str]]:
    """The gold-standard columns of every quantity in a record set."""
    document = records["document"]
    node = records.get("province") or {}
    province = (node.get("alt_labels") or [node.get("label_vi", "")])[0]  # the name, not "Gia Lai (cũ)"
    rows = []
    for q in records["quantities"]:
        year = q.get("year") or (f"{q['period_start']}-{q['period_end']}" if q.get("period_start") else "")
        rows.append({
            "doc": document["file"], "province": province, "kind": q["kind"], "section": q.get("section", ""),
            "item": q.get("item", ""), "indicator": q["indicator_label"], "comparator": q["comparator"],
            "value": q["value"], "value_max": q.get("value_max", ""), "unit": q["unit"], "year": year,
            "annual": "yes" if q["annual"] else "no", "quote": q["quote"], "indicator_id": q.get("indicator_id", ""),
        })
    return rows


def documents(paths: list[str]) -> list[DocumentMeta]:
    """The documents named by ``paths``: a file is one text, a folder its ``*.txt`` texts."""
    metas: list[DocumentMeta] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = iter_corpus(path)
            if not found:
                raise DocumentError(f"{path}: folder holds no .txt texts")
            metas.extend(found)
        else:
            metas.append(load_meta(path))
    return metas


def run(args: argparse.Namespace, settings: Settings) -> int:
    lexicons = load_lexicons(settings.mappings_dir)
    record_sets = [extract_document(meta, lexicons) for meta in documents(args.paths)]
    if args.format == "json":
        json.dump(record_sets if len(record_sets) > 1 else record_sets[0], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    writer = csv.DictWriter(sys.stdout, fieldnames=GOLD_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for records in record_sets:
        writer.writerows(quantity_rows(records))
    return 0

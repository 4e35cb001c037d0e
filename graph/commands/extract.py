"""``nghiquyet extract PATH… --format csv|json``: quantities as gold-standard rows, or all records."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from nghiquyet.graph.corpus import load_meta
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.lexicon import load_lexicons
from nghiquyet.graph.settings import Settings

__all__ = ["add_arguments", "run", "GOLD_COLUMNS", "quantity_rows"]

GOLD_COLUMNS = ("doc", "province", "kind", "section", "item", "indicator", "comparator", "value",
                "value_max", "unit", "year", "annual", "quote", "indicator_id")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="UTF-8 text files (metadata from a .yaml beside each)")
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


def run(args: argparse.Namespace, settings: Settings) -> int:
    lexicons = load_lexicons(settings.mappings_dir)
    record_sets = [extract_document(load_meta(path), lexicons) for path in args.paths]
    if args.format == "json":
        json.dump(record_sets if len(record_sets) > 1 else record_sets[0], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    writer = csv.DictWriter(sys.stdout, fieldnames=GOLD_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for records in record_sets:
        writer.writerows(quantity_rows(records))
    return 0

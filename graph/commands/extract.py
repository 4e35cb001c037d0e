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
from nghiquyet.graph.extract.lexicon import Lexicons, load_lexicons
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.text import slug

__all__ = ["add_arguments", "run", "documents", "GOLD_COLUMNS", "quantity_rows"]

GOLD_COLUMNS = ("doc", "province", "kind", "section", "item", "indicator", "comparator", "value",
                "value_max", "unit", "year", "annual", "quote", "indicator_id")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="UTF-8 text files (metadata from a .yaml beside each), .html/.htm/.pdf files "
                             "(main text extracted, metadata inferred), or folders of texts")
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


def document_meta(path: str | Path, lexicon: Lexicons | None = None) -> DocumentMeta:
    """Metadata of a text file (its .yaml), or of an HTML/PDF file read and inferred like ``add`` does."""
    if Path(path).suffix.lower() not in {".html", ".htm", ".pdf"}:
        return load_meta(path)
    from nghiquyet.graph.intake.infer import infer_metadata
    from nghiquyet.graph.intake.sources import read_source

    source = read_source(path, lexicon)
    fields = infer_metadata(source, lexicon)
    extra = {k: v for k, v in fields.items() if k not in {"title", "province", "document_type", "inferred"}}
    return DocumentMeta(id=slug(Path(path).stem), path=Path(path), title=fields.get("title"),
                        province=fields.get("province"), document_type=fields["document_type"],
                        extra=extra, content=source.text)


def documents(paths: list[str], lexicon: Lexicons | None = None) -> list[DocumentMeta]:
    """The documents named by ``paths``: a file is one document, a folder its ``*.txt`` texts."""
    metas: list[DocumentMeta] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = iter_corpus(path)
            if not found:
                raise DocumentError(f"{path}: folder holds no .txt texts")
            metas.extend(found)
        else:
            metas.append(document_meta(path, lexicon))
    return metas


def run(args: argparse.Namespace, settings: Settings) -> int:
    lexicons = load_lexicons(settings.mappings_dir)
    record_sets = [extract_document(meta, lexicons) for meta in documents(args.paths, lexicons)]
    if args.format == "json":
        json.dump(record_sets if len(record_sets) > 1 else record_sets[0], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    writer = csv.DictWriter(sys.stdout, fieldnames=GOLD_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for records in record_sets:
        writer.writerows(quantity_rows(records))
    return 0

"""Generalisation benchmark: run the quantity extractor on the seeds and the development sets.

Sets (``--set``, default all that are present):

- ``seeds``: ``corpus/*.txt`` against ``../shared/gold/targets.csv``;
- ``devset``: ``../shared/devset`` — congress and plan news from eight other provinces;
- ``devset2``: ``../shared/devset2`` — other kinds of document (master plans, results-and-targets
  reports, HĐND resolutions, city congresses, action programmes, ALL-CAPS layouts).

``../shared`` is ``$NGHIQUYET_SHARED`` when set; ``$NGHIQUYET_DEVSET`` still overrides the devset
folder. The texts are third-party articles and are never copied into the project. Prints lenient,
strict and indicator P/R/F1 (``graph/extract/scoring.py``) per file and overall, and rewrites each set's section of ``docs/extraction.md``.
A set with an ``assignments.csv`` (devset2) is also scored on assignments: P/R/F1 of
(body, role, assigned_to), each text extracted with the province its ``files.csv`` names.

    python benchmarks/devset_extraction.py [--set devset2] [--no-write] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import csv  # noqa: E402

from nghiquyet.graph.corpus import DocumentMeta  # noqa: E402
from nghiquyet.graph.extract import extract_document  # noqa: E402
from nghiquyet.graph.extract.assignment_scoring import (  # noqa: E402
    assignment_rows, gold_assignment_rows, score_assignments)
from nghiquyet.graph.extract.province import detect_province  # noqa: E402
from nghiquyet.graph.extract.quantities import extract_quantities  # noqa: E402
from nghiquyet.graph.extract.scoring import read_gold, score  # noqa: E402
from nghiquyet.graph.text import read_text, slug  # noqa: E402

SHARED = Path(os.environ.get("NGHIQUYET_SHARED", ROOT.parent / "shared"))
DOC = ROOT / "docs" / "extraction.md"


@dataclass(frozen=True)
class Benchmark:
    """One scored set: where its texts and gold are, and its section of ``docs/extraction.md``."""

    name: str
    texts: Path
    gold: Path
    marker: str
    title: str
    blurb: str


def benchmarks() -> dict[str, Benchmark]:
    """The three sets, keyed by ``--set`` name."""
    devset = Path(os.environ.get("NGHIQUYET_DEVSET", SHARED / "devset"))
    return {
        "seeds": Benchmark("seeds", ROOT / "corpus", SHARED / "gold" / "targets.csv", "seeds-benchmark",
                           "Seed gold benchmark", "5 corpus texts (Lai Châu, Lạng Sơn) against `../shared/gold`"),
        "devset": Benchmark("devset", devset, devset / "gold.csv", "devset-benchmark",
                            "Devset extraction benchmark", "15 texts, 8 other provinces"),
        "devset2": Benchmark("devset2", SHARED / "devset2", SHARED / "devset2" / "gold.csv", "devset2-benchmark",
                             "Devset 2 benchmark (other kinds of document)",
                             "13 texts: master plans, results and targets, HĐND resolutions, city congresses, "
                             "action programmes, ALL-CAPS layouts"),
    }


def run(bench: Benchmark, verbose: bool = False) -> str:
    """Score the extractor on ``bench`` and return the Markdown report."""
    gold = read_gold(bench.gold)
    predicted = []
    for path in sorted(bench.texts.glob("*.txt")):
        text = read_text(path)
        predicted += extract_quantities(text, doc=path.name, province=detect_province(text) or "")
    lenient, per_lenient = score(predicted, gold)
    strict, per_strict = score(predicted, gold, strict=True)
    indicator, per_indicator = score(predicted, gold, metric="indicator")
    lines = ["| file | gold | predicted | lenient P | lenient R | lenient F1 | strict F1 | indicator F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for doc in sorted(per_lenient):
        s, t, i = per_lenient[doc], per_strict[doc], per_indicator[doc]
        lines.append(f"| {doc} | {s.gold} | {s.predicted} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | "
                     f"{t.f1:.2f} | {i.f1:.2f} |")
    lines.append(f"| **overall** | {lenient.gold} | {lenient.predicted} | {lenient.precision:.3f} | "
                 f"{lenient.recall:.3f} | {lenient.f1:.3f} | {strict.f1:.3f} | {indicator.f1:.3f} |")
    report = "\n".join(lines) + (f"\n\nLenient: {lenient.line()}  \nStrict: {strict.line()}  \n"
                                 f"Indicator: {indicator.line()}\n")
    if verbose:
        for row in lenient.missed:
            print("MISSED  ", row["doc"][:30], row["comparator"], row["value"], row["value_max"], row["unit"], row["quote"])
        for row in lenient.spurious:
            print("SPURIOUS", row["doc"][:30], row["comparator"], row["value"], row["value_max"], row["unit"], row["quote"])
        for row in strict.missed:
            print("STRICT-MISS", row["doc"][:30], row["kind"], row["year"], row["annual"], row["unit"], row["quote"])
        for row in strict.spurious:
            print("STRICT-GOT ", row["doc"][:30], row["kind"], row["year"], row["annual"], row["unit"], row["quote"])
        for row in indicator.missed:
            print("INDICATOR-MISS", row["doc"][:30], row["value"], row["unit"], row.get("indicator_id") or "-", row["quote"])
        for row in indicator.spurious:
            print("INDICATOR-GOT ", row["doc"][:30], row["value"], row["unit"], row.get("indicator_id") or "-", row["quote"])
    return report


def run_assignments(bench: Benchmark, verbose: bool = False) -> str:
    """Score the assignments of ``bench``'s texts against its ``assignments.csv`` (Markdown report)."""
    with open(bench.texts / "files.csv", encoding="utf-8", newline="") as handle:
        provinces = {row["file"]: row["province"] for row in csv.DictReader(handle)}
    with open(bench.texts / "assignments.csv", encoding="utf-8", newline="") as handle:
        gold_rows = list(csv.DictReader(handle))
    predicted = []
    for path in sorted(bench.texts.glob("*.txt")):
        meta = DocumentMeta(id=slug(path.stem), path=path, province=provinces.get(path.name) or None)
        predicted += assignment_rows(extract_document(meta))
    slugs = {doc: slug(province) for doc, province in provinces.items()}
    total, per_doc = score_assignments(predicted, gold_assignment_rows(gold_rows, slugs))
    lines = ["| file | gold | predicted | P | R | F1 |", "|---|---|---|---|---|---|"]
    for doc, result in per_doc.items():
        if result.gold or result.predicted:
            lines.append(f"| {doc} | {result.gold} | {result.predicted} | {result.precision:.2f} | "
                         f"{result.recall:.2f} | {result.f1:.2f} |")
    lines.append(f"| **overall** | {total.gold} | {total.predicted} | {total.precision:.3f} | {total.recall:.3f} | "
                 f"{total.f1:.3f} |")
    if verbose:
        for row in total.missed:
            print("MISSED  ", row["doc"][:30], row["role"], row["body"], "|", row["assigned_to"])
        for row in total.spurious:
            print("SPURIOUS", row["doc"][:30], row["role"], row["body"], "|", row["assigned_to"], "|", row["quote"][:60])
    return ("\n### Assignments\n\n(body, role, assigned_to) against `assignments.csv`; the province of each text "
            "from `files.csv`; scoring in `graph/extract/assignment_scoring.py`.\n\n"
            + "\n".join(lines) + f"\n\nAssignments: {total.line()}\n")


def write(bench: Benchmark, report: str) -> None:
    """Replace ``bench``'s section of ``docs/extraction.md`` (appended when missing)."""
    begin, end = f"<!-- {bench.marker}:begin -->", f"<!-- {bench.marker}:end -->"
    section = (f"{begin}\n## {bench.title}\n\n`python benchmarks/devset_extraction.py --set {bench.name}` — "
               f"{bench.blurb}; scoring in `graph/extract/scoring.py`.\n\n{report}{end}")
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Quantity extraction\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + section + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(benchmarks()), action="append", dest="sets",
                        help="set to score (repeatable; default: every set that is present)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/extraction.md alone")
    parser.add_argument("--verbose", action="store_true", help="list missed and spurious rows")
    args = parser.parse_args()
    chosen = [benchmarks()[name] for name in (args.sets or benchmarks())]
    for bench in chosen:
        if not bench.gold.exists():
            print(f"{bench.name}: gold not found at {bench.gold}; skipped")
            continue
        print(f"## {bench.name}")
        report = run(bench, args.verbose)
        if (bench.texts / "assignments.csv").exists() and (bench.texts / "files.csv").exists():
            report += run_assignments(bench, args.verbose)
        print(report)
        if not args.no_write:
            write(bench, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

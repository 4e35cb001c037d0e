"""Generalisation benchmark: run the quantity extractor on the development set of other provinces.

Reads ``../shared/devset/*.txt`` and ``gold.csv`` (or ``$NGHIQUYET_DEVSET``); the texts are
third-party articles and are never copied into the project. Prints lenient and strict P/R/F1 per
file and overall, and rewrites the "Devset extraction benchmark" section of ``docs/extraction.md``.

    python benchmarks/devset_extraction.py [--no-write] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nghiquyet.graph.extract.province import detect_province  # noqa: E402
from nghiquyet.graph.extract.quantities import extract_quantities  # noqa: E402
from nghiquyet.graph.extract.scoring import read_gold, score  # noqa: E402
from nghiquyet.graph.text import read_text  # noqa: E402

DEVSET = Path(os.environ.get("NGHIQUYET_DEVSET", ROOT.parent / "shared" / "devset"))
DOC = ROOT / "docs" / "extraction.md"
BEGIN, END = "<!-- devset-benchmark:begin -->", "<!-- devset-benchmark:end -->"


def run(verbose: bool = False) -> str:
    """Score the extractor on the devset and return the Markdown report."""
    gold = read_gold(DEVSET / "gold.csv")
    predicted = []
    for path in sorted(DEVSET.glob("*.txt")):
        text = read_text(path)
        predicted += extract_quantities(text, doc=path.name, province=detect_province(text) or "")
    lenient, per_lenient = score(predicted, gold)
    strict, per_strict = score(predicted, gold, strict=True)
    lines = ["| file | gold | predicted | lenient P | lenient R | lenient F1 | strict F1 |", "|---|---|---|---|---|---|---|"]
    for doc in sorted(per_lenient):
        s, t = per_lenient[doc], per_strict[doc]
        lines.append(f"| {doc} | {s.gold} | {s.predicted} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {t.f1:.2f} |")
    lines.append(f"| **overall** | {lenient.gold} | {lenient.predicted} | {lenient.precision:.3f} | "
                 f"{lenient.recall:.3f} | {lenient.f1:.3f} | {strict.f1:.3f} |")
    report = "\n".join(lines) + (f"\n\nLenient: {lenient.line()}  \nStrict: {strict.line()}\n")
    if verbose:
        for row in lenient.missed:
            print("MISSED  ", row["doc"][:30], row["comparator"], row["value"], row["value_max"], row["unit"], row["quote"])
        for row in lenient.spurious:
            print("SPURIOUS", row["doc"][:30], row["comparator"], row["value"], row["value_max"], row["unit"], row["quote"])
        for row in strict.missed:
            print("STRICT-MISS", row["doc"][:30], row["kind"], row["year"], row["annual"], row["unit"], row["quote"])
    return report


def write(report: str) -> None:
    """Replace the benchmark section of ``docs/extraction.md`` (created when missing)."""
    section = (f"{BEGIN}\n## Devset extraction benchmark\n\n`python benchmarks/devset_extraction.py` — "
               f"15 texts, 8 other provinces; scoring in `graph/extract/scoring.py`.\n\n{report}{END}")
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Quantity extraction\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + section + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/extraction.md alone")
    parser.add_argument("--verbose", action="store_true", help="list missed and spurious rows")
    args = parser.parse_args()
    if not (DEVSET / "gold.csv").exists():
        print(f"devset not found at {DEVSET}; nothing to do")
        return 0
    report = run(args.verbose)
    print(report)
    if not args.no_write:
        write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

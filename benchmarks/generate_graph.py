"""Generate a deterministic nghiquyet-shaped graph (~N triples) as N-Triples, for benchmarks.

    python benchmarks/generate_graph.py --triples 1000000 --out /tmp/bench.nt
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

__all__ = ["generate", "BASE", "NQ"]

BASE = "https://w3id.org/nghiquyet/id/"
NQ = "https://w3id.org/nghiquyet/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
TRIPLES_PER_QUANTITY = 8


def generate(out: Path, triples: int, seed: int = 7) -> int:
    """Write about ``triples`` triples to ``out``; returns the number of quantities written."""
    rng = random.Random(seed)
    provinces = [f"province/p{i:02d}" for i in range(63)]
    indicators = [f"indicator/i{i:03d}" for i in range(200)]
    quantities = max(1, triples // TRIPLES_PER_QUANTITY)
    with out.open("w", encoding="utf-8") as f:
        for n in range(quantities):
            province = provinces[n % len(provinces)]
            doc = f"doc/{province.split('/')[1]}-{n // 500}"
            q = f"<{BASE}{doc}/quantity/{n}>"
            value = round(rng.uniform(0, 100), 2)
            f.write(
                f"{q} {RDF_TYPE} <{NQ}Target> .\n"
                f"{q} <{NQ}indicator> <{BASE}{rng.choice(indicators)}> .\n"
                f"{q} <{NQ}value> \"{value}\"^^<{XSD}decimal> .\n"
                f"{q} <{NQ}year> \"{2021 + n % 5}\"^^<{XSD}gYear> .\n"
                f"{q} <{NQ}province> <{BASE}{province}> .\n"
                f"{q} <{NQ}statedIn> <{BASE}{doc}> .\n"
                f"{q} <{NQ}indicatorLabel> \"Chỉ tiêu {n} của tỉnh\"@vi .\n"
                f"{q} <http://www.w3.org/ns/prov#wasDerivedFrom> <{BASE}{doc}/quantity/{n}/source> .\n"
            )
    return quantities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.out, args.triples), "quantities written to", args.out)


if __name__ == "__main__":
    main()

"""Generate a corpus of N varied documents (with metadata the build accepts) for build benchmarks.

    python benchmarks/corpus_generator.py --documents 1000 --out /tmp/corpus-1000

Made from the five documents of corpus/ and the place names of the provinces lexicon
(mappings/lexicons/provinces.yaml, the provinces before the 2025 arrangement; ../shared/corpus
holds the same five texts): documents come in sets of five, one per source document, all about
one province. Each set varies what a real corpus varies, so that no two texts are byte copies:

* **province**: every name of the source's province (text, title, metadata) becomes the set's;
* **numbers**: every decimal and percentage is scaled by one factor per document (0.8–1.2,
  ranges keep their order, percentages stay ≤ 100);
* **years**: one set in three is moved a term back (every year −5, text and metadata alike);
* **sentence order**: in paragraphs without figures, the sentences are rotated;
* **lists**: list items (lines starting with ``-``/``+``) and semicolon-separated enumerations
  without figures are shuffled.

The set's action programme implements the set's congress resolution (metadata ``implements``).
The national statistics of corpus/ are copied along, so progress is assessed as for corpus/.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpus"
PROVINCES = ROOT / "mappings" / "lexicons" / "provinces.yaml"
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
NUMBER = re.compile(r"(?<![\d.,/])(\d{1,3}(?:,\d+)?)(?=\s?%)|(?<![\d.,/])(\d+,\d+)(?![\d.,/%])")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")

__all__ = ["generate", "provinces", "vary_text"]


def provinces() -> list[str]:
    """Names of the provinces (not the centrally-run cities) before the 2025 arrangement."""
    entries = yaml.safe_load(PROVINCES.read_text(encoding="utf-8"))["provinces"]
    return [e["name"] for e in entries if e.get("kind") == "province" and e.get("pre_2025")]


def _slug(name: str) -> str:
    from unidecode import unidecode

    return re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-")


def _scale(match: re.Match[str], factor: float) -> str:
    text = match.group(1) or match.group(2)
    whole, _, fraction = text.partition(",")
    value = float(f"{whole}.{fraction or 0}") * factor
    if match.group(1) is not None:
        value = min(value, 100.0)
    if not fraction:
        return str(max(1, round(value)))
    return f"{value:.{len(fraction)}f}".replace(".", ",")


def _shuffle_lists(lines: list[str], rng: random.Random) -> list[str]:
    out, block = [], []
    for line in [*lines, ""]:
        if line.startswith(("-", "+")) and not re.search(r"\d", line):
            block.append(line)
            continue
        rng.shuffle(block)
        out += block
        block = []
        out.append(line)
    return out[:-1]


def _vary_paragraph(line: str, rng: random.Random) -> str:
    if re.search(r"\d", line):
        return line
    sentences = SENTENCE.split(line)
    if len(sentences) > 2:
        turn = rng.randrange(1, len(sentences))
        line = " ".join(sentences[turn:] + sentences[:turn])
    parts = line.split("; ")
    if len(parts) > 2:
        head, items = parts[0], parts[1:]
        rng.shuffle(items)
        line = "; ".join([head, *items])
    return line


def vary_text(text: str, old: str, new: str, factor: float, shift: int, rng: random.Random) -> str:
    """``text`` about province ``new`` instead of ``old``, numbers × ``factor``, years + ``shift``."""
    text = text.replace(old, new).replace(old.upper(), new.upper())
    text = NUMBER.sub(lambda m: _scale(m, factor), text)
    if shift:
        text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    lines = [_vary_paragraph(line, rng) for line in text.split("\n")]
    return "\n".join(_shuffle_lists(lines, rng))


def _vary_meta(value: object, old: str, new: str, shift: int) -> object:
    if isinstance(value, str):
        value = value.replace(old, new)
        return YEAR.sub(lambda m: str(int(m.group(1)) + shift), value) if shift else value
    if isinstance(value, int) and shift and 1950 <= value <= 2049:
        return value + shift
    if isinstance(value, list):
        return [_vary_meta(v, old, new, shift) for v in value]
    if isinstance(value, dict):
        return {k: _vary_meta(v, old, new, shift) for k, v in value.items()}
    return value


def _doc_id(group: int, province: str, source_id: str) -> str:
    """``g00012-<province>-<the source id without its province>``: unique per set."""
    kind = re.sub(r"^[a-z-]*?-(?=\d{4}-)", "", source_id)
    return f"g{group:05d}-{_slug(province)}-{kind}"


def generate(out: Path, documents: int, seed: int = 16) -> list[Path]:
    """Write ``documents`` texts with their metadata into ``out`` (emptied first); their paths."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for folder in ("national", "statistics"):
        if (SOURCE / folder).is_dir():
            shutil.copytree(SOURCE / folder, out / folder)
    sources = sorted(SOURCE.glob("*.txt"))
    names = provinces()
    written = []
    for number in range(documents):
        group, index = divmod(number, len(sources))
        source = sources[index]
        meta = yaml.safe_load(source.with_suffix(".yaml").read_text(encoding="utf-8"))
        province = names[group % len(names)]
        shift = -5 if group % 3 == 1 else 0
        local = random.Random(f"{seed}-{number}")
        factor = local.choice([local.uniform(0.8, 0.97), local.uniform(1.03, 1.2)])
        text = source.read_text(encoding="utf-8")
        text = vary_text(text, meta["province"], province, factor, shift, local)
        stem = f"g{group:05d}-{source.stem[:3]}"
        varied = _vary_meta(meta, meta["province"], province, shift)
        assert isinstance(varied, dict)
        varied.update(id=_doc_id(group, province, meta["id"]), file=f"{stem}.txt", province=province)
        if "implements" in meta:
            varied["implements"] = _doc_id(group, province, meta["implements"])
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out / f"{stem}.yaml").write_text(yaml.safe_dump(varied, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written.append(out / f"{stem}.txt")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    paths = generate(args.out, args.documents, args.seed)
    print(f"{len(paths)} documents in {args.out}")


if __name__ == "__main__":
    main()

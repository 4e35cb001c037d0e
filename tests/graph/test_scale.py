"""Long inputs: a text written as one long line, a big document, item numbers of any size, `extract DIR`.

Correctness only (how fast lives in benchmarks/extraction_scale.py): the context windows that keep
extraction linear must not change what the extractor finds in ordinary texts, and the fast
look-ups must agree with the plain definitions they replace.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nghiquyet.graph.corpus import iter_corpus
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.quantities import extract_quantities
from nghiquyet.graph.extract.quantity_context import WINDOW
from nghiquyet.graph.extract.spans import quote_context
from nghiquyet.graph.extract.structure import parse_sections, section_at
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.text import read_text

SENTENCE = "Tốc độ tăng trưởng kinh tế bình quân đạt 8%/năm; tỷ lệ che phủ rừng đạt 45% vào năm 2025. "


def _corpus_texts() -> list[str]:
    return [read_text(p) for p in sorted(Settings().corpus_dir.glob("*.txt"))]


def _key(row: dict) -> tuple:
    return tuple(row[k] for k in ("kind", "value", "value_max", "unit", "comparator", "year", "annual", "quote"))


def test_one_long_line_reads_like_the_same_sentences_on_their_own() -> None:
    single = {_key(r) for r in extract_quantities(SENTENCE)}
    long_line = SENTENCE * 2000  # about 190 KB, no line break
    rows = extract_quantities(long_line)
    assert len(long_line) > 40 * WINDOW
    assert {_key(r) for r in rows} == single  # restatements of one quantity are merged
    assert all(long_line[r["start"]:r["end"]] == r["quote"] for r in rows)


def test_a_big_document_is_extracted_whole() -> None:
    texts = _corpus_texts()
    parts = [f"Văn bản số {i}.\n{text}" for i, text in enumerate(texts * 4)]
    big = "\n".join(parts)
    rows = extract_quantities(big)
    assert rows and all(big[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert len(rows) >= max(len(extract_quantities(t)) for t in texts)  # copies merge as restatements


def _section_at_plain(sections: list, offset: int):
    best = None
    for section in sections:
        if section.start <= offset < section.end and (best is None or section.level >= best.level):
            best = section
    return best


def test_section_at_agrees_with_the_plain_definition() -> None:
    for text in _corpus_texts():
        sections = parse_sections(text)
        for offset in range(0, len(text), 7):
            assert section_at(sections, offset) is _section_at_plain(sections, offset)


def _quote_context_plain(text: str, start: int, end: int, step: int = 16) -> tuple[str, str]:
    def count(needle: str) -> int:
        return sum(1 for i in range(len(text)) if text.startswith(needle, i))

    exact = text[start:end]
    if count(exact) <= 1:
        return "", ""
    width = step
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        if count(prefix + exact + suffix) == 1 or (len(prefix) == start and end + len(suffix) == len(text)):
            return prefix, suffix
        width += step


@pytest.mark.parametrize("text, needle", [
    ("đạt 45%; đạt 45%; tỷ lệ đạt 45% vào năm 2025", "45%"),
    ("aaaa aaaa aaab", "aa"),
    ("x 10% y 10% z", "10%"),
])
def test_quote_context_agrees_with_counting_every_occurrence(text: str, needle: str) -> None:
    at = text.find(needle)
    while at != -1:
        assert quote_context(text, at, at + len(needle)) == _quote_context_plain(text, at, at + len(needle))
        at = text.find(needle, at + 1)


def test_item_numbers_of_any_size() -> None:
    text = "III. CÁC CHỈ TIÊU CHỦ YẾU\n" + "".join(f"({i}) Tỷ lệ số {i} đạt {i}%.\n" for i in range(95, 106))
    text += "IV. NHIỆM VỤ\n99. Mục chín mươi chín\n100. Mục một trăm\n1234. Mục một nghìn\n"
    numbers = [s.number for s in parse_sections(text)]
    assert [f"({i})" for i in range(95, 106)] == [n for n in numbers if n.startswith("(")]
    assert ["99", "100", "1234"] == [n for n in numbers if n.isdigit()]
    items = {r["item"] for r in extract_quantities(text) if r["item"]}
    assert {"(100)", "(105)"} <= items


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nghiquyet.graph.cli", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_extract_reads_the_texts_of_a_folder(tmp_path: Path) -> None:
    metas = iter_corpus(Settings().corpus_dir)[:2]
    folder = tmp_path / "texts"
    folder.mkdir()
    for meta in metas:
        shutil.copy(meta.path, folder)
        if meta.path.with_suffix(".yaml").exists():
            shutil.copy(meta.path.with_suffix(".yaml"), folder)
    result = _cli("extract", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = sum(len(extract_document(m)["quantities"]) for m in metas)
    assert len(rows) == expected and {r["doc"] for r in rows} == {m.file for m in metas}


def test_extract_of_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = _cli("extract", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2 and "holds no .txt texts" in result.stderr
    assert "Traceback" not in result.stderr

"""The lexicons: one immutable object, loaded from ``settings.mappings_dir``, passed to the extractors."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nghiquyet.graph.corpus import iter_corpus
from nghiquyet.graph.errors import InputError
from nghiquyet.graph.extract import extract_document
from nghiquyet.graph.extract.lexicon import Table, load_lexicons, packaged_lexicons
from nghiquyet.graph.extract.quantities import extract_quantities
from nghiquyet.graph.settings import Settings

TEXT = "Năm 2025, phấn đấu sản lượng lương thực đạt 500 nghìn tấn; trồng mới 1.200 ha rừng."


@pytest.fixture()
def mappings_copy(tmp_path: Path) -> Path:
    """A copy of the packaged mappings folder that a test may edit."""
    target = tmp_path / "mappings"
    shutil.copytree(Settings().mappings_dir, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def _drop_unit(mappings: Path) -> None:
    """Remove the tonne unit ("tấn") from the copy's units.yaml."""
    units = mappings / "lexicons" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    line = "  - {unit: tonne, scalable: true, patterns: ['tấn']}\n"
    assert line in text, "the tonne unit changed: update this test"
    units.write_text(text.replace(line, ""), encoding="utf-8")


def test_tables_and_compiled_lexicons_are_read_only() -> None:
    lex = packaged_lexicons()
    assert isinstance(lex.roles, Table) and isinstance(lex.roles["lead"], tuple)
    with pytest.raises(TypeError):
        lex.roles["lead"] = ("x",)  # type: ignore[index]
    with pytest.raises(AttributeError):
        lex.roles._data = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex.quantity.from_word = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lex.quantity.per_year["percent"] = "x"  # type: ignore[index]
    assert isinstance(lex.quantity.units, tuple)
    assert packaged_lexicons() is lex  # loaded once


def test_packaged_lexicons_come_from_the_settings_default() -> None:
    assert packaged_lexicons().directory == Settings().mappings_dir / "lexicons"


def test_a_changed_lexicon_changes_the_extraction(mappings_copy: Path) -> None:
    before = {r["unit"] for r in extract_quantities(TEXT)}
    _drop_unit(mappings_copy)
    changed = load_lexicons(Settings(mappings_dir=mappings_copy).mappings_dir)
    after = {r["unit"] for r in extract_quantities(TEXT, lexicon=changed)}
    assert "tonne" in before and "tonne" not in after
    assert "hectare" in after
    assert {r["unit"] for r in extract_quantities(TEXT)} == before  # the packaged lexicons are untouched


def test_extract_document_uses_the_lexicon_it_is_given(mappings_copy: Path) -> None:
    meta = next(m for m in iter_corpus(Settings().corpus_dir)
                if any(q["unit"] == "tonne" for q in extract_document(m)["quantities"]))
    _drop_unit(mappings_copy)
    records = extract_document(meta, load_lexicons(mappings_copy))
    assert not any(q["unit"] == "tonne" for q in records["quantities"])


def test_the_cli_reads_lexicons_from_settings_mappings_dir(mappings_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text(TEXT, encoding="utf-8")
    command = [sys.executable, "-m", "nghiquyet.graph.cli", "extract", str(source)]
    packaged = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    _drop_unit(mappings_copy)
    env = {**os.environ, "NGHIQUYET_MAPPINGS_DIR": str(mappings_copy)}
    changed = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path, env=env)
    assert ",tonne," in packaged.stdout
    assert ",tonne," not in changed.stdout and ",hectare," in changed.stdout


def test_a_missing_or_broken_lexicon_is_a_clear_error(mappings_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="lexicon folder not found"):
        load_lexicons(tmp_path / "nowhere")
    (mappings_copy / "lexicons" / "roles.yaml").unlink()
    with pytest.raises(InputError, match="roles.yaml"):
        load_lexicons(mappings_copy)


def test_a_lexicon_without_a_required_key_names_the_key(mappings_copy: Path) -> None:
    cues = mappings_copy / "lexicons" / "quantity-cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8").replace("from_word:", "from_wort:"), encoding="utf-8")
    with pytest.raises(InputError, match="from_word"):
        load_lexicons(mappings_copy)

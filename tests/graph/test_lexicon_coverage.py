"""All language knowledge lives in mappings/lexicons, and all of it is used.

* every key of every extractor lexicon is read while the extractor runs over the corpus (the
  lexicons record each key looked up, see :class:`~nghiquyet.graph.extract.lexicon.Table`);
* every field of the compiled lexicon objects is used by the code, and so is every cue pattern;
* the keys of the other lexicon files are named by the module that reads them;
* no Python module under graph/ or server/ holds Vietnamese words outside the allowed contexts
  (docstrings, interface-string tables, published ``@vi`` labels).
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from nghiquyet.graph.corpus import iter_corpus, load_meta
from nghiquyet.graph.extract import bodies, clutter, extract_document, indicators, quantity_lexicon, quantity_time
from nghiquyet.graph.extract.lexicon import LEXICON_FILES, Lexicons, load_lexicons, packaged_lexicons
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "lexicon"
SOURCES = sorted((PROJECT_ROOT / "graph").rglob("*.py")) + sorted((PROJECT_ROOT / "server").rglob("*.py"))

# Reference data kept with the provinces for people and other tools (the statistics lexicon checks
# gso/iso/wikidata against its own table); the extractor does not need them.
READ_ELSEWHERE = {
    "provinces.yaml.provinces[].gso": ("graph/statistics/lexicon.py", '"gso"'),
    "provinces.yaml.provinces[].iso": ("graph/statistics/lexicon.py", '"iso"'),
    "provinces.yaml.provinces[].wikidata": ("graph/statistics/lexicon.py", '"wikidata"'),
}
REFERENCE_ONLY = {  # documented in the header of provinces.yaml; never matched against text
    "provinces.yaml.provinces[].kind", "provinces.yaml.provinces[].merged_into",
    "provinces.yaml.provinces[].pre_2025", "provinces.yaml.provinces[].post_2025",
}
# Lexicon files that are not part of the extractor's Lexicons object, and the module reading each.
OTHER_READERS = {"spelling.yaml": "graph/text.py", "statistical-indicators.yaml": "graph/statistics/lexicon.py",
                 "intake.yaml": "graph/intake/lexicon.py"}
# Lexicons.directory says where the lexicons came from (for messages and tests), it is no knowledge.
METADATA_FIELDS = {("Lexicons", "directory")}


def _key_paths(value: Any, path: str) -> Iterator[str]:
    """Every mapping key under ``value`` as ``file.yaml.a.b`` (list items as ``[]``), like Table paths."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield f"{path}.{key}"
            yield from _key_paths(child, f"{path}.{key}")
    elif isinstance(value, list):
        for child in value:
            yield from _key_paths(child, f"{path}[]")


def _all_key_paths(mappings: Path) -> set[str]:
    paths: set[str] = set()
    for stem in LEXICON_FILES:
        with open(mappings / "lexicons" / f"{stem}.yaml", encoding="utf-8") as handle:
            paths |= set(_key_paths(yaml.safe_load(handle), f"{stem}.yaml"))
    return paths


@pytest.fixture(scope="module")
def keys_read() -> set[str]:
    """The lexicon keys read while loading and while extracting the corpus and the coverage text."""
    settings = Settings()
    reads: set[str] = set()
    lexicons = load_lexicons(settings.mappings_dir, on_read=reads.add)
    for meta in iter_corpus(settings.corpus_dir):
        extract_document(meta, lexicons)
    # headings and body names the corpus happens not to use (cue-line sections, generic "Sở …" names)
    extract_document(load_meta(FIXTURES / "coverage.txt"), lexicons)
    return reads


def test_every_extractor_lexicon_key_is_read(keys_read: set[str]) -> None:
    unread = _all_key_paths(Settings().mappings_dir) - keys_read - set(READ_ELSEWHERE) - REFERENCE_ONLY
    assert not unread, f"lexicon keys no code reads (use them or delete them): {sorted(unread)}"


def test_the_recorder_sees_an_unread_key(tmp_path: Path) -> None:
    """The check above can fail: a key added to a lexicon is reported."""
    import shutil

    mappings = tmp_path / "mappings"
    shutil.copytree(Settings().mappings_dir, mappings, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    cues = mappings / "lexicons" / "quantity-cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\nforgotten_words: ['bỏ quên']\n", encoding="utf-8")
    reads: set[str] = set()
    lexicons = load_lexicons(mappings, on_read=reads.add)
    extract_document(load_meta(FIXTURES / "coverage.txt"), lexicons)
    assert "quantity-cues.yaml.forgotten_words" in _all_key_paths(mappings) - reads


def test_keys_read_elsewhere_are_named_there() -> None:
    for key, (module, literal) in READ_ELSEWHERE.items():
        assert literal in (PROJECT_ROOT / module).read_text(encoding="utf-8"), f"{key}: not read by {module}"


def test_every_lexicon_file_has_a_reader() -> None:
    folder = Settings().mappings_dir / "lexicons"
    files = {p.name for p in folder.glob("*.yaml")}
    extractor = {f"{stem}.yaml" for stem in LEXICON_FILES}
    assert files - extractor <= set(OTHER_READERS), f"lexicon files nothing loads: {sorted(files - extractor - set(OTHER_READERS))}"
    for name, module in OTHER_READERS.items():
        source = (PROJECT_ROOT / module).read_text(encoding="utf-8")
        with open(folder / name, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        assert name in source, f"{module} does not open {name}"
        for key in data:
            assert f'"{key}"' in source, f"{name}: key {key!r} is not read by {module}"


def test_every_compiled_field_and_cue_is_used() -> None:
    source = {p: p.read_text(encoding="utf-8") for p in SOURCES}
    classes = (Lexicons, quantity_lexicon.QuantityLexicon, quantity_lexicon.LabelPatterns, bodies.BodyIndex,
               clutter.ClutterPatterns, indicators.IndicatorEntry, quantity_time.TimePatterns)
    unused = [f"{cls.__name__}.{f.name}" for cls in classes for f in dataclasses.fields(cls)
              if (cls.__name__, f.name) not in METADATA_FIELDS
              and not any(re.search(rf"\.{f.name}\b", text) for text in source.values())]
    assert not unused, f"compiled lexicon fields no code uses: {unused}"
    outside = "".join(text for path, text in source.items() if path.name != "quantity_lexicon.py")
    unused_cues = [k for k in packaged_lexicons().quantity.cues if not re.search(rf"""["']{re.escape(k)}["']""", outside)]
    assert not unused_cues, f"compiled cue patterns no code uses: {unused_cues}"


# --- no Vietnamese in Python ---------------------------------------------------------------------

_VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# (module, function) pairs whose Vietnamese letters are orthography, not words: đ has no decomposition.
ALPHABET = {("graph/text.py", "strip_accents")}
UI_TABLES = {"STRINGS"}  # module-level interface-string tables: key → (Vietnamese, English)


def _allowed_nodes(tree: ast.Module) -> set[int]:
    """Ids of the string nodes in allowed contexts: docstrings, UI tables, @vi labels, label_vi values."""
    allowed: set[int] = set()

    def allow(node: ast.AST) -> None:
        allowed.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allow(first)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in UI_TABLES for t in targets) and node.value is not None:
                allow(node.value)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Literal":
            if any(k.arg == "lang" and isinstance(k.value, ast.Constant) and k.value.value == "vi" for k in node.keywords):
                allow(node.args[0] if node.args else node)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "label_vi":
                    allow(value)
    return allowed


def vietnamese_literals(source: str, module: str = "") -> list[tuple[int, str]]:
    """(line, text) of every string literal with Vietnamese letters outside the allowed contexts."""
    tree = ast.parse(source)
    allowed = _allowed_nodes(tree)
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and (module, function.name) in ALPHABET:
            allowed.update(id(n) for n in ast.walk(function))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in allowed
            and _VIETNAMESE.search(node.value)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_vietnamese_cue_words_in_python(path: Path) -> None:
    module = str(path.relative_to(PROJECT_ROOT))
    found = vietnamese_literals(path.read_text(encoding="utf-8"), module)
    assert not found, f"{module}: Vietnamese words belong in mappings/lexicons: {found[:5]}"


def test_the_scanner_finds_cue_words_and_spares_allowed_contexts() -> None:
    source = '''
"""Module docstring: "năm 2025"."""
import re
STRINGS = {"title": ("Tiến độ", "Progress")}
_YEAR = re.compile(r"(?:đến|tới)\\s+năm")
def label(p):
    """Đại hội."""
    return {"label_vi": f"Đảng bộ tỉnh {p}", "title": Literal("Tỉnh", lang="vi"), "x": Literal("Tỉnh", lang="en")}
'''
    found = [text for _, text in vietnamese_literals(source)]
    assert sorted(found) == sorted([r"(?:đến|tới)\s+năm", "Tỉnh"])

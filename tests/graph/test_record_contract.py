"""The record contract (mappings/records.schema.json): every extraction holds it, breaches are named.

tests/conftest.py checks every record set extracted during the tests; here the contract is run
on purpose over the real corpus, the fixture texts and (when present) the devsets in ../shared,
and shown to fail on records that break it.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest

from nghiquyet.graph.contract import check_records, record_errors, record_schema
from nghiquyet.graph.errors import ContractError
from nghiquyet.graph.extract import extract_path
from repo_paths import PROJECT_ROOT, SHARED

TEXTS = sorted((PROJECT_ROOT / "corpus").glob("*.txt")) + sorted((PROJECT_ROOT / "tests").rglob("fixtures/**/*.txt"))


def test_the_schema_is_valid_json_schema_2020_12() -> None:
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False and len(schema["$defs"]) >= 15


@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_every_corpus_and_fixture_extraction_holds_the_contract(path: Path) -> None:
    assert record_errors(extract_path(path)) == []


def _devset_provinces(folder: Path) -> dict[str, str]:
    """The province of each devset text as its files.csv (or gold.csv) names it: the user's metadata."""
    import csv

    provinces: dict[str, str] = {}
    for name, column in (("gold.csv", "doc"), ("files.csv", "file")):
        if (folder / name).exists():
            with open(folder / name, encoding="utf-8", newline="") as handle:
                provinces.update({row[column]: row["province"] for row in csv.DictReader(handle) if row.get("province")})
    return provinces


def test_the_devset_extractions_hold_the_contract() -> None:
    from nghiquyet.graph.corpus import DocumentMeta
    from nghiquyet.graph.extract import extract_document
    from nghiquyet.graph.text import slug

    texts = sorted(SHARED.glob("devset*/*.txt"))
    if not texts:
        pytest.skip(f"needs the devsets in {SHARED} (../shared is not part of the repository)")
    provinces = {folder: _devset_provinces(folder) for folder in {p.parent for p in texts}}
    for path in texts:
        # a text whose province the extractor cannot find gets it from the devset's metadata, as from a .yaml
        meta = DocumentMeta(id=slug(path.stem), path=path, province=provinces[path.parent].get(path.name))
        assert record_errors(extract_document(meta)) == [], path.name


def test_every_record_kind_that_occurs_is_in_the_schema_and_in_the_architecture_doc() -> None:
    schema = record_schema()
    seen = set()
    for path in TEXTS:
        seen |= {key for key, value in extract_path(path).items() if value not in (None, [])}
    assert seen <= set(schema["properties"])
    doc = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Records"):doc.index("## Identifiers")]
    for kind in schema["properties"]:
        assert re.search(rf'"{kind}"\s*:', section), f"docs/architecture.md does not show the record kind {kind!r}"
    assert "extract_document(meta" in section


@pytest.fixture(scope="module")
def records() -> dict[str, Any]:
    return extract_path(PROJECT_ROOT / "corpus" / "000_9ef6177e4b76089a.txt")


BREACHES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "unknown kind": (lambda r: r["quantities"][0].update(kind="goal"), "quantities/0/kind"),
    "unknown key": (lambda r: r["quantities"][0].update(colour="red"), "'colour' was unexpected"),
    "missing key": (lambda r: r["quantities"][0].pop("unit"), "'unit' is a required property"),
    "range without max": (lambda r: r["quantities"][0].update(comparator="range"), "value_max"),
    "year and period": (lambda r: r["quantities"][0].update(year="2025", period_start="2021", period_end="2025"),
                        "quantities/0"),
    "comma decimal": (lambda r: r["quantities"][0].update(value="11,55"), "quantities/0/value"),
    "impossible date": (lambda r: r["document"].update(issued="2021-02-30"), "document/issued"),
    "unknown record kind": (lambda r: r.update(opinions=[]), "'opinions' was unexpected"),
    "absolute id": (lambda r: r["bodies"][0].update(id="https://example.org/x"), "bodies/0/id"),
    "quote off its offsets": (
        lambda r: r["quantities"][0]["derived_from"]["annotation_target"]["selectors"][1].update(start=0),
        "is not text[0:"),
}


@pytest.mark.parametrize("name", BREACHES)
def test_a_breach_is_named(records: dict[str, Any], name: str) -> None:
    breach, expected = BREACHES[name]
    broken = copy.deepcopy(records)
    breach(broken)
    errors = record_errors(broken)
    assert errors and any(expected in error for error in errors), errors
    with pytest.raises(ContractError, match="break the contract"):
        check_records(broken)


def test_the_json_output_of_extract_is_what_the_schema_describes(records: dict[str, Any]) -> None:
    assert record_errors(json.loads(json.dumps(records, ensure_ascii=False))) == []

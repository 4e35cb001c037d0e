"""Corpus metadata: every document is described by hand, and bad metadata is named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from nghiquyet.graph.corpus import DOCUMENT_TYPES, iter_corpus, load_meta
from nghiquyet.graph.errors import DocumentError


def test_every_corpus_document_has_hand_written_metadata(corpus_dir: Path) -> None:
    metas = iter_corpus(corpus_dir)
    assert len(metas) == 5
    for meta in metas:
        assert meta.path.with_suffix(".yaml").exists(), meta.file
        assert meta.title and meta.province in {"Lai Châu", "Lạng Sơn"}
        assert meta.document_type in DOCUMENT_TYPES and meta.document_type != "Document"
        assert meta.extra["publisher"] and meta.extra["congress"]["term"] == [2020, 2025]
    kinds = {m.file[:3]: m.document_type for m in metas}
    assert kinds == {"000": "CongressResolution", "001": "AnnualPlanArticle", "002": "CongressResolution",
                     "003": "ConferenceReport", "004": "ActionProgramme"}


def test_text_is_nfc(corpus_dir: Path) -> None:
    import unicodedata

    for meta in iter_corpus(corpus_dir):
        text = meta.text()
        assert unicodedata.is_normalized("NFC", text)


def test_a_text_without_metadata_gets_an_identity_from_its_name(tmp_path: Path) -> None:
    path = tmp_path / "Bài viết Hà Tĩnh.txt"
    path.write_text("Tỉnh Hà Tĩnh phấn đấu tỷ lệ che phủ rừng đạt 52%.", encoding="utf-8")
    meta = load_meta(path)
    assert meta.id == "bai-viet-ha-tinh" and meta.document_type == "Document"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("id: x\nfoo: 1\n", "unknown metadata field(s) foo"),
        ("id: x\ndocument_type: Poem\n", "field document_type: 'Poem' is not one of"),
        ("id: x\nadopted: 2021-02-30\n", "field adopted: '2021-02-30' is not a calendar date"),
        ("id: x\npublished: not-a-date\n", "field published: 'not-a-date' must be a date"),
        ("id: x\nretrieved: 2021-13\n", "field retrieved: '2021-13' must be a date"),
        ("id: x\ncongress: {ordinal: -4}\n", "field congress.ordinal: -4 must be a whole number from 1"),
        ("id: x\ncongress: {ordinal: 14, term: [2025, 2020]}\n", "field congress.term: [2025, 2020] starts after it ends"),
        ("id: x\ncongress: {ordinal: 14, chair: someone}\n", "unknown metadata field(s) congress.chair"),
        ("id: x\nconference: {ordinal: 4, date: 2021-04-31}\n", "field conference.date: '2021-04-31' is not a calendar date"),
        ("id: x\nplan_year: next year\n", "field plan_year: 'next year' must be a year"),
        ("id: x\nlanguage: Vietnamese\n", "field language: 'Vietnamese' must be a language tag"),
        ("id: x\nsource_url: www.example.org\n", "field source_url: 'www.example.org' must be an http(s) URL"),
        ("id: x\nimplements: Not A Slug\n", "field implements: 'Not A Slug' must be a document id"),
        ("id: x\ntitle: 12\n", "field title: 12 must be non-empty text"),
        ("id: Not A Slug\n", "must be an ASCII slug"),
        ("id: x\nfile: other.txt\n", "'file' says 'other.txt'"),
        ("id: [unclosed\n", "invalid YAML"),
        ("- a list\n", "expected a mapping"),
    ],
)
def test_bad_metadata_is_named(tmp_path: Path, yaml_text: str, message: str) -> None:
    (tmp_path / "doc.txt").write_text("văn bản", encoding="utf-8")
    (tmp_path / "doc.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(DocumentError, match=None) as info:
        load_meta(tmp_path / "doc.txt")
    assert message in str(info.value) and "doc.yaml" in str(info.value)


def test_a_text_that_is_not_utf8_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Lạng Sơn".encode("utf-16"))
    with pytest.raises(DocumentError, match="latin.txt: cannot read as UTF-8"):
        load_meta(path).text()


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("x", encoding="utf-8")
        (tmp_path / f"{name}.yaml").write_text("id: same\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="id 'same' is already used"):
        iter_corpus(tmp_path)

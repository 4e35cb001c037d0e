"""Vietnamese text helpers: NFC, tone-mark-insensitive folding, slugs."""

from __future__ import annotations

import unicodedata

import pytest

from nghiquyet.graph.text import fold, normalise, slug, strip_accents


@pytest.mark.parametrize(("a", "b"), [("Uỷ ban", "Ủy ban"), ("Hoà Bình", "Hòa Bình"), ("Thuỷ lợi", "Thủy lợi"),
                                      ("Đăk Lăk", "Đắk Lắk"), ("khoá XIV", "khóa XIV"), ("TỈNH UỶ", "tỉnh ủy")])
def test_tone_mark_variants_fold_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Lai Châu", "Lạng Sơn"), ("ban", "bàn"), ("thu", "thư")])
def test_different_words_stay_different(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_normalise_composes_and_unifies_line_ends() -> None:
    decomposed = unicodedata.normalize("NFD", "Lạng Sơn\r\n")
    assert normalise(decomposed) == "Lạng Sơn\n"


@pytest.mark.parametrize(("text", "expected"), [("Ban Tổ chức Tỉnh uỷ", "ban-to-chuc-tinh-uy"),
                                                 ("Đảng ủy UBND tỉnh", "dang-uy-ubnd-tinh"),
                                                 ("Tỷ lệ che phủ rừng (%)", "ty-le-che-phu-rung"),
                                                 ("", "x")])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_strip_accents() -> None:
    assert strip_accents("Đắk Lắk, Lạng Sơn") == "Dak Lak, Lang Son"

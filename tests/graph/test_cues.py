"""Folding for cue matching (graph/extract/cues.py): the fast whole-string fold is the per-word one."""

from __future__ import annotations

import random

import pytest

from nghiquyet.graph.extract.cues import fold_same_length, fold_words
from nghiquyet.graph.text import read_text
from repo_paths import PROJECT_ROOT, SHARED


def _texts() -> list[str]:
    paths = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))
    paths += sorted(SHARED.glob("devset*/*.txt"))
    return [read_text(p) for p in paths]


def test_the_whole_string_fold_equals_the_word_by_word_fold_on_every_slice() -> None:
    """Whole texts, slices cut mid-word and at spaces, in the corpus and the devsets (when present)."""
    chance = random.Random(16)
    texts = _texts()
    assert len(texts) >= 5
    for text in texts:
        assert fold_same_length(text) == fold_words(text)
        for _ in range(300):
            start = chance.randrange(len(text))
            piece = text[start:start + chance.randrange(1, 400)]
            assert fold_same_length(piece) == fold_words(piece), piece


@pytest.mark.parametrize("text", [
    "Ban Tổ chức Tỉnh uỷ", "HOÀ BÌNH\tthủy\nlợi", "Đăk Lăk, Dak Lak", "İstanbul hoà", "ﬁ hoà",
    "thuỷ\u00a0lợi  (Uỷ ban)", "cafe\u0301 hoà", "ΟΔΟΣ hoà", "",
])
def test_texts_the_fast_fold_does_not_take_fold_word_by_word(text: str) -> None:
    folded = fold_same_length(text)
    assert folded == fold_words(text)
    assert len(folded) == len(text)


def test_tone_marks_and_spelling_variants_fold_alike() -> None:
    assert fold_same_length("Thanh Hoá, Uỷ ban") == fold_same_length("thanh hóa, ủy ban")
    assert fold_same_length("Đăk Lăk") == fold_same_length("đắk lắk")


def test_tone_placement_on_composed_text_equals_the_decomposed_rule() -> None:
    """canonical_tones moves tones on the NFC text; tones_by_decomposition is the rule on NFD text."""
    from nghiquyet.graph.text import canonical_tones, tones_by_decomposition

    chance = random.Random(17)
    crafted = ["hoà hòa HOÀ Hoà, thuỷ-lợi uỷ", "hoàn hoài khoẻ khoẻ.", "òa\u0301 ùy\u20d0 ọaâ ỏaã òaư òađ",
               "Ùy Òe Ọa ủy", "òa", "ò", ""]
    for text in crafted + _texts():
        assert canonical_tones(text) == tones_by_decomposition(text), text
        for _ in range(100):
            start = chance.randrange(max(1, len(text)))
            piece = text[start:start + chance.randrange(1, 60)]
            assert canonical_tones(piece) == tones_by_decomposition(piece), piece


def test_a_span_of_the_folded_text_is_the_fold_of_the_span() -> None:
    """fold_span cuts spans (at spaces, inside words, empty, one word, out of range) from the
    fold of the whole text: the same string as folding the span alone."""
    from nghiquyet.graph.extract.cues import fold_span

    chance = random.Random(18)
    for text in _texts()[:8] + ["Uỷ ban nhân dân  tỉnh\tĐăk Lăk", "hoà"]:
        other = text.upper()  # two texts in turn: each keeps its own fold
        for _ in range(400):
            start = chance.randrange(len(text) + 1)
            end = min(len(text), start + chance.choice([0, 1, 3, 40, 700]))
            assert fold_span(text, start, end) == fold_same_length(text[start:end])
            assert fold_span(other, start, end) == fold_same_length(other[start:end])
        assert fold_span(text, 0, len(text)) == fold_words(text)
        assert fold_span(text, -5, len(text) + 3) == fold_same_length(text[-5:len(text) + 3])

"""Lexicon loading and tone-mark-insensitive cue matching that keeps source offsets.

:func:`fold_same_length` folds text like :func:`nghiquyet.graph.text.fold` but character for character, so
an offset found in the folded text is the same offset in the NFC source text.

>>> fold_same_length("Ban Tổ chức Tỉnh uỷ") == fold_same_length("ban tổ chức tỉnh ủy")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable

from nghiquyet.graph.text import canonical_tones, fold, respell, word_variants

__all__ = ["load_lexicon", "fold_same_length", "fold_span", "fold_words", "cue_regex", "find_cues"]

_SPACE = re.compile(r"(\s+)")
_WHITESPACE = re.compile(r"\s")
_OTHER_SPACES = tuple(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")


def load_lexicon(name: str) -> Any:
    """The packaged lexicon table ``<name>.yaml`` (read-only); extractors take ``lexicon=`` instead."""
    from nghiquyet.graph.extract.lexicon import LEXICON_FILES, packaged_lexicons

    return getattr(packaged_lexicons(), LEXICON_FILES[name])


def fold_same_length(text: str) -> str:
    """Fold ``text`` for matching while keeping ``len`` and every offset unchanged.

    Each whitespace run becomes spaces of the same length; each word is folded on its own and
    kept only if folding did not change its length (true for Vietnamese letters in NFC).
    A word is folded once per process (:func:`_fold_word` is memoised): the extractors fold
    thousands of overlapping slices of one document, which hold the same few thousand words.
    Most texts take :func:`_fold_whole` instead, which gives the same string without the words.
    """
    whole = _fold_whole(text)
    return whole if whole is not None else fold_words(text)


_FOLDED: dict[int, tuple[str, str]] = {}  # id(text) → (text, fold_same_length(text)), a few texts


def fold_span(text: str, start: int, end: int) -> str:
    """``fold_same_length(text[start:end])``, cut from the fold of the whole ``text`` (made once per
    text: the extractors fold thousands of spans of one document). Words the span's edges cut
    through are folded on their own, as :func:`fold_same_length` of the span would."""
    if not 0 <= start <= end <= len(text):
        return fold_same_length(text[start:end])
    cached = _FOLDED.get(id(text))
    if cached is None or cached[0] is not text:
        if len(_FOLDED) >= 4:
            _FOLDED.clear()
        cached = _FOLDED[id(text)] = (text, fold_same_length(text))
    left, right = start, end
    if start > 0 and not text[start - 1].isspace():  # the span starts inside a word
        while left < end and not text[left].isspace():
            left += 1
    if end < len(text) and not text[end].isspace():  # the span ends inside a word
        while right > left and not text[right - 1].isspace():
            right -= 1
    whole = cached[1][left:right]
    if left == start and right == end:
        return whole
    return fold_same_length(text[start:left]) + whole + fold_same_length(text[right:end])


def fold_words(text: str) -> str:
    """:func:`fold_same_length` word by word (the definition; :func:`_fold_whole` is the fast way)."""
    return "".join(" " * len(part) if part.isspace() else _fold_word(part)
                   for part in _SPACE.split(text) if part)


@lru_cache(maxsize=1)
def _variants_keep_length() -> bool:
    """Whether every spelling variant is one word replaced by a word of the same length."""
    _, table = word_variants()
    return all(len(k) == len(v) and not re.search(r"\s", k + v) for k, v in table.items())


def _fold_whole(text: str) -> str | None:
    """:func:`fold_same_length` of ``text`` in a few passes over the whole string, or None when the
    per-word rules could differ (lower-casing or tone placement changes a length, text not NFC,
    a spelling variant of another length). Exact otherwise: lower-casing, tone placement and the
    variants act within whitespace-free words and keep each word's length, so no word falls back."""
    lowered = text.lower()
    if len(lowered) != len(text) or not unicodedata.is_normalized("NFC", lowered) or not _variants_keep_length():
        return None
    folded = respell(canonical_tones(lowered))
    if len(folded) != len(text):  # a tone moved onto a letter without a precomposed form: a word grew
        return None
    folded = folded.replace("\n", " ")
    if any(space in folded for space in _OTHER_SPACES):
        folded = _WHITESPACE.sub(" ", folded)
    return folded


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """:func:`fold` of one whitespace-free ``word`` if that keeps its length, else its lower case
    (or ``word`` itself when even lower-casing changes the length)."""
    folded = fold(word)
    if len(folded) != len(word):
        folded = word.lower() if len(word.lower()) == len(word) else word
    return folded


_SEPARATOR = r"(?:\s*[,\-–—/&]\s*|\s+)"


def _cue_pattern(cue: str) -> str:
    """Words of ``cue`` joined by any run of spaces, commas, hyphens, dashes, ``/`` or ``&``."""
    return _SEPARATOR.join(re.escape(w) for w in re.findall(r"\w+", fold(cue)))


@lru_cache(maxsize=512)
def cue_regex(cues: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any of ``cues`` (folded, whole words, longest first) in folded text.

    Memoised like :func:`re.compile` itself: the key is an immutable tuple, the value a compiled pattern.
    """
    alternatives = sorted({_cue_pattern(c) for c in cues if c.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def find_cues(folded: str, cues: Iterable[str]) -> list[re.Match[str]]:
    """Non-overlapping matches of ``cues`` in already folded text."""
    return list(cue_regex(tuple(cues)).finditer(folded))

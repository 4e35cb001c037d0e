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

from nghiquyet.graph.text import canonical_tones, fold, word_variants

__all__ = ["load_lexicon", "fold_same_length", "fold_words", "cue_regex", "find_cues"]

_SPACE = re.compile(r"(\s+)")
_WHITESPACE = re.compile(r"\s")


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
    pattern, table = word_variants()
    folded = pattern.sub(lambda m: table[m.group()], canonical_tones(lowered))
    if len(folded) != len(text):  # a tone moved onto a letter without a precomposed form: a word grew
        return None
    return _WHITESPACE.sub(" ", folded)


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

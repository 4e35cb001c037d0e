"""Vietnamese text helpers: NFC normalisation, tone-mark-insensitive folding, slugs.

Offsets everywhere in the project are indices into :func:`normalise` output.

>>> fold("Ủy ban") == fold("Uỷ ban")
True
>>> fold("Hoà Bình") == fold("Hòa Bình")
True
>>> slug("Ban Tổ chức Tỉnh uỷ")
'ban-to-chuc-tinh-uy'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from types import MappingProxyType
from typing import Mapping

import yaml
from unidecode import unidecode

__all__ = ["normalise", "canonical_tones", "tones_by_decomposition", "fold", "respell", "word_variants", "strip_accents", "slug", "read_text"]

# Tone placement in "oa", "oe", "uy" (old style "hoà", "uỷ" and new style "hòa", "ủy"): folding
# maps both to one spelling so either matches the other. This is orthography, not a word list.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_TONE_PAIRS_OLD = re.compile(r"([oOuU])([" + _TONES + r"])([aAeEyY])(?![a-zA-Z\u0300-\u036f])")
# The same pairs in NFC text (o/u carrying only a tone, then a/e/y): texts without one need no work.
_TONED_PAIR_NFC = re.compile("[" + "".join(unicodedata.normalize("NFC", v + t) for v in "oOuU" for t in _TONES)
                             + "][aAeEyY]")


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` in Unicode NFC with Windows line ends turned into ``\\n``."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def canonical_tones(text: str) -> str:
    """NFC ``text`` with every tone mark of "oa/oe/uy" placed one way; case and length kept.

    The one tone-folding routine of the project (:func:`fold` and the province matcher use it).

    >>> canonical_tones("Thanh Hoá") == canonical_tones("Thanh Hóa")
    True
    """
    composed = unicodedata.normalize("NFC", text)
    if not _TONED_PAIR_NFC.search(composed):
        return composed
    return _TONED_PAIR_NFC.sub(_move_tone, composed)


def _move_tone(match: re.Match[str]) -> str:
    """A toned o/u and the a/e/y after it with the tone moved onto the second vowel, unless a
    letter or combining mark follows (the pair is inside a longer word): the NFC form of
    :data:`_TONE_PAIRS_OLD` on the decomposed text, done on the two characters alone."""
    after = match.string[match.end():match.end() + 1]
    if after and _continues_word(after):
        return match.group()
    vowel, tone = unicodedata.normalize("NFD", match.group()[0])
    return vowel + unicodedata.normalize("NFC", match.group()[1] + tone)


@functools.lru_cache(maxsize=4096)
def _continues_word(char: str) -> bool:
    """Whether ``char`` decomposes to an ASCII letter or a combining mark first (the lookahead of
    :data:`_TONE_PAIRS_OLD`)."""
    first = unicodedata.normalize("NFD", char)[0]
    return (first.isascii() and first.isalpha()) or "\u0300" <= first <= "\u036f"


def tones_by_decomposition(text: str) -> str:
    """:func:`canonical_tones` as first written, on the decomposed text (tests compare the two)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    decomposed = _TONE_PAIRS_OLD.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", decomposed)


@functools.cache
def word_variants() -> tuple[re.Pattern[str], Mapping[str, str]]:
    """``word_variants`` of the packaged ``mappings/lexicons/spelling.yaml`` (read once, read-only):
    one regex of the variants and what each becomes."""
    from nghiquyet.graph.resources import data_path

    with open(data_path("mappings") / "lexicons" / "spelling.yaml", encoding="utf-8") as handle:
        variants = (yaml.safe_load(handle) or {})["word_variants"]
    table = MappingProxyType({str(k): str(v) for k, v in variants.items()})
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in table) + r")\b"), table


def fold(text: str) -> str:
    """Fold ``text`` for matching: lower case, tone-mark placement unified, spaces collapsed,
    spelling variants of ``spelling.yaml`` unified. Only meant for comparisons, never for display.
    """
    return respell(_SPACES.sub(" ", canonical_tones(text.lower())).strip())


def respell(text: str) -> str:
    """``text`` (lower case) with the spelling variants of ``spelling.yaml`` unified."""
    pattern, table = word_variants()
    if len(table) <= 16 and not any(variant in text for variant in table):
        return text  # a few substring scans instead of a regex tried at every word boundary
    return pattern.sub(lambda m: table[m.group()], text)


def strip_accents(text: str) -> str:
    """Remove every diacritic (``đ`` → ``d``) for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", text.replace("\u0111", "d").replace("\u0110", "D"))  # đ, Đ
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slug(text: str, max_length: int = 80) -> str:
    """Readable ASCII slug: diacritics stripped, lower case, runs of other characters → ``-``."""
    ascii_text = unidecode(strip_accents(normalise(text))).lower()
    ascii_text = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(ascii_text) > max_length:
        ascii_text = ascii_text[:max_length].rsplit("-", 1)[0]
    return ascii_text or "x"


def read_text(path: str | "os.PathLike[str]") -> str:  # noqa: F821 - documentation type only
    """Read a UTF-8 document and return its NFC text (a BOM is dropped)."""
    with open(path, encoding="utf-8-sig") as handle:
        return normalise(handle.read())

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

import re
import unicodedata

from unidecode import unidecode

__all__ = ["normalise", "fold", "strip_accents", "slug", "read_text"]

# Old-style tone placement (on the second vowel of "oa", "oe", "uy") → new style, and the
# reverse; folding maps both to one canonical spelling so either matches the other.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_TONE_PAIRS_OLD = re.compile(r"([oOuU])([" + _TONES + r"])([aAeEyY])(?![a-zA-Z\u0300-\u036f])")
_EXTRA_FOLDS = {
    "đăk": "đắk",
    "dak": "đắk",
    "lăk": "lắk",
}


def normalise(text: str) -> str:
    """Return ``text`` in Unicode NFC with Windows line ends turned into ``\\n``."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _canonical_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    # "uỷ" (tone on y) and "ủy" (tone on u): put the tone on the second vowel everywhere.
    decomposed = _TONE_PAIRS_OLD.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return decomposed


def fold(text: str) -> str:
    """Fold ``text`` for matching: lower case, tone-mark placement unified, spaces collapsed.

    The result is NFD-based and only meant for comparisons, never for display.
    """
    folded = _canonical_tones(text.lower())
    folded = re.sub(r"\s+", " ", folded).strip()
    composed = unicodedata.normalize("NFC", folded)
    for variant, canonical in _EXTRA_FOLDS.items():
        composed = re.sub(rf"\b{variant}\b", canonical, composed)
    return composed


def strip_accents(text: str) -> str:
    """Remove every diacritic (``đ`` → ``d``) for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
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

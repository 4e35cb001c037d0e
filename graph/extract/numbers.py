"""Vietnamese number parsing: ``.`` groups thousands, ``,`` marks decimals, scale words, ranges.

>>> parse_number("3.000")
Decimal('3000')
>>> parse_number("11,55")
Decimal('11.55')
>>> parse_number("02")
Decimal('2')
>>> plain(scaled(parse_number("4,4"), "triệu"))
'4400000'
>>> [str(v) for v in parse_range("9-10")]
['9', '10']
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged

__all__ = ["NUMBER_PATTERN", "parse_number", "parse_range", "scaled", "plain", "find_numbers"]

# A written number: 1.234.567 / 3.000 / 11,55 / 0,4 / 02 / 100. A lone "3.5" style decimal point
# (two digits or fewer after the dot) is also read as a decimal, as some pages write it that way.
NUMBER_PATTERN = r"(?<![\w.,/])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?:\.\d{1,2}(?!\d))?)(?![\d])(?![.,]\d)"
_NUMBER_RE = re.compile(NUMBER_PATTERN)

# Range separators (hyphen, dashes and the ``range_words`` of quantity-cues.yaml) and scale words
# (``scale_words`` of units.yaml) come from the lexicons.


def parse_number(token: str) -> Decimal:
    """Read one Vietnamese-written number (``3.000`` → 3000, ``11,55`` → 11.55, ``02`` → 2)."""
    token = token.strip()
    if not token:
        raise ValueError("empty number")
    if "," in token:
        whole, _, frac = token.partition(",")
        whole = whole.replace(".", "")
        text = f"{whole}.{frac}"
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        text = token.replace(".", "")
    else:
        text = token
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {token!r}") from exc
    return value


def parse_range(token: str, lexicon: Lexicons | None = None) -> tuple[Decimal, Decimal | None]:
    """Read ``"9-10"``, ``"7 – 7,5"`` or ``"1.500 đến 1.600"``; a single number gives ``(n, None)``."""
    parts = or_packaged(lexicon).quantity.range_separator.split(token.strip(), maxsplit=1)
    low = parse_number(parts[0])
    if len(parts) == 1 or not parts[1].strip():
        return low, None
    return low, parse_number(parts[1])


def scaled(value: Decimal, scale_word: str | None, lexicon: Lexicons | None = None) -> Decimal:
    """Multiply ``value`` by a scale word (``nghìn``, ``triệu``, ``tỷ``/``tỉ``, ``nghìn tỷ``)."""
    return value * or_packaged(lexicon).quantity.scale_factor(scale_word)


def plain(value: Decimal | None) -> str:
    """Plain decimal text as in the gold standard: no exponent, no trailing zeros (``7.0`` → ``7``)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def find_numbers(text: str) -> list[tuple[int, int, Decimal]]:
    """Every number token in ``text`` as ``(start, end, value)``."""
    found = []
    for match in _NUMBER_RE.finditer(text):
        try:
            found.append((match.start(), match.end(), parse_number(match.group())))
        except ValueError:
            continue
    return found

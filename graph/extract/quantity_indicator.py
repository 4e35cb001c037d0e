"""The indicator label of a quantity: the source wording around the number, number and unit taken out.

The words before the quote (back to the previous quantity or clause boundary) are preferred; when
the number opens its clause ("100% số thôn …", "57,5% xã đạt chuẩn …") the words after it are used.
"""

from __future__ import annotations

import re

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.quantity_lexicon import LabelPatterns

__all__ = ["indicator_label", "clause_start", "quote_noun", "list_lead"]

_HARD_BOUNDARY = re.compile(r"[;\n]|\.(?=\s|$)")


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset where the hard clause (sentence or ``;`` part) holding ``pos`` begins."""
    last = floor
    for match in _HARD_BOUNDARY.finditer(text, floor, pos):
        last = match.end()
    return last


def _clean(phrase: str, lex: LabelPatterns) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–")
    for _ in range(3):
        phrase = lex.lead.sub("", phrase).strip(" ,;:-–")
        phrase = lex.tail.sub("", phrase).strip(" ,;:-–")
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[:phrase.rfind("(")].strip()
    return phrase


def _before(text: str, start: int, floor: int, lex: LabelPatterns) -> str:
    left = clause_start(text, start, floor)
    window = text[left:start]
    cue = None
    for match in lex.intro.finditer(window):
        cue = match
    if cue and len(window[cue.end():].split()) >= 2:
        window = window[cue.end():]
    # drop finished clauses: keep the last one that still has words (parentheses kept whole)
    parts = [p for p in lex.split.split(window) if p.strip()]
    phrase = _clean(parts[-1], lex) if parts else ""
    if len(phrase.split()) < 2 and len(parts) > 1:
        phrase = _clean(parts[-2] + " " + parts[-1], lex)
    return phrase


def _after(text: str, end: int, lex: LabelPatterns) -> str:
    match = re.match(r"[^;\n.]*", text[end:end + 200])
    tail = match.group() if match else ""
    chunks = tail.split(",")
    phrase = ""
    for chunk in chunks:
        if re.search(r"\d", chunk) and phrase:
            break
        phrase = f"{phrase},{chunk}" if phrase else chunk
        if len(phrase.split()) >= 3:
            break
    phrase = lex.after_stop.split(phrase)[0]
    return _clean(phrase, lex)


def quote_noun(quote: str, bound_words: list[str] | tuple[str, ...]) -> str:
    """The counted noun of a quote with no indicator wording around it.

    ``"không còn hộ nghèo"`` → ``"hộ nghèo"``; ``"tối thiểu 12 bác sĩ/vạn dân"`` → ``"bác sĩ/vạn dân"``.
    """
    words = [w for w in quote.split() if not re.search(r"\d", w)]
    phrase = " ".join(words)
    for bound in sorted(bound_words, key=len, reverse=True):
        phrase = re.sub(rf"^{re.escape(bound)}\s+|\s+{re.escape(bound)}$", "", phrase, flags=re.I)
    return re.sub(r"^[%‰\s,.–-]+|[\s,.–-]+$", "", phrase)


def indicator_label(text: str, start: int, end: int, floor: int = 0, unit_words: str = "",
                    lexicon: Lexicons | None = None) -> str:
    """Indicator wording for the quote ``text[start:end]``; ``floor`` is the end of the previous quote."""
    lex = or_packaged(lexicon).quantity.label
    phrase = _before(text, start, floor, lex)
    if len(phrase.split()) < 2:
        after = _after(text, end, lex)
        if after:
            phrase = after
    if not phrase and unit_words:
        phrase = unit_words
    return phrase[:1].upper() + phrase[1:] if phrase else ""


def list_lead(text: str, start: int) -> str:
    """The lead of the list the quantity at ``start`` belongs to: the words before a colon in its sentence.

    ``"Cơ cấu kinh tế: Nông, lâm nghiệp … 12%; Dịch vụ 36%"`` → ``"Cơ cấu kinh tế"`` for both values.
    """
    floor = max(0, start - 600)
    window = text[floor:start]
    ends = [m.end() for m in re.finditer(r"\n|\.(?=\s)", window)]
    window = window[ends[-1]:] if ends else window
    colon = window.rfind(":")
    if colon == -1:
        return ""
    before = window[:colon]
    before = re.split(r"[;:]|\.(?=\s)", before)[-1]
    words = before.split()
    return " ".join(words[-14:]).strip(" ,;-–")

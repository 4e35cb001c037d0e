"""The indicator label of a quantity: the source wording around the number, number and unit taken out.

The words before the quote (back to the previous quantity or clause boundary) are preferred; when
the number opens its clause ("100% số thôn …", "57,5% xã đạt chuẩn …") the words after it are used.
"""

from __future__ import annotations

import re

from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.quantity_lexicon import LabelPatterns

__all__ = ["indicator_label", "before_phrase", "clean_phrase", "clause_start", "quote_noun", "list_lead"]

_HARD_BOUNDARY = re.compile(r"[;\n]|\.(?=\s|$)")


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset where the hard clause (sentence or ``;`` part) holding ``pos`` begins."""
    last = floor
    for match in _HARD_BOUNDARY.finditer(text, floor, pos):
        last = match.end()
    return last


def clean_phrase(phrase: str, lex: LabelPatterns) -> str:
    """``phrase`` without lead-in and trailing cue words and an unclosed bracket."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–")
    phrase = re.sub(r"^\)[\s,;:]*|\s*\($", "", phrase).strip(" ,;:-–")  # the previous quote's bracket, this one's
    for _ in range(3):
        phrase = lex.lead.sub("", phrase).strip(" ,;:-–")
        phrase = lex.tail.sub("", phrase).strip(" ,;:-–")
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[:phrase.rfind("(")].strip()
    return phrase


def _parts(window: str, lex: LabelPatterns) -> list[tuple[str, str]]:
    """``(separator before, part)`` pairs of the label window, empty parts dropped."""
    parts, last, sep = [], 0, ""
    for match in lex.split.finditer(window):
        parts.append((sep, window[last:match.start()]))
        sep, last = match.group(), match.end()
    parts.append((sep, window[last:]))
    return [(sep, part) for sep, part in parts if part.strip()]


def before_phrase(text: str, start: int, floor: int, lex: LabelPatterns, list_joiner: re.Pattern[str] | None = None) -> str:
    """The indicator wording before the quote at ``start``, back to its clause start or ``floor``.

    A short last part finishes the one before it ("Nông, lâm nghiệp, thủy sản", "… có bằng, chứng
    chỉ", "… thu gom và xử lý"): parts of at most two words joined by commas (or ``list_joiner``)
    are one name, and so is a short last part with the part before it.
    """
    left = clause_start(text, start, floor)
    window = text[left:start]
    cue = None
    for match in lex.intro.finditer(window):
        cue = match
    if cue and len(window[cue.end():].split()) >= 2:
        window = window[cue.end():]
    # drop finished clauses: keep the last one that still has words (parentheses kept whole)
    parts = _parts(window, lex)
    if not parts:
        return ""
    phrase = clean_phrase(parts[-1][1], lex)
    if len(phrase.split()) < 2 and len(parts) > 1 and not (phrase.isupper() and len(phrase) > 2):
        return clean_phrase(parts[-2][1] + " " + parts[-1][1], lex)
    joined, first, short = parts[-1][1], (phrase.split() or [""])[0].lower(), len(phrase.split()) <= 3
    for i in range(len(parts) - 2, -1, -1):
        part, words, sep = parts[i][1], parts[i][1].split(), parts[i + 1][0]
        listing = sep.strip() == "," or (list_joiner is not None and list_joiner.fullmatch(sep.strip().lower()))
        if not listing or not words or re.search(r"\d", clean_phrase(part, lex)):
            break
        if len(words) <= 2:
            joined = f"{part}{sep}{joined}"
            continue
        shared_noun = first and first in (w.lower() for w in words[1:])  # the same noun repeated
        if (sep.strip() == "," and shared_noun) or (short and len(clean_phrase(part, lex).split()) <= 12):
            joined = f"{part}{sep}{joined}"
        break
    return clean_phrase(joined, lex)


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
    return clean_phrase(phrase, lex)


def quote_noun(quote: str, bound_words: list[str] | tuple[str, ...], drop: re.Pattern[str] | None = None) -> str:
    """The counted noun of a quote with no indicator wording around it.

    ``"không còn hộ nghèo"`` → ``"hộ nghèo"``; ``"tối thiểu 12 bác sĩ/vạn dân"`` → ``"bác sĩ/vạn dân"``.
    Numbers are taken out (not the words they touch: "13 bác sỹ/1vạn dân" → "bác sỹ/vạn dân"), and
    what ``drop`` matches (scale words, the second noun of "11,5 bác sỹ và 32,3 giường bệnh …").
    """
    if drop is not None:
        quote = drop.sub(" ", quote)
    phrase = re.sub(r"\d+(?:[.,]\d+)*", " ", quote)
    phrase = re.sub(r"\s*/\s*", "/", " ".join(phrase.split())).lstrip("/")
    for bound in sorted(bound_words, key=len, reverse=True):
        phrase = re.sub(rf"^{re.escape(bound)}\s+|\s+{re.escape(bound)}$", "", phrase, flags=re.I)
    return re.sub(r"^[%‰\s,.–-]+|[\s,.–-]+$", "", phrase)


def indicator_label(text: str, start: int, end: int, floor: int = 0, unit_words: str = "",
                    lexicon: Lexicons | None = None) -> str:
    """Indicator wording for the quote ``text[start:end]``; ``floor`` is the end of the previous quote."""
    lexicons = or_packaged(lexicon)
    lex = lexicons.quantity.label
    phrase = before_phrase(text, start, floor, lex, lexicons.label_rules.list_joiner)
    if len(phrase.split()) < 2 and not (phrase.isupper() and len(phrase) > 2):
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

"""The indicator label of a quantity: the source wording around the number, number and unit taken out.

The words before the quote (back to the previous quantity or clause boundary) are preferred; when
the number opens its clause ("100% số thôn …", "57,5% xã đạt chuẩn …") the words after it are used.
"""

from __future__ import annotations

import re

__all__ = ["indicator_label", "clause_start"]

_BOUNDARY = re.compile(r"[;\n]|\.(?=\s|$)|:(?=\s)|,(?=\s)|\)\s*(?=\S)|(?<!\w)(?:trong đó|riêng|và|đồng thời)\s", re.I)
_HARD_BOUNDARY = re.compile(r"[;\n]|\.(?=\s|$)")
_LEAD = re.compile(
    r"^(?:[\s\-–•*+]|\(\d+\)|\d+\.|có|và|trong đó|riêng|đạt|là|chiếm|với|gồm|cụ thể|như|đó là|theo đó|"
    r"đến năm \d{4},?|năm \d{4},?|hằng năm,?|hàng năm,?)+", re.I)
_TAIL = re.compile(
    r"(?:\s|,|:|đạt|là|chiếm|ở mức|mức|còn|xuống|lên|bằng|bình quân|trung bình|hằng năm|hàng năm|mỗi năm|"
    r"(?:đến|tới|vào|trong|cuối)?\s*(?:năm\s*)?\d{4}|giai đoạn\s*\d{4}\s*[-–]\s*\d{4}|cả giai đoạn|"
    r"từ|trên|dưới|khoảng|gần|hơn|ít nhất|tối thiểu|tối đa|phấn đấu|đến|được|sẽ|từ khá|có)+$", re.I)
_CUE = re.compile(r"(?:phấn đấu|đặt mục tiêu|mục tiêu|đề ra|xác định|các chỉ tiêu chủ yếu|chỉ tiêu|nhằm|"
                  r"cụ thể|như)\s*:?\s*", re.I)


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset where the hard clause (sentence or ``;`` part) holding ``pos`` begins."""
    last = floor
    for match in _HARD_BOUNDARY.finditer(text, floor, pos):
        last = match.end()
    return last


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–")
    for _ in range(3):
        phrase = _LEAD.sub("", phrase).strip(" ,;:-–")
        phrase = _TAIL.sub("", phrase).strip(" ,;:-–")
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[:phrase.rfind("(")].strip()
    return phrase


def _before(text: str, start: int, floor: int) -> str:
    left = clause_start(text, start, floor)
    window = text[left:start]
    cue = None
    for match in _CUE.finditer(window):
        cue = match
    if cue and len(window[cue.end():].split()) >= 2:
        window = window[cue.end():]
    # drop finished clauses: keep the last one that still has words (parentheses kept whole)
    parts = [p for p in re.split(r";|,(?![^()]*\))|:(?=\s)|(?<!\w)(?:trong đó|riêng|và)\s", window) if p.strip()]
    phrase = _clean(parts[-1]) if parts else ""
    if len(phrase.split()) < 2 and len(parts) > 1:
        phrase = _clean(parts[-2] + " " + parts[-1])
    return phrase


def _after(text: str, end: int) -> str:
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
    phrase = re.split(r"\s(?:trong đó|đạt|là)\s|\s\d", phrase)[0]
    return _clean(phrase)


def quote_noun(quote: str, bound_words: list[str]) -> str:
    """The counted noun of a quote with no indicator wording around it.

    ``"không còn hộ nghèo"`` → ``"hộ nghèo"``; ``"tối thiểu 12 bác sĩ/vạn dân"`` → ``"bác sĩ/vạn dân"``.
    """
    words = [w for w in quote.split() if not re.search(r"\d", w)]
    phrase = " ".join(words)
    for bound in sorted(bound_words, key=len, reverse=True):
        phrase = re.sub(rf"^{re.escape(bound)}\s+|\s+{re.escape(bound)}$", "", phrase, flags=re.I)
    return re.sub(r"^[%‰\s,.–-]+|[\s,.–-]+$", "", phrase)


def indicator_label(text: str, start: int, end: int, floor: int = 0, unit_words: str = "") -> str:
    """Indicator wording for the quote ``text[start:end]``; ``floor`` is the end of the previous quote."""
    phrase = _before(text, start, floor)
    if len(phrase.split()) < 2:
        after = _after(text, end)
        if after:
            phrase = after
    if not phrase and unit_words:
        phrase = unit_words
    return phrase[:1].upper() + phrase[1:] if phrase else ""

"""Infer a document's corpus metadata (docs/corpus.md) from its text and its page metadata.

Every field filled here is listed in ``inferred`` so the user knows what to check. Cue words live
in ``mappings/lexicons/intake.yaml``; provinces come from :func:`detect_province`.
"""

from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import urlparse

from nghiquyet.graph.extract.clutter import content_mask
from nghiquyet.graph.extract.cues import cue_regex, fold_same_length
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.province import detect_province, province_table
from nghiquyet.graph.extract.shared import roman_to_int
from nghiquyet.graph.intake.lexicon import IntakeLexicon, intake_lexicon
from nghiquyet.graph.intake.sources import Source

__all__ = ["infer_metadata", "first_title_line"]

_TITLE_WORDS = (4, 30)
_ISSUER_LINES = 6  # an issuing body opens the header block or the title, within its first lines
_ROMAN_OR_NUMBER = r"([ivxlc]+|\d{1,2})(?![\w])"


def _year_range(lex: IntakeLexicon) -> str:
    """Two years joined by a dash or a range word ("2021 - 2030", "2021 đến 2030")."""
    words = "|".join(re.escape(w) for w in lex.range_words)
    return rf"((?:19|20)\d{{2}})\s*(?:[-–—]+|{words})\s*((?:19|20)\d{{2}})"


def _after(folded: str, cues: tuple[str, ...], tail: str) -> re.Match[str] | None:
    """The first match of a cue followed by ``tail`` (a regex on folded text)."""
    alternatives = cue_regex(tuple(cues)).pattern
    return re.search(rf"{alternatives}\s*[:,]?\s*{tail}", folded)


def _headline(line: str) -> bool:
    words = line.split()
    return (_TITLE_WORDS[0] <= len(words) <= _TITLE_WORDS[1] and any(c.islower() for c in line)
            and not line.endswith((".", ",", ";")) and "|" not in line)


def first_title_line(text: str, lexicon: Lexicons | None = None) -> str:
    """The first content line that reads like a headline (4–30 words, not a sentence), else the first line."""
    lines = [" ".join(text[a:b].split()) for start, end in content_mask(text, lexicon)
             for a, b in _line_spans(text, start, end)]
    lines = [line for line in lines if len(line) >= 10 and not line.startswith(("http://", "https://"))]
    title = next((line for line in lines if _headline(line)), lines[0] if lines else "")
    return title if len(title) <= 200 else title[:200].rsplit(" ", 1)[0]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, offset = [], start
    for line in text[start:end].split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _document_type(lex: IntakeLexicon, title: str, head: str) -> str:
    for place in (fold_same_length(title), fold_same_length(head)):
        for doc_type, cues in lex.document_types.items():
            if cue_regex(tuple(cues)).search(place):
                return doc_type
    return "Document"


def _congress(intake: IntakeLexicon, folded: str) -> dict[str, Any]:
    lex = intake.congress
    congress: dict[str, Any] = {}
    words = cue_regex(tuple(lex["words"])).pattern
    ordinal = cue_regex(tuple(lex["ordinal"])).pattern
    found = re.search(rf"{words}[^.\n]{{0,80}}?{ordinal}\s+{_ROMAN_OR_NUMBER}", folded)
    if found:
        token = found.group(found.lastindex or 1)
        congress["ordinal"] = int(token) if token.isdigit() else roman_to_int(token)
    term = _after(folded, lex["term"], _year_range(intake))
    if term:
        congress["term"] = [int(term.group(term.lastindex - 1)), int(term.group(term.lastindex))]
    return congress


def _date_line(lex: IntakeLexicon, folded: str) -> str | None:
    words = lex.date_words
    pattern = (rf"^[^\n,]{{2,40}},\s*{words['day']}\s+(\d{{1,2}})\s+{words['month']}\s+(\d{{1,2}})"
               rf"\s+{words['year']}\s+((?:19|20)\d{{2}})")
    found = re.search(pattern, folded, re.MULTILINE)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _issuer(lexicon: Lexicons, text: str, folded: str) -> str | None:
    matches = list(cue_regex(intake_lexicon(lexicon).issuers).finditer(folded))
    if not matches:
        return None
    first = min(matches, key=lambda m: (m.start(), -len(m.group(0))))
    written = " ".join(text[first.start():first.end()].split())
    after = re.match(r"\s+([^\W\d_][\w]*(?:\s+[^\W\d_][\w]*){0,3})", text[first.end():first.end() + 60])
    name = written
    if after:
        following = " ".join(after.group(1).split())
        for entry in province_table(lexicon):
            for candidate in [entry["name"], *entry.get("variants", [])]:
                if fold_same_length(following).startswith(fold_same_length(candidate)):
                    return f"{written} {following[:len(candidate)]}"
    return name


def infer_metadata(source: Source, lexicon: Lexicons | None = None) -> dict[str, Any]:
    """Metadata fields for ``source`` in the order of docs/corpus.md, with ``inferred`` listing them."""
    lexicons = or_packaged(lexicon)
    lex = intake_lexicon(lexicons)
    text = source.text
    head = text[: lex.head_window]
    folded_head = fold_same_length(head)
    title = " ".join((source.meta.get("title") or first_title_line(text, lexicons)).split())
    fields: dict[str, Any] = {}
    if title:
        fields["title"] = title
    province = detect_province(f"{title}\n{text}" if title else text, lexicons)
    if province:
        fields["province"] = province
    fields["document_type"] = _document_type(lex, title, head)
    opening = "\n".join(head.split("\n")[:_ISSUER_LINES])
    issuer = _issuer(lexicons, opening, fold_same_length(opening))
    if issuer:
        fields["issuing_body"] = issuer
    congress = _congress(lex, fold_same_length(f"{title}\n{head}"))
    if congress:
        fields["congress"] = congress
    folded_all = fold_same_length(f"{title}\n{head}")
    period = _after(folded_all, lex.plan_period, _year_range(lex))
    if period:
        fields["plan_period"] = [int(period.group(period.lastindex - 1)), int(period.group(period.lastindex))]
    vision = _after(folded_all, lex.vision, r"((?:19|20|21)\d{2})(?!\d)")
    if vision:
        fields["vision_year"] = int(vision.group(vision.lastindex))
    if fields["document_type"] == "AnnualPlanArticle":
        plan_year = _after(folded_all, lex.plan_year, r"((?:19|20)\d{2})(?![\d\s]*[-–—])")
        if plan_year:
            fields["plan_year"] = int(plan_year.group(plan_year.lastindex))
    adopted = _date_line(lex, folded_head)
    if adopted:
        fields["adopted"] = adopted
    if source.meta.get("date"):
        fields["published"] = source.meta["date"]
    if source.retrieved:
        fields["retrieved"] = source.retrieved
    if source.meta.get("sitename"):
        fields["publisher"] = source.meta["sitename"]
    url = source.url or source.meta.get("url")
    site = source.meta.get("hostname") or (urlparse(url).hostname if url else None)
    if site:
        fields["source_site"] = site.removeprefix("www.")
    if url:
        fields["source_url"] = url
    if source.meta.get("author"):
        fields["author"] = source.meta["author"]
    fields["language"] = "vi"
    fields["inferred"] = [key for key in fields if key != "language"]
    return fields

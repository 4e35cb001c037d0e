"""Document structure: numbered headings → a tree of sections with roles.

Headings are recognised by their numbering style at the start of a line (roman ``I-``/``II.``,
decimal ``1.``/``2.3.``/``2.2Tham…``, ``(n)``, ``a)``, ``*`` subheadings, ``Một là,`` ordinals,
``Chương trình N:``, the articles ``Điều N.`` of a People's Council resolution) and by cue lines ("Mục tiêu cụ thể", "… ba khâu đột phá sau:"). Nesting
follows the order in which styles appear, so inconsistent numbering still nests correctly; the
cue words that give roles live in ``mappings/lexicons/headings.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from nghiquyet.graph.extract.cues import find_cues, fold_same_length, fold_span
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged, per_table
from nghiquyet.graph.text import fold, slug

__all__ = ["Section", "parse_sections", "section_at", "role_of"]

_LETTER_AFTER = r"(?=[^\W\d_]|[“\"'‘])"
_ROMAN = re.compile(r"(?P<num>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.\-–)]\s*" + _LETTER_AFTER)
_LETTER = re.compile(r"(?P<num>[A-H])\s*[.\-–)]\s+(?=[^\W\d_]{2})")
_DECIMAL = re.compile(r"(?P<num>\d+(?:\.\d{1,2}(?!\d))*)(?P<sep>\s*[.)](?!\d))?\s*" + _LETTER_AFTER)
_STAR = re.compile(r"(?P<num>)\*+\s*(?=\S)")
_CONTAINERS = ("roman", "roman-sub", "letter", "article")
_MAX_HEADING = 160


@dataclass(frozen=True)
class Section:
    """One heading and the text it governs, ``text[start:end]``."""

    number: str  # as written: "2.3", "(1)", "I", "Chương trình 1", "" for cue lines
    path: str  # ASCII slug path, unique in the document: "2-3", "ct-1-muc-tieu"
    heading: str  # verbatim heading text without its number (text[…:heading_end])
    level: int  # 1 for top-level headings
    start: int  # offset of the number (or of the line for unnumbered headings)
    heading_end: int
    end: int  # until the next heading of the same or a higher level
    parent: Section | None = field(default=None, repr=False, compare=False)
    role: str | None = None
    style: str = ""  # numbering style: "article" for "Điều N.", "dec1", "paren", "roman" …


@dataclass
class _Draft:
    style: str
    number: str
    start: int
    heading_start: int
    heading_end: int
    heading: str
    role: str | None
    parent: _Draft | None = None
    end: int = -1
    qualified: bool = False
    path: str = ""


@per_table
def _programme_regex(lex: Mapping[str, Any]) -> re.Pattern[str]:
    words = "|".join(sorted((r"\s+".join(re.escape(p) for p in fold(w).split()) for w in lex["programme"]["words"]),
                            key=len, reverse=True))
    return re.compile(r"(?P<prefix>\(\d+\)|\d+\s*[.)])?\s*(?P<num>(?:" + words + r")\s+(?P<n>\d+))\s*[:.\-–]\s*")


@per_table
def _article_regex(lex: Mapping[str, Any]) -> re.Pattern[str]:
    words = "|".join(sorted((r"\s+".join(re.escape(p) for p in fold(w).split()) for w in lex["article"]["words"]),
                            key=len, reverse=True))
    return re.compile(r"(?P<num>(?:" + words + r")\s+(?P<n>\d{1,3}))\s*[:.\-–]\s*")


@per_table
def _ordinal_regex(lex: Mapping[str, Any]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in lex["ordinals"])
    return re.compile(r"(?P<num>(?:" + words + r")\s+" + re.escape(lex["ordinal_suffix"]) + r")\s*[,:.]\s*(?=\S)")


def _cue_matches(folded: str, lex: Mapping[str, Any]) -> list[tuple[str, re.Match[str]]]:
    """(role, match) for every cue in ``folded``, dropping cues inside a longer cue."""
    found: list[tuple[str, re.Match[str]]] = []
    for role, cues in lex["roles"].items():
        found.extend((role, m) for m in find_cues(folded, cues))
    return [(r, m) for r, m in found
            if not any(o is not m and o.start() <= m.start() and m.end() <= o.end() and o.end() - o.start() >
                       m.end() - m.start() for _, o in found)]


def role_of(heading: str, line: str | None = None, lexicon: Lexicons | None = None) -> str | None:
    """The role named by the cue words of ``heading``; ``line`` (the whole source line) may end
    in a lead-in such as "… ba khâu đột phá sau:"."""
    return _role_of(heading, line, or_packaged(lexicon).headings)


def _role_of(heading: str, line: str | None, lex: Mapping[str, Any]) -> str | None:
    tail = fold_same_length(line if line is not None else heading).rstrip()
    if tail.endswith(":"):
        endings = _endings(lex)
        closing = _cue_matches(tail, lex)
        if closing:
            role, last = max(closing, key=lambda item: item[1].end())
            if role in lex["lead_in_roles"] and re.fullmatch(r"\s*(?:" + endings + r")?\s*:", tail[last.end():]):
                return role
    folded = fold_same_length(heading)
    found = _cue_matches(folded, lex)
    if len({r for r, _ in found}) != 1:
        return None
    role, first = min(found, key=lambda item: item[1].start())
    return role if len(folded[: first.start()].split()) <= lex["cue_window"] else None


@per_table
def _endings(lex: Mapping[str, Any]) -> str:
    return "|".join(re.escape(e) for e in sorted(lex["lead_in_endings"], key=len, reverse=True))


def _heading_end(line: str, begin: int, style: str) -> int:
    """End offset (in ``line``) of the heading that starts at ``begin``."""
    rest = line[begin:].rstrip()
    stop = len(rest)
    sentence = re.search(r"[.!?](?=\s+[^\W\d_])", rest)
    if style != "star" and (len(rest) > _MAX_HEADING or sentence):
        colon = rest.find(":")
        if 0 < colon <= 120:
            stop = colon
        elif sentence:
            stop = sentence.start()
        if stop > _MAX_HEADING:
            cut = rest.rfind(" ", 0, _MAX_HEADING)
            stop = cut if cut > 0 else _MAX_HEADING
    return begin + len(rest[:stop].rstrip(" :;,.–-"))


@per_table
def _letter_regexes(lex: Mapping[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"(1)"/"(a)" and "a)" item numbers, with the ``item_letters`` of the lexicon."""
    letters = "[" + "".join(re.escape(c) for c in lex["item_letters"]) + "]"
    return (re.compile(r"\((?P<num>\d+|" + letters + r")\)\s*(?=\S)"),
            re.compile(r"(?P<num>" + letters + r")\)\s+(?=\S)"))


def _match_line(line: str, folded: str, lex: Mapping[str, Any]) -> tuple[str, str, int] | None:
    """(style, number as written, heading start in line) for a numbered heading line."""
    paren, alpha = _letter_regexes(lex)
    found = _article_regex(lex).match(folded)
    if found:  # "Điều 2." opens an article: a top-level container of its numbered items
        return "article", line[found.start("num"):found.end("num")], found.end()
    found = _programme_regex(lex).match(folded)
    if found:  # a numbered programme nests like the list its own number belongs to
        prefix = (found.group("prefix") or "").replace(" ", "")
        style = "paren" if prefix.startswith("(") else "nparen" if prefix.endswith(")") else "dec1" if prefix else "prog"
        return style, line[found.start("num"):found.end("num")], found.end()
    for style, pattern, text in (("roman", _ROMAN, line), ("letter", _LETTER, line), ("paren", paren, line),
                                 ("alpha", alpha, line), ("star", _STAR, line), ("ordinal", _ordinal_regex(lex), folded)):
        found = pattern.match(text)
        if found:
            number = line[found.start("num"):found.end("num")]
            if style == "paren":
                number = f"({number})"
                style = "paren" if number[1].isdigit() else "alpha"
            elif style == "alpha":
                number += ")"
            return style, number, found.end()
    found = _DECIMAL.match(line)
    if found:
        number, sep = found.group("num"), (found.group("sep") or "").strip()
        first = line[found.end():found.end() + 1]
        if (sep or "." in number) and (first.isupper() or not first.isalpha()):
            if sep == ")":
                return "nparen", number + ")", found.end()
            return f"dec{number.count('.') + 1}", number, found.end()
    return None


def _draft_for(text: str, line: str, offset: int, lex: Mapping[str, Any]) -> _Draft | None:
    """The heading ``line`` of ``text`` (at ``offset``) opens, if any."""
    stripped = line.lstrip()
    if not stripped:
        return None
    lead = len(line) - len(stripped)
    folded = fold_span(text, offset + lead, offset + len(line))
    matched = _match_line(stripped, folded, lex)
    if matched:
        style, number, begin = matched
        end = _heading_end(stripped, begin, style)
        heading = stripped[begin:end]
        role = "programme" if _programme_regex(lex).match(folded) else _role_of(heading, stripped, lex)
        return _Draft(style, number, offset + lead, offset + lead + begin, offset + lead + end, heading, role)
    text = stripped.rstrip()
    role = _role_of(text.rstrip(" :"), text, lex)
    if role is None:
        return None
    short = len(text) <= lex["max_cue_line"] and not text.endswith(".")
    if not (short or text.endswith(":")):
        return None
    end = len(text.rstrip(" :"))
    return _Draft("cue", "", offset + lead, offset + lead, offset + lead + end, text[:end], role)


def _is_container(draft: _Draft) -> bool:
    return draft.style in _CONTAINERS or draft.style.startswith("dec")


def _attach(stack: list[_Draft], draft: _Draft, closed: list[_Draft]) -> None:
    """Pop ``stack`` to ``draft``'s parent, closing the popped drafts, and push ``draft``."""
    def pop() -> None:
        done = stack.pop()
        done.end = draft.start
        closed.append(done)

    if stack and stack[-1].style == "roman-sub" and draft.style != "roman":
        pop()  # "I. … / I.Về đánh giá … / 1.Về …": the repeated numeral stood for the first item
    styles = [d.style for d in stack]
    if draft.role in ("objectives", "tasks") and any(d.role == "programme" for d in stack):
        draft.style = "part"
        while stack[-1].role != "programme":
            pop()
    elif draft.style == "cue":
        while stack and (not _is_container(stack[-1]) or stack[-1].role == "programme"):
            pop()
    elif draft.style == "roman" and stack and stack[-1].style == "roman" and stack[-1].number == draft.number:
        draft.style = "roman-sub"
    elif draft.style in styles:
        while stack[-1].style != draft.style:
            pop()
        pop()
    draft.parent = stack[-1] if stack else None
    stack.append(draft)


def _candidate_path(draft: _Draft, lex: Mapping[str, Any]) -> str:
    parent = draft.parent
    prefix = f"{parent.path}-" if parent else ""
    roles = lex["role_paths"]
    if draft.role == "programme":
        return f"{lex['programme']['path_prefix']}-{slug(draft.number.split()[-1])}"
    if draft.style == "article":
        return f"{lex['article']['path_prefix']}-{slug(draft.number.split()[-1])}"
    if draft.style in ("part", "cue"):
        token = roles.get(draft.role or "")
        return prefix + (slug(draft.heading, 40) if draft.qualified or not token else token)
    if draft.style == "star":
        return prefix + slug(draft.heading, 40)
    if draft.style.startswith("dec") and parent and parent.style.startswith("dec") \
            and draft.number.startswith(parent.number + "."):
        return prefix + slug(draft.number[len(parent.number) + 1:])
    if draft.style in ("paren", "alpha", "nparen", "ordinal"):
        anchor = parent
        while anchor and anchor.style == "star" and not draft.qualified:
            anchor = anchor.parent
        return (f"{anchor.path}-" if anchor else "") + slug(draft.number)
    if draft.style == "roman-sub" or draft.qualified or (parent and parent.style == "article"):
        return prefix + slug(draft.number)
    return slug(draft.number)


def _assign_paths(drafts: list[_Draft], lex: Mapping[str, Any]) -> None:
    for _ in range(4):
        for draft in drafts:
            draft.path = _candidate_path(draft, lex)
        seen: dict[str, list[_Draft]] = {}
        for draft in drafts:
            seen.setdefault(draft.path, []).append(draft)
        clashes = [d for group in seen.values() if len(group) > 1 for d in group
                   if not d.qualified and (d.parent or d.style in ("part", "cue"))]
        if not clashes:
            break
        for draft in clashes:
            draft.qualified = True
    counts: dict[str, int] = {}
    for draft in drafts:
        counts[draft.path] = counts.get(draft.path, 0) + 1
        if counts[draft.path] > 1:
            draft.path = f"{draft.path}-{counts[draft.path]}"


def parse_sections(text: str, lexicon: Lexicons | None = None) -> list[Section]:
    """Sections of the NFC ``text`` in document order (parents before their children)."""
    lex = or_packaged(lexicon).headings
    drafts: list[_Draft] = []
    stack: list[_Draft] = []
    closed: list[_Draft] = []
    offset = 0
    for line in text.split("\n"):
        draft = _draft_for(text, line, offset, lex)
        if draft:
            _attach(stack, draft, closed)
            drafts.append(draft)
        offset += len(line) + 1
    for draft in stack:
        draft.end = len(text)
    _assign_paths(drafts, lex)
    built: dict[int, Section] = {}
    sections = []
    for draft in drafts:
        parent = built.get(id(draft.parent)) if draft.parent else None
        role = draft.role
        if role is None and draft.style in ("paren", "alpha", "nparen") and _inherited_role(draft) == "targets":
            role = "indicator-group"
        section = Section(draft.number, draft.path, draft.heading, (parent.level + 1) if parent else 1,
                          draft.start, draft.heading_end, draft.end, parent, role, draft.style)
        built[id(draft)] = section
        sections.append(section)
    return sections


def _inherited_role(draft: _Draft) -> str | None:
    node = draft.parent
    while node is not None:
        if node.role:
            return node.role
        node = node.parent
    return None


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section whose extent holds ``offset`` (None before the first heading)."""
    # sections are in text order and nest: the last one starting at or before ``offset``, or the
    # nearest of its ancestors that still holds ``offset``, is the innermost (found in log time)
    index = bisect.bisect_right(sections, offset, key=lambda s: s.start) - 1
    node = sections[index] if index >= 0 else None
    while node is not None and not node.start <= offset < node.end:
        node = node.parent
    return node

"""Assignments: which body leads, coordinates, monitors, is delegated or is asked to help, and with what.

Sentences are read clause by clause with the cue phrases of ``mappings/lexicons/roles.yaml``:

* "Giao X chủ trì, phối hợp với Y, Z … Chương trình 1, 2" → X lead, Y and Z coordinate, for
  programmes 1 and 2 (without "chủ trì", "Giao X …" still makes X the lead);
* "A giao (cho) B …" → B delegate, ``delegated_by`` A;
* "X có trách nhiệm … theo dõi, đôn đốc việc thực hiện …" → X monitor;
* "đề nghị X …", and "phối hợp (với) X" with no lead when X is a ministry, central body or
  enterprise → X requested_partner.

What is assigned: the programmes named in the clause, else the task (or programme) whose text
holds the clause, else the whole document (``assigned_to`` "" and ``assigned_to_document``).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from nghiquyet.graph.extract.bodies import change_events, find_bodies, with_parents
from nghiquyet.graph.extract.cues import find_cues, fold_same_length, fold_span
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.structure import Section, section_at
from nghiquyet.graph.text import fold, slug

__all__ = ["extract_assignments", "clauses"]

_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\n")
_NUMBERING = re.compile(r"[\s\d.()\-–—+•*IVX]*")


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and ``;``-clauses of ``text`` (without surrounding spaces)."""
    spans, start = [], 0
    for stop in _CLAUSE_END.finditer(text):
        spans.append((start, stop.start()))
        start = stop.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _cues(folded: str, key: str, offset: int, lex: Mapping[str, Any]) -> list[tuple[int, int]]:
    return [(offset + m.start(), offset + m.end()) for m in find_cues(folded, lex[key])]


def _list_gap(lex: Mapping[str, Any]) -> re.Pattern[str]:
    """What may stand between two listed bodies: a comma, ";" or a ``list_joiners`` word (folded)."""
    return re.compile(r"\s*(?:,|" + "|".join(_words(w) for w in lex["list_joiners"]) + r"|;)?\s*")


def _run_after(bodies: list[tuple[dict, int, int]], text: str, position: int, limit: int,
               lex: Mapping[str, Any]) -> list[tuple[dict, int, int]]:
    """The bodies listed one after another from ``position`` (only commas/"và" between them)."""
    gap_pattern, receivers = _list_gap(lex), {fold(w) for w in lex["receiver_words"]}
    run = []
    for body in bodies:
        if body[1] < position or body[1] >= limit:
            continue
        gap = text[position:body[1]]
        if not gap_pattern.fullmatch(fold_same_length(gap)) and not (not run and fold(gap) in receivers):
            break
        run.append(body)
        position = body[2]
    return run


def _name_gap(gap: str) -> bool:
    """Nothing, or only a capitalised name ("… Thành ủy Hà Nội giao"), between a giver and "giao"."""
    words = gap.split()
    return len(words) <= 3 and all(w[:1].isupper() for w in words)


def _list_leads(text: str, span: tuple[int, int], named: list[tuple[dict, int, int]], lex: Mapping[str, Any],
                is_open: bool) -> tuple[list[tuple[dict, str, dict | None]], bool]:
    """Leads of a list opened by "… cơ quan thường trực … gồm có:" (one per ``;`` item), and whether it goes on."""
    folded = fold_span(text, span[0], span[1])
    item_start = span[0]
    if find_cues(folded, lex["lead_list"]) and ":" in folded:
        is_open, item_start = True, span[0] + folded.index(":") + 1
    if not is_open:
        return [], False
    goes_on = text[span[1]:span[1] + 1] == ";"
    while item_start < span[1] and text[item_start].isspace():
        item_start += 1
    run = [b for b in named if b[1] == item_start][:1]
    return [(b[0], "lead", None) for b in run], goes_on


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in fold(phrase).split())


def _agents(text: str, bodies: list[tuple[dict, int, int]], start: int,
            lex: Mapping[str, Any]) -> list[tuple[dict, int, int]]:
    """Bodies that can act: not the tail of a post title such as "Chủ tịch UBND tỉnh"."""
    posts = lex["post_words"]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_words(p) for p in posts) + r")\s*$")
    return [b for b in bodies if not pattern.search(fold_span(text, max(start, b[1] - 40), b[1]))]


def _run_before(bodies: list[tuple[dict, int, int]], text: str, position: int, floor: int,
                lex: Mapping[str, Any]) -> list[tuple[dict, int, int]]:
    """The bodies listed one after another that end just before ``position``."""
    gap_pattern = _list_gap(lex)
    run: list[tuple[dict, int, int]] = []
    for body in reversed(bodies):
        if body[2] > position or body[1] < floor:
            continue
        if not gap_pattern.fullmatch(fold_span(text, body[2], position)):
            break
        run.insert(0, body)
        position = body[1]
    return run


def _programme_refs(folded: str, programmes: dict[str, Any], lex: Mapping[str, Any]) -> list[str]:
    known = {p["id"] for p in programmes.get("programmes", [])}
    words = "|".join(_words(w) for w in sorted(lex["programme_words"], key=len, reverse=True))
    refs: list[str] = []
    joiners = "|".join(_words(w) for w in lex["list_joiners"])
    for found in re.finditer(rf"(?<!\w)(?:{words})\s+(\d+(?:\s*(?:,|{joiners}|-|–)\s*\d+)*)", folded):
        numbers = [int(n) for n in re.findall(r"\d+", found.group(1))]
        if len(numbers) == 2 and re.search(r"[-–]", found.group(1)):
            numbers = list(range(numbers[0], numbers[1] + 1))
        refs.extend(f"programme/{n}" for n in numbers if f"programme/{n}" in known)
    return list(dict.fromkeys(refs))


def _containing_item(start: int, programmes: dict[str, Any]) -> str:
    best: tuple[int, str] | None = None
    for key in ("tasks", "programmes", "objectives"):
        for item in programmes.get(key, []):
            source = item.get("source") or {}
            if source.get("start", 1) <= start < source.get("end", 0):
                ref = item.get("programme", item["id"]) if key == "objectives" else item["id"]
                width = source["end"] - source["start"]
                if best is None or width < best[0]:
                    best = (width, ref)
    return best[1] if best else ""


def _targets(text: str, span: tuple[int, int], programmes: dict[str, Any], lex: Mapping[str, Any]) -> list[str]:
    folded = fold_span(text, span[0], span[1])
    refs = _programme_refs(folded, programmes, lex)
    if refs:
        return refs
    if find_cues(folded, lex["document_refs"]):
        return [""]
    return [_containing_item(span[1] - 1, programmes)]  # the clause may start before its item's text


def _clause_roles(text: str, span: tuple[int, int], bodies: list[tuple[dict, int, int]],
                  lex: Mapping[str, Any]) -> list[tuple[dict, str, dict | None]]:
    """(body, role, delegating body) for every role the clause gives."""
    start, end = span
    folded = fold_span(text, start, end)

    def outside(cues: list[tuple[int, int]]) -> list[tuple[int, int]]:  # cue words inside a body's name
        return [c for c in cues if not any(b[1] <= c[0] < b[2] for b in bodies)]

    assign, lead = outside(_cues(folded, "assign", start, lex)), outside(_cues(folded, "lead", start, lex))
    coordinate, monitor = outside(_cues(folded, "coordinate", start, lex)), outside(_cues(folded, "monitor", start, lex))
    request = outside(_cues(folded, "request", start, lex))
    found: list[tuple[dict, str, dict | None]] = []
    leads: list[tuple[dict, int, int]] = []
    monitored = False
    for a_start, a_end in assign:
        receivers = _run_after(bodies, text, a_end, end, lex)
        if not receivers:
            continue
        giver = [b for b in bodies if b[2] <= a_start and _name_gap(text[b[2]:a_start])]
        given_by = giver[-1][0] if giver else None
        after = receivers[-1][2]
        if any(m[0] >= after for m in monitor) and not any(l_[0] >= after for l_ in lead):
            # "giao X, Y phối hợp theo dõi, đôn đốc …": the role given is monitoring
            found.extend((b[0], "monitor", given_by) for b in receivers)
            monitored = True
        elif given_by:
            found.extend((b[0], "delegate", given_by) for b in receivers)
        else:
            delegated = [b for b in receivers if b[0]["kind"] in lex["delegate_kinds"] and b[0].get("parent")]
            found.extend((b[0], "delegate", {"id": b[0]["parent"], "parent_only": True}) for b in delegated)
            leads.extend(b for b in receivers if b not in delegated)
    ignored = lex["lead_objects_ignored"]
    for l_start, l_end in lead:
        if any(re.match(r"\s+" + _words(w) + r"(?!\w)", folded[l_end - start:]) for w in ignored):
            continue
        leads.extend(b for b in _run_before(bodies, text, l_start, start, lex) if b not in leads)
    found.extend((b[0], "lead", None) for b in leads)
    external = set(lex["external_kinds"])
    for _, c_end in coordinate:
        for body in _run_after(bodies, text, c_end, end, lex):
            role = "coordinate" if leads or body[0]["kind"] not in external else "requested_partner"
            found.append((body[0], role, None))
    for _, r_end in request:
        found.extend((b[0], "requested_partner", None) for b in _run_after(bodies, text, r_end, end, lex)[:1])
    if monitor and not leads and not monitored:
        subject = [b for b in bodies if _NUMBERING.fullmatch(text[start:b[1]])][:1]
        found.extend((b[0], "monitor", None) for b in subject)
    return found


def extract_assignments(text: str, sections: list[Section], programmes: dict[str, Any],
                        province_slug: str, lexicon: Lexicons | None = None) -> dict[str, list[dict[str, Any]]]:
    """Assignments of the document, the bodies they name and the reorganisations of those bodies."""
    lexicon = or_packaged(lexicon)
    lex = lexicon.roles
    assignments: list[dict[str, Any]] = []
    bodies: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    given: set[tuple[str, tuple[int, int]]] = set()
    list_open = False
    for span in clauses(text):
        named = find_bodies(text, span[0], span[1], province_slug, lexicon)
        roles = _clause_roles(text, span, _agents(text, named, span[0], lex), lex) if named else []
        listed, list_open = _list_leads(text, span, named, lex, list_open)
        roles = roles or listed
        if not roles:
            continue
        section = section_at(sections, span[0])
        part = section.path if section else "intro"
        for target in _targets(text, span, programmes, lex):
            for body, role, giver in roles:
                local = "-".join([part, role, body["id"].rsplit("/", 1)[-1], slug(target) if target else "document"])
                aid = f"assignment/{local}"
                if (aid, span) in given:
                    continue  # the same role given twice in one clause
                given.add((aid, span))
                number = 2
                while aid in used:  # the same role given again in another clause is another assignment
                    aid, number = f"assignment/{local}-{number}", number + 1
                used.add(aid)
                record: dict[str, Any] = {"id": aid, "body": body["id"], "role": role, "assigned_to": target,
                                          "source": {"start": span[0], "end": span[1],
                                                     "quote": text[span[0]:span[1]]}}
                if not target:
                    record["assigned_to_document"] = True
                if giver:
                    record["delegated_by"] = giver["id"]
                    if not giver.get("parent_only"):  # a parent is added with the parents below
                        bodies.setdefault(giver["id"], giver)
                bodies.setdefault(body["id"], body)
                assignments.append(record)
    changes, changed = change_events(set(bodies), province_slug, lexicon)
    for body in changed:
        bodies.setdefault(body["id"], body)
    bodies = with_parents(bodies, province_slug, lexicon)
    return {"assignments": assignments, "bodies": list(bodies.values()), "changes": changes}

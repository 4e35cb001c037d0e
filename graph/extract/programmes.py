"""Programmes, objectives and tasks, read from the roles of the document's sections.

* a section with role ``programme`` ("Chương trình N: …") is a work programme; the items of its
  ``objectives`` and ``tasks`` subsections (bullets or paragraphs) are its objectives and tasks;
* the items of a ``key-programmes`` section are key programmes;
* the items of ``breakthroughs``, ``key-tasks`` and ``key-solutions`` sections are breakthrough
  tasks, key tasks and key solutions.

Items are the child sections ("(1)", "1.", "Một là") or, without any, the paragraphs and bullets
of the section. Ids are relative to the document ("programme/1", "task/key-3").
"""

from __future__ import annotations

import re
from typing import Any

from nghiquyet.graph.extract.structure import Section

__all__ = ["extract_programmes", "section_items"]

_BULLET = re.compile(r"[-–—+•]\s*")
_TASK_KINDS = {  # role → (record kind, id prefix)
    "breakthroughs": ("BreakthroughTask", "breakthrough"),
    "key-tasks": ("KeyTask", "key"),
    "key-solutions": ("KeySolution", "solution"),
}


def _source(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "quote": text[start:end]}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to exclude surrounding spaces and separator punctuation."""
    while start < end and (text[start].isspace() or text[start] in ":;"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _heading_start(section: Section) -> int:
    return section.heading_end - len(section.heading)


def section_items(text: str, section: Section, sections: list[Section]) -> list[tuple[str, int, int]]:
    """(number, start, end) of the items of ``section``: its child sections, else its lines."""
    children = [s for s in sections if s.parent is section]
    if children:
        items = []
        for position, child in enumerate(children, start=1):
            digits = re.search(r"\d+", child.number)
            start, end = _trimmed(text, _heading_start(child), child.end)
            items.append((digits.group() if digits else str(position), start, end))
        return items
    items = []
    offset = section.heading_end
    for line in text[section.heading_end:section.end].split("\n"):
        start, end = _trimmed(text, offset, offset + len(line))
        offset += len(line) + 1
        bullet = _BULLET.match(text, start, end)
        if bullet:
            start = bullet.end()
        if end - start > 1:
            items.append((str(len(items) + 1), start, end))
    return items


def _first_sentence(text: str, start: int, end: int) -> int:
    stop = re.search(r"[.;](?=\s|$)", text[start:end])
    return start + stop.start() if stop else end


def _work_programme(text: str, programme: Section, sections: list[Section], out: dict[str, list]) -> None:
    number = re.search(r"\d+", programme.number).group()
    pid = f"programme/{number}"
    record: dict[str, Any] = {"id": pid, "kind": "WorkProgramme", "number": number, "title": programme.heading,
                              "objectives": [], "tasks": [], "section_path": programme.path,
                              "source": _source(text, _heading_start(programme), programme.heading_end)}
    for part in (s for s in sections if s.parent is programme and s.role in ("objectives", "tasks")):
        for k, start, end in section_items(text, part, sections):
            if part.role == "objectives":
                oid = f"objective/{number}-{len(record['objectives']) + 1}"
                record["objectives"].append(oid)
                out["objectives"].append({"id": oid, "programme": pid, "number": str(len(record["objectives"])),
                                          "text": text[start:end], "section_path": part.path,
                                          "source": _source(text, start, end)})
            else:
                tid = f"task/p{number}-{len(record['tasks']) + 1}"
                record["tasks"].append(tid)
                out["tasks"].append({"id": tid, "kind": "Task", "number": str(len(record["tasks"])),
                                     "text": text[start:end], "programme": pid, "section_path": part.path,
                                     "source": _source(text, start, end)})
    out["programmes"].append(record)


def _key_programmes(text: str, section: Section, sections: list[Section], out: dict[str, list]) -> None:
    taken = {p["id"] for p in out["programmes"]}
    for number, start, end in section_items(text, section, sections):
        pid = f"programme/{number}" if f"programme/{number}" not in taken else f"programme/key-{number}"
        taken.add(pid)
        stop = _first_sentence(text, start, end)
        out["programmes"].append({"id": pid, "kind": "KeyProgramme", "number": number, "title": text[start:stop],
                                  "objectives": [], "tasks": [], "section_path": section.path,
                                  "source": _source(text, start, stop)})


def _role_tasks(text: str, section: Section, sections: list[Section], out: dict[str, list]) -> None:
    kind, prefix = _TASK_KINDS[section.role or ""]
    taken = {t["id"] for t in out["tasks"]}
    for number, start, end in section_items(text, section, sections):
        tid = f"task/{prefix}-{number}"
        if tid in taken:
            tid = f"task/{prefix}-{section.path}-{number}"
        taken.add(tid)
        out["tasks"].append({"id": tid, "kind": kind, "number": number, "text": text[start:end],
                             "title": text[start:_first_sentence(text, start, end)], "section_path": section.path,
                             "source": _source(text, start, end)})


def extract_programmes(text: str, sections: list[Section]) -> dict[str, list[dict[str, Any]]]:
    """Programmes, objectives and tasks of a document whose sections are ``sections``."""
    out: dict[str, list[dict[str, Any]]] = {"programmes": [], "objectives": [], "tasks": []}
    for section in sections:
        if section.role == "programme":
            _work_programme(text, section, sections, out)
    for section in sections:
        if any(child.parent is section and child.role == section.role for child in sections):
            continue  # the innermost section with the role holds the items
        if section.role == "key-programmes":
            _key_programmes(text, section, sections, out)
        elif section.role in _TASK_KINDS:
            _role_tasks(text, section, sections, out)
    return out

"""Conference reports: the conference, its date, who convened it, its chairs and their posts.

"Hội nghị lần thứ 4 Ban Chấp hành Đảng bộ tỉnh khóa XIV" gives the ordinal, the convening body
and the term; "Hôm nay (12/4)" the day (the year comes from the date itself, the metadata or the
text); "Đồng chí A - post, post; Đồng chí B - post … chủ trì Hội nghị" the chairs and their posts.
Cue words live in ``mappings/lexicons/roles.yaml`` (section ``conference`` and ``post_titles``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping

from nghiquyet.graph.extract.assignments import clauses
from nghiquyet.graph.extract.bodies import find_bodies, with_parents
from nghiquyet.graph.extract.cues import fold_same_length, fold_span
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged
from nghiquyet.graph.extract.shared import roman_to_int
from nghiquyet.graph.text import fold, slug

__all__ = ["extract_conference", "parse_people"]

_HEADLINE = 600  # without metadata, a conference named this early is the report's own subject
_NAME = r"((?:[^\W\d_][^\W_]*)(?:\s+[^\W\d_][^\W_]*){1,4})"


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in fold(p).split()) for p in sorted(words, key=len, reverse=True))


def _mention(text: str, roles: Mapping[str, Any]) -> re.Match[str] | None:
    lex = roles["conference"]
    spelled = "|".join(re.escape(fold(w)) for w in lex["spelled_ordinals"])
    pattern = rf"(?<!\w)(?:{_alternation(lex['words'])})\s+(?P<n>\d{{1,2}}|[ivxl]+|{spelled})(?!\w)"
    return re.search(pattern, fold_span(text, 0, len(text)))


def _ordinal(token: str, roles: Mapping[str, Any]) -> int | None:
    if token.isdigit():
        return int(token)
    spelled = {fold(k): v for k, v in roles["conference"]["spelled_ordinals"].items()}
    if token in spelled:
        return spelled[token]
    return roman_to_int(token) if re.fullmatch(r"[ivxl]+", token) else None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` (a ``;`` does not end a sentence)."""
    spans, start = [], 0
    for stop in re.finditer(r"[.!?](?=\s|$)|\n", text):
        if stop.start() > start:
            spans.append((start, stop.start()))
        start = stop.end()
    return spans + ([(start, len(text))] if start < len(text) else [])


def _date(text: str, meta: dict[str, Any], roles: Mapping[str, Any]) -> str | None:
    cues = _alternation(roles["conference"]["date_cues"])
    found = re.search(rf"(?<!\w)(?:{cues})\s*\(?\s*(\d{{1,2}})\s*/\s*(\d{{1,2}})(?:\s*/\s*(\d{{4}}))?", fold_span(text, 0, len(text)))
    if not found:
        conference = meta.get("conference") or {}
        return str(conference["date"]) if conference.get("date") else None
    day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
    if not year:
        for value in ((meta.get("conference") or {}).get("date"), meta.get("published")):
            if value and re.match(r"\d{4}", str(value)):
                year = str(value)[:4]
                break
    if not year:
        years = Counter(re.findall(r"(?<!\d)(20\d\d)(?!\d)", text))
        year = years.most_common(1)[0][0] if years else None
    return f"{int(year):04d}-{month:02d}-{day:02d}" if year and 1 <= month <= 12 and 1 <= day <= 31 else None


def _post(phrase: str, offset: int, text: str, province_slug: str,
          lexicon: Lexicons) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The post record named by ``phrase`` ("Bí thư Tỉnh ủy") and the bodies it belongs to."""
    titles = {fold(k): v for k, v in lexicon.roles["post_titles"].items()}
    head = re.match(rf"(?:{_alternation(list(titles))})(?!\w)", fold_same_length(phrase))
    skip = head.end() if head else 0
    bodies = find_bodies(text, offset + skip, offset + len(phrase), province_slug, lexicon)
    if bodies:
        body, start, _ = bodies[0]
        title = text[offset:start].strip(" ,-–")
        label = f"{title} {body['label_vi']}".strip()
        scope = body["id"].split("/")[1]
        record: dict[str, Any] = {"id": f"post/{scope}/{slug(label)}", "kind": "Post", "label_vi": label,
                                  "post_in": body["id"]}
        english = titles.get(fold(title))
        if english and body.get("label_en"):
            record["label_en"] = f"{english}, {body['label_en']}"
        return record, [body]
    scope = province_slug or "vn"
    return {"id": f"post/{scope}/{slug(phrase)}", "kind": "Post", "label_vi": phrase}, []


def parse_people(text: str, start: int, end: int, province_slug: str,
                 lexicon: Lexicons | None = None) -> list[tuple[dict, list[dict], list[dict]]]:
    """(person, posts, bodies) for each "Đồng chí Name - post, post" in ``text[start:end]``."""
    lexicon = or_packaged(lexicon)
    titles = _alternation(lexicon.roles["conference"]["person_titles"])
    folded = fold_span(text, 0, len(text))
    people = []
    for part_start, part_end in clauses(text[start:end]):
        s, e = start + part_start, start + part_end
        found = re.match(rf"\s*(?:{titles})\s+{_NAME}\s*[-–,]\s*", folded[s:e])
        if not found:
            continue
        name = text[s + found.start(1):s + found.end(1)]
        if not all(w[0].isupper() for w in name.split()):
            continue
        posts, bodies = [], []
        offset = s + found.end()
        for phrase in re.split(r"(,\s*)", text[offset:e]):
            if phrase.strip(" ,") and not phrase.startswith(","):
                post, named = _post(phrase.strip(), offset + len(phrase) - len(phrase.lstrip()), text, province_slug,
                                    lexicon)
                posts.append(post)
                bodies.extend(named)
            offset += len(phrase)
        person = {"id": f"person/{slug(name)}", "kind": "Person", "name": name, "posts": [p["id"] for p in posts]}
        people.append((person, posts, bodies))
    return people


def extract_conference(text: str, meta: dict[str, Any], province_slug: str,
                       lexicon: Lexicons | None = None) -> dict[str, Any] | None:
    """The conference of a conference report (None for other documents)."""
    lexicon = or_packaged(lexicon)
    roles = lexicon.roles
    mention = _mention(text, roles)
    is_report = meta.get("document_type") == "ConferenceReport" or bool(meta.get("conference"))
    untyped_headline = not meta.get("document_type") and mention is not None and mention.start() < _HEADLINE
    if not mention or not (is_report or untyped_headline):
        return None
    line_end = text.find("\n", mention.start())
    line_end = len(text) if line_end < 0 else line_end
    convening = [b for b in find_bodies(text, mention.end(), line_end, province_slug, lexicon)
                 if not text[mention.end():b[1]].strip()]
    label_end = convening[0][2] if convening else mention.end()
    term_words = "|".join(re.escape(w) for w in roles["conference"]["term_words"])
    term = re.match(rf"\s+(?:{term_words})\s+([IVXL]+|\d+)", text[label_end:line_end], re.IGNORECASE)
    if term:
        label_end += term.end()
    conference: dict[str, Any] = {
        "id": "conference", "kind": "Conference", "label": text[mention.start():label_end],
        "ordinal": _ordinal(mention.group("n"), roles) or (meta.get("conference") or {}).get("ordinal"),
        "source": {"start": mention.start(), "end": label_end, "quote": text[mention.start():label_end]},
    }
    bodies: dict[str, dict[str, Any]] = {}
    if convening:
        conference["convened_by"] = convening[0][0]["id"]
        bodies[convening[0][0]["id"]] = convening[0][0]
    date = _date(text, meta, roles)
    if date:
        conference["date"] = date
    people, posts = [], {}
    chair = _alternation(roles["conference"]["chair"])
    for span in _sentences(text):
        found = re.search(rf"(?<!\w)(?:{chair})(?!\w)", fold_span(text, span[0], span[1]))
        if not found:
            continue
        for person, person_posts, named in parse_people(text, span[0], span[0] + found.start(), province_slug,
                                                        lexicon):
            people.append(person)
            posts.update((p["id"], p) for p in person_posts)
            bodies.update((b["id"], b) for b in named)
        if people:
            break
    conference["chairs"] = [p["id"] for p in people]
    return {"conference": conference, "people": people, "posts": list(posts.values()),
            "bodies": list(with_parents(bodies, province_slug, lexicon).values())}

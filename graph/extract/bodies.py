"""Bodies (organisations): recognition in text, canonical names, kinds, labels and renamings.

All names, abbreviations and the 2025 reorganisation live in ``mappings/lexicons/bodies.yaml``.
Matching is case- and tone-mark-insensitive; offsets are into the NFC text. In the document of a
centrally-run city (``kind: city``) the provincial names are read in their city forms ("Thành ủy",
"UBND thành phố"). A provincial body in a document whose province is unknown is an error, never a
national body.

>>> body_record("Ban Tổ chức Tỉnh uỷ", "lang-son")["id"]
'body/lang-son/ban-to-chuc-tinh-uy'
>>> body_record("Ban Cán sự đảng Ủy ban nhân dân tỉnh", "lai-chau")["id"]
'body/lai-chau/ban-can-su-dang-ubnd-tinh'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.extract.cues import cue_regex, fold_span
from nghiquyet.graph.extract.lexicon import Lexicons, or_packaged, per_table
from nghiquyet.graph.text import fold, slug

__all__ = ["BodyIndex", "build_body_index", "find_bodies", "body_record", "change_events", "with_parents"]

_WORD = re.compile(r"[^\W\d_][\w]*")


class _Scoped(Mapping[str, Any]):
    """A lexicon entry seen with its ``scope`` ("provincial" / "national") as one more key."""

    __slots__ = ("_entry", "_scope")

    def __init__(self, entry: Mapping[str, Any], scope: str) -> None:
        self._entry, self._scope = entry, scope

    def __getitem__(self, key: str) -> Any:
        return self._scope if key == "scope" else self._entry[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._entry, "scope"])

    def __len__(self) -> int:
        return len(self._entry) + 1


@dataclass(frozen=True)
class BodyIndex:
    """``bodies.yaml`` indexed: the table, entries by comparison key, the surface regex, any-case keys."""

    table: Mapping[str, Any]
    entries: Mapping[str, Mapping[str, Any]]
    surface: re.Pattern[str]
    lowercase_keys: frozenset[str]
    city: "BodyIndex | None" = None  # the same index with the city forms of the provincial names


@per_table
def _keys_made(table: Mapping[str, Any]) -> dict[str, str]:
    """The comparison keys made so far with ``table`` (a name's key depends on the table only)."""
    return {}


def _key(name: str, table: Mapping[str, Any]) -> str:
    """Comparison key: folded words of the fully expanded name."""
    made = _keys_made(table)
    key = made.get(name)
    if key is None:
        if len(made) >= 1 << 16:  # names of the documents of one process: a few thousand
            made.clear()
        key = made[name] = " ".join(re.findall(r"\w+", fold(_expand(name, table))))
    return key


def _expand(name: str, table: Mapping[str, Any]) -> str:
    out = name
    for abbreviation, full in table["abbreviations"].items():
        out = re.sub(rf"(?<!\w){re.escape(abbreviation)}(?!\w)", full, out, flags=re.IGNORECASE)
    return out


def _abbreviate(name: str, table: Mapping[str, Any]) -> str:
    out = fold(_expand(name, table))
    for abbreviation, full in table["abbreviations"].items():
        pattern = r"[\s,\-–&]+".join(re.escape(w) for w in re.findall(r"\w+", fold(full)))
        out = re.sub(rf"(?<!\w){pattern}(?!\w)", fold(abbreviation), out)
    return out


def _swap(text: str, pairs: Any) -> str:
    for old, new in pairs:
        text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)
    return text


def _city_entry(entry: Mapping[str, Any], table: Mapping[str, Any]) -> dict[str, Any]:
    """A provincial entry with its names in the city forms of ``city_forms``."""
    forms = table["city_forms"]
    out = {**entry, "name": _swap(entry["name"], forms),
           "aliases": [_swap(a, forms) for a in entry.get("aliases", [])]}
    if entry.get("parent"):
        out["parent"] = _swap(entry["parent"], forms)
    if entry.get("label_en"):
        out["label_en"] = _swap(entry["label_en"], table["city_forms_en"])
    return out


def _build(table: Mapping[str, Any], provincial: list[Mapping[str, Any]], city: "BodyIndex | None") -> BodyIndex:
    entries: dict[str, Mapping[str, Any]] = {}
    forms: set[str] = set()
    lowercase: set[str] = set()
    for scope, listed in (("provincial", provincial), ("national", table["national"])):
        for entry in listed:
            scoped = _Scoped(entry, scope)
            for name in [entry["name"], *entry.get("aliases", [])]:
                key = _key(name, table)
                entries.setdefault(key, scoped)
                forms.update({name, _expand(name, table), _abbreviate(name, table)})
                if name[:1].islower() or entry.get("any_case"):
                    lowercase.add(key)
    return BodyIndex(table, MappingProxyType(entries), cue_regex(tuple(sorted(forms))), frozenset(lowercase), city)


def build_body_index(table: Mapping[str, Any]) -> BodyIndex:
    """Index the ``bodies.yaml`` table by the comparison key of every name, alias and abbreviated form."""
    city = _build(table, [_city_entry(e, table) for e in table["provincial"]], None)
    return _build(table, list(table["provincial"]), city)


@per_table
def _units_by_slug(table: Mapping[str, Any]) -> Mapping[str, tuple[bool, tuple[str, ...]]]:
    """The provinces table by each unit's slug: whether it is a centrally-run city, and its names
    (longest first); the first entry of a slug wins, as a scan of the table would find it."""
    found: dict[str, tuple[bool, tuple[str, ...]]] = {}
    for entry in table["provinces"]:
        names = tuple(sorted([entry["name"], *entry.get("variants", [])], key=len, reverse=True))
        found.setdefault(slug(entry["name"]), (entry.get("kind") == "city", names))
    return MappingProxyType(found)


def _province_names(province_slug: str, lexicon: Lexicons) -> tuple[bool, tuple[str, ...]]:
    """Whether the unit ``province_slug`` is a centrally-run city, and its names (longest first)."""
    return _units_by_slug(lexicon.provinces).get(province_slug, (False, ()))


def _index(lexicon: Lexicons | None, province_slug: str = "") -> BodyIndex:
    lexicon = or_packaged(lexicon)
    index = lexicon.body_index
    if province_slug and index.city is not None and _province_names(province_slug, lexicon)[0]:
        return index.city
    return index


def _without_province(name: str, province_slug: str, lexicon: Lexicons | None) -> str:
    """``name`` without a trailing name of the document's own province ("Sở Xây dựng Hà Nội")."""
    if not province_slug:
        return name
    folded = fold(name)
    for province in _province_names(province_slug, or_packaged(lexicon))[1]:
        tail = " " + fold(province)
        if folded.endswith(tail) and len(folded) > len(tail) + 3:
            return " ".join(name.split()[: -len(province.split())])
    return name


def _entry_id(entry: Mapping[str, Any], province_slug: str) -> str:
    if entry["scope"] != "provincial":
        return f"body/vn/{slug(entry['name'])}"
    if not province_slug or province_slug == "vn":
        raise DocumentError(f"the text names {entry['name']!r}, a body of a province, but its province is not known; "
                            "give the document a 'province:' in its .yaml")
    return f"body/{province_slug}/{slug(entry['name'])}"


def body_record(name: str, province_slug: str, surface: str | None = None,
                lexicon: Lexicons | None = None) -> dict[str, Any]:
    """The record of the body called ``name`` (any spelling, abbreviated or not)."""
    index = _index(lexicon, province_slug)
    name = _without_province(name, province_slug, lexicon)
    entry = index.entries.get(_key(name, index.table))
    if entry is None:
        entry = _generic_entry(name, index.table)
    record: dict[str, Any] = {"id": _entry_id(entry, province_slug), "kind": entry["kind"], "label_vi": entry["name"]}
    if entry.get("label_en"):
        record["label_en"] = entry["label_en"]
    labels = {a for a in entry.get("aliases", [])} | ({surface} if surface else set())
    labels.discard(entry["name"])
    if labels:
        record["alt_labels"] = sorted(labels)
    if entry["scope"] == "provincial" and province_slug and province_slug != "vn":
        record["province"] = f"province/{province_slug}"
    if entry.get("parent"):
        record["parent"] = _entry_id(index.entries[_key(entry["parent"], index.table)], province_slug)
    return record


def _generic_entry(name: str, table: Mapping[str, Any]) -> dict[str, Any]:
    folded = fold(name)
    for rule in sorted(table["generic"], key=lambda r: len(r["head"]), reverse=True):
        if folded.startswith(fold(rule["head"]) + " "):
            return {"name": " ".join(name.split()), "kind": rule["kind"], "scope": rule["scope"]}
    return {"name": " ".join(name.split()), "kind": "CentralBody", "scope": "national"}


def _generic_spans(text: str, start: int, end: int, table: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Spans of "Sở/Bộ/Tập đoàn …" names not in the lexicon: the head and its capitalised words."""
    heads = "|".join(re.escape(r["head"]) for r in sorted(table["generic"], key=lambda r: -len(r["head"])))
    stop, joiner = frozenset(table["generic_stop_words"]), table["generic_joiner"]
    spans = []
    for found in re.finditer(rf"(?<!\w)(?:{heads})(?=\s+[^\W\d_])", text[start:end]):
        words = list(_WORD.finditer(text, start + found.end(), end))
        taken: list[re.Match[str]] = []
        for i, word in enumerate(words):
            gap = text[(taken[-1].end() if taken else start + found.end()):word.start()]
            if taken and not re.fullmatch(r"\s+|\s*[,\-–]\s*", gap) or not taken and not gap.isspace():
                break
            following = words[i + 1] if i + 1 < len(words) else None
            if word.group()[0].isupper():
                taken.append(word)
            elif taken and word.group() == joiner and following and following.group()[0].isupper():
                taken.append(word)
            elif taken and following and following.group()[0].isupper() and word.group() not in stop:
                taken.append(word)
            elif len(taken) == 1 and word.group() not in stop:
                taken.append(word)
                break
            else:
                break
        if taken:
            spans.append((start + found.start(), taken[-1].end()))
    return spans


@per_table
def _stops(table: Mapping[str, Any]) -> re.Pattern[str] | None:
    """Words after which a body name is no body's (``not_followed_by``), as one regex matched
    right after the name (None when the table lists none)."""
    words = "|".join(re.escape(fold(w)) for w in table["not_followed_by"])
    return re.compile(rf"\s+(?:{words})(?!\w)") if words else None


def find_bodies(text: str, start: int, end: int, province_slug: str,
                lexicon: Lexicons | None = None) -> list[tuple[dict[str, Any], int, int]]:
    """Bodies named in ``text[start:end]``, each with its span, in text order."""
    lexicon = or_packaged(lexicon)
    index = _index(lexicon, province_slug)
    folded = fold_span(text, start, end)
    stops = _stops(index.table)
    found: list[tuple[dict[str, Any], int, int]] = []
    taken: list[tuple[int, int]] = []
    for match in index.surface.finditer(folded):
        if stops is not None and stops.match(folded, match.end()):
            continue
        s, e = start + match.start(), start + match.end()
        if not text[s].isupper() and _key(text[s:e], index.table) not in index.lowercase_keys:
            continue
        found.append((body_record(text[s:e], province_slug, surface=text[s:e], lexicon=lexicon), s, e))
        taken.append((s, e))
    for s, e in _generic_spans(text, start, end, index.table):
        if not any(s < te and ts < e for ts, te in taken):
            found.append((body_record(text[s:e], province_slug, surface=text[s:e], lexicon=lexicon), s, e))
    return sorted(found, key=lambda item: item[1])


def change_events(body_ids: set[str], province_slug: str,
                  lexicon: Lexicons | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The reorganisation events touching any of ``body_ids``, and the bodies they name."""
    lexicon = or_packaged(lexicon)
    changes, bodies = [], []
    city = _index(lexicon, province_slug) is lexicon.body_index.city
    forms = lexicon.bodies["city_forms"] if city else ()
    known = bool(province_slug) and province_slug != "vn"
    for change in lexicon.bodies["changes"]:
        if change["scope"] == "provincial" and not known:
            continue  # no provincial body can be named in a text of no known province
        original = [body_record(_swap(name, forms), province_slug, lexicon=lexicon) for name in change["original"]]
        if not any(b["id"] in body_ids for b in original):
            continue
        resulting = body_record(_swap(change["resulting"], forms), province_slug, lexicon=lexicon)
        scope = province_slug if change["scope"] == "provincial" and province_slug else "vn"
        changes.append({"id": f"change/{scope}-{slug(_swap(change['resulting'], forms))}", "kind": "ChangeEvent",
                        "original": [b["id"] for b in original], "resulting": resulting["id"],
                        "date": str(change["date"])})
        bodies.extend([*original, resulting])
    return changes, bodies


def with_parents(records: dict[str, dict[str, Any]], province_slug: str,
                 lexicon: Lexicons | None = None) -> dict[str, dict[str, Any]]:
    """``records`` (by id) plus the parent bodies they point to, transitively."""
    lexicon = or_packaged(lexicon)
    index = _index(lexicon, province_slug)
    out = dict(records)
    pending = list(records.values())
    while pending:
        record = pending.pop()
        entry = index.entries.get(_key(record["label_vi"], index.table))
        if entry and entry.get("parent"):
            parent = body_record(entry["parent"], province_slug, lexicon=lexicon)
            if parent["id"] not in out:
                out[parent["id"]] = parent
                pending.append(parent)
    return out

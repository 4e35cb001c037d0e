"""Provincial units before and after the 2025 arrangement: places, change events, unit at a date.

The units come from ``mappings/lexicons/provinces.yaml`` (names, kinds, variants, verified codes),
the arrangement from ``corpus/national/mergers-2025.csv`` (34 rows: each new unit and the former
units it is made of, with its source) and its sidecar ``mergers-2025.yaml`` (dates, legal basis,
the earlier change of Thừa Thiên Huế into the city of Huế). A former unit that gave its name to a
new one keeps the IRI it always had (``province/gia-lai``) and the new unit gets a new one
(``province/gia-lai-2025``); an unchanged unit is one place throughout.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.resources import data_path
from nghiquyet.graph.text import fold, slug, strip_accents

__all__ = ["Unit", "Change", "Places", "load_places", "places_for", "document_date", "MERGERS_FILE"]

MERGERS_FILE = Path("national") / "mergers-2025.csv"
NEW_SUFFIX = "-2025"
# Label templates; the Vietnamese wording lives in the table's sidecar (mergers-2025.yaml, "labels").
DEFAULT_LABELS = {"former_namesake_vi": "{name} (-2025)", "former_namesake_en": "{name} (former)",
                  "retained_vi": "{name} ({year})", "retained_en": "{name}: unchanged in the {year} arrangement"}


@dataclass(frozen=True)
class Unit:
    """One provincial-level unit (province or centrally-run city) over its time of validity."""

    slug: str
    name: str
    kind: str  # "province" | "city"
    label_vi: str
    label_en: str
    alt_labels: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_until: str | None = None
    replaced_by: str | None = None
    replaces: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def iri(self) -> str:
        return f"province/{self.slug}"

    def valid_on(self, day: dt.date) -> bool:
        return ((self.valid_from is None or dt.date.fromisoformat(self.valid_from) <= day)
                and (self.valid_until is None or day <= dt.date.fromisoformat(self.valid_until)))


@dataclass(frozen=True)
class Change:
    """A change of provincial units: former units → resulting unit (or a unit kept unchanged)."""

    slug: str
    date: str
    legal_basis: str
    former: tuple[str, ...]
    resulting: str
    retained: bool
    source_url: str | None = None
    source_quote: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Places:
    """Every unit by slug, the change events, and name → units for resolution."""

    units: dict[str, Unit]
    changes: tuple[Change, ...]
    by_name: dict[str, tuple[str, ...]]
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def resolve(self, name: str, on: dt.date | None = None) -> Unit | None:
        """The unit called ``name`` that was valid on ``on``.

        Without a date, the unit that carried the name first (a former unit keeps its IRI). A
        name whose unit began after ``on`` resolves to its predecessor valid on that day (Huế in
        2021 is Thừa Thiên Huế); a name of a unit that no longer existed on ``on`` resolves to
        that unit (Bình Định in a 2026 text is the former province).
        """
        slugs = self.by_name.get(fold(name).strip())
        if not slugs:
            return None
        units = [self.units[s] for s in slugs]
        if on is None:
            return units[0]
        for unit in units:
            if unit.valid_on(on):
                return unit
        for unit in units:
            if unit.valid_from and on < dt.date.fromisoformat(unit.valid_from):
                earlier = [self.units[s] for s in unit.replaces if self.units[s].valid_on(on)]
                if len(earlier) == 1:
                    return earlier[0]
        return max(units, key=lambda u: u.valid_until or "9999")


def document_date(extra: dict[str, Any]) -> dt.date | None:
    """The day a document speaks from: adopted, else published, else its congress's first day."""
    congress = extra.get("congress") or {}
    for value in (extra.get("adopted"), extra.get("published"), congress.get("start_date")):
        text = str(value or "")
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            if len(text) == 7:
                return dt.date.fromisoformat(text + "-01")
        except ValueError:
            continue
    return None


def _english(entry: dict[str, Any]) -> str:
    if entry.get("name_en"):
        return str(entry["name_en"])
    plain = strip_accents(entry["name"]).removeprefix("Thanh pho ").replace(" – ", " - ")
    return f"{plain} City" if entry.get("kind") == "city" else f"{plain} Province"


def _index(entries: Iterable[dict[str, Any]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in entries:
        for written in (entry["name"], *entry.get("variants", [])):
            index[fold(written).strip()] = entry["name"]
    return index


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DocumentError(f"{path}: cannot read the arrangement table ({exc})") from exc
    for number, row in enumerate(rows, start=1):
        missing = [c for c in ("new_province", "old_provinces", "source_url", "source_quote") if not (row.get(c) or "").strip()]
        if missing:
            raise DocumentError(f"{path}, row {number}: empty or missing column(s) {', '.join(missing)}")
    return rows


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DocumentError(f"{path}: cannot read ({exc})") from exc


def build_places(entries: list[dict[str, Any]], rows: list[dict[str, str]], meta: dict[str, Any],
                 where: str = MERGERS_FILE.as_posix()) -> Places:
    """Units and changes from the lexicon entries, the arrangement rows and their metadata."""
    index = _index(entries)
    by_entry = {e["name"]: e for e in entries}

    def canonical(written: str, number: int) -> str:
        name = index.get(fold(written).strip())
        if name is None:
            raise DocumentError(f"{where}, row {number}: {written!r} is not a province of provinces.yaml")
        return name

    labels = {**DEFAULT_LABELS, **(meta.get("labels") or {})}
    arrangement = meta.get("arrangement") or {}
    day, last_day = str(arrangement.get("date", "2025-07-01")), str(arrangement.get("last_day_of_former_units", "2025-06-30"))
    basis = str(arrangement.get("legal_basis", ""))
    earlier = {canonical(c["former"], 0): c for c in meta.get("earlier_changes") or []}
    earlier_results = {canonical(c["resulting"], 0): name for name, c in earlier.items()}
    plan: list[tuple[str, list[str], dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        new = canonical(row["new_province"], number)
        olds = [canonical(p, number) for p in row["old_provinces"].split(";") if p.strip()]
        for old in olds:
            if old in seen:
                raise DocumentError(f"{where}, row {number}: {old} is already part of row {seen[old]}")
            seen[old] = number
        plan.append((new, olds, row))
    former_names = {e["name"] for e in entries if e.get("pre_2025")}
    if set(seen) != former_names:
        missing = sorted(former_names - set(seen))
        raise DocumentError(f"{where}: the former provinces {', '.join(missing)} belong to no row")

    units: dict[str, Unit] = {}
    changes: list[Change] = []
    names: dict[str, list[str]] = {}

    def add(unit: Unit, entry: dict[str, Any]) -> None:
        units[unit.slug] = unit
        for written in (entry["name"], *entry.get("variants", [])):
            names.setdefault(fold(written).strip(), []).append(unit.slug)

    merged = {new: olds for new, olds, _ in plan if olds != [new] and earlier_results.get(new) not in olds}

    def new_slug(name: str) -> str:
        return slug(name) + (NEW_SUFFIX if name in merged and name in former_names else "")

    for name in sorted(former_names):
        entry = by_entry[name]
        successor = canonical(earlier[name]["resulting"], 0) if name in earlier else \
            next(new for new, olds, _ in plan if name in olds)
        ends = successor in merged or name in earlier
        until = None
        if name in earlier:
            until = (dt.date.fromisoformat(str(earlier[name]["date"])) - dt.timedelta(days=1)).isoformat()
        elif ends:
            until = last_day
        former_of_namesake = ends and successor == name
        add(Unit(slug(name), name, entry.get("kind", "province"),
                 labels["former_namesake_vi"].format(name=name) if former_of_namesake else name,
                 labels["former_namesake_en"].format(name=_english(entry)) if former_of_namesake else _english(entry),
                 (name,) if former_of_namesake else (), None, until,
                 new_slug(successor) if ends else None, (), {} if ends else _codes(entry)), entry)
    for name, change in earlier.items():
        result = canonical(change["resulting"], 0)
        entry = by_entry[result]
        add(Unit(slug(result), result, entry.get("kind", "city"), result, _english(entry), (), str(change["date"]),
                 replaces=(slug(name),), codes=_codes(entry)), entry)
        changes.append(Change(f"{str(change['date'])[:7]}/{slug(result)}", str(change["date"]),
                              str(change.get("legal_basis", "")), (slug(name),), slug(result), False,
                              note=change.get("note")))
    for new, olds, row in plan:
        entry = by_entry[new]
        if new in merged:
            unit_slug = new_slug(new)
            add(Unit(unit_slug, new, entry.get("kind", "province"), new, _english(entry), (), day,
                     replaces=tuple(slug(o) for o in olds)), entry)
            former, retained = tuple(slug(o) for o in olds), False
        else:
            unit_slug, former, retained = slug(new), (slug(new),), True
        changes.append(Change(f"{day[:4]}/{unit_slug}", day, basis, former, unit_slug, retained,
                              row["source_url"].strip(), " ".join(row["source_quote"].split())))
    order = {s: i for i, s in enumerate(units)}
    by_name = {key: tuple(sorted(set(v), key=lambda s: (units[s].valid_from or "", order[s]))) for key, v in names.items()}
    return Places(units, tuple(changes), by_name, labels)


def _codes(entry: dict[str, Any]) -> dict[str, str]:
    return {k: str(entry[k]) for k in ("gso", "iso", "wikidata") if entry.get(k)}


@lru_cache(maxsize=4)
def load_places(mappings_dir: Path, corpus_dir: Path) -> Places:
    """The places of ``mappings_dir``'s provinces lexicon and ``corpus_dir``'s arrangement table."""
    lexicon = _read_yaml(Path(mappings_dir) / "lexicons" / "provinces.yaml")
    path = Path(corpus_dir) / MERGERS_FILE
    meta_path = path.with_suffix(".yaml")
    return build_places(list(lexicon.get("provinces") or []), _read_rows(path),
                        _read_yaml(meta_path) if meta_path.exists() else {}, str(path))


def places_for(mappings_dir: Path | None = None, corpus_dir: Path | None = None) -> Places:
    """The places of these folders; the packaged ones where a folder (or its table) is not given."""
    mappings = Path(mappings_dir) if mappings_dir else data_path("mappings")
    corpus = Path(corpus_dir) if corpus_dir and (Path(corpus_dir) / MERGERS_FILE).is_file() else data_path("corpus")
    return load_places(mappings, corpus)

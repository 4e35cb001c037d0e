"""The statistics lexicon: provinces (areas) and statistical series with their alignments.

Reads ``mappings/lexicons/statistical-indicators.yaml``, the core indicator concepts of
``mappings/core-indicators.csv`` (the same ``indicator/<id>`` IRIs and labels as the extractor) and,
when present, ``provinces.yaml`` (province labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nghiquyet.graph.core_indicators import CSV_NAME as CORE_FILE, load_core_indicators
from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.text import fold, slug

__all__ = ["Area", "Series", "StatisticsLexicon", "load_lexicon", "SDG_NS"]

SDG_NS = "http://metadata.un.org/sdg/"
LEXICON_FILE = "statistical-indicators.yaml"


@dataclass(frozen=True)
class Area:
    """A province as the statistics office codes it."""

    gso_code: str
    slug: str
    label_vi: str
    label_en: str
    iso3166: str
    wikidata: str

    @property
    def iri(self) -> str:
        """IRI relative to the base."""
        return f"province/{self.slug}"


@dataclass(frozen=True)
class Series:
    """A statistical series (the CSV ``indicator`` key) and how it aligns."""

    key: str
    label_en: str
    label_vi: str
    match: str  # "exact" | "close" | "related"
    indicator_iris: tuple[str, ...] = ()  # relative IRIs (exactMatch when match == "exact")
    indicator_labels: tuple[str, ...] = ()
    sdg: tuple[tuple[str, str], ...] = ()  # (IRI, "close"|"related")
    note: str = ""

    @property
    def iri(self) -> str:
        """IRI relative to the base."""
        return f"statistics/indicator/{slug(self.key)}"


@dataclass
class StatisticsLexicon:
    """Areas by code and series by key, with look-ups that tolerate labels and other codes."""

    areas: dict[str, Area]
    series: dict[str, Series]
    known_indicators: frozenset[str] = frozenset()  # relative IRIs of the core indicator concepts
    status_labels: dict[str, str] = field(default_factory=dict)  # folded "sơ bộ" → OBS_STATUS "P"
    _area_index: dict[str, Area] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for area in self.areas.values():
            for name in (area.gso_code, area.slug, area.label_vi, area.label_en, area.iso3166,
                         area.wikidata, area.iri, f"http://www.wikidata.org/entity/{area.wikidata}"):
                self._area_index[fold(name)] = area

    def area(self, name: str) -> Area | None:
        """The area for a code, ISO code, Wikidata id/IRI, slug, relative IRI or label."""
        name = name.strip()
        if name.isdigit():
            name = name.zfill(2)
        return self._area_index.get(fold(name))

    def series_for(self, name: str) -> Series | None:
        """The series for a key, its slug or its English/Vietnamese label."""
        wanted = fold(name.strip())
        for series in self.series.values():
            if wanted in {fold(series.key), slug(series.key), fold(series.label_en), fold(series.label_vi)}:
                return series
        return None


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise DocumentError(f"{path}: cannot read the lexicon: {exc}") from exc


def _core_labels(mappings_dir: Path) -> dict[str, str]:
    """Core indicator id → Vietnamese preferred label (``mappings/core-indicators.csv``)."""
    return {key: concept.label_vi for key, concept in load_core_indicators(mappings_dir).items()}


def _indicator_iris(keys: list[str], core: dict[str, str], where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``indicator/<id>`` of core indicator ids (the extractor's IRIs); an unknown id is an error."""
    unknown = [key for key in keys if key not in core]
    if unknown:
        raise DocumentError(f"{where}: {', '.join(map(repr, unknown))} is not a core indicator id of {CORE_FILE}")
    return tuple(f"indicator/{key}" for key in keys), tuple(core[key] for key in keys)


def _sdg(entries: list[dict[str, str]] | None) -> tuple[tuple[str, str], ...]:
    links = []
    for entry in entries or []:
        goal, target, number = str(entry["code"]).split(".")
        code = f"C{int(goal):02d}{int(target):02d}{int(number):02d}" if target.isdigit() else \
            f"C{int(goal):02d}{target}{int(number):02d}"
        links.append((SDG_NS + code, str(entry.get("match", "related"))))
    return tuple(links)


@lru_cache(maxsize=8)
def load_lexicon(mappings_dir: Path) -> StatisticsLexicon:
    """Load and check the statistics lexicon under ``mappings_dir``."""
    path = mappings_dir / "lexicons" / LEXICON_FILE
    data = _read_yaml(path) or {}
    core = _core_labels(mappings_dir)
    areas = {}
    for code, entry in (data.get("areas") or {}).items():
        code = str(code).zfill(2)
        areas[code] = Area(code, entry["slug"], entry["label_vi"], entry["label_en"],
                           entry["iso3166"], entry["wikidata"])
    series = {}
    for key, entry in (data.get("series") or {}).items():
        match = entry.get("match", "related")
        if match not in {"exact", "close", "related"}:
            raise DocumentError(f"{path}: series {key!r}: match must be exact, close or related, not {match!r}")
        keys = [entry["indicator"]] if match in {"exact", "close"} else list(entry.get("related") or [])
        iris, labels = _indicator_iris(keys, core, f"{path}: series {key!r}")
        series[key] = Series(key, entry["label_en"], entry["label_vi"], match, iris, labels,
                             _sdg(entry.get("sdg")), " ".join(str(entry.get("note", "")).split()))
    _check_provinces(mappings_dir, areas)
    known = frozenset(f"indicator/{key}" for key in core)
    status = {fold(str(k)): str(v) for k, v in (data.get("status_labels") or {}).items()}
    return StatisticsLexicon(areas, series, known, status_labels=status)


def _check_provinces(mappings_dir: Path, areas: dict[str, Area]) -> None:
    """The province lexicon, when present, must agree on names and codes."""
    path = mappings_dir / "lexicons" / "provinces.yaml"
    if not path.exists():
        return
    entries = (_read_yaml(path) or {}).get("provinces") or []
    by_code = {str(e.get("gso")).zfill(2): e for e in entries if isinstance(e, dict) and e.get("gso")}
    for code, area in areas.items():
        entry = by_code.get(code)
        if entry is None:
            continue
        pairs = [("name", area.label_vi), ("iso", area.iso3166), ("wikidata", area.wikidata)]
        for name, mine in pairs:
            if entry.get(name) and fold(str(entry[name])) != fold(mine):
                raise DocumentError(f"{path}: province {code} has {name} {entry[name]!r}, but "
                                    f"{LEXICON_FILE} says {mine!r}")

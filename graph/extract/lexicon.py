"""The extractor's language knowledge: every lexicon of ``mappings/lexicons``, loaded once, immutable.

:func:`load_lexicons` reads the YAML files under ``<mappings_dir>/lexicons`` (``settings.mappings_dir``)
into one :class:`Lexicons` object; the extractors take it as an argument. YAML mappings become
read-only :class:`Table` objects and lists become tuples, so no extractor can change what another
one reads. :func:`packaged_lexicons` is the one shared instance loaded from the packaged
``mappings`` folder (the :class:`~nghiquyet.graph.settings.Settings` default), used when a caller
passes no lexicon.

>>> lex = packaged_lexicons()
>>> lex.roles["lead"][0]
'chủ trì'
>>> isinstance(lex.roles["lead"], tuple)
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import yaml

from nghiquyet.graph.errors import InputError

__all__ = ["Table", "Lexicons", "LEXICON_FILES", "load_lexicons", "packaged_lexicons", "or_packaged", "freeze",
           "per_table"]

# file stem → attribute of :class:`Lexicons`
LEXICON_FILES = {
    "bodies": "bodies", "clutter": "clutter", "core-indicators": "core_indicators", "headings": "headings",
    "indicator-labels": "indicator_labels", "indicators": "indicators",
    "provinces": "provinces", "quantity-cues": "quantity_cues", "roles": "roles", "units": "units",
}

Reader = Callable[[str], None]


class Table(Mapping[str, Any]):
    """A read-only YAML mapping; ``on_read`` (tests only) hears the path of every key looked up
    (all keys when the table is iterated)."""

    __slots__ = ("_data", "_path", "_on_read")

    def __init__(self, data: dict[str, Any], path: str, on_read: Reader | None = None) -> None:
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_on_read", on_read)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"lexicon table {self._path} is read-only")

    def __getitem__(self, key: str) -> Any:
        if self._on_read is not None:
            self._on_read(f"{self._path}.{key}")
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        if self._on_read is not None:  # whoever walks a table reads every key of it
            for key in self._data:
                self._on_read(f"{self._path}.{key}")
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Table({self._path}, {len(self._data)} keys)"


def per_table(build: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Memoise ``build(table)`` per lexicon table (or other immutable lexicon part) *object*:
    tables are read-only and not hashable, so the key is the object itself, held with the value.
    For regexes and word sets the extractors would otherwise rebuild on every call."""
    cache: dict[int, tuple[Any, Any]] = {}

    @functools.wraps(build)
    def cached(table: Any) -> Any:
        hit = cache.get(id(table))
        if hit is not None and hit[0] is table:
            return hit[1]
        value = build(table)
        if len(cache) >= 16:  # a few lexicons per process (tests load more)
            cache.clear()
        cache[id(table)] = (table, value)
        return value

    return cached


def freeze(value: Any, path: str, on_read: Reader | None = None) -> Any:
    """``value`` with every mapping turned into a :class:`Table` and every list into a tuple."""
    if isinstance(value, dict):
        return Table({str(k): freeze(v, f"{path}.{k}", on_read) for k, v in value.items()}, path, on_read)
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v, f"{path}[]", on_read) for v in value)
    return value


@dataclass(frozen=True)
class Lexicons:
    """Every lexicon the extractors read, raw (``Table``) and compiled (regexes, indexes)."""

    directory: Path
    bodies: Table
    clutter: Table
    core_indicators: Table
    headings: Table
    indicator_labels: Table
    indicators: Table
    provinces: Table
    quantity_cues: Table
    roles: Table
    units: Table
    quantity: Any  # quantity_lexicon.QuantityLexicon
    clutter_patterns: Any  # clutter.ClutterPatterns
    province_matchers: tuple  # (canonical name, regex) per province
    province_prefix: Any  # re.Pattern: text ending in "tỉnh", "thành phố" …
    indicator_patterns: tuple  # indicators.IndicatorEntry per indicator
    body_index: Any  # bodies.BodyIndex
    core_concepts: Mapping[str, Any]  # core_indicators.CoreIndicator by id (mappings/core-indicators.csv)
    core_wordings: tuple  # indicator_match.CoreWording entries
    fragment_rules: Any  # fragments.FragmentRules
    label_rules: Any  # quantity_label.LabelRules
    context_rules: Any  # indicator_context.ContextRules


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when PyYAML has it: 10× faster


def _read(directory: Path, stem: str, on_read: Reader | None) -> Table:
    path = directory / f"{stem}.yaml"
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_YAML_LOADER) or {}  # noqa: S506 - a SafeLoader
    except FileNotFoundError as exc:
        raise InputError(f"lexicon not found: {path} (settings.mappings_dir must hold lexicons/{stem}.yaml)") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"lexicon {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"lexicon {path} must be a YAML mapping, not {type(data).__name__}")
    return freeze(data, f"{stem}.yaml", on_read)


def load_lexicons(mappings_dir: str | Path, *, on_read: Reader | None = None) -> Lexicons:
    """Read and compile the lexicons under ``mappings_dir/lexicons`` (``on_read``: see :class:`Table`)."""
    # compilers live next to the code that uses what they build; imported here to avoid cycles
    from nghiquyet.graph.core_indicators import load_core_indicators
    from nghiquyet.graph.extract.bodies import build_body_index
    from nghiquyet.graph.extract.clutter import compile_clutter
    from nghiquyet.graph.extract.fragments import compile_fragments
    from nghiquyet.graph.extract.indicator_context import compile_context_rules
    from nghiquyet.graph.extract.indicator_match import compile_core_wordings
    from nghiquyet.graph.extract.indicators import compile_indicators
    from nghiquyet.graph.extract.province import compile_province_prefix, compile_provinces
    from nghiquyet.graph.extract.quantity_label import compile_label_rules
    from nghiquyet.graph.extract.quantity_lexicon import compile_quantity_lexicon

    directory = Path(mappings_dir) / "lexicons"
    if not directory.is_dir():
        raise InputError(f"lexicon folder not found: {directory} (check settings.mappings_dir)")
    tables = {attr: _read(directory, stem, on_read) for stem, attr in LEXICON_FILES.items()}
    concepts = load_core_indicators(Path(mappings_dir))
    try:
        return Lexicons(
            directory=directory, **tables,
            quantity=compile_quantity_lexicon(tables["units"], tables["quantity_cues"]),
            clutter_patterns=compile_clutter(tables["clutter"]),
            province_matchers=compile_provinces(tables["provinces"]),
            province_prefix=compile_province_prefix(tables["provinces"]),
            indicator_patterns=compile_indicators(tables["indicators"]),
            body_index=build_body_index(tables["bodies"]),
            core_concepts=concepts,
            core_wordings=compile_core_wordings(tables["core_indicators"], concepts),
            fragment_rules=compile_fragments(tables["core_indicators"], concepts),
            label_rules=compile_label_rules(tables["indicator_labels"]),
            context_rules=compile_context_rules(tables["core_indicators"]),
        )
    except KeyError as exc:
        raise InputError(f"lexicon under {directory} lacks the key {exc.args[0]!r}") from exc


@functools.cache
def packaged_lexicons() -> Lexicons:
    """The lexicons of the packaged ``mappings`` folder (the settings default), loaded once."""
    from nghiquyet.graph.settings import Settings

    return load_lexicons(Settings().mappings_dir)


def or_packaged(lexicon: Lexicons | None) -> Lexicons:
    """``lexicon``, or the packaged lexicons when the caller passed none."""
    return lexicon if lexicon is not None else packaged_lexicons()

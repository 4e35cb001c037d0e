"""The cue words of ``nghiquyet add``: ``<mappings>/lexicons/intake.yaml``, read once per folder, immutable.

The file sits with the extractor's lexicons (``settings.mappings_dir``) but is not part of the
extractor's :class:`~nghiquyet.graph.extract.lexicon.Lexicons`: only the intake reads it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from nghiquyet.graph.errors import InputError
from nghiquyet.graph.extract.lexicon import Lexicons, freeze, or_packaged

__all__ = ["IntakeLexicon", "intake_lexicon"]


@dataclass(frozen=True)
class IntakeLexicon:
    """The sections of ``intake.yaml`` (read-only tables and tuples)."""

    head_window: int
    document_types: Mapping[str, tuple[str, ...]]
    congress: Mapping[str, tuple[str, ...]]
    plan_period: tuple[str, ...]
    vision: tuple[str, ...]
    plan_year: tuple[str, ...]
    date_words: Mapping[str, str]
    issuers: tuple[str, ...]
    pdf_block_starts: tuple[str, ...]
    range_words: tuple[str, ...]


@functools.cache
def _load(directory: Path) -> IntakeLexicon:
    path = directory / "intake.yaml"
    try:
        with open(path, encoding="utf-8") as handle:
            data: dict[str, Any] = yaml.safe_load(handle) or {}
    except FileNotFoundError as exc:
        raise InputError(f"lexicon not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"lexicon {path} is not valid YAML: {exc}") from exc
    table = freeze(data, "intake.yaml")
    try:
        return IntakeLexicon(
            head_window=int(table["head_window"]), document_types=table["document_types"],
            congress=table["congress"], plan_period=table["plan_period"], vision=table["vision"],
            plan_year=table["plan_year"], date_words=table["date_words"], issuers=table["issuers"],
            pdf_block_starts=table["pdf_block_starts"], range_words=table["range_words"],
        )
    except KeyError as exc:
        raise InputError(f"lexicon {path} lacks the key {exc.args[0]!r}") from exc


def intake_lexicon(lexicon: Lexicons | None = None) -> IntakeLexicon:
    """The intake cue words beside ``lexicon``'s files (default: the packaged lexicons)."""
    return _load(Path(or_packaged(lexicon).directory))

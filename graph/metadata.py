"""Strict reading of a document's hand-written metadata (``<file>.yaml``, fields in docs/corpus.md).

Every field has a type; a value of the wrong type, an impossible date (``2021-02-30``), a
non-positive ordinal or an unknown enum value raises :class:`~nghiquyet.graph.errors.DocumentError`
naming the file, the field and the value, instead of being dropped or failing later. Dates stay
text (``YYYY-MM-DD``, or ``YYYY-MM`` where only the month is known): YAML's own date parsing is
switched off, so that a bad date is reported like any other bad value.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable

import yaml

from nghiquyet.graph.errors import DocumentError

__all__ = ["read_metadata", "DOCUMENT_TYPES", "FIELDS"]

DOCUMENT_TYPES = ("CongressResolution", "ActionProgramme", "AnnualPlanArticle", "ConferenceReport", "Document")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's when PyYAML has it: 1,000 metadata files 2.7 -> 0.3 s) that keeps
    timestamps as the text written (checked by the field rules)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

Check = Callable[[Any], Any]  # returns the value to keep, or raises ValueError saying what is wrong


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be non-empty text")
    return value


def _date(value: Any, *, month: bool = True) -> str:
    text = str(value) if isinstance(value, (str, int)) else None
    if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
            return text
        except ValueError:
            raise ValueError("is not a calendar date") from None
    if month and text and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return text
    raise ValueError("must be a date YYYY-MM-DD" + (" (or YYYY-MM)" if month else ""))


def _day(value: Any) -> str:
    return _date(value, month=False)


def _ordinal(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("must be a whole number from 1")
    return value


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise ValueError("must be a year (a whole number such as 2025)")
    return value


def _term(value: Any) -> list[int]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("must be [first year, last year]")
    begin, end = (_year(v) for v in value)
    if begin > end:
        raise ValueError("starts after it ends")
    return [begin, end]


def _url(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s]+", value):
        raise ValueError("must be an http(s) URL")
    return value


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError("must be a document id (an ASCII slug)")
    return value


def _enum(*allowed: str) -> Check:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"is not one of {', '.join(allowed)}")
        return value
    return check


def _language(value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise ValueError("must be a language tag such as vi or en")
    return value


def _names(value: Any) -> str | list[str]:
    if isinstance(value, list) and value:
        return [_text(v) for v in value]
    return _text(value)


def _mapping(fields: dict[str, Check]) -> Check:
    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValueError(f"must be a mapping with {', '.join(fields)}")
        return {str(k): v for k, v in value.items()}  # keys and values are checked by _check
    check.fields = fields  # type: ignore[attr-defined]
    return check


CONGRESS = {"ordinal": _ordinal, "term": _term, "start_date": _day, "end_date": _day, "place": _text}
CONFERENCE = {"ordinal": _ordinal, "date": _day}

#: Every metadata field and its rule.
FIELDS: dict[str, Check] = {
    "id": _text, "file": _text, "title": _text, "title_en": _text, "province": _text,
    "document_type": _enum(*DOCUMENT_TYPES), "congress": _mapping(CONGRESS),
    "adopted": _date, "published": _date, "retrieved": _date,
    "publisher": _text, "source_site": _text, "source_url": _url, "language": _language,
    "notes": _text, "author": _names, "plan_year": _year, "conference": _mapping(CONFERENCE),
    "implements": _slug, "signed_by": _names,
    "issuing_body": _text, "plan_period": _term, "vision_year": _year,
}


def _inferred(value: Any) -> list[str]:
    """The fields ``nghiquyet add`` guessed: a list of metadata field names."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v in FIELDS for v in value):
        raise ValueError("must list metadata field names")
    return list(value)


FIELDS["inferred"] = _inferred


def read_metadata(meta_path: Path) -> dict[str, Any]:
    """The checked fields of ``meta_path``; :class:`DocumentError` names file, field and value."""
    try:
        raw = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise DocumentError(f"{meta_path}: invalid YAML ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{meta_path}: cannot read as UTF-8 text ({exc})") from exc
    if not isinstance(raw, dict):
        raise DocumentError(f"{meta_path}: expected a mapping of metadata fields")
    return _check(meta_path, raw, FIELDS, "")


def _check(meta_path: Path, raw: dict[Any, Any], fields: dict[str, Check], prefix: str) -> dict[str, Any]:
    unknown = sorted(str(k) for k in raw if k not in fields)
    if unknown:
        names = ", ".join(prefix + name for name in unknown)
        raise DocumentError(f"{meta_path}: unknown metadata field(s) {names} (known: {', '.join(fields)})")
    checked: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None:
            continue
        rule = fields[name]
        try:
            checked[name] = rule(value)
        except ValueError as exc:
            raise DocumentError(f"{meta_path}: field {prefix}{name}: {value!r} {exc}") from None
        inner = getattr(rule, "fields", None)
        if inner is not None:
            checked[name] = _check(meta_path, checked[name], inner, f"{prefix}{name}.")
    return checked

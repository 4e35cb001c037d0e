"""The record contract: ``mappings/records.schema.json`` (JSON Schema 2020-12) and the span rule.

:func:`check_records` checks one record set, as ``extract_document`` returns it, against the
schema, and every provenance span against the text (``text[start:end] == exact``), which a schema
cannot say (prefix and suffix too). The tests run it on every extraction; docs/architecture.md describes the same contract.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from nghiquyet.graph.errors import ContractError
from nghiquyet.graph.resources import data_path

__all__ = ["SCHEMA_FILE", "record_schema", "check_records", "record_errors"]

SCHEMA_FILE = "records.schema.json"


def record_schema(mappings_dir: Path | None = None) -> dict[str, Any]:
    """The JSON Schema of a record set (from ``mappings_dir``, default: the packaged mappings)."""
    path = Path(mappings_dir or data_path("mappings")) / SCHEMA_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContractError(f"{path}: cannot read the record schema ({exc})") from exc


def record_errors(records: dict[str, Any], mappings_dir: Path | None = None) -> list[str]:
    """Every way ``records`` breaks the contract, as ``path: message`` lines (empty when it holds)."""
    try:
        import jsonschema
    except ModuleNotFoundError as exc:  # a test dependency ('test' extra)
        raise ContractError("checking records needs the jsonschema package (pip install jsonschema)") from exc
    validator = jsonschema.Draft202012Validator(record_schema(mappings_dir), format_checker=jsonschema.FormatChecker())
    plain = json.loads(json.dumps(records, ensure_ascii=False))  # what `extract --format json` prints
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(record set)'}: {e.message}"
              for e in sorted(validator.iter_errors(plain), key=lambda e: list(map(str, e.absolute_path)))]
    text = (records.get("document") or {}).get("text")
    if isinstance(text, str):
        errors += list(_span_errors(records, text))
    return errors


def check_records(records: dict[str, Any], mappings_dir: Path | None = None) -> None:
    """Raise :class:`ContractError` naming the first problems when ``records`` breaks the contract."""
    errors = record_errors(records, mappings_dir)
    if errors:
        document = (records.get("document") or {}).get("id", "?")
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ContractError(f"records of {document} break the contract: " + "; ".join(errors[:5]) + more)


def _span_errors(node: Any, text: str, path: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        target = node.get("annotation_target")
        if isinstance(target, dict):
            selectors = {s.get("kind"): s for s in target.get("selectors", []) if isinstance(s, dict)}
            quote, position = selectors.get("TextQuoteSelector"), selectors.get("TextPositionSelector")
            if quote and position and isinstance(position.get("start"), int) and isinstance(position.get("end"), int):
                start, end = position["start"], position["end"]
                if text[start:end] != quote.get("exact"):
                    yield f"{path}: the quote {quote.get('exact')!r} is not text[{start}:{end}]"
                prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
                if prefix and text[max(0, start - len(prefix)):start] != prefix:
                    yield f"{path}: the prefix {prefix!r} does not stand before text[{start}]"
                if suffix and text[end:end + len(suffix)] != suffix:
                    yield f"{path}: the suffix {suffix!r} does not follow text[{end}]"
        for key, value in node.items():
            if key != "text":
                yield from _span_errors(value, text, f"{path}/{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _span_errors(value, text, f"{path}/{index}")

"""Load ``queries/*.rq`` strictly: a ``#+`` YAML header, then one SPARQL SELECT query.

Any defect (invalid YAML, unknown key, unused parameter, unparsable SPARQL, undocumented
column) raises :class:`~nghiquyet.graph.errors.QueryError` naming ``file:line``, so the server refuses to
start rather than publishing a broken operation (grlc only warns and carries on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from nghiquyet.graph.errors import BadParameter, NotFound, QueryError
from nghiquyet.graph.named_queries import params as params_module

__all__ = ["Column", "NamedQuery", "Parameter", "load_queries", "load_query", "query_text", "read_query_file",
           "count_text", "paged", "RESERVED_NAMES"]

TOP_KEYS = frozenset({"summary", "description", "tags", "parameters", "columns"})
PARAM_KEYS = frozenset({"name", "type", "description", "default", "example", "required", "values", "language"})
COLUMN_KEYS = frozenset({"name", "description"})
RESERVED_NAMES = frozenset({"page", "per_page", "format"})
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_SELECT = re.compile(r"(?im)^[ \t]*SELECT\b")


@dataclass(frozen=True)
class Parameter:
    """One typed request parameter, bound to the SPARQL variable of the same name."""

    name: str
    type: str
    description: str = ""
    default: str | None = None
    example: str | None = None
    required: bool = False
    values: tuple[str, ...] = ()
    language: str = "vi"


@dataclass(frozen=True)
class Column:
    """One result column (a projected variable) and what it means."""

    name: str
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A validated query file: metadata plus the query texts the runner needs."""

    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    text: str  # the SPARQL query (header removed, line numbers kept by blank lines)
    select_at: int  # offset of the top-level SELECT in ``text`` (after PREFIX/BASE)

    @property
    def variables(self) -> tuple[str, ...]:
        """Projected variables, in order."""
        return tuple(column.name for column in self.columns)

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name``, if declared."""
        return next((p for p in self.parameters if p.name == name), None)

    def page_text(self, limit: int, offset: int) -> str:
        """The query with a LIMIT/OFFSET built from two integers (never from request text)."""
        return paged(self.text, limit, offset)

    def count_text(self, bound: Iterable[str] = ()) -> str:
        """A query counting the solutions when the parameters ``bound`` are bound.

        Bound parameters are projected (substitution needs them there) and grouped on; being
        constants they form one group.
        """
        names = [p.name for p in self.parameters if p.name in set(bound)]
        return count_text(self.text, self.select_at, names)


def load_queries(directory: Path) -> dict[str, NamedQuery]:
    """Load every top-level ``*.rq`` of ``directory`` (sub-folders belong to other features)."""
    queries: dict[str, NamedQuery] = {}
    for path in sorted(Path(directory).glob("*.rq")):
        query = load_query(path)
        queries[query.name] = query
    return queries


def read_query_file(path: Path) -> str:
    """The text of a ``.rq`` file (the one reader of query files; a ``#+`` header is a SPARQL comment).

    Raises :class:`NotFound` when there is no such file, :class:`QueryError` when it is not UTF-8.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"no query file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query ({exc})") from exc


def query_text(name: str, queries_dir: Path) -> str:
    """The text of ``<queries_dir>/<name>.rq`` (``name`` may name a sub-folder: ``pages/labels``)."""
    return read_query_file(Path(queries_dir) / f"{name}.rq")


def load_query(path: Path) -> NamedQuery:
    """Parse and check one query file; raise :class:`QueryError` naming file and line."""
    path = Path(path)
    name = path.stem
    source = read_query_file(path)
    lines = source.splitlines()
    where = _Where(path, lines)
    if not _QUERY_NAME.match(name):
        raise where.error(1, f"file name {name!r} is not a valid query name (a-z, 0-9, '-', '_')")
    header_count = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    for number, line in enumerate(lines[header_count:], start=header_count + 1):
        if line.startswith("#+"):
            raise where.error(number, "'#+' header lines must all come first")
    header = "\n".join(line[2:] for line in lines[:header_count])
    try:
        meta = yaml.safe_load(header) if header.strip() else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise where.error((mark.line + 1) if mark else 1, f"invalid YAML header: {exc}") from None
    if not isinstance(meta, dict):
        raise where.error(1, "the '#+' YAML header must be a mapping with at least 'summary'")
    where.check_keys(meta, TOP_KEYS, "header")
    summary = meta.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise where.error(where.line_of("summary:"), "'summary' is required and must be text")
    text = "\n" * header_count + "\n".join(lines[header_count:])
    parameters = tuple(_parameter(item, where) for item in _list(meta, "parameters", where))
    columns = tuple(_column(item, where) for item in _list(meta, "columns", where))
    _check_unique([p.name for p in parameters], "parameter", where)
    _check_unique([c.name for c in columns], "column", where)
    for parameter in parameters:
        if not re.search(rf"[?$]{parameter.name}\b", text):
            raise where.error(where.line_of(f"name: {parameter.name}"),
                              f"parameter {parameter.name!r} is declared but the query never uses ?{parameter.name}")
        if re.search(rf"(?i)\bBOUND\s*\(\s*[?$]{parameter.name}\b", text):
            raise where.error(where.line_in_query(f"?{parameter.name}"),
                              f"BOUND(?{parameter.name}) is not allowed on a parameter; use COALESCE(…, true)")
    match = _SELECT.search(text)
    if not match:
        raise where.error(header_count + 1, "a named query must be a SELECT query (SELECT at the start of a line)")
    projected = _prepare(text, (), where)
    missing = [p.name for p in parameters if p.name not in projected]
    if missing:
        raise where.error(where.line_of(f"name: {missing[0]}"),
                          f"parameter {missing[0]!r} must be a projected variable (SELECT ?{missing[0]} …) to be bound safely")
    _prepare(text, parameters, where)
    _prepare(count_text(text, match.start(), [p.name for p in parameters]), parameters, where, label="count form of the query")
    _prepare(count_text(text, match.start(), []), (), where, label="count form of the query")
    _prepare(paged(text, 1, 0), parameters, where, label="paged form of the query")
    if [c.name for c in columns] != list(projected):
        raise where.error(where.line_of("columns:"),
                          f"'columns' must document the projected variables in order: {', '.join(projected)}")
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise where.error(where.line_of("tags:"), "'tags' must be a list of strings")
    description = meta.get("description") or ""
    if not isinstance(description, str):
        raise where.error(where.line_of("description:"), "'description' must be text")
    return NamedQuery(name=name, path=path, summary=summary.strip(), description=description.strip(),
                      tags=tuple(tags), parameters=parameters, columns=columns, text=text, select_at=match.start())


def paged(text: str, limit: int, offset: int) -> str:
    """``text`` with LIMIT/OFFSET clauses made from two integers."""
    return f"{text}\nLIMIT {int(limit)} OFFSET {int(offset)}\n"


class _Where:
    """Builds ``file:line: message`` errors for one query file."""

    def __init__(self, path: Path, lines: list[str]) -> None:
        self.path, self.lines = path, lines

    def error(self, line: int, message: str) -> QueryError:
        return QueryError(f"{self.path}:{line}: {message}")

    def line_of(self, needle: str) -> int:
        """First header line containing ``needle`` (1 if none)."""
        for number, line in enumerate(self.lines, start=1):
            if line.startswith("#+") and needle in line:
                return number
        return 1

    def line_in_query(self, needle: str) -> int:
        for number, line in enumerate(self.lines, start=1):
            if not line.startswith("#") and needle in line:
                return number
        return 1

    def check_keys(self, mapping: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
        unknown = sorted(set(map(str, mapping)) - allowed)
        if unknown:
            raise self.error(self.line_of(f"{unknown[0]}:"),
                             f"unknown key {unknown[0]!r} in {what} (allowed: {', '.join(sorted(allowed))})")


def _list(meta: Mapping[str, Any], key: str, where: _Where) -> list[Any]:
    value = meta.get(key) or []
    if not isinstance(value, list):
        raise where.error(where.line_of(f"{key}:"), f"{key!r} must be a list")
    return value


def _check_unique(names: list[str], what: str, where: _Where) -> None:
    for name in names:
        if names.count(name) > 1:
            raise where.error(where.line_of(f"name: {name}"), f"{what} {name!r} is declared twice")


def _parameter(item: Any, where: _Where) -> Parameter:
    if not isinstance(item, dict) or "name" not in item or "type" not in item:
        raise where.error(where.line_of("parameters:"), "each parameter needs at least 'name' and 'type'")
    name = str(item["name"])
    where.check_keys(item, PARAM_KEYS, f"parameter {name!r}")
    line = where.line_of(f"name: {name}")
    if not _NAME.match(name) or name in RESERVED_NAMES:
        raise where.error(line, f"parameter name {name!r} is invalid or reserved")
    if item["type"] not in params_module.TYPES:
        raise where.error(line, f"parameter {name!r}: type {item['type']!r} is not one of {', '.join(params_module.TYPES)}")
    values = item.get("values") or []
    if (item["type"] == "enum") != bool(values) or not all(isinstance(v, str) for v in values):
        raise where.error(line, f"parameter {name!r}: 'values' (a list of strings) is required for enum and only for enum")
    parameter = Parameter(
        name=name, type=item["type"], description=str(item.get("description") or "").strip(),
        default=None if item.get("default") is None else str(item["default"]),
        example=None if item.get("example") is None else str(item["example"]),
        required=bool(item.get("required", False)), values=tuple(values),
        language=str(item.get("language", "vi")),
    )
    if parameter.required and parameter.default is not None:
        raise where.error(line, f"parameter {name!r} is required, so it cannot have a default")
    for label, raw in (("default", parameter.default), ("example", parameter.example)):
        if raw is not None:
            try:
                params_module.to_term(parameter, raw)
            except BadParameter as exc:
                raise where.error(line, f"{label} of {name!r} is invalid: {exc}") from None
    return parameter


def _column(item: Any, where: _Where) -> Column:
    if isinstance(item, str) and _VARIABLE.match(item):
        return Column(name=item)  # short form: a bare column name
    if not isinstance(item, dict) or "name" not in item:
        raise where.error(where.line_of("columns:"), "each column needs 'name' (and a 'description')")
    where.check_keys(item, COLUMN_KEYS, f"column {item['name']!r}")
    return Column(name=str(item["name"]), description=str(item.get("description") or "").strip())


def count_text(text: str, select_at: int, names: Iterable[str]) -> str:
    """``SELECT (COUNT(*) AS ?_total) ?bound WHERE { <the query> } GROUP BY ?bound``."""
    variables = " ".join(f"?{name}" for name in names)
    group = f" GROUP BY {variables}" if variables else ""
    return f"{text[:select_at]}SELECT (COUNT(*) AS ?_total) {variables} WHERE {{\n{text[select_at:]}\n}}{group}\n"


def _prepare(text: str, parameters: tuple[Parameter, ...], where: _Where, label: str = "query") -> tuple[str, ...]:
    """Run ``text`` on an empty store with every parameter bound; return the projection."""
    import pyoxigraph

    substitutions = {}
    for parameter in parameters:
        raw = parameter.example or parameter.default or params_module.sample(parameter)
        substitutions[pyoxigraph.Variable(parameter.name)] = params_module.to_term(parameter, raw)
    try:
        result = pyoxigraph.Store().query(text, substitutions=substitutions)
    except SyntaxError as exc:
        raise where.error(_syntax_line(exc), f"{label} does not parse: {exc}") from None
    except (RuntimeError, ValueError) as exc:
        raise where.error(where.line_in_query("SELECT"), f"{label} cannot be prepared: {exc}") from None
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise where.error(where.line_in_query("SELECT"), "a named query must be a SELECT query")
    return tuple(variable.value for variable in result.variables)


def _syntax_line(exc: SyntaxError) -> int:
    if getattr(exc, "lineno", None):
        return int(exc.lineno)  # type: ignore[arg-type]
    match = re.search(r"(\d+):(\d+)", str(exc))
    return int(match.group(1)) if match else 1

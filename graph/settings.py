"""One typed settings object for the builder, the server and the CLI.

Values come from defaults, then from ``NGHIQUYET_*`` environment variables, then from explicit
keyword arguments (the CLI's options), in that order. Every value is checked when the object is
made (``--port 99999``, ``NGHIQUYET_PORT=abc``): :class:`~nghiquyet.graph.errors.ConfigError` names
the setting, where it comes from and what it must be.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from nghiquyet.graph.errors import ConfigError
from nghiquyet.graph.resources import data_path

__all__ = ["Settings", "ONTOLOGY_NS", "DEFAULT_BASE_IRI"]

ONTOLOGY_NS = "https://w3id.org/nghiquyet/ontology#"
ONTOLOGY_IRI = "https://w3id.org/nghiquyet/ontology"
DEFAULT_BASE_IRI = "https://w3id.org/nghiquyet/id/"


def _default_workers() -> int:
    """Two server processes per CPU (at most 8): each has spare threads for slow queries."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def _default_data_dir() -> Path:
    """``./var`` under the working directory: builds stay beside the user, not in site-packages."""
    return Path(os.environ.get("NGHIQUYET_DATA_DIR", Path.cwd() / "var"))


@dataclass(frozen=True)
class Settings:
    """Where things live and how the graph is published."""

    corpus_dir: Path = field(default_factory=lambda: data_path("corpus"))
    ontology_dir: Path = field(default_factory=lambda: data_path("ontology"))
    mappings_dir: Path = field(default_factory=lambda: data_path("mappings"))
    queries_dir: Path = field(default_factory=lambda: data_path("queries"))
    data_dir: Path = field(default_factory=_default_data_dir)
    base_iri: str = DEFAULT_BASE_IRI
    # server
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = field(default_factory=_default_workers)
    threads: int = 4  # request threads per server process: one for a heavy query, three for the rest
    query_timeout: float = 30.0
    max_rows: int = 100_000
    max_request_bytes: int = 1_000_000
    service_allowlist: tuple[str, ...] = ()
    enable_update: bool = False
    query_workers: int = 2  # query worker processes per server process (hard timeouts)
    query_idle_seconds: int = 60  # a query process idle this long ends (forked again on demand); 0: never
    query_memory_mb: int = 0  # resident memory of one query process; 0: half the RAM / all query processes
    max_heavy_queries: int = 0  # heavy /sparql queries at once, all processes; 0: CPUs (at least 2); <0: no limit
    max_heavy_per_client: int = 0  # of those, per client address; 0: half of max_heavy_queries, at least 1
    allocator: str = "auto"  # malloc of the server and query processes: auto, system, or a library
    union_default_graph: bool = True  # /sparql default graph = union of all graphs
    store_url: str = ""  # query a remote SPARQL endpoint instead of the local store
    # publishing to a standard SPARQL server (graph/remote_publish.py); never printed
    endpoint_user: str = field(default="", repr=False)
    endpoint_password: str = field(default="", repr=False)
    endpoint_auth: str = "auto"  # auto (the server's challenge: digest or basic), basic, digest, none
    endpoint_timeout: float = 300.0  # seconds one request of a publish may take
    endpoint_keep_seconds: float = 300.0  # a superseded build stays on the server this long (readers finish)
    page_size: int = 100
    max_page_size: int = 1000
    # the SHACL gate: "sparql" (the shapes compiled to SPARQL, run by Oxigraph) or "pyshacl" (the reference)
    validator: str = "sparql"

    def __post_init__(self) -> None:
        for name, (low, high) in _RANGES.items():
            value = getattr(self, name)
            whole = name not in ("query_timeout", "endpoint_timeout", "endpoint_keep_seconds")
            if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) \
                    or not math.isfinite(value) or not low <= value <= high:
                _bad(name, value, f"{'a whole number' if whole else 'a number'} from {_number(low)} to {_number(high)}")
        if not isinstance(self.base_iri, str) or not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", self.base_iri):
            _bad("base_iri", self.base_iri, "an http(s) IRI ending in '/' or '#'")
        if not isinstance(self.host, str) or not self.host.strip():
            _bad("host", self.host, "a host name or address")
        if self.endpoint_auth not in ("auto", "basic", "digest", "none"):
            _bad("endpoint_auth", self.endpoint_auth, "auto, basic, digest or none")
        if self.validator not in ("sparql", "pyshacl"):
            _bad("validator", self.validator, "sparql or pyshacl")
        if self.store_url and not re.fullmatch(r"https?://\S+", str(self.store_url)):
            _bad("store_url", self.store_url, "empty or an http(s) URL of a SPARQL endpoint")

    @property
    def store_dir(self) -> Path:
        """The published on-disk Oxigraph store (``current`` links to the latest good build)."""
        return self.data_dir / "current" / "store"

    @property
    def dumps_dir(self) -> Path:
        """Dataset dumps, one Turtle file per named graph, and the VoID description."""
        return self.data_dir / "current" / "dumps"

    @property
    def site_root(self) -> str:
        """The site the base IRI belongs to (``…/id/`` → ``…/``), where /sparql and /dumps live."""
        return self.base_iri[: -len("id/")] if self.base_iri.endswith("/id/") else self.base_iri

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """Defaults, then ``NGHIQUYET_<FIELD>`` variables, then ``overrides`` (None is ignored)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"NGHIQUYET_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        return replace(settings, **{k: Path(v) for k, v in values.items() if k.endswith("_dir")})


#: Numeric settings and their allowed range.
_RANGES: dict[str, tuple[float, float]] = {
    "port": (1, 65535), "workers": (1, 256), "threads": (1, 256), "query_workers": (1, 64), "query_idle_seconds": (0, 86400),
    "query_timeout": (0.001, 86400), "endpoint_timeout": (0.001, 86400), "endpoint_keep_seconds": (0, 30 * 86400),
    "max_rows": (1, 10**9),
    "max_request_bytes": (1, 2**31),
    "page_size": (1, 10**6), "max_page_size": (1, 10**6),
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


_OPTIONS = {"port": "--port", "host": "--host", "workers": "--workers", "threads": "--threads",
            "query_workers": "--query-workers", "query_timeout": "--timeout", "base_iri": "--base-iri"}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _bad(name: str, value: Any, expected: str) -> None:
    origin = " or ".join(filter(None, (_OPTIONS.get(name), f"NGHIQUYET_{name.upper()}")))
    raise ConfigError(f"setting {name} ({origin}): {value!r} is not valid; it must be {expected}")


def _coerce(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "int":
            return int(raw.strip())
        if kind == "float":
            return float(raw.strip())
    except ValueError:
        raise ConfigError(f"NGHIQUYET_{name.upper()}={raw!r} is not a{'n integer' if kind == 'int' else ' number'}") from None
    if kind == "bool":
        word = raw.strip().lower()
        if word not in _TRUE | _FALSE:
            raise ConfigError(f"NGHIQUYET_{name.upper()}={raw!r} is not a yes/no value (1, true, yes, on / 0, false, no, off)")
        return word in _TRUE
    if kind.startswith("tuple"):
        return tuple(item.strip() for item in raw.split(",") if item.strip())
    if kind == "Path":
        return Path(raw)
    return raw

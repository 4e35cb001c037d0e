"""The memory allocator of the server and query processes.

Most of a heavy query's time in pyoxigraph goes to ``malloc``/``free``; under glibc's allocator
they take about a quarter of it. On Linux, ``pip install`` brings mimalloc (the ``cmeel-mimalloc``
wheel); the query processes, which are fresh interpreters we start ourselves, preload it, and
``nghiquyet serve`` re-executes itself once with it preloaded so that the server processes (which
answer lookups in process) use it too. Measured here: an aggregate query runs about 15% faster,
lookups a few per cent. ``settings.allocator`` is ``auto`` (that mimalloc, else tcmalloc, jemalloc
or mimalloc from the system), ``system`` (glibc's), or the path or name of a shared library.
"""

from __future__ import annotations

import ctypes.util
import importlib.metadata
import os
import sys
from functools import lru_cache
from pathlib import Path

from nghiquyet.graph.errors import StoreError

__all__ = ["PREFERRED", "BUNDLED", "MIMALLOC_OPTIONS", "bundled_mimalloc", "preload_library", "preload_env"]

#: System allocators tried by ``auto`` after the bundled mimalloc, fastest first on our aggregate benchmark.
PREFERRED = ("tcmalloc_minimal", "jemalloc", "mimalloc")
BUNDLED = "cmeel-mimalloc"
#: mimalloc commits whole arenas up front by default; committed on use instead, a bare interpreter
#: stays at about 14 MiB resident instead of 33 (docs/benchmarks.md). A value in the environment wins.
MIMALLOC_OPTIONS = {"MIMALLOC_ARENA_EAGER_COMMIT": "0"}


def bundled_mimalloc() -> str | None:
    """The path of ``libmimalloc.so`` from the ``cmeel-mimalloc`` wheel, if it is installed."""
    try:
        files = importlib.metadata.distribution(BUNDLED).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name == "libmimalloc.so":
            path = Path(str(file.locate())).resolve()
            return str(path) if path.is_file() else None
    return None


@lru_cache(maxsize=8)
def preload_library(choice: str) -> str | None:
    """The library to put in ``LD_PRELOAD`` for ``choice``, or None for the system allocator."""
    choice = choice.strip()
    if choice in ("", "system"):
        return None
    if choice == "auto":
        if not sys.platform.startswith("linux"):  # LD_PRELOAD is how glibc's loader does it
            return None
        bundled = bundled_mimalloc()
        if bundled:
            return bundled
        for name in PREFERRED:
            found = ctypes.util.find_library(name)
            if found:
                return found
        return None
    if "/" in choice and not os.path.isfile(choice):
        raise StoreError(f"allocator: no library at {choice}")
    return choice


def preload_env(env: dict[str, str], choice: str) -> dict[str, str]:
    """``env`` with the chosen allocator added in front of any ``LD_PRELOAD`` already there."""
    library = preload_library(choice)
    if library is None:
        return env
    existing = env.get("LD_PRELOAD", "")
    extra = dict(MIMALLOC_OPTIONS) if "mimalloc" in Path(library).name else {}
    extra = {key: value for key, value in extra.items() if key not in env}
    if library in existing.split():
        return {**env, **extra} if extra else env
    return {**env, **extra, "LD_PRELOAD": f"{library} {existing}".strip()}

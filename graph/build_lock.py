"""One build at a time per data folder, and what interrupted builds left behind.

``nghiquyet build`` runs started together would otherwise publish in any order and prune each
other's folders. :func:`build_lock` holds an exclusive lock on ``<data>/build.lock`` (``flock``:
released by the kernel when the holder exits, even by ``kill -9``); a second build waits for it.
Under the lock no other build is writing, so every ``builds/*.partial`` folder is a leftover of an
interrupted build and :func:`remove_stale_partials` deletes it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: builds are not serialised
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_FILE", "build_lock", "remove_stale_partials"]

LOCK_FILE = "build.lock"


@contextmanager
def build_lock(data_dir: Path, progress: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the data folder's build lock for the block, waiting for another build to finish first."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "a+", encoding="utf-8") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if progress:
                    progress(f"[publish] waiting for the build of {holder} to finish ({data_dir / LOCK_FILE})")
                fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_partials(builds: Path, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Delete the ``*.partial`` folders of interrupted builds (call it holding :func:`build_lock`)."""
    removed = []
    for folder in sorted(builds.glob("*.partial")) if builds.is_dir() else ():
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
        if progress:
            progress(f"[publish] removed {folder.name}, left by an interrupted build")
    return removed

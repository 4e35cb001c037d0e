"""Bulk loads of N-Quads files into an Oxigraph store, several files per load as one stream."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox

__all__ = ["bulk_load_files"]


class _Concatenated(io.RawIOBase):
    """The bytes of several files one after the other, each ending in a line end (N-Quads files)."""

    def __init__(self, paths: Iterable[Path]) -> None:
        super().__init__()
        self._paths, self._file, self._pending, self._last = iter(paths), None, b"", b"\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._pending:
                size = min(len(buffer), len(self._pending))
                buffer[:size], self._pending = self._pending[:size], self._pending[size:]
                return size
            if self._file is None:
                path = next(self._paths, None)
                if path is None:
                    return 0
                self._file = open(path, "rb")
            size = self._file.readinto(buffer)
            if size:
                self._last = bytes(buffer[size - 1:size])
                return size
            self._file.close()
            self._file = None
            if self._last != b"\n":
                self._pending = self._last = b"\n"


_LOAD_PART = 64 << 20  # bytes of N-Quads per bulk load: Oxigraph's loader buffers a whole part


def bulk_load_files(store: ox.Store, files: Iterable[Path]) -> None:
    """Bulk loads of the files, each part read by Oxigraph as one stream (a bulk load per file
    costs tens of milliseconds; quads passed from Python one by one hold the interpreter lock).
    Parts of at most ~64 MB: 2M quads in one bulk load took 1.4 GB, in parts of 64 MB 0.25 GB."""
    part: list[Path] = []
    size = 0
    for path in [*files, None]:
        if part and (path is None or size + path.stat().st_size > _LOAD_PART):
            with io.BufferedReader(_Concatenated(part), 1 << 20) as stream:
                store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
            part, size = [], 0
        if path is not None:
            part.append(path)
            size += path.stat().st_size

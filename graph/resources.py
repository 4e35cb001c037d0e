"""Where the data that ships with the package lives: ontology, mappings, queries, corpus.

The folders are package data (``nghiquyet.ontology`` …, see ``pyproject.toml``), found through
:mod:`importlib.resources` whether the package runs from a wheel or an editable checkout. Settings
take these as defaults and can point anywhere else.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["DATA_PACKAGES", "data_path"]

DATA_PACKAGES = ("ontology", "mappings", "queries", "corpus")


def data_path(name: str) -> Path:
    """The folder of the shipped data package ``name`` as a file-system path."""
    if name not in DATA_PACKAGES:
        raise ValueError(f"no shipped data folder {name!r}; expected one of {', '.join(DATA_PACKAGES)}")
    try:
        folder = files(f"nghiquyet.{name}")
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(f"the package data folder nghiquyet.{name} is not installed") from exc
    return Path(str(folder))

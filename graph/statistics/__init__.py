"""National and provincial statistics: cube import, alignments, remote links and progress.

The build calls :func:`contribute`; the CLI commands are :mod:`.command_import` (``stats``) and
:mod:`.command_link` (``link``).
"""

from __future__ import annotations

from rdflib import Graph

from nghiquyet.graph.settings import Settings

__all__ = ["contribute"]


def contribute(settings: Settings) -> dict[str, Graph]:
    """Named graphs to add to the dataset, keyed by IRI relative to ``settings.base_iri``.

    ``graph/statistics`` holds the cube (structure, statistical indicators with their
    alignments, observations with provenance) read from ``settings.corpus_dir / "statistics"``;
    ``graph/shared`` holds the provinces and the SDG alignments of resolution indicators.
    Everything is validated first: a bad file raises and nothing is returned.
    """
    from nghiquyet.graph.statistics.importer import import_files, statistics_files

    files = statistics_files(settings.corpus_dir / "statistics")
    return import_files(files, settings).graphs

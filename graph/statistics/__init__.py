"""National and provincial statistics: cube import, alignments, remote links and progress.

The build calls :func:`contribute`, then :func:`derive` on the assembled dataset; the CLI commands are :mod:`.command_import` (``stats``) and
:mod:`.command_link` (``link``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nghiquyet.graph.settings import Settings

if TYPE_CHECKING:  # the server imports submodules of this package without rdflib
    from rdflib import Dataset, Graph

__all__ = ["contribute", "derive", "derive_from_store", "derive_from_parts"]


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


def derive(dataset: Dataset, settings: Settings) -> dict[str, Graph]:
    """Named graphs computed from the assembled ``dataset``: ``graph/progress`` holds the links of
    plan values, actuals and restated targets to their targets and one assessment per target
    (status, rule, evidence; docs/progress.md)."""
    from nghiquyet.graph.statistics.assessment import contribute_progress

    return contribute_progress(dataset, settings)


def derive_from_store(store: Any, settings: Settings) -> dict[str, Graph]:
    """:func:`derive` for a build whose other graphs are already in an Oxigraph ``store``."""
    from nghiquyet.graph.statistics.assessment import progress_from_store

    return progress_from_store(store, settings)


def derive_from_parts(shared: Any, documents: Any, settings: Settings, cache: Any = None,
                      keys: Any = None) -> dict[str, str]:
    """:func:`derive` from the build's N-Quads files, one province at a time (memory holds one
    province's documents), as N-Quads text per graph; with the build ``cache`` and the documents'
    cache ``keys``, only provinces whose documents or shared graphs changed are computed (see
    :func:`~nghiquyet.graph.statistics.progress_parts.progress_nquads`)."""
    from nghiquyet.graph.statistics.assessment import progress_from_parts

    return progress_from_parts(shared, documents, settings, cache, keys)

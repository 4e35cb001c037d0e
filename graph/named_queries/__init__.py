"""Named queries: ``queries/*.rq`` files published as a documented API and a CLI command.

``loader`` reads and checks the files, ``params`` turns request text into RDF terms, ``runner``
executes a query page by page, ``formats`` serialises results and ``openapi`` describes them.
"""

from __future__ import annotations

__all__ = ["load_queries", "NamedQuery", "Parameter", "Column"]


def __getattr__(name: str):  # lazy: importing the package must not import pyoxigraph eagerly
    if name in __all__:
        from nghiquyet.graph.named_queries import loader

        return getattr(loader, name)
    raise AttributeError(name)

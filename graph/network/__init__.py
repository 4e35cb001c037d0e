"""The responsibility network: who leads, coordinates, monitors, delegates and is asked to help.

``build`` reads the network from the knowledge graph, ``analysis`` measures it, ``export``
writes it in GraphML, GEXF, node-link JSON, Cytoscape.js JSON and CSV, ``render`` draws a static
SVG, and ``command`` is the ``nghiquyet network`` subcommand.
"""

from __future__ import annotations

from typing import Any

__all__ = ["responsibility_network", "StoreSelector"]


def __getattr__(name: str) -> Any:
    """``build``'s names, imported on first use: ``terms`` alone must not pull in networkx."""
    if name in __all__:
        from nghiquyet.graph.network import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The responsibility network: who leads, coordinates, monitors, delegates and is asked to help.

``build`` reads the network from the knowledge graph, ``analysis`` measures it, ``export``
writes it in GraphML, GEXF, node-link JSON, Cytoscape.js JSON and CSV, ``render`` draws a static
SVG, and ``command`` is the ``nghiquyet network`` subcommand.
"""

from __future__ import annotations

from nghiquyet.graph.network.build import StoreSelector, responsibility_network

__all__ = ["responsibility_network", "StoreSelector"]

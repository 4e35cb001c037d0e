"""Package data (mappings): read through importlib.resources by nghiquyet.graph.resources; no code."""

"""Package data (corpus): read through importlib.resources by nghiquyet.graph.resources; no code."""

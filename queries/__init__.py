"""Package data (queries): read through importlib.resources by nghiquyet.graph.resources; no code."""

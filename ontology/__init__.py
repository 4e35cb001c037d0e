"""Package data (ontology): read through importlib.resources by nghiquyet.graph.resources; no code."""

"""JSON-LD with an ``@context``: the site's prefixes, compact keys and IRIs (rdflib's compaction).

pyoxigraph writes expanded JSON-LD only; readers then see full IRIs as keys and no context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph

__all__ = ["jsonld"]


def jsonld(triples: Iterable[pyoxigraph.Triple | pyoxigraph.Quad], prefixes: Mapping[str, str]) -> bytes:
    """``triples`` as compacted JSON-LD whose ``@context`` declares ``prefixes`` (only those used)."""
    import rdflib  # on the first JSON-LD answer: the app itself does not load rdflib

    data = pyoxigraph.serialize([t.triple if isinstance(t, pyoxigraph.Quad) else t for t in triples],
                                format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")
    text = data.decode("utf-8")
    context = {prefix: namespace for prefix, namespace in prefixes.items() if namespace in text}
    return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1).encode("utf-8")

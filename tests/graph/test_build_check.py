"""The validation contexts of the streamed build's documents (graph/build_check.py ``_contexts``).

A document's context is what its validation reads from the other graphs: the statements of
``graph/progress`` about its typed nodes, and what other documents say about the IRIs it (and those
statements) point at. The build finds them by index lookups from each document's ``foreign`` IRIs;
the reference here is the definition, one pass over every quad of the store.
"""

from __future__ import annotations

import pyoxigraph as ox

from nghiquyet.graph.build_check import _contexts, foreign_owners
from nghiquyet.graph.build_units import foreign_objects
from nghiquyet.graph.settings import Settings

EX = "https://example.org/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _line(quad: ox.Quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def reference_contexts(store: ox.Store, docs: list[str], progress: ox.NamedNode) -> dict[str, str]:
    """The contexts by their definition, from every quad of the store."""
    quads = list(store)
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        by_graph.setdefault(getattr(quad.graph_name, "value", ""), []).append(quad)
    out = {}
    for doc in docs:
        own = by_graph.get(doc, [])
        typed = {q.subject for q in own if q.predicate == RDF_TYPE}
        stated = [q for q in by_graph.get(progress.value, []) if q.subject in typed]
        pointed = {q.object for q in own + stated if isinstance(q.object, ox.NamedNode)}
        lines = {_line(q) for q in stated}
        lines |= {_line(q) for other in docs if other != doc for q in by_graph.get(other, []) if q.subject in pointed}
        out[doc] = "".join(line + "\n" for line in sorted(lines))
    return out


def _summaries(store: ox.Store, docs: list[str]) -> list[dict[str, object]]:
    summaries = []
    for doc in docs:
        nquads = "".join(f"{_line(q)[:-2]} <{doc}> .\n" for q in store.quads_for_pattern(None, None, None, ox.NamedNode(doc)))
        summaries.append({"graph": doc, "foreign": foreign_objects(nquads)})
    return summaries


def _store(text: str) -> ox.Store:
    store = ox.Store()
    store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
    return store


CROSS = f"""
<{EX}a/q1> <{RDF_TYPE.value}> <{EX}Quantity> <{EX}graph/a> .
<{EX}a/q1> <{EX}value> "5" <{EX}graph/a> .
<{EX}a/q1> <{EX}indicator> <{EX}ind/forest> <{EX}graph/a> .
<{EX}b/p1> <{RDF_TYPE.value}> <{EX}Programme> <{EX}graph/b> .
<{EX}b/p1> <{EX}implements> <{EX}a/q1> <{EX}graph/b> .
<{EX}c/q9> <{RDF_TYPE.value}> <{EX}Quantity> <{EX}graph/c> .
<{EX}c/q9> <{EX}value> "7" <{EX}graph/c> .
<{EX}a/q1> <{EX}restates> <{EX}c/q9> <{EX}graph/progress> .
<{EX}x/assessment> <{EX}target> <{EX}a/q1> <{EX}graph/progress> .
<{EX}ind/forest> <{EX}label> "forest cover" <{EX}graph/shared> .
"""


def test_a_document_reads_the_nodes_of_others_it_points_at_and_its_progress_statements() -> None:
    store = _store(CROSS)
    docs = [f"{EX}graph/{name}" for name in "abc"]
    progress = ox.NamedNode(f"{EX}graph/progress")
    contexts = _contexts(store, _summaries(store, docs), progress)
    assert contexts == reference_contexts(store, docs, progress)
    a, b, c = (contexts[doc].splitlines() for doc in docs)
    assert f"<{EX}a/q1> <{EX}restates> <{EX}c/q9> ." in a  # progress about a's node
    assert f'<{EX}c/q9> <{EX}value> "7" .' in a  # … and the node that statement points at
    assert f'<{EX}a/q1> <{EX}value> "5" .' in b  # b points at a's node
    assert not any("forest cover" in line for line in a + b + c)  # shared graphs come by closure, not here
    assert c == []


def test_the_contexts_of_the_real_build_are_those_of_their_definition(built_settings: Settings) -> None:
    store = ox.Store.read_only(str(built_settings.store_dir))
    base = built_settings.base_iri
    shared = {base + name for name in ("graph/ontology", "graph/indicators", "graph/places", "graph/statistics",
                                       "graph/shared", "graph/progress", "graph/void")}
    docs = sorted(g.value for g in store.named_graphs() if g.value not in shared)
    assert len(docs) == 5
    progress = ox.NamedNode(base + "graph/progress")
    contexts = _contexts(store, _summaries(store, docs), progress)
    expected = reference_contexts(store, docs, progress)
    assert contexts == expected
    assert sum(len(text.splitlines()) for text in contexts.values()) > 0


def test_the_contexts_of_some_documents_are_theirs_among_all() -> None:
    store = _store(CROSS)
    docs = [f"{EX}graph/{name}" for name in "abc"]
    progress = ox.NamedNode(f"{EX}graph/progress")
    summaries = _summaries(store, docs)
    alone = _contexts(store, summaries[1:2], progress, set(docs))
    assert alone == {docs[1]: reference_contexts(store, docs, progress)[docs[1]]}


def test_a_document_points_into_the_documents_describing_its_foreign_iris() -> None:
    store = _store(CROSS)
    docs = [f"{EX}graph/{name}" for name in "abc"]
    owners = foreign_owners(store, _summaries(store, docs), set(docs))
    assert owners == {docs[0]: [], docs[1]: [docs[0]], docs[2]: []}


def test_a_documents_typed_nodes_are_under_its_own_iri_in_the_real_build(built_settings: Settings) -> None:
    """What the key by a document's own rows of graph/progress relies on (build_check_rows.RowsKeys)."""
    store = ox.Store.read_only(str(built_settings.store_dir))
    base = built_settings.base_iri
    docs = [g.value for g in store.named_graphs() if g.value.startswith(base + "graph/")
            and g.value.removeprefix(base + "graph/") not in
            ("ontology", "indicators", "places", "statistics", "shared", "progress", "void")]
    assert len(docs) == 5
    for doc in docs:
        node = base + "doc/" + doc.removeprefix(base + "graph/")
        typed = {q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, None, ox.NamedNode(doc))}
        assert typed and all(iri == node or iri.startswith(node + "/") for iri in typed), doc


DOC = f"""
<{EX}doc/a/q1> <{RDF_TYPE.value}> <{EX}Quantity> <{EX}graph/a> .
<{EX}doc/a/q1> <{EX}value> "5" <{EX}graph/a> .
<{EX}doc/a/q2> <{EX}value> "6" <{EX}graph/a> .
<{EX}doc/b/p1> <{RDF_TYPE.value}> <{EX}Programme> <{EX}graph/b> .
<{EX}doc/b/p1> <{EX}implements> <{EX}doc/a/q1> <{EX}graph/b> .
<{EX}doc/b/p1> <{EX}lead> <{EX}body/x> <{EX}graph/b> .
<{EX}doc/c/q9> <{RDF_TYPE.value}> <{EX}Quantity> <{EX}graph/c> .
<{EX}doc/c/q9> <{EX}value> "7" <{EX}graph/c> .
<{EX}doc/a/q1> <{EX}restates> <{EX}doc/c/q9> <{EX}graph/progress> .
<{EX}doc/a/q2> <{EX}restates> <{EX}doc/c/q9> <{EX}graph/progress> .
<{EX}x/assessment> <{EX}target> <{EX}doc/a/q1> <{EX}graph/progress> .
<{EX}body/x> <{EX}label> "a body" <{EX}graph/shared> .
"""


def _fast(store: ox.Store, docs: list[str], progress: ox.NamedNode) -> dict[str, str]:
    """The contexts read the way the build reads them: candidate rows of graph/progress (here all of
    them) with each subject's type looked up, describing graphs found from the document space."""
    from nghiquyet.graph.build_cache import BuildCache
    from nghiquyet.graph.build_check_shared import SharedCheck, document_graphs

    rows = [_line(q) for q in store.quads_for_pattern(None, None, None, progress)]
    check = SharedCheck(store, frozenset(docs), [], BuildCache("/nonexistent"), "salt", None, "sparql",
                        frozenset(), EX + "doc/", EX + "graph/")
    return _contexts(store, _summaries(store, docs), progress, rows=lambda _: rows,
                     graphs_of=lambda node: document_graphs(check, node))


def test_candidate_rows_and_the_document_space_give_the_contexts_of_the_definition() -> None:
    store = _store(DOC)
    docs = [f"{EX}graph/{name}" for name in "abc"]
    progress = ox.NamedNode(f"{EX}graph/progress")
    contexts = _fast(store, docs, progress)
    assert contexts == reference_contexts(store, docs, progress)
    a = contexts[docs[0]].splitlines()
    assert f"<{EX}doc/a/q1> <{EX}restates> <{EX}doc/c/q9> ." in a  # about its typed node
    assert not any("doc/a/q2" in line for line in a)  # q2 has no type in a: not read
    assert f'<{EX}doc/a/q1> <{EX}value> "5" .' in contexts[docs[1]].splitlines()


def test_the_real_builds_contexts_read_from_its_parts_are_those_of_their_definition(built_settings: Settings) -> None:
    """As check_streamed reads them: the rows of a document's provinces' parts of graph/progress
    (build_check_rows.RowsKeys.progress_rows), the describing graphs from the document space."""
    from nghiquyet.graph.build_cache import BuildCache
    from nghiquyet.graph.build_check_rows import RowsKeys
    from nghiquyet.graph.build_check_shared import SharedCheck, document_graphs
    from tests.graph.test_build_check_shared import _real

    store, _, summaries, provinces, _ = _real(built_settings)
    base = built_settings.base_iri
    docs = {s["graph"] for s in summaries}
    check = SharedCheck(store, frozenset(docs), [], BuildCache(built_settings.data_dir / "cache"), "salt", None,
                        "sparql", frozenset(i for s in summaries for i in s["elsewhere"]), base + "doc/", base + "graph/")
    rows = RowsKeys(check, "salt", provinces, base, {s["graph"]: [] for s in summaries}, {})
    progress = ox.NamedNode(base + "graph/progress")
    contexts = _contexts(store, summaries, progress, docs, rows=rows.progress_rows,
                         graphs_of=lambda node: document_graphs(check, node))
    assert contexts == reference_contexts(store, sorted(docs), progress)
    assert sum(len(text.splitlines()) for text in contexts.values()) > 0

"""The shared graphs' step of the SHACL gate (graph/build_check_shared.py), against its definitions.

The common graphs' context and focus, and a progress part's, are checked against their definition
(a pass over every quad). On the real build: ``graph/progress`` is the union of its provinces'
parts, the parts have no subject in common and do not point at each other's subjects, a document's
progress statements are in its provinces' parts, and a part points into its own documents and
their foreign IRIs' documents only: what the validation keys by inputs rely on. Validating the
parts finds a violation in one of them, and the second time finds it in the cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from nghiquyet.graph.build_cache import BuildCache
from nghiquyet.graph.build_check import foreign_owners
from nghiquyet.graph.build_check_shared import ProgressPart, SharedCheck, check_parts, common_part, part_context
from nghiquyet.graph.build_units import documents_by_province
from nghiquyet.graph.publish import quads_sum
from nghiquyet.graph.settings import Settings
from nghiquyet.graph.statistics.progress_parts import part_keys
from nghiquyet.graph.validate import load_shapes

EX = "https://example.org/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NQ = "https://w3id.org/nghiquyet/ontology#"


def _line(quad: ox.Quad | ox.Triple) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def _store(text: str) -> ox.Store:
    store = ox.Store()
    store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
    return store


def _check(store: ox.Store, docs: set[str], tmp: Path, shared: list[Path] | None = None) -> SharedCheck:
    return SharedCheck(store, frozenset(docs), shared or [], BuildCache(tmp), "salt", None, "sparql")


STORE = f"""
<{EX}a/q1> <{RDF_TYPE}> <{EX}Quantity> <{EX}graph/a> .
<{EX}a/q1> <{EX}value> "5" <{EX}graph/a> .
<{EX}a/q1> <{EX}indicator> <{EX}ind/forest> <{EX}graph/a> .
<{EX}b/q2> <{RDF_TYPE}> <{EX}Quantity> <{EX}graph/b> .
<{EX}ind/forest> <{EX}label> "forest cover" <{EX}graph/shared> .
<{EX}ind/forest> <{EX}measuredBy> <{EX}a/q1> <{EX}graph/shared> .
<{EX}ind/water> <{EX}label> "clean water" <{EX}graph/shared> .
<{EX}ind/water> <{EX}assessedIn> <{EX}a/q1/progress> <{EX}graph/progress> .
<{EX}a/q1/progress> <{EX}assesses> <{EX}a/q1> <{EX}graph/progress> .
<{EX}graph/a> <{EX}triples> "3" <{EX}graph/void> .
"""


def reference_common(store: ox.Store, names: set[str], docs: set[str], progress: str) -> tuple[set[str], list[str]]:
    quads = list(store)
    in_docs = [q for q in quads if q.graph_name.value in docs]
    described = {q.subject for q in in_docs}
    stated = {q.subject for q in quads if q.graph_name.value == progress}
    lines = {_line(d) for q in quads if q.graph_name.value in names and isinstance(q.object, ox.NamedNode)
             for d in in_docs if d.subject == q.object}
    focus = {q.subject.value for q in quads if q.graph_name.value in names and isinstance(q.subject, ox.NamedNode)
             and q.subject not in described and q.subject not in stated}
    return lines, sorted(focus)


def test_the_common_graphs_read_what_documents_say_of_their_objects_and_focus_on_their_own_nodes(tmp_path) -> None:
    store = _store(STORE)
    docs = {f"{EX}graph/a", f"{EX}graph/b"}
    names = {f"{EX}graph/shared"}
    found = common_part(_check(store, docs, tmp_path), names, f"{EX}graph/progress")
    assert found == reference_common(store, names, docs, f"{EX}graph/progress")
    lines, focus = found
    assert f'<{EX}a/q1> <{EX}value> "5" .' in lines
    assert focus == [f"{EX}ind/forest"]  # ind/water: graph/progress states something of it, validated there


def test_a_part_reads_what_documents_say_of_its_objects_and_focuses_on_its_own_subjects(tmp_path) -> None:
    store = _store(STORE)
    docs = {f"{EX}graph/a", f"{EX}graph/b"}
    text = f"<{EX}a/q1/progress> <{EX}assesses> <{EX}a/q1> .\n<{EX}a/q1> <{EX}restates> <{EX}b/q2> .\n"
    lines, focus = part_context(_check(store, docs, tmp_path), text)
    assert lines == {_line(q) for q in store if q.graph_name.value in docs and q.subject.value in
                     (f"{EX}a/q1", f"{EX}b/q2")}
    assert focus == [f"{EX}a/q1/progress"]


def _real(settings: Settings) -> tuple[ox.Store, dict, list[dict], dict[str, str | None], list[Path]]:
    current = settings.data_dir / "current"
    manifest = json.loads((current / "MANIFEST.json").read_text(encoding="utf-8"))
    cache = BuildCache(settings.data_dir / "cache")
    summaries = [cache.entry(key).summary() | {"key": key} for key in manifest["documents"].values()]
    common = [current / "shared" / name for iri, name in manifest["shared"].items()
              if not iri.endswith(("graph/progress", "graph/void"))]
    files = {s["graph"]: cache.entry(s["key"]).nquads_path for s in summaries}
    by_province = documents_by_province(summaries, files)
    keys = {s["graph"]: s["key"] for s in summaries}
    provinces = part_keys(common, by_province, settings, cache, keys)
    store = ox.Store.read_only(str(settings.store_dir))
    return store, by_province, summaries, provinces, common


def _rows(text: str) -> list[ox.Triple]:
    return list(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES))


def test_the_real_builds_progress_parts_are_separate_and_hold_what_the_keys_by_inputs_assume(
        built_settings: Settings) -> None:
    store, by_province, summaries, provinces, _ = _real(built_settings)
    cache = BuildCache(built_settings.data_dir / "cache")
    texts = {province: cache.part(key) for province, key in provinces.items()}
    assert provinces and None not in texts.values()
    progress = ox.NamedNode(built_settings.base_iri + "graph/progress")
    whole = {_line(q) for q in store.quads_for_pattern(None, None, None, progress)}
    assert whole and set().union(*({_line(t) for t in _rows(text)} for text in texts.values())) == whole
    file = built_settings.data_dir / "current" / "shared" / "https-w3id-org-nghiquyet-id-graph-progress.nq"
    sums = [quads_sum("".join(row[:-2] + f" <{progress.value}> .\n" for row in text.splitlines()))
            for text in texts.values()]  # the build adds its version up from the parts' sums
    assert (sum(s for s, _ in sums) % 2**256, sum(n for _, n in sums)) == quads_sum(file.read_text(encoding="utf-8"))
    home: dict[ox.NamedOrBlankNode, str] = {}
    for province, text in texts.items():
        for row in _rows(text):
            assert home.setdefault(row.subject, province) == province  # a subject in one part only
    for province, text in texts.items():
        assert all(home.get(row.object, province) == province for row in _rows(text))
    docs = {s["graph"] for s in summaries}
    owners = foreign_owners(store, summaries, docs)
    for summary in summaries:  # a document's progress statements are in its provinces' parts
        typed = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None,
                                                            ox.NamedNode(summary["graph"]))}
        stated = {q.subject for q in store.quads_for_pattern(None, None, None, progress) if q.subject in typed}
        assert {home[s] for s in stated} <= set(summary["provinces"])
    for province, text in texts.items():  # a part points into its documents and their foreign IRIs' only
        allowed = {g for g, _ in by_province.get(province, ())}
        allowed |= {o for g in set(allowed) for o in owners[g]}
        for row in _rows(text):
            for term in (row.subject, row.object):
                graphs = {q.graph_name.value for q in store.quads_for_pattern(term, None, None)} & docs \
                    if isinstance(term, ox.NamedNode) else set()
                assert graphs <= allowed, (province, term)


def test_a_violation_in_one_part_is_found_and_then_found_in_the_cache(built_settings: Settings, tmp_path) -> None:
    store, by_province, summaries, provinces, common = _real(built_settings)
    cache = BuildCache(built_settings.data_dir / "cache")
    province, key = next((p, k) for p, k in provinces.items() if k and "ProgressAssessment" in (cache.part(k) or ""))
    text = cache.part(key)
    status = f"<{NQ}progressStatus>"
    broken_subject = next(line.split(" ", 1)[0] for line in text.splitlines() if f" {status} " in line)
    broken = "".join(line + "\n" for line in text.splitlines()
                     if not (line.startswith(broken_subject + " ") and f" {status} " in line))
    scratch = BuildCache(tmp_path / "cache")
    parts = []
    for name, part_key in provinces.items():
        scratch.store_part(part_key, broken if name == province else cache.part(part_key))
        parts.append(ProgressPart(name, part_key, scratch.validation_key("quick", part_key)))
    shapes = load_shapes(built_settings.ontology_dir)
    shared = [path for path in common if not path.name.endswith("graph-ontology.nq")]
    check = SharedCheck(store, frozenset(s["graph"] for s in summaries), shared, scratch, "salt", shapes, "sparql")
    found, validated = check_parts(check, parts, "")
    distinct = len({scratch.part(p.part_key) for p in parts})  # parts of the same rows (none) share a result
    assert 1 < distinct <= validated <= len(parts)
    assert found and {row["focus"] for row in found} == {broken_subject.strip("<>")}
    assert any("progressStatus" in str(row.get("path")) for row in found)
    again, validated = check_parts(check, parts, "")
    assert validated == 0 and again == found
    whole = check_parts(check, [ProgressPart(province, key, None)], "")
    assert whole[0] == found  # the part alone: the same result (cached by its exact data this time)
    shutil.copytree(tmp_path / "cache" / "parts", tmp_path / "apart" / "parts")  # the parts, no results
    apart = SharedCheck(store, check.documents, shared, BuildCache(tmp_path / "apart"), "salt", shapes, "sparql")
    assert check_parts(apart, parts, "", batch=1) == (found, distinct)  # one part per store  # each text validated once
    shutil.copytree(tmp_path / "cache" / "parts", tmp_path / "workers" / "parts")
    workers = SharedCheck(store, check.documents, shared, BuildCache(tmp_path / "workers"), "salt", shapes, "sparql")
    assert check_parts(workers, parts, "", batch=2, jobs=2)[0] == found  # two worker processes: the same results


def test_a_part_lost_from_the_cache_is_a_clear_error(built_settings: Settings, tmp_path) -> None:
    from nghiquyet.graph.errors import StoreError

    store, _, summaries, provinces, common = _real(built_settings)
    check = SharedCheck(store, frozenset(s["graph"] for s in summaries), common, BuildCache(tmp_path), "salt", None,
                        "sparql")
    province, key = next(iter(provinces.items()))
    with pytest.raises(StoreError, match="lost the progress part"):
        check_parts(check, [ProgressPart(province, key, None)], "")


def test_the_documents_subjects_elsewhere_spare_lookups_and_change_nothing(built_settings: Settings, tmp_path) -> None:
    store, _, summaries, _, common = _real(built_settings)
    docs = frozenset(s["graph"] for s in summaries)
    elsewhere = frozenset(iri for s in summaries for iri in s["elsewhere"])
    names = [line for line in json.loads((built_settings.data_dir / "current" / "MANIFEST.json").read_text(
        encoding="utf-8"))["shared"] if not line.endswith(("graph/progress", "graph/void"))]
    progress = built_settings.base_iri + "graph/progress"
    looked_up = SharedCheck(store, docs, common, BuildCache(tmp_path), "salt", None, "sparql")
    spared = SharedCheck(store, docs, common, BuildCache(tmp_path), "salt", None, "sparql", elsewhere,
                         built_settings.base_iri + "doc/")
    assert common_part(spared, names, progress) == common_part(looked_up, names, progress)
    by_graph: dict[str, set[str]] = {}
    for quad in store:  # the summaries list every IRI subject a document has outside its own IRI
        if quad.graph_name.value in docs and isinstance(quad.subject, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, set()).add(quad.subject.value)
    for summary in summaries:
        node = built_settings.base_iri + "doc/" + summary["graph"].removeprefix(built_settings.base_iri + "graph/")
        outside = {iri for iri in by_graph[summary["graph"]] if iri != node and not iri.startswith(node + "/")}
        assert set(summary["elsewhere"]) == outside

"""The cube shapes pass and fail both ways; provinces and alignments keep the definition traps."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from nghiquyet.graph.errors import ValidationFailed
from nghiquyet.graph.statistics import contribute
from nghiquyet.graph.statistics.cube import NQ, SDMX_MEASURE
from nghiquyet.graph.statistics.importer import structure_graph, validate_graphs


@pytest.fixture(scope="module")
def graphs(stats_settings):
    return contribute(stats_settings)


def _check(graphs, settings):
    validate_graphs([*graphs.values(), structure_graph(settings)], settings)


def test_built_cube_conforms(graphs, stats_settings):
    _check(graphs, stats_settings)


def _copy(graphs):
    return {key: graph + type(graph)() for key, graph in graphs.items()}


@pytest.mark.parametrize("breakage,message", [
    ("drop_value", "exactly one xsd:decimal value"),
    ("duplicate_cell", "IC-12"),
    ("sdg_exact", "never exactMatch"),
    ("bad_gso_code", "two-digit"),
])
def test_shapes_fail_on_broken_cubes(graphs, stats_settings, breakage, message):
    broken = _copy(graphs)
    cube, shared = broken["graph/statistics"], broken["graph/shared"]
    observation = next(cube.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#Observation")))
    if breakage == "drop_value":
        cube.remove((observation, SDMX_MEASURE.obsValue, None))
    elif breakage == "duplicate_cell":
        twin = URIRef(str(observation) + "-twin")
        for p, o in list(cube.predicate_objects(observation)):
            cube.add((twin, p, o))
        cube.set((twin, SDMX_MEASURE.obsValue, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    elif breakage == "sdg_exact":
        series = next(cube.subjects(RDF.type, NQ.StatisticalIndicator))
        cube.add((series, SKOS.exactMatch, URIRef("http://metadata.un.org/sdg/C150101")))
    elif breakage == "bad_gso_code":
        province = URIRef(stats_settings.base_iri + "province/lai-chau")
        shared.set((province, NQ.gsoCode, Literal("012")))
    with pytest.raises(ValidationFailed, match=message):
        _check(broken, stats_settings)


def test_provinces_are_linked_entities(graphs, stats_settings):
    shared = graphs["graph/shared"]
    base = stats_settings.base_iri
    for slug, gso, iso, wikidata in (("lai-chau", "12", "VN-01", "Q36409"), ("lang-son", "20", "VN-09", "Q33403")):
        province = URIRef(base + "province/" + slug)
        assert (province, RDF.type, NQ.Province) in shared
        assert shared.value(province, NQ.gsoCode) == Literal(gso)
        assert shared.value(province, NQ.iso3166Code) == Literal(iso)
        assert not set(shared.objects(province, OWL.sameAs))
        assert set(shared.objects(province, SKOS.exactMatch)) == {URIRef("http://www.wikidata.org/entity/" + wikidata)}
        assert {label.language for label in shared.objects(province, SKOS.prefLabel)} == {"vi", "en"}
    assert URIRef("http://www.wikidata.org/entity/Q33383") not in set(shared.objects())  # Lạng Sơn city


def _series(graphs, base, key):
    return URIRef(f"{base}statistics/indicator/{key.replace('_', '-')}")


def test_forest_cover_is_close_to_sdg_15_1_1_never_exact(graphs, stats_settings):
    base, sdg = stats_settings.base_iri, URIRef("http://metadata.un.org/sdg/C150101")
    forest = URIRef(base + "indicator/forest-cover")
    assert (forest, SKOS.closeMatch, sdg) in graphs["graph/shared"]
    assert (_series(graphs, base, "forest_cover_rate"), SKOS.exactMatch, forest) in graphs["graph/statistics"]
    for graph in graphs.values():
        assert not list(graph.triples((None, SKOS.exactMatch, sdg)))


def test_definition_traps_are_not_linked_as_equal(graphs, stats_settings):
    cube, base = graphs["graph/statistics"], stats_settings.base_iri
    exact = lambda key: set(cube.objects(_series(graphs, base, key), SKOS.exactMatch))  # noqa: E731
    trained = URIRef(base + "indicator/trained-labour-rate")
    assert exact("employed_with_qualification_rate") == set()
    assert (_series(graphs, base, "employed_with_qualification_rate"), SKOS.relatedMatch, trained) in cube
    assert exact("poverty_rate") == exact("poverty_rate_multidimensional") == set()
    assert exact("grdp_per_capita") == {URIRef(base + "indicator/grdp-per-capita")}
    assert URIRef(base + "indicator/income-per-capita") not in set(cube.objects())

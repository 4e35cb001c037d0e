"""Progress statuses (docs/progress.md): on hand-made rows, on a small store and on the build."""

from __future__ import annotations

from decimal import Decimal

import pytest

from repo_paths import PROJECT_ROOT
from nghiquyet.graph.statistics.export import CSV_COLUMNS, progress_csv
from nghiquyet.graph.statistics.progress import Quantity, assess, assess_rows
from tests.statistics.conftest import select

QUERY = (PROJECT_ROOT / "queries" / "progress.rq").read_text(encoding="utf-8")
LC, LS = "province/lai-chau", "province/lang-son"


def q(kind, value, year, *, unit="percent", province=LC, indicator="forest", comparator="=", value_max=None,
      start=None, per_year=False, status=""):
    return Quantity(kind, province, indicator, unit, Decimal(str(value)), start or year, year, comparator,
                    None if value_max is None else Decimal(str(value_max)), per_year, status)


def test_level_target_reached_early_is_achieved():
    assert assess(q("target", 54, 2025), [q("observation", 54, 2024, status="A")]).status == "achieved"


def test_trajectory_decides_on_track_at_risk_off_track():
    target, base = q("target", 65, 2025, unit="vnd_million"), q("actual", 40, 2020, unit="vnd_million")
    status = lambda v: assess(target, [base, q("observation", v, 2024, unit="vnd_million")]).status  # noqa: E731
    assert (status(60), status(55.89), status(50)) == ("on track", "at risk", "off track")


def test_range_lower_bound_forecasts_units_and_directions():
    target = q("target", 2900, 2025, unit="usd", comparator="range", value_max=3000, province=LS)
    assert assess(target, [q("observation", 2900, 2025, unit="usd", province=LS, status="E")]).status == "achieved"
    assert assess(target, [q("observation", 2900, 2025, unit="vnd_million", province=LS)]).status == "no data"
    assert assess(target, [q("observation", 2950, 2024, unit="usd", province=LS, status="F")]).status == "no data"
    going_down = q("target", 20, 2025)  # stunting "= 20 %", baseline above → lower is better
    assert assess(going_down, [q("actual", 25, 2020), q("actual", 19, 2024)]).status == "achieved"
    assert assess(q("target", 3, 2025, comparator="<"), [q("actual", 3.2, 2024)]).status == "at risk"


def test_per_year_targets_use_averages_from_the_period_start():
    target = q("target", 9, 2025, comparator="range", value_max=10, unit="percent_per_year", start=2021, per_year=True)
    average = lambda v, end: q("observation", v, end, unit="percent_per_year", start=2021)  # noqa: E731
    assert assess(target, [average(3.91, 2023)]).status == "off track"
    assert assess(target, [average(9.2, 2023)]).status == "on track"
    assert assess(target, [average(9.2, 2025)]).status == "achieved"
    assert assess(target, [q("observation", 9.5, 2024, unit="percent")]).status == "no data"


@pytest.fixture(scope="module")
def store_results(progress_store, stats_settings):
    results = assess_rows(select(progress_store, QUERY))
    base = stats_settings.base_iri
    return {(p.target.province.removeprefix(base), p.target.indicator.removeprefix(base), p.target.unit): p
            for p in results}


def test_statuses_on_the_store(store_results):
    forest = store_results[(LC, "indicator/forest-cover", "percent")]
    assert forest.status == "achieved" and forest.latest.value == 54 and forest.latest.end == 2024
    assert [p.value for p in forest.plans] == [Decimal("52.9")]
    lc_grdp = store_results[(LC, "indicator/grdp-per-capita", "vnd_million")]
    assert lc_grdp.status in {"at risk", "off track"} and lc_grdp.latest.value == Decimal("55.89")
    assert lc_grdp.baseline.value == 40 and lc_grdp.latest.status == "E"
    ls_grdp = store_results[(LS, "indicator/grdp-per-capita", "usd")]
    assert ls_grdp.status == "achieved" and ls_grdp.latest.value == 2900 and ls_grdp.baseline.value == 1917
    assert store_results[(LC, "indicator/grdp-growth", "percent_per_year")].status == "off track"
    trained = store_results[(LC, "indicator/trained-labour-rate", "percent")]
    assert trained.status == "no data"  # the 13.9 % qualified-employment rate is a different indicator


def test_province_binding_restricts_rows(progress_store, stats_settings):
    import pyoxigraph

    rows = select(progress_store, QUERY, province=pyoxigraph.NamedNode(stats_settings.base_iri + LS))
    assert rows and {r["province"].value for r in rows} == {stats_settings.base_iri + LS}


def test_csv_export(store_results):
    text = progress_csv(store_results.values())
    lines = text.split("\r\n")
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert any("forest-cover" in line and line.split(",")[-2] == "achieved" for line in lines[1:] if line)


def test_statuses_on_the_built_graph(built_settings):
    """The three cases of the brief on the real build (extraction + mapping + statistics)."""
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(built_settings.store_dir))
    results = assess_rows(select(store, QUERY))
    base = built_settings.base_iri

    def status(province, indicator, unit):
        found = [p for p in results if (p.target.province, p.target.indicator, p.target.unit) ==
                 (base + province, base + indicator, unit)]
        assert found, (province, indicator, unit)
        return {p.status for p in found}

    assert status(LC, "indicator/forest-cover", "percent") == {"achieved"}
    assert status(LC, "indicator/grdp-per-capita", "vnd_million") <= {"at risk", "off track"}
    assert status(LS, "indicator/grdp-per-capita", "usd") == {"achieved"}

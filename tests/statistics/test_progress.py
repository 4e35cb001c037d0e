"""Progress statuses (docs/progress.md): the rules on hand-made quantities, then the published
statuses and links of the real build (corpus/ + corpus/statistics)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pyoxigraph
import pytest

from repo_paths import PROJECT_ROOT
from nghiquyet.graph.statistics.assessment import quantities_from_rows, select_rows
from nghiquyet.graph.statistics.export import CSV_COLUMNS, progress_csv
from nghiquyet.graph.statistics.links import reports_on, restatements
from nghiquyet.graph.statistics.progress import Quantity, assess, is_zero_target
from nghiquyet.graph.statistics.published import published_progress
from nghiquyet.graph.statistics.units import load_units

QUERIES = PROJECT_ROOT / "queries"
UNITS = load_units(PROJECT_ROOT / "ontology")
LC, LS = "province/lai-chau", "province/lang-son"


def q(kind, value, year, *, unit="percent", province=LC, indicator="forest", comparator="=", value_max=None,
      start=None, per_year=False, status="", direction="higher", iri="", source=""):
    return Quantity(kind, province, indicator, unit, Decimal(str(value)), start or year, year, comparator,
                    None if value_max is None else Decimal(str(value_max)), per_year, status, iri=iri or
                    f"{kind}/{indicator}/{start or year}-{year}/{value}", source=source, direction=direction)


def status(target, *others):
    return assess(target, others, UNITS).status


# --- the rules ---------------------------------------------------------------------------------

def test_level_target_reached_early_is_achieved():
    assert status(q("target", 54, 2025), q("observation", 54, 2024, status="A")) == "achieved"


def test_trajectory_decides_on_track_at_risk_off_track():
    target, base = q("target", 65, 2025, unit="vnd_million"), q("actual", 40, 2020, unit="vnd_million")
    results = [assess(target, [base, q("observation", v, 2024, unit="vnd_million")], UNITS) for v in (60, 55.89, 50)]
    assert [p.status for p in results] == ["on track", "at risk", "off track"]
    assert {p.rule for p in results} == {"trajectory"} and results[1].expected == Decimal(60)


def test_direction_comes_from_the_indicator_not_the_baseline():
    # GRDP growth 9–10 %/year after 11.55 %/year: a baseline above the range does not make lower better.
    target = q("target", 9, 2025, comparator="range", value_max=10, unit="percent_per_year", start=2021, per_year=True)
    baseline = q("actual", 11.55, 2020, unit="percent_per_year", start=2016, per_year=True)
    progress = assess(target, [baseline, q("observation", 3.91, 2023, unit="percent_per_year", start=2021)], UNITS)
    assert (progress.status, progress.rule, progress.direction) == ("off track", "per-year-rate", "higher")
    assert progress.expected == Decimal("16.635")  # (5 × 9 − 3 × 3.91) / 2 still needed per year
    stunting = q("target", 20, 2025, direction="lower")  # "= 20 %" of a lower-is-better indicator
    assert status(stunting, q("actual", 25, 2020), q("actual", 19, 2024)) == "achieved"
    assert status(q("target", 20, 2025, direction="higher"), q("actual", 19, 2024)) != "achieved"


def test_per_year_targets_use_averages_and_single_years():
    target = q("target", 9, 2025, comparator="range", value_max=10, unit="percent_per_year", start=2021, per_year=True)
    average = lambda v, end: q("observation", v, end, unit="percent_per_year", start=2021)  # noqa: E731
    assert status(target, average(9.2, 2023)) == "on track"
    assert status(target, average(9.2, 2025)) == "achieved"
    assert status(target, average(6.5, 2025)) == "not achieved"
    assert status(target, q("observation", 9.5, 2024, unit="percent")) == "on track"  # one year of the rate
    assert status(target, q("observation", 9.5, 2024, unit="percent", status="F")) == "no data"  # a forecast


def test_range_bounds_units_and_forecasts():
    target = q("target", 2900, 2025, unit="usd", comparator="range", value_max=3000, province=LS)
    assert status(target, q("observation", 2900, 2025, unit="usd", province=LS, status="E")) == "achieved"
    assert status(target, q("observation", 2900, 2025, unit="vnd_million", province=LS)) == "no data"
    assert status(target, q("observation", 2950, 2024, unit="usd", province=LS, status="F")) == "no data"
    assert status(q("target", 3, 2025, comparator="<"), q("actual", 3.2, 2024)) == "at risk"


def test_units_that_are_multiples_are_converted():
    target = q("target", 3000, 2025, unit="vnd_billion", indicator="budget")
    progress = assess(target, [q("actual", 2, 2020, unit="vnd_thousand_billion", indicator="budget"),
                               q("observation", 3.1, 2024, unit="vnd_thousand_billion", indicator="budget")], UNITS)
    assert progress.status == "achieved" and progress.latest.value == Decimal(3100)
    assert progress.baseline.value == Decimal(2000) and progress.latest.unit == "vnd_billion"
    exports = q("target", 3.5, 2025, unit="usd_million", indicator="export")
    assert assess(exports, [q("observation", 3600000, 2024, unit="usd", indicator="export")], UNITS).status == "achieved"


def test_none_left_is_an_at_most_zero_target():
    """"không còn xã dưới 15 tiêu chí" = 0 communes, whatever way the indicator prefers."""
    target = q("target", 0, 2025, unit="commune", indicator="communes")
    assert is_zero_target(target)
    base = q("actual", 12, 2020, unit="commune", indicator="communes")
    results = {v: assess(target, [base, q("observation", v, 2024, unit="commune", indicator="communes")], UNITS)
               for v in (39, 3, 2, 0)}
    assert {v: p.status for v, p in results.items()} == {39: "off track", 3: "at risk", 2: "on track", 0: "achieved"}
    assert {p.rule for p in results.values()} == {"at-most-zero"} and results[39].direction == "lower"
    late = assess(target, [q("observation", 1, 2025, unit="commune", indicator="communes")], UNITS)
    assert late.status == "not achieved"
    assert not is_zero_target(q("target", 0, 2025, unit="percentage_points"))


def test_links_follow_units_periods_and_documents():
    growth = q("target", 9, 2025, comparator="range", value_max=10, unit="percent_per_year", start=2021,
               per_year=True, indicator="grdp-growth", source="doc/r")
    budget = q("target", 3, 2025, unit="vnd_thousand_billion", indicator="budget", source="doc/r")
    plans = [q("plan", 9, 2024, indicator="grdp-growth", source="doc/p"),
             q("plan", 2236, 2024, unit="vnd_billion", indicator="budget", source="doc/p"),
             q("plan", 2236, 2024, unit="usd", indicator="budget", source="doc/p"),  # not a multiple
             q("plan", 9, 2026, indicator="grdp-growth", source="doc/p"),  # after the deadline
             q("actual", 11.55, 2020, unit="percent_per_year", start=2016, per_year=True,
               indicator="grdp-growth", source="doc/r")]  # the term before
    links = reports_on(plans, [growth, budget], UNITS)
    assert links == [(plans[0].iri, growth.iri), (plans[1].iri, budget.iri)]
    restated = q("target", 3000, 2025, unit="vnd_billion", indicator="budget", source="doc/a")
    restated = Quantity(**{**restated.__dict__, "implements": ("doc/r",)})
    assert restatements([growth, budget, restated], UNITS) == [(restated.iri, budget.iri)]
    assert reports_on(plans[1:2], [budget, restated], UNITS, [(restated.iri, budget.iri)]) == [(plans[1].iri, budget.iri)]


# --- the real build ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(built_settings):
    """(store, statuses keyed by target IRI, quantities, link rows) of the session build."""
    store = pyoxigraph.Store.read_only(str(built_settings.store_dir))
    rows = {r["target"].value: r for r in select_rows(store, (QUERIES / "progress-status.rq").read_text("utf-8"))}
    quantities = quantities_from_rows(select_rows(store, (QUERIES / "progress.rq").read_text("utf-8")))
    links = select_rows(store, (QUERIES / "target-links.rq").read_text("utf-8"))
    return store, rows, quantities, links, built_settings.base_iri


def _statuses(built, province, indicator, unit):
    _, rows, quantities, _, base = built
    found = [rows[t.iri] for t in quantities if t.kind == "target" and t.iri in rows
             and (t.province, t.indicator, t.unit) == (base + province, base + "indicator/" + indicator, unit)]
    assert found, (province, indicator, unit)
    return found


def test_every_target_is_assessed_once(built):
    _, rows, quantities, _, _ = built
    targets = {q.iri for q in quantities if q.kind == "target"}
    assert targets and targets <= set(rows)


def test_lai_chau_growth_budget_poverty_and_forest_on_the_build(built):
    growth, = _statuses(built, LC, "grdp-growth", "percent_per_year")
    assert (growth["status"].value, growth["rule"].value, growth["latestValue"].value) == ("off track", "per-year-rate", "3.91")
    budget, = _statuses(built, LC, "state-budget-revenue", "vnd_billion")
    assert budget["status"].value != "no data" and budget["latestValue"].value == "2365"
    assert budget["baselineValue"].value == "2000" and budget["rule"].value == "trajectory"
    poverty, = _statuses(built, LC, "poverty-rate-reduction", "percentage_points_per_year")
    assert (poverty["status"].value, poverty["latestValue"].value) == ("on track", "3.4")
    forest = _statuses(built, LC, "forest-cover", "percent")
    assert {r["status"].value for r in forest} == {"achieved"}
    ls_income, = _statuses(built, LS, "grdp-per-capita", "usd")
    assert ls_income["status"].value == "achieved" and ls_income["baselineValue"].value == "1917"
    trained = _statuses(built, LC, "trained-labour-rate", "percent")
    assert {r["status"].value for r in trained} == {"no data"}  # the 13.9 % qualified-employment rate is another series


def test_no_target_of_none_left_is_achieved_without_a_zero(built):
    _, rows, quantities, _, _ = built
    by_iri = {q.iri: q for q in quantities}
    zero = [t for t in quantities if t.kind == "target" and "không còn" in t.quote]
    assert zero, "the corpus states 'không còn xã dưới 15 tiêu chí'"
    for target in zero:
        row = rows[target.iri]
        evidence = [by_iri[iri] for iri in row["evidence"].value.split()] if row.get("evidence") else []
        if row["status"].value == "achieved":
            assert row["latestValue"].value == "0" and any(e.value == 0 for e in evidence), target.iri
        assert row["direction"].value == "lower" and row["rule"].value in {"at-most-zero", "no-data"}


def test_every_2024_plan_value_links_to_the_target_of_its_indicator(built):
    """Each 2024 plan value whose indicator the resolution targets (compatible unit) reports on it."""
    _, _, quantities, links, base = built
    linked = {(r["report"].value, r["target"].value) for r in links if r["link"].value.endswith("#reportsOn")}
    plans = [p for p in quantities if p.kind == "plan" and p.end == 2024 and p.province == base + LC]
    targets = [t for t in quantities if t.kind == "target" and t.source == base + "doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv"]
    assert len(plans) >= 15
    expected = set(reports_on(plans, targets, UNITS))
    assert expected and expected <= linked
    def compatible(plan, target):
        return (UNITS.factor(plan.unit, target.unit) is not None
                or (target.per_year and UNITS.yearly_form(target.unit) == plan.unit))

    for plan in plans:
        if any(t.indicator == plan.indicator and compatible(plan, t) for t in targets):
            assert any(report == plan.iri for report, _ in linked), plan.iri
    money = [p for p in plans if p.unit == "vnd_billion"]
    assert money and all(any(report == p.iri for report, _ in linked) for p in money)


def test_published_statuses_are_what_the_pages_read(built):
    store, rows, quantities, links, base = built
    results = published_progress(quantities, rows.values(), links, UNITS)
    growth = next(p for p in results if p.target.indicator == base + "indicator/grdp-growth" and p.target.province == base + LC)
    assert growth.status == "off track" and growth.latest.value == Decimal("3.91")
    assert any(plan.value == 9 and plan.end == 2024 for plan in growth.plans)
    lines = list(csv.reader(io.StringIO(progress_csv(results))))
    assert tuple(lines[0]) == CSV_COLUMNS
    assert any(line[1].endswith("/forest-cover") and line[-2] == "achieved" for line in lines[1:])


def test_every_reason_is_given_in_vietnamese_and_english(built):
    store, rows, quantities, links, base = built
    assert rows and all(r.get("reason") is not None and r.get("reasonVi") is not None for r in rows.values())
    results = published_progress(quantities, rows.values(), links, UNITS)
    growth = next(p for p in results if p.target.indicator == base + "indicator/grdp-growth" and p.target.province == base + LC)
    # 3.91 %/yr over 2021–2023 against 9 %/yr: Vietnamese writes the decimal comma, English the point
    assert growth.reason_in("en").startswith("3.91 per year (2021–2023) is 57% short of 9 per year")
    assert growth.reason_in("vi").startswith("3,91 mỗi năm (2021–2023) thấp hơn 57% so với mức 9 mỗi năm")
    revenue = next(p for p in results if p.target.indicator == base + "indicator/state-budget-revenue"
                   and p.target.province == base + LC and p.status == "off track")
    assert "2.365" in revenue.reason_in("vi") and "2365" in revenue.reason_in("en")

"""Every shipped query returns, on the graph, the rows a user expects (content, not counts)."""

from __future__ import annotations

from typing import Any

from support import BASE, fold

from nghiquyet.graph.named_queries.formats import records
from nghiquyet.graph.named_queries.params import bind
from nghiquyet.graph.named_queries.runner import run_page

LAI_CHAU, LANG_SON = BASE + "province/lai-chau", BASE + "province/lang-son"
ACTION_PROGRAMME = BASE + "doc/lang-son-2020-chuong-trinh-hanh-dong-xvii"


def rows(selector, queries, name: str, **raw: str) -> list[dict[str, Any]]:
    query = queries[name]
    page = run_page(selector, query, bind(query, raw, base_iri=BASE), page=1, per_page=1000)
    assert not page.has_next
    return records(page)


def forest_indicator(selector, queries) -> str:
    found = [r for r in rows(selector, queries, "indicators") if fold(r["label_vi"] or "") == "ty le che phu rung"]
    assert found, "no indicator labelled 'Tỷ lệ che phủ rừng'"
    return found[0]["indicator"]


def test_indicator_comparison_puts_lai_chau_54_and_lang_son_65_side_by_side(selector, queries) -> None:
    result = rows(selector, queries, "indicator-comparison", indicator=forest_indicator(selector, queries), kind="target")
    seen = {(r["province_name"], float(r["value"]), r["year"], r["unit"]) for r in result}
    assert ("Lai Châu", 54.0, "2025", "percent") in seen
    assert ("Lạng Sơn", 65.0, "2025", "percent") in seen
    assert {r["term"] for r in result} == {"2020-2025"}
    assert all(r["kind"] == "target" and r["comparator"] == "=" for r in result)


def test_indicators_counts_provinces_and_documents(selector, queries) -> None:
    forest = [r for r in rows(selector, queries, "indicators") if fold(r["label_vi"] or "") == "ty le che phu rung"][0]
    assert forest["provinces"] == 2 and forest["documents"] >= 3 and forest["quantities"] >= forest["documents"]


def test_quantities_of_a_province_with_kind_comparator_range_and_quote(selector, queries) -> None:
    result = rows(selector, queries, "quantities", province="province/lai-chau")
    assert {r["province"] for r in result} == {LAI_CHAU}
    forest = [r for r in result if r["kind"] == "target" and fold(r["indicator_label"] or "") == "ty le che phu rung"]
    assert forest and float(forest[0]["value"]) == 54 and forest[0]["year"] == "2025" and forest[0]["quote"] == "54%"
    growth = [r for r in result if r["comparator"] == "range" and r["unit"] == "percent_per_year"]
    assert any(float(r["value"]) == 9 and float(r["value_max"]) == 10 and r["year"] == "2021-2025" for r in growth)
    assert {"target", "plan", "actual"} <= {r["kind"] for r in result}


def test_quantities_filters_by_kind_and_year(selector, queries) -> None:
    plans = rows(selector, queries, "quantities", province="province/lai-chau", kind="plan", in_year="2024")
    assert plans and all(r["kind"] == "plan" and "2024" in r["year"] for r in plans)
    assert any(float(r["value"]) == 52.9 and r["unit"] == "percent" for r in plans)


def test_programmes_of_the_action_programme_with_objectives_tasks_and_breakthroughs(selector, queries) -> None:
    result = rows(selector, queries, "programmes", document=ACTION_PROGRAMME)
    objectives = [r for r in result if r["item_kind"] == "objective"]
    assert any(r["programme_number"] == "2" and "65%" in (r["item_text"] or "") for r in objectives)
    assert any(r["item_kind"] == "task" and r["programme"] for r in result)
    breakthroughs = [r for r in result if r["item_kind"] == "breakthrough"]
    assert breakthroughs and all(r["programme"] is None for r in breakthroughs)
    assert any("hạ tầng" in (r["item_text"] or "") for r in breakthroughs)


def test_body_responsibilities_lead_of_programme_5(selector, queries) -> None:
    result = rows(selector, queries, "body-responsibilities", role="lead", province="province/lang-son")
    assert all(r["role"] == "lead" and r["province"] == LANG_SON for r in result)
    board = [r for r in result if fold(r["body_name"] or "").startswith("ban to chuc tinh uy")]
    assert board and any(r["assigned_to"].endswith("/programme/5") for r in board)


def test_programme_bodies_lists_lead_before_coordinators(selector, queries) -> None:
    result = rows(selector, queries, "programme-bodies", programme=ACTION_PROGRAMME + "/programme/5")
    assert result[0]["role"] == "lead" and fold(result[0]["body_name"]).startswith("ban to chuc tinh uy")
    assert "coordinate" in {r["role"] for r in result}


def test_target_progress_pairs_targets_with_plans_of_the_same_indicator(selector, queries) -> None:
    result = rows(selector, queries, "target-progress", province="province/lai-chau",
                  indicator=forest_indicator(selector, queries))
    pairs = {(float(r["target_value"]), r["report_kind"], r["report_value"] and float(r["report_value"])) for r in result}
    assert (54.0, "plan", 52.9) in pairs


def test_search_finds_words_with_and_without_diacritics(selector, queries) -> None:
    plain = rows(selector, queries, "search", q="che phu rung")
    accented = rows(selector, queries, "search", q="Che phủ rừng")
    assert {r["resource"] for r in plain} == {r["resource"] for r in accented}
    assert any(r["kind"] == "Indicator" for r in plain)
    assert all("che phu rung" in fold(r["snippet"]) for r in plain)


def test_documents_lists_both_provinces(selector, queries) -> None:
    result = rows(selector, queries, "documents")
    assert {r["province"] for r in result} == {LAI_CHAU, LANG_SON}
    assert {"CongressResolution", "ActionProgramme"} <= {r["kind"] for r in result}
    assert [r["document"] for r in rows(selector, queries, "documents", province="province/lang-son")
            if r["kind"] == "ActionProgramme"] == [ACTION_PROGRAMME]

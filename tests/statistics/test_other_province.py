"""A build of the corpus plus documents of other provinces: their targets meet the national figures.

The fixture texts (tests/fixtures/other-province/) are written for this test: a 2020–2025
resolution of the former Bình Định, and a 2025–2030 resolution of the Gia Lai formed on 1 July
2025 from the former Gia Lai and Bình Định.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "other-province"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from nghiquyet.graph.build import build_dataset
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copytree(PROJECT_ROOT / "corpus", corpus, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    for path in FIXTURES.iterdir():
        shutil.copy(path, corpus / path.name)
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("data"), corpus_dir=corpus)
    build_dataset(settings)
    app = create_app(settings, test_config={"TESTING": True})
    yield app.test_client(), settings
    get_store(app).close()


def test_the_other_provinces_targets_are_judged_from_the_national_figures(client) -> None:
    from nghiquyet.server.progress import province_progress

    test_client, settings = client
    with test_client.application.test_request_context("/progress/binh-dinh"):
        _, results = province_progress("binh-dinh")
    judged = {p.target.indicator.rsplit("/", 1)[-1]: p for p in results}
    assert {"grdp-growth", "state-budget-revenue"} <= set(judged)
    revenue = judged["state-budget-revenue"]
    assert revenue.status != "no data", revenue
    assert revenue.latest is not None and str(revenue.latest.value) == "13828"   # Bình Định 2023, vietnamnet.vn
    page = test_client.get("/progress/binh-dinh?lang=en").get_data(as_text=True)
    assert "13828" in page


def test_a_merged_province_is_resolved_and_shows_its_former_provinces_figures(client) -> None:
    test_client, settings = client
    page = test_client.get("/indicators/state-budget-revenue?lang=vi").get_data(as_text=True)
    row = page.split('data-province="' + settings.base_iri + 'province/gia-lai-2025"', 1)[1].split("</tr>", 1)[0]
    assert "Số liệu của các tỉnh cũ" in row
    assert "13828" in row                    # the former Bình Định's 2023 revenue, labelled as the former unit's
    assert "40000" in row                    # the new Gia Lai's 2030 target beside it
    growth = test_client.get("/indicators/grdp-growth?lang=en").get_data(as_text=True)
    row = growth.split('data-province="' + settings.base_iri + 'province/gia-lai-2025"', 1)[1].split("</tr>", 1)[0]
    assert "7.61" in row and "Sum of the former provinces" not in row   # rates are never summed
    assert "Rates of former provinces are neither summed nor averaged." in row


def test_progress_reads_only_the_preferred_of_disagreeing_sources(client) -> None:
    from nghiquyet.graph.named_queries.loader import query_text
    from nghiquyet.server.store import get_store

    test_client, settings = client
    with test_client.application.app_context():
        rows = get_store().select(query_text("progress", settings.queries_dir))
    from nghiquyet.graph.statistics.national import DATASET

    national = [r for r in rows if r["kind"].value == "observation"
                and r["quantity"].value.startswith(f"{settings.base_iri}statistics/{DATASET}/")]
    seen: dict[tuple, set[str]] = {}
    for r in national:
        seen.setdefault((r["province"].value, r["indicator"].value, r["periodEnd"].value), set()).add(r["quantity"].value)
    assert national and all(len(found) == 1 for found in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    # Thanh Hóa 2024 GRDP growth is published by two sources that disagree; one of them is preferred
    thanh_hoa = [k for k in seen if k[0].endswith("/thanh-hoa") and k[1].endswith("/grdp-growth") and k[2] == "2024"]
    assert thanh_hoa

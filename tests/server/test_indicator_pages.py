"""The indicator page and its named query on the real build: every province with a figure is listed."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client(built_settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings, test_config={"TESTING": True})
    yield app.test_client(), built_settings
    get_store(app).close()


def _provinces_with_figures(client, indicator: str) -> set[str]:
    from nghiquyet.server.store import get_store

    test_client, settings = client
    rows = get_store(test_client.application).select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX nq: <https://w3id.org/nghiquyet/ontology#> "
        "PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> "
        "PREFIX qb: <http://purl.org/linked-data/cube#> "
        f"SELECT DISTINCT ?p WHERE {{ ?s skos:exactMatch <{settings.base_iri}indicator/{indicator}> . "
        "?o a qb:Observation ; nq:statisticalIndicator ?s ; sdmx-dimension:refArea ?p }")  # published figures
    return {r["p"].value for r in rows}


@pytest.mark.parametrize("indicator", ["grdp-growth", "state-budget-revenue", "poverty-rate"])
def test_the_page_lists_every_province_with_a_figure(client, indicator) -> None:
    test_client, settings = client
    provinces = _provinces_with_figures(client, indicator)
    assert len(provinces) >= 5
    page = test_client.get(f"/indicators/{indicator}").get_data(as_text=True)
    for province in provinces:
        assert f'data-province="{province}"' in page, province


def test_disagreeing_sources_are_shown_side_by_side(client) -> None:
    test_client, settings = client
    page = test_client.get("/indicators/grdp-growth?lang=en").get_data(as_text=True)
    row = page.split(f'data-province="{settings.base_iri}province/nam-dinh"', 1)[1].split("</tr>", 1)[0]
    assert "6.97" in row and "5.5" in row and "other source" in row


def test_targets_sit_beside_the_figures(client) -> None:
    test_client, settings = client
    page = test_client.get("/indicators/grdp-growth?lang=en").get_data(as_text=True)
    row = page.split(f'data-province="{settings.base_iri}province/lai-chau"', 1)[1].split("</tr>", 1)[0]
    assert 'class="target"' in row and 'class="figure"' in row


def test_the_named_query_is_served_with_the_indicator_bound(client) -> None:
    test_client, settings = client
    response = test_client.get("/api/indicator-figures", query_string={"indicator": settings.base_iri + "indicator/forest-cover"},
                               headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "observation" in body and "target" in body


@pytest.mark.parametrize("path", ["/indicators/no-such-thing", "/indicators/%3Cscript%3E"])
def test_unknown_indicator_is_404(client, path) -> None:
    test_client, _ = client
    response = test_client.get(path)
    assert response.status_code == 404 and "<script" not in response.get_data(as_text=True)

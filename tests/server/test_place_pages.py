"""Province pages of the real build show validity, predecessors, successor and the change events."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client(built_settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings, test_config={"TESTING": True})
    yield app.test_client()
    get_store(app).close()


def _lineage(page: str) -> str:
    assert 'id="lineage"' in page
    return page.split('id="lineage"', 1)[1].split("</section>", 1)[0]


def test_a_merged_province_shows_its_predecessors(client) -> None:
    page = client.get("/id/province/gia-lai-2025?lang=vi").get_data(as_text=True)
    section = _lineage(page)
    assert "Có hiệu lực từ" in section and "2025-07-01" in section
    assert section.count('class="predecessor"') == 2
    assert "/id/province/gia-lai" in section and "/id/province/binh-dinh" in section
    assert "202/2025/QH15" in section and "/id/change/province/2025/gia-lai-2025" in section


def test_a_former_province_shows_its_successor(client) -> None:
    page = client.get("/id/province/binh-dinh?lang=en").get_data(as_text=True)
    section = _lineage(page)
    assert "Valid until" in section and "2025-06-30" in section
    assert 'class="successor"' in section and "/id/province/gia-lai-2025" in section


def test_an_unchanged_province_says_so(client) -> None:
    section = _lineage(client.get("/id/province/lai-chau?lang=en").get_data(as_text=True))
    assert 'class="retained"' in section and "successor" not in section


def test_other_pages_have_no_lineage(client) -> None:
    page = client.get("/id/body/lai-chau/tinh-uy").get_data(as_text=True)
    assert 'id="lineage"' not in page

"""/id pages that answer questions, on the real build: a target's value, source and progress; a
programme's bodies with their roles and each quote once; a body's responsibilities; incoming links
grouped by kind, the important kinds first; a document's source."""

from __future__ import annotations

import re

import pyoxigraph
import pytest

BASE = "https://w3id.org/nghiquyet/id/"
LAI_CHAU_FOREST = "doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv/quantity/2-3-2-2-forest-cover"
LANG_SON_FOREST = "doc/lang-son-2020-nghi-quyet-dai-hoi-xvii/quantity/1-4-16-16-forest-cover"
GRDP_PER_CAPITA = "doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv/quantity/2-3-1-1-grdp-per-capita"
ACTION = "doc/lang-son-2020-chuong-trinh-hanh-dong-xvii"
PROGRAMME_5 = ACTION + "/programme/5"
LEAD_BODY = "body/lang-son/ban-to-chuc-tinh-uy"


@pytest.fixture(scope="module")
def site(built_settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings, test_config={"TESTING": True})
    yield app
    get_store(app).close()


def page(site, path: str, lang: str = "vi", **args: str) -> str:
    response = site.test_client().get(path, query_string={"lang": lang, **args})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    return html[start:html.index("</section>", start)]


def published(site, province: str) -> dict[str, str]:
    from nghiquyet.server.html import settings
    from nghiquyet.server.store import get_store

    with site.app_context():
        query = (settings().queries_dir / "progress-status.rq").read_text(encoding="utf-8")
        rows = get_store().select(query, bindings={"province": pyoxigraph.NamedNode(BASE + "province/" + province)})
    return {row["target"].value: row["status"].value for row in rows}


def test_a_targets_page_answers_indicator_value_period_document_quote(site) -> None:
    vi = section(page(site, f"/id/{LAI_CHAU_FOREST}"), "answer")
    assert 'href="/id/indicator/forest-cover"' in vi and 'href="/indicators/forest-cover"' in vi
    assert '<dd class="value">54 %</dd>' in vi and '<dd class="period">2025</dd>' in vi
    assert 'href="/id/doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv"' in vi
    assert "Tỷ lệ che phủ rừng <mark>54%</mark>" in vi  # the sentence around the quote
    assert re.search(r'href="/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv\?start=\d+&amp;end=\d+#hl"', vi)
    en = section(page(site, f"/id/{LAI_CHAU_FOREST}", "en"), "answer")
    assert '<dd class="value">54 percent</dd>' in en and "Forest cover rate" in en


def test_a_targets_page_shows_its_published_progress_and_links_to_the_progress_page(site) -> None:
    status = published(site, "lai-chau")[BASE + LAI_CHAU_FOREST]
    html = page(site, f"/id/{LAI_CHAU_FOREST}", "en")
    progress = html[html.index('id="progress"'):]
    assert f'data-status="{status}"' in progress and status == "achieved"
    assert "latest figure 54 percent (2024)" in progress
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart"' in progress
    assert "<title>target 54 by 2025</title>" in progress
    anchor = re.search(r'href="/progress/lai-chau#(t-[^"]+)"', progress).group(1)
    assert f'id="{anchor}"' in page(site, "/progress/lai-chau")
    vi = page(site, f"/id/{LAI_CHAU_FOREST}", "vi")
    assert "đã đạt" in vi and "<title>mục tiêu 54 vào 2025</title>" in vi and "52,9 %" in vi


def test_a_target_without_data_says_so_and_draws_no_chart(site) -> None:
    assert published(site, "lang-son")[BASE + LANG_SON_FOREST] == "no data"
    html = page(site, f"/id/{LANG_SON_FOREST}", "en")
    progress = html[html.index('id="progress"'):]
    assert "No actual figure for this target yet." in progress and "progress-chart" not in progress


def test_units_are_words_never_codes(site) -> None:
    for lang, word in (("vi", "triệu đồng"), ("en", "million VND")):
        html = page(site, f"/id/{GRDP_PER_CAPITA}", lang)
        answer = section(html, "answer")
        assert word in answer and "vnd_million" not in answer


def test_a_programmes_page_names_its_bodies_with_roles_and_quotes_each_once(site) -> None:
    html = page(site, f"/id/{PROGRAMME_5}")
    bodies = html[html.index('id="bodies"'):html.index("</section>", html.index('id="bodies"'))]
    rows = re.findall(r'<tr data-role="(\w+)"><td class="body"><a href="([^"]+)"[^>]*>([^<]+)</a></td>'
                      r'<td class="role">([^<]+)</td>', bodies)
    assert [r[0] for r in rows] == ["Lead"] + ["Coordinate"] * 5
    assert rows[0][2] == "Ban Tổ chức Tỉnh ủy" and rows[0][3] == "chủ trì"
    assert {r[2] for r in rows[1:]} >= {"Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"}
    assert all(r[3] == "phối hợp" for r in rows[1:]) and all(r[1].startswith("/id/body/") for r in rows)
    sentence = "Giao Ban Tổ chức Tỉnh uỷ chủ trì, phối hợp với"
    assert html.count(sentence) == 1  # one quote, referred to from every row
    assert bodies.count('href="#quote-1"') == 6
    en = page(site, f"/id/{PROGRAMME_5}", "en")
    assert '<td class="role">lead</td>' in en and '<td class="role">coordinate</td>' in en


def test_a_bodys_page_lists_what_it_leads(site) -> None:
    html = page(site, f"/id/{LEAD_BODY}", "en")
    assigned = section(html, "assigned")
    assert 'data-role="Lead"' in assigned and f'href="/id/{PROGRAMME_5}"' in assigned


def test_incoming_links_are_grouped_important_kinds_first(site) -> None:
    html = page(site, f"/id/{ACTION}", "en")
    incoming = html[html.index('id="incoming"'):]
    kinds = re.findall(r'data-kind="([^"]+)"', incoming)
    assert kinds[0] == "nq-WorkProgramme-nq-statedIn" and kinds[-1].startswith("oa-SpecificResource")
    first = incoming[:incoming.index("</section>")]
    assert all(f'href="/id/{ACTION}/programme/{n}"' in first for n in range(1, 6))
    assert "Referenced by (301)" in incoming
    more = [m.replace("&amp;", "&") for m in re.findall(r'<a class="more" href="([^"]+)"', incoming)]
    assert any("kind=nq-Task-nq-statedIn" in m for m in more)  # 28 tasks: the first 20 shown
    assert any("kind=oa-SpecificResource-oa-hasSource" in m for m in more)
    whole = page(site, f"/id/{ACTION}", "en", kind="oa-SpecificResource-oa-hasSource", per_page="50")
    assert "Page 1 of 3 (148 items)" in whole and 'rel="next"' in whole
    client = site.test_client()
    assert client.get(f"/id/{ACTION}?kind=no-such-kind").status_code == 404
    assert client.get(f"/id/{ACTION}?page=2").status_code == 404


def test_a_document_page_says_where_it_was_published(site) -> None:
    html = page(site, f"/id/{ACTION}", "en")
    assert 'id="document-source"' in html
    line = html[html.index('id="document-source"'):].split("</p>", 1)[0]
    assert "Báo Lạng Sơn" in line and "baolangson.vn" in line

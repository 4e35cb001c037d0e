"""The site on the real build: one header everywhere, styled error pages, CORS and JSON-LD on /id,
whole-word search and the indicators page."""

from __future__ import annotations

import json
import re

import pyoxigraph
import pytest
import rdflib
import rdflib.compare

BASE = "https://w3id.org/nghiquyet/id/"
PAGES = ["/", "/query", "/api", "/progress", "/progress/lai-chau", "/network", "/search?q=r%E1%BB%ABng",
         "/dumps/", "/.well-known/void", "/id/province/lai-chau", "/indicators", "/indicators/forest-cover"]
FEATURES = ["/progress", "/indicators", "/network", "/query", "/api", "/ontology", "/dumps/", "/.well-known/void"]


@pytest.fixture(scope="module")
def site(built_settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings, test_config={"TESTING": True})
    yield app.test_client()
    get_store(app).close()


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_has_the_header_with_features_search_and_languages(site, path: str, lang: str) -> None:
    response = site.get(path + ("&" if "?" in path else "?") + "lang=" + lang, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    page = _html(response)
    assert f'<html lang="{lang}">' in page
    header = page.split('<header class="site">', 1)[1].split("</header>", 1)[0]
    for href in FEATURES:
        assert f'href="{href}' in header, (path, href)
    assert 'role="search"' in header and 'action="/search"' in header and 'name="q"' in header
    other = "en" if lang == "vi" else "vi"
    assert f'hreflang="{other}"' in header


def test_unknown_pages_get_a_styled_page_for_browsers_and_text_for_others(site) -> None:
    browser = site.get("/no/such/page", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 404 and browser.mimetype == "text/html"
    assert 'class="error-page"' in _html(browser) and '<header class="site">' in _html(browser)
    assert site.get("/no/such/page?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True).count("Not found") >= 1
    plain = site.get("/no/such/page", headers={"Accept": "*/*"})
    assert plain.status_code == 404 and plain.mimetype == "text/plain"
    bad = site.get("/search?q=rừng&page=<b>", headers={"Accept": "text/html"})
    assert bad.status_code == 400 and bad.mimetype == "text/html" and "<b>" not in _html(bad)


def test_id_answers_carry_cors_headers_preflight_included(site) -> None:
    for path in ("/id/province/lai-chau", "/id/province/lai-chau.ttl", "/id/no-such-thing"):
        response = site.get(path)
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
        assert "Link" in response.headers.get("Access-Control-Expose-Headers", ""), path
    preflight = site.options("/id/province/lai-chau", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("path", ["/id/province/lai-chau.jsonld", "/ontology.jsonld"])
def test_json_ld_has_a_context_and_says_the_same_as_turtle(site, path: str) -> None:
    document = json.loads(site.get(path).data)
    assert "@graph" in document and {"rdf", "skos"} <= set(document["@context"])
    keys = {key for node in document["@graph"] for key in node}
    assert any(":" in key for key in keys) and not any(key.startswith(("http://", "https://")) for key in keys)
    from_jsonld = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    turtle = site.get(path.replace(".jsonld", ".ttl")).data.decode("utf-8")
    from_turtle = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(from_jsonld) == len(from_turtle) > 0
    assert rdflib.compare.isomorphic(from_jsonld, from_turtle)


def _search(site, q: str) -> list[dict[str, str]]:
    response = site.get("/api/search", query_string={"q": q, "format": "records", "per_page": 1000})
    assert response.status_code == 200
    return response.json["results"] if isinstance(response.json, dict) else response.json


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_search_matches_whole_words_only(site) -> None:
    from nghiquyet.graph.text import strip_accents

    forest = _search(site, "rừng")
    assert forest and all("rừng" in _words(row["snippet"]) for row in forest)
    plain = _search(site, "rung")
    assert {r["resource"] for r in plain} == {r["resource"] for r in forest}
    assert all("rung" in _words(strip_accents(row["snippet"])) for row in plain)
    assert not any("trung" in _words(strip_accents(row["snippet"])) and "rung" not in _words(strip_accents(row["snippet"]))
                   for row in plain)
    centre = _search(site, "Trung ương")
    assert centre and all(" trung ương " in " " + " ".join(_words(r["snippet"])) + " " for r in centre)


def test_search_ranks_exact_then_diacritic_exact_then_folded(site) -> None:
    rows = _search(site, "chủ trì")
    order = {"exact": 0, "word": 1, "folded": 2}
    ranks = [order[r["match"]] for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert rows[0]["snippet"].lower() == "chủ trì"
    assert {r["match"] for r in _search(site, "chu tri")} <= {"folded", "exact", "word"}
    hoa = _search(site, "rung")
    assert all(r["match"] == "folded" for r in hoa)


def test_the_search_page_marks_the_words_and_escapes(site) -> None:
    page = _html(site.get("/search", query_string={"q": "rừng", "lang": "en"}))
    assert "<mark>rừng</mark>" in page and 'data-match="word"' in page
    assert "Tỷ lệ che phủ <mark>rừng</mark>" in page
    evil = _html(site.get("/search", query_string={"q": "<script>x</script>"}))
    assert "<script>x" not in evil and "&lt;script&gt;x" in evil


def test_indicators_page_puts_both_provinces_values_side_by_side(site) -> None:
    page = _html(site.get("/indicators", query_string={"lang": "en"}))
    row = page.split(f'data-indicator="{BASE}indicator/forest-cover"', 1)[1].split("</tr>", 1)[0]
    assert "shared" in page.split(f'data-indicator="{BASE}indicator/forest-cover"', 1)[0].rsplit("<tr", 1)[1]
    assert "54 percent" in row and "65 percent" in row and "(2025)" in row
    assert 'href="/indicators/forest-cover"' in row
    vi = _html(site.get("/indicators", query_string={"lang": "vi"}))
    assert "vnd_million" not in vi and "54 %" in vi

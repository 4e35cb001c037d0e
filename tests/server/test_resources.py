"""Linked data: dereferencing, content negotiation, caching, paging, provenance, escaping, source view."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest

from nghiquyet.graph.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "dataset.trig"
BASE = "https://w3id.org/nghiquyet/id/"
DOC = "doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv"
QUANTITY = DOC + "/quantity/2-3-1-toc-do-tang-truong-grdp-9"
BODY = "body/lai-chau/ban-to-chuc-tinh-uy"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def fixture_store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture()
def kg_app(tmp_path: Path):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    settings = Settings.from_env(data_dir=tmp_path, page_size=2)
    return create_app(settings, store=OxigraphStore.from_store(fixture_store(), settings), test_config={"TESTING": True})


@pytest.fixture()
def kg(kg_app):
    return kg_app.test_client()


def fixture_text() -> str:
    rows = list(fixture_store().query(
        "SELECT ?t WHERE { GRAPH ?g { ?d <https://w3id.org/nghiquyet/ontology#text> ?t } }"))
    return rows[0]["t"].value


CONNEG = [
    # (path suffix, Accept, status, content type)
    ("", BROWSER_ACCEPT, 200, "text/html"),
    ("", None, 200, "text/html"),
    ("", "*/*", 200, "text/html"),
    ("", "text/turtle", 200, "text/turtle"),
    ("", "application/ld+json", 200, "application/ld+json"),
    ("", "application/n-triples", 200, "application/n-triples"),
    ("", "application/rdf+xml", 200, "application/rdf+xml"),
    ("", "text/turtle;q=0.5, application/ld+json;q=0.9", 200, "application/ld+json"),
    ("", "application/rdf+xml;q=0.2, text/turtle", 200, "text/turtle"),
    ("", "image/png", 406, "text/plain"),
    (".ttl", BROWSER_ACCEPT, 200, "text/turtle"),
    (".jsonld", None, 200, "application/ld+json"),
    (".nt", "text/html", 200, "application/n-triples"),
    (".rdf", None, 200, "application/rdf+xml"),
    (".html", "text/turtle", 200, "text/html"),
]


@pytest.mark.parametrize("suffix, accept, status, content_type", CONNEG)
def test_content_negotiation(kg, suffix, accept, status, content_type):
    headers = {"Accept": accept} if accept is not None else {}
    response = kg.get(f"/id/{QUANTITY}{suffix}", headers=headers)
    assert response.status_code == status
    assert response.mimetype == content_type
    if status == 200:
        assert "Accept" in response.headers.get("Vary", "")
        assert response.headers.get("ETag")


@pytest.mark.parametrize("fmt, media_type", [
    (pyoxigraph.RdfFormat.TURTLE, "text/turtle"),
    (pyoxigraph.RdfFormat.JSON_LD, "application/ld+json"),
    (pyoxigraph.RdfFormat.N_TRIPLES, "application/n-triples"),
    (pyoxigraph.RdfFormat.RDF_XML, "application/rdf+xml"),
])
def test_rdf_representations_parse_and_describe_the_resource(kg, fmt, media_type):
    response = kg.get(f"/id/{QUANTITY}", headers={"Accept": media_type})
    triples = [quad.triple for quad in pyoxigraph.parse(response.data, fmt)]
    subject = pyoxigraph.NamedNode(BASE + QUANTITY)
    value = pyoxigraph.NamedNode("https://w3id.org/nghiquyet/ontology#value")
    assert any(t.subject == subject and t.predicate == value for t in triples)
    derived = pyoxigraph.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert pyoxigraph.Triple(subject, derived, pyoxigraph.NamedNode(BASE + QUANTITY + "/source")) in triples
    body = [quad.triple for quad in pyoxigraph.parse(kg.get(f"/id/{BODY}", headers={"Accept": media_type}).data, fmt)]
    assert any(t.object == pyoxigraph.NamedNode(BASE + BODY) for t in body)  # incoming links are included


def test_alternate_links_advertised(kg):
    link = kg.get(f"/id/{QUANTITY}").headers["Link"]
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert f"/id/{QUANTITY}.{ext}>" in link


def test_etag_and_304(kg):
    first = kg.get(f"/id/{QUANTITY}", headers={"Accept": "text/turtle"})
    etag = first.headers["ETag"]
    again = kg.get(f"/id/{QUANTITY}", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other_format = kg.get(f"/id/{QUANTITY}", headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other_format.status_code == 200
    html_vi = kg.get(f"/id/{QUANTITY}", headers={"Accept": "text/html"}).headers["ETag"]
    html_en = kg.get(f"/id/{QUANTITY}?lang=en", headers={"Accept": "text/html"}).headers["ETag"]
    assert len({etag, html_vi, html_en}) == 3


def test_etag_follows_dataset_version(kg_app):
    client = kg_app.test_client()
    etag = client.get(f"/id/{QUANTITY}.ttl").headers["ETag"]
    kg_app.extensions["nghiquyet.store"]._generation += 1  # what an update does to the version
    assert client.get(f"/id/{QUANTITY}.ttl", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("path", ["/id/nothing/here", "/id/nothing/here.ttl", "/id/%3Cscript%3E", "/source/nope"])
def test_unknown_iri_is_404_without_echo(kg, path):
    response = kg.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "nothing" not in response.get_data(as_text=True) and "<script" not in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers
    plain = kg.get(path, headers={"Accept": "text/turtle"})
    assert plain.status_code == 404 and plain.mimetype == "text/plain"


def test_html_page_shows_labels_types_properties_and_provenance(kg):
    page = kg.get(f"/id/{QUANTITY}").get_data(as_text=True)
    assert "Tốc độ tăng trưởng GRDP" in page  # label of the indicator (a link)
    assert 'href="/id/indicator/toc-do-tang-truong-grdp"' in page
    assert ">chỉ tiêu<" in page  # the type, by its Vietnamese label
    assert "<q>9-10%/năm</q>" in page  # the quoted source text
    assert re.search(r'href="/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv\?start=\d+&amp;end=\d+#hl"', page)


def test_language_switch(kg):
    vi = kg.get(f"/id/{BODY}").get_data(as_text=True)
    assert "<h1>Ban Tổ chức Tỉnh ủy</h1>" in vi and "Thuộc tính" in vi
    en = kg.get(f"/id/{BODY}?lang=en").get_data(as_text=True)
    assert "<h1>Organisation Board of the Provincial Party Committee</h1>" in en and "Properties" in en
    by_header = kg.get(f"/id/{BODY}", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert "Properties" in by_header
    kg.get("/?lang=en")  # remembered in a cookie
    assert "Properties" in kg.get(f"/id/{BODY}").get_data(as_text=True)


def test_literal_with_markup_is_escaped(kg):
    response = kg.get(f"/id/{BODY}")
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in page


def test_csp_on_html_responses(kg):
    for path in (f"/id/{BODY}", f"/source/{DOC.removeprefix('doc/')}", "/id/missing"):
        csp = kg.get(path, headers={"Accept": "text/html"}).headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_incoming_links_are_grouped_and_a_group_is_paged(kg):
    first = kg.get("/id/province/lai-chau").get_data(as_text=True)  # page_size=2, 6 incoming links
    section = first.split('id="incoming"')[1]
    assert "(6)" in section.split("</h2>")[0]
    kinds = re.findall(r'data-kind="([^"]+)"', section)
    assert kinds[0] == "nq-Target-nq-province"  # targets before bodies
    more = re.search(r'<a class="more" href="([^"]+)"', section).group(1).replace("&amp;", "&")
    assert "kind=nq-Target-nq-province" in more
    group = kg.get("/id/province/lai-chau?kind=nq-Target-nq-province&lang=en").get_data(as_text=True)
    assert "Page 1 of 2 (3 items)" in group and 'rel="next"' in group and 'rel="prev"' not in group
    last = kg.get("/id/province/lai-chau?kind=nq-Target-nq-province&page=2&lang=en").get_data(as_text=True)
    assert "Page 2 of 2 (3 items)" in last and 'rel="prev"' in last and 'rel="next"' not in last
    items = set()
    for page in (1, 2):
        body = kg.get(f"/id/province/lai-chau?kind=nq-Target-nq-province&page={page}").get_data(as_text=True)
        items |= set(re.findall(r'<li><a href="(/id/[^"]+)"', body.split('id="incoming"')[1]))
    assert len(items) == 3
    assert kg.get("/id/province/lai-chau?kind=nq-Target-nq-province&page=9").status_code == 404
    assert kg.get("/id/province/lai-chau?kind=nope").status_code == 404
    assert kg.get("/id/province/lai-chau?page=abc").status_code == 400
    assert "Trang 1 / 1" in kg.get("/id/province/lai-chau?kind=nq-Target-nq-province&per_page=50&lang=vi").get_data(as_text=True)


def test_incoming_links_carry_provenance_once(kg):
    page = kg.get(f"/id/{BODY}").get_data(as_text=True)
    assert page.count("<q>Ban Tổ chức Tỉnh ủy chủ trì</q>") == 1  # in the assignments panel, not again below


def test_document_page_links_to_full_text(kg):
    page = kg.get(f"/id/{DOC}").get_data(as_text=True)
    assert 'href="/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv"' in page
    assert "toàn văn" in page


def test_source_view_highlights_span_escaped(kg):
    text = fixture_text()
    start = text.index("9-10%/năm")
    end = start + len("9-10%/năm")
    response = kg.get(f"/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv?start={start}&end={end}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<mark id="hl">9-10%/năm</mark>' in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page and '<script>alert("x")' not in page
    assert "Content-Security-Policy" in response.headers


def test_source_view_span_is_exact(kg):
    """Every provenance link on every page points at a span whose text is the quote."""
    text = fixture_text()
    for path in (f"/id/{QUANTITY}", f"/id/{BODY}", "/id/province/lai-chau?per_page=50"):
        page = kg.get(path).get_data(as_text=True)
        for quote, start, end in re.findall(
                r"<q>([^<]*)</q>\s*<footer>\s*<a href=\"/source/[^?]+\?start=(\d+)&amp;end=(\d+)#hl\"", page):
            assert text[int(start):int(end)] == quote.replace("&#34;", '"')


@pytest.mark.parametrize("query, status", [("start=5&end=2", 200), ("start=0&end=999999", 200), ("start=x&end=1", 400)])
def test_source_view_bad_spans(kg, query, status):
    response = kg.get(f"/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv?{query}")
    assert response.status_code == status
    if status == 200:
        assert "<mark" not in response.get_data(as_text=True)


def test_configurable_base_iri(tmp_path):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    base = "http://example.org/kg/id/"
    store = pyoxigraph.Store()
    store.load(FIXTURE.read_bytes().replace(BASE.encode(), base.encode()), format=pyoxigraph.RdfFormat.TRIG)
    settings = Settings.from_env(data_dir=tmp_path, base_iri=base)
    client = create_app(settings, store=OxigraphStore.from_store(store, settings)).test_client()
    page = client.get(f"/id/{BODY}").get_data(as_text=True)
    assert f"<code>{base}{BODY}</code>" in page
    turtle = client.get(f"/id/{BODY}.ttl").get_data(as_text=True)
    assert base in turtle and BASE not in turtle


# ------------------------------------------------------------------------------- the real build


@pytest.fixture(scope="module")
def built(built_settings):
    """A client over the session build of corpus/."""
    from nghiquyet.server.app import create_app

    settings = built_settings
    app = create_app(settings, test_config={"TESTING": True})
    yield app.test_client(), settings
    from nghiquyet.server.store import get_store

    get_store(app).close()


def test_built_home_lists_every_document(built):
    client, settings = built
    page = client.get("/").get_data(as_text=True)
    documents = len(list(settings.corpus_dir.glob("*.yaml")))
    assert page.split('id="documents"')[1].split("</table>")[0].count("<tr>") - 1 == documents


def test_built_quotes_match_the_source_text(built):
    """On a real quantity page, every quote's span is exactly that text in the source document."""
    from nghiquyet.server.store import get_store

    client, settings = built
    store = get_store(client.application)
    rows = store.select("PREFIX nq: <https://w3id.org/nghiquyet/ontology#> "
                        "SELECT ?q WHERE { ?q a nq:Target } ORDER BY ?q LIMIT 5")
    assert rows
    checked = 0
    for row in rows:
        path = row["q"].value.removeprefix(settings.base_iri)
        page = client.get(f"/id/{path}").get_data(as_text=True)
        for quote, doc_id, start, end in re.findall(
                r"<q>([^<]*)</q>\s*<footer>\s*<a href=\"/source/([^?]+)\?start=(\d+)&amp;end=(\d+)#hl\"", page):
            source = client.get(f"/source/{doc_id}?start={start}&end={end}").get_data(as_text=True)
            assert re.search(r'<mark id="hl">([^<]*)</mark>', source).group(1) == quote
            checked += 1
    assert checked >= len(rows)
    turtle = client.get(f"/id/{path}.ttl")
    assert turtle.status_code == 200 and list(pyoxigraph.parse(turtle.data, pyoxigraph.RdfFormat.TURTLE))
    assert client.get("/.well-known/void", headers={"Accept": "text/turtle"}).status_code == 200

"""People-facing pages: home, query editor, dumps, VoID, ontology; CSP and escaping."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph
import pytest

from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "dataset.trig"
VOID = """@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nghiquyet/id/dataset> a void:Dataset ;
  dcterms:title "nghiquyet <b>test</b>"@en ;
  void:triples 230 ;
  void:sparqlEndpoint <https://w3id.org/nghiquyet/sparql> ;
  void:dataDump <https://w3id.org/nghiquyet/dumps/dataset.trig> .
"""
ONTOLOGY = """@prefix nq: <https://w3id.org/nghiquyet/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nghiquyet/ontology> a owl:Ontology ; dcterms:title "nghiquyet ontology"@en ;
  owl:versionIRI <https://w3id.org/nghiquyet/ontology/0.1.0> ;
  dcterms:description "Evil </script><script>alert(1)</script> text"@en .
nq:Target a owl:Class ; rdfs:label "target"@en, "chỉ tiêu"@vi ; rdfs:comment "A stated <b>target</b>."@en .
nq:value a owl:DatatypeProperty ; rdfs:label "value"@en ; rdfs:domain nq:Target .
"""
EXAMPLE = """#+ summary: Targets with their values </script><script>alert(1)</script>
#+ description: Every nq:Target and its value.
#+ columns: [target, value]
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
SELECT ?target ?value WHERE { ?target a nq:Target ; nq:value ?value } ORDER BY ?value
"""


@pytest.fixture()
def site(tmp_path: Path):
    """Settings with dumps (void.ttl), an ontology and one example query, all under ``tmp_path``."""
    dumps = tmp_path / "data" / "current" / "dumps"
    dumps.mkdir(parents=True)
    (dumps / "void.ttl").write_text(VOID, encoding="utf-8")
    (dumps / "graph-shared.ttl").write_text("<http://a/s> <http://a/p> <http://a/o> .\n", encoding="utf-8")
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    (ontology / "nghiquyet.ttl").write_text(ONTOLOGY, encoding="utf-8")
    queries = tmp_path / "queries"
    (queries / "pages").mkdir(parents=True)
    for page_query in (PROJECT_ROOT / "queries" / "pages").glob("*.rq"):
        (queries / "pages" / page_query.name).write_bytes(page_query.read_bytes())
    (queries / "targets.rq").write_text(EXAMPLE, encoding="utf-8")
    return Settings.from_env(data_dir=tmp_path / "data", ontology_dir=ontology, queries_dir=queries)


@pytest.fixture()
def pages(site: Settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    return create_app(site, store=OxigraphStore.from_store(store, site), test_config={"TESTING": True}).test_client()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_summarises_the_dataset(pages):
    response = pages.get("/")
    page = text(response)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert 'href="/id/doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv"' in page
    assert 'href="/source/lai-chau-2020-nghi-quyet-dai-hoi-xiv"' in page
    assert 'href="/id/province/lai-chau"' in page and ">Lai Châu<" in page
    counts = dict(re.findall(r"<code class=\"muted\">(nq:\w+)</code></td><td class=\"num\">(\d+)</td>", page))
    assert counts["nq:Target"] == "3" and counts["nq:KeyProgramme"] == "1" and counts["nq:Assignment"] == "1"
    for href in ("/query", "/dumps/", "/.well-known/void", "/ontology"):
        assert f'href="{href}"' in page
    assert "Targets with their values &lt;/script&gt;" in page  # example query summary, escaped
    assert "<script>alert" not in page


def test_home_in_english_and_conditional(pages):
    response = pages.get("/?lang=en")
    assert "<h2>Source documents</h2>" in text(response) and 'lang="en"' in text(response)
    assert pages.get("/?lang=en", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_query_page_has_editor_examples_and_no_inline_script(pages):
    response = pages.get("/query")
    page = text(response)
    assert '<textarea id="query"' in page and 'src="/static/query.js"' in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    for attributes, body in scripts:
        assert 'type="application/json"' in attributes or (body.strip() == "" and "src=" in attributes)
    data = re.search(r'<script type="application/json" id="example-data">(.*?)</script>', page, re.S).group(1)
    examples = json.loads(data)
    assert examples[0]["name"] == "targets" and "nq:Target" in examples[0]["text"]
    assert "</script>" not in data  # tojson escapes '<'


def test_query_permalink_prefills_escaped(pages):
    page = text(pages.get("/query", query_string={"query": "SELECT * { ?s ?p '</textarea><script>x()</script>' }"}))
    assert "&lt;/textarea&gt;&lt;script&gt;x()" in page and "<script>x()" not in page


@pytest.mark.parametrize("path", ["/", "/query", "/dumps/", "/.well-known/void"])
def test_csp_everywhere(pages, path):
    response = pages.get(path, headers={"Accept": "text/html"})
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_assets_are_local(pages):
    for asset in ("style.css", "query.js", "source.js"):
        with pages.get(f"/static/{asset}") as response:
            assert response.status_code == 200
            assert "http://" not in text(response) and "https://" not in text(response)


def test_dumps_listing_and_files(pages):
    page = text(pages.get("/dumps/"))
    assert 'href="/dumps/void.ttl"' in page and 'href="/dumps/graph-shared.ttl"' in page
    with pages.get("/dumps/graph-shared.ttl") as response:
        assert response.status_code == 200 and response.mimetype == "text/turtle"
        etag = response.headers["ETag"]
    with pages.get("/dumps/graph-shared.ttl", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    assert pages.get("/dumps/../ontology/nghiquyet.ttl").status_code == 404
    assert pages.get("/dumps/missing.ttl").status_code == 404


def test_dumps_empty_when_not_built(tmp_path, site):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    settings = replace(site, data_dir=tmp_path / "empty")
    client = create_app(settings, store=OxigraphStore.from_store(pyoxigraph.Store(), settings)).test_client()
    assert client.get("/dumps/").status_code == 200
    assert client.get("/.well-known/void", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/.well-known/void", headers={"Accept": "text/html"}).status_code == 404


@pytest.mark.parametrize("accept, status, media_type", [
    ("text/turtle", 200, "text/turtle"),
    (None, 200, "text/turtle"),
    ("application/ld+json", 200, "application/ld+json"),
    ("application/n-triples", 200, "application/n-triples"),
    ("text/html", 200, "text/html"),
    ("image/png", 406, "text/plain"),
])
def test_void_conneg(pages, accept, status, media_type):
    response = pages.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == status and response.mimetype == media_type
    if status == 200:
        assert "Accept" in response.headers["Vary"]
    if media_type == "text/html":
        page = text(response)
        assert "nghiquyet &lt;b&gt;test&lt;/b&gt;" in page
        assert 'href="/sparql"' in page and 'href="/dumps/dataset.trig"' in page


@pytest.mark.parametrize("path, accept, media_type", [
    ("/ontology", "text/html", "text/html"),
    ("/ontology", "text/turtle", "text/turtle"),
    ("/ontology", "application/rdf+xml", "application/rdf+xml"),
    ("/ontology.ttl", "text/html", "text/turtle"),
    ("/ontology.jsonld", None, "application/ld+json"),
    ("/ontology.html", "text/turtle", "text/html"),
])
def test_ontology_conneg(pages, path, accept, media_type):
    response = pages.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == media_type


def test_ontology_documentation_is_safe_bilingual_and_cached(pages):
    response = pages.get("/ontology?lang=en")
    page = text(response)
    assert '<html lang="en">' in page and 'class="site"' in page  # the site header, like every page
    assert "https://w3id.org/nghiquyet/ontology#Target" in page
    assert 'id="Target"' in page and 'id="value"' in page  # /ontology#Target and #value land
    assert re.search(r'<span lang="en">target</span> <small class="other-label" lang="vi">chỉ tiêu</small>', page)
    assert "Evil &lt;/script&gt;&lt;script&gt;alert(1)" in page and "<script>alert(1)" not in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert pages.get("/ontology?lang=en", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    vietnamese = text(pages.get("/ontology?lang=vi"))
    assert '<html lang="vi">' in vietnamese and '<span lang="vi">chỉ tiêu</span>' in vietnamese
    assert "Lớp" in vietnamese and "Classes" not in vietnamese


def test_real_ontology_documents(site):
    """The project's own ontology renders."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    settings = replace(site, ontology_dir=PROJECT_ROOT / "ontology")
    client = create_app(settings, store=OxigraphStore.from_store(pyoxigraph.Store(), settings)).test_client()
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "Target" in text(response)
    assert client.get("/ontology", headers={"Accept": "text/turtle"}).status_code == 200


def test_errors_do_not_echo_input_as_html(pages):
    response = pages.get("/id/%3Cimg%20src%3Dx%3E", headers={"Accept": "text/html"})
    assert response.status_code == 404 and "<img" not in text(response)
    bad = pages.get("/id/province/lai-chau?page=%3Cb%3E", headers={"Accept": "text/html"})
    assert bad.status_code == 400 and bad.mimetype == "text/html" and "<b>" not in text(bad)
    assert 'class="error-page"' in text(bad) and "page" in text(bad)

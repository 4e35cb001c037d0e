"""``/api``: formats, pagination links, errors, hostile parameters on every query, OpenAPI."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from pathlib import Path

import pytest

from nghiquyet.graph.named_queries.loader import load_queries
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("nq_support", PROJECT_ROOT / "tests/named_queries/support.py")
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)  # type: ignore[union-attr]

QUERIES = load_queries(PROJECT_ROOT / "queries")
HOSTILE = [
    '"', "'", ">", "<script>", "{", "}", "\\u0022", "\\u003E", "a\nb", "a\rb", "\t", "} ; DROP ALL",
    '" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "<http://x> } UNION { ?s ?p ?o }", "?s", "$x", "#",
    "x" * 5000, "12abc", "-", "1e400", "2025-01", "💥", "%00", "https://w3id.org/nghiquyet/id/x y",
]


@pytest.fixture(scope="module")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings.from_env(data_dir=tmp_path_factory.mktemp("api"), page_size=100, max_page_size=50)


@pytest.fixture(scope="module")
def api_client(request: pytest.FixtureRequest, api_settings: Settings):
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore

    store, _origin = support.graph_store(request)
    if _origin == "build":
        store = support.memory_copy(store)
    app = create_app(api_settings, store=OxigraphStore.from_store(store, api_settings), test_config={"TESTING": True})
    return app.test_client()


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="(\w+)"', response.headers.get("Link", ""))}


def page_of(url: str) -> int:
    return int(re.search(r"[?&]page=(\d+)", url).group(1))


def test_formats_by_query_argument_and_accept(api_client) -> None:
    url = "/api/indicator-comparison?indicator=indicator/forest-cover&kind=target"
    sparql = api_client.get(url)
    assert sparql.status_code == 200 and sparql.mimetype == "application/sparql-results+json"
    assert sparql.json["head"]["vars"][:3] == ["indicator", "indicator_name", "province"]
    records = api_client.get(url + "&format=records").json
    assert {(r["province_name"], r["value"]) for r in records} >= {("Lai Châu", 54), ("Lạng Sơn", 65)}
    as_csv = api_client.get(url, headers={"Accept": "text/csv"})
    assert as_csv.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
    assert {(r["province_name"], float(r["value"])) for r in table} >= {("Lai Châu", 54.0), ("Lạng Sơn", 65.0)}
    assert api_client.get(url, headers={"Accept": "image/png"}).status_code == 406
    assert api_client.get(url + "&format=xml").status_code == 406


def test_pagination_links_are_complete_and_consistent(api_client) -> None:
    everything, url = [], "/api/quantities?format=records&per_page=50"
    while url:  # walk every page: the real corpus has more rows than one page holds
        response = api_client.get(url)
        everything += response.json
        url = links(response).get("next")
    total = len(everything)
    assert total >= 3
    first = api_client.get("/api/quantities?format=records&per_page=2&province=province/lai-chau")
    lai_chau = [r for r in everything if r["province"].endswith("/lai-chau")]
    last_page = -(-len(lai_chau) // 2)
    got = links(first)
    assert page_of(got["first"]) == 1 and "prev" not in got
    assert page_of(got["last"]) == last_page and first.headers["X-Total-Count"] == str(len(lai_chau))
    assert "province=" in got["next"] and "format=records" in got["next"]
    seen, url = [], "/api/quantities?format=records&per_page=2&province=province/lai-chau"
    while url:
        response = api_client.get(url)
        seen += [r["quantity"] for r in response.json]
        url = links(response).get("next")
    assert seen == [r["quantity"] for r in lai_chau]
    last = api_client.get(got["last"])
    assert "next" not in links(last) and page_of(links(last)["prev"]) == last_page - 1
    beyond = api_client.get("/api/quantities?format=records&per_page=2&page=999&province=province/lai-chau")
    assert beyond.json == [] and page_of(links(beyond)["last"]) == last_page


@pytest.mark.parametrize("args", ["per_page=51", "per_page=0", "page=0", "page=x", "per_page=-1", "nope=1",
                                  "province=a&province=b"])
def test_bad_paging_unknown_and_repeated_parameters_are_400(api_client, args: str) -> None:
    response = api_client.get(f"/api/quantities?{args}")
    assert response.status_code == 400 and response.is_json
    name = re.match(r"(\w+)=", args).group(1)
    assert name in response.json["message"]


def test_required_parameter_missing_is_400_naming_it(api_client) -> None:
    response = api_client.get("/api/indicator-comparison")
    assert response.status_code == 400 and "'indicator'" in response.json["message"]


def test_unknown_query_is_404(api_client) -> None:
    assert api_client.get("/api/no-such-query").status_code == 404


def test_etag_gives_304(api_client) -> None:
    response = api_client.get("/api/documents")
    again = api_client.get("/api/documents", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


CASES = [(q.name, p.name) for q in QUERIES.values() for p in q.parameters]


@pytest.mark.parametrize(("query_name", "parameter"), CASES, ids=[f"{q}-{p}" for q, p in CASES])
def test_hostile_values_are_refused_or_inert(api_client, query_name: str, parameter: str) -> None:
    query = QUERIES[query_name]
    text_before = query.text
    base = {p.name: p.example for p in query.parameters if p.required and p.name != parameter}
    shape = api_client.get(f"/api/{query_name}", query_string={**base, parameter: query.parameter(parameter).example or "x"})
    assert shape.status_code in (200, 400)
    for value in HOSTILE:
        response = api_client.get(f"/api/{query_name}", query_string={**base, parameter: value})
        assert response.status_code in (200, 400), (value, response.get_data(as_text=True))
        assert response.is_json
        if response.status_code == 400:
            assert f"'{parameter}'" in response.json["message"]
        else:
            assert response.json["head"]["vars"] == list(query.variables)
    assert QUERIES[query_name].text == text_before


def test_openapi_document_is_valid_and_lists_every_query(api_client) -> None:
    from openapi_spec_validator import validate

    document = api_client.get("/api/openapi.json").json
    validate(document)
    assert document["openapi"].startswith("3.1")
    for name, query in QUERIES.items():
        operation = document["paths"][f"/api/{name}"]["get"]
        declared = {p["name"]: p for p in operation["parameters"] if "name" in p}
        for parameter in query.parameters:
            assert declared[parameter.name]["required"] == parameter.required
            if parameter.values:
                assert declared[parameter.name]["schema"]["enum"] == list(parameter.values)
        content = operation["responses"]["200"]["content"]
        assert {"application/sparql-results+json", "application/json", "text/csv"} <= set(content)
        example = content["application/sparql-results+json"]["examples"]["example"]["externalValue"]
        assert api_client.get(example).status_code == 200, example


def test_documentation_page_lists_every_query_with_a_form(api_client) -> None:
    response = api_client.get("/api")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in html and "onclick" not in html
    for name in QUERIES:
        assert f'data-query="{name}"' in html


def test_the_documentation_page_in_both_languages(api_client) -> None:
    """/api?lang=vi is Vietnamese (<html lang="vi">, every query's summary from queries/api-vi.yaml),
    /api?lang=en English; the Vietnamese wording names only parameters and columns the queries have."""
    from nghiquyet.server.api import named_queries
    from markupsafe import escape

    from nghiquyet.server.api_docs import translations
    from repo_paths import PROJECT_ROOT

    table = translations(PROJECT_ROOT / "queries")
    with api_client.application.app_context():
        queries = named_queries()
    for name, query in queries.items():
        entry = table[name]
        assert entry["summary"] and entry["description"], name
        assert set(entry.get("parameters") or {}) <= {p.name for p in query.parameters}, name
        assert set(entry.get("columns") or {}) <= {c.name for c in query.columns}, name
    vi = api_client.get("/api?lang=vi").get_data(as_text=True)
    en = api_client.get("/api?lang=en").get_data(as_text=True)
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    for name, query in queries.items():
        assert str(escape(table[name]["summary"])) in vi and str(escape(query.summary)) in en
    for english in ("Try it", "Result columns", "Example:", ">Run<", ">required<"):
        assert english not in vi
    assert "Chạy thử" in vi and "Try it" in en

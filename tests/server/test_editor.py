"""The query editor's server side on the real build: examples in both languages, term completion,
labels for result IRIs, the page's CSP nonce, and the vendored editor with its licences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from nghiquyet.graph.errors import ConfigError
from nghiquyet.server.editor import DOWNLOADS, fold, match_rank
from nghiquyet.server.editor_examples import load_examples
from repo_paths import PROJECT_ROOT

NQ = "https://w3id.org/nghiquyet/ontology#"
STATIC = PROJECT_ROOT / "server" / "static"


@pytest.fixture(scope="module")
def editor_app(built_settings):
    """The app over the session build of corpus/."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import get_store

    app = create_app(built_settings, test_config={"TESTING": True})
    yield app
    get_store(app).close()


@pytest.fixture()
def client(editor_app):
    return editor_app.test_client()


def test_examples_name_every_named_query_with_both_titles():
    entries = yaml.safe_load((PROJECT_ROOT / "queries" / "examples.yaml").read_text(encoding="utf-8"))
    named = {path.stem for path in (PROJECT_ROOT / "queries").glob("*.rq")}
    assert named <= {entry.get("query") for entry in entries}
    for entry in entries:
        assert entry["vi"].strip() and entry["en"].strip() and entry["vi"] != entry["en"]


def test_every_example_answers_on_the_real_build(editor_app):
    from nghiquyet.server.store import get_store

    examples = load_examples(PROJECT_ROOT / "queries")
    assert len(examples) >= 18
    with editor_app.app_context():
        store = get_store()
        for example in examples:
            graph = re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", example.text, re.M | re.I)
            body, _ = store.execute(example.text, result_format="application/n-triples" if graph else "text/csv")
            lines = body.decode("utf-8").strip().splitlines()
            assert len(lines) >= (1 if graph else 2), f"example {example.name} gave no rows"


def test_required_parameters_are_bound_to_their_examples():
    example = next(e for e in load_examples(PROJECT_ROOT / "queries") if e.name == "search")
    assert re.search(r'WHERE \{\n  VALUES \?q \{ "che phu rung" \}\n', example.text)
    comparison = next(e for e in load_examples(PROJECT_ROOT / "queries") if e.name == "indicator-comparison")
    assert "VALUES ?indicator { <https://w3id.org/nghiquyet/id/indicator/forest-cover> }" in comparison.text


@pytest.mark.parametrize("lang, title", [("vi", "Các văn bản đã công bố"), ("en", "The published documents")])
def test_query_page_titles_examples_in_its_language(client, lang, title):
    page = client.get(f"/query?lang={lang}").get_data(as_text=True)
    assert f'<option value="documents">{title}</option>' in page


@pytest.mark.parametrize("content, problem", [
    ("- {query: documents, vi: Văn bản}\n", "no title in en"),
    ("- {query: nothing, vi: a, en: b}\n", "no named query 'nothing'"),
    ("- {name: x, vi: a, en: b}\n", "give 'query'"),
    ("- {query: documents, vi: a, en: b, colour: red}\n", "an example is a mapping"),
    ("query: documents\n", "expected a list"),
])
def test_a_broken_examples_file_is_named(tmp_path: Path, content, problem):
    (tmp_path / "documents.rq").write_text((PROJECT_ROOT / "queries" / "documents.rq").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    (tmp_path / "examples.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(problem)):
        load_examples(tmp_path)


def test_query_page_lets_only_its_nonce_styles_through(client):
    first, second = client.get("/query"), client.get("/query")
    nonce = re.search(r'<meta name="nq-style-nonce" content="([^"]+)">', first.get_data(as_text=True)).group(1)
    csp = first.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'nonce-{nonce}'" in csp and "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert second.headers["Content-Security-Policy"] != csp and first.headers["Cache-Control"] == "no-store"


def test_permalink_marks_the_page_to_run(client):
    assert 'data-run="1"' in client.get("/query", query_string={"query": "ASK {}"}).get_data(as_text=True)
    assert 'data-run="0"' in client.get("/query").get_data(as_text=True)


def test_download_links_cover_every_format_of_both_query_forms(client):
    page = client.get("/query").get_data(as_text=True)
    for kind, formats in DOWNLOADS:
        for name, media_type, extension, _ in formats:
            assert f'id="download-{extension}" data-format="{name}"' in page
            assert f'data-type="{media_type}" download="results.{extension}"' in page
    assert {kind for kind, _ in DOWNLOADS} == {"results", "graph"}


def test_complete_offers_the_classes_and_properties_of_a_namespace(client):
    items = client.get("/query/complete", query_string={"ns": NQ, "local": "ta", "lang": "en"}).get_json()["items"]
    by_local = {item["local"]: item for item in items}
    assert by_local["Target"]["kind"] == "class" and by_local["Target"]["iri"] == NQ + "Target"
    assert all(item["local"].lower().startswith("ta") for item in items)
    assert [item["kind"] for item in items] == sorted(item["kind"] for item in items)  # classes first
    properties = client.get("/query/complete", query_string={"ns": NQ, "local": "indic"}).get_json()["items"]
    assert {"indicator", "indicatorLabel"} <= {item["local"] for item in properties}


def test_complete_finds_resources_by_label_words(client):
    items = client.get("/query/complete", query_string={"q": "rừng"}).get_json()["items"]
    assert items and all("rừng" in fold(item["label"]) or "rung" in fold(item["label"]) for item in items)
    assert "indicator/forest-cover" in " ".join(item["iri"] for item in items)
    plain = client.get("/query/complete", query_string={"q": "rung"}).get_json()["items"]
    assert plain and not any("trung" in fold(item["label"]).split() for item in plain)


def test_complete_ranks_exact_then_diacritic_exact_matches():
    assert match_rank("Lạng Sơn", "Lạng Sơn") == 0
    assert match_rank("lạng", "Lạng Sơn") == 1
    assert match_rank("sơn", "tỉnh Lạng Sơn") == 2
    assert match_rank("lang son", "Lạng Sơn") == 3
    assert match_rank("rung", "tập trung") is None and match_rank("rung", "Trung ương") is None
    assert match_rank("hoà", "Hòa Bình") == 1  # tone-mark placement never counts
    assert match_rank("hoa binh", "Hòa Bình") == 3


@pytest.mark.parametrize("query, problem", [
    ({}, "give either 'ns'"),
    ({"q": "r"}, "at least 2 letters"),
    ({"q": "x" * 101}, "longer than 100"),
    ({"ns": NQ, "local": "y" * 101}, "longer than 100"),
])
def test_complete_refuses_bad_input(client, query, problem):
    response = client.get("/query/complete", query_string=query, headers={"Accept": "application/json"})
    assert response.status_code == 400 and problem in response.get_json()["message"]


def test_labels_name_result_iris_in_the_interface_language(client):
    iris = ["https://w3id.org/nghiquyet/id/province/lang-son", NQ + "Target", "https://example.org/none"]
    vi = client.post("/query/labels?lang=vi", json={"iris": iris}).get_json()["labels"]
    en = client.post("/query/labels?lang=en", json={"iris": iris}).get_json()["labels"]
    assert vi[iris[0]] == "Lạng Sơn" and iris[2] not in vi
    assert vi[NQ + "Target"] != en[NQ + "Target"]


@pytest.mark.parametrize("body, problem", [
    ({"iri": "x"}, "the body must be JSON"),
    ({"iris": ["x"] * 2001}, "at most 2000"),
    ({"iris": [3]}, "every IRI must be a string"),
])
def test_labels_refuse_bad_input(client, body, problem):
    response = client.post("/query/labels", json=body, headers={"Accept": "application/json"})
    assert response.status_code == 400 and problem in response.get_json()["message"]


def test_vendored_editor_ships_with_its_licences_and_recipe():
    bundle = (STATIC / "vendor" / "editor.js").read_text(encoding="utf-8")
    assert bundle.startswith('"use strict";var NQEditor=') or "var NQEditor=" in bundle[:200]
    licences = (STATIC / "vendor" / "editor.LICENSES.txt").read_text(encoding="utf-8")
    lock = (PROJECT_ROOT / "tools" / "editor" / "package-lock.json").read_text(encoding="utf-8")
    for package in ("@codemirror/view", "@codemirror/legacy-modes", "@codemirror/autocomplete", "@lezer/highlight",
                    "style-mod"):
        assert f"{package} " in licences and f'"node_modules/{package}"' in lock
    assert "MIT License" in licences or "Permission is hereby granted" in licences
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"static/**/*"' in pyproject and '"*.yaml"' in pyproject  # vendor/ and examples.yaml are package data
    assert "tools/editor/build.sh" in (PROJECT_ROOT / "docs" / "vendor.md").read_text(encoding="utf-8")
